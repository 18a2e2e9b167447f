"""Extending the reply period (Art. 33(2)): at most 20 working days, with the OGI office head's
consent, before the period ends. A clerk asks with a reason; the head approves or refuses from the
工作台 or the case page; the head may also extend directly. Each step is audited."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.letters.models import LetterKind
from gongkai.statute.periods import MAX_EXTENSION_WORKING_DAYS

from ..models import Case, ExtensionRequest, Status
from .notify import notify_applicant, notify_extension_request
from .steps import CLOCK_FIELDS, CaseStateError, check_step, event, lock, reclock, save, today


def _check_days_and_reason(days: int, reason: str) -> None:
    if not 1 <= days <= MAX_EXTENSION_WORKING_DAYS:
        raise ValidationError({"days": f"延长期限为1至{MAX_EXTENSION_WORKING_DAYS}个工作日"})
    if not reason.strip():
        raise ValidationError({"reason": "请说明延期理由"})


def _extend(case: Case, *, actor, days: int, reason: str, now) -> Case:
    original = case.due_on
    case.extension_days, case.extension_reason, case.extension_approved_by = days, reason.strip(), str(actor)
    case.extended_on = now
    reclock(case, now=now)
    save(case, "extension_days", "extension_reason", "extension_approved_by", "extended_on", *CLOCK_FIELDS)
    event(
        case,
        "case.extended",
        f"经公开办负责人 {actor} 同意延期{days}个工作日，答复期限由 {original.isoformat()} "
        f"延至 {case.due_on.isoformat()}",
        actor,
        days=days,
        reason=reason,
        original=original,
        due_on=case.due_on,
    )
    notify_applicant(case, "extended", letter=LetterKind.EXTENSION)
    return case


@transaction.atomic
def extend_deadline(*, actor, case: Case, days: int, reason: str, revision: int | None = None) -> Case:
    """The office head extends directly, today (no request needed)."""
    case = lock(case, revision)
    now = today()
    check_step(case, "extend", actor=actor, now=now)
    _check_days_and_reason(days, reason)
    return _extend(case, actor=actor, days=days, reason=reason, now=now)


@transaction.atomic
def request_extension(*, actor, case: Case, days: int, reason: str, revision: int | None = None) -> ExtensionRequest:
    """A clerk asks the office head to extend; the head sees it on the 工作台."""
    case = lock(case, revision)
    check_step(case, "request_extension", actor=actor)
    _check_days_and_reason(days, reason)
    request = ExtensionRequest.objects.create(case=case, days=days, reason=reason.strip(), requested_by=actor)
    save(case)
    event(
        case,
        "case.extension_requested",
        f"申请延期{days}个工作日，报公开办负责人审批（答复期限 {case.due_on.isoformat()}）",
        actor,
        days=days,
        reason=reason.strip(),
    )
    notify_extension_request(request)
    return request


@transaction.atomic
def decide_extension(
    *,
    actor,
    case: Case,
    approve: bool,
    note: str = "",
    days: int | None = None,
    revision: int | None = None,
) -> ExtensionRequest:
    """The office head approves (possibly for fewer days) or refuses the pending request."""
    case = lock(case, revision)
    now = today()
    check_step(case, "decide_extension", actor=actor, now=now)
    request = ExtensionRequest.objects.select_for_update().get(case=case, decision=ExtensionRequest.Decision.PENDING)
    if approve:
        if case.extension_days:
            raise CaseStateError("本申请已经延期，不能再次延期")
        if now > case.due_on:
            raise CaseStateError(
                f"答复期限（{case.due_on.isoformat()}）已过，不能再同意延期；请选择“不同意”结束这项申请"
            )
        if case.status != Status.REGISTERED:
            raise CaseStateError(f"当前状态为“{case.get_status_display()}”，不能延期")
        days = days or request.days
        _check_days_and_reason(days, request.reason)
    elif not note.strip():
        raise ValidationError({"note": "不同意延期时请写明理由，经办人将看到"})
    request.decision = ExtensionRequest.Decision.APPROVED if approve else ExtensionRequest.Decision.REFUSED
    request.decided_by, request.decided_at, request.decision_note = actor, timezone.now(), note.strip()
    if approve:
        request.days = days
    request.save(update_fields=["decision", "decided_by", "decided_at", "decision_note", "days", "updated_at"])
    if approve:
        _extend(case, actor=actor, days=days, reason=request.reason, now=now)
    else:
        save(case)
        event(
            case,
            "case.extension_refused",
            f"公开办负责人 {actor} 不同意延期：{note.strip()}",
            actor,
            note=note.strip(),
            requested_by=str(request.requested_by),
        )
    return request
