"""The holidays by law (statute.national_holidays) and the provisional arithmetic built on them."""

import datetime as dt

import holidays
import pytest
from chinese_calendar import constants, get_solar_terms
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.statute.calendar import DayOverride, WorkCalendar
from gongkai.statute.clock import reply_due
from gongkai.statute.national_holidays import (
    OutsideLawRange,
    days_off_by_law,
    festival_dates,
    revision_for,
    statutory_days,
    statutory_days_off,
)
from gongkai.statute.remedies import calendar_period

D = dt.date
OFFICIAL_YEARS = range(2004, 2027)  # what chinesecalendar ships, i.e. the seed data


def official_calendar() -> WorkCalendar:
    overrides = [DayOverride(d, False, "节日") for d in constants.holidays]
    overrides += [DayOverride(d, True, "调休上班") for d in constants.workdays]
    return WorkCalendar.build(overrides, OFFICIAL_YEARS)


CAL = official_calendar()


# -- the law's days against the official schedules ---------------------------------------------


@pytest.mark.parametrize("year", OFFICIAL_YEARS)
def test_every_day_off_by_law_was_off_in_the_official_schedule(year):
    for day in statutory_days(year):
        assert not CAL.is_workday(day.on), f"{day.on} {day.name} was a working day in {year}"


# The two years whose notice put an Art. 6 substitute elsewhere than the first free weekday:
# 2012 gave 端午 (Saturday 06-23) back on Friday 06-22; 2015 folded 中秋 (Sunday 09-27) into the
# National Day week. Everywhere else, 2008–2026, the reading of decision 0016 matched.
SUBSTITUTE_MISSES = {D(2012, 6, 25), D(2015, 9, 28)}


@pytest.mark.parametrize("year", range(2008, 2027))
def test_substitute_days_match_the_official_schedule_but_for_two_known_years(year):
    statutory = {d.on for d in statutory_days(year)}
    for on, day in days_off_by_law(year).items():
        if on in statutory:
            continue
        assert day.name.endswith("补假") and on.weekday() < 5
        assert CAL.is_workday(on) == (on in SUBSTITUTE_MISSES), f"{on} {day.name}"


# Checked on 2026-12-06 against two other libraries that compute the lunar calendar their own
# way: lunar-python 1.4.8 (astronomical) and lunardate 0.3.0 (its own tables).
@pytest.mark.parametrize(
    ("year", "eve", "new_year", "qingming", "dragon_boat", "mid_autumn"),
    [
        (2027, D(2027, 2, 5), D(2027, 2, 6), D(2027, 4, 5), D(2027, 6, 9), D(2027, 9, 15)),
        (2028, D(2028, 1, 25), D(2028, 1, 26), D(2028, 4, 4), D(2028, 5, 28), D(2028, 10, 3)),
        (2029, D(2029, 2, 12), D(2029, 2, 13), D(2029, 4, 4), D(2029, 6, 16), D(2029, 9, 22)),
    ],
)
def test_lunar_dates_and_qingming(year, eve, new_year, qingming, dragon_boat, mid_autumn):
    f = festival_dates(year)
    assert (f.lunar_new_year, f.qingming, f.dragon_boat, f.mid_autumn) == (new_year, qingming, dragon_boat, mid_autumn)
    spring = [d.on for d in statutory_days(year) if d.name == "春节"]
    assert spring == [eve, new_year, new_year + dt.timedelta(1), new_year + dt.timedelta(2)]  # 除夕 and 初一–初三


@pytest.mark.parametrize("year", range(2000, 2100))
def test_qingming_agrees_with_chinesecalendars_own_formula(year):
    terms = get_solar_terms(D(year, 4, 1), D(year, 4, 30))
    assert festival_dates(year).qingming == next(d for d, name in terms if name == "清明")


@pytest.mark.parametrize("year", range(2027, 2036))
def test_statutory_days_agree_with_the_holidays_packages_china_rules(year):
    # holidays.China applies the 办法 with its own code (observed=False: no guessed 补假).
    theirs = set(holidays.China(years=year, observed=False))
    assert {d.on for d in statutory_days(year)} == theirs


@pytest.mark.parametrize(
    ("day", "off", "name"),
    [
        (D(2027, 1, 1), True, "元旦"),
        (D(2027, 2, 5), True, "春节"),  # 除夕, a holiday from 2025
        (D(2027, 2, 9), True, "春节补假"),  # for Saturday 02-06
        (D(2027, 2, 10), True, "春节补假"),  # for Sunday 02-07
        (D(2027, 2, 11), False, ""),
        (D(2027, 5, 3), True, "劳动节补假"),
        (D(2027, 5, 4), True, "劳动节补假"),
        (D(2027, 10, 5), True, "国庆节补假"),
        (D(2027, 10, 6), False, ""),
        (D(2028, 1, 3), True, "元旦补假"),
        (D(2028, 10, 3), True, "国庆节、中秋节"),  # two holidays on one day
        (D(2028, 10, 5), True, "中秋节补假"),  # … give one day back
        (D(2028, 10, 6), False, ""),
    ],
)
def test_days_off_by_law_examples(day, off, name):
    got = days_off_by_law(day.year).get(day)
    assert (got is not None) is off
    assert (got.name if got else "") == name


def test_statutory_days_off_are_the_art2_days_without_substitutes():
    assert D(2028, 10, 3) in statutory_days_off(2028) and D(2028, 10, 4) not in statutory_days_off(2028)
    assert statutory_days_off(2028)[D(2028, 10, 3)].name == "国庆节、中秋节"
    assert set(statutory_days_off(2027)) == {d.on for d in statutory_days(2027)}


def test_the_2024_revision_applies_from_2025():
    assert [d.name for d in statutory_days(2024)].count("劳动节") == 1
    assert [d.name for d in statutory_days(2024)].count("春节") == 3
    assert D(2024, 2, 9) not in days_off_by_law(2024)  # 2024's 除夕 was not a holiday
    assert [d.name for d in statutory_days(2025)].count("劳动节") == 2
    assert D(2025, 1, 28) in days_off_by_law(2025)  # 2025's 除夕 was
    assert "795" in revision_for(2025).citation and "644" in revision_for(2024).citation


def test_years_outside_the_tables_are_refused_in_chinese():
    with pytest.raises(OutsideLawRange, match="1999年"):
        days_off_by_law(1999)
    with pytest.raises(OutsideLawRange):
        festival_dates(2100)


# -- provisional arithmetic --------------------------------------------------------------------


def test_provisional_span_skips_new_years_day_and_says_why():
    span = CAL.span(D(2026, 12, 30), 5, provisional=True)
    # 12-31 counts; 2027-01-01 is 元旦 by law; then 01-04 … 01-07
    assert span.end == D(2027, 1, 7)
    assert [d.on for d in span.holidays_skipped] == [D(2027, 1, 1)]
    text = span.explain()
    assert "01-01（元旦）" in text
    assert "（2027年节假日安排未录入：已按《全国年节及纪念日放假办法》排除法定节假日，" in text
    assert "调休安排未知，暂定，录入后重算）" in text


def test_provisional_reply_due_never_lands_on_new_years_day():
    # Monday–Friday alone gave 2027-01-01, a statutory holiday (the clerk's report).
    result = reply_due(CAL, start=D(2026, 12, 4), working_days=20)
    assert result.due_on == D(2027, 1, 4) and result.provisional_years == {2027}
    assert "排除法定节假日" in result.explanation


@pytest.mark.parametrize(
    ("start", "nominal", "end"),
    [
        # 行政诉讼 15 days ending on 元旦: the next day, a Saturday the notice might make a working
        # day, is the earliest possible end, so the agency's own deadline takes it (decision 0016).
        (D(2026, 12, 17), D(2027, 1, 1), D(2027, 1, 2)),
        # Ending on 除夕: over 02-05…02-08 (除夕, 初一–初三); 02-09 is only probably a substitute day.
        (D(2027, 1, 21), D(2027, 2, 5), D(2027, 2, 9)),
        (D(2027, 1, 20), D(2027, 2, 4), D(2027, 2, 4)),  # an ordinary Thursday
    ],
)
def test_calendar_period_moves_over_the_statutory_holidays_only(start, nominal, end):
    period = calendar_period(CAL, start, 15)
    assert (period.nominal_end, period.end) == (nominal, end)
    assert period.provisional_years == {2027} and "可能最早" in period.explain()


def test_loaded_years_are_unchanged_by_the_law():
    # A loaded year uses the notice even where it differs from our reading (2015's 中秋).
    assert CAL.span(D(2015, 9, 25), 1, provisional=True).end == D(2015, 9, 28)
    assert CAL.is_workday_provisional(D(2015, 9, 28))
    assert not CAL.span(D(2015, 9, 25), 1, provisional=True).is_provisional


starts = st.dates(min_value=D(2026, 1, 1), max_value=D(2029, 12, 31))
counts = st.integers(min_value=1, max_value=60)


def _acceptable_end(day: dt.date) -> bool:
    """Never a day off by law or a weekend, unless a loaded year's notice made it a working day."""
    if CAL.is_loaded(day.year) and CAL.is_workday(day):
        return True
    return day.weekday() < 5 and day not in days_off_by_law(day.year)


@settings(max_examples=300, deadline=None)
@given(start=starts, n=counts)
def test_provisional_result_is_never_a_holiday_by_law_or_weekend(start, n):
    span = CAL.span(start, n, provisional=True)
    assert span.end > start
    assert _acceptable_end(span.end)
    assert span.is_provisional == any(not CAL.is_loaded(y) for y in range(start.year, span.end.year + 1))


@settings(max_examples=300, deadline=None)
@given(start=starts, n=counts)
def test_provisional_result_is_monotonic_in_n(start, n):
    assert CAL.span(start, n, provisional=True).end < CAL.span(start, n + 1, provisional=True).end


@settings(max_examples=200, deadline=None)
@given(start=starts, n=counts)
def test_provisional_reply_clock_agrees_with_the_span(start, n):
    result = reply_due(CAL, start=start, working_days=n)
    assert result.due_on == CAL.span(start, n, provisional=True).end
    assert _acceptable_end(result.due_on)
