"""Daily reminder to the departments responsible for overdue 标准目录 items.

Each responsible department's heads (科室负责人) get one digest per agency per day listing their
overdue items; items without a responsible department, or whose department has no head, go to
the office heads (公开办负责人), so nothing overdue goes unreported. ReminderSent records each
digest, so a rerun the same day sends nothing twice. Recomputed from the documents every run.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from gongkai.directories.models import DirectoryItem, ReminderSent
from gongkai.organizations.models import Agency, Role

from .compliance import ItemStatus, compliance_summary


def _heads(agency: Agency, department_id: int | None) -> list:
    users = get_user_model().objects.filter(is_active=True, memberships__agency=agency)
    if department_id is not None:
        found = list(
            users.filter(memberships__role=Role.DEPARTMENT_HEAD, memberships__department_id=department_id).distinct()
        )
        if found:
            return found
    return list(users.filter(memberships__role=Role.OFFICE_HEAD).distinct())


def overdue_by_person(agency: Agency, on: dt.date) -> dict:
    """{user: [ItemStatus, …]} of the agency's overdue items, by who should hear of them."""
    out: dict = defaultdict(list)
    for department in compliance_summary(agency, on).departments:
        if not department.overdue:
            continue
        for user in _heads(agency, department.department_id):
            out[user].extend(department.overdue)
    return out


def _line(status: ItemStatus) -> str:
    item = status.item
    missed = "、".join(f"{e.label}（应于{e.due_on:%Y年%m月%d日}前）" for e in status.overdue[:3])
    more = f"等{len(status.overdue)}次" if len(status.overdue) > 3 else ""
    return f"· {item}：{missed}{more}未公开  {reverse('directories:item', args=[item.pk])}"


def send_directory_reminders(today: dt.date | None = None) -> int:
    """Send today's digests; return how many were recorded."""
    today = today or timezone.localdate()
    agencies = Agency.objects.filter(
        is_active=True, pk__in=DirectoryItem.objects.current().values("agency_id")
    ).order_by("path")
    sent = 0
    for agency in agencies:
        for user, statuses in overdue_by_person(agency, today).items():
            try:
                with transaction.atomic():
                    ReminderSent.objects.create(user=user, agency=agency, sent_on=today)
            except IntegrityError:
                continue  # already reminded today
            sent += 1
            if not user.email:
                continue  # the 工作台 shows the same list; mail is a convenience
            lines = [f"{user}：", "", f"{agency.display_name}主动公开全清单（标准目录）中以下事项已逾期未公开：", ""]
            lines += [_line(s) for s in statuses]
            lines += ["", "请尽快公开，并在起草文件时选择对应的标准目录事项。"]
            subject = f"【标准目录】{len(statuses)}项主动公开事项已逾期"
            try:
                send_mail(subject, "\n".join(lines) + "\n", None, [user.email])
            except OSError:
                pass
    return sent
