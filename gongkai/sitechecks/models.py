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
