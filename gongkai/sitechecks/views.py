"""Staff pages of the site self-check: the checks of one's agencies, run one now, read it, download it."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.organizations.access import access_agency, readable_agencies, require_role, roles_in, scope

from . import services
from .models import SiteCheck
from .rendering import outline, render_docx, render_pdf

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


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
        check = services.run_sitecheck(agency=agency, on=timezone.localdate(), actor=request.user)
    except ValidationError as e:
        messages.error(request, "；".join(e.messages))
        return redirect("sitechecks:list")
    return redirect("sitechecks:detail", pk=check.pk)


@login_required
def sitecheck_detail(request, pk):
    check = access_sitecheck(request.user, pk)
    return render(request, "sitechecks/sitecheck_detail.html", {"check": check, "o": outline(check)})


@login_required
def sitecheck_download(request, pk, fmt):
    check = access_sitecheck(request.user, pk)
    if fmt not in CONTENT_TYPES:
        raise Http404("没有这种格式")
    body = render_docx(check) if fmt == "docx" else render_pdf(check)
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    name = f"{check.title.replace(' ', '')}.{fmt}"
    response["Content-Disposition"] = f"attachment; filename=sitecheck-{check.pk}.{fmt}; filename*=UTF-8''{quote(name)}"
    return response
