"""Checking files an applicant uploads: count, size, and type read from the bytes themselves.

The file name and the browser's Content-Type are whatever the sender says; an .exe renamed
.png carries image/png from most browsers. Only the leading magic numbers decide, and the
stored content type is the sniffed one, so staff never open a file as something it is not.
"""

from __future__ import annotations

import os
import unicodedata

MAX_FILES = 3
MAX_BYTES = 5 * 1024 * 1024

# (leading bytes, content type, label shown to the applicant)
SIGNATURES = (
    (b"%PDF", "application/pdf", "PDF"),
    (b"\xff\xd8\xff", "image/jpeg", "JPEG"),
    (b"\x89PNG", "image/png", "PNG"),
)
ALLOWED_LABELS = "、".join(label for _, _, label in SIGNATURES)


def sniff_content_type(head: bytes) -> str | None:
    """The content type the leading bytes declare, or None when not one of the allowed types."""
    for magic, content_type, _ in SIGNATURES:
        if head.startswith(magic):
            return content_type
    return None


def clean_file_name(name: str) -> str:
    """The base name only (no client path), without control characters, at most 200 characters."""
    base = os.path.basename((name or "").replace("\\", "/"))
    base = "".join(c for c in unicodedata.normalize("NFC", base) if unicodedata.category(c)[0] != "C").strip()
    if len(base) > 200:
        stem, ext = os.path.splitext(base)
        base = stem[: 200 - len(ext)] + ext
    return base or "附件"
