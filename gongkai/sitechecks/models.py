from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

QUARTER_NUMERALS = "一二三四"


class SiteCheck(models.Model):
    """One self-check of an agency's own portal against the national website indicators, as found then.

    Findings and figures are stored as the check saw them (not recomputed), so the report
    downloaded later says what the check said on the day it ran.
    """

    class Verdict(models.TextChoices):
        PASSED = "passed", "合格"
        FAILED = "failed", "不合格"

    agency = models.ForeignKey(
        "organizations.Agency", verbose_name="机关", on_delete=models.PROTECT, related_name="site_checks"
    )
    period_start = models.DateField("所查季度起")
    period_end = models.DateField("所查季度止")
    checked_on = models.DateField("检查日")
    run_at = models.DateTimeField("运行时间", default=timezone.now)
    # Empty for the quarterly task and the command line (the audit event names the source).
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="检查人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    verdict = models.CharField("结论", max_length=10, choices=Verdict)
    # [{"code", "severity", "indicator", "message", "details": [...]}] — statute.sitecheck.Finding.
    findings = models.JSONField("发现的问题", default=list)
    # {"figures": {...}, "columns": [...], "veto_reasons": [...]} — statute.sitecheck.Result.
    summary = models.JSONField("检查数据", default=dict)

    class Meta:
        verbose_name = "网站自查"
        verbose_name_plural = "网站自查"
        ordering = ["-run_at", "-id"]
        indexes = [models.Index(fields=["agency", "-run_at"], name="sitecheck_agency_run")]

    def __str__(self) -> str:
        return self.title

    @property
    def quarter(self) -> int:
        return (self.period_start.month - 1) // 3 + 1

    @property
    def title(self) -> str:
        return (
            f"{self.agency.name} {self.period_start.year}年第{QUARTER_NUMERALS[self.quarter - 1]}季度政府网站自查报告"
        )

    @property
    def passed(self) -> bool:
        return self.verdict == self.Verdict.PASSED

    @property
    def veto_findings(self) -> list[dict]:
        return [f for f in self.findings if f.get("severity") == "veto"]

    @property
    def other_findings(self) -> list[dict]:
        return [f for f in self.findings if f.get("severity") != "veto"]

    @property
    def rectifiable_findings(self) -> list[dict]:
        """The findings that call for 整改 (all but the notes, 提示)."""
        return [f for f in self.findings if f.get("severity") != "info"]


class SiteCheckRun(models.Model):
    """A self-check started from the staff page and run as a background task: its progress, then its result.

    At most one unfinished run per agency (the constraint makes a second 立即自查 fail even when
    two clicks race); a run that reports no progress for ``STALL_MINUTES`` counts as abandoned.
    """

    STALL_MINUTES = 10

    class Stage(models.TextChoices):
        QUEUED = "queued", "排队等待"
        CRAWLING = "crawling", "逐页访问公开专栏"
        COUNTING = "counting", "统计栏目、文件和留言"
        JUDGING = "judging", "对照指标评判"
        DONE = "done", "已完成"
        FAILED = "failed", "未能完成"

    agency = models.ForeignKey(
        "organizations.Agency", verbose_name="机关", on_delete=models.CASCADE, related_name="site_check_runs"
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="发起人", on_delete=models.PROTECT, related_name="+"
    )
    checked_on = models.DateField("检查日")
    started_at = models.DateTimeField("发起时间", default=timezone.now)
    stage = models.CharField("进度", max_length=10, choices=Stage, default=Stage.QUEUED)
    pages_done = models.PositiveIntegerField("已访问页面", default=0)
    pages_found = models.PositiveIntegerField("已发现页面", default=0)
    updated_at = models.DateTimeField("最近进展", default=timezone.now)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    result = models.ForeignKey(
        SiteCheck, verbose_name="自查结果", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    error = models.CharField("未能完成的原因", max_length=300, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "网站自查进度"
        ordering = ["-started_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency"], condition=models.Q(finished_at__isnull=True), name="sitecheck_one_run_at_a_time"
            ),
            models.CheckConstraint(
                condition=models.Q(pages_done__lte=models.F("pages_found")), name="sitecheck_run_done_le_found"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency} 网站自查（{self.get_stage_display()}）"

    @property
    def finished(self) -> bool:
        return self.finished_at is not None

    @property
    def percent(self) -> int:
        return round(100 * self.pages_done / self.pages_found) if self.pages_found else 0


class Rectification(models.Model):
    """整改情况 of one finding of a check: the measure, who answers for it, by when, and when it was done.

    Printed under the finding in the report's 整改情况 section; blank lines are printed for what
    is not recorded, to be filled by hand.
    """

    site_check = models.ForeignKey(
        SiteCheck, verbose_name="网站自查", on_delete=models.CASCADE, related_name="rectifications"
    )
    finding = models.CharField("问题", max_length=60, help_text="问题代码，如 columns.empty")
    measure = models.TextField("整改措施", blank=True)
    responsible = models.CharField("责任人", max_length=60, blank=True)
    due_on = models.DateField("完成时限", null=True, blank=True)
    done_on = models.DateField("完成日期", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="填写人", on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField("填写时间", default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = "整改情况"
        ordering = ["site_check", "id"]
        constraints = [models.UniqueConstraint(fields=["site_check", "finding"], name="sitecheck_rectification_unique")]

    def __str__(self) -> str:
        return f"{self.site_check} {self.finding}"
