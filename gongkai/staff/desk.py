"""What the staff home page shows, computed from stored facts (nothing here is written)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from gongkai.cases.access import cases_for
from gongkai.cases.models import ExtensionRequest
from gongkai.cases.selectors import RECALCULATED_NOTICE_DAYS, RecalculatedCase, due_soon_until, recalculated_cases
from gongkai.catalog.compliance import ComplianceSummary, compliance_summary
from gongkai.catalog.queues import Todo, todo_counts
from gongkai.deadlines.calendars import current_calendar
from gongkai.deadlines.models import CalendarDay
from gongkai.directories.models import DirectoryItem
from gongkai.organizations.access import readable_agencies, writable_agencies
from gongkai.organizations.models import Agency, Membership, Role
from gongkai.statute.calendar import ScheduleNotLoaded, WorkCalendar
from gongkai.statute.periods import next_annual_report
from gongkai.suggestions.access import messages_for
from gongkai.suggestions.selectors import pending_counts

WEEKDAYS = "一二三四五六日"
# From this month on, next year's holiday schedule should be loaded (the State Council
# notice usually comes out in November).
SCHEDULE_EXPECTED_FROM_MONTH = 11


@dataclass
class AgencyDesk:
    agency: Agency
    roles: list[str]
    supervised: bool
    report_year: int
    report_deadline: dt.date
    days_left: int
    working_days_left: int | None


@dataclass
class Desk:
    today: dt.date
    weekday: str
    is_workday: bool | None
    day_name: str
    agencies: list[AgencyDesk] = field(default_factory=list)
    next_holiday: CalendarDay | None = None
    missing_years: list[int] = field(default_factory=list)
    can_load_calendar: bool = False
    open_cases: int = 0
    overdue_cases: int = 0
    due_soon_cases: int = 0
    my_cases: int = 0
    can_edit_templates: bool = False
    pending_messages: int = 0
    overdue_messages: int = 0
    # Clerks' requests to extend a reply period, for an office head to decide (Art. 33(2)).
    extension_requests: list = field(default_factory=list)
    # Open cases whose dates moved when a holiday schedule was loaded (last 14 days).
    recalculated: list[RecalculatedCase] = field(default_factory=list)
    recalculated_days: int = RECALCULATED_NOTICE_DAYS
    # 标准目录 items overdue or never published, per responsible department, in the user's agencies.
    directory: list[ComplianceSummary] = field(default_factory=list)
    # Agencies the user may edit the 标准目录 of that have none yet (offered the import).
    directory_missing: list[Agency] = field(default_factory=list)
    # 主动公开: returned drafts and review steps waiting for this user (catalog.queues).
    catalog_todo: list[Todo] = field(default_factory=list)

    @property
    def recalculated_years(self) -> str:
        years = sorted({y for r in self.recalculated for y in r.years})
        return "、".join(str(y) for y in years)


def build_desk(user, today: dt.date | None = None) -> Desk:
    today = today or timezone.localdate()
    calendar = current_calendar()
    try:
        is_workday, day_name = calendar.describe(today)
    except ScheduleNotLoaded:
        is_workday, day_name = None, ""
    desk = Desk(today=today, weekday=WEEKDAYS[today.weekday()], is_workday=is_workday, day_name=day_name)
    desk.missing_years = [
        year
        for year in (today.year, today.year + 1)
        if not calendar.is_loaded(year) and (year == today.year or today.month >= SCHEDULE_EXPECTED_FROM_MONTH)
    ]
    desk.can_load_calendar = user.has_perm("deadlines.add_calendarday")
    desk.next_holiday = CalendarDay.objects.filter(on__gt=today, is_workday=False).exclude(note="").first()

    cases = cases_for(user).open()
    soon = due_soon_until(today)
    desk.open_cases = cases.count()
    desk.overdue_cases = cases.overdue(today).count()
    desk.due_soon_cases = cases.due_soon(today, soon).count()
    desk.my_cases = cases.filter(assignee=user).count()
    desk.pending_messages, desk.overdue_messages = pending_counts(messages_for(user), today)
    desk.catalog_todo = todo_counts(user)
    desk.recalculated = recalculated_cases(user, since=timezone.now() - dt.timedelta(days=RECALCULATED_NOTICE_DAYS))

    desk.can_edit_templates = writable_agencies(user, roles=[Role.OFFICE_HEAD, Role.ADMINISTRATOR]).exists()
    desk.extension_requests = list(
        ExtensionRequest.objects.filter(
            decision=ExtensionRequest.Decision.PENDING,
            case__agency__in=writable_agencies(user, roles=[Role.OFFICE_HEAD]),
        )
        .select_related("case", "requested_by")
        .order_by("case__due_on", "id")
    )

    with_directory = writable_agencies(user).filter(pk__in=DirectoryItem.objects.current().values("agency_id"))
    desk.directory = [compliance_summary(agency, today) for agency in with_directory.order_by("path")[:5]]
    desk.directory_missing = list(
        writable_agencies(user, roles=[Role.OFFICE_HEAD, Role.ADMINISTRATOR]).exclude(pk__in=with_directory)[:5]
    )

    roles: dict[int, list[str]] = {}
    for membership in Membership.objects.filter(user=user).only("agency_id", "role"):
        roles.setdefault(membership.agency_id, []).append(Role(membership.role).label)
    for agency in readable_agencies(user).select_related("parent").order_by("path")[:50]:
        report_year, deadline = next_annual_report(today, agency.report_due)
        desk.agencies.append(
            AgencyDesk(
                agency=agency,
                roles=roles.get(agency.pk, []),
                supervised=agency.pk not in roles,
                report_year=report_year,
                report_deadline=deadline,
                days_left=(deadline - today).days,
                working_days_left=_working_days(calendar, today, deadline),
            )
        )
    return desk


def _working_days(calendar: WorkCalendar, start: dt.date, end: dt.date) -> int | None:
    try:
        return calendar.working_days_between(start, end)
    except ScheduleNotLoaded:
        return None
