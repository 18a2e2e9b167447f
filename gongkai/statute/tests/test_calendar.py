"""The working-day arithmetic, on the official schedules as chinesecalendar ships them."""

import datetime as dt

import pytest
from chinese_calendar import constants
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.statute.calendar import DayOverride, ScheduleNotLoaded, WorkCalendar

D = dt.date


def official_calendar() -> WorkCalendar:
    overrides = [DayOverride(d, False, "节日") for d in constants.holidays]
    overrides += [DayOverride(d, True, "调休上班") for d in constants.workdays]
    return WorkCalendar.build(overrides, range(2004, 2027))


CAL = official_calendar()


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (D(2024, 9, 27), 20, D(2024, 10, 30)),  # across National Day, 09-29 and 10-12 are make-up days
        (D(2024, 9, 30), 1, D(2024, 10, 8)),  # the whole holiday is skipped
        (D(2024, 9, 30), 20, D(2024, 11, 1)),
        (D(2026, 2, 13), 1, D(2026, 2, 14)),  # a Saturday make-up workday counts
        (D(2026, 2, 13), 20, D(2026, 3, 19)),  # weekdays-only would give 03-13
        (D(2026, 2, 10), 5, D(2026, 2, 24)),
        (D(2024, 9, 28), 1, D(2024, 9, 29)),  # start on a Saturday: the Sunday make-up day is day 1
        (D(2024, 10, 5), 1, D(2024, 10, 8)),  # start inside a holiday
        (D(2025, 12, 31), 1, D(2026, 1, 4)),  # 2026: 01-01…01-03 off, Sunday 01-04 a make-up workday
        (D(2024, 10, 30), -20, D(2024, 9, 27)),  # backwards
        (D(2024, 9, 27), 0, D(2024, 9, 27)),
    ],
)
def test_add_working_days_examples(start, n, expected):
    assert CAL.add_working_days(start, n) == expected


@pytest.mark.parametrize(
    ("day", "workday"),
    [
        (D(2024, 9, 29), True),  # Sunday make-up
        (D(2026, 2, 14), True),  # Saturday make-up
        (D(2026, 2, 28), True),
        (D(2024, 10, 1), False),
        (D(2024, 10, 4), False),  # Friday off in lieu
        (D(2024, 10, 5), False),
        (D(2024, 10, 8), True),
        (D(2024, 10, 12), True),
        (D(2024, 10, 13), False),  # ordinary Sunday
        (D(2026, 10, 10), True),
    ],
)
def test_is_workday_examples(day, workday):
    assert CAL.is_workday(day) is workday


def test_unloaded_year_is_refused_with_the_year_named():
    with pytest.raises(ScheduleNotLoaded) as info:
        CAL.add_working_days(D(2026, 12, 30), 5)
    assert info.value.year == 2027
    assert "2027年" in str(info.value)
    with pytest.raises(ScheduleNotLoaded):
        CAL.is_workday(D(2031, 3, 3))
    with pytest.raises(ScheduleNotLoaded):
        CAL.working_days_between(D(2026, 12, 1), D(2027, 1, 10))


def test_provisional_span_counts_weekdays_less_holidays_by_law_and_names_the_assumed_year():
    span = CAL.span(D(2026, 12, 30), 5, provisional=True)
    # 12-31 (Thu) is a working day; in 2027 Monday–Friday less the days off by law: 01-01 is 元旦
    assert span.end == D(2027, 1, 7)
    assert span.provisional_years == {2027}
    assert "2027年节假日安排未录入" in span.explain() and "暂定" in span.explain()
    assert not CAL.span(D(2024, 9, 27), 20, provisional=True).is_provisional


def test_explanation_names_holidays_and_makeup_days():
    span = CAL.span(D(2024, 9, 27), 20)
    text = span.explain()
    assert "2024-09-27" in text and "20 个工作日" in text
    assert "10-01…10-07" in text
    assert "09-29、10-12" in text
    assert text.endswith("截止 2024-10-30。")


def test_huge_n_is_refused_not_looped():
    with pytest.raises((ValueError, ScheduleNotLoaded)):
        CAL.add_working_days(D(2004, 1, 1), 10**7)


dates = st.dates(min_value=D(2019, 1, 1), max_value=D(2026, 9, 30))
counts = st.integers(min_value=1, max_value=60)


@settings(max_examples=300, deadline=None)
@given(start=dates, n=counts)
def test_result_is_a_working_day_after_the_start(start, n):
    end = CAL.add_working_days(start, n)
    assert end > start
    assert CAL.is_workday(end)


@settings(max_examples=300, deadline=None)
@given(start=dates, n=counts)
def test_more_days_end_strictly_later(start, n):
    assert CAL.add_working_days(start, n) < CAL.add_working_days(start, n + 1)


@settings(max_examples=300, deadline=None)
@given(start=dates, n=counts)
def test_counting_back_is_the_inverse(start, n):
    end = CAL.add_working_days(start, n)
    assert CAL.working_days_between(start, end) == n
    back = CAL.add_working_days(end, -n)
    if CAL.is_workday(start):
        assert back == start
    else:  # counting back lands on the last working day before a non-working start
        assert back < start and CAL.working_days_between(back, start) == 0


@settings(max_examples=200, deadline=None)
@given(start=dates, a=st.integers(1, 30), b=st.integers(0, 30))
def test_additions_compose(start, a, b):
    assert CAL.add_working_days(CAL.add_working_days(start, a), b) == CAL.add_working_days(start, a + b)


@settings(max_examples=200, deadline=None)
@given(start=dates, end=dates)
def test_between_is_antisymmetric(start, end):
    assert CAL.working_days_between(start, end) == -CAL.working_days_between(end, start)
