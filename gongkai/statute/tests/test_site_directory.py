"""The self-check's 标准目录 rule: who is expected to keep one, and what an overdue item is."""

import datetime as dt

import pytest

from gongkai.statute.calendar import WorkCalendar
from gongkai.statute.site_directory import directory_findings, expects_standard_directory
from gongkai.statute.sitecheck import (
    Column,
    DirectoryArea,
    DirectoryOverdue,
    DirectoryState,
    Severity,
    SiteState,
    evaluate,
)

CALENDAR = WorkCalendar.build([], range(2020, 2030))


@pytest.mark.parametrize(
    ("kind", "level", "expected"),
    [
        ("government", "township", True),  # 乡镇人民政府
        ("department", "township", True),
        ("department", "county", True),  # 县政府部门
        ("department", "district", True),  # 区政府部门 (county level)
        ("government", "county", False),  # the county government itself: its departments keep the lists
        ("government", "district", False),
        ("department", "city", False),
        ("government", "province", False),
        ("department", "", False),
    ],
)
def test_who_is_assessed_on_the_standard_directory(kind, level, expected):
    assert expects_standard_directory(kind=kind, level=level) is expected


AREA = DirectoryArea("财政预决算", items=2, met=1, late=0, overdue=1, never_published=1)
BUDGET = DirectoryOverdue("财政预决算", "部门预算／预算说明", "财政所", ("2026年，时限2026年3月31日",))
AID = DirectoryOverdue(
    "社会救助",
    "最低生活保障／保障对象",
    "社会事务办公室",
    ("2026年第一季度，时限2026年4月15日", "2026年第二季度，时限2026年7月15日"),
)
TWO_AREAS = (AREA, DirectoryArea("社会救助", items=1, met=0, late=0, overdue=2, never_published=1))


@pytest.mark.parametrize(
    ("directory", "code", "severity", "message", "details"),
    [
        (None, None, None, None, None),
        (DirectoryState(expected=False), None, None, None, None),
        (DirectoryState(expected=True), "directory.missing", Severity.INFO, "尚未在本平台建立基层政务公开标准目录", ()),
        (DirectoryState(True, (DirectoryArea("财政预决算", 2, 2, 0, 0, 0),)), None, None, None, None),
        (DirectoryState(False, (DirectoryArea("财政预决算", 2, 1, 1, 0, 0),)), None, None, None, None),  # late only
        (
            DirectoryState(True, (AREA,), (BUDGET,)),
            "directory.overdue",
            Severity.DEDUCTION,
            "标准目录中有1个事项超过公开时限仍未公开（共1次应公开未公开，涉及1个领域）",
            ("财政预决算：部门预算／预算说明（财政所；2026年，时限2026年3月31日）",),
        ),
        (
            # A department not expected to keep a list is still held to the one it keeps.
            DirectoryState(False, TWO_AREAS, (BUDGET, AID)),
            "directory.overdue",
            Severity.DEDUCTION,
            "标准目录中有2个事项超过公开时限仍未公开（共3次应公开未公开，涉及2个领域）",
            (
                "财政预决算：部门预算／预算说明（财政所；2026年，时限2026年3月31日）",
                "社会救助：最低生活保障／保障对象（社会事务办公室；2026年第一季度，时限2026年4月15日；"
                "2026年第二季度，时限2026年7月15日）",
            ),
        ),
    ],
)
def test_directory_findings(directory, code, severity, message, details):
    findings = directory_findings(directory)
    if code is None:
        assert findings == []
        return
    (finding,) = findings
    assert (finding.code, finding.severity, finding.indicator) == (code, severity, "标准目录落实情况")
    assert message in finding.message
    assert finding.details == details


def test_items_of_one_area_share_one_line():
    second = DirectoryOverdue("财政预决算", "部门决算", "", ("2025年，时限2025年8月31日",))
    (finding,) = directory_findings(DirectoryState(True, (AREA,), (BUDGET, second)))
    assert finding.details == (
        "财政预决算：部门预算／预算说明（财政所；2026年，时限2026年3月31日）、部门决算（；2025年，时限2025年8月31日）",
    )


def _state(directory):
    on = dt.date(2026, 6, 15)
    return SiteState(
        checked_on=on,
        period_start=dt.date(2026, 4, 1),
        period_end=dt.date(2026, 6, 30),
        homepage_status=200,
        homepage_newest_on=on,
        columns=[Column("20-1", "法规文件", 1, on)],
        has_consultation_channel=True,
        directory=directory,
    )


def test_an_overdue_item_is_a_deduction_and_never_a_veto():
    result = evaluate(_state(DirectoryState(True, TWO_AREAS, (BUDGET, AID))), calendar=CALENDAR)
    assert result.passed  # the 单项否决 list is closed; the 标准目录 is not on it
    assert [f.code for f in result.findings if f.code.startswith("directory.")] == ["directory.overdue"]
    assert result.figures["directory_items"] == 3
    assert result.figures["directory_overdue_items"] == 2
    assert result.figures["directory_never_published"] == 2
    stored = result.to_json()["directory"]
    assert stored["kept"] is True and stored["areas"][1]["overdue"] == 2
    assert stored["overdue"][1]["due"] == list(AID.due)


def test_a_check_without_directory_figures_says_nothing_of_it():
    result = evaluate(_state(None), calendar=CALENDAR)
    assert not [f for f in result.findings if f.code.startswith("directory.")]
    assert "directory_items" not in result.figures and result.to_json()["directory"] is None
