"""Staff forms. They validate input; the services change state."""

from __future__ import annotations

from django import forms

from gongkai.core.forms import StaffForm as CoreStaffForm
from gongkai.statute.outcomes import OUTCOMES, Group

from .models import ApplicantKind, Channel, Consultation

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


class SupplementRequestForm(StaffForm):
    items = forms.CharField(label="需补正的内容（逐项列明，一次性告知）", widget=forms.Textarea(attrs={"rows": 3}))
    supplement_by = forms.DateField(label="补正期限", widget=DATE)


class DateForm(StaffForm):
    on = forms.DateField(label="日期", widget=DATE)


class ReasonsRequestForm(StaffForm):
    grounds = forms.CharField(
        label="要求说明理由的依据（申请的数量、频次情况）", widget=forms.Textarea(attrs={"rows": 2})
    )
    reasons_by = forms.DateField(label="说明理由期限", widget=DATE)


class ReasonsForm(StaffForm):
    on = forms.DateField(label="收到说明日期", widget=DATE)
    reasonable = forms.TypedChoiceField(
        label="理由是否合理",
        coerce=lambda v: v == "yes",
        choices=[("yes", "合理，继续办理"), ("no", "不合理，不予处理")],
    )
    new_due_on = forms.DateField(label="延迟答复期限（可选）", widget=DATE, required=False)
    note = forms.CharField(label="说明", required=False)


class ConsultationForm(StaffForm):
    party_kind = forms.ChoiceField(label="征求对象类型", choices=Consultation.Party.choices)
    party_name = forms.CharField(label="征求对象名称", max_length=120)
    sent_on = forms.DateField(label="征求意见书发出日期", widget=DATE)
    received_by_party_on = forms.DateField(label="对方收到日期（可选）", widget=DATE, required=False)


class OpinionForm(StaffForm):
    needs_case = True
    consultation = forms.ModelChoiceField(label="征求意见", queryset=None)
    opinion = forms.ChoiceField(label="意见", choices=Consultation.Opinion.choices)
    replied_on = forms.DateField(label="答复日期", widget=DATE, required=False)
    note = forms.CharField(label="意见摘要", required=False)

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consultation"].queryset = case.consultations.filter(opinion="")


class ExtensionForm(StaffForm):
    days = forms.IntegerField(label="延长工作日数", min_value=1, max_value=20, initial=20)
    reason = forms.CharField(label="延期理由", widget=forms.Textarea(attrs={"rows": 2}))


class FeeForm(StaffForm):
    method = forms.ChoiceField(
        label="收费方式", choices=[("per_volume", "按量计收（页数）"), ("per_request", "按件计收")]
    )
    pages = forms.IntegerField(label="页数（按量计收）", min_value=0, required=False)


class PaymentForm(StaffForm):
    paid_on = forms.DateField(label="缴费日期", widget=DATE)


class ReplyForm(StaffForm):
    outcome = forms.ChoiceField(
        label="办理结果",
        choices=[("", "请选择")]
        + [(o.key, o.label) for o in OUTCOMES if o.group is not Group.OTHER and o.key != "not_processed_excessive"],
    )
    body = forms.CharField(label="答复内容", widget=forms.Textarea(attrs={"rows": 5}))
    legal_basis = forms.CharField(
        label="法律依据（留空则使用该结果的通常依据）", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    on = forms.DateField(label="答复日期", widget=DATE)


class DeliveryForm(StaffForm):
    method = forms.ChoiceField(
        label="送达方式",
        choices=[
            ("post", "邮寄"),
            ("email", "电子邮件"),
            ("in_person", "当面送达"),
            ("online", "网上送达"),
            ("fax", "传真"),
        ],
    )
    delivered_on = forms.DateField(label="送达日期", widget=DATE)
    proof = forms.CharField(label="送达凭证（如邮件单号）", max_length=200, required=False)


class AssignForm(StaffForm):
    needs_case = True
    department = forms.ModelChoiceField(label="承办科室", queryset=None)
    reason = forms.CharField(label="说明（转办时填写）", required=False)

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = case.agency.departments.all()
