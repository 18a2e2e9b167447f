"""The docket of reconsideration and litigation cases brought against the agency's OGI work."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q

from gongkai.core.models import TimeStampedModel
from gongkai.statute.remedies import KIND_LABELS, RemedyKind


class Kind(models.TextChoices):
    RECONSIDERATION = RemedyKind.RECONSIDERATION.value, KIND_LABELS[RemedyKind.RECONSIDERATION]
    LITIGATION_DIRECT = RemedyKind.LITIGATION_DIRECT.value, KIND_LABELS[RemedyKind.LITIGATION_DIRECT]
    LITIGATION_AFTER_RECONSIDERATION = (
        RemedyKind.LITIGATION_AFTER_RECONSIDERATION.value,
        KIND_LABELS[RemedyKind.LITIGATION_AFTER_RECONSIDERATION],
    )


class Outcome(models.TextChoices):
    """The columns of table 四 of the annual report."""

    MAINTAINED = "maintained", "维持"
    CORRECTED = "corrected", "纠正"
    OTHER = "other", "其他"
    PENDING = "pending", "尚未审结"


class RemedyQuerySet(models.QuerySet):
    def awaiting_reply(self):
        """The agency still owes its reply or defence (and knows when: the copy was served)."""
        return self.filter(replied_on__isnull=True, reply_due_on__isnull=False)

    def reply_overdue(self, today: dt.date):
        return self.awaiting_reply().filter(reply_due_on__lt=today)

    def reply_due_soon(self, today: dt.date, until: dt.date):
        return self.awaiting_reply().filter(reply_due_on__gte=today, reply_due_on__lte=until)


class RemedyCase(TimeStampedModel):
    """One reconsideration or lawsuit about the agency's OGI work, with its own deadlines."""

    agency = models.ForeignKey(
        "organizations.Agency", verbose_name="机关", on_delete=models.PROTECT, related_name="remedies"
    )
    number = models.CharField("案号", max_length=80, help_text="复议机关或法院的案号，如 门政复〔2024〕12号")
    kind = models.CharField("类型", max_length=40, choices=Kind)
    body = models.CharField("复议机关或法院", max_length=120)
    applicant_name = models.CharField("申请人或原告", max_length=120)
    filed_on = models.DateField("立案（受理）日期")
    served_on = models.DateField("收到副本日期", null=True, blank=True)
    simplified = models.BooleanField("适用简易程序", default=False)

    # Derived from served_on by statute.remedies.reply_due; stored when a fact changes.
    reply_due_on = models.DateField("答复（答辩）期限", null=True, blank=True)
    reply_due_provisional = models.BooleanField("期限为暂定", default=False)
    reply_due_explanation = models.TextField("期限说明", blank=True)
    replied_on = models.DateField("提交答复（答辩）日期", null=True, blank=True)

    outcome = models.CharField("审理结果", max_length=12, choices=Outcome, default=Outcome.PENDING)
    decided_on = models.DateField("审结日期", null=True, blank=True)

    cases = models.ManyToManyField("cases.Case", verbose_name="关联依申请公开件", blank=True, related_name="remedies")

    objects = RemedyQuerySet.as_manager()

    class Meta:
        verbose_name = "复议诉讼案件"
        verbose_name_plural = "复议诉讼案件"
        ordering = ["-filed_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "number"], name="remedy_unique_number"),
            models.CheckConstraint(
                condition=Q(outcome="pending", decided_on__isnull=True)
                | (~Q(outcome="pending") & Q(decided_on__isnull=False)),
                name="remedy_decided_iff_outcome",
            ),
            models.CheckConstraint(
                condition=Q(simplified=False) | Q(kind="reconsideration"), name="remedy_simplified_reconsideration"
            ),
        ]
        indexes = [models.Index(fields=["agency", "filed_on"])]

    def __str__(self) -> str:
        return f"{self.number} {self.applicant_name}"

    @property
    def is_litigation(self) -> bool:
        return self.kind != Kind.RECONSIDERATION


class Hearing(models.Model):
    """A hearing, court session or inquiry (听证、开庭、询问) in the case."""

    remedy = models.ForeignKey(RemedyCase, on_delete=models.CASCADE, related_name="hearings")
    on = models.DateField("日期")
    note = models.CharField("说明", max_length=300, blank=True)

    class Meta:
        verbose_name = "开庭或听证"
        verbose_name_plural = "开庭或听证"
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"{self.on.isoformat()} {self.note}"


class RemedyDocument(models.Model):
    """A paper of the case (application copy, complaint, decision, judgment); sniffed type."""

    remedy = models.ForeignKey(RemedyCase, on_delete=models.CASCADE, related_name="documents")
    name = models.CharField("文件名", max_length=200)
    content_type = models.CharField(max_length=80)
    data = models.BinaryField()
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上传人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "案件材料"
        verbose_name_plural = "案件材料"
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name
