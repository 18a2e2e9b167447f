"""Every change to a remedy case: guard → save → audit event (one per change)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.cases.models import Case
from gongkai.core.audit import record_event
from gongkai.deadlines.calendars import current_calendar
from gongkai.organizations.access import roles_in
from gongkai.organizations.models import Agency, Role
from gongkai.statute.remedies import reply_due

from . import files
from .evidence import evidence_bundle
from .models import Hearing, Kind, Outcome, RemedyCase, RemedyDocument

__all__ = [
    "add_document",
    "add_hearing",
    "evidence_bundle",
    "link_case",
    "on_schedule_loaded",
    "record_outcome",
    "record_reply",
    "record_service",
    "refresh_provisional_dues",
    "register_remedy",
    "unlink_case",
]


def _acting(actor, agency: Agency) -> None:
    """Only members of the agency with an acting role (not supervisors) change its docket."""
    if not roles_in(actor, agency) - {Role.SUPERVISOR}:
        raise PermissionDenied("您不是本机关的工作人员，不能办理复议诉讼案件")


def _event(remedy: RemedyCase, code: str, summary: str, actor, **data) -> None:
    record_event(
        code=code,
        summary=f"{remedy.number}：{summary}",
        actor=actor,
        agency=remedy.agency,
        target=remedy,
        data={k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in data.items()},
    )


def _lock(remedy: RemedyCase) -> RemedyCase:
    return RemedyCase.objects.select_for_update().select_related("agency").get(pk=remedy.pk)


def _today() -> dt.date:
    return timezone.localdate()


def _not_future(field: str, day: dt.date, label: str) -> None:
    if day > _today():
        raise ValidationError({field: f"{label}不能晚于今天"})


def _recompute_due(remedy: RemedyCase) -> None:
    """The reply/defence deadline from the stored facts (statute.remedies.reply_due)."""
    if remedy.served_on is None:
        remedy.reply_due_on, remedy.reply_due_provisional, remedy.reply_due_explanation = None, False, ""
        return
    due = reply_due(current_calendar(), remedy.kind, remedy.served_on, simplified=remedy.simplified)
    remedy.reply_due_on = due.due_on
    remedy.reply_due_provisional = due.provisional
    remedy.reply_due_explanation = f"{due.basis}。{due.explanation}"


def _check_service(*, kind: str, filed_on: dt.date, served_on: dt.date | None, simplified: bool) -> None:
    if served_on is not None:
        if served_on < filed_on:
            raise ValidationError({"served_on": "收到副本日期不能早于立案（受理）日期"})
        _not_future("served_on", served_on, "收到副本日期")
    if simplified and kind != Kind.RECONSIDERATION:
        raise ValidationError({"simplified": "只有行政复议适用简易程序"})
    if simplified and served_on is not None and served_on < dt.date(2024, 1, 1):
        raise ValidationError({"simplified": "2024年1月1日前的行政复议没有简易程序"})


def _check_case(agency: Agency, case: Case) -> None:
    if case.agency_id != agency.pk:
        raise ValidationError({"cases": f"{case.number} 不是本机关的依申请公开件，不能关联"})


# -- registration ---------------------------------------------------------------------------


@transaction.atomic
def register_remedy(
    *,
    actor,
    agency: Agency,
    kind: str,
    number: str,
    body: str,
    applicant_name: str,
    filed_on: dt.date,
    served_on: dt.date | None = None,
    simplified: bool = False,
    cases: Iterable[Case] = (),
) -> RemedyCase:
    """Enter a reconsideration or lawsuit the agency has been notified of."""
    _acting(actor, agency)
    number, body, applicant_name = number.strip(), body.strip(), applicant_name.strip()
    errors = {}
    if kind not in Kind.values:
        errors["kind"] = "请选择案件类型"
    if not number:
        errors["number"] = "请填写复议机关或法院的案号"
    elif RemedyCase.objects.filter(agency=agency, number=number).exists():
        errors["number"] = f"本机关已登记案号为 {number} 的案件"
    if not body:
        errors["body"] = "请填写复议机关或法院"
    if not applicant_name:
        errors["applicant_name"] = "请填写申请人或原告"
    if errors:
        raise ValidationError(errors)
    _not_future("filed_on", filed_on, "立案（受理）日期")
    _check_service(kind=kind, filed_on=filed_on, served_on=served_on, simplified=simplified)
    cases = list(cases)
    for case in cases:
        _check_case(agency, case)
    remedy = RemedyCase(
        agency=agency,
        kind=kind,
        number=number,
        body=body,
        applicant_name=applicant_name,
        filed_on=filed_on,
        served_on=served_on,
        simplified=simplified,
    )
    _recompute_due(remedy)
    remedy.save()
    remedy.cases.set(cases)
    _event(
        remedy,
        "remedy.registered",
        f"登记{remedy.get_kind_display()}（{body}，{filed_on.isoformat()} 立案）"
        + (f"，答复期限 {remedy.reply_due_on.isoformat()}" if remedy.reply_due_on else ""),
        actor,
        kind=kind,
        body=body,
        applicant_name=applicant_name,
        filed_on=filed_on,
        served_on=served_on,
        simplified=simplified,
        cases=[c.number for c in cases],
    )
    return remedy


@transaction.atomic
def record_service(*, actor, remedy: RemedyCase, served_on: dt.date, simplified: bool | None = None) -> RemedyCase:
    """The agency received the copy of the application or complaint: its reply clock starts."""
    _acting(actor, remedy.agency)
    remedy = _lock(remedy)
    if remedy.replied_on is not None:
        raise ValidationError("已提交答复（答辩），不能再修改收到副本日期")
    simplified = remedy.simplified if simplified is None else simplified
    _check_service(kind=remedy.kind, filed_on=remedy.filed_on, served_on=served_on, simplified=simplified)
    previous = remedy.served_on
    remedy.served_on, remedy.simplified = served_on, simplified
    _recompute_due(remedy)
    remedy.save(
        update_fields=[
            "served_on",
            "simplified",
            "reply_due_on",
            "reply_due_provisional",
            "reply_due_explanation",
            "updated_at",
        ]
    )
    _event(
        remedy,
        "remedy.served",
        f"{served_on.isoformat()} 收到副本{'（简易程序）' if simplified else ''}，"
        f"答复期限 {remedy.reply_due_on.isoformat()}{'（暂定）' if remedy.reply_due_provisional else ''}",
        actor,
        served_on=served_on,
        previous=previous,
        simplified=simplified,
        reply_due_on=remedy.reply_due_on,
    )
    return remedy


def refresh_provisional_dues(*, agency: Agency | None = None) -> int:
    """Recompute provisional reply dates (after a year's holiday schedule is loaded); no event,
    since no fact changed. Saves only what changed, so the hourly rerun is cheap. Returns how
    many dates moved."""
    moved = 0
    pending = RemedyCase.objects.filter(reply_due_provisional=True, replied_on__isnull=True)
    if agency is not None:
        pending = pending.filter(agency=agency)
    for remedy in pending:
        before = (remedy.reply_due_on, remedy.reply_due_provisional, remedy.reply_due_explanation)
        _recompute_due(remedy)
        if (remedy.reply_due_on, remedy.reply_due_provisional, remedy.reply_due_explanation) == before:
            continue
        remedy.save(update_fields=["reply_due_on", "reply_due_provisional", "reply_due_explanation", "updated_at"])
        moved += remedy.reply_due_on != before[0]
    return moved


def on_schedule_loaded(sender, *, years, **kwargs) -> str | None:
    """Receiver of deadlines.signals.schedule_loaded (connected in RemediesConfig.ready)."""
    moved = refresh_provisional_dues()
    return f"行政复议、行政诉讼：{moved} 件案件的答复（答辩）期限按新录入的安排改变" if moved else None


# -- linked OGI cases ---------------------------------------------------------------------------


@transaction.atomic
def link_case(*, actor, remedy: RemedyCase, case: Case) -> RemedyCase:
    _acting(actor, remedy.agency)
    _check_case(remedy.agency, case)
    if remedy.cases.filter(pk=case.pk).exists():
        raise ValidationError({"case": f"已关联 {case.number}"})
    remedy.cases.add(case)
    _event(remedy, "remedy.case_linked", f"关联依申请公开件 {case.number}", actor, case=case.number)
    return remedy


@transaction.atomic
def unlink_case(*, actor, remedy: RemedyCase, case: Case) -> RemedyCase:
    _acting(actor, remedy.agency)
    if not remedy.cases.filter(pk=case.pk).exists():
        raise ValidationError({"case": f"本案未关联 {case.number}"})
    remedy.cases.remove(case)
    _event(remedy, "remedy.case_unlinked", f"取消关联依申请公开件 {case.number}", actor, case=case.number)
    return remedy


# -- the agency's reply, hearings, outcome ------------------------------------------------------


@transaction.atomic
def record_reply(*, actor, remedy: RemedyCase, replied_on: dt.date) -> RemedyCase:
    """The agency filed its written reply (复议答复) or defence (答辩状) with the evidence."""
    _acting(actor, remedy.agency)
    remedy = _lock(remedy)
    if remedy.served_on is None:
        raise ValidationError({"replied_on": "请先登记收到申请书（起诉状）副本的日期"})
    if replied_on < remedy.served_on:
        raise ValidationError({"replied_on": "答复（答辩）日期不能早于收到副本日期"})
    _not_future("replied_on", replied_on, "答复（答辩）日期")
    late = remedy.reply_due_on is not None and replied_on > remedy.reply_due_on
    previous = remedy.replied_on
    remedy.replied_on = replied_on
    remedy.save(update_fields=["replied_on", "updated_at"])
    word = "答辩" if remedy.is_litigation else "答复"
    _event(
        remedy,
        "remedy.replied",
        f"{replied_on.isoformat()} 提交书面{word}及证据" + ("（已超过期限）" if late else ""),
        actor,
        replied_on=replied_on,
        previous=previous,
        reply_due_on=remedy.reply_due_on,
        late=late,
    )
    return remedy


@transaction.atomic
def add_hearing(*, actor, remedy: RemedyCase, on: dt.date, note: str = "") -> Hearing:
    _acting(actor, remedy.agency)
    if on < remedy.filed_on:
        raise ValidationError({"on": "开庭（听证）日期不能早于立案日期"})
    hearing = Hearing.objects.create(remedy=remedy, on=on, note=note.strip())
    _event(remedy, "remedy.hearing_added", f"登记开庭（听证）{on.isoformat()} {hearing.note}".strip(), actor, on=on)
    return hearing


@transaction.atomic
def record_outcome(*, actor, remedy: RemedyCase, outcome: str, decided_on: dt.date | None = None) -> RemedyCase:
    """The decision or judgment; ``pending`` reopens the case and clears the date."""
    _acting(actor, remedy.agency)
    remedy = _lock(remedy)
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": "请选择审理结果"})
    if outcome == Outcome.PENDING:
        decided_on = None
    else:
        if decided_on is None:
            raise ValidationError({"decided_on": "请填写审结日期"})
        if decided_on < remedy.filed_on:
            raise ValidationError({"decided_on": "审结日期不能早于立案（受理）日期"})
        _not_future("decided_on", decided_on, "审结日期")
    previous = (remedy.outcome, remedy.decided_on)
    remedy.outcome, remedy.decided_on = outcome, decided_on
    remedy.save(update_fields=["outcome", "decided_on", "updated_at"])
    _event(
        remedy,
        "remedy.outcome_recorded",
        f"审理结果：{remedy.get_outcome_display()}" + (f"（{decided_on.isoformat()} 审结）" if decided_on else ""),
        actor,
        outcome=outcome,
        decided_on=decided_on,
        previous_outcome=previous[0],
        previous_decided_on=previous[1],
    )
    return remedy


@transaction.atomic
def add_document(*, actor, remedy: RemedyCase, name: str, data: bytes) -> RemedyDocument:
    """Keep a paper of the case; its type is read from the bytes (PDF, JPEG, PNG, .docx)."""
    _acting(actor, remedy.agency)
    if not data:
        raise ValidationError({"file": "文件是空的"})
    if len(data) > files.MAX_DOCUMENT_BYTES:
        raise ValidationError({"file": "文件不能超过 10 MB"})
    content_type = files.sniff(data)
    if content_type is None:
        raise ValidationError({"file": f"只接受 {files.ALLOWED_LABELS} 文件（按文件内容识别，不看扩展名）"})
    document = RemedyDocument.objects.create(
        remedy=remedy,
        name=files.clean_name(name, content_type),
        content_type=content_type,
        data=data,
        size=len(data),
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _event(
        remedy,
        "remedy.document_added",
        f"上传材料 {document.name}",
        actor,
        name=document.name,
        content_type=content_type,
        size=len(data),
    )
    return document
