"""Figures of the annual report computed from the records (tables 三 and 四, fee facts)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Q, Sum

from gongkai.cases.models import Case, FeeNotice
from gongkai.catalog.models import Document
from gongkai.organizations.models import Agency
from gongkai.remedies.selectors import remedy_table
from gongkai.statute.outcomes import ApplicantType
from gongkai.statute.reports.formats import APPLICANT_COLUMNS, ReportFormat

COLUMN = {t.value: i for i, t in enumerate(ApplicantType)}
TOTAL = len(APPLICANT_COLUMNS) - 1

__all__ = ["fee_facts", "has_catalog", "has_records", "remedy_table", "request_table"]


def _row() -> list[int]:
    return [0] * len(APPLICANT_COLUMNS)


def _add(row: list[int], kind: str, n: int) -> None:
    row[COLUMN[kind]] += n
    row[TOTAL] += n


def request_table(*, agency: Agency, year: int, fmt: ReportFormat) -> dict[str, list[int]]:
    """Table 三: new = received in the year; carried in = received earlier and open on 1 January;
    outcomes = replied in the year, by applicant type; carried out = open on 31 December."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    cases = Case.objects.filter(agency=agency)
    table = {key: _row() for key in fmt.request_keys}
    for kind, n in cases.filter(received_on__range=(first, last)).values_list("applicant_kind").annotate(n=Count("id")):
        _add(table["new"], kind, n)
    carried_in = cases.filter(received_on__lt=first).filter(Q(replied_on__isnull=True) | Q(replied_on__gte=first))
    for kind, n in carried_in.values_list("applicant_kind").annotate(n=Count("id")):
        _add(table["carried_in"], kind, n)
    replied = cases.filter(replied_on__range=(first, last)).exclude(outcome="")
    for kind, outcome, n in replied.values_list("applicant_kind", "outcome").annotate(n=Count("id")):
        _add(table[fmt.outcome_key(outcome)], kind, n)
        _add(table["total"], kind, n)
    carried_out = cases.filter(received_on__lte=last).filter(Q(replied_on__isnull=True) | Q(replied_on__gt=last))
    for kind, n in carried_out.values_list("applicant_kind").annotate(n=Count("id")):
        _add(table["carried_out"], kind, n)
    return table


def fee_facts(*, agency: Agency, year: int) -> dict:
    """Information-processing fees of the year: notices issued, amounts notified and collected (元)."""
    notices = FeeNotice.objects.filter(case__agency=agency, issued_on__year=year)
    paid = FeeNotice.objects.filter(case__agency=agency, paid_on__year=year)
    return {
        "notices": notices.count(),
        "notified_yuan": str(notices.aggregate(s=Sum("amount"))["s"] or Decimal("0")),
        "collected_yuan": str(paid.aggregate(s=Sum("amount"))["s"] or Decimal("0")),
        "paid": paid.count(),
    }


def has_catalog(*, agency: Agency) -> bool:
    """Whether the agency keeps its 规章 and 行政规范性文件 in Gongkai's catalogue."""
    return Document.objects.filter(agency=agency, kind__in=["rule", "normative"]).exists()


def has_records(*, agency: Agency, year: int) -> bool:
    """Whether anything in the records concerns the year (cases received, open or replied in it)."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    cases = Case.objects.filter(agency=agency, received_on__lte=last).filter(
        Q(received_on__gte=first) | Q(replied_on__isnull=True) | Q(replied_on__gte=first)
    )
    if cases.exists():
        return True
    table = remedy_table(agency=agency, year=year)
    return any(row[-1] for row in table.values())
