"""Choose the reader by what the bytes are, not by what the file is called.

Published reports are often misnamed (a .doc that is really .docx, an .html saved as .txt, a PDF
downloaded without extension), so the content decides: %PDF → PDF; a zip holding
word/document.xml → .docx; an OLE2 compound file → the old binary .doc (refused, with the advice to
save it as .docx); a MIME "single file web page" (.mht, which Word and many sites offer as
"doc") → its HTML part; markup → HTML; otherwise text. The file name only breaks a tie between HTML and
text (a .txt file quoting "<table" stays text).
"""

from __future__ import annotations

import io
import re
import zipfile

from ..document import ReportDocument, UnreadableReport

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP = b"PK\x03\x04"
_MARKUP = re.compile(rb"<\s*(?:!doctype\s+html|html|head|body|meta|table|div|p|h[1-6]|br|span)[\s>/]", re.IGNORECASE)
_MIME = re.compile(rb"(?:\s*[A-Za-z][A-Za-z0-9-]*:[^\n]*\r?\n)+", re.IGNORECASE)
_IMAGES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"II*\x00", b"MM\x00*", b"BM")
_TEXT_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")

KINDS = ("txt", "docx", "pdf", "html", "mht")


def sniff(data: bytes, source: str = "") -> str:
    """ "pdf", "docx", "html", "mht" or "txt"; raises UnreadableReport for what no reader can read."""
    if not data or not data.strip():
        raise UnreadableReport("file.unreadable", "文件为空")
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(OLE2):
        if "EncryptedPackage".encode("utf-16-le") in data:  # a password-protected .docx is an OLE2 box
            raise UnreadableReport("file.encrypted", "该 Word 文件设置了打开密码，请提供未加密的文件")
        raise UnreadableReport("file.unsupported", "这是旧版 Word（.doc）或 WPS 文件，请另存为 .docx 后再检查")
    if head.startswith(b"{\\rtf"):
        raise UnreadableReport("file.unsupported", "这是 RTF 文件，请另存为 .docx 后再检查")
    if data.startswith(ZIP) or data.startswith(b"PK\x05\x06"):
        return _zip_kind(data)
    if _MIME.match(head) and b"multipart/related" in head.lower():
        return "mht"
    if any(data.startswith(magic) for magic in _IMAGES):
        raise UnreadableReport("file.needs_ocr", "该文件是图片，没有可识别的文字，需要先进行文字识别（OCR）")
    if b"\x00" in head and not head.startswith(_TEXT_BOMS) and not _utf16(head):
        raise UnreadableReport("file.unreadable", "无法识别的文件类型（不是 .docx、.pdf、.html 或 .txt 文件）")
    sample = _ascii_view(data[:8192])
    if _MARKUP.search(sample):
        named_txt = source.lower().endswith(".txt")
        starts_with_markup = sample.lstrip().startswith(b"<")
        if starts_with_markup or not named_txt:
            return "html"
    return "txt"


def _utf16(head: bytes) -> bool:
    """UTF-16 text without a BOM: every other byte zero for ASCII-range text."""
    even, odd = head[0::2], head[1::2]
    if not even or not odd:
        return False
    zeros_even, zeros_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    return (zeros_odd > 0.3 and zeros_even < 0.05) or (zeros_even > 0.3 and zeros_odd < 0.05)


def _ascii_view(sample: bytes) -> bytes:
    """UTF-16 markup is found too: drop the zero bytes before looking for tags."""
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")) or _utf16(sample[:64]):
        return sample.replace(b"\x00", b"")
    return sample


def _zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, EOFError, ValueError) as e:
        raise UnreadableReport("file.unreadable", "压缩文件已损坏或不完整（.docx 文件也是一种压缩包）") from e
    if "word/document.xml" in names or any(n.startswith("word/") and n.endswith(".xml") for n in names):
        return "docx"
    if any(n.startswith("xl/") for n in names):
        raise UnreadableReport("file.unsupported", "这是 Excel 文件，不是年度报告文档")
    if any(n.startswith("ppt/") for n in names):
        raise UnreadableReport("file.unsupported", "这是 PowerPoint 文件，不是年度报告文档")
    if "content.xml" in names and "mimetype" in names:
        raise UnreadableReport("file.unsupported", "这是 OpenDocument（.odt）文件，请另存为 .docx 后再检查")
    raise UnreadableReport("file.unsupported", "这是压缩包，请解压后分别检查其中的报告文件")


def read_report(data: bytes, source: str, *, max_pages: int | None = None) -> ReportDocument:
    """The report in ``data`` (the bytes of a .docx/.pdf/.html/.txt file) as a ReportDocument."""
    kind = sniff(data, source)
    if kind == "pdf":
        from .pdf import MAX_PAGES, read_pdf

        return read_pdf(data, source, max_pages=max_pages or MAX_PAGES)
    if kind == "docx":
        from .docx import read_docx

        return read_docx(data, source)
    if kind == "html":
        from .html import read_html

        return read_html(data, source)
    if kind == "mht":
        return _read_mht(data, source)
    from .txt import read_txt  # the other reader's module, written alongside

    return read_txt(data, source)


def _read_mht(data: bytes, source: str) -> ReportDocument:
    import email
    import email.policy

    from .html import read_html

    message = email.message_from_bytes(data, policy=email.policy.compat32)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes) and payload.strip():
                return read_html(payload, source, encoding=part.get_content_charset())
    raise UnreadableReport("file.unreadable", "网页归档（.mht）中没有网页内容")
