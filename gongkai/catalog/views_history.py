"""版本记录: the versions of a document, what each one changed, and the office head's unmasked originals.

Every page reaches the document through catalog.access (foreign → 404). Staff who can read the
document see only the stored (masked) versions. The text before masking is shown to the office
head alone, on a POST with a reason, in a response that is not cached; the URL carries only the
version number, and the reading is an audit event (services.read_masked_original).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_POST

from . import forms
from . import services as s
from .access import access_document
from .masking import MaskingResult
from .models import DocumentVersion, MaskedOriginal
from .services.versions import body_paragraphs, changed_labels, display_value, field_label


def report_masking(request, result: MaskingResult) -> None:
    """The messages after 一键屏蔽个人信息: what was masked where, then every thing that remains."""
    if result.changed:
        messages.success(request, result.summary())
    for sentence in result.remaining:
        messages.error(request, sentence)
    if not result.changed and not result.remaining:
        messages.info(request, "未发现可自动屏蔽的个人信息")


def _versions(document):
    masked = MaskedOriginal.objects.filter(version=OuterRef("pk"))
    return document.versions.select_related("actor").annotate(was_masked=Exists(masked)).order_by("number")


@login_required
def history(request, pk):
    document = access_document(request.user, pk)
    versions = list(_versions(document))
    rows = [(v, changed_labels(prev, v)) for prev, v in zip([None, *versions], versions, strict=False)]
    return render(
        request,
        "catalog/history.html",
        {
            "document": document,
            "rows": list(reversed(rows)),
            "may_read_originals": s.may_read_originals(request.user, document),
        },
    )


def _version(document, number) -> tuple[DocumentVersion | None, DocumentVersion]:
    pair = list(_versions(document).filter(number__in=[number - 1, number]))
    if not pair or pair[-1].number != number:
        raise Http404("没有找到该版本")
    return (pair[0] if len(pair) == 2 else None), pair[-1]


def _compare_context(request, document, number, form=None) -> dict:
    previous, version = _version(document, number)
    allowed = s.may_read_originals(request.user, document)
    return {
        "document": document,
        "version": version,
        "previous": previous,
        "changes": s.diff_versions(previous, version),
        "may_read_originals": allowed,
        "original_form": (form or forms.OriginalViewForm(prefix="original"))
        if allowed and version.was_masked
        else None,
    }


@login_required
def compare(request, pk, number):
    document = access_document(request.user, pk)
    return render(request, "catalog/version_compare.html", _compare_context(request, document, number))


@login_required
@require_POST
def original(request, pk, number):
    document = access_document(request.user, pk)
    if not s.may_read_originals(request.user, document):
        raise PermissionDenied("只有本机关的公开办负责人可以查看屏蔽前的原文")
    form = forms.OriginalViewForm(request.POST, prefix="original")
    _, version = _version(document, number)
    if not version.was_masked:
        raise Http404("此版本没有屏蔽前的原文")
    if form.is_valid():
        try:
            kept = s.read_masked_original(actor=request.user, version=version, reason=form.cleaned_data["reason"])
        except ValidationError as e:
            form.add_error(None, e.messages)
        else:
            fields = [
                (field_label(name), display_value(name, value))
                for name, value in kept.snapshot.items()
                if name not in {"body", "attachments"}
            ]
            response = render(
                request,
                "catalog/version_original.html",
                {
                    "document": document,
                    "version": version,
                    "original": kept,
                    "fields": fields,
                    "body": body_paragraphs(kept.snapshot.get("body", "")),
                    "attachments": [a.get("name", "") for a in kept.snapshot.get("attachments") or []],
                },
            )
            response["Cache-Control"] = "private, no-store"
            return response
    context = _compare_context(request, document, number, form)
    return render(request, "catalog/version_compare.html", context, status=400)
