"""Importing register rows into an agency's cases, all or nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.core.audit import record_event
from gongkai.deadlines.calendars import current_calendar
from gongkai.organizations.models import Agency
from gongkai.statute.calendar import WorkCalendar
from gongkai.statute.clock import reply_due
from gongkai.statute.outcomes import BY_KEY
from gongkai.statute.periods import REPLY_WORKING_DAYS

from ...models import Applicant, Case, Channel, Deadline, Reply, Status
from .. import clock
from .checking import IMPORT_MARK, Tally, existing_cases, plan_rows
from .reading import RegisterError, RegisterRow, duplicate_errors, file_error, merge_errors


@dataclass(frozen=True)
class ImportResult(Tally):
    """What an import did: 新增、更新、未变 (of which handled in Gongkai)."""


def import_register(
    *, agency: Agency, rows: Iterable[RegisterRow], actor=None, actor_label: str = "", source: str = ""
) -> ImportResult:
    """Create or update the agency's cases from register rows, all or nothing.

    A row equal to what the export prints for its case is skipped as unchanged, so an exported
    register imports unchanged. Otherwise a 受理编号 already in the agency is updated in place when
    that case came from an earlier import (an agency re-imports its corrected register) and refused
    when it was registered or answered in Gongkai. ``source`` (the file name) goes into the audit
    event.
    """
    rows = list(rows)
    duplicates = duplicate_errors([(r.row, r.number) for r in rows])
    if duplicates:
        raise RegisterError(merge_errors(duplicates))
    try:
        with transaction.atomic():
            return _import(agency, rows, actor, actor_label, source)
    except IntegrityError:
        # Someone registered or imported one of these numbers between our check and our insert.
        raise file_error("导入时有其他人同时登记了相同受理编号的申请，未导入任何数据，请重新导入") from None


def _import(agency: Agency, rows: list[RegisterRow], actor, actor_label: str, source: str) -> ImportResult:
    plan = plan_rows(rows, existing_cases(agency, [r.number for r in rows], lock=True))
    if plan.errors:
        raise RegisterError(merge_errors(plan.errors))
    calendar = current_calendar()  # once: the cached calendar is re-validated by two queries a call
    now = timezone.now()
    new_cases: list[Case] = []
    changed: list[Case] = []
    restarted: list[Case] = []
    for row in plan.new:
        case = Case(
            agency=agency,
            number=row.number,
            seq=None,
            channel=Channel.IMPORTED,
            description=IMPORT_MARK,
            received_on=row.received_on,
            clock_started_on=row.received_on,
        )
        _apply(case, row, now)
        _set_due(case, calendar)
        new_cases.append(case)
    for row, case in plan.changed:
        before = _state(case)
        if case.clock_started_on == case.received_on:  # not restarted by a supplement in Gongkai
            case.clock_started_on = row.received_on
        _apply(case, row, now)
        if case.clock_started_on != before["clock_started_on"]:
            restarted.append(case)
        if _state(case) != before:
            case.updated_at = now
            changed.append(case)

    Case.objects.bulk_create(new_cases)
    # The applicant's identity and contacts are not in a register: an empty row keeps
    # case.applicant valid for every screen that shows it.
    Applicant.objects.bulk_create([Applicant(case=case) for case in new_cases])
    Reply.objects.bulk_create([_reply(case) for case in new_cases if not case.is_open])
    # Ledger choice: an imported case gets one REPLY deadline row (met on the reply date, if
    # replied), bulk-created with the same figures clock.recompute_reply_due would store for a
    # case without pauses or extension, which a new imported case never has; the per-case
    # recompute costs about six queries a case. No supplement-notice row: the register does not
    # say whether a notice was needed, and an invented one would show as overdue.
    Deadline.objects.bulk_create([_reply_deadline(case) for case in new_cases])
    for case in restarted:
        # A corrected 收到日期 of an earlier import: rare, so the full recompute (pauses and
        # extension of any Gongkai steps included, ledger superseded) is affordable here.
        clock.recompute_reply_due(case)
    Case.objects.bulk_update(changed, fields=[*_STATE_FIELDS, "updated_at"])
    _sync_replies(changed)
    _sync_ledger(changed)

    tally = plan.tally()
    result = ImportResult(tally.created, tally.updated, tally.unchanged, tally.unchanged_in_system)
    record_event(
        code="cases.imported",
        summary=f"导入登记簿{f'“{source}”' if source else ''}：{result.total} 件，新增 {result.created}，"
        f"更新 {result.updated}，未变 {result.unchanged}（其中本系统办理 {result.unchanged_in_system}）",
        actor=actor,
        actor_label=actor_label or ("" if actor is not None else "登记簿导入"),
        agency=agency,
        data={
            "rows": result.total,
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "unchanged_in_system": result.unchanged_in_system,
            "source": source,
        },
    )
    return result


_STATE_FIELDS = (
    "applicant_kind",
    "applicant_name",
    "received_on",
    "year",
    "clock_started_on",
    "due_on",
    "due_provisional",
    "due_explanation",
    "status",
    "outcome",
    "replied_on",
    "closed_at",
)


def _state(case: Case) -> dict[str, Any]:
    return {f: getattr(case, f) for f in _STATE_FIELDS}


def _apply(case: Case, row: RegisterRow, now: dt.datetime) -> None:
    """Copy the register's facts onto the case (new or re-imported)."""
    case.applicant_kind = row.applicant_kind
    case.applicant_name = row.applicant_name
    case.received_on = row.received_on
    case.year = row.received_on.year
    if row.is_open:
        if case.status == Status.CLOSED or not case.status:
            case.status = Status.REGISTERED  # reopened by the register (or new)
        case.outcome, case.replied_on, case.closed_at = "", None, None
        return
    if (case.status, case.outcome, case.replied_on) != (Status.CLOSED, row.outcome, row.replied_on):
        case.status, case.outcome, case.replied_on = Status.CLOSED, row.outcome, row.replied_on
        # The register knows only the reply date, so the case is closed at the start of that
        # day (local time): any selection by closed_at then agrees with replied_on.
        case.closed_at = timezone.make_aware(dt.datetime.combine(row.replied_on, dt.time()))


def _set_due(case: Case, calendar: WorkCalendar) -> None:
    """The reply due date as clock.recompute_reply_due computes it for a case without pauses.

    An unloaded calendar year gives a provisional date (decision 0002), never an error.
    """
    try:
        result = reply_due(calendar, start=case.clock_started_on, working_days=REPLY_WORKING_DAYS)
    except (ValueError, OverflowError):
        case.due_on, case.due_provisional = case.clock_started_on, True
        case.due_explanation = "答复期限无法计算，请核对收到日期"
        return
    case.due_on = result.due_on
    case.due_provisional = bool(result.provisional_years)
    case.due_explanation = result.explanation


def _reply(case: Case) -> Reply:
    return Reply(
        case=case,
        outcome=case.outcome,
        legal_basis=BY_KEY[case.outcome].basis,
        body=IMPORT_MARK,
        replied_on=case.replied_on,
    )


def _reply_deadline(case: Case) -> Deadline:
    return Deadline(
        case=case,
        kind=Deadline.Kind.REPLY,
        start_on=case.clock_started_on,
        working_days=REPLY_WORKING_DAYS + case.extension_days,
        due_on=case.due_on,
        provisional=case.due_provisional,
        explanation=case.due_explanation,
        met_on=case.replied_on,
    )


def _sync_replies(cases: list[Case]) -> None:
    """Make each re-imported case's Reply row match its register row (import replies only:
    checking refused any change to a case answered in Gongkai)."""
    create, update, delete = [], [], []
    for case in cases:
        reply = getattr(case, "reply", None)
        if case.is_open:
            if reply is not None:
                delete.append(reply.pk)
        elif reply is None:
            create.append(_reply(case))
        elif (reply.outcome, reply.replied_on) != (case.outcome, case.replied_on):
            reply.outcome, reply.replied_on = case.outcome, case.replied_on
            reply.legal_basis = BY_KEY[case.outcome].basis
            update.append(reply)
    Reply.objects.filter(pk__in=delete).delete()
    Reply.objects.bulk_create(create)
    Reply.objects.bulk_update(update, fields=["outcome", "replied_on", "legal_basis"])


def _sync_ledger(cases: list[Case]) -> None:
    """Mark the current reply deadline of each re-imported case met (or unmet, if reopened)."""
    by_case = {case.pk: case for case in cases}
    current = Deadline.objects.filter(case_id__in=list(by_case), kind=Deadline.Kind.REPLY, superseded=False).order_by()
    stale = []
    for deadline in current:
        met_on = by_case[deadline.case_id].replied_on
        if deadline.met_on != met_on:
            deadline.met_on = met_on
            stale.append(deadline)
    Deadline.objects.bulk_update(stale, fields=["met_on"])
