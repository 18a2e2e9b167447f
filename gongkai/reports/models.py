from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from gongkai.core.models import TimeStampedModel


class AnnualReport(TimeStampedModel):
    """An agency's annual OGI report for one year (one row per version; corrections add versions).

    Figures of tables 三 and 四 are computed from the records each time the report is built; what
    staff enter (table 二 figures with their sources, the narrative) is stored here. Publishing
    freezes everything: the report-data snapshot and the rendered files.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "已报送上级"
        RETURNED = "returned", "退回修改"
        ACCEPTED = "accepted", "上级已审核"
        PUBLISHED = "published", "已公布"

    agency = models.ForeignKey(
        "organizations.Agency", verbose_name="机关", on_delete=models.PROTECT, related_name="annual_reports"
    )
    year = models.PositiveSmallIntegerField("报告年度")
    version = models.PositiveSmallIntegerField("版本", default=1)
    format = models.CharField("格式", max_length=4, choices=[("2019", "2019年试行格式"), ("2021", "2021年修订格式")])
    status = models.CharField("状态", max_length=12, choices=Status, default=Status.DRAFT)
    # {"rules": {"issued": 0, …}, …, "extra_rows": [...]} — the 表二 cells staff enter.
    entered = models.JSONField("填报数据", default=dict, blank=True)
    # {"penalty": "区综合执法局提供的执法平台统计", …} — where each entered figure came from.
    sources = models.JSONField("数据来源", default=dict, blank=True)
    sections = models.JSONField("正文", default=dict, blank=True)
    review_comment = models.TextField("审核意见", blank=True)
    override_reason = models.TextField("带错误公布的理由", blank=True)
    published_on = models.DateField("公布日期", null=True, blank=True)
    snapshot = models.JSONField("公布时的数据", null=True, blank=True)
    docx = models.BinaryField(null=True, blank=True)
    html = models.TextField(blank=True)
    pdf = models.BinaryField(null=True, blank=True)
    corrects = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrections", verbose_name="更正的版本"
    )
    correction_note = models.TextField("更正说明", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "年度报告"
        verbose_name_plural = "年度报告"
        ordering = ["-year", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year", "version"], name="report_unique_version"),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_on__isnull=False), name="report_published_has_date"
            ),
        ]

    def __str__(self) -> str:
        suffix = f"（更正版{self.version}）" if self.version > 1 else ""
        return f"{self.agency.name}{self.year}年政府信息公开工作年度报告{suffix}"

    @property
    def is_frozen(self) -> bool:
        return self.status == self.Status.PUBLISHED


class ReportReminderSent(models.Model):
    """A reminder about an agency's annual-report deadline, sent once per stage and person."""

    agency = models.ForeignKey("organizations.Agency", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    stage = models.CharField(max_length=12)  # "30", "7" (days before) or "late"
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "year", "stage", "user"], name="report_reminder_once")]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.year}/{self.stage}"
