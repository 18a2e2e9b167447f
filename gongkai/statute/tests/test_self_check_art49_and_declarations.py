"""The self-check's Art. 49 finding and 本机关无此类信息 columns (decision 0027-self-check-declarations)."""

import datetime as dt

import pytest

from gongkai.statute import sitecheck as sc
from gongkai.statute.calendar import WorkCalendar
from gongkai.statute.periods import REPORT_DUE_JANUARY_31 as DEPARTMENT
from gongkai.statute.periods import REPORT_DUE_MARCH_31 as GOVERNMENT
from gongkai.statute.report_publication import due_report, report_problem
from gongkai.statute.sitecheck import Column, Severity, SiteState

D = dt.date
CALENDAR = WorkCalendar.build([], range(2020, 2030))


@pytest.mark.parametrize(
    ("on", "due", "expected"),
    [
        (D(2026, 1, 31), DEPARTMENT, (2024, D(2025, 1, 31))),  # the deadline day itself is still on time
        (D(2026, 2, 1), DEPARTMENT, (2025, D(2026, 1, 31))),
        (D(2026, 3, 31), GOVERNMENT, (2024, D(2025, 3, 31))),
        (D(2026, 4, 1), GOVERNMENT, (2025, D(2026, 3, 31))),
        (D(2026, 2, 1), GOVERNMENT, (2024, D(2025, 3, 31))),  # a government still has until 31 March
        (D(2026, 12, 31), DEPARTMENT, (2025, D(2026, 1, 31))),
    ],
)
def test_which_report_a_check_asks_about(on, due, expected):
    assert due_report(on, due) == expected


Q1 = (D(2026, 1, 1), D(2026, 3, 31))
Q2 = (D(2026, 4, 1), D(2026, 6, 30))


@pytest.mark.parametrize(
    ("on", "due", "published", "period", "code", "in_period", "words"),
    [
        # department (31 January): before the deadline nothing is asked of this year's report
        (D(2026, 1, 20), DEPARTMENT, {2024: D(2025, 1, 10)}, Q1, None, None, ()),
        # after the deadline, not on the site: missing, counted from the deadline
        (D(2026, 2, 10), DEPARTMENT, {2024: D(2025, 1, 10)}, Q1, "report.missing", True, ("2025年", "10天")),
        # on the deadline day: on time
        (D(2026, 2, 10), DEPARTMENT, {2025: D(2026, 1, 31)}, Q1, None, None, ()),
        # a day late, in the checked quarter: a deduction naming the day
        (D(2026, 2, 10), DEPARTMENT, {2025: D(2026, 2, 1)}, Q1, "report.late", True, ("2026年2月1日", "1天")),
        # published late in an earlier quarter: still listed, as a note
        (D(2026, 4, 10), DEPARTMENT, {2025: D(2026, 2, 1)}, Q2, "report.late", False, ("2026年1月31日",)),
        # government (31 March): on 10 February it still has time, last year's came on time
        (D(2026, 2, 10), GOVERNMENT, {2024: D(2025, 3, 20)}, Q1, None, None, ()),
        (D(2026, 2, 10), GOVERNMENT, {2024: D(2025, 4, 2)}, Q1, "report.late", False, ("2025年4月2日", "2天")),
        (D(2026, 4, 2), GOVERNMENT, {2024: D(2025, 3, 20)}, Q2, "report.missing", True, ("2025年", "2天")),
        (D(2026, 4, 2), GOVERNMENT, {2025: D(2026, 3, 31)}, Q2, None, None, ()),
        # a report dated after the check date was not on the site then
        (D(2026, 2, 10), DEPARTMENT, {2025: D(2026, 3, 1)}, Q1, "report.missing", True, ()),
    ],
)
def test_art49_missing_and_late(on, due, published, period, code, in_period, words):
    problem = report_problem(on=on, due=due, published=published, period_start=period[0], period_end=period[1])
    if code is None:
        assert problem is None
        return
    assert problem.code == code and problem.in_period is in_period
    assert "条例第四十九条" in problem.message
    for word in words:
        assert word in problem.message


def state(**overrides) -> SiteState:
    return SiteState(
        **{
            "checked_on": D(2026, 4, 10),
            "period_start": Q2[0],
            "period_end": Q2[1],
            "homepage_status": 200,
            "homepage_newest_on": D(2026, 4, 1),
            "columns": [Column("20-1", "规章和规范性文件", 3, D(2026, 4, 1))],
            "has_consultation_channel": True,
            **overrides,
        }
    )


@pytest.mark.parametrize(
    ("published", "severity"),
    [
        ({}, Severity.DEDUCTION),  # missing
        ({2025: D(2026, 4, 5)}, Severity.DEDUCTION),  # late, in this quarter
        ({2025: D(2026, 2, 5)}, Severity.INFO),  # late, an earlier quarter
    ],
)
def test_the_art49_finding_in_a_check(published, severity):
    result = sc.evaluate(state(report_due=DEPARTMENT, annual_reports=published), calendar=CALENDAR)
    [finding] = [f for f in result.findings if f.code.startswith("report.")]
    assert finding.severity is severity and finding.indicator == "年度报告公布时限"
    assert result.passed  # Art. 49 is not a single-veto website indicator


def test_no_report_rule_without_a_deadline():
    assert not sc.evaluate(state(report_due=None), calendar=CALENDAR).findings


def empty(n: int, *, declared: int = 0) -> list[Column]:
    return [
        Column(f"21-township-{i}", f"栏目{i}", 0, None, no_information="本镇无此项工作" if i < declared else "")
        for i in range(n)
    ]


@pytest.mark.parametrize(
    ("declared", "empty_count", "vetoed"),
    [
        (0, 5, True),  # five blank columns: veto
        (1, 4, False),  # one of them declared: four blank, answered one is not counted
        (5, 0, False),
    ],
)
def test_a_declared_column_is_answered_not_blank(declared, empty_count, vetoed):
    result = sc.evaluate(state(columns=empty(5, declared=declared)), calendar=CALENDAR)
    assert result.figures["columns_empty"] == empty_count
    assert result.figures["columns_declared"] == declared
    assert result.figures["columns_long_unupdated"] == empty_count
    assert (not result.passed) is vetoed
    states = [row.state for row in result.columns]
    assert states.count("本机关无此类信息") == declared and states.count("空白栏目") == empty_count
    reasons = [row.no_information for row in result.columns if row.state == "本机关无此类信息"]
    assert reasons == ["本镇无此项工作"] * declared


def test_a_declared_column_with_documents_is_a_warning():
    columns = [Column("21-township-5", "土地征收", 2, D(2026, 4, 1), no_information="本镇无土地征收")]
    result = sc.evaluate(state(columns=columns), calendar=CALENDAR)
    [finding] = result.findings
    assert finding.code == "columns.declared_but_published" and finding.severity is Severity.WARNING
    assert finding.details == ("土地征收",) and sc.SEVERITY_LABELS[finding.severity] == "需核实"
    assert result.passed and result.columns[0].state == "正常"  # judged as the column it is
