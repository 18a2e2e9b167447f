"""Reading attachments: personal data in their text, and the links they carry.

Only PDF (pdfplumber), .docx (python-docx) and .xlsx (openpyxl, read-only) are read: they are most
of what agencies attach — a 低保 list is usually a spreadsheet — and reading them is cheap. A
reading depends only on the bytes, so it is cached by sha256: the document page runs the
pre-publication checks on every view and must not re-parse a 50 MB PDF each time. What could not
be read is reported, never silently passed.
"""

from __future__ import annotations

import logging
import zipfile
from dataclasses import dataclass, field

from django.core.cache import cache

from gongkai.statute.detectors import scan_personal_data
from gongkai.statute.filetypes import by_mime

from .models import Attachment

logger = logging.getLogger(__name__)

MAX_PAGES = 300  # PDF pages read; beyond this the reading says so
MAX_UNZIPPED = 200 * 1024 * 1024  # a .docx whose parts declare more than this is not opened
MAX_CELLS = 500_000  # spreadsheet cells read
CACHE_SECONDS = 7 * 24 * 3600


@dataclass(frozen=True)
class PersonalData:
    label: str
    masked: str
    severity: str


@dataclass
class Reading:
    """What was found in one file."""

    personal_data: list[PersonalData] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    unreadable: str = ""  # why the text could not be (fully) read


def read_attachment(attachment: Attachment) -> Reading | None:
    """The reading of a PDF, .docx or .xlsx attachment (cached by content); None for other types."""
    filetype = by_mime(attachment.content_type)
    if filetype is None or not filetype.scannable:
        return None
    key = f"catalog:reading:v1:{attachment.sha256}"
    reading = cache.get(key)
    if reading is None:
        try:
            with attachment.file.open("rb") as f:
                reading = READERS[filetype.key](f)
        except OSError as e:
            # Storage trouble is not the file's fault: report it, but do not remember it.
            logger.error("attachment %s could not be opened: %s", attachment.pk, e)
            return Reading(unreadable="文件无法打开（存储异常）")
        except Exception as e:  # a broken file is a finding, not a crash of the document page
            logger.warning("could not read attachment %s: %s", attachment.pk, e)
            reading = Reading(unreadable="文件无法解析")
        cache.set(key, reading, CACHE_SECONDS)
    return reading


def _reading(text: str, links: list[str], unreadable: str = "") -> Reading:
    hits = [PersonalData(h.label, h.masked, h.severity) for h in scan_personal_data(text)]
    return Reading(personal_data=hits, links=list(dict.fromkeys(links)), unreadable=unreadable)


def read_pdf(stream) -> Reading:
    import pdfplumber  # heavy; only the pages that read attachments need it

    texts, links, note = [], [], ""
    with pdfplumber.open(stream) as pdf:
        for number, page in enumerate(pdf.pages):
            if number >= MAX_PAGES:
                note = f"只检查了前{MAX_PAGES}页"
                break
            texts.append(page.extract_text() or "")
            links.extend(str(h["uri"]) for h in page.hyperlinks if h.get("uri"))
            page.close()  # pdfplumber keeps every page's objects otherwise
    text = "\n".join(texts)
    if not text.strip() and not note:
        note = "未读取到文字（可能是扫描件）"
    return _reading(text, links, note)


def _too_large(stream) -> bool:
    # python-docx and openpyxl inflate whole parts: refuse what declares an absurd size (a zip bomb).
    with zipfile.ZipFile(stream) as archive:
        large = sum(info.file_size for info in archive.infolist()) > MAX_UNZIPPED
    stream.seek(0)
    return large


def read_docx(stream) -> Reading:
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    if _too_large(stream):
        return Reading(unreadable="文件解压后过大，未读取")
    document = docx.Document(stream)
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    links = [rel.target_ref for rel in document.part.rels.values() if rel.reltype == RT.HYPERLINK and rel.is_external]
    return _reading("\n".join(parts), links)


def read_xlsx(stream) -> Reading:
    import openpyxl

    if _too_large(stream):
        return Reading(unreadable="文件解压后过大，未读取")
    workbook = openpyxl.load_workbook(stream, read_only=True, data_only=True)
    parts, cells, note = [], 0, ""
    try:
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows(values_only=True):
                cells += len(row)
                if cells > MAX_CELLS:
                    note = f"只检查了前{MAX_CELLS}个单元格"
                    break
                # One cell per line: an ID number and the next cell's digits must not run together.
                parts.extend(str(v) for v in row if v is not None)
            if note:
                break
    finally:
        workbook.close()
    return _reading("\n".join(parts), [], note)


READERS = {"pdf": read_pdf, "docx": read_docx, "xlsx": read_xlsx}
