"""The annual report as .docx, built in code with python-docx in the official layout.

Page and type follow the letters (GB/T 9704-2012): A4, margins 37/26/35/28 mm, title in 宋体 二号
bold, headings in 黑体 三号, body in 仿宋 三号 with a two-character first-line indent. The tables
come from layout.py with their merges (gridSpan, vMerge) as in the official formats, in 宋体 五号
with single borders; their header rows repeat on every page.

The output is byte-for-byte deterministic: the core properties carry the report's own date and the
zip entries a fixed timestamp, so rendering the same figures twice gives the same file.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from gongkai.core.officedocs import BODY_FONT, BODY_SIZE, GRID, TITLE_FONT, TITLE_SIZE, set_fonts, setup_official_page

from .layout import DocumentLayout, TableLayout, document_layout

HEADING_FONT = "黑体"
TABLE_FONT = "宋体"
TABLE_SIZE = Pt(10.5)  # 五号
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


class _Report:
    def __init__(self, layout: DocumentLayout):
        self.layout = layout
        self.doc = Document()
        self._setup()

    def _setup(self) -> None:
        doc, layout = self.doc, self.layout
        setup_official_page(doc)
        props = doc.core_properties
        props.title = layout.title
        props.author = props.last_modified_by = layout.agency
        props.comments = props.subject = props.keywords = props.category = ""
        props.revision = 1
        when = layout.published_on or dt.date((layout.year or 2000) + 1, 1, 1)
        stamp = dt.datetime(when.year, when.month, when.day, tzinfo=dt.UTC)
        props.created = props.modified = stamp

    def paragraph(
        self, text: str = "", *, font=BODY_FONT, size=BODY_SIZE, bold=False, align=None, indent=False, line=GRID
    ):
        p = self.doc.add_paragraph()
        fmt = p.paragraph_format
        if align is not None:
            fmt.alignment = align
        if indent:
            fmt.first_line_indent = Pt(size.pt * 2)
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = line
        if text:
            run = p.add_run(text)
            run.font.size = size
            run.bold = bold or None
            set_fonts(run._r, font)
        return p

    def table(self, layout: TableLayout) -> None:
        rows = layout.rows
        table = self.doc.add_table(rows=len(rows), cols=layout.width)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False  # tblLayout fixed: the column widths below hold
        _borders(table)
        widths = [Mm(w) for _, w in layout.columns]
        for col, width in zip(table._tbl.tblGrid.gridCol_lst, widths, strict=True):
            col.w = width
        tbl_w = table._tbl.tblPr.find(qn("w:tblW"))
        if tbl_w is not None:
            tbl_w.set(qn("w:type"), "dxa")
            tbl_w.set(qn("w:w"), str(sum(width.twips for width in widths)))
        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = width
        for r in range(len(layout.head)):  # repeat the header rows on every page
            tr_pr = table.rows[r]._tr.get_or_add_trPr()
            tr_pr.append(OxmlElement("w:tblHeader"))
        placed = list(layout.positioned())
        for r, c, cell in placed:
            if cell.rowspan > 1 or cell.colspan > 1:
                table.cell(r, c).merge(table.cell(r + cell.rowspan - 1, c + cell.colspan - 1))
        for r, c, cell in placed:
            target = table.cell(r, c)
            target.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            p = target.paragraphs[0]
            fmt = p.paragraph_format
            fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
            if "label" in cell.classes and "outer" not in cell.classes and "group" not in cell.classes:
                fmt.alignment = WD_ALIGN_PARAGRAPH.LEFT
            if "note" in cell.classes:
                fmt.alignment = WD_ALIGN_PARAGRAPH.LEFT
            fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
            fmt.space_before = fmt.space_after = Pt(0)
            if cell.text:
                run = p.add_run(cell.text)
                run.font.size = TABLE_SIZE
                run.bold = (cell.header and "label" not in cell.classes) or None
                set_fonts(run._r, TABLE_FONT)

    def build(self) -> bytes:
        layout = self.layout
        center = WD_ALIGN_PARAGRAPH.CENTER
        for line in layout.title_lines:
            self.paragraph(line, font=TITLE_FONT, size=TITLE_SIZE, bold=True, align=center, line=Pt(36))
        self.paragraph()
        for section in layout.sections:
            self.paragraph(section.heading, font=HEADING_FONT, indent=True)
            for text in section.paragraphs:
                self.paragraph(text, indent=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
            if section.table is not None:
                self.table(section.table)
                self.paragraph()
        if layout.published_on:
            right = WD_ALIGN_PARAGRAPH.RIGHT
            self.paragraph()
            for text in (layout.agency, layout.published_text):
                p = self.paragraph(text, align=right)
                p.paragraph_format.right_indent = Pt(32)
        out = io.BytesIO()
        self.doc.save(out)
        return _normalised_zip(out.getvalue())


def _borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "single")
        element.set(qn("w:sz"), "4")
        element.set(qn("w:space"), "0")
        element.set(qn("w:color"), "000000")
        borders.append(element)
    existing = tbl_pr.find(qn("w:tblBorders"))
    if existing is not None:
        tbl_pr.remove(existing)
    # Schema order: tblStyle, tblpPr, tblOverlap, bidiVisual, tblStyleRowBandSize, tblStyleColBandSize,
    # tblW, jc, tblCellSpacing, tblInd, tblBorders, …; insert after the last of those present.
    anchor = None
    for tag in ("w:tblStyle", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd"):
        found = tbl_pr.find(qn(tag))
        if found is not None:
            anchor = found
    if anchor is None:
        tbl_pr.insert(0, borders)
    else:
        anchor.addnext(borders)


def _normalised_zip(data: bytes) -> bytes:
    """The same package with fixed entry timestamps, so equal reports give equal bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


def render_docx(report: dict) -> bytes:
    """The report (report-data.md dict with "sections", optional "title"/"published_on") as .docx."""
    return _Report(document_layout(report)).build()
