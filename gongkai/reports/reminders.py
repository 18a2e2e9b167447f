"""Reminders before the annual-report deadline (Art. 49), recomputed from stored facts each run."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.organizations.models import Agency, Role
from gongkai.statute.periods import next_annual_report

from .models import AnnualReport, ReportReminderSent

STAGES = ((30, "30"), (7, "7"))


def _stage(today: dt.date, deadline: dt.date) -> str | None:
    if today > deadline:
        return "late"
    left = (deadline - today).days
    for days, stage in sorted(STAGES):
        if left <= days:
            return stage
    return None


def send_report_reminders(today: dt.date | None = None) -> int:
    today = today or timezone.localdate()
    User = get_user_model()
    sent = 0
    for agency in Agency.objects.filter(is_active=True):
        year, deadline = next_annual_report(today, agency.report_due)
        # Just after the deadline next_annual_report moves on; look back at the year just missed too.
        candidates = [(year, deadline)]
        if year == today.year:
            candidates.append((year - 1, dt.date(year, *map(int, agency.report_due.split("-")))))
        for report_year, due in candidates:
            stage = _stage(today, due)
            if stage is None or (stage == "late" and (today - due).days > 60):
                continue
            if AnnualReport.objects.filter(
                agency=agency, year=report_year, status=AnnualReport.Status.PUBLISHED
            ).exists():
                continue
            heads = User.objects.filter(
                memberships__agency=agency, memberships__role=Role.OFFICE_HEAD, is_active=True
            ).distinct()
            for user in heads:
                try:
                    with transaction.atomic():
                        ReportReminderSent.objects.create(agency=agency, year=report_year, stage=stage, user=user)
                except IntegrityError:
                    continue
                sent += 1
                if user.email:
                    what = "已超过公布期限" if stage == "late" else f"距公布期限还有{(due - today).days}天"
                    try:
                        send_mail(
                            f"【年度报告】{agency.display_name}{report_year}年度报告{what}",
                            f"{user}：\n\n{agency.name}{report_year}年政府信息公开工作年度报告应于"
                            f"{due:%Y年%m月%d日}前公布（条例第四十九条），目前尚未公布。\n",
                            None,
                            [user.email],
                        )
                    except OSError:
                        pass
    return sent
