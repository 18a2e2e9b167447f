"""The base of every form of the project: messages that name their field, and dates within reason.

Django's stock messages ("这个字段是必填项。", "输入一个有效的日期。") leave a clerk or an applicant
guessing which field is meant when several fail at once, and an error summary that repeats one
sentence five times helps nobody. Each field gets messages written for it ("请填写申请人姓名"),
unless the form gave it its own: a message a form wrote is never replaced.

Date fields also refuse years outside 1949–2099: a mistyped 9999-12-31 would otherwise pass the
form and overflow the working-day arithmetic far from it, as a server error.

The admin keeps Django's own look and messages (its forms live in ``admin.py`` modules); every
other form class of ours derives from GongkaiForm or GongkaiModelForm, which tests/test_forms.py
checks by walking them all.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core import validators
from django.core.exceptions import ValidationError

# The People's Republic's first year to the end of the century: in this work other years are typing
# slips (decision 0019).
FIRST_YEAR = 1949
LAST_YEAR = 2099
# An integer field without a ceiling of its own stops at what a database integer column holds,
# so 10^20 is a sentence beside the field rather than a database error.
INTEGER_CEILING = 2_147_483_647

FALLBACK_LABEL = "此项"
GENERIC = "{label}的内容不正确，请检查后重新填写"


def field_label(field: forms.Field) -> str:
    """The label a message names: "页数（按量计收）" → "页数"; the hint stays beside the field."""
    label = str(field.label or "").strip()
    return label.split("（")[0].strip() or label or FALLBACK_LABEL


def _required(field: forms.Field) -> str:
    if isinstance(field, forms.BooleanField):
        return "请勾选{label}"
    if isinstance(field, forms.ChoiceField | forms.FileField):
        return "请选择{label}"
    return "请填写{label}"


def _invalid(field: forms.Field) -> str:
    # Subclasses first: FloatField and DecimalField are IntegerFields, EmailField a CharField.
    kinds: list[tuple[type, str]] = [
        (forms.DateTimeField, "{label}应为有效的日期和时间，格式如 2024-09-27 14:30"),
        (forms.DateField, "{label}应为有效日期，格式如 2024-09-27"),
        (forms.TimeField, "{label}应为有效时间，格式如 14:30"),
        (forms.FloatField, "{label}应为数字"),
        (forms.DecimalField, "{label}应为数字"),
        (forms.IntegerField, "{label}应为整数"),
        (forms.EmailField, "{label}格式不正确，例如 name@example.com"),
        (forms.URLField, "{label}应为有效网址，例如 https://www.gov.cn/"),
        (forms.FileField, "没有收到{label}，请重新选择文件后提交"),
    ]
    return next((message for kind, message in kinds if isinstance(field, kind)), GENERIC)


def _max_length(field: forms.Field) -> str:
    if isinstance(field, forms.FileField):
        return "{label}的文件名最多%(max)d个字（现有%(length)d个）"
    return "{label}最多%(limit_value)d个字（现有%(show_value)d个）"


# code → the message, or a function of the field giving it. %(…)s are the ValidationError's params.
MESSAGES = {
    "required": _required,
    "invalid": _invalid,
    "invalid_choice": "{label}的选项无效，请重新选择",
    "invalid_list": "{label}的选项无效，请重新选择",
    "invalid_pk_value": "{label}的选项无效，请重新选择",
    "max_length": _max_length,
    "min_length": "{label}至少%(limit_value)d个字（现有%(show_value)d个）",
    "max_value": "{label}不能大于%(limit_value)s",
    "min_value": "{label}不能小于%(limit_value)s",
    "step_size": "{label}应为%(limit_value)s的整数倍",
    "max_digits": "{label}最多%(max)s位数字",
    "max_decimal_places": "{label}最多保留%(max)s位小数",
    "max_whole_digits": "{label}的整数部分最多%(max)s位",
    "null_characters_not_allowed": "{label}含有无法识别的字符，请删除后重新填写",
    "missing": "请选择{label}",
    "empty": "{label}是空文件，请检查后重新选择",
    "contradiction": "{label}：请上传新文件或勾选“清除”，不要同时进行",
    "invalid_image": "{label}不是有效的图片，请上传 JPEG 或 PNG 图片",
    "invalid_date": "{label}的日期无效，格式如 2024-09-27",
    "invalid_time": "{label}的时间无效，格式如 14:30",
    "incomplete": "请把{label}填写完整",
    "overflow": "{label}超出了可以填写的范围",
}


class YearRange:
    """A date (or date and time) whose year lies within FIRST_YEAR–LAST_YEAR."""

    code = "year_out_of_range"

    def __init__(self, label: str) -> None:
        self.message = f"{label}的年份应在{FIRST_YEAR}至{LAST_YEAR}年之间"

    def __call__(self, value: dt.date) -> None:
        if not FIRST_YEAR <= value.year <= LAST_YEAR:
            raise ValidationError(self.message, code=self.code)


def _stock(field: forms.Field) -> dict[str, list]:
    """Django's default message of each code for this field class (the lazy objects themselves)."""
    stock: dict[str, list] = {}
    for cls in type(field).__mro__:
        for code, message in getattr(cls, "default_error_messages", {}).items():
            stock.setdefault(code, []).append(message)
    return stock


def _validator_codes(field: forms.Field) -> list[str]:
    """Codes of the field's validators that still carry Django's own message."""
    codes = []
    for validator in field.validators:
        if isinstance(validator, validators.DecimalValidator):
            codes += list(validators.DecimalValidator.messages)
        code = getattr(validator, "code", None)
        # A validator given its own message keeps it: run_validators replaces a message by
        # error_messages[code] whenever that code is there.
        if code and getattr(validator, "message", None) is getattr(type(validator), "message", None):
            codes.append(code)
    return codes


def name_field_messages(field: forms.Field) -> None:
    """Write the field's messages for it, keep the ones its form wrote, bound its dates and integers."""
    if getattr(field, "_gongkai_named", False):
        return
    field._gongkai_named = True
    # Some messages are %-formatted with the error's params and some are not: a full-width ％
    # reads the same in Chinese and survives both.
    label = field_label(field).replace("%", "％")
    if isinstance(field, forms.DateField | forms.DateTimeField):
        field.validators.append(YearRange(field_label(field)))
        _bound_date_widget(field.widget)
    if isinstance(field, forms.IntegerField) and not isinstance(field, forms.FloatField | forms.DecimalField):
        if field.max_value is None:
            field.validators.append(validators.MaxValueValidator(INTEGER_CEILING))
    stock = _stock(field)
    codes = dict.fromkeys([*field.error_messages, *_validator_codes(field)])
    for code in codes:
        current = field.error_messages.get(code)
        if current is not None and not any(current is message for message in stock.get(code, ())):
            continue  # the form's own message
        template = MESSAGES.get(code, GENERIC)
        template = template(field) if callable(template) else template
        field.error_messages[code] = template.replace("{label}", label)


def _bound_date_widget(widget: forms.Widget) -> None:
    # The browser's date picker then offers only the years the form accepts.
    kind = getattr(widget, "input_type", "")
    if kind == "date":
        widget.attrs.setdefault("min", f"{FIRST_YEAR}-01-01")
        widget.attrs.setdefault("max", f"{LAST_YEAR}-12-31")
    elif kind == "datetime-local":
        widget.attrs.setdefault("min", f"{FIRST_YEAR}-01-01T00:00")
        widget.attrs.setdefault("max", f"{LAST_YEAR}-12-31T23:59")


class FieldMessages:
    """Names each field in its messages (see the module docstring); mix in before the Django form."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.name_fields()

    def name_fields(self) -> None:
        for field in self.fields.values():
            name_field_messages(field)

    def full_clean(self):
        # Again: a form's own __init__ may add fields after ours ran.
        self.name_fields()
        super().full_clean()


class GongkaiForm(FieldMessages, forms.Form):
    """The base of every form of the project."""


class GongkaiModelForm(FieldMessages, forms.ModelForm):
    """The base of every model form of the project."""


class StaffForm(GongkaiForm):
    """Bootstrap classes and accessible error wiring for every staff form."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs["class"] = "form-check-input"
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs.setdefault("class", css)

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = widget.attrs.get("class", "") + " is-invalid"
                widget.attrs["aria-invalid"] = "true"
                widget.attrs["aria-describedby"] = f"id_{self.add_prefix(name)}_error"
