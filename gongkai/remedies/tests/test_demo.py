"""The demo docket: three cases, built through the services, once."""

import datetime as dt

import pytest

from gongkai.cases import services as cs
from gongkai.cases.tests.factories import register
from gongkai.remedies.demo import load_demo_remedies
from gongkai.remedies.models import RemedyCase
from gongkai.remedies.selectors import remedy_table

pytestmark = pytest.mark.django_db
D = dt.date


def test_demo_remedies(agency_a, clerk_a):
    refused = register(agency_a, received_on=D(2024, 6, 11), actor=clerk_a).case
    cs.issue_reply(actor=clerk_a, case=refused, outcome="withheld_third_party", on=D(2024, 7, 19), body="不予公开。")
    assert load_demo_remedies(agency_a) == 3
    assert load_demo_remedies(agency_a) == 0  # idempotent
    first = RemedyCase.objects.get(number="门政复〔2024〕37号")
    assert list(first.cases.all()) == [refused] and first.outcome == "maintained"
    lawsuit = RemedyCase.objects.get(kind="litigation_direct")
    assert lawsuit.reply_due_on == D(2025, 10, 9) and lawsuit.outcome == "pending"
    assert remedy_table(agency=agency_a, year=2024)["reconsideration"] == [1, 0, 0, 0, 1]
    assert remedy_table(agency=agency_a, year=2025) == {
        "reconsideration": [0, 1, 0, 0, 1],
        "litigation_direct": [0, 0, 0, 1, 1],
        "litigation_after_reconsideration": [0, 0, 0, 0, 0],
    }
