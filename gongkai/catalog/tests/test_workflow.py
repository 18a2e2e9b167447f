"""A contributor's draft through every role to published; refusals; checks; overrides; versions."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.catalog import services
from gongkai.catalog.models import Document, Kind, Status, Validity
from gongkai.catalog.services import DocumentStateError, PublicationBlocked
from gongkai.catalog.services.versions import diff_text
from gongkai.core.models import AuditEvent
from gongkai.statute.catalog import INDEX_NUMBER

from .factories import policy_fields, walk_to_signed

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(contributor_a, dept_head_a, reviewer_a, leader_a):
    return {"contributor": contributor_a, "dept_head": dept_head_a, "reviewer": reviewer_a, "leader": leader_a}


@pytest.fixture
def draft(agency_a, department_a, contributor_a, fields):
    return services.draft_document(actor=contributor_a, agency=agency_a, department=department_a, **fields)


def codes(document):
    return list(AuditEvent.objects.filter(target_id=str(document.pk)).order_by("pk").values_list("code", flat=True))


def test_full_review_path_to_published(draft, people, leader_a, calendar, today):
    assert INDEX_NUMBER.match(draft.index_number)
    assert draft.index_number.startswith(draft.agency.code + f"/{today.year}-")
    assert draft.issuing_body == draft.agency.name
    walk_to_signed(draft, **people)
    document = services.publish_document(actor=leader_a, document=draft, calendar=calendar)
    document.refresh_from_db()
    assert document.status == Status.PUBLISHED
    assert document.published_on == today
    assert document.secrecy_opinion.startswith("经审查")
    assert codes(document) == [
        "catalog.drafted",
        "catalog.submitted",
        "catalog.dept_approved",
        "catalog.secrecy_reviewed",
        "catalog.signed",
        "catalog.published",
    ]
    assert [v.number for v in document.versions.all()] == [1, 2, 3, 4, 5, 6]


@pytest.mark.parametrize(
    ("step", "role"),
    [
        ("approve_by_department", "contributor"),
        ("approve_by_department", "reviewer"),
        ("record_secrecy_review", "dept_head"),
        ("sign_off", "reviewer"),
    ],
)
def test_each_step_needs_its_role(draft, people, step, role):
    services.submit_document(actor=people["contributor"], document=draft)
    if step != "approve_by_department":
        services.approve_by_department(actor=people["dept_head"], document=draft)
    if step == "sign_off":
        services.record_secrecy_review(actor=people["reviewer"], document=draft, opinion="同意")
    kwargs = {"opinion": "同意"} if step == "record_secrecy_review" else {}
    with pytest.raises(PermissionDenied):
        getattr(services, step)(actor=people[role], document=draft, **kwargs)


@pytest.mark.parametrize(
    ("step", "role", "kwargs"),
    [
        ("approve_by_department", "dept_head", {}),
        ("record_secrecy_review", "reviewer", {"opinion": "同意"}),
        ("sign_off", "leader", {}),
        ("publish_document", "leader", {}),
        ("reject_document", "leader", {"reason": "请修改"}),
        ("unpublish_document", "leader", {"reason": "撤下"}),
        ("repeal_document", "leader", {"reason": "废止", "on": dt.date(2030, 1, 1)}),
    ],
)
def test_illegal_transitions_from_draft_are_refused(draft, people, step, role, kwargs):
    with pytest.raises(DocumentStateError, match="当前状态为“草稿”"):
        getattr(services, step)(actor=people[role], document=draft, **kwargs)


def test_steps_cannot_be_skipped_or_repeated(draft, people, calendar):
    services.submit_document(actor=people["contributor"], document=draft)
    with pytest.raises(DocumentStateError):
        services.submit_document(actor=people["contributor"], document=draft)
    with pytest.raises(DocumentStateError):
        services.sign_off(actor=people["leader"], document=draft)
    with pytest.raises(DocumentStateError):
        services.update_document(actor=people["contributor"], document=draft, title="改")
    walk = services.approve_by_department(actor=people["dept_head"], document=draft)
    with pytest.raises(DocumentStateError):
        services.publish_document(actor=people["leader"], document=walk, calendar=calendar)


def test_rejection_returns_to_author_with_reasons(draft, people):
    services.submit_document(actor=people["contributor"], document=draft)
    services.approve_by_department(actor=people["dept_head"], document=draft)
    with pytest.raises(ValidationError):
        services.reject_document(actor=people["reviewer"], document=draft, reason=" ")
    document = services.reject_document(actor=people["reviewer"], document=draft, reason="附件含有内部信息")
    assert document.status == Status.DRAFT
    assert document.rejection_reason == "附件含有内部信息"
    services.update_document(actor=people["contributor"], document=document, body="<p>已删除内部信息。</p>")
    services.submit_document(actor=people["contributor"], document=document)
    document.refresh_from_db()
    assert document.status == Status.SUBMITTED and document.rejection_reason == ""
    assert "catalog.rejected" in codes(document)


def test_secrecy_review_needs_an_opinion(draft, people):
    services.submit_document(actor=people["contributor"], document=draft)
    services.approve_by_department(actor=people["dept_head"], document=draft)
    with pytest.raises(ValidationError):
        services.record_secrecy_review(actor=people["reviewer"], document=draft, opinion="")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("body", "<p>申请人身份证号11010519491231002X。</p>"),
        ("body", "<p>申请人身份证号１１０１０５１９４９１２３１００２Ｘ。</p>"),
        ("summary", "联系人电话13812345678"),
        ("title", "关于张某（11010519491231002X）的处理决定"),
    ],
)
def test_personal_data_blocks_publishing_and_can_be_masked(
    agency_a, contributor_a, people, calendar, today, field, value
):
    fields = policy_fields(today - dt.timedelta(days=1), **{field: value})
    document = services.draft_document(actor=contributor_a, agency=agency_a, **fields)
    walk_to_signed(document, **people)
    with pytest.raises(PublicationBlocked) as blocked:
        services.publish_document(actor=people["leader"], document=document, calendar=calendar, override_reason="x")
    assert blocked.value.problems[0].field == field
    assert "*" in blocked.value.problems[0].message
    document.refresh_from_db()
    assert document.status == Status.SIGNED
    services.reject_document(actor=people["leader"], document=document, reason="含个人信息")
    document = services.mask_personal_data(actor=contributor_a, document=document).document
    assert "*" * 11 in getattr(document, field)
    walk_to_signed(document, **people)
    services.publish_document(actor=people["leader"], document=document, calendar=calendar)
    assert Document.objects.get(pk=document.pk).status == Status.PUBLISHED


@pytest.mark.parametrize("number", ["潭政发【{y}】3号", "潭政发[{y}]3号", "潭政发（{y}）3号", "潭政发〔{y}〕03号"])
def test_bad_document_number_blocks(agency_a, contributor_a, people, calendar, today, number):
    written = today - dt.timedelta(days=1)
    fields = policy_fields(written, document_number=number.format(y=written.year))
    document = services.draft_document(actor=contributor_a, agency=agency_a, **fields)
    walk_to_signed(document, **people)
    with pytest.raises(PublicationBlocked) as blocked:
        services.publish_document(actor=people["leader"], document=document, calendar=calendar, override_reason="x")
    assert blocked.value.problems[0].field == "document_number"


def test_written_after_publication_blocks(agency_a, contributor_a, people, calendar, today):
    written = today + dt.timedelta(days=5)
    fields = policy_fields(written, document_number="")
    document = services.draft_document(actor=contributor_a, agency=agency_a, **fields)
    walk_to_signed(document, **people)
    with pytest.raises(PublicationBlocked, match="早于成文日期"):
        services.publish_document(actor=people["leader"], document=document, calendar=calendar)


def test_warnings_need_a_logged_override(agency_a, contributor_a, people, calendar, today):
    written = today - dt.timedelta(days=70)  # well beyond 20 working days
    fields = policy_fields(written, body="<p>既使天气转暖，也要按排专人值守。</p>")
    document = services.draft_document(actor=contributor_a, agency=agency_a, **fields)
    walk_to_signed(document, **people)
    with pytest.raises(PublicationBlocked) as blocked:
        services.publish_document(actor=people["leader"], document=document, calendar=calendar)
    messages = " ".join(p.message for p in blocked.value.problems)
    assert "第二十六条" in messages and "即使" in messages and "安排" in messages
    services.publish_document(
        actor=people["leader"], document=document, calendar=calendar, override_reason="领导已确认，立即发布"
    )
    event = AuditEvent.objects.get(code="catalog.check_overridden", target_id=str(document.pk))
    assert event.data["reason"] == "领导已确认，立即发布"
    assert len(event.data["warnings"]) == 3
    assert event.actor == people["leader"]


def test_normative_document_needs_validity_and_interpretation(agency_a, contributor_a, people, calendar, fields):
    policy = services.draft_document(actor=contributor_a, agency=agency_a, **{**fields, "kind": Kind.NORMATIVE})
    assert policy.validity == Validity.VALID
    services.update_document(actor=contributor_a, document=policy, validity="")
    walk_to_signed(policy, **people)
    with pytest.raises(PublicationBlocked) as blocked:
        services.publish_document(actor=people["leader"], document=policy, calendar=calendar)
    assert {p.field for p in blocked.value.problems} == {"validity", "interpretations"}


def test_interpretation_is_published_with_its_policy(agency_a, contributor_a, people, calendar, fields):
    policy = services.draft_document(actor=contributor_a, agency=agency_a, **{**fields, "kind": Kind.NORMATIVE})
    reading = services.draft_document(
        actor=contributor_a,
        agency=agency_a,
        interprets=policy,
        title="《关于做好春季森林防火工作的通知》政策解读",
        item="20-1",
        body="<p>一图读懂。</p>",
    )
    assert reading.kind == Kind.INTERPRETATION
    walk_to_signed(policy, **people)  # the interpretation moves with its policy (test_review.py)
    reading.refresh_from_db()
    assert reading.status == Status.SIGNED
    with pytest.raises(ValidationError, match="一同发布"):
        services.publish_document(actor=people["leader"], document=reading, calendar=calendar)
    services.publish_document(actor=people["leader"], document=policy, calendar=calendar)
    reading.refresh_from_db()
    policy.refresh_from_db()
    assert policy.status == reading.status == Status.PUBLISHED
    assert reading.published_on == policy.published_on


def test_scheduled_publication_is_released(draft, people, calendar):
    from django.utils import timezone

    walk_to_signed(draft, **people)
    at = timezone.now() + dt.timedelta(hours=2)
    document = services.publish_document(actor=people["leader"], document=draft, scheduled_at=at, calendar=calendar)
    assert document.status == Status.SCHEDULED
    assert services.release_scheduled(now=timezone.now(), calendar=calendar) == []
    released = services.release_scheduled(now=at + dt.timedelta(minutes=1), calendar=calendar)
    assert [d.pk for d in released] == [draft.pk]
    document.refresh_from_db()
    assert document.status == Status.PUBLISHED and document.scheduled_at is None


def test_unpublish_and_repeal(agency_a, contributor_a, people, calendar, fields, today):
    policy = services.draft_document(actor=contributor_a, agency=agency_a, **{**fields, "kind": Kind.RULE})
    walk_to_signed(policy, **people)
    services.publish_document(actor=people["leader"], document=policy, calendar=calendar)
    with pytest.raises(PermissionDenied):
        services.repeal_document(actor=contributor_a, document=policy, on=today, reason="废止")
    with pytest.raises(ValidationError):
        services.repeal_document(actor=people["leader"], document=policy, on=today, reason="")
    policy = services.repeal_document(actor=people["leader"], document=policy, on=today, reason="上位法修改")
    assert (policy.status, policy.validity, policy.repealed_on) == (Status.REPEALED, Validity.REPEALED, today)
    with pytest.raises(DocumentStateError):
        services.unpublish_document(actor=people["leader"], document=policy, reason="x")

    other = services.draft_document(actor=contributor_a, agency=agency_a, **fields)
    walk_to_signed(other, **people)
    services.publish_document(actor=people["leader"], document=other, calendar=calendar)
    with pytest.raises(DocumentStateError, match="只有规章"):
        services.repeal_document(actor=people["leader"], document=other, on=today, reason="x")
    other = services.unpublish_document(actor=people["leader"], document=other, reason="信息已过时")
    assert other.status == Status.UNPUBLISHED and other.unpublished_on == today
    assert "catalog.unpublished" in codes(other)


def test_versions_are_diffable(draft, contributor_a):
    services.update_document(actor=contributor_a, document=draft, title="关于做好春季森林防火工作的紧急通知")
    v1, v2 = draft.versions.all()
    diff = diff_text(services.diff_versions(v1, v2))
    assert diff == "标题：\n关于做好〔删除：2024年〕春季森林防火工作的〔新增：紧急〕通知"


def test_draft_validation(agency_a, contributor_a, fields):
    with pytest.raises(ValidationError, match="不适用于本机关"):
        services.draft_document(actor=contributor_a, agency=agency_a, **{**fields, "item": "21-county-1"})
    with pytest.raises(ValidationError, match="说明理由"):
        services.draft_document(actor=contributor_a, agency=agency_a, **{**fields, "disclosure": "withheld"})
    document = services.draft_document(
        actor=contributor_a,
        agency=agency_a,
        **{**fields, "item": "21-township-4", "body": '<p onclick="x">宅基地<script>alert(1)</script></p>'},
    )
    assert document.body == "<p>宅基地</p>"


def test_agency_word_list_is_scanned(agency_a, contributor_a, office_head_a, people, calendar, fields):
    with pytest.raises(PermissionDenied):
        services.add_check_word(actor=contributor_a, agency=agency_a, kind="sensitive", word="某某村")
    with pytest.raises(ValidationError):
        services.add_check_word(actor=office_head_a, agency=agency_a, kind="miswriting", word="潭柘寺镇政付")
    services.add_check_word(
        actor=office_head_a, agency=agency_a, kind="miswriting", word="潭柘寺镇政付", correction="潭柘寺镇政府"
    )
    document = services.draft_document(
        actor=contributor_a, agency=agency_a, **{**fields, "body": "<p>潭柘寺镇政付办公室</p>"}
    )
    walk_to_signed(document, **people)
    with pytest.raises(PublicationBlocked, match="潭柘寺镇政府"):
        services.publish_document(actor=people["leader"], document=document, calendar=calendar)
    assert AuditEvent.objects.filter(code="catalog.word_added").count() == 1


def test_department_head_of_another_department_cannot_approve(draft, contributor_a, agency_a):
    from gongkai.organizations.models import Role
    from gongkai.organizations.tests.factories import DepartmentFactory, MembershipFactory

    other_head = MembershipFactory(
        agency=agency_a, role=Role.DEPARTMENT_HEAD, department=DepartmentFactory(agency=agency_a, name="财政所")
    ).user
    services.submit_document(actor=contributor_a, document=draft)
    with pytest.raises(PermissionDenied, match="党政办公室"):
        services.approve_by_department(actor=other_head, document=draft)


def test_kind_cannot_turn_into_interpretation(draft, contributor_a):
    with pytest.raises(ValidationError):
        services.update_document(actor=contributor_a, document=draft, kind=Kind.INTERPRETATION)
