"""Staff forms for the catalogue. They validate input; the services change state."""

from __future__ import annotations

from django import forms

from gongkai.core.forms import StaffForm
from gongkai.directories.models import DirectoryItem
from gongkai.statute.catalog import items_for_level
from gongkai.statute.filetypes import ALLOWED_EXTENSIONS, ALLOWED_SUMMARY

from .models import CheckWord, Disclosure, Kind, Subject, Validity

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DocumentForm(StaffForm):
    title = forms.CharField(label="标题", max_length=300)
    item = forms.ChoiceField(label="公开事项")
    subject = forms.ChoiceField(label="主题分类", choices=Subject.choices, initial=Subject.GENERAL)
    kind = forms.ChoiceField(
        label="文件类型", choices=[c for c in Kind.choices if c[0] != Kind.INTERPRETATION], initial=Kind.OTHER
    )
    department = forms.ModelChoiceField(label="起草科室", queryset=None, required=False)
    directory_item = forms.ModelChoiceField(
        label="标准目录事项", queryset=None, required=False, help_text="本机关主动公开全清单中对应的事项"
    )
    issuing_body = forms.CharField(label="发布机构", max_length=120, required=False, help_text="不填写则为本机关名称")
    written_on = forms.DateField(label="成文日期", required=False, widget=DATE)
    document_number = forms.CharField(
        label="发文字号", max_length=60, required=False, help_text="如：潭政发〔2026〕3号"
    )
    validity = forms.ChoiceField(
        label="有效性", choices=[("", "—"), *Validity.choices], required=False, help_text="规章和行政规范性文件填写"
    )
    disclosure = forms.ChoiceField(label="公开属性", choices=Disclosure.choices, initial=Disclosure.PROACTIVE)
    disclosure_reason = forms.CharField(
        label="不公开或依申请公开的理由", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    summary = forms.CharField(label="内容概述", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    body = forms.CharField(
        label="正文",
        # data-rich-text: static/vendor/tiptap-*/body-editor.min.js puts the editor over it
        widget=forms.Textarea(attrs={"rows": 10, "data-rich-text": ""}),
        required=False,
        help_text="可直接粘贴文字（空行分段），网址自动成为链接；也可使用HTML，保存时自动清洗",
    )

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = list(items_for_level(agency.level).items())
        self.fields["department"].queryset = agency.departments.all()
        self.fields["directory_item"].queryset = DirectoryItem.objects.current().filter(agency=agency)


class WordImportForm(StaffForm):
    docx = forms.FileField(
        label="从Word导入正文",
        widget=forms.FileInput(attrs={"accept": ".docx"}),
        help_text="选择 .docx 文件（不超过20 MB），其内容替换正文；标题、段落、表格和脚注保留，图片存为图片附件",
    )


class NoteForm(StaffForm):
    note = forms.CharField(
        label="拟稿说明",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="写明公开依据、需要审核人注意的事项；将记入审批单",
    )


class OpinionForm(StaffForm):
    opinion = forms.CharField(
        label="审核意见", widget=forms.Textarea(attrs={"rows": 2}), required=False, initial="同意公开"
    )


class SignOffForm(StaffForm):
    opinion = forms.CharField(
        label="签发意见", widget=forms.Textarea(attrs={"rows": 2}), required=False, initial="同意发布"
    )


class SecrecyForm(StaffForm):
    opinion = forms.CharField(
        label="保密审查意见", widget=forms.Textarea(attrs={"rows": 2}), initial="经审查，不涉及国家秘密和工作秘密"
    )


class ReasonForm(StaffForm):
    reason = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 2}))


class PublishForm(StaffForm):
    scheduled_at = forms.DateTimeField(
        label="定时发布时间",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="不填写则立即发布",
    )
    override_reason = forms.CharField(
        label="确认提示后继续发布的理由", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class WithdrawForm(StaffForm):
    reason = forms.CharField(
        label="撤回理由",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="撤回后文件不再办理、不会公开，其索引号不再使用",
    )


class RepealForm(ReasonForm):
    on = forms.DateField(label="废止日期", widget=DATE)


class EmptyForm(StaffForm):
    pass


class AttachmentForm(StaffForm):
    file = forms.FileField(
        label="上传附件",
        widget=forms.FileInput(attrs={"accept": ",".join(ALLOWED_EXTENSIONS)}),
        help_text=f"可上传{ALLOWED_SUMMARY}；文件类型按内容识别，扩展名须与内容一致",
    )


class CheckWordForm(StaffForm):
    kind = forms.ChoiceField(label="类型", choices=CheckWord.Kind.choices)
    word = forms.CharField(label="词语", max_length=40)
    correction = forms.CharField(label="正确写法", max_length=40, required=False, help_text="易错词填写")


class OriginalViewForm(StaffForm):
    """Why the office head opens a version's text as it was before masking (kept in the audit log)."""

    reason = forms.CharField(
        label="查看事由", max_length=200, help_text="如：核查屏蔽是否正确、答复投诉。事由和查看人记入操作日志"
    )


class NoInformationForm(StaffForm):
    item = forms.CharField(widget=forms.HiddenInput, max_length=20)
    reason = forms.CharField(
        label="无此类信息的理由",
        max_length=200,
        help_text="将在公开目录中显示，如：本镇辖区内无土地征收项目",
    )
