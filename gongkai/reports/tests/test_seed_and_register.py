"""The demo reproduces the seed report; built tables equal an independent count of any register."""

import csv
import datetime as dt
import io

import pytest
from django.core.management import call_command

from gongkai.cases.services.register import import_register, read_register
from gongkai.cases.tests.registers import KINDS, random_register
from gongkai.organizations.models import Agency
from gongkai.reports.builder import build_report_data, current_report
from gongkai.reports.demo import SEED_2020_ENTERED
from gongkai.statute.outcomes import APPLICANT_LABELS, OUTCOMES

pytestmark = pytest.mark.django_db


def test_demo_reproduces_every_cell_of_the_seed_report():
    call_command("demo")
    agency = Agency.objects.get(name="北京市门头沟区潭柘寺镇人民政府")
    data = build_report_data(agency=agency, year=2020, report=current_report(agency, 2020))
    assert data["format"] == "2019"
    proactive = data["proactive"]
    assert proactive["penalty"] == {"previous_items": 6, "change": 408, "decisions": 118}
    assert proactive["enforcement"] == {"previous_items": 0, "change": 23, "decisions": 0}
    assert proactive["procurement"] == {"projects": 31, "amount_wan": "4176.9529"}
    assert [row["label"] for row in proactive["extra_rows"]] == ["行政检查", "行政确认"]
    for key, cells in SEED_2020_ENTERED.items():
        if key != "extra_rows":
            assert proactive[key] == cells, key
    assert all(row == [0] * 7 for row in data["requests"].values())
    assert all(row == [0] * 5 for row in data["remedies"].values())
    # The seed's own narrative contradicts its tables: the demo keeps the text, the rules say so.
    mismatches = [f for f in data["findings"] if f["code"] == "narrative.mismatch"]
    assert len(mismatches) == 2


def independent_count(rows, year):
    """Table 三 counted directly from the register rows, without Gongkai's selectors."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    col = {k: i for i, k in enumerate(KINDS)}
    by_label = {o.label: o.key for o in OUTCOMES}
    table = {}

    def add(key, kind):
        row = table.setdefault(key, [0] * 7)
        row[col[kind]] += 1
        row[6] += 1

    for _, kind, received, replied, outcome in rows:
        if first <= received <= last:
            add("new", kind)
        if received < first and (replied is None or replied >= first):
            add("carried_in", kind)
        if replied and first <= replied <= last:
            add(by_label[outcome], kind)
            add("total", kind)
        if received <= last and (replied is None or replied > last):
            add("carried_out", kind)
    return table


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_built_tables_equal_an_independent_count(agency_a, seed):
    rows = random_register(seed)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["受理编号", "申请人类型", "申请人", "收到日期", "答复日期", "办理结果"])
    for number, kind, received, replied, outcome in rows:
        writer.writerow(
            [
                number,
                APPLICANT_LABELS[kind],
                "申请人",
                received.isoformat(),
                replied.isoformat() if replied else "",
                outcome,
            ]
        )
    import_register(agency=agency_a, rows=read_register(buffer.getvalue().encode(), "r.csv"), actor_label="测试")
    for year in (2023, 2024, 2025):
        data = build_report_data(agency=agency_a, year=year)
        expected = independent_count(rows, year)
        for key, row in data["requests"].items():
            assert row == expected.get(key, [0] * 7), (year, key)
        codes = {f["code"] for f in data["findings"]}
        assert not codes & {"requests.balance", "requests.outcome_total", "requests.row_total", "carryover.mismatch"}
