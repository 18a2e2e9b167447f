"""The PDF of a letter, made from its rendered .docx so the two can never say different things.

An agency may replace the wording of any letter with its own .docx template; a PDF drawn from
separate HTML templates would then carry the same number over a different text. Instead the
rendered .docx is read back with python-docx and laid out as HTML (one shared Django template,
letters/letter_pdf.html, with A4 @page CSS from the document's own section), then printed by
WeasyPrint with system fonts only. What is carried over: paragraphs (alignment, indents,
spacing, line height, bottom border, keep with next, keep lines together, page break before),
runs (size, bold, italic, underline, colour, East-Asian font), inline images and simple tables.
Headers, footers, text boxes and shapes are not.
"""

from __future__ import annotations

import base64
import io
import logging
import re

from django.template.loader import render_to_string
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Length
from docx.table import Table
from docx.text.paragraph import Paragraph

SERIF = '"Noto Serif CJK SC", "Noto Sans CJK SC", serif'
SANS = '"Noto Sans CJK SC", sans-serif'
# A font name from an uploaded template goes into CSS only if it is plainly a name.
_SAFE_FONT = re.compile(r"[\w\u3400-\u9fff ._-]{1,40}")
_SANS_HINTS = ("黑", "雅黑", "等线", "Hei", "Sans", "Arial")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_ALIGN = {
    WD_ALIGN_PARAGRAPH.LEFT: "left",
    WD_ALIGN_PARAGRAPH.CENTER: "center",
    WD_ALIGN_PARAGRAPH.RIGHT: "right",
    WD_ALIGN_PARAGRAPH.JUSTIFY: "justify",
    WD_ALIGN_PARAGRAPH.DISTRIBUTE: "justify",
}
_DRAWING_BLIP = ".//{http://schemas.openxmlformats.org/drawingml/2006/main}blip"
_EXTENT = ".//{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}extent"
_EMBED = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed"

# WeasyPrint reports every layout step at INFO; with the root logger at INFO that is seven
# lines per letter. Its warnings (a missing font, a bad image) still come through.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def font_stack(name: str | None) -> str:
    """The CSS font-family for a Word East-Asian font: the name itself first, then Noto CJK."""
    fallback = SANS if name and any(hint in name for hint in _SANS_HINTS) else SERIF
    if name and _SAFE_FONT.fullmatch(name):
        return f'"{name}", {fallback}'
    return fallback


def _chain(style):
    while style is not None:
        yield style
        style = style.base_style


class _Reader:
    """Effective formatting: direct formatting, then the style chain, then document defaults."""

    def __init__(self, document):
        self.document = document
        defaults = document.styles.element.find(qn("w:docDefaults"))
        rpr = defaults.find(qn("w:rPrDefault")) if defaults is not None else None
        rpr = rpr.find(qn("w:rPr")) if rpr is not None else None
        size = rpr.find(qn("w:sz")) if rpr is not None else None
        self.default_size = int(size.get(qn("w:val"))) / 2 if size is not None else 10.5
        fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
        self.default_font = fonts.get(qn("w:eastAsia")) if fonts is not None else None
        normal = next((s for s in document.styles if s.type == WD_STYLE_TYPE.PARAGRAPH and s.name == "Normal"), None)
        if normal is not None and normal.font.size is not None:
            self.default_size = normal.font.size.pt

    def para(self, p: Paragraph, attr: str):
        value = getattr(p.paragraph_format, attr)
        for style in _chain(p.style):
            if value is not None:
                break
            value = getattr(style.paragraph_format, attr)
        return value

    def run(self, run, p: Paragraph, attr: str):
        value = getattr(run.font, attr)
        styles = [*_chain(run.style), *_chain(p.style)] if run.style is not None else [*_chain(p.style)]
        for style in styles:
            if value is not None:
                break
            value = getattr(style.font, attr)
        return value

    def east_asia(self, run, p: Paragraph) -> str | None:
        elements = [run._r, *(s.element for s in _chain(p.style))]
        for element in elements:
            fonts = element.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
            if fonts is not None and fonts.get(qn("w:eastAsia")):
                return fonts.get(qn("w:eastAsia"))
        return self.default_font

    def paragraph(self, p: Paragraph) -> dict:
        css = []
        if (align := self.para(p, "alignment")) in _ALIGN:
            value = _ALIGN[align]
            if value == "justify" and _CJK.search(p.text):
                # Word justifies Chinese by spacing every character; WeasyPrint only widens spaces,
                # so the one space in "1. 名称" would take a whole line's slack. Full-width
                # characters line up at the right edge anyway.
                value = "left"
            css.append(f"text-align:{value}")
        for attr, prop in (
            ("first_line_indent", "text-indent"),
            ("left_indent", "margin-left"),
            ("right_indent", "margin-right"),
            ("space_before", "margin-top"),
            ("space_after", "margin-bottom"),
        ):
            if (value := self.para(p, attr)) is not None:
                css.append(f"{prop}:{value.pt:.1f}pt")
        # Word's pagination controls, so a closing block kept together in Word is kept together
        # in the PDF too (the signature never alone on a page, decision 0020).
        if self.para(p, "keep_with_next"):
            css.append("break-after:avoid")
        if self.para(p, "keep_together"):
            css.append("break-inside:avoid")
        if self.para(p, "page_break_before"):
            css.append("break-before:page")
        spacing = self.para(p, "line_spacing")
        if isinstance(spacing, Length):
            css.append(f"line-height:{spacing.pt:.1f}pt")
        elif isinstance(spacing, float):
            css.append(f"line-height:{spacing * 1.3:.2f}")
        border = p._p.find(f"{qn('w:pPr')}/{qn('w:pBdr')}/{qn('w:bottom')}")
        if border is not None and border.get(qn("w:val")) not in (None, "nil", "none"):
            width = int(border.get(qn("w:sz"), "4")) / 8
            color = border.get(qn("w:color"), "000000")
            color = color if re.fullmatch(r"[0-9A-Fa-f]{6}", color) else "000000"
            css.append(f"border-bottom:{width:.2f}pt solid #{color};padding-bottom:2pt")
        runs = [piece for run in p.runs for piece in self.pieces(run, p)]
        return {"style": ";".join(css), "runs": runs, "empty": not any(r.get("text") or r.get("src") for r in runs)}

    def pieces(self, run, p: Paragraph) -> list[dict]:
        pieces = [self.image(blip, run) for blip in run._r.iterfind(_DRAWING_BLIP)]
        text = run.text.replace("\t", "\u2003\u2003")
        if not text:
            return [piece for piece in pieces if piece]
        css = []
        size = self.run(run, p, "size")
        css.append(f"font-size:{size.pt if size is not None else self.default_size:.1f}pt")
        if self.run(run, p, "bold"):
            css.append("font-weight:bold")
        if self.run(run, p, "italic"):
            css.append("font-style:italic")
        if self.run(run, p, "underline"):
            css.append("text-decoration:underline")
        color = run.font.color.rgb if run.font.color is not None and run.font.color.type is not None else None
        if color is not None:
            css.append(f"color:#{color}")
        css.append(f"font-family:{font_stack(self.east_asia(run, p))}")
        return [piece for piece in pieces if piece] + [{"text": text, "style": ";".join(css)}]

    def image(self, blip, run) -> dict | None:
        part = run.part.related_parts.get(blip.get(_EMBED))
        if part is None or not part.content_type.startswith("image/"):
            return None
        drawing = blip.getparent()
        while drawing is not None and drawing.tag != qn("w:drawing"):
            drawing = drawing.getparent()
        extent = drawing.find(_EXTENT) if drawing is not None else None
        size = ""
        if extent is not None:  # EMU: 12700 to the point
            size = f"width:{int(extent.get('cx')) / 12700:.1f}pt;height:{int(extent.get('cy')) / 12700:.1f}pt"
        data = base64.b64encode(part.blob).decode("ascii")
        return {"src": f"data:{part.content_type};base64,{data}", "size": size}

    def blocks(self) -> list[dict]:
        blocks = []
        for child in self.document.element.body.iterchildren():
            if child.tag == qn("w:p"):
                blocks.append(self.paragraph(Paragraph(child, self.document._body)))
            elif child.tag == qn("w:tbl"):
                table = Table(child, self.document._body)
                rows = []
                for row in table.rows:
                    cells, seen = [], set()
                    for cell in row.cells:
                        if id(cell._tc) in seen:  # python-docx repeats a merged cell
                            continue
                        seen.add(id(cell._tc))
                        paragraphs = [self.paragraph(p) for p in cell.paragraphs]
                        cells.append({"span": cell._tc.grid_span, "paragraphs": paragraphs})
                    rows.append(cells)
                blocks.append({"rows": rows})
        return blocks


def docx_to_html(docx_bytes: bytes, *, title: str = "") -> str:
    document = Document(io.BytesIO(docx_bytes))
    reader = _Reader(document)
    section = document.sections[0]
    page = {
        name: f"{(getattr(section, attr) or 0) / 12700:.1f}pt"
        for name, attr in (
            ("width", "page_width"),
            ("height", "page_height"),
            ("top", "top_margin"),
            ("right", "right_margin"),
            ("bottom", "bottom_margin"),
            ("left", "left_margin"),
        )
    }
    context = {
        "title": title or document.core_properties.title,
        "author": document.core_properties.author,
        "page": page,
        "base_size": f"{reader.default_size:.1f}pt",
        "base_font": font_stack(reader.default_font),
        "blocks": reader.blocks(),
    }
    return render_to_string("letters/letter_pdf.html", context)


def render_pdf(docx_bytes: bytes, *, title: str = "") -> bytes:
    """The PDF of a rendered letter; fetches nothing but data: URIs (images inside the .docx)."""
    # Imported here: WeasyPrint loads Pango and fonts, which only letter rendering needs.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    html = docx_to_html(docx_bytes, title=title)
    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"})).write_pdf()
