"""Statutory working days (工作日) and the arithmetic the Regulation's time limits need.

A working day is a Monday–Friday that is not a public holiday, or a weekend day the State
Council has declared a make-up working day (调休上班). The official schedule is published
once a year, so the calendar knows which years are *loaded*; arithmetic that would need an
unloaded year never guesses (see docs/decisions/0002-unloaded-calendar-years.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

ONE_DAY = dt.timedelta(days=1)
# Arithmetic refuses to walk further than this: 40 working days plus pauses never needs more
# than a few months, and a runaway loop over a huge N should stop with a clear error.
MAX_SPAN_DAYS = 366 * 30
# Why a date that reaches into an unloaded year is provisional; follows "2027年" (decision 0016).
PROVISIONAL_REASON = "节假日安排未录入：已按《全国年节及纪念日放假办法》排除法定节假日，调休安排未知，暂定，录入后重算"


class ScheduleNotLoaded(LookupError):
    """The official holiday schedule of a year is needed but has not been loaded."""

    def __init__(self, year: int) -> None:
        self.year = year
        super().__init__(
            f"{year}年的法定节假日安排尚未录入，无法按工作日计算。"
            f"请先录入国务院办公厅关于{year}年部分节假日安排的通知"
            f"（gongkai workdays load 文件）。"
        )


@dataclass(frozen=True)
class DayOverride:
    """An official deviation from the weekday rule: a holiday or a make-up working day."""

    on: dt.date
    is_workday: bool
    name: str = ""


@dataclass(frozen=True)
class Span:
    """The result of a working-day addition, with what a clerk needs to check it by hand."""

    start: dt.date
    days: int
    end: dt.date
    holidays_skipped: tuple[DayOverride, ...]
    makeup_days_counted: tuple[DayOverride, ...]
    provisional_years: frozenset[int] = frozenset()

    @property
    def is_provisional(self) -> bool:
        return bool(self.provisional_years)

    def explain(self) -> str:
        """One Chinese sentence such as 2024-09-27 起算 20 个工作日 …; 截止 2024-10-30."""
        parts = [f"自 {self.start.isoformat()} 次日起算 {self.days} 个工作日"]
        if self.holidays_skipped:
            parts.append("跳过节假日 " + _ranges(self.holidays_skipped))
        if self.makeup_days_counted:
            days = "、".join(d.on.strftime("%m-%d") for d in self.makeup_days_counted)
            parts.append(f"计入调休上班日 {days}")
        tail = f"截止 {self.end.isoformat()}"
        if self.provisional_years:
            years = "、".join(str(y) for y in sorted(self.provisional_years))
            tail += f"（{years}年{PROVISIONAL_REASON}）"
        parts.append(tail)
        return "；".join(parts) + "。"


def _days_off_by_law(year: int) -> Mapping[dt.date, DayOverride]:
    # Imported here because national_holidays builds its days from DayOverride, defined above.
    from .national_holidays import days_off_by_law

    return days_off_by_law(year)


def _ranges(days: Iterable[DayOverride]) -> str:
    """Group consecutive holiday dates: 10-01…10-07 国庆节, 10-12 …"""
    out: list[str] = []
    run: list[DayOverride] = []
    for d in days:
        if run and (d.on - run[-1].on == ONE_DAY) and d.name == run[-1].name:
            run.append(d)
            continue
        if run:
            out.append(_fmt_run(run))
        run = [d]
    if run:
        out.append(_fmt_run(run))
    return "、".join(out)


def _fmt_run(run: list[DayOverride]) -> str:
    first, last = run[0], run[-1]
    label = first.on.strftime("%m-%d")
    if last is not first:
        label += "…" + last.on.strftime("%m-%d")
    return f"{label}（{first.name}）" if first.name else label


@dataclass
class WorkCalendar:
    """The official working-day calendar for the years whose schedule is loaded."""

    overrides: Mapping[dt.date, DayOverride] = field(default_factory=dict)
    loaded_years: frozenset[int] = frozenset()

    @classmethod
    def build(cls, overrides: Iterable[DayOverride], loaded_years: Iterable[int]) -> WorkCalendar:
        return cls({o.on: o for o in overrides}, frozenset(loaded_years))

    # -- single days ------------------------------------------------------------------------

    def is_loaded(self, year: int) -> bool:
        return year in self.loaded_years

    def is_workday(self, day: dt.date) -> bool:
        """Whether ``day`` is a statutory working day; raises for an unloaded year."""
        if day.year not in self.loaded_years:
            raise ScheduleNotLoaded(day.year)
        return self._is_workday(day)

    def describe(self, day: dt.date) -> tuple[bool, str]:
        """(is_workday, official name or "") — the name of the holiday or of the make-up day."""
        workday = self.is_workday(day)
        override = self.overrides.get(day)
        return workday, override.name if override else ""

    def describe_provisional(self, day: dt.date) -> tuple[bool, str]:
        """Like describe(), but an unloaded year gets the provisional answer instead of an error:
        Monday–Friday except the days off by law (statute.national_holidays); 调休 is unknown."""
        if day.year in self.loaded_years:
            return self.describe(day)
        off = _days_off_by_law(day.year).get(day)
        if off is not None:
            return False, off.name
        return day.weekday() < 5, ""

    def is_workday_provisional(self, day: dt.date) -> bool:
        """is_workday() in a loaded year; the provisional answer (describe_provisional) otherwise."""
        return self.describe_provisional(day)[0]

    def _is_workday(self, day: dt.date) -> bool:
        override = self.overrides.get(day)
        if override is not None:
            return override.is_workday
        return day.weekday() < 5

    # -- arithmetic -------------------------------------------------------------------------

    def add_working_days(self, start: dt.date, n: int) -> dt.date:
        """The n-th working day strictly after ``start`` (strictly before it for negative n).

        The start day itself is never counted, whether or not it is a working day: the
        Regulation's periods run from the day after receipt. ``n == 0`` returns ``start``.
        Raises ScheduleNotLoaded if any day walked over lies in an unloaded year.
        """
        return self.span(start, n).end

    def span(self, start: dt.date, n: int, *, provisional: bool = False) -> Span:
        """Like add_working_days, with the holidays and make-up days met on the way.

        With ``provisional=True`` a day in an unloaded year is taken as a working day when it
        is Monday–Friday and not a day off by law (statute.national_holidays), and the result
        names the years so assumed, to be shown as provisional and recomputed when the official
        schedule is loaded.
        """
        step = ONE_DAY if n >= 0 else -ONE_DAY
        remaining = abs(n)
        day = start
        skipped: list[DayOverride] = []
        counted_makeup: list[DayOverride] = []
        assumed: set[int] = set()
        walked = 0
        while remaining:
            day += step
            walked += 1
            if walked > MAX_SPAN_DAYS:
                raise ValueError(f"工作日数 {n} 超出可计算范围")
            if day.year not in self.loaded_years:
                if not provisional:
                    raise ScheduleNotLoaded(day.year)
                assumed.add(day.year)
                off = _days_off_by_law(day.year).get(day)
                if off is not None:
                    skipped.append(off)
                elif day.weekday() < 5:
                    remaining -= 1
                continue
            override = self.overrides.get(day)
            if self._is_workday(day):
                remaining -= 1
                if override is not None:
                    counted_makeup.append(override)
            elif override is not None:
                skipped.append(override)
        if n < 0:
            skipped.reverse()
            counted_makeup.reverse()
        return Span(start, n, day, tuple(skipped), tuple(counted_makeup), frozenset(assumed))

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days d with start < d <= end (negative when end is before start).

        The inverse of add_working_days: for a working day ``e`` after ``s``,
        ``working_days_between(s, e) == k`` exactly when ``add_working_days(s, k) == e``.
        """
        if end < start:
            return -self.working_days_between(end, start)
        if (end - start).days > MAX_SPAN_DAYS:
            raise ValueError("日期区间超出可计算范围")
        count = 0
        day = start
        while day < end:
            day += ONE_DAY
            if day.year not in self.loaded_years:
                raise ScheduleNotLoaded(day.year)
            count += self._is_workday(day)
        return count
