"""Attachments and links: serving files (public or staff), and managing them on the staff document page.

A file is served only through here, by id: to anyone while its document is public
(selectors.public_documents), otherwise to staff who can read the document (else 404). The
response always carries the sniffed type, nosniff and a sandboxing CSP, so an attachment can never
run as a page of this site, whatever is inside it.
"""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gongkai.statute.filetypes import by_mime, extension

from . import forms
from .access import access_document, documents_for
from .attachments import attach_file, move_attachment, remove_attachment
from .links import ERR_OVER_LIMIT, check_document_links
from .models import Attachment
from .selectors import public_documents
from .tasks import check_links
from .views import _detail_context

RECHECK_SECONDS = 15.0  # the staff page waits this long; what is left goes to the background task
# No scripts, no forms, no plugins, no same-origin: even a file that a browser took for HTML
# would be an inert page in a unique origin.
FILE_CSP = "sandbox; default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'"


def _disposition(attachment: Attachment, inline: bool) -> str:
    # An ASCII fallback for old clients, then the real (usually Chinese) name per RFC 5987/6266.
    fallback = f"attachment-{attachment.pk}{extension(attachment.name)}"
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(attachment.name, safe='')}"


def download(request, pk):
    attachment = Attachment.objects.select_related("document").filter(pk=pk).first()
    if attachment is None:
        raise Http404("没有找到该附件")
    public = public_documents().filter(pk=attachment.document_id).exists()
    if not public:
        access_document(request.user, attachment.document_id)  # staff who may read it, else 404
    filetype = by_mime(attachment.content_type)
    if filetype is None:  # stored before the type was allowed, or edited by hand: never serve it
        raise Http404("没有找到该附件")
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404("附件文件已丢失，请联系管理员") from None
    response = FileResponse(handle, content_type=filetype.mime)
    response["Content-Disposition"] = _disposition(attachment, filetype.inline)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_CSP
    response["Cache-Control"] = "public, max-age=300" if public else "private, no-store"
    return response


def _detail(request, document) -> str:
    return reverse("catalog:detail", args=[document.pk])


def _message(request, error: Exception) -> None:
    messages.error(request, "；".join(getattr(error, "messages", None) or [str(error)]))


@login_required
@require_POST
def upload(request, document_pk):
    document = access_document(request.user, document_pk, write=True)
    form = forms.AttachmentForm(request.POST, request.FILES, prefix="attachment")
    if form.is_valid():
        try:
            attachment = attach_file(actor=request.user, document=document, upload=form.cleaned_data["file"])
        except ValidationError as e:
            form.add_error("file" if hasattr(e, "error_dict") else None, e.messages)
        except PermissionDenied as e:
            _message(request, e)
            return redirect(_detail(request, document) + "#attachments")
        else:
            messages.success(request, f"已上传附件《{attachment.name}》")
            return redirect(_detail(request, document) + "#attachments")
    context = _detail_context(request, document)
    context["attachment_form"] = form
    return render(request, "catalog/document_detail.html", context, status=400)


def _staff_attachment(user, pk) -> Attachment:
    try:
        return Attachment.objects.select_related("document__agency").get(
            pk=pk, document__in=documents_for(user, write=True)
        )
    except (Attachment.DoesNotExist, ValueError, TypeError):
        raise Http404("没有找到该附件") from None


@login_required
@require_POST
def remove(request, pk):
    attachment = _staff_attachment(request.user, pk)
    try:
        remove_attachment(actor=request.user, attachment=attachment)
    except (ValidationError, PermissionDenied) as e:
        _message(request, e)
    else:
        messages.success(request, f"已删除附件《{attachment.name}》")
    return redirect(_detail(request, attachment.document) + "#attachments")


@login_required
@require_POST
def move(request, pk):
    attachment = _staff_attachment(request.user, pk)
    offset = {"up": -1, "down": 1}.get(request.POST.get("direction", ""))
    if offset is None:
        raise Http404
    try:
        move_attachment(actor=request.user, attachment=attachment, offset=offset)
    except (ValidationError, PermissionDenied) as e:
        _message(request, e)
    return redirect(_detail(request, attachment.document) + "#attachments")


@login_required
@require_POST
def recheck_links(request, document_pk):
    """Check the document's links now (for up to RECHECK_SECONDS); the rest continue in the background."""
    document = access_document(request.user, document_pk, write=True)
    rows = check_document_links(document, deadline=RECHECK_SECONDS)
    waiting = [row for row in rows if row.ok is None and row.error != ERR_OVER_LIMIT]
    broken = [row for row in rows if row.ok is False]
    if not rows:
        messages.success(request, "正文和附件中没有需要检查的链接")
    elif waiting:
        check_links.enqueue(document.pk)
        messages.warning(request, f"已检查 {len(rows) - len(waiting)} 个链接，其余 {len(waiting)} 个转入后台检查")
    elif broken:
        messages.warning(request, f"已检查 {len(rows)} 个链接，{len(broken)} 个有问题")
    else:
        messages.success(request, f"已检查 {len(rows)} 个链接，均可正常访问")
    return redirect(_detail(request, document) + "#links")
