"""The 公开时限 expressions of real 标准目录 read as rules, and what each rule expects by a day."""

import datetime as dt

import pytest

from gongkai.statute.calendar import DayOverride, WorkCalendar
from gongkai.statute.directory import (
    UNTRACKED,
    Cadence,
    Filing,
    Outcome,
    Rule,
    assess,
    is_ditto,
    parse_deadline,
)

D = dt.date
CAL = WorkCalendar.build(
    [DayOverride(D(2025, 10, d), False, "国庆节") for d in range(1, 9)] + [DayOverride(D(2025, 9, 28), True, "")],
    range(2018, 2031),
)

EXPRESSIONS = [
    ("信息形成（或变更）之日起20个工作日内", Rule(Cadence.AFTER_FORMING, days=20)),
    (
        "自信息形成或者变更之日起20个工作日内予以公开，法律、法规对政府信息公开的期限另有规定的，从其规定",
        Rule(Cadence.AFTER_FORMING, days=20),
    ),
    ("批准后20个工作日内", Rule(Cadence.AFTER_FORMING, days=20)),
    ("项目批准后二十个工作日内", Rule(Cadence.AFTER_FORMING, days=20)),
    ("决定作出之日起7个工作日内", Rule(Cadence.AFTER_FORMING, days=7)),
    ("作出行政处罚决定之日起7日内", Rule(Cadence.AFTER_FORMING, days=7, working_days=False)),
    ("签订后15天内", Rule(Cadence.AFTER_FORMING, days=15, working_days=False)),
    ("实时公开", Rule(Cadence.REAL_TIME)),
    ("及时公开", Rule(Cadence.REAL_TIME)),
    ("即时公开", Rule(Cadence.REAL_TIME)),
    ("信息形成后及时公开", Rule(Cadence.REAL_TIME)),
    ("每年3月底前", Rule(Cadence.YEARLY, month=3)),
    ("每年6月30日前", Rule(Cadence.YEARLY, month=6, day=30)),
    ("每年一月底前公开上一年度工作情况", Rule(Cadence.YEARLY, month=1)),
    ("年度终了后3个月内", Rule(Cadence.YEARLY, months_after=3)),
    ("上年度结束后2个月内", Rule(Cadence.YEARLY, months_after=2)),
    ("年度终了后20个工作日内", Rule(Cadence.YEARLY, days=20, after_period=True)),
    ("每季度", Rule(Cadence.QUARTERLY)),
    ("按季度公开", Rule(Cadence.QUARTERLY)),
    ("每季度结束后15日内", Rule(Cadence.QUARTERLY, days=15, working_days=False, after_period=True)),
    ("每半年公开一次", Rule(Cadence.HALF_YEARLY)),
    ("每月", Rule(Cadence.MONTHLY)),
    ("每月10日前公开上月情况", Rule(Cadence.MONTHLY, days=10, working_days=False, after_period=True)),
    ("次月10日前", Rule(Cadence.MONTHLY, days=10, working_days=False, after_period=True)),
    ("按有关规定时限公开", UNTRACKED),
    ("按照《政府信息公开条例》规定", UNTRACKED),
    ("长期公开", UNTRACKED),
    ("常态化公开", UNTRACKED),
    ("", UNTRACKED),
    ("同上", UNTRACKED),
    ("视情况而定", UNTRACKED),
]


@pytest.mark.parametrize(("text", "rule"), EXPRESSIONS, ids=[e[0] or "(empty)" for e in EXPRESSIONS])
def test_deadline_expression_reads_as_rule(text, rule):
    assert parse_deadline(text) == rule


@pytest.mark.parametrize("text", ["同上", " 同上 ", "〃"])
def test_ditto_is_recognised(text):
    assert is_ditto(text)


def test_rule_survives_storage():
    for _, rule in EXPRESSIONS:
        assert Rule.from_dict(rule.as_dict()) == rule
    assert Rule.from_dict({}) == UNTRACKED


def test_every_rule_describes_itself_in_chinese():
    for _, rule in EXPRESSIONS:
        assert rule.describe() and not any("a" <= ch <= "z" for ch in rule.describe())


TWENTY = Rule(Cadence.AFTER_FORMING, days=20)
# (filing formed_on, published_on, today, expected outcome) for 20 working days after forming.
AFTER_FORMING_CASES = [
    (D(2025, 3, 3), D(2025, 3, 10), D(2025, 6, 1), Outcome.MET),
    (D(2025, 3, 3), D(2025, 3, 31), D(2025, 6, 1), Outcome.MET),  # day 20 exactly
    (D(2025, 3, 3), D(2025, 4, 1), D(2025, 6, 1), Outcome.LATE),
    (D(2025, 3, 3), None, D(2025, 3, 31), Outcome.PENDING),
    (D(2025, 3, 3), None, D(2025, 4, 1), Outcome.OVERDUE),
    # 国庆 (10-01…10-08 off, 09-28 worked): 20 working days from 09-26 end on 10-31.
    (D(2025, 9, 26), D(2025, 10, 31), D(2025, 11, 30), Outcome.MET),
    (D(2025, 9, 26), D(2025, 11, 3), D(2025, 11, 30), Outcome.LATE),
    # Published after "today": not yet published as far as today is concerned.
    (D(2025, 3, 3), D(2025, 5, 1), D(2025, 4, 15), Outcome.OVERDUE),
]


@pytest.mark.parametrize(("formed", "published", "today", "outcome"), AFTER_FORMING_CASES)
def test_after_forming_counts_working_days(formed, published, today, outcome):
    result = assess(TWENTY, [Filing(1, formed, published)], today, CAL, since=D(2020, 1, 1))
    assert [e.outcome for e in result.expectations] == [outcome]


def test_event_item_without_documents_expects_nothing():
    result = assess(TWENTY, [], D(2025, 6, 1), CAL, since=D(2020, 1, 1))
    assert result.expectations == () and result.never_published and not result.overdue


def test_draft_without_date_expects_nothing_yet():
    result = assess(TWENTY, [Filing(1, None, None)], D(2025, 6, 1), CAL, since=D(2020, 1, 1))
    assert result.expectations == ()


@pytest.mark.parametrize(
    ("grace", "published", "outcome"),
    [(5, D(2025, 3, 10), Outcome.MET), (5, D(2025, 3, 11), Outcome.LATE), (0, D(2025, 3, 4), Outcome.LATE)],
)
def test_real_time_is_flagged_after_the_grace(grace, published, outcome):
    result = assess(
        Rule(Cadence.REAL_TIME), [Filing(1, D(2025, 3, 3), published)], D(2025, 6, 1), CAL,
        since=D(2020, 1, 1), grace_days=grace,
    )  # fmt: skip
    assert [e.outcome for e in result.expectations] == [outcome]


def test_untracked_rule_is_never_overdue():
    result = assess(UNTRACKED, [Filing(1, D(2020, 1, 1), None)], D(2025, 6, 1), CAL, since=D(2020, 1, 1))
    assert not result.tracked and result.expectations == () and not result.overdue


SINCE = D(2024, 1, 1)


def _outcomes(rule, published_on, today, since=SINCE):
    filings = [Filing(n, None, on) for n, on in enumerate(published_on)]
    return [(e.label, e.due_on, e.outcome) for e in assess(rule, filings, today, CAL, since=since).expectations]


def test_yearly_by_month_end():
    rule = parse_deadline("每年3月底前")
    assert _outcomes(rule, [D(2024, 3, 20)], D(2025, 5, 1)) == [
        ("2024年", D(2024, 3, 31), Outcome.MET),
        ("2025年", D(2025, 3, 31), Outcome.OVERDUE),
    ]


def test_yearly_late_publication_counts_for_its_year():
    rule = parse_deadline("每年3月底前")
    assert _outcomes(rule, [D(2024, 5, 20), D(2025, 2, 1)], D(2025, 5, 1)) == [
        ("2024年", D(2024, 3, 31), Outcome.LATE),
        ("2025年", D(2025, 3, 31), Outcome.MET),
    ]


def test_yearly_not_yet_due_is_pending():
    rule = parse_deadline("每年6月30日前")
    assert _outcomes(rule, [], D(2025, 5, 1), since=D(2025, 1, 1)) == [("2025年", D(2025, 6, 30), Outcome.PENDING)]


def test_year_end_months_after():
    rule = parse_deadline("年度终了后3个月内")
    assert _outcomes(rule, [D(2025, 2, 14)], D(2025, 5, 1), since=D(2025, 1, 1)) == [
        ("2024年度", D(2025, 3, 31), Outcome.MET)
    ]


def test_quarterly_periods():
    rule = parse_deadline("每季度结束后15日内")
    assert _outcomes(rule, [D(2025, 4, 10)], D(2025, 8, 1), since=D(2025, 1, 1)) == [
        ("2024年第四季度", D(2025, 1, 15), Outcome.OVERDUE),
        ("2025年第一季度", D(2025, 4, 15), Outcome.MET),
        ("2025年第二季度", D(2025, 7, 15), Outcome.OVERDUE),
    ]


def test_half_yearly_and_monthly():
    assert _outcomes(parse_deadline("每半年"), [D(2025, 5, 5)], D(2025, 7, 2), since=D(2025, 1, 1)) == [
        ("2025年上半年", D(2025, 6, 30), Outcome.MET),
        ("2025年下半年", D(2025, 12, 31), Outcome.PENDING),
    ]
    assert [o for *_, o in _outcomes(parse_deadline("每月"), [D(2025, 1, 9)], D(2025, 3, 2), since=D(2025, 1, 1))] == [
        Outcome.MET,
        Outcome.OVERDUE,
        Outcome.PENDING,
    ]


def test_periods_before_tracking_began_expect_nothing():
    rule = parse_deadline("每年3月底前")
    assert _outcomes(rule, [], D(2025, 5, 1), since=D(2025, 4, 1)) == []
