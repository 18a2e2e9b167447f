"""The public side of on-request disclosure: apply online, then follow the case with a code.

No login: the agency in the URL must be active (else 404), and what a visitor may see of a case
is decided by knowing its number and query code (``lookup_case``), under a rate limit.
"""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from gongkai.cases.models import Case, Channel
from gongkai.cases.services.intake import lookup_case, register_case
from gongkai.core import receipts, throttle
from gongkai.reports.models import AnnualReport

from .forms import SUBMISSION_KEY, ApplicationForm, StatusLookupForm
from .selectors import public_status
from .views_catalog import public_agency

# Session entry holding the last registration of this browser: {"agency", "case", "code"}.
# The query code is emptied once shown; it never appears in a URL.
RECEIPT = "portal.receipt"

LOOKUP_FAILED = "受理编号或查询码不正确，请核对后重试。"
LOOKUP_REFUSED = (
    f"查询失败次数过多，为保护申请人的信息，请{throttle.BLOCK_SECONDS // 60}分钟后再试。"
    "如遗失查询码，请联系本机关政府信息公开工作机构。"
)


def new_submission_key() -> str:
    return secrets.token_urlsafe(32)


@never_cache  # Back must fetch a fresh form (and key), or a second application would be taken for a repeat
@require_http_methods(["GET", "HEAD", "POST"])
def apply(request, agency_code: str):
    agency = public_agency(request, agency_code)
    if request.method != "POST":
        form = ApplicationForm()
        key = new_submission_key()
    else:
        form = ApplicationForm(request.POST, request.FILES)
        if form.is_valid():
            data, now = form.cleaned_data, timezone.now()
            try:
                registration = register_case(
                    agency=agency,
                    channel=Channel.ONLINE,
                    applicant=form.applicant_facts(),
                    description=data["description"],
                    document_number=data["document_number"].strip(),
                    provision_form=data["provision_form"],
                    delivery_preference=data["delivery_preference"],
                    attachments=data["attachments"],
                    submission_key=data["submission_key"],
                    arrived_on=timezone.localdate(now),
                    submitted_at=now,
                    actor_label="申请人（网上）",
                )
            except ValidationError as e:
                form.add_error(None, e.messages)
            else:
                receipts.remember(
                    request,
                    RECEIPT,
                    agency_code=agency.code,
                    pk=registration.case.pk,
                    code=registration.query_code,
                    created=registration.created,
                )
                return redirect("portal:submitted", agency_code=agency.code)
        # Keep the key of this form so a corrected resubmission is still one application.
        submitted_key = request.POST.get("submission_key", "")
        key = submitted_key if SUBMISSION_KEY.fullmatch(submitted_key) else new_submission_key()
    return render(
        request, "portal/application_form.html", {"agency": agency, "form": form, "submission_key": key, "nav": "apply"}
    )


@never_cache
def submitted(request, agency_code: str):
    agency = public_agency(request, agency_code)
    receipt = receipts.take(request, RECEIPT, agency_code=agency.code)
    case = Case.objects.filter(agency=agency, pk=receipt.pk).first() if receipt else None
    if case is None:
        return redirect("portal:apply", agency_code=agency.code)
    return render(
        request,
        "portal/application_submitted.html",
        {
            "agency": agency,
            "status": public_status(case),
            "query_code": receipt.code,
            "repeat": receipt.repeat,
            "nav": "apply",
        },
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def status(request, agency_code: str):
    agency = public_agency(request, agency_code)
    result, http_status = None, 200
    if request.method != "POST":
        form = StatusLookupForm()
    else:
        form = StatusLookupForm(request.POST)
        if form.is_valid():
            number, code = form.cleaned_data["number"], form.cleaned_data["code"]
            keys = throttle.lookup_keys(agency_code=agency.code, client_ip=throttle.client_ip(request), number=number)
            if throttle.blocked(keys):
                form.add_error(None, LOOKUP_REFUSED)
                http_status = 429
            elif (case := lookup_case(agency=agency, number=number, code=code)) is None:
                throttle.record_failure(keys)
                form.add_error(None, LOOKUP_FAILED)
            else:
                result = public_status(case)
    return render(
        request,
        "portal/status_lookup.html",
        {"agency": agency, "form": form, "result": result, "nav": "status"},
        status=http_status,
    )


def annual_reports(request, agency_code: str):
    """The 年度报告 column: every published report of the agency, latest version per year."""
    agency = public_agency(request, agency_code)
    latest: dict[int, AnnualReport] = {}
    for report in AnnualReport.objects.filter(agency=agency, status=AnnualReport.Status.PUBLISHED).order_by(
        "-year", "-version"
    ):
        latest.setdefault(report.year, report)
    return render(
        request, "portal/annual_reports.html", {"agency": agency, "reports": list(latest.values()), "nav": "reports"}
    )


def annual_report(request, agency_code: str, year: int):
    from gongkai.reports.rendering.html import render_html

    agency = public_agency(request, agency_code)
    report = (
        AnnualReport.objects.filter(agency=agency, year=year, status=AnnualReport.Status.PUBLISHED)
        .order_by("-version")
        .first()
    )
    if report is None:
        raise Http404("该年度报告尚未公布")
    return render(
        request,
        "portal/annual_report.html",
        {
            "agency": agency,
            "report": report,
            "article": mark_safe(render_html(report.snapshot, standalone=False)),  # noqa: S308 — our own escaped render
            "nav": "reports",
            "nav_current": "true",
        },
    )
