"""The agency's reply/defence deadline (statute.remedies), on the official schedules."""

import datetime as dt

import pytest

from gongkai.deadlines.seed import chinesecalendar_schedule
from gongkai.statute.calendar import DayOverride, WorkCalendar
from gongkai.statute.remedies import calendar_period, outcome_at_year_end, reply_due

D = dt.date


def official_calendar() -> WorkCalendar:
    schedule = chinesecalendar_schedule()
    return WorkCalendar.build([o for overrides in schedule.values() for o in overrides], schedule)


CAL = official_calendar()


@pytest.mark.parametrize(
    ("kind", "served_on", "simplified", "due_on"),
    [
        # Litigation: 15 calendar days; a closing rest day moves the end to the next working day.
        ("litigation_direct", D(2024, 9, 16), False, D(2024, 10, 8)),  # ends 10-01, inside National Day
        ("litigation_after_reconsideration", D(2024, 9, 16), False, D(2024, 10, 8)),
        ("litigation_direct", D(2024, 6, 3), False, D(2024, 6, 18)),  # a Tuesday: no move
        ("litigation_direct", D(2024, 6, 1), False, D(2024, 6, 17)),  # ends on an ordinary Sunday
        ("litigation_direct", D(2024, 5, 26), False, D(2024, 6, 11)),  # ends on Dragon Boat Festival
        ("litigation_direct", D(2024, 9, 27), False, D(2024, 10, 12)),  # a make-up Saturday is a working day
        # Reconsideration before 2024 (2017 text): 10 calendar days, same holiday rule.
        ("reconsideration", D(2023, 9, 20), False, D(2023, 10, 7)),  # 09-30 off → 10-07, a make-up Saturday
        ("reconsideration", D(2023, 12, 20), False, D(2024, 1, 2)),  # 12-30 … 01-01 New Year: moved past it
        # Reconsideration from 2024 (2023 text, Art. 88(2)): working days.
        ("reconsideration", D(2024, 1, 2), False, D(2024, 1, 16)),
        ("reconsideration", D(2024, 9, 20), False, D(2024, 10, 10)),  # 09-29 make-up counts, holiday skipped
        ("reconsideration", D(2024, 9, 26), True, D(2024, 10, 9)),  # simplified: 5 working days (Art. 54)
    ],
)
def test_reply_due_examples(kind, served_on, simplified, due_on):
    result = reply_due(CAL, kind, served_on, simplified=simplified)
    assert result.due_on == due_on
    assert not result.provisional


def test_national_day_explanation_names_the_holiday():
    result = reply_due(CAL, "litigation_direct", D(2024, 9, 16))
    assert "2024-10-01" in result.explanation and "国庆节" in result.explanation
    assert "顺延" in result.explanation and "2024-10-08" in result.explanation
    assert "第六十七条" in result.basis and not result.working_days


def test_reconsideration_explanation_counts_working_days():
    result = reply_due(CAL, "reconsideration", D(2024, 9, 20))
    assert result.working_days and result.days == 10
    assert "第八十八条" in result.basis and "10-01…10-07" in result.explanation


@pytest.mark.parametrize(
    ("kind", "served_on", "due_on"),
    [
        ("litigation_direct", D(2026, 12, 20), D(2027, 1, 4)),  # a Monday, year 2027 not loaded
        ("litigation_direct", D(2026, 12, 17), D(2027, 1, 2)),  # ends on 元旦: the earliest possible day after
        ("reconsideration", D(2026, 12, 28), D(2027, 1, 12)),  # Monday–Friday less 元旦 assumed in 2027
    ],
)
def test_unloaded_year_gives_a_provisional_date(kind, served_on, due_on):
    result = reply_due(CAL, kind, served_on)
    assert result.due_on == due_on
    assert result.provisional
    assert "2027年节假日安排未录入" in result.explanation


def test_rest_day_run_reaching_an_unloaded_year_goes_on_over_its_holidays_by_law():
    calendar = WorkCalendar.build([DayOverride(D(2024, 12, 31), False, "假日")], [2024])
    period = calendar_period(calendar, D(2024, 12, 16), 15)
    assert period.nominal_end == D(2024, 12, 31)
    # 2025-01-01 is 元旦 by law, 01-02 a Thursday: the end, provisionally (decision 0016).
    assert period.end == D(2025, 1, 2) and period.provisional_years == {2025}


def test_simplified_procedure_did_not_exist_before_2024():
    with pytest.raises(ValueError, match="简易程序"):
        reply_due(CAL, "reconsideration", D(2023, 6, 1), simplified=True)


@pytest.mark.parametrize(
    ("outcome", "decided_on", "year", "expected"),
    [
        ("maintained", D(2024, 12, 31), 2024, "maintained"),
        ("maintained", D(2025, 1, 1), 2024, "pending"),  # decided after the year ended
        ("corrected", None, 2024, "pending"),
        ("pending", None, 2024, "pending"),
        ("other", D(2024, 3, 1), 2024, "other"),
    ],
)
def test_outcome_at_year_end(outcome, decided_on, year, expected):
    assert outcome_at_year_end(outcome, decided_on, year) == expected
