"""Letters of a case: the facts each letter prints, taken from the case, and issuing them.

A letter is issued on request from the case file and then frozen (letters app). Issuing the same
letter again returns the one already issued, so printing twice never creates a second number.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from gongkai.letters.models import Letter, LetterKind
from gongkai.letters.services import issue_letter
from gongkai.organizations.models import Agency
from gongkai.statute.fees import FeeMethod, describe_calculation, describe_standard
from gongkai.statute.outcomes import BY_KEY, PART_GROUNDS_BY_KEY, REGULATION, remedy_notice

from ..models import Case, CaseLetter, Consultation, Deadline, Status
from .notify import due_text
from .replies import REPLY_KIND
from .steps import HANDLING_ROLES, role_refusal, today

SUMMARY_LENGTH = 120


def reconsideration_body(agency: Agency) -> str:
    """The body that hears reconsideration of this agency's acts: its government one level up
    (行政复议法 2023, Art. 24), else a plain description."""
    parent = agency.parent
    while parent is not None and parent.kind != Agency.Kind.GOVERNMENT:
        parent = parent.parent
    return parent.name if parent is not None else "上一级行政机关"


def _base(case: Case) -> dict:
    summary = case.description if len(case.description) <= SUMMARY_LENGTH else case.description[:SUMMARY_LENGTH] + "…"
    return {"applicant_name": case.applicant_name, "received_on": case.received_on, "request_summary": summary}


def available_letters(case: Case) -> list[tuple[str, str, Consultation | None]]:
    """(kind, label, consultation) of the letters the case's facts support now."""
    kinds: list[tuple[str, str, Consultation | None]] = [(LetterKind.RECEIPT, LetterKind.RECEIPT.label, None)]
    if case.supplement_items:
        kinds.append((LetterKind.SUPPLEMENT, LetterKind.SUPPLEMENT.label, None))
    if case.deadlines.filter(kind=Deadline.Kind.REASONS).exists():
        kinds.append((LetterKind.REASONS, LetterKind.REASONS.label, None))
    if case.extension_days and case.extended_on:
        kinds.append((LetterKind.EXTENSION, LetterKind.EXTENSION.label, None))
    for consultation in case.consultations.all():
        kinds.append(
            (LetterKind.CONSULTATION, f"{LetterKind.CONSULTATION.label}（{consultation.party_name}）", consultation)
        )
    if case.consultations.exists():
        kinds.append((LetterKind.CONSULTATION_NOTICE, LetterKind.CONSULTATION_NOTICE.label, None))
    if hasattr(case, "fee_notice"):
        kinds.append((LetterKind.FEE, LetterKind.FEE.label, None))
    if case.status == Status.CLOSED and hasattr(case, "reply"):
        kind = REPLY_KIND[BY_KEY[case.outcome].group]
        kinds.append((kind, kind.label, None))
    return kinds


def letter_date(case: Case, kind: str, consultation: Consultation | None = None) -> dt.date:
    """The date a letter is signed with: the day of the step it records, so the letter, the case
    page, the public status page and the e-mail name the same day."""
    if kind == LetterKind.SUPPLEMENT:
        return case.deadlines.filter(kind=Deadline.Kind.SUPPLEMENT).order_by("-id").first().start_on
    if kind == LetterKind.REASONS:
        return case.deadlines.filter(kind=Deadline.Kind.REASONS).order_by("-id").first().start_on
    if kind == LetterKind.EXTENSION:
        return case.extended_on
    if kind == LetterKind.CONSULTATION and consultation is not None:
        return consultation.sent_on
    if kind == LetterKind.FEE:
        return case.fee_notice.issued_on
    if kind in REPLY_KIND.values():
        return case.reply.replied_on
    return today()


def letter_context(case: Case, kind: str, consultation: Consultation | None = None, query_code: str = "") -> dict:
    context = _base(case)
    if kind == LetterKind.RECEIPT:
        context |= {"due_on": due_text(case), "channel": case.get_channel_display()}
        if query_code:
            context["query_code"] = query_code
    elif kind == LetterKind.SUPPLEMENT:
        deadline = case.deadlines.filter(kind=Deadline.Kind.SUPPLEMENT).order_by("-id").first()
        # One item a line, as the clerk typed it: the letters app takes off her own numbering.
        items = [line for line in case.supplement_items.splitlines() if line.strip()]
        context |= {"items": items, "supplement_by": deadline.due_on}
    elif kind == LetterKind.REASONS:
        deadline = case.deadlines.filter(kind=Deadline.Kind.REASONS).order_by("-id").first()
        context |= {"grounds": case.reasons_grounds, "explain_by": deadline.due_on}
    elif kind == LetterKind.EXTENSION:
        original = case.deadlines.filter(kind=Deadline.Kind.REPLY, superseded=True).order_by("-id").first()
        context |= {
            "reason": case.extension_reason,
            "due_on": due_text(case),
            "approved_by": case.extension_approved_by,
        }
        if original is not None:
            context["original_due_on"] = original.due_on
    elif kind == LetterKind.CONSULTATION:
        if consultation is None:
            raise ValidationError("请选择要出具征求意见书的征求对象")
        context = {
            "third_party_name": consultation.party_name,
            "received_on": case.received_on,
            "request_summary": context["request_summary"],
            "information": case.description,
            "respond_by": consultation.party_due_on,
        }
    elif kind == LetterKind.CONSULTATION_NOTICE:
        context["consulted_party"] = "、".join(c.party_name for c in case.consultations.all())
    elif kind == LetterKind.FEE:
        notice = case.fee_notice
        method = FeeMethod(notice.method)
        quantity = f"{notice.units}页" if method is FeeMethod.PER_VOLUME else f"本月第{notice.units}件申请"
        if not (payment := case.agency.fee_payment_text):
            raise ValidationError(
                "本机关尚未设置信息处理费的缴款方式（收款单位、开户银行和账号，或缴款说明），"
                "请管理员在机关设置中填写后再出具收费通知书"
            )
        context |= {
            "fee_method": method.label,
            "fee_standard": describe_standard(method),
            "fee_calculation": describe_calculation(method, notice.units),
            "amount": f"{notice.amount:,.2f}",
            "payment_method": payment,
            "quantity": quantity,
        }
        if notice.pay_by:
            context["pay_by"] = notice.pay_by
    else:
        reply = case.reply
        outcome = BY_KEY[reply.outcome]
        context |= {
            "body": reply.body,
            "legal_basis": reply.legal_basis,
            "remedy": remedy_notice(outcome, reply.replied_on, reconsideration_body=reconsideration_body(case.agency)),
        }
        if kind == LetterKind.REPLY_GRANTED:
            context["provision"] = _provision(case)
        elif kind == LetterKind.REPLY_PARTIAL:
            parts = list(reply.parts.all())
            context |= {
                "provision": _provision(case),
                "provided_parts": [p.description for p in parts if p.disclosed],
                "withheld_parts": [_withheld(p) for p in parts if not p.disclosed],
            }
    return context


def _withheld(part) -> dict:
    ground = PART_GROUNDS_BY_KEY[part.ground]
    reason = ground.label + (f"：{part.note}" if part.note else "")
    return {"part": part.description, "reason": reason, "basis": REGULATION + ground.article}


# How the information reaches the applicant, by the way the applicant asked for it.
_DELIVERY = {
    "post": "邮寄给您",
    "email": "通过电子邮件发送给您",
    "pickup": "请您到本机关政府信息公开工作机构领取",
    "online": "通过网上申请平台提供",
}


def _provision(case: Case) -> str:
    if case.provision_form == "inspection":
        return "请您到本机关政府信息公开工作机构当场查阅"
    form = case.get_provision_form_display() or "电子文档"
    way = _DELIVERY.get(case.delivery_preference, "随本告知书一并提供")
    return f"以{form}形式{way}"


def issued_case_letter(case: Case, kind: str, consultation: Consultation | None = None) -> CaseLetter | None:
    """The latest letter of ``kind`` issued in the case (a reissued query code gives a new receipt)."""
    return (
        CaseLetter.objects.filter(case=case, kind=kind, consultation=consultation)
        .select_related("letter")
        .order_by("-id")
        .first()
    )


@transaction.atomic
def issue_case_letter(
    *,
    actor,
    case: Case,
    kind: str,
    consultation: Consultation | None = None,
    actor_label: str = "",
    query_code: str = "",
) -> Letter:
    """Issue (or return the already issued) letter of ``kind`` for the case.

    ``actor`` None is the background step that issues a step's letter (``actor_label`` names it).
    A receipt carrying a new query code is always a new letter.
    """
    if actor is not None and (message := role_refusal(actor, case, HANDLING_ROLES)):
        raise PermissionDenied(message)
    case = Case.objects.select_for_update().select_related("agency").get(pk=case.pk)
    allowed = {(k, c.pk if c else None) for k, _, c in available_letters(case)}
    if (kind, consultation.pk if consultation else None) not in allowed:
        raise ValidationError("该文书与本申请当前的办理情况不符，不能出具")
    if not query_code and (existing := issued_case_letter(case, kind, consultation)) is not None:
        return existing.letter
    letter = issue_letter(
        agency=case.agency,
        kind=kind,
        context=letter_context(case, kind, consultation, query_code=query_code),
        reference=case.number,
        actor=actor,
        actor_label=actor_label,
        dated_on=letter_date(case, kind, consultation),
    )
    CaseLetter.objects.create(case=case, letter=letter, kind=kind, consultation=consultation)
    return letter
