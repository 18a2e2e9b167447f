"""Deciding a case: the reply with its one outcome (and, for 部分公开, its parts), withdrawal,
delivery. Every way a case closes goes through ``close_case``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.letters.models import LetterKind
from gongkai.statute.outcomes import BY_KEY, PART_GROUNDS_BY_KEY, Group, partial_basis

from ..models import Case, Deadline, Reply, ReplyPart, Status
from . import clock
from .notify import notify_applicant
from .steps import check_step, event, lock, not_before, not_before_facts, not_future, save, today

REPLY_KIND = {
    Group.GRANTED: LetterKind.REPLY_GRANTED,
    Group.PARTIAL: LetterKind.REPLY_PARTIAL,
    Group.WITHHELD: LetterKind.REPLY_WITHHELD,
    Group.UNAVAILABLE: LetterKind.REPLY_UNAVAILABLE,
    Group.NOT_PROCESSED: LetterKind.REPLY_NOT_PROCESSED,
    Group.OTHER: LetterKind.REPLY_OTHER,
}
MAX_PARTS = 20


@dataclass(frozen=True)
class PartFacts:
    """One part of a partial disclosure as the clerk states it."""

    disclosed: bool
    description: str
    ground: str = ""  # a statute.outcomes.PART_GROUNDS key, for a part not disclosed
    note: str = ""


def check_parts(parts: Sequence[PartFacts]) -> list[PartFacts]:
    """The parts of a 部分公开 reply: at least one disclosed and one not, each not-disclosed part
    with its own ground. Raises ValidationError naming the part at fault."""
    cleaned = [p for p in parts if p.description.strip() or p.ground or p.note.strip()]
    errors = []
    if len(cleaned) > MAX_PARTS:
        errors.append(f"最多列明{MAX_PARTS}项")
    for n, part in enumerate(cleaned, start=1):
        if not part.description.strip():
            errors.append(f"第{n}项：请写明是哪一部分信息")
        if not part.disclosed and part.ground not in PART_GROUNDS_BY_KEY:
            errors.append(f"第{n}项（{part.description.strip()[:20]}）：请选择不予公开或无法提供的理由")
    if not any(p.disclosed for p in cleaned):
        errors.append("部分公开须列明至少一项予以公开的内容")
    if not any(not p.disclosed for p in cleaned):
        errors.append("部分公开须列明至少一项不予公开或无法提供的内容及理由；全部公开的请选择“予以公开”")
    if errors:
        raise ValidationError({"parts": errors})
    return [
        PartFacts(p.disclosed, p.description.strip(), "" if p.disclosed else p.ground, p.note.strip()) for p in cleaned
    ]


def close_case(
    case: Case,
    outcome: str,
    on: dt.date,
    actor,
    body: str,
    legal_basis: str = "",
    parts: Sequence[PartFacts] = (),
    *,
    letter: bool = True,
) -> Reply:
    """Close the (locked, checked) case with ``outcome`` on ``on``; the reply letter follows."""
    meta = BY_KEY[outcome]
    not_before_facts(case, on, "on", "答复日期")
    reply = Reply.objects.create(
        case=case, outcome=outcome, legal_basis=legal_basis or meta.basis, body=body.strip(), replied_on=on
    )
    ReplyPart.objects.bulk_create(
        ReplyPart(reply=reply, disclosed=p.disclosed, description=p.description, ground=p.ground, note=p.note)
        for p in parts
    )
    case.status, case.outcome, case.replied_on, case.closed_at = Status.CLOSED, outcome, on, timezone.now()
    save(case, "status", "outcome", "replied_on", "closed_at")
    clock.meet(case, Deadline.Kind.REPLY, on)
    # Dates that only mattered while the case was open (e.g. an unused supplement-notice window).
    case.deadlines.filter(met_on__isnull=True, superseded=False).update(superseded=True)
    event(case, "case.closed", f"办结：{meta.label}", actor, outcome=outcome, replied_on=on, late=on > case.due_on)
    kind = REPLY_KIND[meta.group] if letter else None
    notify_applicant(case, "replied" if letter else "withdrawn", letter=kind)
    return reply


@transaction.atomic
def issue_reply(
    *,
    actor,
    case: Case,
    outcome: str,
    body: str,
    legal_basis: str = "",
    on: dt.date | None = None,
    parts: Sequence[PartFacts] = (),
    revision: int | None = None,
) -> Reply:
    """Decide the case with exactly one outcome of the annual-report taxonomy."""
    case = lock(case, revision)
    now = today()
    check_step(case, "reply", actor=actor, now=now)
    on = on or now
    meta = BY_KEY.get(outcome)
    if meta is None:
        raise ValidationError({"outcome": "请选择办理结果"})
    if meta.group is Group.OTHER or outcome == "not_processed_excessive":
        raise ValidationError(
            {"outcome": f"“{meta.label}”由相应的办理步骤产生（逾期不补正、逾期未缴费、撤回、说明理由）"}
        )
    if outcome == "unavailable_unclear" and not case.deadlines.filter(kind=Deadline.Kind.SUPPLEMENT).exists():
        raise ValidationError({"outcome": "“补正后申请内容仍不明确”只适用于已经补正过的申请"})
    not_future(on, "on", "答复日期", now=now)
    not_before(on, case.received_on, "on", "答复日期不能早于收到申请日期")
    if not body.strip():
        raise ValidationError({"body": "请填写答复内容（查明的事实和理由）"})
    if meta.group is Group.PARTIAL:
        parts = check_parts(parts)
        legal_basis = legal_basis.strip() or partial_basis([p.ground for p in parts if not p.disclosed])
    elif any(p.description.strip() for p in parts):
        raise ValidationError({"parts": "只有“部分公开”需要逐项列明公开和不公开的部分"})
    else:
        parts = []
    return close_case(case, outcome, on, actor, body, legal_basis, parts)


@transaction.atomic
def withdraw_case(*, actor, case: Case, on: dt.date | None = None, note: str = "", revision: int | None = None) -> Case:
    """The applicant withdrew: closed as 其他 (（六）3). No letter: the applicant asked for it."""
    case = lock(case, revision)
    now = today()
    check_step(case, "withdraw", actor=actor, now=now)
    on = on or now
    not_future(on, "on", "撤回日期", now=now)
    close_case(case, "other_misc", on, actor, note or "申请人撤回申请，终止办理", letter=False)
    return case


@transaction.atomic
def record_delivery(
    *, actor, case: Case, method: str, delivered_on: dt.date, proof: str = "", revision: int | None = None
) -> Reply:
    case = lock(case, revision)
    now = today()
    check_step(case, "delivery", actor=actor, now=now)
    reply = Reply.objects.select_for_update().get(case=case)
    if method not in dict(Reply._meta.get_field("delivery_method").choices):
        raise ValidationError({"method": "请选择送达方式"})
    not_future(delivered_on, "delivered_on", "送达日期", now=now)
    not_before(
        delivered_on, reply.replied_on, "delivered_on", f"送达日期不能早于答复日期（{reply.replied_on.isoformat()}）"
    )
    reply.delivery_method, reply.delivered_on, reply.delivery_proof = method, delivered_on, proof.strip()
    reply.save(update_fields=["delivery_method", "delivered_on", "delivery_proof"])
    save(case)
    event(
        case,
        "case.delivered",
        f"答复已送达（{reply.get_delivery_method_display()}，{delivered_on.isoformat()}）",
        actor,
        method=method,
        delivered_on=delivered_on,
        proof=proof,
    )
    return reply
