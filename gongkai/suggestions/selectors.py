"""Read models of the 意见箱 for other apps: the site self-check, the staff desk, the public list.

The website inspection (国办秘函〔2019〕19号, 互动回应差) vetoes a site that has no effective
consultation channel, or that, within the year before the check point, has valid messages
unanswered for more than three months. These functions answer both questions from stored facts.
"""

from __future__ import annotations

import calendar
import datetime as dt

from django.db.models import Q, QuerySet

from gongkai.organizations.models import Agency

from .models import Message, Status

INSPECTION_WINDOW_MONTHS = 12
UNANSWERED_LIMIT_MONTHS = 3


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months earlier (the month's last day if it has no such day)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _unanswered_on(on: dt.date) -> Q:
    """Not answered by the end of ``on``: still pending, or answered only later."""
    return Q(status=Status.PENDING) | Q(status=Status.ANSWERED, replied_on__gt=on)


def unanswered_valid(
    agency: Agency, *, on: dt.date, older_than_days: int | None = None, within_months: int = INSPECTION_WINDOW_MONTHS
) -> QuerySet[Message]:
    """Valid messages received in the ``within_months`` before ``on`` and still unanswered at ``on``
    although older than three calendar months then (or ``older_than_days`` days, if given).

    Answered late but before ``on``: not here (see answered_late). A check point in the past is
    judged as it was then: a message answered after ``on`` still counts as unanswered.
    """
    if older_than_days is None:
        cutoff = months_before(on, UNANSWERED_LIMIT_MONTHS)
    else:
        cutoff = on - dt.timedelta(days=older_than_days)
    return (
        Message.objects.filter(agency=agency, received_on__gt=months_before(on, within_months), received_on__lt=cutoff)
        .filter(_unanswered_on(on))
        .order_by("received_on", "id")
    )


def answered_late(agency: Agency, *, on: dt.date, within_months: int = INSPECTION_WINDOW_MONTHS) -> QuerySet[Message]:
    """Valid messages of the window answered by ``on`` but more than three months after receipt.

    Whether these count under 互动回应差 depends on the inspector's reading; the self-check may
    show them as a warning.
    """
    rows = Message.objects.filter(
        agency=agency,
        status=Status.ANSWERED,
        received_on__gt=months_before(on, within_months),
        replied_on__lte=on,
    ).order_by("received_on", "id")
    return rows.filter(pk__in=[m.pk for m in rows if m.replied_on > _add_months(m.received_on)])


def _add_months(day: dt.date, months: int = UNANSWERED_LIMIT_MONTHS) -> dt.date:
    return months_before(day, -months)


def has_channel(agency: Agency) -> bool:
    """Whether the agency offers an online consultation channel: every active agency's 意见箱 is
    open at ``a/<code>/messages/new/`` (a petition or discipline-report channel would not count)."""
    return agency.is_active


def published_messages(agency: Agency) -> QuerySet[Message]:
    """The public Q&A list, newest first."""
    return Message.objects.filter(agency=agency).published().order_by("-replied_at", "-id")


def pending_counts(messages: QuerySet[Message], today: dt.date) -> tuple[int, int]:
    """(pending, overdue) among ``messages`` (already scoped to what the user may read)."""
    pending = messages.pending()
    return pending.count(), pending.filter(due_on__lt=today).count()
