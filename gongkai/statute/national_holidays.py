"""The national holidays by law (《全国年节及纪念日放假办法》), for years whose State Council notice
is not loaded.

The yearly notice (国务院办公厅关于XXXX年部分节假日安排的通知) decides the real schedule, with its
调休 make-up working weekends, and a loaded year always uses it (statute.calendar). Before the
notice is loaded, the law itself still fixes most days off: every day listed in Art. 2 of the 办法,
and, by Art. 6, a substitute day (补假) on a working day for each of those that falls on a Saturday
or Sunday. Which weekday the notice picks for a substitute is not in the law; we take the first
Monday–Friday after it that is not already off (docs/decisions/0016-holidays-by-law.md, which also
records how well that reading matched the official schedules of 2008–2026).

Lunar dates (春节, 端午, 中秋) and the 清明 solar term come from the ``holidays`` package's Chinese
lunisolar tables (1901–2099), not from a table of our own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType

from .calendar import DayOverride

ONE_DAY = dt.timedelta(days=1)

# The 1999 text is the first whose whole years we cover; the lunisolar tables end in 2099.
FIRST_YEAR = 2000
LAST_YEAR = 2099

LAW = "《全国年节及纪念日放假办法》"
SUBSTITUTE_SUFFIX = "补假"  # Art. 6: "应当在工作日补假"


@dataclass(frozen=True)
class Revision:
    """One text of the 办法: from which year it governs, and what it gives."""

    first_year: int
    citation: str
    # Days of 春节 as offsets from 正月初一 (−1 is 农历除夕).
    spring_festival: tuple[int, ...]
    # Days of 劳动节 in May.
    labour_day: tuple[int, ...]
    # 清明节, 端午节 and 中秋节 became holidays with the 2007 revision.
    traditional_festivals: bool


REVISIONS: tuple[Revision, ...] = (
    Revision(2000, "1999年修订（国务院令第270号）", (0, 1, 2), (1, 2, 3), False),
    Revision(2008, "2007年修订（国务院令第513号，2008年1月1日起施行）", (-1, 0, 1), (1,), True),
    Revision(2014, "2013年修订（国务院令第644号，2014年1月1日起施行）", (0, 1, 2), (1,), True),
    Revision(2025, "2024年修订（国务院令第795号，2025年1月1日起施行）", (-1, 0, 1, 2), (1, 2), True),
)


class OutsideLawRange(ValueError):
    """The year is outside the years this module can work out from the law."""

    def __init__(self, year: int) -> None:
        self.year = year
        super().__init__(
            f"{year}年不在可按{LAW}推算节假日的范围（{FIRST_YEAR}—{LAST_YEAR}年）内，请先录入该年度的节假日安排"
        )


def revision_for(year: int) -> Revision:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise OutsideLawRange(year)
    return [r for r in REVISIONS if r.first_year <= year][-1]


@dataclass(frozen=True)
class Festival:
    """The lunisolar dates of one year, as the library gives them."""

    lunar_new_year: dt.date  # 正月初一
    qingming: dt.date  # the day of the 清明 solar term
    dragon_boat: dt.date  # 五月初五
    mid_autumn: dt.date  # 八月十五


def festival_dates(year: int) -> Festival:
    """Lunar dates and 清明 for ``year`` from holidays' Chinese lunisolar calendar.

    The class is private to the package (its public ``holidays.China`` adds guessed 补假 and,
    for past years, the notices' arrangements), so this is the one place that touches it; the
    version is pinned and tests/test_national_holidays.py cross-checks it.
    """
    from holidays.calendars.chinese import _ChineseLunisolar

    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise OutsideLawRange(year)
    lunisolar = _ChineseLunisolar()
    dates = (
        lunisolar.lunar_new_year_date(year)[0],
        lunisolar.qingming_date(year)[0],
        lunisolar.dragon_boat_date(year)[0],
        lunisolar.mid_autumn_date(year)[0],
    )
    if any(d is None for d in dates):  # the library's tables do not reach this year
        raise OutsideLawRange(year)
    return Festival(*dates)


def statutory_days(year: int) -> tuple[DayOverride, ...]:
    """The days off listed in Art. 2 of the 办法 in force that year, in date order.

    A date appears twice when two holidays fall on it (中秋节 inside 国庆节, as in 2028).
    """
    revision = revision_for(year)
    festival = festival_dates(year)
    days = [DayOverride(dt.date(year, 1, 1), False, "元旦")]
    days += [DayOverride(festival.lunar_new_year + k * ONE_DAY, False, "春节") for k in revision.spring_festival]
    days += [DayOverride(dt.date(year, 5, d), False, "劳动节") for d in revision.labour_day]
    days += [DayOverride(dt.date(year, 10, d), False, "国庆节") for d in (1, 2, 3)]
    if revision.traditional_festivals:
        days += [
            DayOverride(festival.qingming, False, "清明节"),
            DayOverride(festival.dragon_boat, False, "端午节"),
            DayOverride(festival.mid_autumn, False, "中秋节"),
        ]
    return tuple(sorted(days, key=lambda d: d.on))


@lru_cache(maxsize=256)
def statutory_days_off(year: int) -> Mapping[dt.date, DayOverride]:
    """The Art. 2 days by date: off whatever the year's notice says (two names on a shared date).

    Unlike the substitutes, whose place the notice chooses, these are certain; every one of them
    was off in every official schedule of 2004–2026.
    """
    out: dict[dt.date, DayOverride] = {}
    for day in statutory_days(year):
        name = f"{out[day.on].name}、{day.name}" if day.on in out else day.name
        out[day.on] = DayOverride(day.on, False, name)
    return MappingProxyType(out)


@lru_cache(maxsize=256)
def days_off_by_law(year: int) -> Mapping[dt.date, DayOverride]:
    """Every day off the law gives in ``year``: the Art. 2 days and their Art. 6 substitutes.

    A holiday on a Saturday or Sunday, and the second of two holidays on one date, each get a
    substitute day: the first Monday–Friday after it that is not already off. Weekends are not
    listed unless a holiday falls on them. Raises OutsideLawRange outside 2000–2099.
    """
    out: dict[dt.date, DayOverride] = {}
    owed: list[DayOverride] = []
    for day in statutory_days(year):
        if day.on in out:
            # Two holidays on one date: the notices give the lost day back (2009, 2020).
            out[day.on] = DayOverride(day.on, False, f"{out[day.on].name}、{day.name}")
            owed.append(day)
            continue
        out[day.on] = day
        if day.on.weekday() >= 5:
            owed.append(day)
    for day in owed:
        substitute = day.on + ONE_DAY
        while substitute.weekday() >= 5 or substitute in out:
            substitute += ONE_DAY
        out[substitute] = DayOverride(substitute, False, day.name + SUBSTITUTE_SUFFIX)
    return MappingProxyType(dict(sorted(out.items())))


def is_day_off_by_law(day: dt.date) -> bool:
    return day in days_off_by_law(day.year)
