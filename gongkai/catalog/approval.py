"""The printed 发布审批单 and 保密审查审批单: what offices file on paper for every published document.

Both are drawn from the stored ReviewOpinion rows, never from what a form says now. One context feeds
the print view (HTML, also printed by WeasyPrint to PDF) and the .docx built with python-docx, so the
three cannot say different things.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone
from docx import Document as Docx
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from .models import Disclosure, Document, ReviewOpinion

TITLES = {"publish": "政府信息主动公开发布审批单", "secrecy": "政府信息公开保密审查审批单"}
# The rows of each form: the step whose opinion fills it, and its printed label.
ROWS = {
    "publish": (
        ("submit", "拟稿"),
        ("approve", "科室审核"),
        ("secrecy_review", "保密审查"),
        ("sign_off", "领导签发"),
    ),
    "secrecy": (
        ("submit", "拟稿说明"),
        ("approve", "科室审核意见"),
        ("secrecy_review", "保密审查意见"),
        ("sign_off", "领导审批意见"),
    ),
}
SERIF = "宋体"
HEADING = "黑体"


@dataclass
class Row:
    label: str
    name: str
    capacity: str
    opinion: str
    acted_on: str


def _date(value) -> str:
    local = timezone.localtime(value)
    return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}"


def _check(value: str, chosen: str) -> str:
    return ("☑" if value == chosen else "☐") + Disclosure(value).label


def form_context(document: Document, kind: str) -> dict:
    """What one form prints: the header facts and, per row, the opinion of the current review pass.

    A return starts a new pass: opinions given before the last 退回 are listed below the table, not
    in the rows, so the form never shows an approval of a text that was later sent back.
    """
    opinions = list(document.opinions.order_by("acted_at", "id"))
    last_return = max((i for i, o in enumerate(opinions) if o.step == ReviewOpinion.Step.REJECT), default=-1)
    current = opinions[last_return + 1 :]
    by_step: dict[str, ReviewOpinion] = {}
    for opinion in current:
        by_step[opinion.step] = opinion
    rows = []
    for step, label in ROWS[kind]:
        o = by_step.get(step)
        rows.append(
            Row(label, o.actor_name, o.capacity, o.opinion, _date(o.acted_at))
            if o is not None
            else Row(label, "", "", "", "")
        )
    returns = [
        f"{_date(o.acted_at)} {o.actor_name}退回：{o.opinion}" for o in opinions if o.step == ReviewOpinion.Step.REJECT
    ]
    published = by_step.get(ReviewOpinion.Step.PUBLISH)
    readings = list(document.interpretations.values_list("title", flat=True))
    return {
        "kind": kind,
        "title": TITLES[kind],
        "agency": document.agency.name,
        "facts": [
            ("索引号", document.index_number),
            ("标题", document.title),
            ("发文字号", document.document_number or "无"),
            ("发布机构", document.issuing_body),
            ("起草科室", document.department.name if document.department_id else "—"),
            ("起草人", str(document.author)),
            ("公开事项", document.get_item_display()),
            ("文件类型", document.get_kind_display()),
            *([("政策解读", "；".join(readings))] if readings else []),
            *([("所解读的文件", document.interprets.title)] if document.interprets_id else []),
        ],
        "disclosure": "　".join(_check(v, document.disclosure) for v in Disclosure.values),
        "disclosure_reason": document.disclosure_reason,
        "rows": rows,
        "returns": returns,
        "published": f"{published.actor_name}于{_date(published.acted_at)}发布" if published else "",
        "printed_on": _date(timezone.now()),
    }


def form_html(document: Document, kind: str, *, for_pdf: bool = False) -> str:
    return render_to_string(
        "catalog/approval_form.html", {"form": form_context(document, kind), "document": document, "for_pdf": for_pdf}
    )


def form_pdf(document: Document, kind: str) -> bytes:
    # Imported here: WeasyPrint loads Pango and fonts, which only printing needs.
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    css = CSS(filename=finders.find("catalog/approval.css"))
    html = HTML(string=form_html(document, kind, for_pdf=True), url_fetcher=URLFetcher(allowed_protocols={"data"}))
    return html.write_pdf(stylesheets=[css])


# -- .docx ----------------------------------------------------------------------------------


def _run(paragraph, text: str, *, size: float = 11, bold: bool = False, font: str = SERIF):
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = font
    # Word picks the Chinese font from eastAsia, not from the font name python-docx sets.
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    return run


def _cell(cell, text: str, *, bold: bool = False, align=None, size: float = 10.5, top: bool = False) -> None:
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP if top else WD_CELL_VERTICAL_ALIGNMENT.CENTER
    paragraph = cell.paragraphs[0]
    for i, line in enumerate(text.split("\n")):
        if i:
            paragraph = cell.add_paragraph()
        if align is not None:
            paragraph.alignment = align
        paragraph.paragraph_format.space_before = paragraph.paragraph_format.space_after = Pt(2)
        _run(paragraph, line, bold=bold, size=size)


def _min_height(row, cm: float) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    height = OxmlElement("w:trHeight")
    height.set(qn("w:val"), str(int(cm * 567)))
    height.set(qn("w:hRule"), "atLeast")
    tr_pr.append(height)


def form_docx(document: Document, kind: str) -> bytes:
    form = form_context(document, kind)
    docx = Docx()
    section = docx.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2.2)
    section.left_margin = section.right_margin = Cm(2.2)
    docx.core_properties.title = form["title"]
    normal = docx.styles["Normal"]
    normal.font.name = SERIF
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), SERIF)

    heading = docx.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(heading, form["title"], size=18, bold=True, font=HEADING)
    agency = docx.add_paragraph()
    agency.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(agency, form["agency"], size=12)

    table = docx.add_table(rows=0, cols=4)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = (Cm(3), Cm(7.4), Cm(3.0), Cm(3.2))
    facts = form["facts"]
    for label, value in facts:
        docx_row = table.add_row()
        _min_height(docx_row, 0.75)
        cells = docx_row.cells
        _cell(cells[0], label, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        merged = cells[1].merge(cells[3])
        _cell(merged, value)
    docx_row = table.add_row()
    _min_height(docx_row, 0.75)
    cells = docx_row.cells
    _cell(cells[0], "公开属性", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    reason = f"\n理由：{form['disclosure_reason']}" if form["disclosure_reason"] else ""
    _cell(cells[1].merge(cells[3]), form["disclosure"] + reason)
    header = table.add_row().cells
    for cell, text in zip(header, ("环节", "意见", "签名", "日期"), strict=True):
        _cell(cell, text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    for row in form["rows"]:
        docx_row = table.add_row()
        _min_height(docx_row, 2.2)
        cells = docx_row.cells
        _cell(cells[0], row.label, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        _cell(cells[1], row.opinion or ("（未填写意见）" if row.name else ""), top=True)
        _cell(cells[2], f"{row.name}\n{row.capacity}" if row.name else "", align=WD_ALIGN_PARAGRAPH.CENTER)
        _cell(cells[3], row.acted_on.replace(" ", "\n"), align=WD_ALIGN_PARAGRAPH.CENTER, size=9)
    # Word reads the cell widths, LibreOffice the table grid: set both.
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    notes = []
    if form["published"]:
        notes.append(f"发布：{form['published']}")
    if form["returns"]:
        notes.append("退回记录：" + "；".join(form["returns"]))
    notes.append(f"打印时间：{form['printed_on']}（据系统审核记录生成）")
    for note in notes:
        _run(docx.add_paragraph(), note, size=9)
    out = io.BytesIO()
    docx.save(out)
    return out.getvalue()
