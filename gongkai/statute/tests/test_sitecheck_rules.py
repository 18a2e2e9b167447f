"""Website self-check rules at each threshold boundary (regulation.md §5.1, §5.3; Art. 26)."""

import datetime as dt

import pytest

from gongkai.statute import sitecheck as sc
from gongkai.statute.calendar import WorkCalendar
from gongkai.statute.sitecheck import BrokenLink, Column, Message, PublicDocument, Severity, SiteState

D = dt.date
ON = D(2027, 1, 1)
CALENDAR = WorkCalendar.build([], range(2020, 2030))


def state(**overrides) -> SiteState:
    """A site that passes everything; each test breaks one thing."""
    return SiteState(
        **{
            "checked_on": ON,
            "period_start": D(2026, 10, 1),
            "period_end": D(2026, 12, 31),
            "homepage_status": 200,
            "homepage_newest_on": D(2026, 12, 30),
            "columns": [Column("20-1", "规章和规范性文件", 3, D(2026, 12, 1))],
            "has_consultation_channel": True,
            **overrides,
        }
    )


def codes(result, severity=None) -> set[str]:
    return {f.code for f in result.findings if severity is None or f.severity is severity}


def test_a_healthy_site_passes():
    result = sc.evaluate(state(), calendar=CALENDAR)
    assert result.passed and result.verdict == "合格"
    assert result.findings == () and result.veto_reasons == ()


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (D(2027, 1, 1), (2026, 4, D(2026, 10, 1), D(2026, 12, 31))),  # the scheduled run: last quarter
        (D(2026, 10, 1), (2026, 3, D(2026, 7, 1), D(2026, 9, 30))),
        (D(2026, 11, 15), (2026, 4, D(2026, 10, 1), D(2026, 12, 31))),  # mid-quarter: this quarter to date
        (D(2026, 4, 2), (2026, 2, D(2026, 4, 1), D(2026, 6, 30))),
    ],
)
def test_checked_quarter(on, expected):
    assert sc.checked_quarter(on) == expected


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2026, 8, 31), -6, D(2026, 2, 28)),
        (D(2024, 8, 31), -6, D(2024, 2, 29)),
        (D(2026, 1, 15), -3, D(2025, 10, 15)),
        (D(2026, 11, 30), 3, D(2027, 2, 28)),
    ],
)
def test_add_months_clamps_to_month_end(day, months, expected):
    assert sc.add_months(day, months) == expected


@pytest.mark.parametrize(
    ("newest_on", "veto"),
    [
        (ON - dt.timedelta(days=14), False),
        (ON - dt.timedelta(days=15), True),
        (ON, False),
        (None, True),  # items without a date count as not updated
    ],
)
def test_homepage_not_updated_in_two_weeks_is_a_veto(newest_on, veto):
    result = sc.evaluate(state(homepage_newest_on=newest_on), calendar=CALENDAR)
    assert ("homepage.not_updated" in codes(result, Severity.VETO)) is veto
    assert result.passed is not veto


@pytest.mark.parametrize(("status", "veto"), [(200, False), (404, True), (500, True), (None, True)])
def test_homepage_that_does_not_open_is_a_veto(status, veto):
    result = sc.evaluate(state(homepage_status=status), calendar=CALENDAR)
    assert ("site.unreachable" in codes(result, Severity.VETO)) is veto


@pytest.mark.parametrize(
    ("key", "newest_on", "expected"),
    [
        ("20-1", D(2026, 7, 1), sc.STATE_OK),  # exactly 6 months before 2027-01-01
        ("20-1", D(2026, 6, 30), sc.STATE_STALE),
        ("interpretation", D(2026, 6, 30), sc.STATE_STALE),
        ("20-1", None, sc.STATE_STALE),
        ("news", D(2026, 12, 18), sc.STATE_OK),  # 14 days
        ("news", D(2026, 12, 17), sc.STATE_STALE),  # 15 days
        ("20-7", D(2026, 1, 1), sc.STATE_OK),  # no fixed frequency: a year is fine
        ("20-7", D(2025, 12, 31), sc.STATE_LONG),
        ("20-7", None, sc.STATE_LONG),
    ],
)
def test_column_state_by_freshness_class(key, newest_on, expected):
    assert sc.column_state(Column(key, key, 1, newest_on), ON) == expected


def test_empty_column_is_empty_whatever_its_class():
    for key in ("20-1", "news", "20-7"):
        assert sc.column_state(Column(key, key, 0, None), ON) == sc.STATE_EMPTY


def test_column_classes():
    assert sc.column_freshness("20-1") is sc.Freshness.POLICY
    assert sc.column_freshness("interpretation") is sc.Freshness.POLICY
    assert sc.column_freshness("news") is sc.Freshness.NEWS
    assert sc.column_freshness("20-12") is sc.Freshness.OTHER
    assert sc.column_freshness("reports") is sc.Freshness.OTHER


def _columns(n: int, **kwargs) -> list[Column]:
    return [
        Column(kwargs.get("key", "20-7") + f"-{i}", f"栏目{i}", kwargs["count"], kwargs["newest_on"]) for i in range(n)
    ]


@pytest.mark.parametrize(
    ("columns", "code", "severity"),
    [
        (_columns(4, count=0, newest_on=None), "columns.empty", Severity.DEDUCTION),
        (_columns(5, count=0, newest_on=None), "columns.empty", Severity.VETO),
        (
            [Column("news", f"要闻{i}", 2, D(2026, 12, 1), sc.Freshness.NEWS) for i in range(4)],
            "columns.stale",
            Severity.DEDUCTION,
        ),
        (
            [Column("news", f"要闻{i}", 2, D(2026, 12, 1), sc.Freshness.NEWS) for i in range(3)]
            + [Column("20-1", "政策文件", 2, D(2026, 1, 1)), Column("interpretation", "政策解读", 1, None)],
            "columns.stale",
            Severity.VETO,
        ),
        (_columns(9, count=1, newest_on=D(2025, 6, 1)), "columns.long_unupdated", Severity.DEDUCTION),
        (_columns(10, count=1, newest_on=D(2025, 6, 1)), "columns.long_unupdated", Severity.VETO),
    ],
)
def test_column_thresholds(columns, code, severity):
    result = sc.evaluate(state(columns=columns), calendar=CALENDAR)
    finding = next(f for f in result.findings if f.code == code)
    assert finding.severity is severity
    assert len(finding.details) == len(columns)
    assert result.passed is (severity is not Severity.VETO)


def test_empty_and_stale_columns_also_count_as_long_unupdated():
    columns = _columns(5, count=0, newest_on=None) + [
        Column("news", f"要闻{i}", 1, D(2026, 1, 1), sc.Freshness.NEWS) for i in range(5)
    ]
    result = sc.evaluate(state(columns=columns), calendar=CALENDAR)
    assert result.figures["columns_long_unupdated"] == 10
    assert {"columns.empty", "columns.stale", "columns.long_unupdated"} <= codes(result, Severity.VETO)
    assert len(result.veto_reasons) == 3


def _message(received_on, replied_on=None, due_on=None):
    return Message("留言1", received_on, due_on, replied_on)


@pytest.mark.parametrize(
    ("message", "veto"),
    [
        (_message(D(2026, 10, 1)), False),  # pending exactly 3 months on 2027-01-01
        (_message(D(2026, 9, 30)), True),  # pending 3 months and a day
        (_message(D(2024, 5, 1)), True),  # long pending: still unanswered within the year
        (_message(D(2026, 3, 1), replied_on=D(2026, 6, 1)), False),  # answered exactly at 3 months
        (_message(D(2026, 3, 1), replied_on=D(2026, 6, 2)), True),  # answered late within the year
        (_message(D(2025, 3, 1), replied_on=D(2025, 12, 31)), False),  # answered late, before the year
        (_message(D(2025, 3, 1), replied_on=D(2026, 1, 1)), True),  # overdue stretch reaches the year
        (_message(D(2026, 9, 1), replied_on=D(2027, 2, 1)), True),  # replied after the check: pending then
        (_message(D(2027, 2, 1)), False),  # received after the check date
    ],
)
def test_message_unanswered_more_than_three_months_is_a_veto(message, veto):
    result = sc.evaluate(state(messages=[message]), calendar=CALENDAR)
    assert ("interaction.unanswered" in codes(result, Severity.VETO)) is veto


def test_message_past_its_own_reply_date_is_a_deduction():
    result = sc.evaluate(state(messages=[_message(D(2026, 12, 1), due_on=D(2026, 12, 8))]), calendar=CALENDAR)
    assert codes(result) == {"interaction.past_due"} and result.passed


def test_no_consultation_channel_is_a_veto():
    result = sc.evaluate(state(has_consultation_channel=False), calendar=CALENDAR)
    assert codes(result, Severity.VETO) == {"interaction.no_channel"}
    assert result.veto_reasons == ("互动回应差：没有可用的网上咨询建议渠道（意见箱无法打开）",)


@pytest.mark.parametrize(
    ("written_on", "published_on", "forged"),
    [
        (D(2026, 11, 2), D(2026, 11, 1), True),  # published before written
        (D(2026, 11, 2), D(2026, 11, 2), False),
        (D(2026, 11, 2), D(2027, 1, 2), True),  # published after the check date
        (D(2027, 1, 5), None, True),  # written in the future
        (None, D(2026, 12, 1), False),
    ],
)
def test_odd_dates_are_a_falsification_veto(written_on, published_on, forged):
    document = PublicDocument("X/2026-00001", "通知", written_on, published_on)
    result = sc.evaluate(state(documents=[document]), calendar=CALENDAR)
    assert ("dates.forged" in codes(result, Severity.VETO)) is forged


@pytest.mark.parametrize(
    ("written_on", "published_on", "quarter", "year"),
    [
        # Mon–Fri calendar: 2026-10-01 (Thu) + 20 working days = 2026-10-29.
        (D(2026, 10, 1), D(2026, 10, 29), False, False),
        (D(2026, 10, 1), D(2026, 10, 30), True, True),
        (D(2026, 3, 2), D(2026, 4, 30), False, True),  # late, but in an earlier quarter of the year
        (D(2025, 3, 2), D(2025, 6, 30), False, False),  # last year's
    ],
)
def test_art26_late_documents_in_the_quarter_and_the_year(written_on, published_on, quarter, year):
    document = PublicDocument("X/2026-00001", "通知", written_on, published_on)
    result = sc.evaluate(state(documents=[document]), calendar=CALENDAR)
    assert ("art26.late" in codes(result, Severity.DEDUCTION)) is quarter
    assert ("art26.late_year" in codes(result, Severity.INFO)) is year
    assert result.passed


def test_broken_links_are_counted_by_place():
    links = [
        BrokenLink(BrokenLink.Place.HOMEPAGE, "/a/x/documents/9/", "/a/x/", 404),
        BrokenLink(BrokenLink.Place.PAGE, "/a/x/documents/8/", "/a/x/documents/1/", 500),
        BrokenLink(BrokenLink.Place.PAGE, "/a/x/documents/7/", "/a/x/documents/1/", 404),
        BrokenLink(BrokenLink.Place.DOCUMENT, "http://example.cn/a.pdf", "通知", None, "连接超时"),
    ]
    result = sc.evaluate(state(broken_links=links, document_links_unchecked=2), calendar=CALENDAR)
    figures = result.figures
    assert (figures["broken_homepage_links"], figures["broken_page_links"], figures["broken_document_links"]) == (
        1,
        2,
        1,
    )
    assert codes(result) == {"links.homepage_broken", "links.page_broken", "links.document_broken", "links.unchecked"}
    assert result.passed  # broken links are deductions, not vetoes


def test_result_is_plain_json():
    import json

    result = sc.evaluate(
        state(homepage_newest_on=None, columns=_columns(1, count=0, newest_on=None)), calendar=CALENDAR
    )
    data = json.loads(json.dumps(result.to_json()))
    assert data["verdict"] == "不合格"
    assert data["columns"][0]["state"] == "空白栏目"
    assert data["findings"][0]["severity"] == "veto"
