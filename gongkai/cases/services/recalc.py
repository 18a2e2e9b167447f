"""Recomputing provisional dates once the holiday schedule of their year is loaded (decision 0016).

A date that reaches into a year whose schedule was not loaded is provisional (decisions 0002,
0016). When that year is loaded, deadlines.services.load_schedule announces it
(deadlines.signals.schedule_loaded, connected in CasesConfig.ready) and every open case's
provisional dates reaching into it are recomputed with the same clock functions that made them.
The hourly task in cases/tasks.py does the same for anything a missed announcement left behind.
Each case whose date moved gets an audit event (which the staff 工作台 reads) and an e-mail to
the people handling it.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import partial

from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q

from gongkai.core.audit import record_event
from gongkai.deadlines.models import CalendarYear

from ..models import Case, Deadline
from ..reminders import handlers_of
from . import clock
from .steps import CLOCK_FIELDS, save

logger = logging.getLogger(__name__)

# Audit event codes: a date moved (the clerk is told), or only lost its 暂定 flag.
RECALCULATED = "case.dates_recalculated"
CONFIRMED = "case.dates_confirmed"
# The hourly catch-up's name in the audit log.
CATCH_UP_LABEL = "定时任务（补做节假日安排录入后的重算）"


@dataclass(frozen=True)
class DateChange:
    """One recomputed date of a case."""

    label: str
    before: dt.date
    after: dt.date
    provisional: bool  # still provisional afterwards (another year is still not loaded)

    @property
    def moved(self) -> bool:
        return self.before != self.after

    def describe(self) -> str:
        if self.moved:
            text = f"{self.label}由 {self.before.isoformat()} 改为 {self.after.isoformat()}"
        else:
            text = f"{self.label} {self.after.isoformat()} 不变"
        return text + ("（仍为暂定）" if self.provisional else "")

    def as_data(self) -> dict:
        return {
            "label": self.label,
            "before": self.before.isoformat(),
            "after": self.after.isoformat(),
            "provisional": self.provisional,
        }


@dataclass
class Recalculation:
    """What one run did, for the command line and the admin."""

    cases: int = 0  # cases with at least one recomputed date
    moved: int = 0  # … of which a date moved
    failed: list[str] = field(default_factory=list)  # case numbers left for the next run

    def summary(self) -> str:
        text = f"依申请公开：重算 {self.cases} 件申请的暂定期限，其中 {self.moved} 件日期有变化"
        if self.failed:
            text += f"；{len(self.failed)} 件未能重算（{'、'.join(self.failed[:5])}），将在一小时内重试"
        return text


def on_schedule_loaded(sender, *, years, actor=None, actor_label: str = "", **kwargs) -> str:
    """Receiver of deadlines.signals.schedule_loaded (connected in CasesConfig.ready)."""
    label = actor_label or getattr(actor, "username", "") or "节假日安排录入"
    return recompute_provisional_dates(years=years, actor=actor, actor_label=label).summary()


def recompute_provisional_dates(*, years: Iterable[int] | None = None, actor=None, actor_label: str) -> Recalculation:
    """Recompute every open provisional date that reaches into a year loaded since it was computed.

    ``years`` limits the run to those years (the announcement of a load); None takes every
    loaded year (the hourly catch-up). A date is stale when a year between its start and its
    end was loaded after the date was computed; anything else is left alone, so running this
    again changes nothing.
    """
    loaded_at = dict(CalendarYear.objects.values_list("year", "loaded_at"))
    if years is not None:
        wanted = set(years)
        loaded_at = {y: at for y, at in loaded_at.items() if y in wanted}
    result = Recalculation()
    if not loaded_at:
        return result
    pending = (
        Case.objects.open()
        .filter(
            Q(due_provisional=True)
            | Q(deadlines__provisional=True, deadlines__superseded=False, deadlines__met_on__isnull=True)
        )
        .distinct()
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for case_id in pending:
        try:
            with transaction.atomic():
                changes = _recompute_case(case_id, loaded_at, actor=actor, actor_label=actor_label)
        except ValueError:  # a date outside what can be computed: left as it was, logged
            logger.exception("recomputing the provisional dates of case %s failed", case_id)
            result.failed.append(Case.objects.filter(pk=case_id).values_list("number", flat=True).first() or "?")
            continue
        if changes:
            result.cases += 1
            result.moved += any(c.moved for c in changes)
    return result


def _stale_years(start: dt.date, end: dt.date, computed_at: dt.datetime, loaded_at: dict) -> set[int]:
    return {y for y in range(start.year, end.year + 1) if y in loaded_at and loaded_at[y] > computed_at}


def _recompute_case(case_id: int, loaded_at: dict, *, actor, actor_label: str) -> list[DateChange]:
    # of=self: PostgreSQL cannot lock the nullable side of the outer join to the assignee.
    case = Case.objects.select_for_update(of=("self",)).select_related("agency", "assignee").get(pk=case_id)
    if not case.is_open:
        return []
    changes: list[DateChange] = []
    years: set[int] = set()
    moved_pause = False

    open_provisional = case.deadlines.filter(provisional=True, superseded=False, met_on__isnull=True).exclude(
        kind=Deadline.Kind.REPLY
    )
    for deadline in open_provisional:
        if deadline.working_days is None:
            continue  # a date the clerk set, not counted on the calendar
        stale = _stale_years(deadline.start_on, deadline.due_on, deadline.created_at, loaded_at)
        if not stale:
            continue
        change = _recompute_deadline(case, deadline)
        if change is not None:
            years |= stale
            changes.append(change)
            moved_pause |= change.moved and deadline.kind in (Deadline.Kind.CONSULTATION, Deadline.Kind.FEE_PAYMENT)

    reply = clock.current_reply_deadline(case)
    # Only a reply date the clock computed: an Art. 35 date set by the clerk is not recomputed.
    if reply is not None and reply.due_on == case.due_on:
        stale = (
            _stale_years(case.clock_started_on, case.due_on, reply.created_at, loaded_at)
            if case.due_provisional
            else set()
        )
        if stale or moved_pause:
            before = case.due_on
            clock.recompute_reply_due(case)
            save(case, *CLOCK_FIELDS)  # a new revision: a form shown with the old date is stale
            if before != case.due_on or not case.due_provisional:
                years |= stale
                changes.insert(0, DateChange(Deadline.Kind.REPLY.label, before, case.due_on, case.due_provisional))

    if changes:
        _record(case, changes, years, actor=actor, actor_label=actor_label)
    return changes


def _recompute_deadline(case: Case, deadline: Deadline) -> DateChange | None:
    """Recount one working-day deadline from its stored start; keep the ledger (supersede)."""
    span = clock.span(deadline.start_on, deadline.working_days)
    if span.end == deadline.due_on and span.is_provisional:
        return None  # nothing learned yet
    # The stored explanation is the service's prefix followed by the span's own sentence.
    marker = f"自 {deadline.start_on.isoformat()} 次日起算"
    prefix = deadline.explanation.split(marker, 1)[0] if marker in deadline.explanation else ""
    change = DateChange(deadline.get_kind_display(), deadline.due_on, span.end, span.is_provisional)
    if span.end == deadline.due_on:
        deadline.provisional, deadline.explanation = False, prefix + span.explain()
        deadline.save(update_fields=["provisional", "explanation"])
        return change
    deadline.superseded = True
    deadline.save(update_fields=["superseded"])
    clock.add_deadline(case, deadline.kind, deadline.start_on, deadline.working_days, prefix=prefix)
    # The stored facts the reply clock's pauses read must follow (clock.pauses_of).
    if deadline.kind == Deadline.Kind.CONSULTATION:
        case.consultations.filter(
            Q(received_by_party_on=deadline.start_on) | Q(received_by_party_on__isnull=True, sent_on=deadline.start_on),
            party_due_on=deadline.due_on,
            replied_on__isnull=True,
        ).update(party_due_on=span.end)
    elif deadline.kind == Deadline.Kind.FEE_PAYMENT:
        notice = getattr(case, "fee_notice", None)
        if notice is not None and notice.paid_on is None and notice.pay_by == deadline.due_on:
            notice.pay_by = span.end
            notice.save(update_fields=["pay_by"])
    return change


def _record(case: Case, changes: list[DateChange], years: set[int], *, actor, actor_label: str) -> None:
    moved = [c for c in changes if c.moved]
    year_text = "、".join(str(y) for y in sorted(years))
    verb = "重算" if moved else "核对"
    record_event(
        code=RECALCULATED if moved else CONFIRMED,
        summary=f"{case.number}：录入{year_text}年节假日安排后{verb}：" + "；".join(c.describe() for c in changes),
        actor=actor,
        actor_label=actor_label,
        agency=case.agency,
        target=case,
        data={"years": sorted(years), "changes": [c.as_data() for c in changes]},
    )
    if moved:
        transaction.on_commit(partial(_tell_handlers, case.pk, year_text, [c.describe() for c in moved]))


def _tell_handlers(case_id: int, year_text: str, lines: list[str]) -> None:
    """E-mail the assignee (or the agency's clerks) that a date moved; the 工作台 shows it too."""
    case = Case.objects.select_related("agency", "assignee").get(pk=case_id)
    for user in handlers_of(case):
        if not user.email:
            continue
        body = "\n".join(
            [
                f"{user}：",
                "",
                f"{year_text}年节假日安排已录入，{case.number} 的期限已按正式安排重算：",
                *(line + "。" for line in lines),
                "",
                case.due_explanation,
            ]
        )
        try:
            send_mail(f"【期限重算】{case.number}", body + "\n", None, [user.email])
        except OSError:
            logger.warning("mail about recomputed dates of %s to %s failed", case.number, user.email)
