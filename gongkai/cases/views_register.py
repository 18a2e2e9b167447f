"""Staff pages for the case register: upload (check, preview, import) and yearly export."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.db.models import Min
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods

from gongkai.core.forms import GongkaiForm
from gongkai.organizations.access import access_agency, require_role, writable_agencies
from gongkai.organizations.models import Agency, Role
from gongkai.statute.outcomes import APPLICANT_LABELS, OUTCOMES

from .models import Case
from .services.register import (
    HEADERS,
    MAX_UPLOAD_BYTES,
    XLSX_CONTENT_TYPE,
    RegisterError,
    RegisterRow,
    check_register,
    export_register,
    import_register,
)

REGISTER_ROLES = (Role.CLERK, Role.OFFICE_HEAD, Role.ADMINISTRATOR)
# A checked register waits for confirmation inside the page, signed, rather than on the server:
# nothing to clean up, and a tampered or stale preview is refused.
PREVIEW_MAX_AGE = 3600


class RegisterUploadForm(GongkaiForm):
    file = forms.FileField(
        label="登记簿文件",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx", "class": "form-control"}),
        help_text="CSV（UTF-8 或 GBK 编码）或 Excel（.xlsx）文件，不超过 10 MB",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("文件超过 10 MB，请分年度拆分后再导入")
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError("请上传 .csv 或 .xlsx 文件")
        return upload


def _agency(request, code: str) -> Agency:
    """Agencies the user acts in only (404 otherwise), and only as clerk, office head or admin."""
    agency = access_agency(request.user, code, write=True)
    require_role(request.user, agency, *REGISTER_ROLES)
    return agency


def _url(request, name: str, **kwargs) -> str:
    # The lead mounts these routes inside the cases URLs, possibly under a namespace.
    namespace = request.resolver_match.namespace if request.resolver_match else ""
    return reverse(f"{namespace}:{name}" if namespace else name, kwargs=kwargs)


def _salt(agency: Agency, user) -> str:
    return f"cases.register.preview:{agency.pk}:{user.pk}"


def _sign(agency: Agency, user, source: str, rows: list[RegisterRow]) -> str:
    data = [
        [r.row, r.number, r.applicant_kind, r.applicant_name, r.received_on.isoformat(),
         r.replied_on.isoformat() if r.replied_on else "", r.outcome]
        for r in rows
    ]  # fmt: skip
    return signing.dumps({"source": source, "rows": data}, salt=_salt(agency, user), compress=True)


def _unsign(agency: Agency, user, payload: str) -> tuple[str, list[RegisterRow]]:
    data = signing.loads(payload, salt=_salt(agency, user), max_age=PREVIEW_MAX_AGE)
    rows = [
        RegisterRow(
            row, number, kind, name, dt.date.fromisoformat(received),
            dt.date.fromisoformat(replied) if replied else None, outcome,
        )
        for row, number, kind, name, received, replied, outcome in data["rows"]
    ]  # fmt: skip
    return data["source"], rows


def _export_years(agency: Agency) -> list[int]:
    this_year = timezone.localdate().year
    first = Case.objects.filter(agency=agency).aggregate(first=Min("received_on"))["first"]
    # At least the last three years (the annual report looks back one), at most ten.
    start = max(min(first.year if first else this_year, this_year - 2), this_year - 9)
    return list(range(this_year, start - 1, -1))


@login_required
@require_http_methods(["GET", "POST"])
def register_import(request, code: str):
    agency = _agency(request, code)
    form = RegisterUploadForm()
    context = {"errors": [], "preview": None}
    if request.method == "POST" and "payload" in request.POST:
        try:
            source, rows = _unsign(agency, request.user, request.POST["payload"])
        except (signing.BadSignature, KeyError, ValueError, TypeError):
            context["errors"] = ["预览已失效（超过一小时或页面内容被改动），请重新上传文件"]
        else:
            try:
                result = import_register(agency=agency, rows=rows, actor=request.user, source=source)
            except RegisterError as e:
                context["errors"] = [str(err) for err in e.row_errors]
            else:
                messages.success(request, f"“{source}”{result.summary}")
                return redirect(_url(request, "cases_register_import", code=agency.code))
    elif request.method == "POST":
        form = RegisterUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                checked = check_register(agency=agency, data=upload.read(), filename=upload.name)
            except RegisterError as e:
                context["errors"] = [str(err) for err in e.row_errors]
            else:
                context["preview"] = {
                    "source": upload.name,
                    "rows": checked.total,
                    "created": checked.created,
                    "updated": checked.updated,
                    "unchanged": checked.unchanged,
                    "unchanged_in_system": checked.unchanged_in_system,
                    "payload": _sign(agency, request.user, upload.name, checked.rows),
                }
        context["source"] = request.FILES["file"].name if "file" in request.FILES else ""
    context.update(
        agency=agency,
        form=form,
        headers=HEADERS,
        applicant_labels=list(APPLICANT_LABELS.values()),
        outcome_labels=[o.label for o in OUTCOMES],
        exports=[
            (year, _url(request, "cases_register_export", code=agency.code, year=year))
            for year in _export_years(agency)
        ],
        other_agencies=[
            (other, _url(request, "cases_register_import", code=other.code))
            for other in writable_agencies(request.user, REGISTER_ROLES).exclude(pk=agency.pk).order_by("name")
        ],
    )
    return render(request, "cases/register_import.html", context)


@login_required
@require_GET
def register_export(request, code: str, year: int):
    agency = _agency(request, code)
    if not 2000 <= year <= timezone.localdate().year + 1:
        raise Http404("没有该年度的登记簿")
    data = export_register(agency=agency, year=year, actor=request.user)
    response = HttpResponse(data, content_type=XLSX_CONTENT_TYPE)
    filename = f"{agency.short_name or agency.name}{year}年度依申请公开登记簿.xlsx"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
