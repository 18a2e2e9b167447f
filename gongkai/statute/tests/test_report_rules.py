"""The annual-report rules, table-driven over small edits of a consistent report."""

import copy
import datetime as dt

import pytest

from gongkai.statute.reports import FORMAT_2019, FORMAT_2021, check, format_for_year
from gongkai.statute.reports.formats import empty_report
from gongkai.statute.reports.narrative import claims, parts_exceeding_wholes


def consistent(fmt=FORMAT_2021, year=2024) -> dict:
    r = empty_report(fmt, year=year, agency="某镇人民政府")
    for row in fmt.proactive:
        r["proactive"][row.key] = {k: ("0" if k in row.money else 0) for k, _ in row.cells}
    req = r["requests"]
    req["new"] = [3, 1, 0, 0, 1, 0, 5]
    req["carried_in"] = [1, 0, 0, 0, 0, 0, 1]
    req["granted"] = [2, 1, 0, 0, 0, 0, 3]
    req["partial"] = [1, 0, 0, 0, 1, 0, 2]
    req["total"] = [3, 1, 0, 0, 1, 0, 5]
    req["carried_out"] = [1, 0, 0, 0, 0, 0, 1]
    r["remedies"]["reconsideration"] = [1, 0, 0, 1, 2]
    r["sections"] = {
        "一": "本年新收政府信息公开申请5件。",
        "二": "",
        "三": "",
        "四": "",
        "五": "无",
        "六": "本年度未收取信息处理费。",
    }
    return r


def codes(report, **kw):
    return sorted({f.code for f in check(report, **kw)})


def test_a_consistent_report_has_no_findings():
    assert codes(consistent()) == []
    assert codes(consistent(FORMAT_2019, 2020)) == []


@pytest.mark.parametrize(
    ("edit", "code"),
    [
        (lambda r: r["requests"]["new"].__setitem__(0, 4), "requests.balance"),
        (lambda r: r["requests"]["granted"].__setitem__(6, 4), "requests.row_total"),
        (lambda r: r["requests"]["partial"].__setitem__(4, 0), "requests.outcome_total"),
        (lambda r: r["remedies"]["reconsideration"].__setitem__(4, 3), "remedies.total"),
        (lambda r: r["proactive"]["penalty"].__setitem__("decisions", None), "cell.blank"),
        (lambda r: r["proactive"]["penalty"].__setitem__("decisions", -1), "cell.negative"),
        (lambda r: r["proactive"]["fees"].__setitem__("amount_wan", "-0.5"), "cell.negative"),
        (lambda r: r["sections"].__setitem__("五", None), "section.missing"),
        (lambda r: r["sections"].__setitem__("一", "本年新收政府信息公开申请7件。"), "narrative.mismatch"),
        (lambda r: r.__setitem__("format", "2019"), "format.version"),
    ],
)
def test_each_rule_fires_on_its_error(edit, code):
    report = copy.deepcopy(consistent())
    edit(report)
    assert code in codes(report)


def test_2019_change_cells_may_be_negative():
    r = consistent(FORMAT_2019, 2020)
    r["proactive"]["penalty"]["change"] = -8
    assert codes(r) == []


def test_cross_year_rules():
    last, now = consistent(year=2023), consistent()
    last["requests"]["carried_out"] = [2, 0, 0, 0, 0, 0, 2]
    last["proactive"]["normative_documents"] = {"issued": 1, "repealed": 0, "in_force": 10}
    now["proactive"]["normative_documents"] = {"issued": 2, "repealed": 1, "in_force": 12}
    assert {"carryover.mismatch", "in_force.drift"} <= set(codes(now, previous=last))
    now["proactive"]["normative_documents"]["in_force"] = 11
    last["requests"]["carried_out"] = [1, 0, 0, 0, 0, 0, 1]
    assert codes(now, previous=last) == []


def test_fees_must_be_reported_in_section_six():
    r = consistent()
    r["sections"]["六"] = "无其他需要报告的事项。"
    assert codes(r, fees_collected=True) == ["fees.unreported"]
    assert codes(r, fees_collected=False) == []


@pytest.mark.parametrize(
    ("due", "published", "late"),
    [
        ("01-31", dt.date(2025, 1, 31), False),
        ("01-31", dt.date(2025, 2, 1), True),
        ("03-31", dt.date(2025, 3, 31), False),
    ],
)
def test_publication_deadline(due, published, late):
    assert ("publication.late" in codes(consistent(), published_on=published, report_due=due)) is late


def test_seed_narrative_contradictions_are_found():
    text = (
        "1.主动公开情况：2020年主动公开政府信息数99件。主动公开规范性文件2件。重点领域公开政府信息数0条。"
        "其中，主动公开财政预算决算数2条。2.依申请公开办理情况：2020年度我镇无依申请公开事项。"
    )
    assert ("normative_documents", 2) in {(c.what, c.value) for c in claims(text)}
    assert [(w, p) for w, p, _ in parts_exceeding_wholes(text)] == [(0, 2)]
    r = consistent(FORMAT_2019, 2020)
    r["requests"] = {k: [0] * 7 for k in r["requests"]}
    r["remedies"]["reconsideration"] = [0] * 5
    r["sections"]["一"] = text
    messages = [f.message for f in check(r) if f.code == "narrative.mismatch"]
    assert len(messages) == 2 and any("规范性文件" in m for m in messages)


def test_format_in_force():
    assert format_for_year(2020) is FORMAT_2019 and format_for_year(2021) is FORMAT_2021
    assert FORMAT_2019.outcome_key("other_unpaid_fee") == "other"
    assert len(FORMAT_2021.request_keys) == 25 and len(FORMAT_2019.request_keys) == 23
