from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q

from gongkai.core.models import TimeStampedModel
from gongkai.organizations.models import AgencyYearCounter
from gongkai.statute.outcomes import APPLICANT_LABELS, OUTCOMES, PART_GROUNDS_BY_KEY, ApplicantType, PartGround


class ApplicantKind(models.TextChoices):
    NATURAL_PERSON = ApplicantType.NATURAL_PERSON.value, APPLICANT_LABELS[ApplicantType.NATURAL_PERSON]
    COMMERCIAL = ApplicantType.COMMERCIAL.value, APPLICANT_LABELS[ApplicantType.COMMERCIAL]
    RESEARCH = ApplicantType.RESEARCH.value, APPLICANT_LABELS[ApplicantType.RESEARCH]
    PUBLIC_INTEREST = ApplicantType.PUBLIC_INTEREST.value, APPLICANT_LABELS[ApplicantType.PUBLIC_INTEREST]
    LEGAL_SERVICE = ApplicantType.LEGAL_SERVICE.value, APPLICANT_LABELS[ApplicantType.LEGAL_SERVICE]
    OTHER = ApplicantType.OTHER.value, APPLICANT_LABELS[ApplicantType.OTHER]


OutcomeKey = models.TextChoices("OutcomeKey", [(o.key, (o.key, o.label)) for o in OUTCOMES])


class Channel(models.TextChoices):
    """How the application arrived; Art. 31 fixes the receipt date per channel."""

    ONLINE = "online", "网上申请"
    IN_PERSON = "in_person", "当面提交"
    REGISTERED_POST = "registered_post", "邮寄（需签收）"
    ORDINARY_POST = "ordinary_post", "平信邮寄"
    FAX = "fax", "传真"
    EMAIL = "email", "电子邮件"
    IMPORTED = "imported", "登记簿导入"


class Status(models.TextChoices):
    REGISTERED = "registered", "办理中"
    SUPPLEMENT_REQUESTED = "supplement_requested", "待申请人补正"
    REASONS_REQUESTED = "reasons_requested", "待申请人说明理由"
    FEE_NOTIFIED = "fee_notified", "待缴费"
    CLOSED = "closed", "已办结"


OPEN_STATUSES = [s for s in Status.values if s != Status.CLOSED]
# The reply clock runs in these states. Art. 35 (reasons) has no pause, unlike a supplement
# request (Art. 30 restarts the clock) and the fee window (paused); consultations pause inside
# the due-date arithmetic itself (Art. 33(3)). Overdue is derived from this, never stored.
CLOCK_RUNNING = [Status.REGISTERED, Status.REASONS_REQUESTED]


class CaseQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status=Status.CLOSED)

    def overdue(self, today: dt.date):
        """Open cases whose reply clock ran out before today (waiting on the applicant excluded)."""
        return self.filter(status__in=CLOCK_RUNNING, due_on__lt=today)

    def due_soon(self, today: dt.date, until: dt.date):
        return self.filter(status__in=CLOCK_RUNNING, due_on__gte=today, due_on__lte=until)

    def open_on(self, day: dt.date):
        """Received on or before ``day`` and not replied by then (table 三 carry-over)."""
        return self.filter(received_on__lte=day).filter(Q(replied_on__isnull=True) | Q(replied_on__gt=day))


class Case(TimeStampedModel):
    """One application for government information (依申请公开), from receipt to closing."""

    agency = models.ForeignKey(
        "organizations.Agency", verbose_name="机关", on_delete=models.PROTECT, related_name="cases"
    )
    number = models.CharField("受理编号", max_length=40)
    year = models.PositiveSmallIntegerField("年度")
    seq = models.PositiveIntegerField("序号", null=True, blank=True)
    query_code_hash = models.CharField(max_length=128, blank=True)
    submission_key = models.CharField(max_length=64, blank=True)

    channel = models.CharField("申请方式", max_length=20, choices=Channel)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    received_on = models.DateField("收到申请日期")
    receipt_note = models.CharField("收到日期认定说明", max_length=300, blank=True)

    applicant_kind = models.CharField("申请人类型", max_length=20, choices=ApplicantKind)
    applicant_name = models.CharField("申请人", max_length=120)
    description = models.TextField("所需信息描述")
    document_number = models.CharField("文号", max_length=80, blank=True)
    purpose_note = models.CharField("备注", max_length=300, blank=True)
    provision_form = models.CharField(
        "提供形式",
        max_length=20,
        blank=True,
        choices=[("paper", "纸质"), ("electronic", "电子文档"), ("inspection", "当场查阅")],
    )
    delivery_preference = models.CharField(
        "获取方式",
        max_length=20,
        blank=True,
        choices=[("post", "邮寄"), ("email", "电子邮件"), ("pickup", "当面领取"), ("online", "网上获取")],
    )

    status = models.CharField("状态", max_length=24, choices=Status, default=Status.REGISTERED)
    department = models.ForeignKey(
        "organizations.Department",
        verbose_name="承办科室",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cases",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="经办人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_cases",
    )

    # The clock: stored facts, recomputed by the services when a fact changes.
    clock_started_on = models.DateField("期限起算日")
    extension_days = models.PositiveSmallIntegerField("延长工作日", default=0)
    due_on = models.DateField("答复期限")
    due_provisional = models.BooleanField("期限为暂定", default=False)
    due_explanation = models.TextField("期限说明", blank=True)
    # Art. 35: reasons found reasonable, a later reply date set by the agency (a fact, not a result).
    delayed_due_on = models.DateField("延迟答复期限", null=True, blank=True)

    # What the letters must print, kept as facts of the step that produced them.
    supplement_items = models.TextField("需补正内容", blank=True)
    reasons_grounds = models.TextField("要求说明理由的依据", blank=True)
    extension_reason = models.TextField("延期理由", blank=True)
    extension_approved_by = models.CharField("延期批准人", max_length=60, blank=True)
    extended_on = models.DateField("同意延期日期", null=True, blank=True)

    outcome = models.CharField("办理结果", max_length=40, choices=OutcomeKey, blank=True)
    replied_on = models.DateField("答复日期", null=True, blank=True)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    # Bumped by every step: a form carries the revision it was shown at, so a double click, a
    # stale tab or a second clerk's submission is refused instead of applied twice.
    revision = models.PositiveIntegerField("版本", default=0)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = "依申请公开件"
        verbose_name_plural = "依申请公开件"
        ordering = ["-received_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "number"], name="case_unique_number"),
            models.UniqueConstraint(
                fields=["agency", "year", "seq"], condition=Q(seq__isnull=False), name="case_unique_seq"
            ),
            models.UniqueConstraint(
                fields=["agency", "submission_key"], condition=~Q(submission_key=""), name="case_unique_submission"
            ),
            models.CheckConstraint(condition=~Q(status="closed") | ~Q(outcome=""), name="case_closed_has_outcome"),
        ]
        indexes = [models.Index(fields=["agency", "status", "due_on"])]

    def __str__(self) -> str:
        return f"{self.number} {self.applicant_name}"

    @property
    def is_open(self) -> bool:
        return self.status != Status.CLOSED

    @property
    def clock_running(self) -> bool:
        return self.status in CLOCK_RUNNING


class Applicant(models.Model):
    """The applicant's identity and contacts: personal information, masked in every list."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="applicant")
    id_type = models.CharField(
        "证件类型",
        max_length=20,
        blank=True,
        choices=[
            ("resident_id", "居民身份证"),
            ("passport", "护照"),
            ("hk_macau_tw", "港澳台居民证件"),
            ("other", "其他证件"),
            ("uscc", "统一社会信用代码"),
        ],
    )
    id_number = models.CharField("证件号码", max_length=40, blank=True, db_index=True)
    legal_representative = models.CharField("法定代表人或负责人", max_length=60, blank=True)
    contact_person = models.CharField("联系人", max_length=60, blank=True)
    phone = models.CharField("联系电话", max_length=40, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    address = models.CharField("通信地址", max_length=200, blank=True)
    postcode = models.CharField("邮政编码", max_length=6, blank=True)

    class Meta:
        verbose_name = "申请人信息"
        verbose_name_plural = "申请人信息"

    def __str__(self) -> str:
        return f"{self.case.number} 申请人"


class Attachment(models.Model):
    """A file the applicant gave (identity scans, supplements); sniffed type, never served inline."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=80)
    data = models.BinaryField()
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class Deadline(models.Model):
    """One statutory date of a case (the ledger), with how it was computed."""

    class Kind(models.TextChoices):
        SUPPLEMENT_NOTICE = "supplement_notice", "补正告知期限"
        SUPPLEMENT = "supplement", "申请人补正期限"
        REASONS = "reasons", "申请人说明理由期限"
        REPLY = "reply", "答复期限"
        CONSULTATION = "consultation", "征求意见答复期限"
        FEE_PAYMENT = "fee_payment", "缴费期限"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="deadlines")
    kind = models.CharField(max_length=20, choices=Kind)
    start_on = models.DateField("起算日")
    working_days = models.SmallIntegerField("工作日数", null=True, blank=True)
    due_on = models.DateField("截止日")
    provisional = models.BooleanField(default=False)
    explanation = models.TextField(blank=True)
    met_on = models.DateField("完成日", null=True, blank=True)
    superseded = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.due_on.isoformat()}"


class Consultation(models.Model):
    """A written consultation of a third party (Art. 32) or a co-making agency (Art. 34)."""

    class Party(models.TextChoices):
        THIRD_PARTY = "third_party", "第三方"
        CO_MAKER = "co_maker", "共同制作机关"

    class Opinion(models.TextChoices):
        CONSENT = "consent", "同意公开"
        OBJECT = "object", "不同意公开"
        NO_REPLY = "no_reply", "逾期未答复"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="consultations")
    party_kind = models.CharField(max_length=20, choices=Party)
    party_name = models.CharField("征求对象", max_length=120)
    sent_on = models.DateField("发出日期")
    received_by_party_on = models.DateField("对方收到日期", null=True, blank=True)
    party_due_on = models.DateField("对方答复期限")
    replied_on = models.DateField("答复日期", null=True, blank=True)
    opinion = models.CharField(max_length=20, choices=Opinion, blank=True)
    opinion_note = models.TextField("意见摘要", blank=True)

    class Meta:
        ordering = ["sent_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_party_kind_display()} {self.party_name}"


class FeeNotice(models.Model):
    """A fee notice (收费通知书) and its payment, 国办函〔2020〕109号."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="fee_notice")
    method = models.CharField(max_length=20, choices=[("per_request", "按件计收"), ("per_volume", "按量计收")])
    units = models.PositiveIntegerField("件数或页数")
    amount = models.DecimalField("金额（元）", max_digits=10, decimal_places=2)
    issued_on = models.DateField("发出日期")
    received_on = models.DateField("申请人收到日期", null=True, blank=True)
    pay_by = models.DateField("缴费期限", null=True, blank=True)
    paid_on = models.DateField("缴费日期", null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.case.number} 收费 {self.amount} 元"


class Reply(models.Model):
    """The reply that decides a case: exactly one outcome, its basis, and how it was delivered."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="reply")
    outcome = models.CharField(max_length=40, choices=OutcomeKey)
    legal_basis = models.TextField("法律依据")
    body = models.TextField("答复内容")
    replied_on = models.DateField("答复日期")
    delivery_method = models.CharField(
        "送达方式",
        max_length=20,
        blank=True,
        choices=[
            ("post", "邮寄"),
            ("email", "电子邮件"),
            ("in_person", "当面送达"),
            ("online", "网上送达"),
            ("fax", "传真"),
        ],
    )
    delivered_on = models.DateField("送达日期", null=True, blank=True)
    delivery_proof = models.CharField("送达凭证", max_length=200, blank=True)

    def __str__(self) -> str:
        return f"{self.case.number} {self.get_outcome_display()}"


class ReplyPart(models.Model):
    """One part of a partial disclosure (Art. 37): disclosed, or withheld/unavailable on a ground."""

    reply = models.ForeignKey(Reply, on_delete=models.CASCADE, related_name="parts")
    disclosed = models.BooleanField("予以公开")
    description = models.TextField("内容")
    ground = models.CharField("理由", max_length=30, blank=True)  # a statute.outcomes.PART_GROUNDS key
    note = models.TextField("具体说明", blank=True)

    class Meta:
        ordering = ["-disclosed", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(disclosed=True) | ~Q(ground=""), name="replypart_withheld_has_ground"),
        ]

    def __str__(self) -> str:
        return self.description[:40]

    @property
    def ground_spec(self) -> PartGround | None:
        return PART_GROUNDS_BY_KEY.get(self.ground)


class ExtensionRequest(TimeStampedModel):
    """A clerk's request that the OGI office head extend the reply period (Art. 33(2))."""

    class Decision(models.TextChoices):
        PENDING = "pending", "待审批"
        APPROVED = "approved", "已同意"
        REFUSED = "refused", "未同意"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="extension_requests")
    days = models.PositiveSmallIntegerField("延长工作日数")
    reason = models.TextField("延期理由")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="申请人", on_delete=models.PROTECT, related_name="+"
    )
    decision = models.CharField("审批结果", max_length=10, choices=Decision, default=Decision.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审批人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_note = models.TextField("审批意见", blank=True)

    class Meta:
        verbose_name = "延期申请"
        verbose_name_plural = "延期申请"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(decision="pending"), name="extensionrequest_one_pending"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case.number} 延期{self.days}个工作日（{self.get_decision_display()}）"


class CaseLetter(models.Model):
    """A letter issued in a case; the letter itself (letters.Letter) is frozen once issued."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="case_letters")
    letter = models.OneToOneField("letters.Letter", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=30)
    consultation = models.ForeignKey(
        Consultation, null=True, blank=True, on_delete=models.PROTECT, related_name="letters"
    )
    # When the letter went to the applicant by e-mail (None: not sent, e.g. no address).
    emailed_at = models.DateTimeField("邮件发送时间", null=True, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.case.number} {self.kind}"


class CaseCounter(AgencyYearCounter):
    """The last sequence number given per agency and year; locked row → no duplicate numbers."""

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="case_counter_unique")]


class ReminderSent(models.Model):
    """A reminder already sent for one deadline, stage and person, so reruns never repeat it."""

    class Stage(models.TextChoices):
        SOON = "soon", "即将到期"
        OVERDUE = "overdue", "已逾期"

    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="reminders")
    stage = models.CharField(max_length=10, choices=Stage)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["deadline", "stage", "user"], name="reminder_once")]

    def __str__(self) -> str:
        return f"{self.deadline} {self.stage} {self.user_id}"
