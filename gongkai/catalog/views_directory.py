"""落实情况: every 标准目录 item with what its 公开时限 expected by today and what was published."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from gongkai.organizations.access import access_agency
from gongkai.statute.directory import OUTCOME_LABELS, Outcome

from .compliance import compliance_summary

SHOWN = 4  # expectations listed per item; the rest are counted
OUTCOME_CLASSES = {
    Outcome.MET: "text-bg-success",
    Outcome.LATE: "text-bg-warning",
    Outcome.OVERDUE: "text-bg-danger",
    Outcome.PENDING: "text-bg-secondary",
}


@login_required
def directory_status(request, code):
    agency = access_agency(request.user, code)
    summary = compliance_summary(agency, timezone.localdate())
    areas: dict[str, list] = {}
    for status in summary.items:
        # Met expectations are counted, not listed: a row stays short enough to read on a phone.
        shown = [e for e in status.assessment.expectations if e.outcome != Outcome.MET]
        rows = [
            {
                "label": e.label,
                "due_on": e.due_on,
                "outcome": OUTCOME_LABELS[e.outcome],
                "css": OUTCOME_CLASSES[e.outcome],
                "document": e.filing,
                "published_on": e.published_on,
            }
            for e in shown[:SHOWN]
        ]
        entry = {"status": status, "rows": rows, "more": len(shown) - len(rows)}
        entry["met"] = status.assessment.count(Outcome.MET)
        areas.setdefault(status.item.area, []).append(entry)
    return render(request, "catalog/directory_status.html", {"agency": agency, "summary": summary, "areas": areas})
