"""The built-in letter templates, generated with python-docx rather than shipped as binary files.

Generating them keeps the wording reviewable in code review and lets tests prove that every
kind prints what regulation.md §4 requires. The layout follows the official-document standard
GB/T 9704-2012 as far as a letter needs it: A4, margins 37/26/35/28 mm, body in 仿宋 三号
(16 pt) on a 28 pt grid, title in 宋体 二号 bold, the date under the agency name.

Each paragraph is one run, so every Jinja tag stays whole for docxtpl; paragraph-level tags
({%p if %}, {%p for %}) sit alone in their own paragraphs, as docxtpl requires.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.shared import Pt

from gongkai.core.officedocs import BODY_FONT, BODY_SIZE, GRID, TITLE_FONT, TITLE_SIZE, set_fonts, setup_official_page

from .kinds import SPECS
from .models import LetterKind


@dataclass(frozen=True)
class P:
    """A paragraph: indented body text unless ``indent`` is False."""

    text: str
    indent: bool = True


@dataclass(frozen=True)
class Each:
    """One paragraph per item of the list ``key``; the item is ``item`` in ``text``."""

    key: str
    text: str


@dataclass(frozen=True)
class If:
    """Blocks printed only when ``key`` is not empty."""

    key: str
    blocks: tuple


REF = "{% if reference %}（申请编号：{{ reference }}）{% endif %}"
OPENING = P(
    "本机关于{{ received_on }}收到您提交的政府信息公开申请"
    + REF
    + "，您申请获取的政府信息内容描述为：“{{ request_summary }}”。"
)
BODY = If("body", (P("{{ body }}"),))
REGULATION = "《中华人民共和国政府信息公开条例》"
ATTACHMENTS = If("attachments", (P("附件："), Each("attachments", "{{ loop.index }}. {{ item }}")))


def _reply(decision: str, *extra) -> tuple:
    """The shape every reply shares: request, findings, decision with its basis, remedy."""
    return (
        OPENING,
        P("{{ body }}"),
        P("根据{{ legal_basis }}的规定，" + decision + "。"),
        *extra,
        P("{{ remedy }}"),
        P("特此告知。"),
    )


LAYOUTS: dict[str, tuple] = {
    LetterKind.RECEIPT: (
        P("本机关已于{{ received_on }}收到您提交的政府信息公开申请" + REF + "，申请内容为：“{{ request_summary }}”。"),
        If("channel", (P("申请方式：{{ channel }}"),)),
        If(
            "query_code",
            (
                P(
                    "受理编号：{{ reference }}；查询码：{{ query_code }}。凭受理编号和查询码可在本机关政府信息公开网站"
                    "查询办理进度，请妥善保管查询码。"
                ),
            ),
        ),
        P(
            f"根据{REGULATION}第三十三条的规定，本机关将在收到申请之日起20个工作日内，即{{{{ due_on }}}}前作出答复；"
            "需要延长答复期限的，经本机关政府信息公开工作机构负责人同意，将另行书面告知，延长的期限最长不超过20个工作日。"
        ),
        P(
            "申请内容不明确的，本机关将一次性告知您作出补正，答复期限自本机关收到补正后的申请之日起计算；"
            "征求第三方和其他机关意见所需时间，不计算在答复期限内。"
        ),
        BODY,
        P("特此回执。"),
    ),
    LetterKind.SUPPLEMENT: (
        OPENING,
        P(f"经审查，您的申请内容不明确。根据{REGULATION}第三十条的规定，现一次性告知您需要补正的事项如下："),
        Each("items", "{{ loop.index }}. {{ item }}"),
        P("请您于{{ supplement_by }}前向本机关提交补正后的申请。"),
        If("supplement_method", (P("补正方式：{{ supplement_method }}"),)),
        P(
            "答复期限自本机关收到补正后的申请之日起计算。您无正当理由逾期不补正的，视为放弃申请，"
            "本机关不再处理该政府信息公开申请。"
        ),
        BODY,
        P("特此告知。"),
    ),
    LetterKind.REASONS: (
        OPENING,
        P("经审查，本机关认为您申请公开政府信息的数量、频次明显超过合理范围，具体情况如下："),
        P("{{ grounds }}"),
        P(f"根据{REGULATION}第三十五条的规定，请您于{{{{ explain_by }}}}前向本机关书面说明申请理由。"),
        P(
            "本机关认为申请理由不合理的，将告知您不予处理；认为申请理由合理，但是无法在"
            f"{REGULATION}第三十三条规定的期限内答复的，将确定延迟答复的合理期限并告知您。"
        ),
        BODY,
        P("特此告知。"),
    ),
    LetterKind.EXTENSION: (
        OPENING,
        P(
            "因{{ reason }}，本机关不能在法定答复期限{% if original_due_on %}（{{ original_due_on }}）{% endif %}内"
            "作出答复。"
        ),
        P(
            f"根据{REGULATION}第三十三条第二款的规定，经本机关政府信息公开工作机构负责人"
            "{% if approved_by %}{{ approved_by }}{% endif %}同意，答复期限延长至{{ due_on }}"
            "（延长的期限不超过20个工作日），本机关将于该日前作出答复。"
        ),
        BODY,
        P("特此告知。"),
    ),
    LetterKind.CONSULTATION: (
        P(
            "本机关于{{ received_on }}收到一份政府信息公开申请，申请获取的政府信息内容描述为：“{{ request_summary }}”。"
            "经审查，申请公开的下列政府信息可能损害您（单位）的合法权益："
        ),
        P("{{ information }}"),
        P(
            f"根据{REGULATION}第三十二条的规定，现书面征求您（单位）的意见。请自收到本征询书之日起15个工作日内"
            "{% if respond_by %}（{{ respond_by }}前）{% endif %}提出是否同意公开的意见；不同意公开的，请说明理由。"
        ),
        If("reply_method", (P("意见提交方式：{{ reply_method }}"),)),
        P(
            f"逾期未提出意见的，由本机关依照{REGULATION}的规定决定是否公开。第三方不同意公开且有合理理由的，"
            "本机关不予公开；本机关认为不公开可能对公共利益造成重大影响的，可以决定予以公开，"
            "并将决定公开的政府信息内容和理由书面告知第三方。"
        ),
        BODY,
        P("特此征询。"),
    ),
    LetterKind.CONSULTATION_NOTICE: (
        OPENING,
        P(
            "经审查，您申请公开的政府信息需要征求"
            "{% if consulted_party %}{{ consulted_party }}{% else %}第三方{% endif %}的意见。"
        ),
        P(f"根据{REGULATION}第三十三条第三款的规定，征求第三方和其他机关意见所需时间不计算在答复期限内。"),
        BODY,
        P("特此告知。"),
    ),
    LetterKind.FEE: (
        OPENING,
        P(
            f"经审查，您申请公开政府信息的数量、频次明显超过合理范围。根据{REGULATION}第四十二条和"
            "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）的规定，本机关决定收取信息处理费。"
        ),
        P("计收方式：{{ fee_method }}"),
        P("收费标准：{{ fee_standard }}"),
        If("quantity", (P("计费数量：{{ quantity }}"),)),
        P("应缴金额：人民币{{ amount }}元"),
        P("缴费方式：{{ payment_method }}"),
        P(
            "请您自收到本通知书之日次日起20个工作日内{% if pay_by %}（{{ pay_by }}前）{% endif %}缴纳。"
            "逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。"
        ),
        BODY,
        P("特此通知。"),
    ),
    LetterKind.REPLY_GRANTED: _reply("本机关决定予以公开", P("提供方式：{{ provision }}"), ATTACHMENTS),
    LetterKind.REPLY_PARTIAL: _reply(
        "本机关决定部分公开",
        P("一、予以公开的部分："),
        Each("provided_parts", "{{ loop.index }}. {{ item }}"),
        P("二、不予公开的部分及理由："),
        Each("withheld_parts", "{{ loop.index }}. {{ item.part }}（理由：{{ item.reason }}；依据：{{ item.basis }}）"),
        If("provision", (P("提供方式：{{ provision }}"),)),
        ATTACHMENTS,
    ),
    LetterKind.REPLY_WITHHELD: _reply("本机关决定不予公开"),
    LetterKind.REPLY_UNAVAILABLE: _reply(
        "本机关无法向您提供该政府信息",
        If("responsible_agency", (P("负责公开该政府信息的机关及联系方式：{{ responsible_agency }}"),)),
    ),
    LetterKind.REPLY_NOT_PROCESSED: _reply("本机关对您的该项申请不予处理"),
    LetterKind.REPLY_OTHER: _reply("本机关不再处理您的该项政府信息公开申请"),
}


class _Letter:
    def __init__(self, title: str):
        self.doc = Document()
        self._setup(title)

    def _setup(self, title: str) -> None:
        doc = self.doc
        setup_official_page(doc)
        props = doc.core_properties
        props.title = title + "（{{ number }}）"
        props.author = props.last_modified_by = "{{ agency_name }}"
        props.comments = props.subject = props.keywords = ""

    def paragraph(
        self,
        text: str = "",
        *,
        align=None,
        indent: bool = False,
        size=BODY_SIZE,
        bold=False,
        font=BODY_FONT,
        right_indent=None,
        line=GRID,
    ):
        p = self.doc.add_paragraph()
        fmt = p.paragraph_format
        if align is not None:
            fmt.alignment = align
        if indent:
            fmt.first_line_indent = Pt(size.pt * 2)
        if right_indent is not None:
            fmt.right_indent = right_indent
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = line
        if text:
            run = p.add_run(text)
            run.font.size = size
            run.bold = bold or None
            set_fonts(run._r, font)
        return p

    def tag(self, tag: str) -> None:
        self.doc.add_paragraph().add_run("{%p " + tag + " %}")

    def blocks(self, blocks) -> None:
        for block in blocks:
            if isinstance(block, P):
                align = WD_ALIGN_PARAGRAPH.JUSTIFY if block.indent else None
                self.paragraph(block.text, indent=block.indent, align=align)
            elif isinstance(block, Each):
                self.tag(f"for item in {block.key}")
                self.paragraph(block.text, indent=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
                self.tag("endfor")
            elif isinstance(block, If):
                self.tag(f"if {block.key}")
                self.blocks(block.blocks)
                self.tag("endif")
            else:  # pragma: no cover - a layout typo
                raise TypeError(block)

    def save(self) -> bytes:
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()


def build(kind: str) -> bytes:
    spec = SPECS[kind]
    letter = _Letter(spec.title)
    center = WD_ALIGN_PARAGRAPH.CENTER
    for text in ("{{ agency_name }}", spec.title):
        letter.paragraph(text, align=center, size=TITLE_SIZE, bold=True, font=TITLE_FONT, line=Pt(36))
    letter.paragraph()
    letter.paragraph("{{ number }}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    addressee = "third_party_name" if kind == LetterKind.CONSULTATION else "applicant_name"
    letter.paragraph("{{ " + addressee + " }}：")
    letter.blocks(LAYOUTS[kind])
    letter.paragraph()
    letter.paragraph()
    for text in ("{{ agency_name }}", "{{ issued_on }}"):
        letter.paragraph(text, align=WD_ALIGN_PARAGRAPH.RIGHT, right_indent=Pt(32))
    letter.paragraph()
    letter.blocks(
        (
            If("office_name", (P("联系机构：{{ office_name }}", indent=False),)),
            If("contact_address", (P("联系地址：{{ contact_address }}", indent=False),)),
            If("contact_phone", (P("联系电话：{{ contact_phone }}", indent=False),)),
        )
    )
    return letter.save()


@cache
def default_template(kind: str) -> bytes:
    """The built-in .docx template for ``kind`` (bytes are immutable, so one copy serves all)."""
    if kind not in SPECS:
        raise ValueError(f"unknown letter kind: {kind!r}")
    return build(kind)
