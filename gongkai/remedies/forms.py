"""Staff forms for the docket. They validate input; the services change state."""

from __future__ import annotations

from django import forms

from gongkai.cases.forms import DATE, StaffForm
from gongkai.cases.models import Case

from .files import MAX_DOCUMENT_BYTES
from .models import Kind, Outcome


class CaseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Case) -> str:
        outcome = f"，{obj.get_outcome_display()}" if obj.outcome else ""
        return f"{obj.number}（{obj.applicant_name}{outcome}）"


def _agency_cases(agency, exclude=()):
    return Case.objects.filter(agency=agency).exclude(pk__in=list(exclude)).order_by("-received_on", "-id")


class RemedyForm(StaffForm):
    kind = forms.ChoiceField(label="类型", choices=Kind.choices)
    number = forms.CharField(
        label="案号", max_length=80, help_text="复议机关或法院的案号，如 门政复〔2024〕12号、（2024）京0109行初56号"
    )
    body = forms.CharField(label="复议机关或法院", max_length=120)
    applicant_name = forms.CharField(label="申请人或原告", max_length=120)
    filed_on = forms.DateField(label="立案（受理）日期", widget=DATE, help_text="复议机关受理或法院立案之日")
    served_on = forms.DateField(
        label="收到副本日期",
        widget=DATE,
        required=False,
        help_text="本机关收到复议申请书或起诉状副本之日，答复（答辩）期限由此计算",
    )
    simplified = forms.BooleanField(
        label="行政复议适用简易程序", required=False, help_text="简易程序的答复期限为5个工作日（行政复议法第五十四条）"
    )
    case = CaseChoiceField(
        label="关联依申请公开件", queryset=Case.objects.none(), required=False, empty_label="—（暂不关联）"
    )

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = _agency_cases(agency)


class ServedForm(StaffForm):
    served_on = forms.DateField(label="收到副本日期", widget=DATE)
    simplified = forms.BooleanField(label="行政复议适用简易程序", required=False)

    def __init__(self, *args, remedy, **kwargs):
        super().__init__(*args, **kwargs)
        if remedy.is_litigation:
            del self.fields["simplified"]


class ReplyForm(StaffForm):
    replied_on = forms.DateField(label="提交答复（答辩）日期", widget=DATE)

    def __init__(self, *args, remedy, **kwargs):
        super().__init__(*args, **kwargs)


class HearingForm(StaffForm):
    on = forms.DateField(label="开庭（听证）日期", widget=DATE)
    note = forms.CharField(label="说明", max_length=300, required=False, help_text="如：第一次开庭、听证、询问")

    def __init__(self, *args, remedy, **kwargs):
        super().__init__(*args, **kwargs)


class OutcomeForm(StaffForm):
    outcome = forms.ChoiceField(label="审理结果", choices=Outcome.choices)
    decided_on = forms.DateField(
        label="审结日期", widget=DATE, required=False, help_text="复议决定或裁判作出之日；尚未审结的不填"
    )

    def __init__(self, *args, remedy, **kwargs):
        super().__init__(*args, **kwargs)


class LinkForm(StaffForm):
    case = CaseChoiceField(label="依申请公开件（按受理编号）", queryset=Case.objects.none(), empty_label="请选择")

    def __init__(self, *args, remedy, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = _agency_cases(remedy.agency, remedy.cases.values_list("pk", flat=True))


class DocumentForm(StaffForm):
    file = forms.FileField(label="文件", help_text="PDF、JPEG、PNG 或 Word（.docx），不超过 10 MB")

    def __init__(self, *args, remedy, **kwargs):
        super().__init__(*args, **kwargs)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_DOCUMENT_BYTES:
            raise forms.ValidationError("文件不能超过 10 MB")
        return upload
