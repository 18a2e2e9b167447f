from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q

from gongkai.core.models import TimeStampedModel
from gongkai.organizations.models import AgencyYearCounter
from gongkai.statute.identity import mask_email, mask_phone


class Status(models.TextChoices):
    PENDING = "pending", "待答复"
    ANSWERED = "answered", "已答复"
    INVALID = "invalid", "无效留言"


# Which status each step may start from (services._guard).
ALLOWED = {
    "assign": {Status.PENDING},
    "reply": {Status.PENDING},
    "invalid": {Status.PENDING},
    "publish": {Status.ANSWERED},
    "withdraw": {Status.ANSWERED},
}


class MessageQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=Status.PENDING)

    def valid(self):
        """Messages that count for the website inspection: everything not marked invalid."""
        return self.exclude(status=Status.INVALID)

    def overdue(self, today: dt.date):
        """Pending messages whose reply date passed before ``today``; derived, never stored."""
        return self.filter(status=Status.PENDING, due_on__lt=today)

    def published(self):
        return self.filter(status=Status.ANSWERED, publish_allowed=True, is_published=True)


class Message(TimeStampedModel):
    """A message left in an agency's public 意见箱 (consultation or suggestion), and its reply."""

    agency = models.ForeignKey(
        "organizations.Agency", verbose_name="机关", on_delete=models.PROTECT, related_name="messages"
    )
    number = models.CharField("留言编号", max_length=20)
    year = models.PositiveSmallIntegerField("年度")
    seq = models.PositiveIntegerField("序号")
    query_code_hash = models.CharField(max_length=128)
    submission_key = models.CharField(max_length=64, blank=True)

    name = models.CharField("姓名", max_length=60, blank=True)
    contact = models.CharField("联系方式", max_length=120)
    subject = models.CharField("标题", max_length=100)
    body = models.TextField("留言内容")
    publish_allowed = models.BooleanField("同意公开", default=False)

    received_at = models.DateTimeField("提交时间")
    received_on = models.DateField("收到日期")
    due_on = models.DateField("答复期限")

    status = models.CharField("状态", max_length=10, choices=Status, default=Status.PENDING)
    invalid_reason = models.CharField("无效原因", max_length=200, blank=True)
    department = models.ForeignKey(
        "organizations.Department",
        verbose_name="承办科室",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="messages",
    )

    reply = models.TextField("答复内容", blank=True)
    replied_on = models.DateField("答复日期", null=True, blank=True)
    replied_at = models.DateTimeField("答复时间", null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="答复人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_published = models.BooleanField("已公开", default=False)

    objects = MessageQuerySet.as_manager()

    class Meta:
        verbose_name = "留言"
        verbose_name_plural = "留言"
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["agency", "status", "received_on"], name="message_agency_status_recv")]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year", "seq"], name="message_unique_seq"),
            # Numbers run per agency and year, so two agencies both have a YJ2026-00001.
            models.UniqueConstraint(fields=["agency", "number"], name="message_unique_number"),
            models.UniqueConstraint(
                fields=["agency", "submission_key"], condition=~Q(submission_key=""), name="message_unique_submission"
            ),
            # Only an answered message whose writer agreed may be shown publicly.
            models.CheckConstraint(
                condition=Q(is_published=False) | Q(status="answered", publish_allowed=True),
                name="message_published_only_with_consent",
            ),
            models.CheckConstraint(
                condition=~Q(status="answered") | Q(replied_on__isnull=False),
                name="message_answered_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def is_overdue(self, today: dt.date) -> bool:
        return self.status == Status.PENDING and self.due_on < today

    @property
    def contact_is_email(self) -> bool:
        return "@" in self.contact

    @property
    def masked_name(self) -> str:
        """The surname only (张**), as lists and the public page show it; 匿名 when none was given."""
        return f"{self.name[0]}**" if self.name else "匿名"

    @property
    def masked_contact(self) -> str:
        return mask_email(self.contact) if self.contact_is_email else mask_phone(self.contact)


class MessageCounter(AgencyYearCounter):
    """The last message number given per agency and year; locked row → no duplicate numbers."""

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="message_counter_unique")]


class ReminderSent(models.Model):
    """One reminder mail about a message to one person at one stage, so reruns send nothing twice."""

    class Stage(models.TextChoices):
        DUE = "due", "明天到期"
        OVERDUE = "overdue", "已逾期"

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="reminders")
    stage = models.CharField(max_length=10, choices=Stage)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["message", "stage", "user"], name="message_reminder_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.message_id} {self.stage} → {self.user_id}"
