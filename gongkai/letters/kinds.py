"""What each kind of letter is called, how it is numbered and which facts it must print.

The required fields follow regulation.md §4 ("must contain"). Callers pass the facts; the
letters app adds only what it owns (number, agency, date, contact details) and never writes
findings or remedy text itself: the remedy sentence comes from statute.outcomes.remedy_notice.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .models import LetterKind

# Keys issue_letter fills in itself; a caller passing one is a programming error.
SYSTEM_FIELDS = {
    "agency_name": "机关名称",
    "number": "文号",
    "issued_on": "出具日期",
    "reference": "关联编号",
    "office_name": "政府信息公开工作机构",
    "contact_phone": "联系电话",
    "contact_address": "联系地址",
}

FIELD_LABELS = {
    "applicant_name": "申请人姓名或名称",
    "third_party_name": "第三方名称",
    "received_on": "收到申请日期",
    "request_summary": "申请内容",
    "channel": "申请方式",
    "due_on": "答复期限",
    "original_due_on": "原答复期限",
    "items": "补正事项",
    "supplement_by": "补正期限",
    "supplement_method": "补正方式",
    "grounds": "数量、频次明显超过合理范围的情形",
    "explain_by": "说明理由期限",
    "reason": "延期理由",
    "approved_by": "批准延期的政府信息公开工作机构负责人",
    "information": "征求意见所涉政府信息",
    "respond_by": "提出意见期限",
    "reply_method": "提出意见方式",
    "consulted_party": "被征求意见方",
    "query_code": "查询码",
    "fee_method": "计收方式",
    "fee_standard": "收费标准",
    "quantity": "计费数量",
    "fee_calculation": "收费计算",
    "amount": "收费金额（元）",
    "payment_method": "缴款方式",
    "pay_by": "缴费截止日期",
    "body": "正文（查明的事实和理由）",
    "provision": "提供政府信息的方式、时间和形式",
    "attachments": "附件",
    "provided_parts": "予以公开的部分",
    "withheld_parts": "不予公开的部分",
    "responsible_agency": "负责公开该信息的机关及联系方式",
    "legal_basis": "法律依据",
    "remedy": "救济途径",
    **SYSTEM_FIELDS,
}

# Every letter must show who sent it, its number and its date, whatever the template says.
ALWAYS_PRINTED = ("agency_name", "number", "issued_on")

# Fields holding lists; withheld_parts items are dicts that need every key below.
LIST_FIELDS = {"items", "attachments", "provided_parts", "withheld_parts"}
ITEM_KEYS = {"withheld_parts": {"part": "不予公开或无法提供的内容", "reason": "理由", "basis": "依据"}}


class Use(StrEnum):
    """How a template prints a value, which decides how a clerk's typing is tidied before it
    prints (rendering.normalised; decision 0020). Every rule only removes what the template
    itself supplies, or adds the full stop a paragraph needs."""

    NAME = "name"  # inside a sentence ("需要征求{{ x }}的意见"): no punctuation at its end
    QUOTED = "quoted"  # inside the template's quotes ("“{{ x }}”。"): no quotes of its own, no end mark
    CLAUSE = "clause"  # followed by the template's own mark ("因{{ x }}，"): no end mark, no lead word
    LINE = "line"  # after a label ("提供方式：{{ x }}"): no dangling "，；、："
    PARAGRAPH = "paragraph"  # a paragraph of its own: ends with a full stop
    ITEM = "item"  # a list item the template numbers: no number or bullet, no end mark


# Words a template writes just before (lead) or after (tail) a CLAUSE value, so a value that
# repeats them would print them twice ("因因…", "根据根据…", "…的规定的规定").
_BASIS_LEADS = ("根据", "依据", "依照", "按照")
LEADS = {
    "reason": ("因为", "由于", "因"),
    "legal_basis": _BASIS_LEADS,
    "withheld_parts.reason": ("理由：", "理由是", "理由:"),
    "withheld_parts.basis": (*(lead + "：" for lead in _BASIS_LEADS), *_BASIS_LEADS),
}
TAILS = {"legal_basis": ("的规定", "之规定"), "withheld_parts.basis": ("的规定", "之规定")}

FIELD_USE: dict[str, Use] = {
    "applicant_name": Use.NAME,
    "third_party_name": Use.NAME,
    "request_summary": Use.QUOTED,
    "channel": Use.LINE,
    "items": Use.ITEM,
    "supplement_method": Use.LINE,
    "grounds": Use.PARAGRAPH,
    "reason": Use.CLAUSE,
    "approved_by": Use.NAME,
    "information": Use.PARAGRAPH,
    "reply_method": Use.LINE,
    "consulted_party": Use.NAME,
    "query_code": Use.NAME,
    "fee_method": Use.LINE,
    "fee_standard": Use.LINE,
    "quantity": Use.LINE,
    "fee_calculation": Use.LINE,
    "payment_method": Use.LINE,
    "body": Use.PARAGRAPH,
    "provision": Use.LINE,
    "attachments": Use.ITEM,
    "provided_parts": Use.ITEM,
    "responsible_agency": Use.LINE,
    "legal_basis": Use.CLAUSE,
    "remedy": Use.PARAGRAPH,
}
# withheld_parts items: "1. {{ part }}。理由：{{ reason }}。依据：{{ basis }}。"
ITEM_USE = {"withheld_parts": {"part": Use.ITEM, "reason": Use.CLAUSE, "basis": Use.CLAUSE}}


@dataclass(frozen=True)
class KindSpec:
    title: str  # printed under the agency name
    # The number's 代字, e.g. 依申补 in 某镇依申补〔2024〕3号. Replies use 依申复, not bare 依申: case
    # numbers are 某镇依申〔2024〕N号 (decision 0007) and a letter must not look like a case.
    word: str
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()

    @property
    def fields(self) -> tuple[str, ...]:
        return self.required + self.optional


_APPLICANT = ("applicant_name", "received_on", "request_summary")
_REPLY = (*_APPLICANT, "body", "legal_basis", "remedy")

SPECS: dict[str, KindSpec] = {
    LetterKind.RECEIPT: KindSpec(
        "政府信息公开申请受理回执", "依申收", (*_APPLICANT, "due_on"), ("channel", "query_code", "body")
    ),
    LetterKind.SUPPLEMENT: KindSpec(
        "政府信息公开申请补正告知书", "依申补", (*_APPLICANT, "items", "supplement_by"), ("supplement_method", "body")
    ),
    LetterKind.REASONS: KindSpec(
        "政府信息公开申请说明理由告知书", "依申说", (*_APPLICANT, "grounds", "explain_by"), ("body",)
    ),
    LetterKind.EXTENSION: KindSpec(
        "政府信息公开申请延期答复告知书",
        "依申延",
        (*_APPLICANT, "reason", "due_on"),
        ("original_due_on", "approved_by", "body"),
    ),
    LetterKind.CONSULTATION: KindSpec(
        "政府信息公开第三方意见征询书",
        "依申征",
        ("third_party_name", "received_on", "request_summary", "information"),
        ("respond_by", "reply_method", "body"),
    ),
    LetterKind.CONSULTATION_NOTICE: KindSpec(
        "政府信息公开申请征求意见告知书", "依申征告", _APPLICANT, ("consulted_party", "body")
    ),
    LetterKind.FEE: KindSpec(
        "政府信息公开信息处理费收费通知书",
        "依申费",
        (*_APPLICANT, "fee_method", "fee_standard", "fee_calculation", "amount", "payment_method"),
        ("quantity", "pay_by", "body"),
    ),
    LetterKind.REPLY_GRANTED: KindSpec(
        "政府信息公开申请予以公开告知书", "依申复", (*_REPLY, "provision"), ("attachments",)
    ),
    LetterKind.REPLY_PARTIAL: KindSpec(
        "政府信息公开申请部分公开告知书",
        "依申复",
        (*_REPLY, "provided_parts", "withheld_parts"),
        ("provision", "attachments"),
    ),
    LetterKind.REPLY_WITHHELD: KindSpec("政府信息公开申请不予公开告知书", "依申复", _REPLY),
    LetterKind.REPLY_UNAVAILABLE: KindSpec("政府信息公开申请无法提供告知书", "依申复", _REPLY, ("responsible_agency",)),
    LetterKind.REPLY_NOT_PROCESSED: KindSpec("政府信息公开申请不予处理告知书", "依申复", _REPLY),
    LetterKind.REPLY_OTHER: KindSpec("政府信息公开申请告知书", "依申复", _REPLY),
}

_REMEDY = (
    "如对本答复不服，可以自收到本答复之日起60日内向北京市门头沟区人民政府申请行政复议，"
    "或者自收到本答复之日起6个月内依法向有管辖权的人民法院提起行政诉讼。"
)
# One value for every field, distinct enough to be found in a rendered letter: used to check an
# uploaded template and in tests. Sample values never contain line breaks.
SAMPLE = {
    "agency_name": "示例市示例区人民政府",
    "number": "示例区依申复〔2024〕1号",
    "issued_on": "2024年10月30日",
    "reference": "YS-2024-0001",
    "office_name": "示例区人民政府办公室",
    "contact_phone": "010-00000000",
    "contact_address": "示例区示例路1号",
    "applicant_name": "张示例",
    "third_party_name": "示例建材有限公司",
    "received_on": "2024年10月8日",
    "request_summary": "示例路改造工程的立项批复文件",
    "channel": "网上申请平台",
    "due_on": "2024年11月5日",
    "original_due_on": "2024年11月4日",
    "items": ["所需信息的名称或文号", "所需信息的形成时间"],
    "supplement_by": "2024年10月25日",
    "supplement_method": "通过网上申请平台提交",
    "grounds": "自2024年1月起提交申请230件，内容高度重复",
    "explain_by": "2024年11月15日",
    "reason": "所需信息涉及多个单位、需要逐一调取核实",
    "approved_by": "李示例",
    "information": "示例建材有限公司的营业执照副本",
    "respond_by": "2024年11月20日",
    "reply_method": "书面意见寄至本机关政府信息公开工作机构",
    "consulted_party": "相关第三方",
    "query_code": "7KQ2M9XR",
    "fee_method": "按件计收",
    "fee_standard": "每件申请超出10件的部分每件收费100元",
    "quantity": "本月第12件申请",
    "fee_calculation": "本申请为您本自然月内提出的第12件申请，按第11—30件每件100元的标准计收，合计100元",
    "amount": "100.00",
    "payment_method": "通过银行转账缴纳（户名：示例区财政局；开户银行：示例银行示例支行；账号：0100 0000 0001）",
    "pay_by": "2024年12月2日",
    "body": "经查，本机关保存有该项政府信息",
    "provision": "以电子邮件方式提供",
    "attachments": ["示例区发改委关于示例路改造工程立项的批复"],
    "provided_parts": ["示例路改造工程立项批复正文"],
    "withheld_parts": [
        {
            "part": "附件中的个人身份证号码",
            "reason": "属于第三方个人隐私，公开会对第三方合法权益造成损害",
            "basis": "《中华人民共和国政府信息公开条例》第十五条",
        }
    ],
    "responsible_agency": "示例区交通局，电话010-11111111",
    "legal_basis": "《中华人民共和国政府信息公开条例》第三十六条第（二）项",
    "remedy": _REMEDY,
}


def label(field: str) -> str:
    return FIELD_LABELS.get(field, field)
