"""An agency's 标准目录 (主动公开全清单): the items it must publish, each with its 公开时限 as a rule."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from gongkai.core.models import TimeStampedModel
from gongkai.statute.directory import DEFAULT_REALTIME_GRACE_DAYS, Rule


class Audience(models.TextChoices):
    PUBLIC = "public", "全社会"
    SPECIFIC = "specific", "特定群众"


class Manner(models.TextChoices):
    PROACTIVE = "proactive", "主动"
    ON_REQUEST = "on_request", "依申请公开"


# The channels (公开渠道和载体) the 2019 guidelines list; an area's own platform may be added.
CHANNELS = (
    "政府网站",
    "政府公报",
    "两微一端",
    "发布会/听证会",
    "广播电视",
    "纸质媒体",
    "公开查阅点",
    "政务服务中心",
    "便民服务站",
    "入户/现场",
    "社区/企事业单位/村公示栏（电子屏）",
    "精准推送",
)


class DirectoryItemQuerySet(models.QuerySet):
    def current(self):
        return self.filter(retired_on__isnull=True)

    def for_agency(self, agency):
        return self.filter(agency=agency)


class DirectoryItem(TimeStampedModel):
    """One line of an agency's 标准目录: an item it must publish, by whom, where and by when."""

    agency = models.ForeignKey(
        "organizations.Agency", verbose_name="机关", on_delete=models.CASCADE, related_name="directory_items"
    )
    area = models.CharField("领域", max_length=60, help_text="如：重大建设项目、财政预决算")
    level1 = models.CharField("一级事项", max_length=120)
    level2 = models.CharField("二级事项", max_length=200, blank=True)
    content = models.TextField("公开内容（要素）", blank=True)
    basis = models.TextField("公开依据", blank=True)
    deadline_text = models.CharField("公开时限", max_length=300, blank=True, help_text="按目录原文填写")
    deadline_rule = models.JSONField("公开时限（计算规则）", default=dict, blank=True, editable=False)
    publisher = models.CharField("公开主体", max_length=200, blank=True)
    department = models.ForeignKey(
        "organizations.Department",
        verbose_name="责任科室",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="directory_items",
    )
    channels = models.JSONField("公开渠道和载体", default=list, blank=True)
    audience_public = models.BooleanField("公开对象：全社会", default=True)
    audience_specific = models.BooleanField("公开对象：特定群众", default=False)
    proactive = models.BooleanField("公开方式：主动", default=True)
    on_request = models.BooleanField("公开方式：依申请公开", default=False)
    sort_order = models.PositiveIntegerField("排序", default=0)
    # Recurring periods due before this day expect nothing (the list did not exist then).
    tracked_from = models.DateField("开始跟踪日期")
    retired_on = models.DateField("停用日期", null=True, blank=True)

    objects = DirectoryItemQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "标准目录事项"
        ordering = ["agency", "sort_order", "id"]
        indexes = [models.Index(fields=["agency", "retired_on", "sort_order"])]

    def __str__(self) -> str:
        return " / ".join(part for part in (self.area, self.level1, self.level2) if part)

    @property
    def rule(self) -> Rule:
        return Rule.from_dict(self.deadline_rule)

    @property
    def audience_label(self) -> str:
        return "、".join(
            label for on, label in ((self.audience_public, "全社会"), (self.audience_specific, "特定群众")) if on
        )

    @property
    def manner_label(self) -> str:
        return "、".join(label for on, label in ((self.proactive, "主动"), (self.on_request, "依申请公开")) if on)


class DirectoryItemVersion(models.Model):
    """A snapshot of an item after each change (added, edited, imported, retired), newest last."""

    item = models.ForeignKey(DirectoryItem, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    actor_label = models.CharField(max_length=80, blank=True)
    change = models.CharField("变更说明", max_length=200)
    snapshot = models.JSONField()

    class Meta:
        ordering = ["item", "number"]
        constraints = [models.UniqueConstraint(fields=["item", "number"], name="directory_version_unique")]

    def __str__(self) -> str:
        return f"{self.item_id} v{self.number}"


class DirectorySetting(models.Model):
    """An agency's reading of 实时/及时/即时公开: how many working days before it is flagged."""

    agency = models.OneToOneField("organizations.Agency", on_delete=models.CASCADE, related_name="directory_setting")
    realtime_grace_days = models.PositiveSmallIntegerField(
        "“及时公开”宽限期（工作日）", default=DEFAULT_REALTIME_GRACE_DAYS
    )

    class Meta:
        verbose_name = verbose_name_plural = "标准目录设置"

    def __str__(self) -> str:
        return f"{self.agency_id}: {self.realtime_grace_days}"


class ReminderSent(models.Model):
    """One daily digest of overdue items sent to a person, so a rerun the same day sends nothing twice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    agency = models.ForeignKey("organizations.Agency", on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "agency", "sent_on"], name="directory_reminder_unique")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.agency_id} {self.sent_on}"
