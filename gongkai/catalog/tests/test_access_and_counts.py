"""Tenancy doors, concurrency-safe index numbers and table 二 (一) counts."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from gongkai.catalog import services
from gongkai.catalog.access import access_document, documents_for
from gongkai.catalog.models import Document, IndexCounter, Kind, Status, Validity
from gongkai.catalog.selectors import document_counts
from gongkai.catalog.services import allocate_index_number

from .factories import policy_fields, walk_to_signed

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(agency_a, contributor_a, fields):
    return services.draft_document(actor=contributor_a, agency=agency_a, **fields)


def test_foreign_clerk_gets_404(draft, clerk_a, clerk_b):
    assert access_document(clerk_a, draft.pk) == draft
    with pytest.raises(Http404):
        access_document(clerk_b, draft.pk)
    with pytest.raises(Http404):
        access_document(clerk_b, draft.pk, write=True)
    with pytest.raises(Http404):
        access_document(clerk_a, "nonsense")
    assert not documents_for(clerk_b).exists()


def test_supervisor_reads_but_changes_nothing(draft, supervisor, leader_a):
    assert access_document(supervisor, draft.pk) == draft
    with pytest.raises(Http404):
        access_document(supervisor, draft.pk, write=True)
    with pytest.raises(PermissionDenied):
        services.submit_document(actor=supervisor, document=draft)


def test_foreign_staff_cannot_act(draft, clerk_b, agency_a, fields):
    with pytest.raises(PermissionDenied, match="不是本机关"):
        services.submit_document(actor=clerk_b, document=draft)
    with pytest.raises(PermissionDenied):
        services.draft_document(actor=clerk_b, agency=agency_a, **fields)


def test_index_numbers_are_consecutive_and_unique(agency_a, agency_b, contributor_a, fields, today):
    numbers = [services.draft_document(actor=contributor_a, agency=agency_a, **fields).index_number for _ in range(3)]
    assert [n[-5:] for n in numbers] == ["00001", "00002", "00003"]
    assert allocate_index_number(agency_b, today.year).endswith(f"/{today.year}-00001")
    assert IndexCounter.objects.get(agency=agency_a, year=today.year).last == 3


@pytest.mark.django_db(transaction=True)
def test_index_counter_under_threads(agency_a, contributor_a, fields):
    """Parallel drafting never shares a number (the counter row is locked; SQLite serialises writers)."""
    from concurrent.futures import ThreadPoolExecutor

    from django.db import OperationalError, connection

    def work(_):
        try:
            for _attempt in range(20):
                try:
                    return services.draft_document(actor=contributor_a, agency=agency_a, **fields).index_number
                except OperationalError:  # SQLite "database is locked": retry, as a web worker would
                    import time

                    time.sleep(0.05)
            return None
        finally:
            connection.close()

    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(("file:memory", ":memory:")):
        pytest.skip("in-memory SQLite is not shared between threads")
    with ThreadPoolExecutor(4) as pool:
        numbers = [n for n in pool.map(work, range(8)) if n]
    assert len(numbers) == len(set(numbers)) == Document.objects.count()


def _published(agency, people, calendar, *, kind, written_on, **extra):
    document = services.draft_document(
        actor=people["contributor"], agency=agency, **policy_fields(written_on, kind=kind, **extra)
    )
    walk_to_signed(document, **people)
    if kind == Kind.NORMATIVE:
        reading = services.draft_document(
            actor=people["contributor"], agency=agency, interprets=document, title="政策解读", item="20-1"
        )
        walk_to_signed(reading, **people)
    services.publish_document(actor=people["leader"], document=document, calendar=calendar, override_reason="补录")
    return Document.objects.get(pk=document.pk)


def test_document_counts_per_format(agency_a, contributor_a, dept_head_a, reviewer_a, leader_a, calendar, today):
    people = {"contributor": contributor_a, "dept_head": dept_head_a, "reviewer": reviewer_a, "leader": leader_a}
    year = today.year - 1
    rule_old = _published(agency_a, people, calendar, kind=Kind.RULE, written_on=dt.date(year - 1, 5, 1))
    rule_new = _published(agency_a, people, calendar, kind=Kind.RULE, written_on=dt.date(year, 3, 1))
    norm = _published(agency_a, people, calendar, kind=Kind.NORMATIVE, written_on=dt.date(year, 6, 1))
    norm_gone = _published(agency_a, people, calendar, kind=Kind.NORMATIVE, written_on=dt.date(year, 7, 1))
    _published(agency_a, people, calendar, kind=Kind.OTHER, written_on=dt.date(year, 7, 1))  # not counted
    # Dates of record: publication dates as they were (the services stamp today).
    Document.objects.filter(pk=rule_old.pk).update(published_on=dt.date(year - 1, 5, 10))
    Document.objects.filter(pk=rule_new.pk).update(published_on=dt.date(year, 3, 10))
    Document.objects.filter(pk=norm.pk).update(published_on=dt.date(year, 6, 10))
    Document.objects.filter(pk=norm_gone.pk).update(published_on=dt.date(year, 7, 10))
    Document.objects.filter(pk=rule_old.pk).update(
        status=Status.REPEALED, validity=Validity.REPEALED, repealed_on=dt.date(year, 9, 1)
    )
    Document.objects.filter(pk=norm_gone.pk).update(status=Status.UNPUBLISHED, unpublished_on=dt.date(year, 11, 1))

    assert document_counts(agency=agency_a, year=year, fmt_code="2021") == {
        "rules": {"issued": 1, "repealed": 1, "in_force": 1},
        "normative_documents": {"issued": 2, "repealed": 0, "in_force": 1},
    }
    assert document_counts(agency=agency_a, year=year, fmt_code="2019") == {
        "rules": {"made": 1, "published": 1, "total_public": 2},
        "normative_documents": {"made": 2, "published": 2, "total_public": 1},
    }
    assert document_counts(agency=agency_a, year=year - 1, fmt_code="2021")["rules"] == {
        "issued": 1,
        "repealed": 0,
        "in_force": 1,
    }
    with pytest.raises(ValueError):
        document_counts(agency=agency_a, year=year, fmt_code="2030")
