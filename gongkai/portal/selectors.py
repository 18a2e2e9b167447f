"""Read models for the public pages. They carry only what the public may see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from gongkai.cases.models import Case, Status
from gongkai.organizations.models import Agency


def active_agencies() -> QuerySet[Agency]:
    return Agency.objects.filter(is_active=True).order_by("path")


@dataclass(frozen=True)
class PublicStatus:
    """A case as the status page shows it: dates and labels, never the applicant or the request.

    The template gets this object, not the case, so no later template edit can leak a name,
    an identity number or the description to whoever holds a number and a code.
    """

    number: str
    received_on: dt.date
    status_label: str
    due_on: dt.date
    due_provisional: bool
    due_explanation: str
    closed: bool
    replied_on: dt.date | None
    outcome_label: str


def public_status(case: Case) -> PublicStatus:
    closed = case.status == Status.CLOSED
    return PublicStatus(
        number=case.number,
        received_on=case.received_on,
        status_label=case.get_status_display(),
        due_on=case.due_on,
        due_provisional=case.due_provisional,
        # The explanation names only dates and holidays (statute.calendar.Span.explain).
        due_explanation=case.due_explanation if case.due_provisional else "",
        closed=closed,
        replied_on=case.replied_on if closed else None,
        outcome_label=case.get_outcome_display() if closed else "",
    )
