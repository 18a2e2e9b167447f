"""Every letter the demo's case files can print reads clean (statute.proofreading), facts taken
from the cases by letter_context and rendered with every value marked."""

import pytest
from django.contrib.auth import get_user_model

from gongkai.cases import services as s
from gongkai.cases.models import Case
from gongkai.cases.tests.letterchecks import describe, letters_of, marked_findings
from gongkai.demo import data
from gongkai.demo.cases import load_demo_cases
from gongkai.letters.models import LetterKind
from gongkai.letters.services import docx_text
from gongkai.organizations.models import Agency
from gongkai.organizations.services import add_department, grant_role, register_agency

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_township(db):
    """The demo agencies, departments and users (gongkai.demo.data), without the rest of the demo."""
    agencies: dict[str, Agency] = {}
    for key, body, name, short, kind, level, parent_key, office in data.AGENCIES:
        agencies[key] = register_agency(
            actor_label="测试",
            code=data.agency_code(body),
            name=name,
            short_name=short,
            kind=kind,
            level=level,
            parent=agencies[parent_key] if parent_key else None,
            **office,
        )
    for key, name, is_office in data.DEPARTMENTS:
        add_department(actor_label="测试", agency=agencies[key], name=name, is_ogi_office=is_office)
    User = get_user_model()
    for username, full_name, key, role, department in data.USERS:
        user = User.objects.create(username=username, full_name=full_name)
        unit = agencies[key].departments.get(name=department) if department else None
        grant_role(actor_label="测试", user=user, agency=agencies[key], role=role, department=unit)
    load_demo_cases(agencies["tanzhesi"])
    return agencies["tanzhesi"]


def test_every_letter_of_the_demo_cases_reads_clean(demo_township):
    problems, kinds = [], set()
    for case in Case.objects.filter(agency=demo_township).order_by("pk"):
        for kind, consultation in letters_of(case):
            kinds.add(kind)
            problems += describe(case, kind, marked_findings(case, kind, consultation))
    assert problems == []
    assert kinds == set(LetterKind.values)


def test_the_partial_reply_of_a_demo_case_reads_clean(demo_township):
    case = next(c for c in Case.objects.filter(agency=demo_township) if c.outcome == "partial")
    assert marked_findings(case, LetterKind.REPLY_PARTIAL) == []
    clerk = get_user_model().objects.get(username="tzs_clerk")
    text = docx_text(bytes(s.issue_case_letter(actor=clerk, case=case, kind="reply_partial").docx))
    assert text.count(case.reply.body) == 1  # the findings print once, never again as a part
