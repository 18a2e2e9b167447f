"""Pages for supervisors: upload published reports, follow the inspection, read and export results.

Any signed-in user holding a role in some agency may inspect reports (a published report is public;
the uploads are not agency-owned). A batch belongs to its uploader: ``access_batch`` turns anyone
else's batch into a 404.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods

from gongkai.organizations.access import readable_agencies
from gongkai.statute.reports.formats import (
    APPLICANT_COLUMNS,
    FORMATS,
    REMEDY_COLUMNS,
    REMEDY_GROUPS,
    format_for_year,
)

from .exports import JSON_CONTENT_TYPE, XLSX_CONTENT_TYPE, batch_json, batch_xlsx
from .forms import UploadForm
from .models import Batch, Item
from .tasks import SYNC_MAX_FILES, start_batch

RECENT_BATCHES = 20


def require_member(user) -> None:
    """Inspecting is for staff: a user with a role in some agency (or a superuser)."""
    if not (user.is_superuser or readable_agencies(user).exists()):
        raise PermissionDenied("年报检查供在机关中有角色的用户使用")


def access_batch(user, pk) -> Batch:
    """The user's own batch; anyone else's (or none) is a 404."""
    require_member(user)
    try:
        return Batch.objects.get(pk=pk, owner=user)
    except (Batch.DoesNotExist, ValueError, TypeError):
        raise Http404("没有找到该检查批次") from None


@login_required
@require_http_methods(["GET", "POST"])
def index(request):
    require_member(request.user)
    form = UploadForm()
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            batch = start_batch(owner=request.user, files=form.cleaned_data["files"], skipped=form.skipped)
            return redirect("inspector:batch", pk=batch.pk)
    batches = Batch.objects.filter(owner=request.user)[:RECENT_BATCHES]
    return render(
        request, "inspector/batch_upload.html", {"form": form, "batches": batches, "sync_max": SYNC_MAX_FILES}
    )


def _batch_context(batch: Batch) -> dict:
    return {"batch": batch, "items": list(batch.items.defer("content"))}


@login_required
@require_GET
def batch_detail(request, pk: int):
    batch = access_batch(request.user, pk)
    return render(request, "inspector/batch_detail.html", _batch_context(batch))


@login_required
@require_GET
def batch_progress(request, pk: int):
    """The progress and results fragment, polled by htmx every 2 s until the batch is finished."""
    batch = access_batch(request.user, pk)
    return render(request, "inspector/batch_detail.html#progress", _batch_context(batch))


@login_required
@require_GET
def item_detail(request, pk: int, position: int):
    batch = access_batch(request.user, pk)
    try:
        item = batch.items.defer("content").get(position=position)
    except Item.DoesNotExist:
        raise Http404("没有找到该报告") from None
    result = item.result or {}
    context = {"batch": batch, "item": item, "result": result, **report_tables(result)}
    return render(request, "inspector/item_detail.html", context)


@login_required
@require_GET
def batch_export(request, pk: int, ext: str):
    batch = access_batch(request.user, pk)
    if ext == "xlsx":
        response = HttpResponse(batch_xlsx(batch), content_type=XLSX_CONTENT_TYPE)
    elif ext == "json":
        response = HttpResponse(batch_json(batch), content_type=JSON_CONTENT_TYPE)
    else:
        raise Http404("不支持的导出格式")
    filename = f"年报检查结果-{batch.pk}-{batch.created_at:%Y%m%d}.{ext}"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


# ------------------------------------------------------------------------ one report's tables


def report_tables(result: dict) -> dict:
    """The extracted 表二/表三/表四 of a result, each cell with the severity of its findings."""
    year = result.get("year")
    fmt = FORMATS.get(result.get("format") or "") or (format_for_year(year) if isinstance(year, int) else None)
    fmt = fmt or FORMATS["2021"]
    marks: dict[str, str] = {}
    for finding in result.get("findings") or []:
        for cell in finding.get("cells") or []:
            if marks.get(cell) != "error":
                marks[cell] = finding.get("severity", "warning")

    def cell(name: str, value) -> dict:
        return {"value": "" if value is None else value, "mark": marks.get(name, ""), "blank": value is None}

    proactive = result.get("proactive") or {}
    proactive_rows = []
    for row in fmt.proactive:
        cells = proactive.get(row.key)
        proactive_rows.append(
            {
                "block": row.block,
                "label": row.label,
                "replaced": cells is None and bool(proactive),
                "cells": [
                    {"label": label, **cell(f"proactive.{row.key}.{key}", (cells or {}).get(key))}
                    for key, label in row.cells
                ],
            }
        )
    requests = result.get("requests") or {}
    request_rows = []
    for key in fmt.request_keys:
        values = list(requests.get(key) or [])
        values += [None] * (len(APPLICANT_COLUMNS) - len(values))
        request_rows.append(
            {"label": fmt.row_label(key), "cells": [cell(f"requests.{key}.{i}", v) for i, v in enumerate(values)]}
        )
    remedies = result.get("remedies") or {}
    remedy_rows = []
    for key, label in REMEDY_GROUPS:
        values = list(remedies.get(key) or [])
        values += [None] * (len(REMEDY_COLUMNS) - len(values))
        remedy_rows.append({"label": label, "cells": [cell(f"remedies.{key}.{i}", v) for i, v in enumerate(values)]})
    findings = result.get("findings") or []
    code = result.get("format")
    return {
        "fmt": fmt,
        "format_name": FORMATS[code].name if code in FORMATS else code,
        "has_tables": bool(proactive or requests or remedies),
        "proactive_rows": proactive_rows,
        "extra_rows": proactive.get("extra_rows") or [],
        "request_rows": request_rows,
        "remedy_rows": remedy_rows,
        "applicant_columns": APPLICANT_COLUMNS,
        "remedy_columns": REMEDY_COLUMNS,
        "errors": [f for f in findings if f.get("severity") == "error"],
        "warnings": [f for f in findings if f.get("severity") != "error"],
    }
