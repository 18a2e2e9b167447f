"""How an agency's catalogue meets its 标准目录: per item, per department, for the whole agency.

Each item's 公开时限 rule (statute.directory) is applied to the documents filed under it: their
成文日期 and, once published, 发布日期. Nothing is stored: the figures are recomputed from the
documents on the day asked, so publishing a document moves its item from overdue to met at once.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from gongkai.deadlines.calendars import current_calendar
from gongkai.directories.models import DirectoryItem
from gongkai.directories.services import realtime_grace
from gongkai.organizations.models import Agency
from gongkai.statute.directory import Assessment, Filing, Tally, assess

from .models import Document, Status

# A document counts as published under its item from its 发布日期, even if later withdrawn.
PUBLISHED_STATUSES = (Status.PUBLISHED, Status.UNPUBLISHED, Status.REPEALED)
NO_DEPARTMENT = "未指定责任科室"


@dataclass
class ItemStatus:
    item: DirectoryItem
    assessment: Assessment

    @property
    def overdue(self):
        return self.assessment.overdue


@dataclass
class DepartmentSummary:
    name: str
    department_id: int | None
    tally: Tally = field(default_factory=Tally)
    overdue: list[ItemStatus] = field(default_factory=list)
    never_published: list[ItemStatus] = field(default_factory=list)


@dataclass
class ComplianceSummary:
    agency: Agency
    on: dt.date
    items: list[ItemStatus]
    total: Tally
    departments: list[DepartmentSummary]
    areas: dict[str, Tally]

    @property
    def overdue(self) -> list[ItemStatus]:
        return [s for s in self.items if s.overdue]

    @property
    def never_published(self) -> list[ItemStatus]:
        return [s for s in self.items if s.assessment.never_published]


def _filings(items: list[DirectoryItem], on: dt.date) -> dict[int, list[Filing]]:
    out: dict[int, list[Filing]] = defaultdict(list)
    rows = Document.objects.filter(directory_item__in=[i.pk for i in items]).values_list(
        "pk", "directory_item_id", "written_on", "published_on", "status"
    )
    for pk, item_id, written_on, published_on, status in rows:
        shown = published_on if status in PUBLISHED_STATUSES else None
        out[item_id].append(Filing(pk, written_on, shown))
    return out


def assess_items(agency: Agency, on: dt.date, items=None) -> list[ItemStatus]:
    """Every current item of the agency (or those given) with what its rule expected by ``on``."""
    if items is None:
        items = DirectoryItem.objects.current().filter(agency=agency).select_related("department")
    items = list(items)
    calendar = current_calendar()
    grace = realtime_grace(agency)
    filings = _filings(items, on)
    out = []
    for item in items:
        found = filings.get(item.pk, [])
        out.append(ItemStatus(item, assess(item.rule, found, on, calendar, since=item.tracked_from, grace_days=grace)))
    return out


def compliance_summary(agency: Agency, on: dt.date) -> ComplianceSummary:
    """The agency's 标准目录 compliance on a day: totals, per responsible department, per area.

    For the staff desk, the reminder, the self-check and the annual report's narrative.
    """
    statuses = assess_items(agency, on)
    total = Tally()
    departments: dict[int | None, DepartmentSummary] = {}
    areas: dict[str, Tally] = {}
    for status in statuses:
        item = status.item
        total.add(status.assessment)
        areas.setdefault(item.area, Tally()).add(status.assessment)
        key = item.department_id
        if key not in departments:
            departments[key] = DepartmentSummary(item.department.name if key else NO_DEPARTMENT, key)
        summary = departments[key]
        summary.tally.add(status.assessment)
        if status.overdue:
            summary.overdue.append(status)
        if status.assessment.never_published:
            summary.never_published.append(status)
    ordered = sorted(departments.values(), key=lambda d: (d.department_id is None, -d.tally.overdue, d.name))
    return ComplianceSummary(agency, on, statuses, total, ordered, areas)
