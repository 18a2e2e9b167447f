"""Read models of the 意见箱 for other apps: the site self-check, the staff desk, the public list.

Whether messages were left unanswered too long (国办秘函〔2019〕19号, 互动回应差) is a statutory
rule and lives once, in ``statute.sitecheck.unanswered_too_long``; the self-check feeds it the
stored facts (received_on, replied_on) of the valid messages.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from gongkai.organizations.models import Agency

from .models import Message


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
