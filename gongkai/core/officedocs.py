"""House layout of official Word documents (GB/T 9704: A4, margins, 仿宋 三号 on a 28 pt grid).

Letters and annual reports are both official documents; they share this page set-up and the
East-Asian font rule so Word and WPS render Chinese in the intended typefaces.
"""

from __future__ import annotations

from docx.enum.text import WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

BODY_FONT = "仿宋"
TITLE_FONT = "宋体"
LATIN_FONT = "Times New Roman"
BODY_SIZE = Pt(16)  # 三号
TITLE_SIZE = Pt(22)  # 二号
GRID = Pt(28)


def set_fonts(rpr_parent, east_asia: str) -> None:
    """Name the East-Asian font explicitly (and drop theme fonts), or Word falls back to a Latin font."""
    rpr = rpr_parent.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_parent.insert(0, rpr)
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), east_asia)


def setup_official_page(doc) -> None:
    """A4 with the GB/T 9704 margins, 仿宋 三号 body on an exact 28 pt line grid, zh-CN."""
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    defaults = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    set_fonts(defaults, BODY_FONT)
    lang = defaults.find(f"{qn('w:rPr')}/{qn('w:lang')}")
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")
    normal = doc.styles["Normal"]
    normal.font.size = BODY_SIZE
    set_fonts(normal.element, BODY_FONT)
    fmt = normal.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = GRID
