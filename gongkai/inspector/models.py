"""Batches of published annual reports uploaded for inspection, and each file's result.

Uploads are not agency-owned data: anyone may inspect any agency's published report. Each batch
belongs to the user who uploaded it and is reached only through ``views.access_batch`` (another
user's batch is a 404, like a foreign agency's object).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from gongkai.core.models import TimeStampedModel


class Batch(TimeStampedModel):
    """One upload of reports (one or many files, or a .zip of them) and its inspection progress."""

    class Status(models.TextChoices):
        QUEUED = "queued", "排队等待"
        RUNNING = "running", "检查中"
        DONE = "done", "已完成"
        FAILED = "failed", "出错"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.CASCADE, related_name="inspection_batches"
    )
    status = models.CharField("状态", max_length=8, choices=Status, default=Status.QUEUED)
    total = models.PositiveIntegerField("文件数", default=0)
    done = models.PositiveIntegerField("已检查", default=0)
    # Files of an uploaded .zip that were not reports (.xlsx, images …), listed for the uploader.
    skipped = models.JSONField("未检查的文件", default=list, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "年报检查批次"
        verbose_name_plural = "年报检查批次"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(done__lte=models.F("total")), name="batch_done_le_total")
        ]

    def __str__(self) -> str:
        return f"年报检查 #{self.pk}（{self.total}份）"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self) -> int:
        return 100 * self.done // self.total if self.total else 100


class Item(models.Model):
    """One uploaded file of a batch; its bytes until inspected, then the report-data result."""

    batch = models.ForeignKey(Batch, verbose_name="批次", on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField("序号")
    name = models.CharField("文件名", max_length=255)
    size = models.PositiveBigIntegerField("大小（字节）", default=0)
    # Cleared once inspected: the result is what is kept, not the upload.
    content = models.BinaryField("文件内容", null=True, blank=True)
    result = models.JSONField("检查结果", null=True, blank=True)

    class Meta:
        verbose_name = "检查的报告"
        verbose_name_plural = "检查的报告"
        ordering = ["batch", "position"]
        constraints = [models.UniqueConstraint(fields=["batch", "position"], name="inspector_item_position")]

    def __str__(self) -> str:
        return self.name

    @property
    def findings(self) -> list[dict]:
        return (self.result or {}).get("findings") or []

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.get("severity") == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.get("severity") == "warning")

    @property
    def codes(self) -> list[str]:
        return sorted({f.get("code", "") for f in self.findings})

    @property
    def unreadable(self) -> bool:
        return any(f.get("code", "").startswith("file.") for f in self.findings)
