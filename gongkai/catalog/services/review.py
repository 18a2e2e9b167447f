"""The review chain: submit, department approval, 保密审查, sign-off, return, withdrawal.

Every step records the person's opinion (models.ReviewOpinion) and moves the document's 政策解读
that stand at the same step with it, recording the same opinion for each (steps.companions).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.organizations.access import roles_in
from gongkai.organizations.models import Role

from ..models import Document, ReviewOpinion, Status
from ..tasks import schedule_link_check, schedule_review_notice
from .common import STEP_ROLES, _event, _lock
from .steps import FORWARD, check_step, companions, department_heads
from .versions import _version

# The capacity printed on the 审批单, by the first role the person holds for the step.
_CAPACITY_ORDER = (
    Role.DEPARTMENT_HEAD,
    Role.REVIEWER,
    Role.LEADER,
    Role.OFFICE_HEAD,
    Role.CLERK,
    Role.CONTRIBUTOR,
)


def capacity(document: Document, step: str, actor) -> str:
    if actor is None:
        return "系统"
    if step == "submit":
        return "起草人" if document.author_id == actor.pk else "代起草人提交"
    held = roles_in(actor, document.agency) & STEP_ROLES.get(step, set())
    if step == "approve" and Role.DEPARTMENT_HEAD not in held:
        return "公开办负责人（本科室未设科室负责人）"
    for role in _CAPACITY_ORDER:
        if role in held:
            return Role(role).label
    return ""


def record_opinion(
    document: Document, step: str, actor, *, opinion: str, outcome: str, label: str = "", with_document=None
) -> ReviewOpinion:
    return ReviewOpinion.objects.create(
        document=document,
        step=step,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_name=str(actor) if actor is not None else (label or "系统"),
        capacity=label if actor is None else capacity(with_document or document, step, actor),
        acted_at=timezone.now(),
        opinion=(opinion or "").strip(),
        outcome=outcome,
        with_document=with_document,
    )


def _move(document: Document, status: str, actor, code: str, summary: str, *, extra=(), **data) -> Document:
    document.status = status
    document.save(update_fields=["status", *extra, "updated_at"])
    _version(document, actor, summary)
    _event(document, code, summary, actor, **data)
    return document


def _forward(document: Document, step: str, actor, *, opinion: str, code: str, summary: str, **changes) -> Document:
    """Take a forward step on the document and on its 政策解读 standing at the same step."""
    check_step(document, step, actor=actor)
    before, after = FORWARD[step]
    outcome = ReviewOpinion.Outcome.SUBMITTED if step == "submit" else ReviewOpinion.Outcome.APPROVED
    pair = [c for c in companions(document) if c.status == before]
    for target in (document, *pair):
        target = target if target is document else _lock(target)
        for name, value in changes.items():
            setattr(target, name, value)
        record_opinion(
            target,
            step,
            actor,
            opinion=opinion,
            outcome=outcome,
            with_document=None if target is document else document,
        )
        note = summary if target is document else f"{summary}（随《{document.title}》一同办理）"
        _move(target, after, actor, code, note, extra=list(changes), opinion=(opinion or "").strip())
    schedule_review_notice(document, step)
    return document


@transaction.atomic
def submit_document(*, actor, document: Document, note: str = "") -> Document:
    """The author sends the draft (with its drafted 政策解读) to the department head."""
    document = _lock(document)
    for target in (document, *companions(document)):
        schedule_link_check(target)  # fresh results for the reviewers
    return _forward(
        document, "submit", actor, opinion=note, code="catalog.submitted", summary="提交科室审核", rejection_reason=""
    )


@transaction.atomic
def approve_by_department(*, actor, document: Document, opinion: str = "") -> Document:
    """科室审核, by the drafting department's head, or the office head where the department has none."""
    document = _lock(document)
    check_step(document, "approve", actor=actor)
    by_office = not department_heads(document).exists()
    summary = "公开办负责人代为科室审核通过（本科室未设科室负责人）" if by_office else "科室负责人审核通过"
    return _forward(document, "approve", actor, opinion=opinion, code="catalog.dept_approved", summary=summary)


@transaction.atomic
def record_secrecy_review(*, actor, document: Document, opinion: str) -> Document:
    """保密审查: the reviewer's opinion is required, and recorded on the document and in the audit log."""
    document = _lock(document)
    check_step(document, "secrecy_review", actor=actor)
    if not (opinion or "").strip():
        raise ValidationError({"opinion": "请填写保密审查意见"})
    return _forward(
        document,
        "secrecy_review",
        actor,
        opinion=opinion,
        code="catalog.secrecy_reviewed",
        summary="保密审查通过",
        secrecy_opinion=opinion.strip(),
    )


@transaction.atomic
def sign_off(*, actor, document: Document, opinion: str = "") -> Document:
    document = _lock(document)
    return _forward(document, "sign_off", actor, opinion=opinion, code="catalog.signed", summary="领导签发")


@transaction.atomic
def reject_document(*, actor, document: Document, reason: str) -> Document:
    """Back to the author as a draft, with the reasons (its 政策解读 at the same step go back too)."""
    document = _lock(document)
    check_step(document, "reject", actor=actor)
    if not (reason or "").strip():
        raise ValidationError({"reason": "退回时应说明理由"})
    reason = reason.strip()
    pair = [c for c in companions(document) if c.status == document.status]
    for target in (document, *pair):
        target = target if target is document else _lock(target)
        previous = target.get_status_display()
        target.rejection_reason = reason
        target.scheduled_at = None
        record_opinion(
            target,
            "reject",
            actor,
            opinion=reason,
            outcome=ReviewOpinion.Outcome.RETURNED,
            with_document=None if target is document else document,
        )
        _move(
            target,
            Status.DRAFT,
            actor,
            "catalog.rejected",
            f"退回修改（原状态：{previous}）：{reason}",
            extra=["rejection_reason", "scheduled_at"],
            reason=reason,
            previous=previous,
        )
    schedule_review_notice(document, "reject")
    return document


@transaction.atomic
def withdraw_document(*, actor, document: Document, reason: str) -> Document:
    """The author (or the office head) gives up a draft. It is kept, never public, and its 索引号
    stays used: a number once given is never given again (decision 0028-catalog-review)."""
    document = _lock(document)
    check_step(document, "withdraw", actor=actor)
    if not (reason or "").strip():
        raise ValidationError({"reason": "撤回时应说明理由"})
    reason = reason.strip()
    for target in (document, *companions(document)):
        target = target if target is document else _lock(target)
        record_opinion(
            target,
            "withdraw",
            actor,
            opinion=reason,
            outcome=ReviewOpinion.Outcome.WITHDRAWN,
            with_document=None if target is document else document,
        )
        _move(
            target,
            Status.WITHDRAWN,
            actor,
            "catalog.withdrawn",
            f"撤回草稿（索引号 {target.index_number} 不再使用）：{reason}",
            reason=reason,
            unused_index_number=target.index_number,
        )
    return document
