"""The proactive-disclosure catalogue: documents, their versions, index-number counters, word lists."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from gongkai.core.models import TimeStampedModel
from gongkai.organizations.models import AgencyYearCounter
from gongkai.statute.catalog import ALL_ITEMS


class Subject(models.TextChoices):
    """The national 主题分类 (top level), as government portals use it."""

    GENERAL = "general", "综合政务"
    ECONOMY = "economy", "国民经济管理、国有资产监管"
    FINANCE = "finance", "财政、金融、审计"
    LAND = "land", "国土资源、能源"
    AGRICULTURE = "agriculture", "农业、林业、水利"
    INDUSTRY = "industry", "工业、交通"
    COMMERCE = "commerce", "商贸、海关、旅游"
    MARKET = "market", "市场监管、安全生产监管"
    CONSTRUCTION = "construction", "城乡建设、环境保护"
    SCIENCE = "science", "科技、教育"
    CULTURE = "culture", "文化、广电、新闻出版"
    HEALTH = "health", "卫生、体育"
    POPULATION = "population", "人口与计划生育、妇女儿童工作"
    LABOUR = "labour", "劳动、人事、监察"
    SECURITY = "security", "公安、安全、司法"
    CIVIL = "civil", "民政、扶贫、救灾"
    ETHNIC = "ethnic", "民族、宗教"
    FOREIGN = "foreign", "对外事务"
    HMT = "hmt", "港澳台侨工作"
    DEFENCE = "defence", "国防"
    OTHER = "other", "其他"


class Kind(models.TextChoices):
    RULE = "rule", "规章"
    NORMATIVE = "normative", "行政规范性文件"
    INTERPRETATION = "interpretation", "政策解读"
    OTHER = "other", "其他"


# Kinds that carry 有效性 and are counted in the annual report's table 二 (一).
KINDS_WITH_VALIDITY = frozenset({Kind.RULE, Kind.NORMATIVE})


class Validity(models.TextChoices):
    VALID = "valid", "有效"
    EXPIRED = "expired", "失效"
    REPEALED = "repealed", "废止"


class Disclosure(models.TextChoices):
    PROACTIVE = "proactive", "主动公开"
    ON_REQUEST = "on_request", "依申请公开"
    WITHHELD = "withheld", "不予公开"


class Status(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "待科室审核"
    DEPT_APPROVED = "dept_approved", "科室已审核"
    SECRECY_REVIEWED = "secrecy_reviewed", "已保密审查"
    SIGNED = "signed", "已签发"
    SCHEDULED = "scheduled", "定时发布"
    PUBLISHED = "published", "已发布"
    UNPUBLISHED = "unpublished", "已撤下"
    REPEALED = "repealed", "已废止"
    WITHDRAWN = "withdrawn", "已撤回"


class Source(models.TextChoices):
    DRAFTED = "drafted", "起草"
    LEGACY = "legacy", "历史导入"


class Document(TimeStampedModel):
    agency = models.ForeignKey(
        "organizations.Agency", verbose_name="机关", on_delete=models.PROTECT, related_name="documents"
    )
    department = models.ForeignKey(
        "organizations.Department",
        verbose_name="起草科室",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="起草人", on_delete=models.PROTECT, related_name="+"
    )
    # 50: imported documents keep the 索引号 another system gave them (catalog.legacy).
    index_number = models.CharField("索引号", max_length=50, unique=True, editable=False)
    title = models.CharField("标题", max_length=300)
    summary = models.TextField("内容概述", blank=True)
    subject = models.CharField("主题分类", max_length=20, choices=Subject, default=Subject.GENERAL)
    item = models.CharField(
        "公开事项", max_length=20, choices=list(ALL_ITEMS.items()), help_text="条例第二十条、第二十一条所列事项"
    )
    kind = models.CharField("文件类型", max_length=20, choices=Kind, default=Kind.OTHER)
    issuing_body = models.CharField("发布机构", max_length=120)
    written_on = models.DateField("成文日期", null=True, blank=True)
    document_number = models.CharField("发文字号", max_length=60, blank=True)
    published_on = models.DateField("发布日期", null=True, blank=True)
    scheduled_at = models.DateTimeField("定时发布时间", null=True, blank=True)
    validity = models.CharField("有效性", max_length=10, choices=Validity, blank=True)
    validity_changed_on = models.DateField("有效性变更日期", null=True, blank=True)
    disclosure = models.CharField("公开属性", max_length=12, choices=Disclosure, default=Disclosure.PROACTIVE)
    disclosure_reason = models.TextField("不公开或依申请公开的理由", blank=True)
    body = models.TextField("正文", blank=True, help_text="经过清洗的HTML")
    status = models.CharField("状态", max_length=20, choices=Status, default=Status.DRAFT, db_index=True)
    rejection_reason = models.TextField("退回理由", blank=True)
    secrecy_opinion = models.TextField("保密审查意见", blank=True)
    interprets = models.ForeignKey(
        "self",
        verbose_name="所解读的文件",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="interpretations",
    )
    unpublished_on = models.DateField("撤下日期", null=True, blank=True)
    repealed_on = models.DateField("废止日期", null=True, blank=True)
    source = models.CharField("来源", max_length=10, choices=Source, default=Source.DRAFTED)
    legacy_import = models.ForeignKey(
        "LegacyImport",
        verbose_name="导入批次",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    directory_item = models.ForeignKey(
        "directories.DirectoryItem",
        verbose_name="标准目录事项",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="documents",
        help_text="本文件在本机关主动公开全清单（标准目录）中对应的事项",
    )

    class Meta:
        verbose_name = verbose_name_plural = "主动公开文件"
        ordering = ["-published_on", "-created_at"]
        indexes = [models.Index(fields=["agency", "status", "published_on"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="interpretation") | models.Q(interprets__isnull=False),
                name="catalog_interpretation_has_policy",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.index_number} {self.title}"

    @property
    def needs_validity(self) -> bool:
        return self.kind in KINDS_WITH_VALIDITY


class LegacyImport(models.Model):
    """One import of an agency's earlier catalogue from another system: what, by whom, when."""

    agency = models.ForeignKey("organizations.Agency", on_delete=models.PROTECT, related_name="legacy_imports")
    file_name = models.CharField("目录文件", max_length=200)
    attachments_name = models.CharField("附件来源", max_length=200, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="导入人", on_delete=models.PROTECT, related_name="+"
    )
    imported_at = models.DateTimeField("导入时间", auto_now_add=True)
    document_count = models.PositiveIntegerField("文件数")
    attachment_count = models.PositiveIntegerField("附件数", default=0)
    first_published_on = models.DateField("最早发布日期", null=True)
    last_published_on = models.DateField("最晚发布日期", null=True)

    class Meta:
        verbose_name = verbose_name_plural = "历史目录导入"
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"{self.file_name}（{self.document_count}件）"


class DocumentVersion(models.Model):
    """A snapshot of a document after each change; consecutive snapshots are diffed for review."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    change = models.CharField("变更说明", max_length=200)
    snapshot = models.JSONField()

    class Meta:
        ordering = ["document", "number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="catalog_version_unique")]

    def __str__(self) -> str:
        return f"{self.document_id} v{self.number}"


class MaskedOriginal(models.Model):
    """A version's text as it was before 一键屏蔽个人信息, kept for the audit trail (decision 0024).

    Only the office head (公开办负责人) of the document's agency may read it, each reading with a
    reason and an audit event; every other page shows the masked version. Attachment bytes are not
    kept here: a masked copy replaces the file and the unmasked file is deleted.
    """

    version = models.OneToOneField(DocumentVersion, on_delete=models.CASCADE, related_name="masked_original")
    snapshot = models.JSONField()
    change = models.CharField("变更说明", max_length=200)
    masked_at = models.DateTimeField(auto_now_add=True)
    masked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "屏蔽前原文"

    def __str__(self) -> str:
        return f"{self.version} 屏蔽前原文"


class ReviewOpinion(models.Model):
    """One step of a document's review as it was taken: who, when, in what capacity, and what they wrote.

    Written by the services with the step; the review timeline and the printed 审批单 read only these.
    """

    class Step(models.TextChoices):
        SUBMIT = "submit", "拟稿"
        APPROVE = "approve", "科室审核"
        SECRECY_REVIEW = "secrecy_review", "保密审查"
        SIGN_OFF = "sign_off", "领导签发"
        REJECT = "reject", "退回"
        PUBLISH = "publish", "发布"
        SCHEDULE = "schedule", "定时发布"
        WITHDRAW = "withdraw", "撤回"

    class Outcome(models.TextChoices):
        SUBMITTED = "submitted", "提交审核"
        APPROVED = "approved", "同意"
        RETURNED = "returned", "退回修改"
        PUBLISHED = "published", "已发布"
        SCHEDULED = "scheduled", "定时发布"
        WITHDRAWN = "withdrawn", "已撤回"

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="opinions")
    step = models.CharField("环节", max_length=20, choices=Step)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    # The name and capacity as they were on the day (a later rename or role change does not rewrite the form).
    actor_name = models.CharField("办理人", max_length=60)
    capacity = models.CharField("办理身份", max_length=60, blank=True)
    acted_at = models.DateTimeField("办理时间")
    opinion = models.TextField("意见", blank=True)
    outcome = models.CharField("结果", max_length=20, choices=Outcome)
    # Set when the opinion was given on the policy and applies to this 政策解读 with it.
    with_document = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="随同审核的文件"
    )

    class Meta:
        verbose_name = verbose_name_plural = "审核意见"
        ordering = ["document", "acted_at", "id"]

    def __str__(self) -> str:
        return f"{self.document_id} {self.get_step_display()} {self.actor_name}"


class IndexCounter(AgencyYearCounter):
    """The last 索引号 sequence given per agency and year; the locked row keeps numbers unique."""

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="catalog_counter_unique")]


class CheckWord(models.Model):
    """An agency's own sensitive word or miswriting, scanned in addition to the starter lists."""

    class Kind(models.TextChoices):
        SENSITIVE = "sensitive", "敏感词"
        MISWRITING = "miswriting", "易错词"

    agency = models.ForeignKey("organizations.Agency", on_delete=models.CASCADE, related_name="check_words")
    kind = models.CharField("类型", max_length=12, choices=Kind)
    word = models.CharField("词语", max_length=40)
    correction = models.CharField("正确写法", max_length=40, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "检查词表"
        constraints = [models.UniqueConstraint(fields=["agency", "kind", "word"], name="catalog_word_unique")]

    def __str__(self) -> str:
        return self.word


def attachment_path(instance: Attachment, filename: str) -> str:
    # The stored name is never the uploaded one: it is served by id, with the original name only
    # in Content-Disposition, so a crafted file name cannot become a path or a served .html.
    return f"catalog/{instance.document.agency_id}/{instance.document_id}/{instance.sha256}"


class Attachment(models.Model):
    """A file published with a document (PDF, Office, image, video); its type is sniffed, not trusted."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=200)
    name = models.CharField("文件名", max_length=200)
    content_type = models.CharField("文件类型", max_length=100)
    size = models.PositiveBigIntegerField("大小（字节）")
    sha256 = models.CharField(max_length=64)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "附件"
        ordering = ["document", "sort_order", "id"]

    def __str__(self) -> str:
        return self.name


class LinkCheck(models.Model):
    """The latest result of checking one link found in a document's body or attachments."""

    class Source(models.TextChoices):
        BODY = "body", "正文"
        ATTACHMENT = "attachment", "附件"

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="link_checks")
    url = models.URLField(max_length=1000)
    source = models.CharField(max_length=12, choices=Source, default=Source.BODY)
    ok = models.BooleanField(null=True, help_text="空表示尚未检查")
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=200, blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "链接检查"
        constraints = [models.UniqueConstraint(fields=["document", "url"], name="catalog_linkcheck_unique")]

    def __str__(self) -> str:
        return self.url


class NoInformationDeclaration(models.Model):
    """An agency's statement that it has no information of one Art. 20/21 item (本机关无此类信息).

    The public catalogue shows the column as 暂无 with the reason, and the site self-check counts
    it as answered rather than blank (docs/decisions/0027-self-check-declarations.md).
    """

    agency = models.ForeignKey(
        "organizations.Agency", verbose_name="机关", on_delete=models.CASCADE, related_name="no_information"
    )
    item = models.CharField("公开事项", max_length=20, choices=list(ALL_ITEMS.items()))
    reason = models.CharField("理由", max_length=200)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="声明人", on_delete=models.PROTECT, related_name="+"
    )
    declared_on = models.DateField("声明日期")

    class Meta:
        verbose_name = verbose_name_plural = "无此类信息声明"
        ordering = ["agency", "item"]
        constraints = [models.UniqueConstraint(fields=["agency", "item"], name="catalog_no_information_unique")]

    def __str__(self) -> str:
        return f"{self.get_item_display()}：本机关无此类信息"
