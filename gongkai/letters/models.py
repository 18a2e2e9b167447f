from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from gongkai.core.models import TimeStampedModel


class LetterKind(models.TextChoices):
    """The letters an agency sends while handling a request (regulation.md §4)."""

    RECEIPT = "receipt", "受理回执"
    SUPPLEMENT = "supplement", "补正告知书"
    REASONS = "reasons", "说明理由告知书"
    EXTENSION = "extension", "延期答复告知书"
    CONSULTATION = "consultation", "第三方意见征询书"
    CONSULTATION_NOTICE = "consultation_notice", "征求意见告知书（给申请人）"
    FEE = "fee", "收费通知书"
    REPLY_GRANTED = "reply_granted", "予以公开告知书"
    REPLY_PARTIAL = "reply_partial", "部分公开告知书"
    REPLY_WITHHELD = "reply_withheld", "不予公开告知书"
    REPLY_UNAVAILABLE = "reply_unavailable", "无法提供告知书"
    REPLY_NOT_PROCESSED = "reply_not_processed", "不予处理告知书"
    REPLY_OTHER = "reply_other", "其他处理告知书（逾期不补正、逾期未缴费、撤回等）"


class LetterTemplate(TimeStampedModel):
    """An agency's own .docx template for one kind of letter; without one the built-in default is used."""

    agency = models.ForeignKey(
        "organizations.Agency", verbose_name="机关", on_delete=models.CASCADE, related_name="letter_templates"
    )
    kind = models.CharField("文书类型", max_length=30, choices=LetterKind)
    # Kept in the database, not under MEDIA_ROOT: a template is small (≤ 2 MB) and goes into the
    # same backup as the letters it produced.
    docx = models.BinaryField("模板文件")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上传人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "文书模板"
        verbose_name_plural = "文书模板"
        ordering = ["agency", "kind"]
        constraints = [models.UniqueConstraint(fields=["agency", "kind"], name="lettertemplate_unique_kind")]

    def __str__(self) -> str:
        return f"{self.agency.display_name} · {self.get_kind_display()}"


class LetterCounter(models.Model):
    """The last letter number an agency used in a year; locked while the next one is taken."""

    agency = models.ForeignKey("organizations.Agency", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField("年份")
    last_seq = models.PositiveIntegerField("已用到的序号", default=0)

    class Meta:
        verbose_name = "文书编号计数"
        verbose_name_plural = "文书编号计数"
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="lettercounter_unique_year")]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.year}: {self.last_seq}"


class Letter(models.Model):
    """An issued letter, frozen: the facts it printed and the exact files sent, never re-rendered."""

    agency = models.ForeignKey(
        "organizations.Agency", verbose_name="机关", on_delete=models.PROTECT, related_name="letters"
    )
    kind = models.CharField("文书类型", max_length=30, choices=LetterKind)
    year = models.PositiveSmallIntegerField("年份")
    seq = models.PositiveIntegerField("序号")
    number = models.CharField("文号", max_length=120)
    # Free text from the caller (e.g. a case number): letters know nothing of cases.
    reference = models.CharField("关联编号", max_length=100, blank=True, db_index=True)
    context = models.JSONField("载明事项", default=dict)
    docx = models.BinaryField("Word 文件")
    pdf = models.BinaryField("PDF 文件")
    issued_at = models.DateTimeField("出具时间", default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="出具人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_label = models.CharField("操作来源", max_length=80, blank=True)

    class Meta:
        verbose_name = "文书"
        verbose_name_plural = "文书"
        ordering = ["-issued_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["agency", "year", "seq"], name="letter_unique_number")]

    def __str__(self) -> str:
        return f"{self.number} {self.get_kind_display()}"

    @property
    def issued_on(self):
        return timezone.localdate(self.issued_at)

    def filename(self, extension: str) -> str:
        """The download name: the number, then what the letter is, e.g. 某镇依申复〔2024〕3号予以公开告知书.pdf."""
        label = self.get_kind_display().split("（")[0]
        return f"{self.number}{label}.{extension}"
