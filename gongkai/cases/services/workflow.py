"""The steps of handling a case, each a guarded transition with one audit event."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.core.audit import record_event
from gongkai.organizations.access import roles_in
from gongkai.organizations.models import Department, Role
from gongkai.statute.fees import FeeMethod, per_request_price, per_volume_fee
from gongkai.statute.outcomes import BY_KEY, Group
from gongkai.statute.periods import (
    CONSULTATION_WORKING_DAYS,
    FEE_PAYMENT_WORKING_DAYS,
    MAX_EXTENSION_WORKING_DAYS,
)

from ..models import Applicant, Case, Consultation, Deadline, FeeNotice, Reply, Status
from . import clock
from .notify import notify_applicant

# Which statuses each step may start from (Oscar-style transition table).
ALLOWED = {
    "assign": {Status.REGISTERED, Status.SUPPLEMENT_REQUESTED, Status.REASONS_REQUESTED, Status.FEE_NOTIFIED},
    "request_supplement": {Status.REGISTERED},
    "record_supplement": {Status.SUPPLEMENT_REQUESTED},
    "deem_abandoned": {Status.SUPPLEMENT_REQUESTED},
    "request_reasons": {Status.REGISTERED},
    "record_reasons": {Status.REASONS_REQUESTED},
    "consult": {Status.REGISTERED},
    "extend": {Status.REGISTERED},
    "fee_notice": {Status.REGISTERED},
    "fee_received": {Status.FEE_NOTIFIED},
    "payment": {Status.FEE_NOTIFIED},
    "close_unpaid": {Status.FEE_NOTIFIED},
    "reply": {Status.REGISTERED},
    "withdraw": {Status.REGISTERED, Status.SUPPLEMENT_REQUESTED, Status.REASONS_REQUESTED, Status.FEE_NOTIFIED},
}

STEP_LABELS = {
    "assign": "分办",
    "request_supplement": "发出补正告知",
    "record_supplement": "登记补正",
    "deem_abandoned": "视为放弃申请",
    "request_reasons": "要求说明理由",
    "record_reasons": "登记说明理由",
    "consult": "征求意见",
    "extend": "延期答复",
    "fee_notice": "发出收费通知",
    "fee_received": "登记收到收费通知",
    "payment": "登记缴费",
    "close_unpaid": "逾期未缴费终止办理",
    "reply": "作出答复",
    "withdraw": "撤回申请",
}


class CaseStateError(ValidationError):
    """A step that the case's current state does not allow."""


def _guard(case: Case, step: str) -> None:
    if case.status not in ALLOWED[step]:
        raise CaseStateError(f"当前状态为“{case.get_status_display()}”，不能{STEP_LABELS[step]}")


def _acting(actor, case: Case) -> None:
    """Only members of the case's own agency with an acting role change a case."""
    if not roles_in(actor, case.agency) - {Role.SUPERVISOR}:
        raise PermissionDenied("您不是本机关的工作人员，不能办理此申请")


def _event(case: Case, code: str, summary: str, actor, **data) -> None:
    record_event(
        code=code,
        summary=f"{case.number}：{summary}",
        actor=actor,
        agency=case.agency,
        target=case,
        data={k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in data.items()},
    )


def _lock(case: Case) -> Case:
    """Re-read the case under a row lock so two clerks cannot both move it."""
    return Case.objects.select_for_update().get(pk=case.pk)


def _today() -> dt.date:
    return timezone.localdate()


# -- routing -------------------------------------------------------------------------------


@transaction.atomic
def assign_case(*, actor, case: Case, department: Department, assignee=None, reason: str = "") -> Case:
    """Send the case to a department (and optionally a person); a second call is a transfer."""
    _acting(actor, case)
    case = _lock(case)
    _guard(case, "assign")
    if department.agency_id != case.agency_id:
        raise ValidationError("只能分办给本机关的科室")
    if assignee is not None and not roles_in(assignee, case.agency):
        raise ValidationError("经办人必须是本机关工作人员")
    before = case.department.name if case.department else None
    case.department, case.assignee = department, assignee
    case.save(update_fields=["department", "assignee", "updated_at"])
    verb = "转办" if before else "分办"
    _event(
        case,
        "case.assigned",
        f"{verb}至{department.name}" + (f"（{assignee}）" if assignee else ""),
        actor,
        department=department.name,
        previous=before,
        assignee=str(assignee or ""),
        reason=reason,
    )
    return case


@transaction.atomic
def claim_case(*, actor, case: Case) -> Case:
    _acting(actor, case)
    case = _lock(case)
    _guard(case, "assign")
    case.assignee = actor
    case.save(update_fields=["assignee", "updated_at"])
    _event(case, "case.claimed", f"{actor} 认领", actor)
    return case


# -- supplementation (Art. 30) and reasons (Art. 35) ----------------------------------------


@transaction.atomic
def request_supplement(
    *, actor, case: Case, items: str, supplement_by: dt.date, notice_on: dt.date | None = None
) -> Case:
    """One comprehensive supplement notice; it is due within 7 working days of receipt."""
    _acting(actor, case)
    case = _lock(case)
    _guard(case, "request_supplement")
    notice_on = notice_on or _today()
    if not items.strip():
        raise ValidationError({"items": "请逐项列明需要补正的内容（条例第三十条要求一次性告知）"})
    if case.deadlines.filter(kind=Deadline.Kind.SUPPLEMENT).exists():
        raise CaseStateError("补正告知只能一次性发出，本申请已经补正过")
    if supplement_by <= notice_on:
        raise ValidationError({"supplement_by": "补正期限应晚于告知日期"})
    notice_due = case.deadlines.filter(kind=Deadline.Kind.SUPPLEMENT_NOTICE).first()
    late = notice_due is not None and notice_on > notice_due.due_on
    clock.meet(case, Deadline.Kind.SUPPLEMENT_NOTICE, notice_on)
    Deadline.objects.create(
        case=case,
        kind=Deadline.Kind.SUPPLEMENT,
        start_on=notice_on,
        due_on=supplement_by,
        explanation=f"补正告知 {notice_on.isoformat()} 发出，申请人应于 {supplement_by.isoformat()} 前补正",
    )
    case.status, case.supplement_items = Status.SUPPLEMENT_REQUESTED, items.strip()
    case.save(update_fields=["status", "supplement_items", "updated_at"])
    _event(
        case,
        "case.supplement_requested",
        f"发出补正告知，补正期限 {supplement_by.isoformat()}" + ("（已超过7个工作日的告知期限）" if late else ""),
        actor,
        items=items,
        supplement_by=supplement_by,
        notice_on=notice_on,
        late=late,
    )
    notify_applicant(case, "supplement")
    return case


@transaction.atomic
def record_supplement(*, actor, case: Case, received_on: dt.date) -> Case:
    """The supplemented application arrived: the reply clock restarts from that day (Art. 30)."""
    _acting(actor, case)
    case = _lock(case)
    _guard(case, "record_supplement")
    if received_on < case.received_on:
        raise ValidationError({"received_on": "补正日期不能早于收到申请日期"})
    clock.meet(case, Deadline.Kind.SUPPLEMENT, received_on)
    case.status = Status.REGISTERED
    case.clock_started_on = received_on
    case.extension_days = 0
    clock.recompute_reply_due(case)
    case.save(
        update_fields=[
            "status",
            "clock_started_on",
            "extension_days",
            "due_on",
            "due_provisional",
            "due_explanation",
            "updated_at",
        ]
    )
    _event(
        case,
        "case.supplemented",
        f"收到补正材料，答复期限重新起算至 {case.due_on.isoformat()}",
        actor,
        received_on=received_on,
        due_on=case.due_on,
    )
    return case


@transaction.atomic
def deem_abandoned(*, actor, case: Case, on: dt.date | None = None) -> Case:
    """No supplement by the deadline: deemed abandoned, table 三 row （六）1."""
    _acting(actor, case)
    case = _lock(case)
    _guard(case, "deem_abandoned")
    on = on or _today()
    deadline = case.deadlines.filter(kind=Deadline.Kind.SUPPLEMENT, superseded=False).first()
    if deadline is None or on <= deadline.due_on:
        raise CaseStateError(
            f"补正期限（{deadline.due_on.isoformat() if deadline else '未设定'}）届满后才能视为放弃申请"
        )
    _close(case, "other_no_correction", on, actor, "申请人逾期未补正，视为放弃申请，不再处理")
    return case


@transaction.atomic
def request_reasons(*, actor, case: Case, reasons_by: dt.date, grounds: str = "", on: dt.date | None = None) -> Case:
    """Art. 35: ask the applicant to explain an unusually large or frequent request."""
    _acting(actor, case)
    case = _lock(case)
    _guard(case, "request_reasons")
    on = on or _today()
    Deadline.objects.create(
        case=case,
        kind=Deadline.Kind.REASONS,
        start_on=on,
        due_on=reasons_by,
        explanation=f"要求申请人于 {reasons_by.isoformat()} 前说明理由（条例第三十五条）",
    )
    case.status = Status.REASONS_REQUESTED
    case.reasons_grounds = grounds.strip() or "您提出的政府信息公开申请的数量、频次明显超过合理范围"
    case.save(update_fields=["status", "reasons_grounds", "updated_at"])
    _event(case, "case.reasons_requested", f"要求说明理由，期限 {reasons_by.isoformat()}", actor, reasons_by=reasons_by)
    return case


@transaction.atomic
def record_reasons(
    *, actor, case: Case, on: dt.date, reasonable: bool, new_due_on: dt.date | None = None, note: str = ""
) -> Case:
    """Reasons judged unreasonable → not processed (（五）4); reasonable → go on, with a
    reasonable delayed reply date when the Art. 33 period cannot be met."""
    _acting(actor, case)
    case = _lock(case)
    _guard(case, "record_reasons")
    clock.meet(case, Deadline.Kind.REASONS, on)
    if not reasonable:
        _close(case, "not_processed_excessive", on, actor, note or "申请人未说明合理理由，不予处理")
        return case
    case.status = Status.REGISTERED
    fields = ["status", "updated_at"]
    if new_due_on is not None:
        if new_due_on < case.due_on:
            raise ValidationError({"new_due_on": "延迟答复期限不能早于原答复期限"})
        case.due_on, case.due_explanation = (
            new_due_on,
            f"条例第三十五条：理由合理，确定延迟答复期限 {new_due_on.isoformat()}",
        )
        fields += ["due_on", "due_explanation"]
    case.save(update_fields=fields)
    _event(case, "case.reasons_recorded", "理由合理，继续办理", actor, note=note, new_due_on=new_due_on)
    return case


# -- consultation (Arts. 32, 34) ------------------------------------------------------------


@transaction.atomic
def start_consultation(
    *,
    actor,
    case: Case,
    party_kind: str,
    party_name: str,
    sent_on: dt.date,
    received_by_party_on: dt.date | None = None,
) -> Consultation:
    _acting(actor, case)
    case = _lock(case)
    _guard(case, "consult")
    if sent_on < case.received_on:
        raise ValidationError({"sent_on": "征求意见日期不能早于收到申请日期"})
    start = received_by_party_on or sent_on
    party_due = clock.span(start, CONSULTATION_WORKING_DAYS)
    consultation = Consultation.objects.create(
        case=case,
        party_kind=party_kind,
        party_name=party_name.strip(),
        sent_on=sent_on,
        received_by_party_on=received_by_party_on,
        party_due_on=party_due.end,
    )
    clock.add_deadline(
        case,
        Deadline.Kind.CONSULTATION,
        start,
        CONSULTATION_WORKING_DAYS,
        prefix=f"{party_name}应在收到征求意见书后15个工作日内答复：",
    )
    clock.recompute_reply_due(case)
    case.save(update_fields=["due_on", "due_provisional", "due_explanation", "updated_at"])
    _event(
        case,
        "case.consultation_started",
        f"向{party_name}征求意见，答复期限 {party_due.end.isoformat()}，征求意见期间不计入答复期限",
        actor,
        party=party_name,
        sent_on=sent_on,
        due_on=case.due_on,
    )
    return consultation


@transaction.atomic
def record_opinion(
    *, actor, consultation: Consultation, replied_on: dt.date | None, opinion: str, note: str = ""
) -> Consultation:
    """Record the answer (or its absence once the 15 days ran out). A co-maker's silence is
    consent (Art. 34); a third party's silence is not (Art. 32: the agency decides)."""
    case = consultation.case
    _acting(actor, case)
    case = _lock(case)
    if consultation.opinion:
        raise CaseStateError("该征求意见已登记答复")
    if opinion == Consultation.Opinion.NO_REPLY:
        if _today() <= consultation.party_due_on:
            raise CaseStateError(f"对方答复期限（{consultation.party_due_on.isoformat()}）尚未届满")
        replied_on = None
        if consultation.party_kind == Consultation.Party.CO_MAKER:
            note = note or "共同制作机关逾期未答复，视为同意公开（条例第三十四条）"
    elif replied_on is None:
        raise ValidationError({"replied_on": "请填写对方答复日期"})
    consultation.replied_on, consultation.opinion, consultation.opinion_note = replied_on, opinion, note
    consultation.save(update_fields=["replied_on", "opinion", "opinion_note"])
    clock.meet(case, Deadline.Kind.CONSULTATION, replied_on or consultation.party_due_on)
    clock.recompute_reply_due(case)
    case.save(update_fields=["due_on", "due_provisional", "due_explanation", "updated_at"])
    _event(
        case,
        "case.opinion_recorded",
        f"{consultation.party_name}：{consultation.get_opinion_display()}",
        actor,
        opinion=opinion,
        replied_on=replied_on,
        due_on=case.due_on,
    )
    return consultation


# -- extension (Art. 33) --------------------------------------------------------------------


@transaction.atomic
def extend_deadline(*, actor, case: Case, days: int, reason: str, on: dt.date | None = None) -> Case:
    """Extend by at most 20 working days, approved by the OGI office head before the due date."""
    if Role.OFFICE_HEAD not in roles_in(actor, case.agency):
        raise PermissionDenied("延期答复须经政府信息公开工作机构负责人同意（条例第三十三条）")
    case = _lock(case)
    _guard(case, "extend")
    on = on or _today()
    if case.extension_days:
        raise CaseStateError("本申请已经延期，不能再次延期")
    if not 1 <= days <= MAX_EXTENSION_WORKING_DAYS:
        raise ValidationError({"days": f"延长期限为1至{MAX_EXTENSION_WORKING_DAYS}个工作日"})
    if on > case.due_on:
        raise CaseStateError(f"答复期限（{case.due_on.isoformat()}）已过，不能再延期")
    if not reason.strip():
        raise ValidationError({"reason": "请说明延期理由"})
    original = case.due_on
    case.extension_days, case.extension_reason, case.extension_approved_by = days, reason.strip(), str(actor)
    clock.recompute_reply_due(case)
    case.save(
        update_fields=[
            "extension_days",
            "extension_reason",
            "extension_approved_by",
            "due_on",
            "due_provisional",
            "due_explanation",
            "updated_at",
        ]
    )
    _event(
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
    return case


# -- fees (国办函〔2020〕109号) ----------------------------------------------------------------


def fee_amount(case: Case, method: str, units: int) -> Decimal:
    """Per request: the price of this request's place among the applicant's requests of that
    calendar month; per volume: the page bands."""
    if method == FeeMethod.PER_VOLUME:
        return Decimal(per_volume_fee(units))
    return Decimal(per_request_price(units))


def nth_request_in_month(case: Case) -> int:
    """This case's position among the same applicant's requests to the agency in its month."""
    applicant = Applicant.objects.filter(case=case).first()
    same = Case.objects.filter(
        agency=case.agency, received_on__year=case.received_on.year, received_on__month=case.received_on.month
    )
    if applicant and applicant.id_number:
        same = same.filter(applicant__id_number=applicant.id_number)
    else:
        same = same.filter(applicant_name=case.applicant_name)
    return same.filter(received_on__lte=case.received_on, pk__lte=case.pk).count()


@transaction.atomic
def issue_fee_notice(*, actor, case: Case, method: str, pages: int = 0, on: dt.date | None = None) -> FeeNotice:
    _acting(actor, case)
    case = _lock(case)
    _guard(case, "fee_notice")
    on = on or _today()
    if case.received_on.year < 2021:
        raise CaseStateError("信息处理费自2021年1月1日起收取")
    if on > case.due_on:
        raise CaseStateError("收费通知应当在答复期限内发出")
    if method not in FeeMethod:
        raise ValidationError({"method": "收费方式应为按件计收或按量计收（不得同时适用）"})
    units = nth_request_in_month(case) if method == FeeMethod.PER_REQUEST else pages
    amount = fee_amount(case, method, units)
    if amount <= 0:
        raise ValidationError({"method": f"按{FeeMethod(method).label}，本申请在免费范围内（{units}）"})
    notice = FeeNotice.objects.create(case=case, method=method, units=units, amount=amount, issued_on=on)
    case.status = Status.FEE_NOTIFIED
    clock.recompute_reply_due(case)
    case.save(update_fields=["status", "due_on", "due_provisional", "due_explanation", "updated_at"])
    _event(
        case,
        "case.fee_notified",
        f"发出收费通知，{FeeMethod(method).label}，金额 {amount} 元",
        actor,
        method=method,
        units=units,
        amount=str(amount),
    )
    return notice


@transaction.atomic
def record_fee_notice_received(*, actor, case: Case, received_on: dt.date) -> FeeNotice:
    """The applicant received the notice: 20 working days to pay, from the next day."""
    _acting(actor, case)
    case = _lock(case)
    _guard(case, "fee_received")
    notice = case.fee_notice
    if received_on < notice.issued_on:
        raise ValidationError({"received_on": "收到日期不能早于发出日期"})
    notice.received_on = received_on
    notice.pay_by = clock.span(received_on, FEE_PAYMENT_WORKING_DAYS).end
    notice.save(update_fields=["received_on", "pay_by"])
    clock.add_deadline(
        case,
        Deadline.Kind.FEE_PAYMENT,
        received_on,
        FEE_PAYMENT_WORKING_DAYS,
        prefix="申请人应自收到收费通知次日起20个工作日内缴费：",
    )
    clock.recompute_reply_due(case)
    case.save(update_fields=["due_on", "due_provisional", "due_explanation", "updated_at"])
    _event(
        case,
        "case.fee_notice_received",
        f"申请人 {received_on.isoformat()} 收到收费通知，缴费期限 {notice.pay_by.isoformat()}",
        actor,
        pay_by=notice.pay_by,
    )
    return notice


@transaction.atomic
def record_payment(*, actor, case: Case, paid_on: dt.date) -> Case:
    _acting(actor, case)
    case = _lock(case)
    _guard(case, "payment")
    notice = case.fee_notice
    if paid_on < notice.issued_on:
        raise ValidationError({"paid_on": "缴费日期不能早于收费通知发出日期"})
    notice.paid_on = paid_on
    notice.save(update_fields=["paid_on"])
    clock.meet(case, Deadline.Kind.FEE_PAYMENT, paid_on)
    case.status = Status.REGISTERED
    clock.recompute_reply_due(case)
    case.save(update_fields=["status", "due_on", "due_provisional", "due_explanation", "updated_at"])
    _event(
        case,
        "case.fee_paid",
        f"申请人已缴费 {notice.amount} 元，答复期限 {case.due_on.isoformat()}",
        actor,
        paid_on=paid_on,
        due_on=case.due_on,
    )
    return case


@transaction.atomic
def close_unpaid(*, actor, case: Case, on: dt.date | None = None) -> Case:
    """No payment within 20 working days of receiving the notice: processing stops (（六）2)."""
    _acting(actor, case)
    case = _lock(case)
    _guard(case, "close_unpaid")
    on = on or _today()
    notice = case.fee_notice
    if notice.received_on is None:
        raise CaseStateError("尚未登记申请人收到收费通知的日期，不能按逾期未缴费处理")
    if on <= notice.pay_by:
        raise CaseStateError(f"缴费期限（{notice.pay_by.isoformat()}）尚未届满")
    _close(case, "other_unpaid_fee", on, actor, "申请人逾期未缴纳信息处理费，视为放弃申请，不再处理")
    return case


# -- reply and closing ----------------------------------------------------------------------


def _close(case: Case, outcome: str, on: dt.date, actor, body: str, legal_basis: str = "") -> Reply:
    meta = BY_KEY[outcome]
    reply = Reply.objects.create(
        case=case, outcome=outcome, legal_basis=legal_basis or meta.basis, body=body, replied_on=on
    )
    case.status, case.outcome, case.replied_on, case.closed_at = Status.CLOSED, outcome, on, timezone.now()
    case.save(update_fields=["status", "outcome", "replied_on", "closed_at", "updated_at"])
    clock.meet(case, Deadline.Kind.REPLY, on)
    # Dates that only mattered while the case was open (e.g. an unused supplement-notice window).
    case.deadlines.filter(met_on__isnull=True, superseded=False).update(superseded=True)
    _event(case, "case.closed", f"办结：{meta.label}", actor, outcome=outcome, replied_on=on, late=on > case.due_on)
    notify_applicant(case, "replied")
    return reply


@transaction.atomic
def issue_reply(
    *, actor, case: Case, outcome: str, body: str, legal_basis: str = "", on: dt.date | None = None
) -> Reply:
    """Decide the case with exactly one outcome of the annual-report taxonomy."""
    _acting(actor, case)
    case = _lock(case)
    _guard(case, "reply")
    on = on or _today()
    meta = BY_KEY.get(outcome)
    if meta is None:
        raise ValidationError({"outcome": "请选择办理结果"})
    if meta.group is Group.OTHER or outcome == "not_processed_excessive":
        raise ValidationError(
            {"outcome": f"“{meta.label}”由相应的办理步骤产生（逾期不补正、逾期未缴费、撤回、说明理由）"}
        )
    if outcome == "unavailable_unclear" and not case.deadlines.filter(kind=Deadline.Kind.SUPPLEMENT).exists():
        raise ValidationError({"outcome": "“补正后申请内容仍不明确”只适用于已经补正过的申请"})
    if on < case.received_on:
        raise ValidationError({"on": "答复日期不能早于收到申请日期"})
    if not body.strip():
        raise ValidationError({"body": "请填写答复内容"})
    return _close(case, outcome, on, actor, body, legal_basis)


@transaction.atomic
def withdraw_case(*, actor, case: Case, on: dt.date | None = None, note: str = "") -> Case:
    """The applicant withdrew: closed as 其他 (（六）3)."""
    _acting(actor, case)
    case = _lock(case)
    _guard(case, "withdraw")
    _close(case, "other_misc", on or _today(), actor, note or "申请人撤回申请，终止办理")
    return case


@transaction.atomic
def record_delivery(*, actor, case: Case, method: str, delivered_on: dt.date, proof: str = "") -> Reply:
    _acting(actor, case)
    reply = Reply.objects.select_for_update().get(case=case)
    if delivered_on < reply.replied_on:
        raise ValidationError({"delivered_on": "送达日期不能早于答复日期"})
    reply.delivery_method, reply.delivered_on, reply.delivery_proof = method, delivered_on, proof
    reply.save(update_fields=["delivery_method", "delivered_on", "delivery_proof"])
    _event(
        case,
        "case.delivered",
        f"答复已送达（{reply.get_delivery_method_display()}，{delivered_on.isoformat()}）",
        actor,
        method=method,
        delivered_on=delivered_on,
        proof=proof,
    )
    return reply


def view_applicant(*, actor, case: Case) -> Applicant:
    """Return the applicant's full details and log that this person looked at them."""
    record_event(
        code="applicant.viewed",
        summary=f"{case.number}：查看申请人完整信息",
        actor=actor,
        agency=case.agency,
        target=case,
    )
    return case.applicant
