"""Daily reminder to the OGI office about messages due by the next working day or overdue.

Each run recomputes from stored facts and records what was sent (ReminderSent), so a run missed
while the worker was down is caught up by the next one and a rerun sends nothing twice. One mail
per person per run lists all their messages: a digest, not a mail per message.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from gongkai.deadlines.calendars import current_calendar
from gongkai.organizations.models import Role

from .models import Message, ReminderSent
from .services import OFFICE_ROLES


def _recipients(message: Message, cache: dict) -> list:
    """The agency's clerks and office heads, plus the head of the department it was routed to."""
    key = (message.agency_id, message.department_id)
    if key not in cache:
        User = get_user_model()
        users = User.objects.filter(
            memberships__agency_id=message.agency_id, memberships__role__in=OFFICE_ROLES, is_active=True
        )
        if message.department_id:
            users = users | User.objects.filter(
                memberships__agency_id=message.agency_id,
                memberships__role=Role.DEPARTMENT_HEAD,
                memberships__department_id=message.department_id,
                is_active=True,
            )
        cache[key] = list(users.distinct())
    return cache[key]


def reminders_due(today: dt.date):
    """(message, stage) pairs that call for a reminder today."""
    next_workday = current_calendar().span(today, 1, provisional=True).end
    messages = Message.objects.pending().filter(due_on__lte=next_workday).select_related("agency")
    for message in messages.order_by("due_on", "id"):
        yield message, ReminderSent.Stage.OVERDUE if message.due_on < today else ReminderSent.Stage.DUE


def send_message_reminders(today: dt.date | None = None) -> int:
    """Send what is due today; return the number of (message, person) reminders recorded."""
    today = today or timezone.localdate()
    cache: dict = {}
    digest: dict = defaultdict(list)
    recorded = 0
    for message, stage in reminders_due(today):
        for user in _recipients(message, cache):
            try:
                with transaction.atomic():
                    ReminderSent.objects.create(message=message, stage=stage, user=user)
            except IntegrityError:
                continue  # already reminded at this stage
            recorded += 1
            digest[user].append((message, stage))
    for user, rows in digest.items():
        if not user.email:
            continue  # the staff list still shows them; mail is a convenience
        lines = [f"{user}：", "", "以下意见箱留言需要尽快答复：", ""]
        for message, stage in rows:
            verb = "已逾期" if stage == ReminderSent.Stage.OVERDUE else "即将到期"
            lines.append(
                f"· {message.number}（{message.agency.display_name}）答复期限 {message.due_on:%Y年%m月%d日}，{verb}"
                f"  {reverse('suggestions:detail', args=[message.pk])}"
            )
        overdue = sum(stage == ReminderSent.Stage.OVERDUE for _, stage in rows)
        subject = f"【意见箱】{len(rows)}条留言待答复" + (f"，其中{overdue}条已逾期" if overdue else "")
        try:
            send_mail(subject, "\n".join(lines) + "\n", None, [user.email])
        except OSError:
            pass
    return recorded
