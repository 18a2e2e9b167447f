"""Staff forms. They validate input; the services change state."""

from __future__ import annotations

from django import forms

from gongkai.core.forms import StaffForm as CoreStaffForm
from gongkai.organizations.models import Department
from gongkai.statute.outcomes import OUTCOMES, PART_GROUNDS, Group

from .models import ApplicantKind, Channel, Consultation, Reply
from .services import PartFacts

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class StaffForm(CoreStaffForm):
    """Bootstrap classes, accessible error wiring and messages naming each field (gongkai.core.forms)."""


class IntakeForm(StaffForm):
    """An application that arrived in person, by post, fax or e-mail (Art. 31 facts per channel)."""

    channel = forms.ChoiceField(label="申请方式", choices=[c for c in Channel.choices if c[0] not in ("imported",)])
    arrived_on = forms.DateField(
        label="到达日期", widget=DATE, help_text="当面提交或网上提交之日；信件、传真、邮件到达之日"
    )
    signed_on = forms.DateField(label="签收日期", widget=DATE, required=False, help_text="需签收的邮件")
    confirmed_on = forms.DateField(
        label="确认日期",
        widget=DATE,
        required=False,
        help_text="平信：当日与申请人确认之日；传真、电子邮件：双方确认之日",
    )
    applicant_kind = forms.ChoiceField(label="申请人类型", choices=ApplicantKind.choices)
    applicant_name = forms.CharField(label="申请人姓名或名称", max_length=120)
    id_type = forms.ChoiceField(
        label="证件类型",
        required=False,
        choices=[
            ("", "—"),
            ("resident_id", "居民身份证"),
            ("passport", "护照"),
            ("hk_macau_tw", "港澳台居民证件"),
            ("other", "其他证件"),
            ("uscc", "统一社会信用代码"),
        ],
    )
    id_number = forms.CharField(label="证件号码", max_length=40, required=False)
    phone = forms.CharField(label="联系电话", max_length=40, required=False)
    email = forms.EmailField(label="电子邮箱", required=False)
    address = forms.CharField(label="通信地址", max_length=200, required=False)
    description = forms.CharField(label="所需信息描述", widget=forms.Textarea(attrs={"rows": 4}))
    document_number = forms.CharField(label="文号", max_length=80, required=False)

    def clean(self):
        from gongkai.statute.identifiers import InvalidCode, validate_uscc
        from gongkai.statute.identity import InvalidIdentity, validate_resident_id

        data = super().clean()
        id_type, number = data.get("id_type"), (data.get("id_number") or "").strip()
        try:
            if id_type == "resident_id" and number:
                data["id_number"] = validate_resident_id(number)
            elif id_type == "uscc" and number:
                data["id_number"] = validate_uscc(number)
        except (InvalidIdentity, InvalidCode) as e:
            self.add_error("id_number", str(e))
        return data


class ActionForm(StaffForm):
    """A step on the case page. It carries the case revision it was shown at, so a second click,
    a stale tab or another clerk's earlier step makes the service refuse instead of act twice."""

    revision = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, case=None, **kwargs):
        self.case = case
        super().__init__(*args, **kwargs)
        if case is not None and not self.is_bound:
            self.fields["revision"].initial = case.revision


def _date(label: str, help_text: str = "", required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, widget=DATE, required=required, help_text=help_text)


class SupplementRequestForm(ActionForm):
    items = forms.CharField(
        label="需补正的内容（逐项列明，一次性告知）",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="每行一项，不必编号，文书会自动编号",
    )
    supplement_by = _date("补正期限")


class SupplementReceivedForm(ActionForm):
    on = _date("收到补正材料的日期", "答复期限自该日起重新计算（条例第三十条）")


class AbandonForm(ActionForm):
    on = _date("视为放弃申请的日期", "须晚于补正期限")


class ReasonsRequestForm(ActionForm):
    grounds = forms.CharField(
        label="要求说明理由的依据（申请的数量、频次情况）", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    reasons_by = _date("说明理由期限")


class ReasonsForm(ActionForm):
    on = _date("收到说明的日期")
    reasonable = forms.TypedChoiceField(
        label="理由是否合理",
        coerce=lambda v: v == "yes",
        choices=[("yes", "合理，继续办理"), ("no", "不合理，不予处理")],
    )
    new_due_on = _date("延迟答复期限（可选）", "理由合理但无法在原答复期限内答复时填写（条例第三十五条）", False)
    note = forms.CharField(label="说明", required=False, max_length=500)


class ConsultationForm(ActionForm):
    party_kind = forms.ChoiceField(label="征求对象类型", choices=Consultation.Party.choices)
    party_name = forms.CharField(label="征求对象名称", max_length=120)
    sent_on = _date("征求意见书发出日期", "征求意见期间不计入答复期限")
    received_by_party_on = _date("对方收到日期（可选）", "对方答复期限自该日起算；不知道时按发出日期", False)


class OpinionForm(ActionForm):
    consultation = forms.ModelChoiceField(label="征求意见", queryset=Consultation.objects.none(), empty_label=None)
    opinion = forms.ChoiceField(label="对方意见", choices=Consultation.Opinion.choices)
    replied_on = _date("对方答复日期", "对方逾期未答复时不填", False)
    note = forms.CharField(label="意见摘要", required=False, max_length=500)

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        if case is not None:
            self.fields["consultation"].queryset = case.consultations.filter(opinion="")


class ExtensionForm(ActionForm):
    days = forms.IntegerField(label="延长工作日数", min_value=1, max_value=20, initial=20)
    reason = forms.CharField(label="延期理由", widget=forms.Textarea(attrs={"rows": 2}), max_length=500)


class ExtensionRequestForm(ExtensionForm):
    """A clerk's request; the office head decides."""


class ExtensionDecisionForm(ActionForm):
    approve = forms.TypedChoiceField(
        label="审批意见",
        coerce=lambda v: v == "yes",
        choices=[("yes", "同意延期"), ("no", "不同意")],
    )
    days = forms.IntegerField(label="同意延长的工作日数（可少于申请的天数）", min_value=1, max_value=20, required=False)
    note = forms.CharField(label="意见（不同意时必填）", required=False, max_length=500)


class FeeForm(ActionForm):
    method = forms.ChoiceField(
        label="收费方式", choices=[("per_volume", "按量计收（页数）"), ("per_request", "按件计收")]
    )
    pages = forms.IntegerField(label="页数（按量计收）", min_value=0, max_value=1_000_000, required=False)

    def clean(self):
        data = super().clean()
        if data.get("method") == "per_volume" and not data.get("pages"):
            self.add_error("pages", "按量计收时请填写页数")
        return data


class FeeReceivedForm(ActionForm):
    on = _date("申请人收到收费通知的日期", "缴费期限自次日起算20个工作日")


class PaymentForm(ActionForm):
    paid_on = _date("缴费日期")


class UnpaidForm(ActionForm):
    on = _date("终止办理日期", "须晚于缴费期限")


class WithdrawForm(ActionForm):
    on = _date("申请人撤回的日期")
    note = forms.CharField(label="说明（如申请人来电撤回）", required=False, max_length=300)


WITHHELD_ROWS = 4
_GROUND_CHOICES = [("", "请选择理由")] + [
    (g.key, f"{'无法提供' if g.unavailable else '不予公开'}：{g.label}（{g.article}）") for g in PART_GROUNDS
]


class ReplyForm(ActionForm):
    outcome = forms.ChoiceField(
        label="办理结果",
        choices=[("", "请选择")]
        + [(o.key, o.label) for o in OUTCOMES if o.group is not Group.OTHER and o.key != "not_processed_excessive"],
    )
    body = forms.CharField(
        label="答复内容（查明的事实和理由）", widget=forms.Textarea(attrs={"rows": 5}), max_length=5000
    )
    provided = forms.CharField(
        label="部分公开：予以公开的部分",
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="仅“部分公开”填写；每行一项，不必编号",
    )
    legal_basis = forms.CharField(
        label="法律依据（留空则按办理结果和各项理由自动写明）",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    on = _date("答复日期", "不能晚于今天，也不能早于已登记的其他办理事项")

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        legal_basis = self.fields.pop("legal_basis")
        on = self.fields.pop("on")
        for n in range(1, WITHHELD_ROWS + 1):
            self.fields[f"withheld_{n}"] = forms.CharField(
                label=f"部分公开：不予公开或无法提供的部分（第{n}项）", required=False, max_length=500
            )
            self.fields[f"ground_{n}"] = forms.ChoiceField(
                label=f"第{n}项的理由和依据", required=False, choices=_GROUND_CHOICES
            )
            self.fields[f"note_{n}"] = forms.CharField(
                label=f"第{n}项的具体说明（可选）", required=False, max_length=500
            )
        self.fields["legal_basis"], self.fields["on"] = legal_basis, on

    def parts(self) -> list[PartFacts]:
        data = self.cleaned_data
        parts = [
            PartFacts(True, line.strip(" -•、")) for line in (data.get("provided") or "").splitlines() if line.strip()
        ]
        for n in range(1, WITHHELD_ROWS + 1):
            parts.append(
                PartFacts(
                    False, data.get(f"withheld_{n}") or "", data.get(f"ground_{n}") or "", data.get(f"note_{n}") or ""
                )
            )
        return parts


class DeliveryForm(ActionForm):
    method = forms.ChoiceField(label="送达方式", choices=Reply._meta.get_field("delivery_method").choices)
    delivered_on = _date("送达日期")
    proof = forms.CharField(label="送达凭证（如邮件单号）", max_length=200, required=False)


class AssignForm(ActionForm):
    department = forms.ModelChoiceField(label="承办科室", queryset=Department.objects.none(), empty_label="请选择科室")
    reason = forms.CharField(label="说明（转办时填写）", required=False, max_length=300)

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        if case is not None:
            self.fields["department"].queryset = case.agency.departments.all()


class ClaimForm(ActionForm):
    """Take the case as one's own (no fields besides the revision)."""


class ReissueCodeForm(ActionForm):
    """Give the case a new query code; the old one stops working."""
