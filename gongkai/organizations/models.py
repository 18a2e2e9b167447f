from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from gongkai.core.models import TimeStampedModel
from gongkai.statute import periods

from . import site


class Agency(TimeStampedModel):
    """A government agency that does OGI work: a people's government or one of its departments.

    Agencies form a tree (province → city → district/county → township, with each
    government's departments under it). ``path`` materialises the chain of codes from the
    root so a supervisor's whole subtree is one indexed prefix query.
    """

    class Kind(models.TextChoices):
        GOVERNMENT = "government", "人民政府"
        DEPARTMENT = "department", "政府部门"

    class Level(models.TextChoices):
        PROVINCE = "province", "省级"
        CITY = "city", "市级"
        DISTRICT = "district", "区级"
        COUNTY = "county", "县级"
        TOWNSHIP = "township", "乡镇级"

    class ReportDue(models.TextChoices):
        # Art. 49: departments by 31 January; county-level and higher governments' own reports
        # by 31 March. Townships follow the January date (docs/decisions/0003-report-deadlines.md).
        JANUARY_31 = periods.REPORT_DUE_JANUARY_31, "次年1月31日前"
        MARCH_31 = periods.REPORT_DUE_MARCH_31, "次年3月31日前"

    code = models.CharField("统一社会信用代码", max_length=18, unique=True)
    name = models.CharField("机关全称", max_length=120)
    short_name = models.CharField("简称", max_length=40, blank=True)
    kind = models.CharField("类型", max_length=12, choices=Kind)
    level = models.CharField("层级", max_length=10, choices=Level, blank=True)
    parent = models.ForeignKey(
        "self", verbose_name="上级机关", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField(max_length=400, db_index=True, editable=False)
    report_due = models.CharField(
        "年度报告公布期限", max_length=5, choices=ReportDue, blank=True, help_text="留空则按机关类型和层级确定"
    )
    is_active = models.BooleanField("启用", default=True)

    # The OGI office (政府信息公开工作机构): Art. 12 has the disclosure guide print these.
    ogi_office_name = models.CharField("政府信息公开工作机构", max_length=120, blank=True)
    ogi_address = models.CharField("办公地址", max_length=200, blank=True)
    ogi_postcode = models.CharField("邮政编码", max_length=6, blank=True)
    ogi_office_hours = models.CharField("办公时间", max_length=120, blank=True)
    ogi_phone = models.CharField("联系电话", max_length=60, blank=True)
    ogi_fax = models.CharField("传真", max_length=60, blank=True)
    ogi_email = models.EmailField("电子邮箱", blank=True)
    website = models.URLField("网站", blank=True)

    # The public 政府信息公开专栏 (organizations/site.py; decision 0025-portal-frame). Blank values
    # are left out of the frame; the site name falls back to "<机关全称>政府信息公开专栏".
    site_name = models.CharField(
        "网站名称", max_length=60, blank=True, help_text="留空则为“机关全称＋政府信息公开专栏”"
    )
    site_banner = models.FileField(
        "页头图片",
        upload_to="site/banners/",
        blank=True,
        help_text=f"{site.BANNER_SUMMARY}，不超过{site.BANNER_MAX_BYTES // 1024}KB；建议宽1200像素、高120像素",
    )
    site_banner_type = models.CharField(max_length=40, blank=True, editable=False)  # the sniffed MIME type
    site_code = models.CharField(
        "网站标识码", max_length=10, blank=True, validators=[site.validate_site_code], help_text="如：1101090012"
    )
    icp_number = models.CharField(
        "ICP备案号", max_length=40, blank=True, validators=[site.validate_icp_number], help_text="如：京ICP备05060933号"
    )
    psb_number = models.CharField(
        "公安机关备案号",
        max_length=40,
        blank=True,
        validators=[site.validate_psb_number],
        help_text="如：京公网安备 11010902000001号",
    )
    site_sponsor = models.CharField("主办单位", max_length=120, blank=True, help_text="留空则为机关全称")
    site_operator = models.CharField("承办单位", max_length=120, blank=True)
    site_address = models.CharField("联系地址", max_length=200, blank=True)
    site_postcode = models.CharField("邮政编码", max_length=6, blank=True, validators=[site.validate_postcode])
    site_phone = models.CharField("联系电话", max_length=60, blank=True, validators=[site.validate_phone])
    site_email = models.EmailField("电子邮箱", blank=True)
    ogi_rules = models.TextField(
        "政府信息公开制度",
        blank=True,
        help_text="本机关的政府信息公开工作制度（如发布审查、保密审查、依申请公开办理等制度）的名称和要点，每段一行",
    )
    site_embedded = models.BooleanField(
        "嵌入网站群",
        default=False,
        help_text="专栏由本机关门户网站群统一提供页头页脚时勾选：专栏不再显示自己的页头图片和页脚",
    )

    # Where an applicant pays the information-processing fee (国办函〔2020〕109号): non-tax
    # revenue paid to the same-level treasury, so the finance office supplies these. The fee
    # notice prints them (fee_payment_text); no notice can go out while they are blank.
    fee_payee = models.CharField("收款单位（户名）", max_length=120, blank=True)
    fee_bank = models.CharField("开户银行", max_length=120, blank=True)
    fee_account = models.CharField("账号", max_length=40, blank=True)
    fee_instructions = models.TextField(
        "缴款说明",
        blank=True,
        help_text="例如：转账时请在附言中注明申请编号；本机关收到款项后出具财政票据。"
        "以缴款码等其他方式缴款的，在此写明缴款途径（可不填户名、开户银行和账号）。",
    )

    class Meta:
        verbose_name = "机关"
        verbose_name_plural = "机关"
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(condition=~Q(kind="government") | ~Q(level=""), name="agency_government_has_level"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def depth(self) -> int:
        return self.path.count("/") - 1

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    def clean(self) -> None:
        account = {"fee_payee": self.fee_payee, "fee_bank": self.fee_bank, "fee_account": self.fee_account}
        if any(v.strip() for v in account.values()) and not all(v.strip() for v in account.values()):
            # Half an account on a fee notice sends the applicant's money nowhere.
            raise ValidationError(
                {
                    field: "收款单位（户名）、开户银行和账号须一并填写"
                    for field, value in account.items()
                    if not value.strip()
                }
            )

    @property
    def site_title(self) -> str:
        return self.site_name or f"{self.name}政府信息公开专栏"

    @property
    def site_host(self) -> str:
        """主办单位 as the footer prints it."""
        return self.site_sponsor or self.name

    @property
    def site_psb_number(self) -> str:
        return site.normal_psb_number(self.psb_number) if self.psb_number else ""

    @property
    def site_psb_code(self) -> str:
        """The 14 digits of the 公安机关备案号 (the registration system's query takes them)."""
        match = site.PSB_NUMBER.fullmatch(self.psb_number.strip())
        return match[2] if match else ""

    @property
    def site_contact(self) -> list[tuple[str, str]]:
        """联系我们: the site's own contact, else the OGI office's (what a visitor can use either way)."""
        pairs = (
            ("联系地址", self.site_address or self.ogi_address),
            ("邮政编码", self.site_postcode or self.ogi_postcode),
            ("联系电话", self.site_phone or self.ogi_phone),
            ("电子邮箱", self.site_email or self.ogi_email),
        )
        return [(label, value) for label, value in pairs if value]

    @property
    def fee_payment_text(self) -> str:
        """How to pay this agency's information-processing fee, as the fee notice prints it.

        "" while neither a complete account nor payment instructions are filled in: a fee
        notice must state how to pay (regulation.md §3), so it cannot be issued then.
        """
        payee, bank, account = self.fee_payee.strip(), self.fee_bank.strip(), self.fee_account.strip()
        instructions = " ".join(self.fee_instructions.split())
        has_account = bool(payee and bank and account)
        if not has_account and not instructions:
            return ""
        if not has_account:
            return instructions
        transfer = f"户名：{payee}；开户银行：{bank}；账号：{account}"
        return f"{transfer}。{instructions}" if instructions else transfer


class Department(TimeStampedModel):
    """An internal unit (科室) of an agency; cases and documents are routed between them."""

    agency = models.ForeignKey(Agency, verbose_name="机关", on_delete=models.CASCADE, related_name="departments")
    name = models.CharField("科室名称", max_length=80)
    is_ogi_office = models.BooleanField("是政府信息公开工作机构", default=False)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "内设科室"
        verbose_name_plural = "内设科室"
        ordering = ["agency", "sort_order", "name"]
        constraints = [models.UniqueConstraint(fields=["agency", "name"], name="department_unique_name")]

    def __str__(self) -> str:
        return f"{self.agency.display_name} · {self.name}"


class Role(models.TextChoices):
    """What a person may do in an agency. A person may hold several roles."""

    CLERK = "clerk", "经办人"
    OFFICE_HEAD = "office_head", "公开办负责人"
    DEPARTMENT_HEAD = "department_head", "科室负责人"
    CONTRIBUTOR = "contributor", "部门信息员"
    REVIEWER = "reviewer", "保密审查员"
    LEADER = "leader", "签发领导"
    SUPERVISOR = "supervisor", "监督人员"
    ADMINISTRATOR = "admin", "管理员"


# Supervisors read an agency's whole subtree and change nothing; every other role acts in its
# own agency only.
READ_ONLY_ROLES = frozenset({Role.SUPERVISOR})


class Membership(TimeStampedModel):
    """A user's role in one agency (optionally tied to one of its departments)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, related_name="memberships"
    )
    agency = models.ForeignKey(Agency, verbose_name="机关", on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField("角色", max_length=20, choices=Role)
    department = models.ForeignKey(
        Department, verbose_name="科室", null=True, blank=True, on_delete=models.CASCADE, related_name="memberships"
    )

    class Meta:
        verbose_name = "人员角色"
        verbose_name_plural = "人员角色"
        ordering = ["agency", "role"]
        constraints = [
            # Two partial indexes rather than nulls_distinct=False, which SQLite does not support.
            models.UniqueConstraint(
                fields=["user", "agency", "role"], condition=Q(department=None), name="membership_unique_agency_role"
            ),
            models.UniqueConstraint(
                fields=["user", "agency", "role", "department"],
                condition=Q(department__isnull=False),
                name="membership_unique_department_role",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.agency.display_name} · {self.get_role_display()}"


class AgencyYearCounter(models.Model):
    """The last number an agency gave in a year (case numbers, 索引号, message numbers).

    Taken with ``core.sequences.take_next``: the locked row keeps numbers unique and gap-free.
    Each app keeps its own table (and its own unique constraint on agency and year).
    """

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.year}: {self.last}"
