"""Parallel submissions never share a case number (needs a real server: PostgreSQL)."""

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from gongkai.cases.models import Case
from gongkai.cases.services.intake import ApplicantFacts, register_case


@pytest.mark.django_db(transaction=True)
def test_parallel_submissions_get_distinct_consecutive_numbers(agency_a):
    if connection.vendor != "postgresql":
        pytest.skip("row locks across connections need PostgreSQL (CI runs the suite there too)")

    def submit(i: int):
        try:
            return register_case(
                agency=agency_a,
                channel="online",
                applicant=ApplicantFacts(kind="natural_person", name=f"申请人{i}"),
                description="并发提交测试",
                arrived_on=dt.date(2024, 9, 27),
                submission_key=f"key-{i % 20}",
                actor_label="测试",
            ).case.pk
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=8) as pool:
        pks = list(pool.map(submit, range(40)))
    # 40 submissions with 20 distinct keys: duplicates (retries) collapse onto one case each.
    assert len(set(pks)) == 20
    seqs = sorted(Case.objects.filter(agency=agency_a).values_list("seq", flat=True))
    assert seqs == list(range(1, 21))
