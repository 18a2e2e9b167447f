"""What a case document is, read from its bytes (the name and the browser's type are not trusted)."""

from __future__ import annotations

import io
import os
import unicodedata
import zipfile

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EXTENSIONS = {PDF: ".pdf", JPEG: ".jpg", PNG: ".png", DOCX: ".docx"}
ALLOWED_LABELS = "PDF、JPEG、PNG、Word（.docx）"


def sniff(data: bytes) -> str | None:
    """The content type the bytes are, or None when they are none of the accepted types.

    A .docx is a zip holding word/document.xml; only the central directory is read, nothing is
    decompressed, so a hostile archive costs no more than its listing.
    """
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if "word/document.xml" in archive.namelist():
                    return DOCX
        except (zipfile.BadZipFile, ValueError, OSError):
            return None
    return None


def clean_name(name: str, content_type: str) -> str:
    """The base name without control characters, ≤ 200 characters, ending as its real type does."""
    base = os.path.basename((name or "").replace("\\", "/"))
    base = "".join(c for c in unicodedata.normalize("NFC", base) if unicodedata.category(c)[0] != "C").strip()
    stem, ext = os.path.splitext(base)
    wanted = EXTENSIONS[content_type]
    if ext.lower() not in {wanted, ".jpeg" if content_type == JPEG else wanted}:
        stem, ext = base, wanted
    stem = stem.strip() or "材料"
    return stem[: 200 - len(ext)] + ext
