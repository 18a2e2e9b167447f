"""The reply clock of a request (Arts. 30, 32–34 and the fee rules) on a working-day calendar.

The clock runs from a start day (receipt, or receipt of the supplemented request: Art. 30
restarts it) for 20 working days plus any approved extension. Days inside a pause — a
consultation of a third party or co-making agency (Art. 33(3)), or the fee-payment window
(regulation.md §9.1, policy default) — are not counted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from .calendar import MAX_SPAN_DAYS, ONE_DAY, ScheduleNotLoaded, WorkCalendar


@dataclass(frozen=True)
class Pause:
    """Days [first, last] excluded from the reply clock, both inclusive."""

    first: dt.date
    last: dt.date
    reason: str

    def covers(self, day: dt.date) -> bool:
        return self.first <= day <= self.last


@dataclass(frozen=True)
class ClockResult:
    due_on: dt.date
    provisional_years: frozenset[int]
    paused_working_days: int
    explanation: str


def reply_due(
    calendar: WorkCalendar, *, start: dt.date, working_days: int, pauses: Iterable[Pause] = ()
) -> ClockResult:
    """The due date: the ``working_days``-th counted working day after ``start``.

    Working days inside a pause are skipped. A day in a year whose schedule is not loaded is
    counted Monday–Friday less the days off by law, and the result is marked provisional
    (decisions 0002, 0016).
    """
    pauses = sorted(pauses, key=lambda p: p.first)
    remaining, day, paused, assumed, walked = working_days, start, 0, set(), 0
    while remaining > 0:
        day += ONE_DAY
        walked += 1
        if walked > MAX_SPAN_DAYS:
            raise ValueError("期限超出可计算范围")
        if not calendar.is_loaded(day.year):
            assumed.add(day.year)
        if not calendar.is_workday_provisional(day):
            continue
        if any(p.covers(day) for p in pauses):
            paused += 1
            continue
        remaining -= 1
    base = calendar.span(start, working_days, provisional=True)
    parts = [base.explain().rstrip("。")]
    if paused:
        reasons = "、".join(dict.fromkeys(p.reason for p in pauses))
        parts.append(f"{reasons}期间 {paused} 个工作日不计入，顺延至 {day.isoformat()}")
    return ClockResult(day, frozenset(assumed), paused, "；".join(parts) + "。")


def working_days_left(calendar: WorkCalendar, today: dt.date, due_on: dt.date) -> int | None:
    """Working days from today to the due date (negative when overdue); None if not computable."""
    try:
        return calendar.working_days_between(today, due_on)
    except ScheduleNotLoaded:
        return None
