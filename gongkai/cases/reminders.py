"""Reminders to staff before and after statutory dates.

Each run recomputes everything from stored facts (open deadlines, their due dates, who handles
the case) and sends only what has not been sent (ReminderSent), so a worker that was down for a
day catches up on its next run and a rerun sends nothing twice.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.deadlines.calendars import current_calendar
from gongkai.organizations.models import Role

from .models import Deadline, ReminderSent, Status

SOON_WORKING_DAYS = 3
# Deadlines a clerk must act on; the applicant's own deadlines remind the clerk to close the case.
WATCHED = [
    Deadline.Kind.REPLY,
    Deadline.Kind.SUPPLEMENT_NOTICE,
    Deadline.Kind.CONSULTATION,
    Deadline.Kind.SUPPLEMENT,
    Deadline.Kind.FEE_PAYMENT,
    Deadline.Kind.REASONS,
]


def handlers_of(case):
    """Who is told about a case's dates: its assignee, or every active clerk of its agency."""
    if case.assignee_id:
        return [case.assignee]
    User = get_user_model()
    return list(
        User.objects.filter(memberships__agency=case.agency, memberships__role=Role.CLERK, is_active=True).distinct()
    )


def due_reminders(today: dt.date):
    """(deadline, stage) pairs that call for a reminder today."""
    horizon = current_calendar().span(today, SOON_WORKING_DAYS, provisional=True).end
    deadlines = (
        Deadline.objects.filter(kind__in=WATCHED, superseded=False, met_on__isnull=True, due_on__lte=horizon)
        .exclude(case__status=Status.CLOSED)
        .select_related("case", "case__agency", "case__assignee")
    )
    for deadline in deadlines:
        # The reply clock stops while a supplement or a fee is awaited; no reply reminder then.
        if deadline.kind == Deadline.Kind.REPLY and not deadline.case.clock_running:
            continue
        yield deadline, ReminderSent.Stage.OVERDUE if deadline.due_on < today else ReminderSent.Stage.SOON


def send_due_reminders(today: dt.date | None = None) -> int:
    today = today or timezone.localdate()
    sent = 0
    for deadline, stage in due_reminders(today):
        case = deadline.case
        for user in handlers_of(case):
            try:
                with transaction.atomic():
                    ReminderSent.objects.create(deadline=deadline, stage=stage, user=user)
            except IntegrityError:
                continue  # already reminded
            if user.email:
                verb = "已逾期" if stage == ReminderSent.Stage.OVERDUE else "即将到期"
                try:
                    send_mail(
                        f"【{verb}】{case.number} {deadline.get_kind_display()}",
                        f"{user}：\n\n{case.number} 的{deadline.get_kind_display()}为 "
                        f"{deadline.due_on:%Y年%m月%d日}，{verb}。\n{deadline.explanation}\n",
                        None,
                        [user.email],
                    )
                except OSError:
                    pass  # the home page and due list still show it; mail is a convenience

            sent += 1
    return sent
