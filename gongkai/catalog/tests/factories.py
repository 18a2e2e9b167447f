import datetime as dt

from django.utils import timezone

from gongkai.catalog import services
from gongkai.catalog.models import Kind, Status, Subject
from gongkai.organizations.tests.factories import MembershipFactory, UserFactory


def policy_fields(written_on: dt.date, **overrides) -> dict:
    return {
        "title": "关于做好2024年春季森林防火工作的通知",
        "item": "20-12",
        "summary": "部署春季森林防火工作。",
        "subject": Subject.AGRICULTURE,
        "kind": Kind.OTHER,
        "written_on": written_on,
        "document_number": f"潭政发〔{written_on.year}〕3号",
        "body": "<p>各村委会：</p><p>现将有关事项通知如下。</p>",
        **overrides,
    }


def walk_to_signed(document, *, contributor, dept_head, reviewer, leader):
    services.submit_document(actor=contributor, document=document)
    services.approve_by_department(actor=dept_head, document=document)
    services.record_secrecy_review(actor=reviewer, document=document, opinion="经审查，不涉及国家秘密和工作秘密")
    return services.sign_off(actor=leader, document=document)


# -- a township office for the review tests (the `office` fixture in conftest.py) ----------

STATES = [Status.DRAFT, Status.SUBMITTED, Status.DEPT_APPROVED, Status.SECRECY_REVIEWED, Status.SIGNED]


def member(agency, role, username, name, department=None):
    user = UserFactory(username=username, full_name=name, email=f"{username}@example.gov.cn")
    MembershipFactory(user=user, agency=agency, role=role, department=department)
    return user


def draft(office, department="headed", **overrides):
    fields = policy_fields(timezone.localdate() - dt.timedelta(days=2), **overrides)
    agency = office["headed"].agency
    dept = office[department] if department else None
    return services.draft_document(actor=office["author"], agency=agency, department=dept, **fields)


def at(office, status, department="headed", **overrides):
    """A document walked to ``status`` by the people whose step it is."""
    document = draft(office, department, **overrides)
    approver = office["head"] if department == "headed" or department is None else office["office_head"]
    walk = [
        lambda: services.submit_document(actor=office["author"], document=document),
        lambda: services.approve_by_department(actor=approver, document=document, opinion="同意"),
        lambda: services.record_secrecy_review(actor=office["reviewer"], document=document, opinion="不涉密"),
        lambda: services.sign_off(actor=office["leader"], document=document),
    ]
    for step in walk[: STATES.index(status)]:
        step()
    document.refresh_from_db()
    return document


STATES = [Status.DRAFT, Status.SUBMITTED, Status.DEPT_APPROVED, Status.SECRECY_REVIEWED, Status.SIGNED]


# -- who may take each step (table-driven) ----------------------------------------------------


def at_signed_pair(office, policy):
    services.submit_document(actor=office["author"], document=policy)
    services.approve_by_department(actor=office["head"], document=policy)
    services.record_secrecy_review(actor=office["reviewer"], document=policy, opinion="不涉密")
    return services.sign_off(actor=office["leader"], document=policy)
