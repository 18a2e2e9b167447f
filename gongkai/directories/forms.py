"""Staff forms for the 标准目录. They validate input; the services change state."""

from __future__ import annotations

from django import forms

from gongkai.core.forms import StaffForm

from . import tables

CHANNELS_HELP = "多个渠道用顿号或换行分隔，如：政府网站、公开栏、便民服务站"


class ItemForm(StaffForm):
    area = forms.CharField(label="领域", max_length=60, help_text="如：重大建设项目、财政预决算、社会救助")
    level1 = forms.CharField(label="一级事项", max_length=120)
    level2 = forms.CharField(label="二级事项", max_length=200, required=False)
    content = forms.CharField(label="公开内容（要素）", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    basis = forms.CharField(label="公开依据", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    deadline_text = forms.CharField(
        label="公开时限",
        max_length=300,
        required=False,
        help_text="按目录原文填写，如：信息形成（或变更）之日起20个工作日内；每年3月底前；及时公开",
    )
    publisher = forms.CharField(label="公开主体", max_length=200, required=False)
    department = forms.ModelChoiceField(
        label="责任科室", queryset=None, required=False, help_text="逾期提醒发送给该科室的负责人"
    )
    channels = forms.CharField(
        label="公开渠道和载体", widget=forms.Textarea(attrs={"rows": 2}), required=False, help_text=CHANNELS_HELP
    )
    audience_public = forms.BooleanField(label="公开对象：全社会", required=False)
    audience_specific = forms.BooleanField(label="公开对象：特定群众", required=False)
    proactive = forms.BooleanField(label="公开方式：主动", required=False)
    on_request = forms.BooleanField(label="公开方式：依申请公开", required=False)
    sort_order = forms.IntegerField(label="排序", min_value=0, max_value=1_000_000, required=False)

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = agency.departments.all()

    def clean_channels(self) -> list[str]:
        return tables.channels(self.cleaned_data.get("channels") or "")


class ImportForm(StaffForm):
    file = forms.FileField(
        label="标准目录文件",
        widget=forms.FileInput(attrs={"accept": ".xlsx,.docx"}),
        help_text="官方表格样式的.xlsx或.docx：两行表头（序号、公开事项、公开内容（要素）……公开方式），"
        "每个领域一个表格或一个工作表",
    )


class GraceForm(StaffForm):
    realtime_grace_days = forms.IntegerField(
        label="“及时公开”宽限期（工作日）",
        min_value=0,
        max_value=60,
        help_text="公开时限为实时、及时、即时公开的事项，文件成文后超过这些工作日仍未发布即提示逾期",
    )
