"""The office head's page for importing the agency's earlier catalogue (catalog.legacy).

Upload → checked in an isolated worker (a dry run) → preview with every bad row or the counts →
confirm. Between preview and confirm the two files wait in storage under a random token kept in
the session; confirming reads and checks them again in the worker, then imports all or nothing.
"""

from __future__ import annotations

import secrets

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gongkai.core.forms import StaffForm
from gongkai.organizations.access import access_agency, require_role

from . import legacy
from .models import LegacyImport

SESSION_KEY = "catalog_legacy_upload"


class LegacyUploadForm(StaffForm):
    table = forms.FileField(label="目录表格", help_text="其他系统导出的目录，.xlsx或.csv（UTF-8或GBK编码）")
    attachments = forms.FileField(
        label="附件压缩包", required=False, help_text="可选：表格“附件”列所列文件的.zip压缩包"
    )

    def clean_table(self):
        table = self.cleaned_data["table"]
        if not table.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError("目录表格应为.xlsx或.csv文件")
        if table.size > legacy.MAX_TABLE_BYTES:
            raise forms.ValidationError(f"目录表格不能超过{legacy.MAX_TABLE_BYTES // legacy.MB} MB")
        return table

    def clean_attachments(self):
        archive = self.cleaned_data.get("attachments")
        if archive and not archive.name.lower().endswith(".zip"):
            raise forms.ValidationError("附件应打包为.zip压缩包")
        if archive and archive.size > legacy.MAX_ZIP_BYTES:
            raise forms.ValidationError(f"附件压缩包不能超过{legacy.MAX_ZIP_BYTES // legacy.MB} MB，请分批导入")
        return archive


class ConfirmForm(StaffForm):
    token = forms.CharField(widget=forms.HiddenInput, max_length=64)


def _agency(request, code):
    agency = access_agency(request.user, code, write=True)  # another agency's → 404
    require_role(request.user, agency, *legacy.IMPORTERS)
    return agency


def _page(request, agency, form, *, checked=None, token="", status=200):
    return render(
        request,
        "catalog/legacy_import.html",
        {
            "agency": agency,
            "form": form,
            "checked": checked,
            "token": token,
            "imports": LegacyImport.objects.filter(agency=agency).select_related("imported_by")[:20],
        },
        status=status,
    )


def _stored(request, agency, token):
    pending = request.session.get(SESSION_KEY) or {}
    if not token or pending.get("token") != token or pending.get("agency") != agency.pk:
        return None
    return pending


def _discard(request) -> None:
    pending = request.session.pop(SESSION_KEY, None) or {}
    for key in ("table", "zip"):
        if pending.get(key):
            default_storage.delete(pending[key])


def _read(pending, key) -> bytes | None:
    if not pending.get(key):
        return None
    with default_storage.open(pending[key], "rb") as f:
        return f.read()


@login_required
def legacy_import(request, code):
    agency = _agency(request, code)
    if request.method != "POST":
        return _page(request, agency, LegacyUploadForm())
    form = LegacyUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, agency, form, status=400)
    _discard(request)
    table, archive = form.cleaned_data["table"], form.cleaned_data.get("attachments")
    token = secrets.token_urlsafe(24)
    folder = f"legacy-uploads/{agency.pk}/{token}"
    pending = {
        "token": token,
        "agency": agency.pk,
        "table_name": table.name,
        "zip_name": archive.name if archive else "",
    }
    pending["table"] = default_storage.save(f"{folder}/table", ContentFile(table.read()))
    pending["zip"] = default_storage.save(f"{folder}/zip", ContentFile(archive.read())) if archive else ""
    request.session[SESSION_KEY] = pending
    checked = _check(request.user, agency, pending, dry_run=True)
    if checked.errors:
        _discard(request)
        return _page(request, agency, LegacyUploadForm(), checked=checked, status=400)
    return _page(request, agency, LegacyUploadForm(), checked=checked, token=token)


def _check(user, agency, pending, *, dry_run):
    return legacy.import_file(
        actor=user,
        agency=agency,
        table=_read(pending, "table"),
        table_name=pending["table_name"],
        zip_data=_read(pending, "zip"),
        zip_name=pending["zip_name"],
        dry_run=dry_run,
    )


@login_required
@require_POST
def legacy_confirm(request, code):
    agency = _agency(request, code)
    form = ConfirmForm(request.POST)
    pending = _stored(request, agency, form.data.get("token", ""))
    if not form.is_valid() or pending is None:
        messages.error(request, "导入已过期或已完成，请重新上传目录文件")
        return redirect("catalog:legacy", code=agency.code)
    try:
        batch = _check(request.user, agency, pending, dry_run=False)
    except OSError:  # the waiting files are gone (storage cleaned up)
        request.session.pop(SESSION_KEY, None)
        messages.error(request, "导入已过期或已完成，请重新上传目录文件")
        return redirect("catalog:legacy", code=agency.code)
    except legacy.LegacyImportRefused as refused:
        _discard(request)
        checked = legacy.Checked(errors=refused.errors)
        return _page(request, agency, LegacyUploadForm(), checked=checked, status=400)
    _discard(request)
    messages.success(request, f"已导入{batch.document_count}件历史文件、{batch.attachment_count}个附件")
    return redirect("catalog:legacy", code=agency.code)
