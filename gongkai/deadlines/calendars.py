"""The statutory calendar as stored in the database, handed to the statute arithmetic."""

from __future__ import annotations

import threading

from django.db.models import Count, Max

from gongkai.statute.calendar import DayOverride, WorkCalendar

from .models import CalendarDay, CalendarYear

_lock = threading.Lock()
_cached: tuple[tuple, WorkCalendar] | None = None


def _revision() -> tuple:
    """Cheap fingerprint of the calendar tables; any load or edit changes it."""
    years = CalendarYear.objects.aggregate(n=Count("year"), last=Max("loaded_at"))
    days = CalendarDay.objects.aggregate(n=Count("id"), last=Max("updated_at"), top=Max("id"))
    return (years["n"], years["last"], days["n"], days["last"], days["top"])


def current_calendar() -> WorkCalendar:
    """The working-day calendar as loaded now (rebuilt only when the tables changed)."""
    global _cached
    revision = _revision()
    with _lock:
        if _cached is not None and _cached[0] == revision:
            return _cached[1]
    calendar = WorkCalendar.build(
        (
            DayOverride(on, is_workday, note)
            for on, is_workday, note in CalendarDay.objects.values_list("on", "is_workday", "note")
        ),
        CalendarYear.objects.values_list("year", flat=True),
    )
    with _lock:
        _cached = (revision, calendar)
    return calendar
