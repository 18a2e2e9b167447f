"""Recomputing a case's statutory dates from its stored facts."""

from __future__ import annotations

import datetime as dt

from gongkai.deadlines.calendars import current_calendar
from gongkai.statute.calendar import Span
from gongkai.statute.clock import Pause, reply_due
from gongkai.statute.periods import REPLY_WORKING_DAYS

from ..models import Case, Deadline


def span(start: dt.date, n: int) -> Span:
    """n working days after start; provisional (never guessed silently) in an unloaded year."""
    return current_calendar().span(start, n, provisional=True)


def pauses_of(case: Case) -> list[Pause]:
    """Intervals excluded from the reply clock: consultations (Art. 33(3)) and the fee window.

    A consultation pauses from the day the letter is sent until the reply, or until the other
    side's 15 working days run out (regulation.md §9.5), whichever comes first: a reply that
    arrives after those days does not stretch the pause (the time the law leaves out is the time
    the other side was given; after it the agency decides without the opinion, decision 0021).
    The fee window pauses from the notice until payment or the pay-by date (§9.1, policy default:
    the agency may not process an unpaid charged request).
    """
    pauses = [
        Pause(c.sent_on, min(c.replied_on, c.party_due_on) if c.replied_on else c.party_due_on, "征求意见")
        for c in case.consultations.all()
    ]
    notice = getattr(case, "fee_notice", None) if case.pk else None
    if notice is not None:
        end = notice.paid_on or notice.pay_by or span(notice.issued_on, 20).end
        pauses.append(Pause(notice.issued_on, end, "缴纳信息处理费"))
    return pauses


def current_reply_deadline(case: Case) -> Deadline | None:
    """The reply date's ledger row in force (None for a case not saved yet)."""
    return case.deadlines.filter(kind=Deadline.Kind.REPLY, superseded=False).first() if case.pk else None


def recompute_reply_due(case: Case) -> None:
    """Set due_on (and its explanation) from clock start, extension and pauses; keep the ledger."""
    result = reply_due(
        current_calendar(),
        start=case.clock_started_on,
        working_days=REPLY_WORKING_DAYS + case.extension_days,
        pauses=pauses_of(case),
    )
    case.due_on = result.due_on
    case.due_provisional = bool(result.provisional_years)
    case.due_explanation = result.explanation
    if case.delayed_due_on is not None and case.delayed_due_on > case.due_on:
        # Art. 35: reasons found reasonable, and the agency set a later reply date itself.
        case.due_on, case.due_provisional = case.delayed_due_on, False
        case.due_explanation += (
            f"申请人说明的理由合理，依照条例第三十五条确定延迟答复期限 {case.delayed_due_on.isoformat()}。"
        )
    current = current_reply_deadline(case)
    if current and current.due_on == case.due_on and current.start_on == case.clock_started_on:
        if (current.provisional, current.explanation) != (case.due_provisional, case.due_explanation):
            # Same date, now confirmed by a loaded schedule (or explained anew): the ledger says so.
            current.provisional, current.explanation = case.due_provisional, case.due_explanation
            current.save(update_fields=["provisional", "explanation"])
        return
    if current:
        current.superseded = True
        current.save(update_fields=["superseded"])
    Deadline.objects.create(
        case=case,
        kind=Deadline.Kind.REPLY,
        start_on=case.clock_started_on,
        working_days=REPLY_WORKING_DAYS + case.extension_days,
        due_on=case.due_on,
        provisional=case.due_provisional,
        explanation=case.due_explanation,
    )


def add_deadline(case: Case, kind: str, start: dt.date, n: int, *, prefix: str = "") -> Deadline:
    s = span(start, n)
    return Deadline.objects.create(
        case=case,
        kind=kind,
        start_on=start,
        working_days=n,
        due_on=s.end,
        provisional=s.is_provisional,
        explanation=prefix + s.explain(),
    )


def meet(case: Case, kind: str, on: dt.date) -> None:
    case.deadlines.filter(kind=kind, superseded=False, met_on__isnull=True).update(met_on=on)
