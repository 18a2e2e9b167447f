"""Staff pages for the annual report: list, edit with validation, workflow, outputs, roll-up."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.organizations.access import access_agency, readable_agencies, roles_in, scope
from gongkai.organizations.models import Role
from gongkai.statute.reports import FORMATS
from gongkai.statute.reports.formats import APPLICANT_COLUMNS, FIRST_REPORT_YEAR, REMEDY_COLUMNS, REMEDY_GROUPS

from . import services
from .builder import build_report_data
from .forms import cell_name, read_report_form
from .models import AnnualReport
from .rollup import build_rollup, rollup_xlsx

CONTENT_TYPES = {
    "json": "application/json; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
}


def access_report(user, pk, *, write: bool = False) -> AnnualReport:
    try:
        return scope(AnnualReport.objects.select_related("agency"), user, write=write).get(pk=pk)
    except (AnnualReport.DoesNotExist, ValueError, TypeError):
        raise Http404("没有找到该报告") from None


@login_required
def report_list(request):
    today = timezone.localdate()
    default_year = today.year - 1 if today.month <= 3 else today.year
    rows = []
    for agency in readable_agencies(request.user).order_by("path"):
        reports = list(agency.annual_reports.order_by("-year", "-version"))
        latest: dict[int, AnnualReport] = {}
        for report in reports:
            latest.setdefault(report.year, report)
        can_edit = bool(roles_in(request.user, agency) & services.EDIT_ROLES)
        rows.append(
            {
                "agency": agency,
                "reports": list(latest.values()),
                "can_edit": can_edit,
                "missing_default": default_year not in latest,
            }
        )
    return render(
        request, "reports/report_list.html", {"rows": rows, "default_year": default_year, "this_year": today.year}
    )


@login_required
@require_POST
def report_start(request, code):
    agency = access_agency(request.user, code, write=True)
    try:
        year = int(request.POST.get("year", ""))
        report = services.start_report(
            actor=request.user, agency=agency, year=year, fmt_code=request.POST.get("format") or None
        )
    except (ValueError, ValidationError, PermissionDenied) as e:
        messages.error(request, _message(e) if not isinstance(e, ValueError) else "请填写年度")
        return redirect("reports:list")
    return redirect("reports:detail", pk=report.pk)


def _message(error) -> str:
    return "；".join(getattr(error, "messages", None) or [str(error)])


def _context(request, report: AnnualReport, *, data: dict | None = None, typed=None, form_errors=None) -> dict:
    data = data or build_report_data(agency=report.agency, year=report.year, report=report)
    fmt = FORMATS[data["format"]]
    flagged = {cell for f in data["findings"] for cell in f.get("cells", [])}
    entered = data["proactive"]
    proactive_rows = []
    for row in fmt.proactive:
        cells = []
        for key, label in row.cells:
            name = cell_name(row.key, key)
            value = (
                typed.get(name, "")
                if typed is not None
                else (
                    "" if entered.get(row.key) is None or entered[row.key].get(key) is None else entered[row.key][key]
                )
            )
            cells.append(
                {
                    "name": name,
                    "label": label,
                    "value": value,
                    "flag": f"proactive.{row.key}.{key}" in flagged,
                    "error": (form_errors or {}).get(name),
                }
            )
        proactive_rows.append(
            {
                "row": row,
                "cells": cells,
                "replaced": entered.get(row.key) is None,
                "source": (typed or {}).get(f"s-{row.key}", report.sources.get(row.key, "")),
            }
        )
    request_rows = [
        {
            "label": fmt.row_label(k),
            "cells": [(v, f"requests.{k}.{i}" in flagged) for i, v in enumerate(data["requests"][k])],
        }
        for k in fmt.request_keys
    ]
    remedy_rows = [
        {"label": label, "cells": [(v, f"remedies.{k}.{i}" in flagged) for i, v in enumerate(data["remedies"][k])]}
        for k, label in REMEDY_GROUPS
    ]
    roles = roles_in(request.user, report.agency)
    sections = {n: (typed or {}).get(f"sec-{n}", data["sections"].get(n, "")) for n in ("一", "五", "六")}
    return {
        "report": report,
        "data": data,
        "fmt": fmt,
        "proactive_rows": proactive_rows,
        "request_rows": request_rows,
        "remedy_rows": remedy_rows,
        "applicant_columns": APPLICANT_COLUMNS,
        "remedy_columns": REMEDY_COLUMNS,
        "sections": sections,
        "errors": [f for f in data["findings"] if f["severity"] == "error"],
        "warnings": [f for f in data["findings"] if f["severity"] == "warning"],
        "can_edit": report.status in services.EDITABLE and bool(roles & services.EDIT_ROLES),
        "can_publish": report.status != AnnualReport.Status.PUBLISHED and bool(roles & services.PUBLISH_ROLES),
        "can_review": report.status == AnnualReport.Status.SUBMITTED and _is_reviewer(request.user, report),
        "form_errors": form_errors or {},
        "today": timezone.localdate(),
        "versions": AnnualReport.objects.filter(agency=report.agency, year=report.year).order_by("version"),
    }


def _is_reviewer(user, report: AnnualReport) -> bool:
    try:
        services.require_reviewer(user, report.agency)
    except PermissionDenied:
        return False
    return True


@login_required
def report_detail(request, pk):
    report = access_report(request.user, pk)
    if request.method == "POST":
        report = access_report(request.user, pk, write=True)
        fmt = FORMATS[report.format]
        entered, sources, sections, errors = read_report_form(request.POST, fmt, report.entered)
        if errors:
            return render(
                request,
                "reports/report_detail.html",
                _context(request, report, typed=request.POST, form_errors=errors),
                status=400,
            )
        try:
            services.save_report(actor=request.user, report=report, entered=entered, sources=sources, sections=sections)
        except (ValidationError, PermissionDenied) as e:
            messages.error(request, _message(e))
        else:
            messages.success(request, "已保存并重新校验")
        return redirect("reports:detail", pk=report.pk)
    return render(request, "reports/report_detail.html", _context(request, report))


@login_required
@require_POST
def report_step(request, pk, step):
    report = access_report(request.user, pk)
    post = request.POST
    actions = {
        "submit": lambda: services.submit_report(actor=request.user, report=report),
        "return": lambda: services.return_report(actor=request.user, report=report, comment=post.get("comment", "")),
        "accept": lambda: services.accept_report(actor=request.user, report=report),
        "publish": lambda: services.publish_report(
            actor=request.user, report=report, override_reason=post.get("override_reason", "")
        ),
        "correct": lambda: services.correct_report(actor=request.user, report=report, note=post.get("note", "")),
        "format": lambda: services.save_report(actor=request.user, report=report, fmt_code=post.get("format", "")),
    }
    if step not in actions:
        raise Http404
    try:
        result = actions[step]()
    except (ValidationError, PermissionDenied) as e:
        messages.error(request, _message(e))
        return redirect("reports:detail", pk=report.pk)
    messages.success(request, "已完成")
    return redirect("reports:detail", pk=result.pk)


@login_required
def report_download(request, pk, ext):
    report = access_report(request.user, pk)
    if ext not in CONTENT_TYPES:
        raise Http404
    if report.is_frozen and ext != "json":
        body = {"docx": report.docx, "pdf": report.pdf, "html": report.html}[ext]
        body = body.encode() if isinstance(body, str) else bytes(body)
    else:
        data = build_report_data(agency=report.agency, year=report.year, report=report)
        body = _render(data, ext)
    response = HttpResponse(body, content_type=CONTENT_TYPES[ext])
    name = f"{report.agency.name}{report.year}年政府信息公开工作年度报告.{ext}"
    from urllib.parse import quote

    response["Content-Disposition"] = f"attachment; filename=report-{report.year}.{ext}; filename*=UTF-8''{quote(name)}"
    return response


def _render(data: dict, ext: str) -> bytes:
    if ext == "json":
        return json.dumps(data, ensure_ascii=False, indent=2).encode()
    from .rendering.docx import render_docx
    from .rendering.html import render_html
    from .rendering.pdf import render_pdf

    return {"docx": render_docx, "pdf": render_pdf}[ext](data) if ext != "html" else render_html(data).encode()


@login_required
def rollup_view(request, code, year):
    root = access_agency(request.user, code)
    if (
        not roles_in(request.user, root) & {Role.SUPERVISOR, Role.OFFICE_HEAD, Role.ADMINISTRATOR}
        and not request.user.is_superuser
    ):
        raise PermissionDenied("汇总需要监督人员或公开办负责人角色")
    this_year = timezone.localdate().year
    if not FIRST_REPORT_YEAR <= year <= this_year:
        messages.error(request, f"汇总年度应在{FIRST_REPORT_YEAR}年至{this_year}年之间")
        return redirect("reports:list")
    rollup = build_rollup(root=root, year=year, today=timezone.localdate())
    if request.GET.get("export") == "xlsx":
        response = HttpResponse(
            rollup_xlsx(rollup), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = f"attachment; filename=rollup-{year}.xlsx"
        return response
    fmt = FORMATS[rollup.format]
    return render(
        request,
        "reports/rollup.html",
        {
            "rollup": rollup,
            "fmt": fmt,
            "applicant_columns": APPLICANT_COLUMNS,
            "remedy_columns": REMEDY_COLUMNS,
            "request_rows": [(fmt.row_label(k), rollup.totals["requests"][k]) for k in fmt.request_keys],
            "remedy_rows": [(label, rollup.totals["remedies"][k]) for k, label in REMEDY_GROUPS],
        },
    )
