"""从Word导入正文: a .docx becomes the body of a draft, its pictures the draft's picture attachments.

The file is read by mammoth in core.isolation's worker (size, zip-bomb, time and memory limits),
never in the web process. What comes back goes the ordinary way: each picture through
``attachments.attach_file`` (type sniffed, size limited, versioned, audited; a picture already
attached is reused), the body through ``services.update_document`` and so through the sanitiser.
A refused file changes nothing.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse

from gongkai.core.isolation import IsolationError, Limits, run_isolated
from gongkai.statute.filetypes import extension

from . import services
from .attachments import attach_file
from .docx_body import PLACEHOLDER, convert_docx
from .models import Document

MB = 1024 * 1024
MAX_WORD_BYTES = 20 * MB
LIMITS = Limits(max_bytes=MAX_WORD_BYTES, max_unzipped=100 * MB, seconds=20, memory=512 * MB)
_SUFFIX = {"image/png": ".png", "image/jpeg": ".jpg", "image/gif": ".gif", "image/webp": ".webp"}
_PLACEHOLDER_SRC = re.compile(rf'src="{re.escape(PLACEHOLDER)}(\d+)"')


@dataclass(frozen=True)
class WordBody:
    name: str
    html: str
    images: list[tuple[str, bytes]]
    skipped_images: int


def read_word(upload) -> WordBody:
    """Convert an uploaded .docx (isolated); a ValidationError on ``docx`` says in Chinese why not."""
    name = upload.name or ""
    if extension(name) != ".docx":
        if extension(name) == ".doc":
            raise ValidationError({"docx": "只能导入 .docx 文件。旧版 .doc 文件请先在Word中“另存为”.docx 后再导入"})
        raise ValidationError({"docx": f"“{name}”不是Word文件，只能导入 .docx 文件"})
    if not upload.size:
        raise ValidationError({"docx": "文件是空的"})
    if upload.size > MAX_WORD_BYTES:
        raise ValidationError(
            {"docx": f"Word文件不能超过 {MAX_WORD_BYTES // MB} MB（此文件 {upload.size / MB:.1f} MB）"}
        )
    upload.seek(0)
    data = upload.read()
    if not data.startswith(b"PK\x03\x04"):
        raise ValidationError({"docx": f"“{name}”不是有效的 .docx 文件（文件已损坏，或只是改了扩展名）"})
    try:
        result = run_isolated(convert_docx, data, limits=LIMITS)
    except IsolationError as e:
        raise ValidationError({"docx": f"无法导入“{name}”：{e}"}) from None
    if not result["html"].strip():
        raise ValidationError({"docx": f"“{name}”中没有可导入的正文"})
    return WordBody(name, result["html"], result["images"], result["skipped_images"])


@transaction.atomic
def import_word_body(*, actor, document: Document, word: WordBody) -> list[str]:
    """Replace the draft's body with the Word file's; returns notes for the user (pictures left out)."""
    services._acting(actor, document.agency, services.DRAFTERS)
    services._guard(services._lock(document), "edit")
    notes: list[str] = []
    attached = {a.sha256: a for a in document.attachments.all()}
    sources: dict[str, str] = {}
    for i, (content_type, data) in enumerate(word.images):
        digest = hashlib.sha256(data).hexdigest()
        attachment = attached.get(digest)
        if attachment is None:
            upload = ContentFile(data, name=f"正文图片{i + 1}{_SUFFIX[content_type]}")
            try:
                attachment = attach_file(actor=actor, document=document, upload=upload)
            except ValidationError as e:
                notes.append(f"第{i + 1}张图片未导入：{'；'.join(e.messages)}")
                continue
            attached[digest] = attachment
        sources[str(i)] = reverse("catalog_files:download", args=[attachment.pk])
    if word.skipped_images:
        notes.append(f"{word.skipped_images}张图片的格式不是PNG、JPEG、GIF或WebP（或图片过多），未导入")
    body = _PLACEHOLDER_SRC.sub(lambda m: f'src="{sources.get(m.group(1), "")}"', word.html)
    document.refresh_from_db()
    services.update_document(actor=actor, document=document, body=body, reason=f"从Word导入正文《{word.name}》")
    return notes


@transaction.atomic
def draft_from_word(*, actor, word: WordBody | None, **draft) -> tuple[Document, list[str]]:
    """Start a draft (``services.draft_document``'s keywords) with the Word file as its body, or nothing."""
    document = services.draft_document(actor=actor, **draft)
    notes = import_word_body(actor=actor, document=document, word=word) if word else []
    return document, notes
