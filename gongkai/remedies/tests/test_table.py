"""Table 四: each case in the year it was filed, with its outcome as of 31 December."""

import datetime as dt

import pytest

from gongkai.remedies import services as s
from gongkai.remedies.selectors import remedy_table

from .factories import remedy

pytestmark = pytest.mark.django_db
D = dt.date


def test_counts_by_filing_year_with_outcome_at_year_end(agency_a, agency_b, clerk_a, clerk_b):
    def add(kind, filed_on, outcome=None, decided_on=None, actor=clerk_a, agency=agency_a):
        r = remedy(agency, actor, kind=kind, filed_on=filed_on, served_on=None)
        if outcome:
            s.record_outcome(actor=actor, remedy=r, outcome=outcome, decided_on=decided_on)
        return r

    add("reconsideration", D(2024, 3, 1), "maintained", D(2024, 5, 1))
    add("reconsideration", D(2024, 6, 1), "corrected", D(2024, 8, 1))
    add("reconsideration", D(2024, 11, 20), "maintained", D(2025, 1, 15))  # decided after year end → pending
    add("reconsideration", D(2024, 12, 1))  # still pending
    add("litigation_direct", D(2024, 7, 1), "other", D(2024, 12, 31))  # decided on the last day: counts
    add("litigation_after_reconsideration", D(2023, 12, 30), "maintained", D(2024, 3, 1))  # a 2023 case
    add("litigation_after_reconsideration", D(2025, 1, 2))  # a 2025 case
    add("reconsideration", D(2024, 4, 1), actor=clerk_b, agency=agency_b)  # another agency

    assert remedy_table(agency=agency_a, year=2024) == {
        "reconsideration": [1, 1, 0, 2, 4],
        "litigation_direct": [0, 0, 1, 0, 1],
        "litigation_after_reconsideration": [0, 0, 0, 0, 0],
    }
    # Filed in 2023, decided in 2024: the 2023 report shows it pending; it never counts in 2024.
    assert remedy_table(agency=agency_a, year=2023)["litigation_after_reconsideration"] == [0, 0, 0, 1, 1]
    assert remedy_table(agency=agency_a, year=2025) == {
        "reconsideration": [0, 0, 0, 0, 0],
        "litigation_direct": [0, 0, 0, 0, 0],
        "litigation_after_reconsideration": [0, 0, 0, 1, 1],
    }


def test_every_row_balances(agency_a, clerk_a):
    remedy(agency_a, clerk_a, filed_on=D(2024, 3, 1), served_on=None)
    for row in remedy_table(agency=agency_a, year=2024).values():
        assert row[4] == sum(row[:4])


def test_empty_year_is_all_zeros(agency_a):
    table = remedy_table(agency=agency_a, year=2024)
    assert list(table) == ["reconsideration", "litigation_direct", "litigation_after_reconsideration"]
    assert all(row == [0, 0, 0, 0, 0] for row in table.values())
