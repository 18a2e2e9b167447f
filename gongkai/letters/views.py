"""Downloading issued letters, and the page where an agency manages its letter templates."""

from __future__ import annotations

from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from gongkai.core.forms import GongkaiForm
from gongkai.organizations.access import access_agency, require_role, scope, writable_agencies
from gongkai.organizations.models import Role

from .kinds import ALWAYS_PRINTED, ITEM_KEYS, LIST_FIELDS, SPECS, SYSTEM_FIELDS, label
from .models import Letter, LetterKind, LetterTemplate
from .services import MAX_TEMPLATE_BYTES, default_template, remove_template, save_template

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TEMPLATE_ROLES = (Role.OFFICE_HEAD, Role.ADMINISTRATOR)


def attachment(data: bytes, *, filename: str, fallback: str, content_type: str) -> HttpResponse:
    """A download with its Chinese name (RFC 5987 filename*) and an ASCII name for old clients."""
    response = HttpResponse(bytes(data), content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"
    return response


def _letter(request, pk: int, field: str) -> Letter:
    # Through the access door: another agency's letter is a 404, like one that does not exist.
    letters = scope(Letter.objects.all(), request.user).only("pk", "number", "kind", "agency", field)
    return get_object_or_404(letters, pk=pk)


@never_cache
@login_required
def letter_docx(request, pk: int):
    letter = _letter(request, pk, "docx")
    return attachment(letter.docx, filename=letter.filename("docx"), fallback=f"letter-{pk}.docx", content_type=DOCX)


@never_cache
@login_required
def letter_pdf(request, pk: int):
    letter = _letter(request, pk, "pdf")
    return attachment(
        letter.pdf, filename=letter.filename("pdf"), fallback=f"letter-{pk}.pdf", content_type="application/pdf"
    )


def _kind(kind: str) -> str:
    if kind not in LetterKind.values:
        raise Http404("没有这种文书")
    return kind


@login_required
def default_docx(request, kind: str):
    """The built-in template, to start an agency's own from (nothing secret in it)."""
    kind = _kind(kind)
    name = f"{LetterKind(kind).label.split('（')[0]}（默认模板）.docx"
    return attachment(default_template(kind), filename=name, fallback=f"template-{kind}.docx", content_type=DOCX)


def _template_agency(request, code: str):
    agency = access_agency(request.user, code, write=True)
    require_role(request.user, agency, *TEMPLATE_ROLES)
    return agency


@login_required
def template_agencies(request):
    agencies = list(writable_agencies(request.user, roles=TEMPLATE_ROLES))
    if len(agencies) == 1:
        return redirect("letters:templates", code=agencies[0].code)
    return render(request, "letters/lettertemplate_agencies.html", {"agencies": agencies})


class TemplateUploadForm(GongkaiForm):
    file = forms.FileField(label="模板文件（.docx）")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_TEMPLATE_BYTES:
            raise ValidationError(f"模板文件过大（{upload.size / 1024 / 1024:.1f} MB），上限为 2 MB")
        return upload


def _describe(key: str) -> str:
    """A placeholder's name for template writers; lists say how their items are reached."""
    if key in ITEM_KEYS:
        parts = "、".join(f"item.{sub}（{name}）" for sub, name in ITEM_KEYS[key].items())
        return f"{label(key)}（列表，每项含 {parts}）"
    if key in LIST_FIELDS:
        return f"{label(key)}（列表，每项为 item）"
    return label(key)


@login_required
def template_list(request, code: str):
    agency = _template_agency(request, code)
    own = dict(LetterTemplate.objects.filter(agency=agency).values_list("kind", "updated_at"))
    rows = [
        {
            "kind": kind,
            "label": kind.label,
            "title": SPECS[kind].title,
            "updated_at": own.get(kind.value),
            "fields": [(key, _describe(key), key in SPECS[kind].required) for key in SPECS[kind].fields],
        }
        for kind in LetterKind
    ]
    system = [(key, name, key in ALWAYS_PRINTED) for key, name in SYSTEM_FIELDS.items()]
    context = {"agency": agency, "rows": rows, "system": system, "form": TemplateUploadForm()}
    return render(request, "letters/lettertemplate_list.html", context)


@never_cache
@login_required
def agency_docx(request, code: str, kind: str):
    agency = _template_agency(request, code)
    template = get_object_or_404(LetterTemplate, agency=agency, kind=_kind(kind))
    name = f"{agency.display_name}{LetterKind(kind).label.split('（')[0]}模板.docx"
    return attachment(template.docx, filename=name, fallback=f"template-{kind}.docx", content_type=DOCX)


@login_required
@require_POST
def upload_template(request, code: str, kind: str):
    agency = _template_agency(request, code)
    kind = _kind(kind)
    name = LetterKind(kind).label
    form = TemplateUploadForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        save_template(actor=request.user, agency=agency, kind=kind, docx_bytes=form.cleaned_data["file"].read())
    except ValidationError as e:
        messages.error(request, f"“{name}”模板未更新：" + "；".join(e.messages))
    else:
        messages.success(request, f"已启用本机关的“{name}”模板，此后出具的该类文书使用此模板。")
    return redirect("letters:templates", code=agency.code)


@login_required
@require_POST
def reset_template(request, code: str, kind: str):
    agency = _template_agency(request, code)
    kind = _kind(kind)
    if remove_template(actor=request.user, agency=agency, kind=kind):
        messages.success(request, f"“{LetterKind(kind).label}”已恢复为默认模板。")
    return redirect("letters:templates", code=agency.code)
