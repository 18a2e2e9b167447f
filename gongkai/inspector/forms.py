"""The upload form: one or many report files, or .zip files of reports."""

from __future__ import annotations

from django import forms

from gongkai.core.forms import GongkaiForm

from .document import UnreadableReport
from .safety import LIMITS, MB, REPORT_SUFFIXES, reports_in_zip

# A direct upload may also be an old .doc or a saved .mht: the inspector says what to do with it.
UPLOAD_SUFFIXES = (*REPORT_SUFFIXES, ".doc", ".mht", ".mhtml", ".zip")
MAX_UPLOAD_TOTAL = 100 * MB  # one request: all files together


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        attrs = {"class": "form-control", "accept": ",".join(UPLOAD_SUFFIXES), "aria-describedby": "files-help"}
        kwargs.setdefault("widget", MultipleFileInput(attrs=attrs))
        kwargs.setdefault("allow_empty_file", True)  # an empty file is reported as such, with the others
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class UploadForm(GongkaiForm):
    files = MultipleFileField(
        label="报告文件",
        help_text="可一次选择多份报告（.docx、.pdf、.html、.txt），或上传装有报告的 .zip 压缩包；"
        f"每个文件不超过 {LIMITS.max_bytes // MB} MB，合计不超过 {MAX_UPLOAD_TOTAL // MB} MB",
    )

    def clean_files(self) -> list[tuple[str, bytes]]:
        """(name, bytes) of every report to inspect; the .zip files opened (safely)."""
        uploads = self.cleaned_data["files"]
        if sum(upload.size for upload in uploads) > MAX_UPLOAD_TOTAL:
            raise forms.ValidationError(f"上传的文件合计超过 {MAX_UPLOAD_TOTAL // MB} MB，请分批上传")
        files: list[tuple[str, bytes]] = []
        self.skipped: list[str] = []
        for upload in uploads:
            name = upload.name
            if not name.lower().endswith(UPLOAD_SUFFIXES):
                raise forms.ValidationError(f"“{name}”不是可检查的文件类型（.docx、.pdf、.html、.txt 或 .zip）")
            if upload.size > LIMITS.max_bytes:
                raise forms.ValidationError(f"“{name}”超过 {LIMITS.max_bytes // MB} MB")
            data = upload.read()
            if name.lower().endswith(".zip"):
                try:
                    members, skipped = reports_in_zip(data)
                except UnreadableReport as e:
                    raise forms.ValidationError(f"“{name}”：{e}") from None
                if not members:
                    raise forms.ValidationError(f"“{name}”中没有报告文件（.docx、.pdf、.html、.htm、.txt）")
                prefix = name.rsplit(".", 1)[0]
                files += [(f"{prefix}/{member}", content) for member, content in members]
                self.skipped += [f"{prefix}/{member}" for member in skipped]
            else:
                files.append((name, data))
        if sum(len(content) for _, content in files) > LIMITS.max_unzipped:
            raise forms.ValidationError(f"解压后的报告合计超过 {LIMITS.max_unzipped // MB} MB，请分批上传")
        if len(files) > LIMITS.max_files:
            raise forms.ValidationError(f"一次最多检查 {LIMITS.max_files} 份报告，请分批上传")
        return files
