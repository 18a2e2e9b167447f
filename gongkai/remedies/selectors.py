"""Reads: table 四 of the annual report."""

from __future__ import annotations

from gongkai.organizations.models import Agency
from gongkai.statute.remedies import OUTCOME_COLUMNS, outcome_at_year_end

from .models import Kind, RemedyCase


def remedy_table(*, agency: Agency, year: int) -> dict[str, list[int]]:
    """The report-data "remedies" dict for ``agency``'s report on ``year``.

    A case counts in the year it was filed (filed_on.year), with its outcome as it stood on
    31 December of that year: decided later (or not yet) → 尚未审结. Each row is
    [维持, 纠正, 其他, 尚未审结, 总计].
    """
    table = {kind: [0] * (len(OUTCOME_COLUMNS) + 1) for kind in Kind.values}
    rows = RemedyCase.objects.filter(agency=agency, filed_on__year=year).values_list("kind", "outcome", "decided_on")
    for kind, outcome, decided_on in rows:
        column = OUTCOME_COLUMNS.index(outcome_at_year_end(outcome, decided_on, year))
        table[kind][column] += 1
        table[kind][-1] += 1
    return table
