"""The shared form base: every message names its field; the form's own messages stay; dates within 1949–2099."""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.validators import RegexValidator

from gongkai.core.forms import GongkaiForm, StaffForm, field_label

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class Sample(GongkaiForm):
    name = forms.CharField(label="申请人姓名", max_length=5, min_length=2)
    on = forms.DateField(label="答复日期", widget=DATE)
    at = forms.DateTimeField(label="发布时间", required=False)
    days = forms.IntegerField(label="延长工作日数", min_value=1, max_value=20)
    pages = forms.IntegerField(label="页数（按量计收）", min_value=0, required=False)
    amount = forms.DecimalField(label="金额", max_digits=5, decimal_places=2, required=False)
    email = forms.EmailField(label="电子邮箱", required=False)
    kind = forms.ChoiceField(label="申请方式", choices=[("post", "邮寄")])
    file = forms.FileField(label="附件", required=False)
    agree = forms.BooleanField(label="同意公开")


def errors(**data) -> dict[str, list[str]]:
    files = {"file": data.pop("file")} if "file" in data else None
    form = Sample(data, files)
    form.is_valid()
    return {name: list(messages) for name, messages in form.errors.items()}


def test_an_empty_form_asks_for_each_field_by_name():
    assert errors() == {
        "name": ["请填写申请人姓名"],
        "on": ["请填写答复日期"],
        "days": ["请填写延长工作日数"],
        "kind": ["请选择申请方式"],
        "agree": ["请勾选同意公开"],
    }


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "张" * 10_000, "申请人姓名最多5个字（现有10000个）"),
        ("name", "张", "申请人姓名至少2个字（现有1个）"),
        ("name", "张\x00三", "申请人姓名含有无法识别的字符，请删除后重新填写"),
        ("on", "27/09/2024", "答复日期应为有效日期，格式如 2024-09-27"),
        ("on", "2024-02-30", "答复日期应为有效日期，格式如 2024-09-27"),
        ("on", "9999-12-31", "答复日期的年份应在1949至2099年之间"),
        ("on", "1900-01-01", "答复日期的年份应在1949至2099年之间"),
        ("at", "明天", "发布时间应为有效的日期和时间，格式如 2024-09-27 14:30"),
        ("at", "9999-12-31T23:59", "发布时间的年份应在1949至2099年之间"),
        ("days", "21", "延长工作日数不能大于20"),
        ("days", "-5", "延长工作日数不能小于1"),
        ("days", "1.5", "延长工作日数应为整数"),
        ("days", "十", "延长工作日数应为整数"),
        ("pages", str(10**20), "页数不能大于2147483647"),
        ("amount", "abc", "金额应为数字"),
        ("amount", "1.234", "金额最多保留2位小数"),
        ("amount", "123456", "金额最多5位数字"),
        ("email", "not-an-address", "电子邮箱格式不正确，例如 name@example.com"),
        ("kind", "fax", "申请方式的选项无效，请重新选择"),
        ("file", SimpleUploadedFile("空.pdf", b""), "附件是空文件，请检查后重新选择"),
        ("file", "not a file", "没有收到附件，请重新选择文件后提交"),
    ],
)
def test_each_message_names_its_field(field, value, message):
    assert errors(**{field: value})[field] == [message]


def test_the_boundary_years_are_accepted():
    valid = {"name": "张三", "days": "1", "kind": "post", "agree": "on"}
    for on in ("1949-01-01", "2099-12-31"):
        form = Sample({**valid, "on": on})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["on"] == dt.date.fromisoformat(on)


def test_a_date_input_offers_only_the_accepted_years():
    html = str(Sample()["on"])
    assert 'min="1949-01-01"' in html and 'max="2099-12-31"' in html


def test_a_message_the_form_wrote_is_kept():
    class Own(GongkaiForm):
        phone = forms.CharField(label="联系电话", max_length=3, error_messages={"required": "请填写联系电话。"})
        code = forms.CharField(label="邮政编码", validators=[RegexValidator(r"^\d{6}$", "邮政编码应为6位数字。")])

    form = Own({"code": "12"})
    assert form.errors == {"phone": ["请填写联系电话。"], "code": ["邮政编码应为6位数字。"]}
    form = Own({"phone": "1234", "code": "123456"})
    assert form.errors == {"phone": ["联系电话最多3个字（现有4个）"]}


def test_a_field_added_after_the_base_ran_is_named_too():
    class Late(GongkaiForm):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["late"] = forms.DateField(label="补正期限")

    assert Late({"late": "0001-01-01"}).errors == {"late": ["补正期限的年份应在1949至2099年之间"]}


def test_the_label_a_message_names():
    assert field_label(forms.CharField(label="需补正的内容（逐项列明，一次性告知）")) == "需补正的内容"
    assert field_label(forms.CharField(label="说明")) == "说明"
    assert field_label(forms.CharField()) == "此项"  # a field with no label still gets a Chinese message


def test_a_percent_sign_in_a_label_survives_formatting():
    class Rate(GongkaiForm):
        rate = forms.CharField(label="完成率%", max_length=2)

    assert Rate({"rate": "100"}).errors == {"rate": ["完成率％最多2个字（现有3个）"]}
    assert Rate({}).errors == {"rate": ["请填写完成率％"]}


def test_staff_forms_get_bootstrap_classes_and_accessible_errors():
    class Staff(StaffForm):
        name = forms.CharField(label="姓名")
        kind = forms.ChoiceField(label="类型", choices=[("a", "甲")])
        simplified = forms.BooleanField(label="简易程序", required=False)

    form = Staff({})
    assert form.fields["kind"].widget.attrs["class"] == "form-select"
    assert form.fields["simplified"].widget.attrs["class"] == "form-check-input"
    assert not form.is_valid()
    html = str(form["name"])
    assert 'class="form-control is-invalid"' in html
    assert 'aria-invalid="true"' in html and 'aria-describedby="id_name_error"' in html
    assert form.errors["name"] == ["请填写姓名"]
