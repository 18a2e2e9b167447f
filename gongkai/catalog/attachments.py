"""Attachments of a draft: upload (type sniffed, size limited, stored by sha256), remove, reorder.

Like every edit, attachments change only while the document is a draft and only by its drafters;
each change is a new DocumentVersion (the snapshot lists the attachments by name and sha256, so a
reviewer's diff shows a swapped file) and an audit event, and queues a link check.

A failed upload leaves nothing behind: the checks run before anything is written, and a file
already written to storage is deleted again if saving the row fails.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse

from gongkai.statute.filetypes import CATEGORY_LABELS, DOCUMENT, IMAGE, VIDEO, RefusedFile, extension, identify

from .models import Attachment, Document
from .sanitize import clean_body
from .services import DRAFTERS, _acting, _event, _guard, _lock, _version
from .services.drafting import picture_sources
from .tasks import schedule_link_check

MB = 1024 * 1024
DEFAULT_LIMITS = {DOCUMENT: 50 * MB, IMAGE: 10 * MB, VIDEO: 300 * MB}
MAX_ATTACHMENTS = 30  # per document; a longer list belongs in a separate document


def attachment_limits() -> dict[str, int]:
    """Bytes per category; ``settings.GONGKAI_ATTACHMENT_LIMITS`` overrides any of them."""
    return {**DEFAULT_LIMITS, **getattr(settings, "GONGKAI_ATTACHMENT_LIMITS", {})}


def clean_file_name(name: str) -> str:
    """The name shown and offered on download: no folders, no control characters, at most 200 characters."""
    name = unicodedata.normalize("NFC", (name or "").replace("\\", "/").rsplit("/", 1)[-1])
    name = re.sub(r"[\x00-\x1f\x7f]+", "", name).strip().strip(".")
    if len(name) > 200:
        ext = extension(name)
        name = name[: 200 - len(ext)] + ext
    return name


def _digest(upload) -> str:
    sha = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks() if hasattr(upload, "chunks") else iter(lambda: upload.read(MB), b""):
        sha.update(chunk)
    upload.seek(0)
    return sha.hexdigest()


def attach_file(*, actor, document: Document, upload, name: str = "") -> Attachment:
    """Add an uploaded file (a Django File) to a draft, after checking its type and size."""
    name = clean_file_name(name or upload.name)
    stored = ""
    try:
        with transaction.atomic():
            _acting(actor, document.agency, DRAFTERS)
            document = _lock(document)
            _guard(document, "edit")
            if not name:
                raise ValidationError({"file": "请选择要上传的文件"})
            try:
                filetype = identify(upload, name)
            except RefusedFile as e:
                raise ValidationError({"file": e.message}) from None
            size, limit = upload.size, attachment_limits()[filetype.category]
            if not size:
                raise ValidationError({"file": "文件是空的"})
            if size > limit:
                label = CATEGORY_LABELS[filetype.category]
                raise ValidationError({"file": f"{label}不能超过 {limit // MB} MB（此文件 {size / MB:.1f} MB）"})
            existing = list(document.attachments.all())
            if len(existing) >= MAX_ATTACHMENTS:
                raise ValidationError({"file": f"每个文件最多 {MAX_ATTACHMENTS} 个附件"})
            digest = _digest(upload)
            same = next((a for a in existing if a.sha256 == digest), None)
            if same is not None:
                raise ValidationError({"file": f"此文件已作为附件“{same.name}”上传"})
            attachment = Attachment(
                document=document,
                name=name,
                content_type=filetype.mime,
                size=size,
                sha256=digest,
                sort_order=max((a.sort_order for a in existing), default=-1) + 1,
                uploaded_by=actor,
            )
            attachment.file.save(name, upload, save=False)
            stored = attachment.file.name
            attachment.save()
            _version(document, actor, f"上传附件《{name}》")
            _event(
                document,
                "catalog.attachment_added",
                f"上传附件《{name}》（{filetype.label}，{size} 字节）",
                actor,
                name=name,
                sha256=digest,
                content_type=filetype.mime,
                size=size,
            )
            schedule_link_check(document)
    except BaseException:
        if stored:
            default_storage.delete(stored)
        raise
    return attachment


@transaction.atomic
def remove_attachment(*, actor, attachment: Attachment) -> None:
    document = attachment.document
    _acting(actor, document.agency, DRAFTERS)
    document = _lock(document)
    _guard(document, "edit")
    stored, name, digest = attachment.file.name, attachment.name, attachment.sha256
    shown = f'src="{reverse("catalog_files:download", args=[attachment.pk])}"'
    attachment.delete()
    if shown in document.body:  # a picture in the body goes with its file (sanitize.clean_body)
        document.body = clean_body(document.body, images=picture_sources(document))
        document.save(update_fields=["body", "updated_at"])
    _version(document, actor, f"删除附件《{name}》")
    _event(document, "catalog.attachment_removed", f"删除附件《{name}》", actor, name=name, sha256=digest)
    schedule_link_check(document)
    # The file goes only once the row is gone for good; a rolled-back removal keeps both.
    transaction.on_commit(lambda: default_storage.delete(stored))


@transaction.atomic
def reorder_attachments(*, actor, document: Document, order: list[int]) -> None:
    """Put the draft's attachments in ``order`` (every attachment id once)."""
    _acting(actor, document.agency, DRAFTERS)
    document = _lock(document)
    _guard(document, "edit")
    attachments = {a.pk: a for a in document.attachments.select_for_update()}
    if sorted(order) != sorted(attachments):
        raise ValidationError("附件列表已变化，请刷新页面后重试")
    changed = [a for position, pk in enumerate(order) if (a := attachments[pk]).sort_order != position]
    if not changed:
        return
    for position, pk in enumerate(order):
        attachments[pk].sort_order = position
    Attachment.objects.bulk_update(list(attachments.values()), ["sort_order"])
    names = [attachments[pk].name for pk in order]
    _version(document, actor, "调整附件顺序")
    _event(document, "catalog.attachments_reordered", "调整附件顺序：" + "、".join(names), actor, order=names)


def move_attachment(*, actor, attachment: Attachment, offset: int) -> None:
    """Move one attachment up (-1) or down (+1) in its document's list."""
    order = list(attachment.document.attachments.values_list("pk", flat=True))
    i = order.index(attachment.pk)
    j = min(max(i + offset, 0), len(order) - 1)
    if i != j:
        order.insert(j, order.pop(i))
        reorder_attachments(actor=actor, document=attachment.document, order=order)
