"""PDF reports (with a text layer) → ReportDocument, with pdfplumber.

Per page: ruled tables (pdfplumber's line strategy) become Tables; the text outside them becomes
paragraphs; both are put in reading order by their vertical position. Across the document:

- Merged cells come out of pdfplumber as None in the slots they cover; dropping the Nones gives the
  "once" semantics of ReportDocument. Text wrapped inside a cell is joined without separator.
- A table continued on the next page is simply the next Table (its repeated header rows included);
  a merged label cell cut by the page break leaves an empty box on the new page, which is dropped.
- Visual lines are joined into paragraphs: a line reaching the right margin continues on the next
  line when that one starts at the left margin (also across a page break); running page numbers
  ("— 3 —", "第3页") in the top or bottom margin are dropped.
- Hidden text is not read: text objects clipped away entirely (a visually hidden table caption, as
  in the builder's PDF; pdfium tells, since pdfminer ignores clipping paths) and diagonal glyphs
  (watermarks).
- Kangxi radicals and CJK compatibility ideographs, which some Word→PDF exports use instead of
  the ordinary characters (⽇ for 日), are mapped to the ordinary ones.

Refusals (UnreadableReport): encrypted with a password → file.encrypted; corrupt or truncated →
file.unreadable; pages that are images only → file.needs_ocr; more pages than ``max_pages`` →
file.too_large.
"""

from __future__ import annotations

import io
import re
import statistics
import unicodedata

from ..document import Paragraph, ReportDocument, Table, UnreadableReport

NEEDS_OCR = "该PDF为扫描图片，没有可识别的文字，需要先进行文字识别（OCR）"
MAX_PAGES = 300

_PAGE_NUMBER = re.compile(
    r"[-—–\s]*\d{1,4}[-—–\s]*|第\s*\d{1,4}\s*页(?:\s*[/，,]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4}"
)
_HEADING = re.compile(r"[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d+[.、．]")
_ASCII_WORD = re.compile(r"[A-Za-z0-9]")


def _compatibility_map() -> dict[int, str]:
    table = {}
    for start, end in ((0x2E80, 0x2FE0), (0xF900, 0xFB00)):
        for cp in range(start, end):
            mapped = unicodedata.normalize("NFKC", chr(cp))
            if mapped != chr(cp) and len(mapped) == 1:
                table[cp] = mapped
    return table


CJK_COMPATIBILITY = _compatibility_map()


def read_pdf(data: bytes, source: str, *, max_pages: int = MAX_PAGES) -> ReportDocument:
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except PdfminerException as e:
        cause = e.args[0] if e.args else e
        if isinstance(cause, PDFEncryptionError):
            raise UnreadableReport("file.encrypted", "该PDF已加密（需要密码才能打开），请提供未加密的文件") from e
        raise UnreadableReport("file.unreadable", f"PDF文件已损坏或不完整（{_reason(cause)}）") from e
    except (MemoryError, RecursionError):
        raise
    except Exception as e:  # pdfminer raises many kinds on a malformed file
        raise UnreadableReport("file.unreadable", f"PDF文件已损坏或不完整（{_reason(e)}）") from e
    with pdf:
        try:
            return _read(pdf, data, source, max_pages=max_pages)
        except UnreadableReport:
            raise
        except PdfminerException as e:
            cause = e.args[0] if e.args else e
            raise UnreadableReport("file.unreadable", f"PDF文件已损坏或不完整（{_reason(cause)}）") from e
        except (MemoryError, RecursionError):
            raise
        except Exception as e:
            raise UnreadableReport("file.unreadable", f"PDF内容无法读取（{_reason(e)}）") from e


def _reason(error: BaseException) -> str:
    text = str(error).strip()
    return text[:120] if text else type(error).__name__


def _read(pdf, data: bytes, source: str, *, max_pages: int) -> ReportDocument:
    pages = pdf.pages
    if not pages:
        raise UnreadableReport("file.unreadable", "PDF文件中没有页面（文件可能不完整）")
    if len(pages) > max_pages:
        raise UnreadableReport("file.too_large", f"PDF共{len(pages)}页，超过可检查的上限{max_pages}页")
    doc = ReportDocument(source=source)
    clipped = clipped_text_objects(data)
    items: list[_Line | Table] = []
    image_pages, total_chars = [], 0
    for page in pages:
        chars = page.chars
        total_chars += len(chars)
        if not chars:
            if page.images:
                image_pages.append(page.page_number)
            page.close()
            continue
        items += _page_items(page, clipped.get(page.page_number, []))
        page.close()  # frees the page's parsed objects: long reports stay small in memory
    if total_chars == 0:
        if image_pages:
            raise UnreadableReport("file.needs_ocr", NEEDS_OCR)
        raise UnreadableReport("file.unreadable", "PDF中没有任何文字")
    if image_pages:
        listed = "、".join(str(n) for n in image_pages[:10]) + ("等" if len(image_pages) > 10 else "")
        doc.notes.append(f"第{listed}页是扫描图片，其中的文字未能读取（需要文字识别）")
    doc.blocks = _paragraphs(items)
    return doc


class _Line:
    __slots__ = ("page", "size", "text", "x0", "x1")

    def __init__(self, text: str, x0: float, x1: float, size: float, page: int):
        self.text, self.x0, self.x1, self.size, self.page = text, x0, x1, size, page


def _page_items(page, clipped) -> list[_Line | Table]:
    page = page.dedupe_chars()
    hidden = _hidden_chars([c for c in page.chars if c["text"].strip()], clipped)
    if hidden:
        page = page.filter(lambda obj: id(obj) not in hidden)
    tables = page.find_tables()
    placed: list[tuple[float, int, _Line | Table]] = []
    boxes = [table.bbox for table in tables]
    for table in tables:
        rows = [_row([_cell_text(cell) for cell in row if cell is not None]) for row in table.extract()]
        rows = [row for row in rows if row]
        if rows:
            placed.append((table.bbox[1], 0, Table(rows)))
    outside = page.filter(lambda obj: obj.get("object_type") != "char" or not _inside(obj, boxes)) if boxes else page
    height = float(page.height)
    for line in outside.extract_text_lines(return_chars=True):
        text = _clean(line["text"])
        if not text:
            continue
        top = float(line["top"])
        in_margin = top < height * 0.1 or top > height * 0.88
        if in_margin and _PAGE_NUMBER.fullmatch(text):
            continue
        sizes = [float(c.get("size") or 0) for c in line["chars"]] or [0.0]
        item = _Line(text, float(line["x0"]), float(line["x1"]), statistics.median(sizes), page.page_number)
        placed.append((top, 1, item))
    placed.sort(key=lambda p: (p[0], p[1]))
    return [item for _, _, item in placed]


def _inside(obj, boxes) -> bool:
    cx = (obj["x0"] + obj["x1"]) / 2
    cy = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)


def _hidden_chars(chars: list[dict], clipped: list[tuple[str, tuple[float, float, float, float]]]) -> set[int]:
    """Ids of glyphs nobody sees: diagonal ones (watermarks) and those of clipped-away text objects."""
    hidden = {id(c) for c in chars if _diagonal(c.get("matrix"))}
    for text, (x0, top, x1, bottom) in clipped:
        n = len(text)
        for i in range(len(chars) - n + 1):
            first = chars[i]
            cx, cy = (first["x0"] + first["x1"]) / 2, (first["top"] + first["bottom"]) / 2
            if not (x0 - 1 <= cx <= x1 + 1 and top - 1 <= cy <= bottom + 1):
                continue
            run = chars[i : i + n]
            if "".join(c["text"] for c in run) == text:
                hidden.update(id(c) for c in run)
                break
    return hidden


def _diagonal(matrix) -> bool:
    if not matrix:
        return False
    a, b, c, d = (abs(v) for v in matrix[:4])
    return min(a, d) > 0.05 * max(a, d, 1e-9) and min(b, c) > 0.05 * max(b, c, 1e-9)


def clipped_text_objects(data: bytes) -> dict[int, list[tuple[str, tuple[float, float, float, float]]]]:
    """Per page (1-based), text objects drawn entirely outside their clipping path, as (text, bbox).

    pdfminer ignores clipping paths, so text a page hides (a CSS "visually hidden" caption printed
    into a 1-pt clip, text cropped by a cell) would be read as if visible. pdfium knows the clip.
    The bbox is in pdfplumber's coordinates (top-down). Any failure here means "nothing hidden".
    """
    try:
        import pypdfium2 as pdfium
        import pypdfium2.raw as raw
    except ImportError:  # pragma: no cover - pdfplumber depends on it
        return {}
    found: dict[int, list] = {}
    try:
        pdf = pdfium.PdfDocument(data)
    except Exception:
        return {}
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = None
            height = page.get_height()
            for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_TEXT], max_depth=1):
                clip = raw.FPDFPageObj_GetClipPath(obj.raw)
                if not clip:
                    continue
                left, bottom, right, top = obj.get_bounds()
                if not _clipped_away(raw, clip, (left, bottom, right, top)):
                    continue
                textpage = textpage or page.get_textpage()
                text = _object_text(raw, obj, textpage)
                if text:
                    found.setdefault(index + 1, []).append((text, (left, height - top, right, height - bottom)))
            if textpage is not None:
                textpage.close()
            page.close()
    except Exception:
        return found
    finally:
        pdf.close()
    return found


def _clipped_away(raw, clip, bounds) -> bool:
    """True when the intersection of the clip paths' boxes covers under 10% of the object."""
    import ctypes

    paths = raw.FPDFClipPath_CountPaths(clip)
    if paths <= 0:
        return False
    left, bottom, right, top = bounds
    x, y = ctypes.c_float(), ctypes.c_float()
    for pi in range(paths):
        xs, ys = [], []
        for si in range(raw.FPDFClipPath_CountPathSegments(clip, pi)):
            segment = raw.FPDFClipPath_GetPathSegment(clip, pi, si)
            if raw.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y)):
                xs.append(x.value)
                ys.append(y.value)
        if not xs:
            continue
        left, right = max(left, min(xs)), min(right, max(xs))
        bottom, top = max(bottom, min(ys)), min(top, max(ys))
    kept = max(0.0, right - left) * max(0.0, top - bottom)
    whole = max(1e-6, (bounds[2] - bounds[0]) * (bounds[3] - bounds[1]))
    return kept < 0.1 * whole


def _object_text(raw, obj, textpage) -> str:
    import ctypes

    size = raw.FPDFTextObj_GetText(obj.raw, textpage.raw, None, 0)
    if size <= 1:
        return ""
    buffer = (ctypes.c_ushort * size)()
    raw.FPDFTextObj_GetText(obj.raw, textpage.raw, buffer, size * 2)
    return "".join(bytes(buffer).decode("utf-16-le", errors="ignore").split("\x00")[0].split())


def _clean(text: str) -> str:
    return (text or "").translate(CJK_COMPATIBILITY).strip()


def _cell_text(text: str | None) -> str:
    return "".join(part.strip() for part in _clean(text or "").splitlines())


_NUMERIC = re.compile(r"[+\-−]?[\d,，.]+(?:万元)?")


def _row(cells: list[str]) -> list[str]:
    """Leading empty cells before a label are what is left of a merged label cell that began on the
    previous page (the PDF repeats its box, not its text): the cell was read there already."""
    start = 0
    while start < len(cells) - 1 and not cells[start] and cells[start + 1] and not _NUMERIC.fullmatch(cells[start + 1]):
        start += 1
    return cells[start:]


def _paragraphs(items: list[_Line | Table]) -> list[Paragraph | Table]:
    """Join wrapped lines into paragraphs (see the module docstring); tables stay where they are."""
    lines = [item for item in items if isinstance(item, _Line)]
    if not lines:
        return [item for item in items if isinstance(item, Table)]
    size = statistics.median(line.size for line in lines) or 10.0
    left = min(line.x0 for line in lines)
    right = max(line.x1 for line in lines)
    blocks: list[Paragraph | Table] = []
    current: _Line | None = None
    text = ""
    for item in items:
        if isinstance(item, Table):
            if current is not None:
                blocks.append(Paragraph(text))
                current = None
            blocks.append(item)
            continue
        continues = (
            current is not None
            and current.x1 >= right - 1.5 * size
            and item.x0 <= left + 0.5 * size
            and abs(item.size - current.size) < 0.2 * size
            and not _HEADING.match(item.text)
        )
        if continues:
            glue = " " if _ASCII_WORD.match(text[-1:]) and _ASCII_WORD.match(item.text[:1]) else ""
            text += glue + item.text
        else:
            if current is not None:
                blocks.append(Paragraph(text))
            text = item.text
        current = item
    if current is not None:
        blocks.append(Paragraph(text))
    return blocks
