"""The paper 政府信息公开申请表, as .docx and PDF, filled in with the agency's own details.

Many applicants still write to the agency or hand a form in at its office (Art. 29 lets them
apply in writing by any means). The form asks for what Art. 29 requires — who the applicant is
and how to reach them, a description of the information sought, and the form of provision —
and says where to send it. It is built with python-docx and printed to PDF by the letters app's
converter, so both files say the same; both are cached by the facts they print.
"""

from __future__ import annotations

import hashlib
import io

from django.core.cache import cache
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from gongkai.organizations.models import Agency

TITLE = "政府信息公开申请表"
CACHE_SECONDS = 24 * 3600
BOX = "□"


def _facts(agency: Agency) -> dict[str, str]:
    return {
        "name": agency.name,
        "office": agency.ogi_office_name or f"{agency.name}政府信息公开工作机构",
        "address": agency.ogi_address,
        "postcode": agency.ogi_postcode,
        "phone": agency.ogi_phone,
        "hours": agency.ogi_office_hours,
        "email": agency.ogi_email,
    }


def _key(kind: str, facts: dict[str, str]) -> str:
    return f"portal:paper:{kind}:" + hashlib.sha256(repr(sorted(facts.items())).encode()).hexdigest()


def application_docx(agency: Agency) -> bytes:
    facts = _facts(agency)
    key = _key("docx", facts)
    data = cache.get(key)
    if data is None:
        data = _build(facts)
        cache.set(key, data, CACHE_SECONDS)
    return data


def application_pdf(agency: Agency) -> bytes:
    from gongkai.letters.pdf import render_pdf

    facts = _facts(agency)
    key = _key("pdf", facts)
    data = cache.get(key)
    if data is None:
        data = render_pdf(application_docx(agency), title=TITLE)
        cache.set(key, data, CACHE_SECONDS)
    return data


def _build(facts: dict[str, str]) -> bytes:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(1.6)
    section.left_margin = section.right_margin = Cm(2.2)
    normal = document.styles["Normal"]
    normal.font.size = Pt(10.5)
    normal.font.name = "宋体"
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    normal.paragraph_format.space_after = Pt(0)
    document.core_properties.title = TITLE
    document.core_properties.author = facts["name"]

    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(TITLE)
    run.bold, run.font.size = True, Pt(18)
    run.font.name = "黑体"
    run.element.rPr.rFonts.set(qn("w:eastAsia"), "黑体")
    to = document.add_paragraph()
    to.alignment = WD_ALIGN_PARAGRAPH.CENTER
    to.add_run(f"受理机关：{facts['name']}")
    to.paragraph_format.space_after = Pt(6)

    table = document.add_table(rows=0, cols=4)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER

    def band(text: str, note: str = "") -> None:
        cell = table.add_row().cells[0].merge(table.rows[-1].cells[3])
        paragraph = cell.paragraphs[0]
        paragraph.add_run(text).bold = True
        if note:
            paragraph.add_run(note).font.size = Pt(9)

    # The PDF is laid out from content (letters.pdf carries no column widths): ideographic
    # spaces give the blank answer cells their width there; Word uses the widths set below.
    blank = "\u3000" * 11

    def pair(left: str, right: str) -> None:
        cells = table.add_row().cells
        cells[0].text, cells[1].text, cells[2].text, cells[3].text = left, blank, right, blank

    def wide(label: str, value: str = "", lines: int = 0) -> None:
        cells = table.add_row().cells
        cells[0].text = label
        merged = cells[1].merge(cells[3])
        merged.text = value
        for _ in range(lines):
            merged.add_paragraph("")

    def box(lines: int) -> None:
        cell = table.add_row().cells[0].merge(table.rows[-1].cells[3])
        for _ in range(lines):
            cell.add_paragraph("")

    band("申请人信息")
    band("公民", "（申请人为公民的，填写本栏）")
    pair("姓　　名", "工作单位")
    pair("证件名称", "证件号码")
    band("法人或者其他组织", "（申请人为法人或者非法人组织的，填写本栏）")
    pair("名　　称", "统一社会信用代码")
    pair("法定代表人\n或者负责人", "联系人姓名")
    band("联系方式")
    pair("联系电话", "电子邮箱")
    pair("通信地址", "邮政编码")
    band("所需信息情况")
    band("所需政府信息的名称、文号或者便于查询的其他特征性描述")
    box(5)
    wide("获取信息的方式", f"{BOX}纸质　{BOX}电子邮件　{BOX}光盘　{BOX}其他________")
    wide("用途说明（选填）", "", lines=1)
    pair("申请人签名\n或者盖章", "申请日期")
    table.rows[-1].cells[3].text = "\u3000\u3000年\u3000\u3000月\u3000\u3000日"
    for row in table.rows:
        row.cells[0].width = row.cells[2].width = Cm(3.2)
        row.cells[1].width = row.cells[3].width = Cm(5.1)

    notes = document.add_paragraph()
    notes.paragraph_format.space_before = Pt(8)
    notes.add_run("填表和提交说明").bold = True
    for line in (
        "一、申请人为公民的，请附身份证件复印件；为法人或者非法人组织的，请附营业执照、组织机构代码证等证明文件复印件。",
        "二、请尽量写明所需信息的名称、文号或者其他特征，一份申请表可以申请多项信息。"
        "申请内容不明确的，本机关将在收到申请之日起7个工作日内一次性告知需要补正的事项。",
        "三、本机关收到申请后，依照《中华人民共和国政府信息公开条例》第三十三条，在20个工作日内予以答复；"
        "需要延长的，经负责人同意并告知申请人，延长期限最长不超过20个工作日。",
        "四、本表可以复印使用，也可以通过网上申请平台在线提交。",
    ):
        document.add_paragraph(line)
    where = document.add_paragraph()
    where.paragraph_format.space_before = Pt(6)
    where.add_run("受理机构：").bold = True
    where.add_run(facts["office"])
    for label, value in (
        ("通信地址", facts["address"]),
        ("邮政编码", facts["postcode"]),
        ("联系电话", facts["phone"]),
        ("电子邮箱", facts["email"]),
        ("办公时间", facts["hours"]),
    ):
        if value:
            document.add_paragraph(f"{label}：{value}")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
