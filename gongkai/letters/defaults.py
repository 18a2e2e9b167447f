"""The built-in letter templates, generated with python-docx rather than shipped as binary files.

Generating them keeps the wording reviewable in code review and lets tests prove that every
kind prints what regulation.md §4 requires. The page follows the official-document standard
GB/T 9704-2012 (A4, margins 37/26/35/28 mm, 仿宋 body, 宋体 title). A letter with ordinary facts
must fit one page with room for the seal, which a 公文's 三号 on a 28 pt grid does not give, so
the type is set smaller and closer: body 仿宋 四号 on 20 pt, title 宋体 小二 on 24 pt, contact
lines 五号 (decision 0020). The closing ("特此告知。" with the last paragraph that always prints
before it, the attachment note, the agency name, the date and the contact lines) is kept
together, so the signature never stands alone on a page; the agency name sits 45 pt under the
text, where the seal goes.

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

from gongkai.core.officedocs import BODY_FONT, TITLE_FONT, set_fonts, setup_official_page

from .kinds import SPECS
from .models import LetterKind

SIZE = Pt(14)  # 四号
LINE = Pt(20)
TITLE_SIZE = Pt(18)  # 小二
TITLE_LINE = Pt(24)
CONTACT_SIZE = Pt(10.5)  # 五号
CONTACT_LINE = Pt(15)
# The agency name stands this far under the text: the seal's top edge must come within one line
# of the text (GB/T 9704 7.3.5.1) and the name and date sit in its lower half.
SEAL_SPACE = Pt(45)
# GB/T 9704 7.3.5.1: the date four characters from the right; the agency name above it, two
# characters from the right, which centres it over the date for most agency names.
DATE_RIGHT = Pt(SIZE.pt * 4)
NAME_RIGHT = Pt(SIZE.pt * 2)


@dataclass(frozen=True)
class P:
    """A paragraph: indented body text unless ``indent`` is False; a heading (``keep``) stays on
    the page of the paragraph after it."""

    text: str
    indent: bool = True
    keep: bool = False


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


@dataclass(frozen=True)
class Annex:
    """The attachment note (附件说明, GB/T 9704 7.3.3): under the text, "附件：" and the names,
    numbered only when there are several, a long name's next line under its first character."""

    key: str


ATTACHMENTS = Annex("attachments")
PROVISION = If("provision", (P("提供方式：{{ provision }}"),))


# Two lines under the date, in smaller type: office and telephone, then the address.
CONTACTS = (
    If(
        "office_name or contact_phone",
        (
            P(
                "{% if office_name %}联系机构：{{ office_name }}{% endif %}"
                "{% if office_name and contact_phone %}\u3000\u3000{% endif %}"
                "{% if contact_phone %}联系电话：{{ contact_phone }}{% endif %}",
                indent=False,
            ),
        ),
    ),
    If("contact_address", (P("联系地址：{{ contact_address }}", indent=False),)),
)


def _reply(decision: str, *extra, lead_in: str = "。", annex: bool = False) -> tuple:
    """The shape every reply shares: request, findings, decision with its basis, remedy, and
    the attachment note under the text."""
    return (
        OPENING,
        P("{{ body }}"),
        P("根据{{ legal_basis }}的规定，" + decision + lead_in),
        *extra,
        P("{{ remedy }}"),
        P("特此告知。"),
        *((ATTACHMENTS,) if annex else ()),
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
        # "需缴纳", not "本机关决定收取": the fee is no decision to appeal on its own (regulation.md
        # §9.1), so the notice carries no remedy clause either.
        P(
            f"根据{REGULATION}第四十二条和《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）的规定，"
            "您的申请需缴纳信息处理费。"
        ),
        P("收费标准：{{ fee_method }}，{{ fee_standard }}"),
        P("收费计算：{{ fee_calculation }}"),
        P("应缴金额：人民币{{ amount }}元"),
        P("缴款方式：{{ payment_method }}"),
        P(
            "请您自收到本通知书之日次日起20个工作日内{% if pay_by %}（{{ pay_by }}前）{% endif %}缴纳。"
            "逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。"
        ),
        BODY,
        P("特此通知。"),
    ),
    LetterKind.REPLY_GRANTED: _reply("本机关决定予以公开", P("提供方式：{{ provision }}"), annex=True),
    # Each part once, with its own reason and basis; the findings (body) stay above, printed once.
    LetterKind.REPLY_PARTIAL: _reply(
        "本机关决定部分公开",
        P("一、予以公开的部分", keep=True),
        Each("provided_parts", "{{ loop.index }}. {{ item }}"),
        PROVISION,
        P("二、不予公开或无法提供的部分及理由", keep=True),
        Each("withheld_parts", "{{ loop.index }}. {{ item.part }}。理由：{{ item.reason }}。依据：{{ item.basis }}。"),
        lead_in="，具体如下：",
        annex=True,
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
        self.texts: list = []  # paragraphs of the letter's text, in order (not tags)
        self.optional: set = set()  # those inside a condition or a loop, which may not print
        self._setup(title)

    def _setup(self, title: str) -> None:
        doc = self.doc
        setup_official_page(doc)
        # A paragraph an agency adds in Word takes the letter's type, not the 公文 default.
        normal = doc.styles["Normal"]
        normal.font.size = SIZE
        fmt = normal.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = LINE
        fmt.widow_control = True
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
        size=SIZE,
        bold=False,
        font=BODY_FONT,
        right_indent=None,
        line=LINE,
        before=None,
        keep: bool = False,
    ):
        """One paragraph in one run; ``keep`` holds it on the page of the next paragraph."""
        p = self.doc.add_paragraph()
        fmt = p.paragraph_format
        if align is not None:
            fmt.alignment = align
        if indent:
            fmt.first_line_indent = Pt(size.pt * 2)
        if right_indent is not None:
            fmt.right_indent = right_indent
        if before is not None:
            fmt.space_before = before
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = line
        if keep:
            fmt.keep_with_next = True
            fmt.keep_together = True
        if text:
            run = p.add_run(text)
            run.font.size = size
            run.bold = bold or None
            set_fonts(run._r, font)
        return p

    def tag(self, tag: str) -> None:
        self.doc.add_paragraph().add_run("{%p " + tag + " %}")

    def _text(self, p, *, optional: bool) -> None:
        self.texts.append(p)
        if optional:
            self.optional.add(id(p))

    def blocks(self, blocks, *, optional: bool = False, **style) -> None:
        justify = WD_ALIGN_PARAGRAPH.JUSTIFY
        for block in blocks:
            if isinstance(block, P):
                align = justify if block.indent else None
                p = self.paragraph(block.text, indent=block.indent, align=align, **style)
                p.paragraph_format.keep_with_next = block.keep or None
                self._text(p, optional=optional)
            elif isinstance(block, Each):
                self.tag(f"for item in {block.key}")
                self._text(self.paragraph(block.text, indent=True, align=justify, **style), optional=True)
                self.tag("endfor")
            elif isinstance(block, If):
                self.tag(f"if {block.key}")
                self.blocks(block.blocks, optional=True, **style)
                self.tag("endif")
            elif isinstance(block, Annex):
                self.annex(block.key)
            else:  # pragma: no cover - a layout typo
                raise TypeError(block)

    def annex(self, key: str) -> None:
        label, indent = "附件：", Pt(SIZE.pt * 2)
        hang = Pt(SIZE.pt * len(label))
        self.tag(f"if {key}")
        first = self.paragraph(
            label + "{% if " + key + "|length > 1 %}1. {% endif %}{{ " + key + "[0] }}",
            before=Pt(LINE.pt / 2),
        )
        first.paragraph_format.left_indent = Pt(indent.pt + hang.pt)
        first.paragraph_format.first_line_indent = Pt(-hang.pt)
        self.tag(f"for item in {key}[1:]")
        rest = self.paragraph("{{ loop.index + 1 }}. {{ item }}")
        rest.paragraph_format.left_indent = Pt(indent.pt + hang.pt)
        self.tag("endfor")
        self.tag("endif")
        self._text(first, optional=True)
        self._text(rest, optional=True)

    def keep_closing(self) -> None:
        """Keep "特此告知。" and what follows it with the signature, and before it the last
        paragraph that always prints, with any optional ones in between (a list is not chained
        whole: its items may still break across pages)."""
        close = max(i for i, p in enumerate(self.texts) if p.text.startswith("特此"))
        start = max(i for i, p in enumerate(self.texts[:close]) if id(p) not in self.optional)
        for p in self.texts[start:]:
            p.paragraph_format.keep_with_next = True

    def save(self) -> bytes:
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()


def build(kind: str) -> bytes:
    spec = SPECS[kind]
    letter = _Letter(spec.title)
    center, right = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT
    for text in ("{{ agency_name }}", spec.title):
        letter.paragraph(text, align=center, size=TITLE_SIZE, bold=True, font=TITLE_FONT, line=TITLE_LINE)
    letter.paragraph("{{ number }}", align=right, before=Pt(LINE.pt / 4))
    addressee = "third_party_name" if kind == LetterKind.CONSULTATION else "applicant_name"
    letter.paragraph("{{ " + addressee + " }}：")
    letter.blocks(LAYOUTS[kind])
    letter.keep_closing()
    # The closing block holds together: agency name, date, then the contact lines.
    letter.paragraph("{{ agency_name }}", align=right, right_indent=NAME_RIGHT, before=SEAL_SPACE, keep=True)
    letter.paragraph("{{ issued_on }}", align=right, right_indent=DATE_RIGHT, keep=True)
    letter.blocks(CONTACTS, size=CONTACT_SIZE, line=CONTACT_LINE)
    first = letter.texts[-2]
    first.paragraph_format.space_before = Pt(CONTACT_LINE.pt / 2)
    first.paragraph_format.keep_with_next = True
    return letter.save()


@cache
def default_template(kind: str) -> bytes:
    """The built-in .docx template for ``kind`` (bytes are immutable, so one copy serves all)."""
    if kind not in SPECS:
        raise ValueError(f"unknown letter kind: {kind!r}")
    return build(kind)
