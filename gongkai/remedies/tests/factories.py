import datetime as dt
import io
import itertools
import zipfile

from gongkai.remedies import services

_numbers = itertools.count(1)

PDF_BYTES = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG_BYTES = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def docx_bytes(extra: dict[str, bytes] | None = None, *, with_document: bool = True) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        if with_document:
            archive.writestr("word/document.xml", "<w:document/>")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def remedy(agency, actor, **kwargs):
    """Register a remedy case through the real service, with plausible defaults."""
    n = next(_numbers)
    defaults = {
        "kind": "reconsideration",
        "number": f"门政复〔2024〕{n}号",
        "body": "北京市门头沟区人民政府",
        "applicant_name": "张三",
        "filed_on": dt.date(2024, 9, 10),
        "served_on": dt.date(2024, 9, 20),
    }
    return services.register_remedy(actor=actor, agency=agency, **(defaults | kwargs))
