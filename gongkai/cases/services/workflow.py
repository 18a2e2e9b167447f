"""Routing, supplementation (Art. 30), reasons (Art. 35) and consultation (Arts. 32, 34).

Every step: check it may be taken (steps.check_step, under the row lock), check the dates typed,
save, record one audit event, then tell the applicant on commit. Extension, fees and replies live
in their own modules beside this one.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.letters.models import LetterKind
from gongkai.organizations.access import roles_in
from gongkai.organizations.models import Department
from gongkai.statute.periods import CONSULTATION_WORKING_DAYS

from ..models import Applicant, Case, Consultation, Deadline, Status
from . import clock
from .notify import notify_applicant
from .replies import close_case
from .steps import (
    CLOCK_FIELDS,
    CaseStateError,
    check_step,
    event,
    lock,
    not_before,
    not_future,
    reclock,
    save,
    today,
    within_period,
)

# -- routing -------------------------------------------------------------------------------


@transaction.atomic
def assign_case(
    *, actor, case: Case, department: Department, assignee=None, reason: str = "", revision: int | None = None
) -> Case:
    """Send the case to a department (and optionally a person); a second call is a transfer."""
    case = lock(case, revision)
    check_step(case, "assign", actor=actor)
    if department.agency_id != case.agency_id:
        raise ValidationError({"department": "只能分办给本机关的科室"})
    if assignee is not None and not roles_in(assignee, case.agency):
        raise ValidationError("经办人必须是本机关工作人员")
    if case.department_id == department.pk and (assignee is None or case.assignee_id == assignee.pk):
        raise ValidationError({"department": f"本申请已由{department.name}承办"})
    before = case.department.name if case.department else None
    case.department, case.assignee = department, assignee
    save(case, "department", "assignee")
    verb = "转办" if before else "分办"
    event(
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
def claim_case(*, actor, case: Case, revision: int | None = None) -> Case:
    case = lock(case, revision)
    check_step(case, "claim", actor=actor)
    case.assignee = actor
    save(case, "assignee")
    event(case, "case.claimed", f"{actor} 认领", actor)
    return case


# -- supplementation (Art. 30) and reasons (Art. 35) ----------------------------------------


@transaction.atomic
def request_supplement(
    *,
    actor,
    case: Case,
    items: str,
    supplement_by: dt.date,
    notice_on: dt.date | None = None,
    revision: int | None = None,
) -> Case:
    """One comprehensive supplement notice; it is due within 7 working days of receipt."""
    case = lock(case, revision)
    now = today()
    check_step(case, "request_supplement", actor=actor, now=now)
    notice_on = notice_on or now
    not_future(notice_on, "notice_on", "补正告知日期", now=now)
    not_before(notice_on, case.received_on, "notice_on", "补正告知日期不能早于收到申请日期")
    if not items.strip():
        raise ValidationError({"items": "请逐项列明需要补正的内容（条例第三十条要求一次性告知）"})
    if supplement_by <= notice_on:
        raise ValidationError({"supplement_by": f"补正期限应晚于告知日期（{notice_on.isoformat()}）"})
    within_period(supplement_by, notice_on, "supplement_by", "补正期限")
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
    save(case, "status", "supplement_items")
    event(
        case,
        "case.supplement_requested",
        f"发出补正告知，补正期限 {supplement_by.isoformat()}" + ("（已超过7个工作日的告知期限）" if late else ""),
        actor,
        items=items,
        supplement_by=supplement_by,
        notice_on=notice_on,
        late=late,
    )
    notify_applicant(case, "supplement", letter=LetterKind.SUPPLEMENT)
    return case


@transaction.atomic
def record_supplement(*, actor, case: Case, received_on: dt.date, revision: int | None = None) -> Case:
    """The supplemented application arrived: the reply clock restarts from that day (Art. 30)."""
    case = lock(case, revision)
    now = today()
    check_step(case, "record_supplement", actor=actor, now=now)
    not_future(received_on, "received_on", "收到补正日期", now=now)
    notice = case.deadlines.filter(kind=Deadline.Kind.SUPPLEMENT, superseded=False).first()
    asked_on = notice.start_on if notice else case.received_on
    not_before(received_on, asked_on, "received_on", f"收到补正日期不能早于补正告知日期（{asked_on.isoformat()}）")
    clock.meet(case, Deadline.Kind.SUPPLEMENT, received_on)
    case.status = Status.REGISTERED
    case.clock_started_on = received_on
    case.extension_days = 0
    reclock(case, now=now, was_running=False)
    save(case, "status", "clock_started_on", "extension_days", *CLOCK_FIELDS)
    event(
        case,
        "case.supplemented",
        f"收到补正材料，答复期限重新起算至 {case.due_on.isoformat()}",
        actor,
        received_on=received_on,
        due_on=case.due_on,
    )
    return case


@transaction.atomic
def deem_abandoned(*, actor, case: Case, on: dt.date | None = None, revision: int | None = None) -> Case:
    """No supplement by the deadline: deemed abandoned, table 三 row （六）1."""
    case = lock(case, revision)
    now = today()
    on = on or now
    check_step(case, "deem_abandoned", actor=actor, now=on)
    not_future(on, "on", "视为放弃申请的日期", now=now)
    close_case(case, "other_no_correction", on, actor, "申请人逾期未补正，视为放弃申请，不再处理")
    return case


@transaction.atomic
def request_reasons(
    *,
    actor,
    case: Case,
    reasons_by: dt.date,
    grounds: str = "",
    on: dt.date | None = None,
    revision: int | None = None,
) -> Case:
    """Art. 35: ask the applicant to explain an unusually large or frequent request.

    Art. 35 does not stop the reply clock, so the case stays due (and can become overdue).
    """
    case = lock(case, revision)
    now = today()
    check_step(case, "request_reasons", actor=actor, now=now)
    on = on or now
    not_future(on, "on", "要求说明理由日期", now=now)
    not_before(on, case.received_on, "on", "要求说明理由日期不能早于收到申请日期")
    if reasons_by <= on:
        raise ValidationError({"reasons_by": f"说明理由期限应晚于要求说明理由的日期（{on.isoformat()}）"})
    within_period(reasons_by, on, "reasons_by", "说明理由期限")
    Deadline.objects.create(
        case=case,
        kind=Deadline.Kind.REASONS,
        start_on=on,
        due_on=reasons_by,
        explanation=f"要求申请人于 {reasons_by.isoformat()} 前说明理由（条例第三十五条）",
    )
    case.status = Status.REASONS_REQUESTED
    case.reasons_grounds = grounds.strip() or "您提出的政府信息公开申请的数量、频次明显超过合理范围"
    save(case, "status", "reasons_grounds")
    event(case, "case.reasons_requested", f"要求说明理由，期限 {reasons_by.isoformat()}", actor, reasons_by=reasons_by)
    notify_applicant(case, "reasons", letter=LetterKind.REASONS)
    return case


@transaction.atomic
def record_reasons(
    *,
    actor,
    case: Case,
    on: dt.date,
    reasonable: bool,
    new_due_on: dt.date | None = None,
    note: str = "",
    revision: int | None = None,
) -> Case:
    """Reasons judged unreasonable → not processed (（五）4); reasonable → go on, with a
    reasonable delayed reply date when the Art. 33 period cannot be met."""
    case = lock(case, revision)
    now = today()
    check_step(case, "record_reasons", actor=actor, now=now)
    not_future(on, "on", "收到说明日期", now=now)
    asked = case.deadlines.filter(kind=Deadline.Kind.REASONS).order_by("-id").first()
    asked_on = asked.start_on if asked else case.received_on
    not_before(on, asked_on, "on", f"收到说明日期不能早于要求说明理由的日期（{asked_on.isoformat()}）")
    clock.meet(case, Deadline.Kind.REASONS, on)
    if not reasonable:
        close_case(case, "not_processed_excessive", on, actor, note or "申请人未说明合理理由，不予处理")
        return case
    case.status = Status.REGISTERED
    fields = ["status"]
    if new_due_on is not None:
        if now > case.due_on:
            raise CaseStateError(f"答复期限（{case.due_on.isoformat()}）已过，不能再确定延迟答复期限")
        if new_due_on <= case.due_on:
            raise ValidationError({"new_due_on": f"延迟答复期限应晚于原答复期限（{case.due_on.isoformat()}）"})
        within_period(new_due_on, case.due_on, "new_due_on", "延迟答复期限")
        case.delayed_due_on = new_due_on
        reclock(case, now=now)
        fields += ["delayed_due_on", *CLOCK_FIELDS]
    save(case, *fields)
    event(case, "case.reasons_recorded", "理由合理，继续办理", actor, note=note, new_due_on=new_due_on)
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
    revision: int | None = None,
) -> Consultation:
    case = lock(case, revision)
    now = today()
    check_step(case, "consult", actor=actor, now=now)
    if party_kind not in Consultation.Party.values:
        raise ValidationError({"party_kind": "请选择征求对象类型"})
    if not party_name.strip():
        raise ValidationError({"party_name": "请填写征求对象名称"})
    if case.consultations.filter(party_name=party_name.strip(), opinion="").exists():
        raise ValidationError({"party_name": f"已经在向{party_name.strip()}征求意见，尚未登记结果"})
    not_future(sent_on, "sent_on", "征求意见书发出日期", now=now)
    not_before(
        sent_on,
        case.clock_started_on,
        "sent_on",
        f"征求意见书发出日期不能早于答复期限起算日（{case.clock_started_on.isoformat()}）",
    )
    if received_by_party_on is not None:
        not_future(received_by_party_on, "received_by_party_on", "对方收到日期", now=now)
        not_before(received_by_party_on, sent_on, "received_by_party_on", "对方收到日期不能早于发出日期")
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
        prefix=f"{party_name.strip()}应在收到征求意见书后15个工作日内答复：",
    )
    reclock(case, now=now)
    save(case, *CLOCK_FIELDS)
    event(
        case,
        "case.consultation_started",
        f"向{party_name.strip()}征求意见，答复期限 {party_due.end.isoformat()}，征求意见期间不计入答复期限",
        actor,
        party=party_name.strip(),
        sent_on=sent_on,
        due_on=case.due_on,
    )
    return consultation


@transaction.atomic
def record_opinion(
    *,
    actor,
    consultation: Consultation,
    replied_on: dt.date | None,
    opinion: str,
    note: str = "",
    revision: int | None = None,
) -> Consultation:
    """Record the answer (or its absence once the 15 days ran out). A co-maker's silence is
    consent (Art. 34); a third party's silence is not (Art. 32: the agency decides)."""
    case = lock(consultation.case, revision)
    now = today()
    check_step(case, "opinion", actor=actor, now=now)
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk, case=case)
    if consultation.opinion:
        raise CaseStateError(f"对{consultation.party_name}的征求意见已登记结果")
    if opinion not in Consultation.Opinion.values:
        raise ValidationError({"opinion": "请选择对方的意见"})
    if opinion == Consultation.Opinion.NO_REPLY:
        if now <= consultation.party_due_on:
            raise CaseStateError(f"对方答复期限（{consultation.party_due_on.isoformat()}）尚未届满")
        replied_on = None
        if consultation.party_kind == Consultation.Party.CO_MAKER:
            note = note or "共同制作机关逾期未答复，视为同意公开（条例第三十四条）"
    elif replied_on is None:
        raise ValidationError({"replied_on": "请填写对方答复日期"})
    else:
        not_future(replied_on, "replied_on", "对方答复日期", now=now)
        not_before(replied_on, consultation.sent_on, "replied_on", "对方答复日期不能早于征求意见书发出日期")
    consultation.replied_on, consultation.opinion, consultation.opinion_note = replied_on, opinion, note
    consultation.save(update_fields=["replied_on", "opinion", "opinion_note"])
    clock.meet(case, Deadline.Kind.CONSULTATION, replied_on or consultation.party_due_on)
    reclock(case, now=now)
    save(case, *CLOCK_FIELDS)
    event(
        case,
        "case.opinion_recorded",
        f"{consultation.party_name}：{consultation.get_opinion_display()}",
        actor,
        opinion=opinion,
        replied_on=replied_on,
        due_on=case.due_on,
    )
    return consultation


def view_applicant(*, actor, case: Case) -> Applicant:
    """Return the applicant's full details and log that this person looked at them."""
    event(case, "applicant.viewed", "查看申请人完整信息", actor)
    return case.applicant


__all__ = [
    "CaseStateError",
    "assign_case",
    "claim_case",
    "deem_abandoned",
    "record_opinion",
    "record_reasons",
    "record_supplement",
    "request_reasons",
    "request_supplement",
    "start_consultation",
    "view_applicant",
]
