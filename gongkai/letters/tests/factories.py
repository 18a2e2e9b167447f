"""Realistic letter facts as a caller (the cases app) would pass them, and a one-line issue helper."""

import datetime as dt
import io
from decimal import Decimal

from docx import Document

from gongkai.letters.defaults import default_template
from gongkai.letters.kinds import SPECS
from gongkai.letters.models import LetterKind
from gongkai.letters.services import issue_letter
from gongkai.statute.outcomes import BY_KEY, remedy_notice

RECONSIDERATION_BODY = "北京市门头沟区人民政府"
DECIDED_ON = dt.date(2024, 10, 30)
OUTCOME_OF = {
    LetterKind.REPLY_GRANTED: "granted",
    LetterKind.REPLY_PARTIAL: "partial",
    LetterKind.REPLY_WITHHELD: "withheld_third_party",
    LetterKind.REPLY_UNAVAILABLE: "unavailable_not_held",
    LetterKind.REPLY_NOT_PROCESSED: "not_processed_repeat",
    LetterKind.REPLY_OTHER: "other_no_correction",
}


def facts(kind: str, **overrides) -> dict:
    """Every field ``kind`` takes (required and optional), with ``overrides`` applied."""
    outcome = BY_KEY[OUTCOME_OF.get(kind, "granted")]
    base = {
        "applicant_name": "张三",
        "third_party_name": "北京某某建材有限公司",
        "received_on": dt.date(2024, 10, 8),
        "request_summary": "潭柘寺村道路改造工程的立项批复文件",
        "channel": "网上申请平台",
        "due_on": dt.date(2024, 11, 5),
        "original_due_on": dt.date(2024, 11, 5),
        "items": ["所需政府信息的名称、文号或者其他特征性描述", "所需政府信息的形成时间范围"],
        "supplement_by": dt.date(2024, 11, 8),
        "supplement_method": "通过网上申请平台补充提交",
        "grounds": "您自2024年1月起提交政府信息公开申请共计230件，其中180件内容相同",
        "explain_by": dt.date(2024, 11, 15),
        "reason": "申请公开的信息涉及多个村委会，需要逐一调取核实",
        "approved_by": "李建国",
        "information": "北京某某建材有限公司提交的工程投标文件",
        "respond_by": dt.date(2024, 11, 20),
        "reply_method": "书面意见寄至本机关党政办公室",
        "consulted_party": "相关第三方",
        "fee_method": "按件计收",
        "fee_standard": "同一申请人一个自然月内累计申请超过10件的部分，每件收费100元",
        "quantity": "超出部分共3件",
        "fee_calculation": "本申请为您本自然月内提出的第12件申请，按第11—30件每件100元的标准计收，合计100元",
        "amount": Decimal("300"),
        "payment_method": "通过非税收入缴款码缴纳",
        "pay_by": dt.date(2024, 12, 2),
        "body": "经查，本机关保存有您申请获取的政府信息。",
        "provision": "以电子邮件方式提供，见附件",
        "attachments": ["潭柘寺镇关于村道路改造工程立项的批复"],
        "provided_parts": ["立项批复正文"],
        "withheld_parts": [{"part": "附件中的个人联系方式", "reason": "涉及个人隐私", "basis": "第十五条"}],
        "responsible_agency": "北京市门头沟区交通局，电话010-69800000",
        "legal_basis": outcome.basis,
        "remedy": remedy_notice(outcome, DECIDED_ON, reconsideration_body=RECONSIDERATION_BODY),
    }
    merged = {**base, **overrides}
    return {key: value for key, value in merged.items() if key in SPECS[kind].fields}


def issue(agency, kind=LetterKind.REPLY_GRANTED, *, actor=None, reference="2024-依申-001", **overrides):
    return issue_letter(
        agency=agency,
        kind=kind,
        context=facts(kind, **overrides),
        reference=reference,
        actor=actor,
        actor_label="" if actor else "测试",
    )


def edited_template(kind: str, *, add: str = "", drop: str = "") -> bytes:
    """The default template of ``kind`` with a paragraph added and/or the paragraphs containing
    ``drop`` removed: how an agency would adapt it in Word."""
    document = Document(io.BytesIO(default_template(kind)))
    if drop:
        for paragraph in document.paragraphs:
            if drop in paragraph.text:
                paragraph._p.getparent().remove(paragraph._p)
    if add:
        document.add_paragraph(add)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
