"""Reads shared by the staff pages: the "due soon" horizon, and dates recomputed lately."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType

from gongkai.core.models import AuditEvent
from gongkai.deadlines.calendars import current_calendar

from .access import cases_for
from .models import Case
from .services.recalc import RECALCULATED

DUE_SOON_WORKING_DAYS = 5
# How long the 工作台 keeps saying that a case's dates were recomputed after a schedule load.
RECALCULATED_NOTICE_DAYS = 14
RECALCULATED_NOTICE_MAX_EVENTS = 1000


def due_soon_until(today: dt.date) -> dt.date:
    """Cases due on or before this date are "due soon" (5 working days ahead)."""
    return current_calendar().span(today, DUE_SOON_WORKING_DAYS, provisional=True).end


@dataclass(frozen=True)
class RecalculatedCase:
    """An open case whose dates moved when a year's holiday schedule was loaded."""

    case: Case
    at: dt.datetime
    years: tuple[int, ...]
    changes: tuple[str, ...]  # 答复期限由 2027-01-29 改为 2027-02-01


def recalculated_cases(user, *, since: dt.datetime) -> list[RecalculatedCase]:
    """The user's open cases (cases_for) with a date recomputed since ``since``, latest first.

    Read from the audit events that cases.services.recalc writes, so nothing else is stored.
    """
    events = AuditEvent.objects.filter(
        code=RECALCULATED, target_type=ContentType.objects.get_for_model(Case), at__gte=since
    ).order_by("-at", "-id")[:RECALCULATED_NOTICE_MAX_EVENTS]
    latest: dict[int, AuditEvent] = {}
    for event in events:
        latest.setdefault(int(event.target_id), event)
    visible = cases_for(user).open().filter(pk__in=list(latest)).in_bulk()
    out = []
    for pk, event in latest.items():
        if pk not in visible:
            continue
        changes = tuple(
            f"{c['label']}由 {c['before']} 改为 {c['after']}"
            for c in event.data.get("changes", [])
            if c.get("before") != c.get("after")
        )
        out.append(RecalculatedCase(visible[pk], event.at, tuple(event.data.get("years", [])), changes))
    return out
