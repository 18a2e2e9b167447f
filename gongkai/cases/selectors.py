"""Reads shared by the staff pages: the "due soon" horizon."""

from __future__ import annotations

import datetime as dt

from gongkai.deadlines.calendars import current_calendar

DUE_SOON_WORKING_DAYS = 5


def due_soon_until(today: dt.date) -> dt.date:
    """Cases due on or before this date are "due soon" (5 working days ahead)."""
    return current_calendar().span(today, DUE_SOON_WORKING_DAYS, provisional=True).end
