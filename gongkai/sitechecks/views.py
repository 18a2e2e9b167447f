"""Staff pages of the site self-check: the checks of one's agencies, run one now and watch it, read it,
record 整改情况, download the report."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from gongkai.organizations.access import access_agency, readable_agencies, require_role, roles_in, scope

from . import services
from .forms import RectificationForm
from .models import SiteCheck, SiteCheckRun
from .rendering import DIRECTORY_HEADER, OVERDUE_HEADER, outline, render_docx, render_json, render_pdf

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "json": "application/json; charset=utf-8",
}
RENDERERS = {"docx": render_docx, "pdf": render_pdf, "json": render_json}


def access_sitecheck(user, pk) -> SiteCheck:
    try:
        return scope(SiteCheck.objects.select_related("agency", "run_by"), user).get(pk=pk)
    except (SiteCheck.DoesNotExist, ValueError, TypeError):
        raise Http404("没有找到该自查记录") from None


@login_required
def sitecheck_list(request):
    rows = [
        {
            "agency": agency,
            "checks": list(agency.site_checks.all()[:20]),
            "running": services.running_check(agency),
            "can_run": bool(roles_in(request.user, agency) & services.RUN_ROLES),
        }
        for agency in readable_agencies(request.user).order_by("path")
    ]
    return render(request, "sitechecks/sitecheck_list.html", {"rows": rows})


@login_required
@require_POST
def sitecheck_run(request, code):
    agency = access_agency(request.user, code, write=True)
    require_role(request.user, agency, *services.RUN_ROLES)
    try:
        run = services.start_sitecheck(agency=agency, actor=request.user)
    except ValidationError as e:
        messages.error(request, "；".join(e.messages))
        return redirect("sitechecks:list")
    return redirect("sitechecks:run_detail", pk=run.pk)


def access_run(user, pk) -> SiteCheckRun:
    try:
        return scope(SiteCheckRun.objects.select_related("agency", "started_by", "result"), user).get(pk=pk)
    except (SiteCheckRun.DoesNotExist, ValueError, TypeError):
        raise Http404("没有找到该自查") from None


@login_required
@require_GET
def run_detail(request, pk):
    """立即自查 while it runs: htmx polls the progress fragment; without JavaScript the page refreshes itself."""
    return render(request, "sitechecks/run_detail.html", {"run": access_run(request.user, pk)})


@login_required
@require_GET
def run_progress(request, pk):
    return render(request, "sitechecks/run_detail.html#progress", {"run": access_run(request.user, pk)})


def _detail(request, check, bound: tuple[str, RectificationForm] | None = None, status=200):
    can_record = bool(roles_in(request.user, check.agency) & services.RUN_ROLES)
    recorded = {r.finding: r for r in check.rectifications.all()}
    rows = []
    for finding in check.rectifiable_findings:
        entry = recorded.get(finding["code"])
        anchor = finding["code"].replace(".", "-")
        if bound is not None and bound[0] == finding["code"]:
            form = bound[1]
        else:
            initial = {f: getattr(entry, f) for f in RectificationForm.base_fields} if entry else None
            form = RectificationForm(initial=initial, auto_id=f"id_{anchor}_%s")
        rows.append({"finding": finding, "entry": entry, "form": form, "anchor": anchor})
    context = {
        "check": check,
        "o": outline(check),
        "rectifications": rows,
        "can_record": can_record,
        "directory_header": DIRECTORY_HEADER,
        "overdue_header": OVERDUE_HEADER,
    }
    return render(request, "sitechecks/sitecheck_detail.html", context, status=status)


@login_required
def sitecheck_detail(request, pk):
    return _detail(request, access_sitecheck(request.user, pk))


@login_required
@require_POST
def rectification_record(request, pk, finding):
    check = access_sitecheck(request.user, pk)
    if finding not in {f["code"] for f in check.rectifiable_findings}:
        raise Http404("本次自查没有这个问题")
    anchor = finding.replace(".", "-")
    form = RectificationForm(request.POST, auto_id=f"id_{anchor}_%s")
    if form.is_valid():
        try:
            services.record_rectification(actor=request.user, check=check, finding=finding, **form.cleaned_data)
        except ValidationError as e:
            if hasattr(e, "error_dict"):
                for field, errors in e.message_dict.items():
                    form.add_error(field, errors)
            else:
                form.add_error(None, e.messages)
        else:
            messages.success(request, "已保存整改情况")
            return redirect(f"{reverse('sitechecks:detail', args=[check.pk])}#rectify-{anchor}")
    return _detail(request, check, (finding, form), status=400)


@login_required
def sitecheck_download(request, pk, fmt):
    check = access_sitecheck(request.user, pk)
    if fmt not in CONTENT_TYPES:
        raise Http404("没有这种格式")
    body = RENDERERS[fmt](check)
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    name = f"{check.title.replace(' ', '')}.{fmt}"
    response["Content-Disposition"] = f"attachment; filename=sitecheck-{check.pk}.{fmt}; filename*=UTF-8''{quote(name)}"
    return response
