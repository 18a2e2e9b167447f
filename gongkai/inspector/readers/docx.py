"""Word (.docx) reports → ReportDocument.

python-docx opens the package; the body XML is then walked directly, because its object model
hides what real reports contain: tables nested in cells, tables and text in text boxes, content
controls (w:sdt) around whole sections, and merged cells repeated in every slot they cover.

- Document order: w:p and w:tbl children of the body (and of w:sdt content) in sequence.
- Merged cells appear ONCE: a cell spanning columns (w:gridSpan) is one entry; a vertically merged
  continuation cell (w:vMerge without val="restart") is left out of its row.
- Cell text: the cell's paragraphs joined without separator (real cells break 不予\\n公开).
- A table inside a cell is emitted as its own Table after the outer row (the outer table is split
  there). A "layout" table — one or two columns holding other tables, as pages converted from the
  web often are — is read as flow: its paragraphs and tables in order.
- Text boxes (w:txbxContent, DrawingML or VML) are read as flow after the paragraph anchoring them;
  of mc:AlternateContent only the mc:Choice is read (the fallback holds the same box again).
- Deleted revisions (w:delText) and field codes (w:instrText) are not text.
"""

from __future__ import annotations

import io
import zipfile

from lxml import etree

from ..document import Paragraph, ReportDocument, Table, UnreadableReport

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_P, _TBL, _TR, _TC, _SDT, _SDT_CONTENT = (f"{{{W}}}{t}" for t in ("p", "tbl", "tr", "tc", "sdt", "sdtContent"))
_T, _TAB, _BR, _CR, _TXBX = (f"{{{W}}}{t}" for t in ("t", "tab", "br", "cr", "txbxContent"))
_FALLBACK = f"{{{MC}}}Fallback"
_CUSTOM_XML = f"{{{W}}}customXml"
# Elements whose text is not the paragraph's own: text boxes (read separately), revisions deleted,
# the hidden alternative of mc:AlternateContent, footnote/comment references carry no text anyway.
_SKIP_IN_TEXT = {_TXBX, _FALLBACK, _TBL}
# A table with this many grid columns or fewer that holds tables is page layout, not data.
LAYOUT_MAX_COLUMNS = 2


def read_docx(data: bytes, source: str) -> ReportDocument:
    """Every paragraph and table of the .docx body in reading order (see the module docstring)."""
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = Document(io.BytesIO(data))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, EOFError, etree.XMLSyntaxError) as e:
        raise UnreadableReport("file.unreadable", f"文件已损坏或不是有效的 Word（.docx）文件（{_reason(e)}）") from e
    except (MemoryError, RecursionError):
        raise
    except Exception as e:  # python-docx raises many kinds on a malformed package; all mean "unreadable"
        raise UnreadableReport("file.unreadable", f"Word 文件内容已损坏（{_reason(e)}）") from e
    doc = ReportDocument(source=source)
    body = document.element.body
    doc.blocks.extend(_flow(body))
    if not doc.blocks:
        doc.notes.append("Word 文件正文为空")
    return doc


def _reason(error: Exception) -> str:
    text = str(error).strip()
    return text[:120] if text else type(error).__name__


# ------------------------------------------------------------------------------------ flow


def _flow(container) -> list[Paragraph | Table]:
    """The blocks of a body-like container (body, cell, text box, content control) in order."""
    blocks: list[Paragraph | Table] = []
    for child in container:
        tag = child.tag
        if tag == _P:
            # A line break inside a paragraph (Shift+Enter, page break) starts a new line of text.
            blocks += [Paragraph(line.strip()) for line in paragraph_text(child).split("\n") if line.strip()]
            blocks += _text_boxes(child)
        elif tag == _TBL:
            blocks += _table_blocks(child)
        elif tag in (_SDT, _CUSTOM_XML):
            content = child.find(_SDT_CONTENT) if tag == _SDT else child
            if content is not None:
                blocks += _flow(content)
    return blocks


def _text_boxes(element) -> list[Paragraph | Table]:
    """Text boxes anchored in ``element`` (not in nested text boxes: those come with their box)."""
    blocks: list[Paragraph | Table] = []
    for box in _descendants(element, _TXBX, stop={_TXBX, _FALLBACK, _TBL}):
        blocks += _flow(box)
    return blocks


def _descendants(element, tag: str, *, stop: set[str]):
    """Descendants with ``tag``, not looking inside elements whose tag is in ``stop``."""
    for child in element:
        if not isinstance(child.tag, str):
            continue  # comments, processing instructions
        if child.tag == tag:
            yield child
        elif child.tag not in stop:
            yield from _descendants(child, tag, stop=stop)


def paragraph_text(p) -> str:
    """The visible text of one w:p: w:t runs, tabs as spaces; text boxes and deletions left out."""
    parts: list[str] = []
    _collect_text(p, parts)
    return "".join(parts).strip()


def _collect_text(element, parts: list[str]) -> None:
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP_IN_TEXT:
            continue
        if tag == _T:
            parts.append(child.text or "")
        elif tag == _TAB:
            parts.append(" ")
        elif tag in (_BR, _CR):
            parts.append("\n")
        else:
            _collect_text(child, parts)


# ---------------------------------------------------------------------------------- tables


def _cells(tr):
    """The w:tc of a row, also inside content controls and custom XML around cells."""
    for child in tr:
        if child.tag == _TC:
            yield child
        elif child.tag in (_SDT, _CUSTOM_XML):
            inner = child.find(_SDT_CONTENT) if child.tag == _SDT else child
            if inner is not None:
                yield from (c for c in inner if c.tag == _TC)


def _rows(tbl):
    for child in tbl:
        if child.tag == _TR:
            yield child
        elif child.tag in (_SDT, _CUSTOM_XML):
            inner = child.find(_SDT_CONTENT) if child.tag == _SDT else child
            if inner is not None:
                yield from (r for r in inner if r.tag == _TR)


def _is_continuation(tc) -> bool:
    """A vertically merged cell below the first: w:vMerge present without val="restart"."""
    tc_pr = tc.find(f"{{{W}}}tcPr")
    if tc_pr is None:
        return False
    v_merge = tc_pr.find(f"{{{W}}}vMerge")
    return v_merge is not None and v_merge.get(f"{{{W}}}val", "continue") != "restart"


def _grid_width(tbl) -> int:
    grid = tbl.find(f"{{{W}}}tblGrid")
    width = len(grid.findall(f"{{{W}}}gridCol")) if grid is not None else 0
    return width or max((sum(1 for _ in _cells(tr)) for tr in _rows(tbl)), default=0)


def cell_text(tc) -> str:
    """A cell's paragraphs joined without separator; nested tables and text boxes left out."""
    texts = []
    for child in tc:
        if child.tag == _P:
            texts.append(paragraph_text(child))
        elif child.tag in (_SDT, _CUSTOM_XML):
            inner = child.find(_SDT_CONTENT) if child.tag == _SDT else child
            if inner is not None:
                texts += [paragraph_text(p) for p in inner if p.tag == _P]
    return "".join(t.replace("\n", "") for t in texts).strip()


def _nested(tc) -> list[Paragraph | Table]:
    """Tables in a cell (each its own Table) and text boxes anchored in the cell's paragraphs."""
    blocks: list[Paragraph | Table] = []
    for child in tc:
        if child.tag == _TBL:
            blocks += _table_blocks(child)
        elif child.tag == _P:
            blocks += _text_boxes(child)
        elif child.tag in (_SDT, _CUSTOM_XML):
            inner = child.find(_SDT_CONTENT) if child.tag == _SDT else child
            if inner is not None:
                blocks += _nested(inner)
    return blocks


def _table_blocks(tbl) -> list[Paragraph | Table]:
    holds_tables = any(child.tag == _TBL for tr in _rows(tbl) for tc in _cells(tr) for child in tc)
    if holds_tables and _grid_width(tbl) <= LAYOUT_MAX_COLUMNS:
        blocks: list[Paragraph | Table] = []
        for tr in _rows(tbl):
            for tc in _cells(tr):
                if not _is_continuation(tc):
                    blocks += _flow(tc)
        return blocks
    blocks = []
    rows: list[list[str]] = []
    for tr in _rows(tbl):
        row, inner = [], []
        for tc in _cells(tr):
            inner += _nested(tc)
            if not _is_continuation(tc):
                row.append(cell_text(tc))
        if row:
            rows.append(row)
        if inner:  # split the outer table after this row, so the reading order is kept
            if rows:
                blocks.append(Table(rows))
            blocks += inner
            rows = []
    if rows:
        blocks.append(Table(rows))
    return blocks
