"""Forms of the 意见箱. They validate and tidy what was typed; the services change state."""

from __future__ import annotations

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from gongkai.core.forms import GongkaiForm
from gongkai.organizations.models import Department

SUBMISSION_KEY = re.compile(r"[A-Za-z0-9_-]{20,64}")
BODY_MIN = 10
BODY_MAX = 3000
HONEYPOT = "homepage"


def _nfkc(value: str) -> str:
    # Full-width digits, letters and @ typed with a Chinese input method become ASCII.
    return unicodedata.normalize("NFKC", value or "").strip()


def _required(message: str) -> dict[str, str]:
    return {"required": message}


class _Styled:
    """Bootstrap classes on every visible widget, as the portal forms do."""

    def _style(self) -> None:
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs["class"] = "form-check-input"
            elif isinstance(widget, forms.Select):
                widget.attrs["class"] = "form-select"
            elif not widget.is_hidden:
                widget.attrs["class"] = "form-control"

    def error_summary(self) -> list[tuple[str, str, str]]:
        """(anchor, field label, message) for the summary at the top, in the order of the form."""
        rows = [("", "", message) for message in self.non_field_errors()]
        for bound in self:
            for message in bound.errors:
                # No link to a hidden field or to the honeypot, which nobody can see.
                hidden = bound.is_hidden or bound.name == HONEYPOT
                rows.append(("", "", message) if hidden else (bound.auto_id, bound.label, message))
        return rows


class MessageForm(_Styled, GongkaiForm):
    """What a writer leaves in the box. Name is optional; a way to reach them is not."""

    submission_key = forms.CharField(required=False, widget=forms.HiddenInput)
    # A field people never see (hidden with CSS, skipped by screen readers and the Tab key) that
    # form-filling robots fill in.
    homepage = forms.CharField(label="请勿填写此项", required=False)

    name = forms.CharField(
        label="姓名",
        max_length=60,
        required=False,
        help_text="可不填。公开时只显示姓氏，例如“张**”。",
    )
    contact = forms.CharField(
        label="联系电话或电子邮箱",
        max_length=120,
        help_text="用于本机关联系您，不会公开。填写电子邮箱的，答复后会发送到该邮箱。",
        error_messages=_required("请填写联系电话或电子邮箱。"),
    )
    subject = forms.CharField(
        label="标题",
        max_length=60,
        help_text="一句话说明您咨询或建议的事项，不超过60个字。",
        error_messages={**_required("请填写标题。"), "max_length": "标题不超过60个字（现在%(show_value)d个）。"},
    )
    body = forms.CharField(
        label="留言内容",
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=f"请写清楚事项、地点和时间，{BODY_MIN}至{BODY_MAX}个字。请勿填写身份证号等个人信息。",
        error_messages={
            **_required("请填写留言内容。"),
            "max_length": f"留言内容不超过{BODY_MAX}个字（现在%(show_value)d个），请精简后再提交。",
        },
    )
    publish_allowed = forms.BooleanField(
        label="同意公开我的留言和答复",
        required=False,
        help_text="同意的，本机关可以在意见箱公开留言和答复（不公开联系方式，姓名只显示姓氏）。",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["contact"].widget.attrs.update({"autocomplete": "email", "spellcheck": "false"})
        hp = self.fields[HONEYPOT].widget.attrs
        hp.update({"autocomplete": "off", "tabindex": "-1"})

    def clean_submission_key(self) -> str:
        key = self.cleaned_data["submission_key"]
        if not SUBMISSION_KEY.fullmatch(key):
            raise ValidationError("页面已失效，请核对填写的内容后再次提交。")
        return key

    def clean_homepage(self) -> str:
        if self.cleaned_data[HONEYPOT].strip():
            raise ValidationError("提交未成功，请刷新页面后重试。")
        return ""

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())

    def clean_contact(self) -> str:
        contact = _nfkc(self.cleaned_data["contact"])
        if "@" in contact:
            try:
                validate_email(contact)
            except ValidationError:
                raise ValidationError("电子邮箱格式不正确，例如 name@example.com。") from None
            return contact
        digits = re.sub(r"\D", "", contact)
        if not re.fullmatch(r"[0-9+()\s-]+", contact) or not 7 <= len(digits) <= 20:
            raise ValidationError(
                "请填写正确的手机号码、带区号的固定电话或电子邮箱，例如 13812345678、010-69860000 或 name@example.com。"
            )
        return contact

    def clean_subject(self) -> str:
        return " ".join(self.cleaned_data["subject"].split())

    def clean_body(self) -> str:
        body = self.cleaned_data["body"].strip()
        if len(body) < BODY_MIN:
            raise ValidationError(f"留言内容过短（{len(body)}个字），请至少写{BODY_MIN}个字，说明具体事项。")
        return body


class LookupForm(_Styled, GongkaiForm):
    number = forms.CharField(
        label="留言编号",
        max_length=30,
        help_text="提交留言后页面上显示的编号，例如 YJ2026-00012。",
        error_messages=_required("请填写留言编号。"),
    )
    code = forms.CharField(
        label="查询码",
        max_length=20,
        help_text="提交留言后页面上显示的8位查询码，不区分大小写。",
        error_messages=_required("请填写查询码。"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()
        for field in self.fields.values():
            field.widget.attrs["autocomplete"] = "off"
        self.fields["code"].widget.attrs.update({"autocapitalize": "characters", "spellcheck": "false"})

    def clean_number(self) -> str:
        return _nfkc(self.cleaned_data["number"]).upper()

    def clean_code(self) -> str:
        return re.sub(r"\s", "", _nfkc(self.cleaned_data["code"])).upper()


# -- staff ---------------------------------------------------------------------------------------


class ReplyForm(_Styled, GongkaiForm):
    reply = forms.CharField(
        label="答复内容",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages=_required("请填写答复内容。"),
    )
    publish = forms.BooleanField(label="同时公开留言和答复", required=False)

    def __init__(self, *args, message=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()
        if message is not None and not message.publish_allowed:
            del self.fields["publish"]  # no consent, nothing to offer


class AssignForm(_Styled, GongkaiForm):
    department = forms.ModelChoiceField(
        label="承办科室",
        queryset=Department.objects.none(),
        required=False,
        empty_label="公开办自行办理",
        error_messages={"invalid_choice": "请选择本机关的科室。"},
    )

    def __init__(self, *args, message=None, **kwargs):
        super().__init__(*args, **kwargs)
        if message is not None:
            self.fields["department"].queryset = Department.objects.filter(agency=message.agency)
            self.fields["department"].initial = message.department_id
        self._style()


INVALID_REASONS = [
    ("spam", "广告或无意义内容"),
    ("abuse", "辱骂、攻击或违法内容"),
    ("duplicate", "重复留言"),
    ("other", "其他"),
]


class InvalidForm(_Styled, GongkaiForm):
    reason = forms.ChoiceField(label="无效原因", choices=INVALID_REASONS, error_messages=_required("请选择无效原因。"))
    detail = forms.CharField(
        label="说明", max_length=150, required=False, help_text="重复留言请写明与哪条留言重复；选“其他”时必填。"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()

    def clean(self):
        data = super().clean()
        if data.get("reason") in ("other", "duplicate") and not data.get("detail", "").strip():
            self.add_error("detail", "请填写说明。")
        return data

    def reason_text(self) -> str:
        data = self.cleaned_data
        label = dict(INVALID_REASONS)[data["reason"]]
        detail = data.get("detail", "").strip()
        return f"{label}：{detail}" if detail else label


class WithdrawForm(_Styled, GongkaiForm):
    reason = forms.CharField(label="撤回原因", max_length=100, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()
