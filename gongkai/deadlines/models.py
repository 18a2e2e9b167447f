from django.db import models


class CalendarYear(models.Model):
    """A year whose official holiday schedule (国务院办公厅节假日安排通知) is loaded.

    Working-day arithmetic refuses to reach into a year without this row: make-up workdays
    cannot be guessed.
    """

    year = models.PositiveSmallIntegerField("年份", primary_key=True)
    source = models.CharField("来源", max_length=200, help_text="通知文号或数据来源")
    loaded_at = models.DateTimeField("录入时间", auto_now=True)
    loaded_by = models.CharField("录入人", max_length=80, blank=True)

    class Meta:
        verbose_name = "节假日安排年度"
        verbose_name_plural = "节假日安排年度"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}年（{self.source}）"


class CalendarDay(models.Model):
    """One official deviation from the Monday–Friday rule: a holiday or a make-up working day.

    Days not listed follow the weekday rule, so a year's schedule is a few dozen rows.
    """

    class Source(models.TextChoices):
        CHINESECALENDAR = "chinesecalendar", "chinesecalendar 数据包"
        FILE = "file", "导入文件"
        ADMIN = "admin", "管理员录入"

    on = models.DateField("日期", unique=True)
    is_workday = models.BooleanField("是否工作日", help_text="勾选表示调休上班日，不勾选表示放假")
    source = models.CharField("来源", max_length=20, choices=Source)
    note = models.CharField("节日名称", max_length=60, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "节假日与调休日"
        verbose_name_plural = "节假日与调休日"
        ordering = ["on"]

    def __str__(self) -> str:
        kind = "调休上班" if self.is_workday else "放假"
        return f"{self.on.isoformat()} {kind} {self.note}".strip()
