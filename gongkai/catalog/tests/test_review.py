"""Review as offices do it: who may take each step, routing where a department has no head, the
queue equal to the permission, opinions recorded, 政策解读 reviewed with their document, withdrawal."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.catalog import services
from gongkai.catalog.checks import ERROR, pre_publication_checks
from gongkai.catalog.models import Document, Kind, ReviewOpinion, Status
from gongkai.catalog.queues import queue_filter
from gongkai.catalog.selectors import public_documents
from gongkai.catalog.services import DocumentStateError
from gongkai.core.models import AuditEvent
from gongkai.organizations.models import Role
from gongkai.organizations.tests.factories import DepartmentFactory

from .factories import STATES, at, at_signed_pair, draft, member

pytestmark = pytest.mark.django_db


PEOPLE = ("author", "colleague", "head", "office_head", "reviewer", "leader", "clerk", "supervisor", "foreign")
WHO_MAY = [
    # (state, department, step, who may take it)
    (Status.DRAFT, "headed", "submit", {"author", "colleague", "head", "office_head", "clerk"}),
    (Status.DRAFT, "headed", "withdraw", {"author", "office_head"}),
    (Status.SUBMITTED, "headed", "approve", {"head"}),
    (Status.SUBMITTED, "headless", "approve", {"office_head"}),
    (Status.SUBMITTED, None, "approve", {"head"}),
    (Status.SUBMITTED, "headed", "reject", {"head", "office_head", "reviewer", "leader"}),
    (Status.DEPT_APPROVED, "headed", "secrecy_review", {"reviewer"}),
    (Status.SECRECY_REVIEWED, "headed", "sign_off", {"leader"}),
    (Status.SIGNED, "headed", "publish", {"office_head", "leader", "clerk"}),
    (Status.SIGNED, "headed", "approve", set()),
    (Status.SUBMITTED, "headed", "withdraw", set()),
]


@pytest.mark.parametrize(("status", "department", "step", "allowed"), WHO_MAY)
def test_who_may_take_each_step(office, status, department, step, allowed):
    document = at(office, status, department)
    may = {name for name in PEOPLE if services.refusal(document, step, actor=office[name]) is None}
    assert may == allowed
    for name in set(PEOPLE) - allowed:
        message = services.refusal(document, step, actor=office[name])
        assert message and not message.isascii()  # a Chinese sentence, not a code


@pytest.mark.parametrize(
    ("department", "who", "message"),
    [
        ("headed", "office_head", "只有党政办公室的科室负责人（钱进）可以审核此文件"),
        ("headless", "head", "城乡建设办公室没有科室负责人，此文件由公开办负责人审核"),
        ("headed", "reviewer", "此操作需要以下角色之一"),
        ("headed", "supervisor", "您不是本机关的工作人员"),
    ],
)
def test_refused_approval_says_why_and_changes_nothing(office, department, who, message):
    document = at(office, Status.SUBMITTED, department)
    with pytest.raises(PermissionDenied, match=message):
        services.approve_by_department(actor=office[who], document=document, opinion="同意")
    document.refresh_from_db()
    assert document.status == Status.SUBMITTED and not document.opinions.filter(step="approve").exists()


def test_headless_department_is_reviewed_by_the_office_head(office):
    document = at(office, Status.SUBMITTED, "headless")
    assert not Document.objects.filter(queue_filter(office["head"]), pk=document.pk).exists()
    assert Document.objects.filter(queue_filter(office["office_head"]), pk=document.pk).exists()
    services.approve_by_department(actor=office["office_head"], document=document, opinion="同意公开")
    opinion = document.opinions.get(step="approve")
    assert opinion.actor_name == "李建国" and opinion.capacity == "公开办负责人（本科室未设科室负责人）"
    assert opinion.opinion == "同意公开" and opinion.outcome == ReviewOpinion.Outcome.APPROVED


def test_without_head_or_office_head_the_message_says_what_to_set_up(office):
    document = at(office, Status.SUBMITTED, "headless")
    office["office_head"].is_active = False
    office["office_head"].save()
    message = services.refusal(document, "approve", actor=office["head"])
    assert message == "城乡建设办公室没有科室负责人，本机关也未设公开办负责人；请系统管理员设置其一后再审核"


def test_a_head_for_every_department_takes_the_headless_ones_from_the_office_head(office, agency_a):
    everyone = member(agency_a, Role.DEPARTMENT_HEAD, "allhead", "周全")  # registered without a department
    document = at(office, Status.SUBMITTED, "headless")
    assert services.refusal(document, "approve", actor=everyone) is None
    assert services.refusal(document, "approve", actor=office["office_head"]) is not None


def test_queue_is_exactly_who_may_act(office, agency_a):
    documents = [at(office, status, dept) for status in STATES for dept in ("headed", "headless", None)]
    # An interpretation signed with its policy waits for the policy, not for a publisher.
    policy = at(office, Status.DRAFT, kind=Kind.NORMATIVE)
    reading = services.draft_document(
        actor=office["author"], agency=agency_a, interprets=policy, title="《通知》政策解读", item="20-1"
    )
    walked = at_signed_pair(office, policy)
    documents += [walked, reading]
    for name in PEOPLE:
        user = office[name]
        queued = set(Document.objects.filter(queue_filter(user)).values_list("pk", flat=True))
        for document in documents:
            document.refresh_from_db()
            step = services.NEXT_STEP[document.status]
            if step == "submit":  # drafts wait for their author
                expected = document.author_id == user.pk and services.refusal(document, step, actor=user) is None
            else:
                expected = services.refusal(document, step, actor=user) is None
            assert (document.pk in queued) == expected, (name, document.title, document.status)


# -- opinions ---------------------------------------------------------------------------------


def test_every_step_records_its_opinion(office, calendar):
    document = draft(office)
    services.submit_document(actor=office["author"], document=document, note="依据条例第二十条")
    services.approve_by_department(actor=office["head"], document=document, opinion="同意")
    services.reject_document(actor=office["reviewer"], document=document, reason="附件含内部信息")
    services.submit_document(actor=office["author"], document=document, note="已删去附件")
    services.approve_by_department(actor=office["head"], document=document, opinion="同意公开")
    services.record_secrecy_review(actor=office["reviewer"], document=document, opinion="不涉密")
    services.sign_off(actor=office["leader"], document=document, opinion="同意发布")
    services.publish_document(actor=office["clerk"], document=document, calendar=calendar)
    rows = list(document.opinions.values_list("step", "actor_name", "opinion", "outcome"))
    assert rows == [
        ("submit", "赵敏", "依据条例第二十条", "submitted"),
        ("approve", "钱进", "同意", "approved"),
        ("reject", "孙丽", "附件含内部信息", "returned"),
        ("submit", "赵敏", "已删去附件", "submitted"),
        ("approve", "钱进", "同意公开", "approved"),
        ("secrecy_review", "孙丽", "不涉密", "approved"),
        ("sign_off", "李强", "同意发布", "approved"),
        ("publish", "王静", "", "published"),
    ]


@pytest.mark.parametrize(
    ("call", "kwargs", "field"),
    [
        ("reject_document", {"reason": "  "}, "reason"),
        ("record_secrecy_review", {"opinion": ""}, "opinion"),
    ],
)
def test_return_needs_a_reason_and_secrecy_review_an_opinion(office, call, kwargs, field):
    document = at(office, Status.DEPT_APPROVED)
    with pytest.raises(ValidationError) as refused:
        getattr(services, call)(actor=office["reviewer"], document=document, **kwargs)
    assert field in refused.value.message_dict
    document.refresh_from_db()
    assert document.status == Status.DEPT_APPROVED and document.opinions.count() == 2


# -- the drafting department ------------------------------------------------------------------


def test_department_can_be_changed_while_in_draft(office, agency_b):
    document = at(office, Status.SUBMITTED, "headed")
    services.reject_document(actor=office["head"], document=document, reason="应由城乡建设办公室起草")
    document.refresh_from_db()
    services.update_document(actor=office["author"], document=document, department=office["headless"])
    document.refresh_from_db()
    assert document.department == office["headless"]
    assert document.versions.last().snapshot["department"] == "城乡建设办公室"
    with pytest.raises(ValidationError, match="只能选择本机关的科室"):
        services.update_document(
            actor=office["author"], document=document, department=DepartmentFactory(agency=agency_b)
        )
    services.submit_document(actor=office["author"], document=document)
    with pytest.raises(DocumentStateError):
        services.update_document(actor=office["author"], document=document, department=office["headed"])


# -- withdrawal -------------------------------------------------------------------------------


def test_author_withdraws_a_draft_and_its_index_number_is_never_given_again(office):
    document = draft(office)
    number = document.index_number
    services.withdraw_document(actor=office["author"], document=document, reason="重复起草")
    document.refresh_from_db()
    assert document.status == Status.WITHDRAWN and document.index_number == number
    assert not public_documents().filter(pk=document.pk).exists()
    event = AuditEvent.objects.get(code="catalog.withdrawn", target_id=str(document.pk))
    assert event.data["unused_index_number"] == number and "不再使用" in event.summary
    assert document.opinions.get().outcome == ReviewOpinion.Outcome.WITHDRAWN
    following = draft(office)
    assert following.index_number != number and following.index_number > number
    for step in ("submit", "withdraw"):
        assert (
            services.refusal(document, step, actor=office["author"])
            == f"当前状态为“已撤回”，不能{services.STEP_LABELS[step]}"
        )
    with pytest.raises(DocumentStateError, match="已撤回"):
        services.submit_document(actor=office["author"], document=document)


@pytest.mark.parametrize(
    ("who", "status", "error", "message"),
    [
        ("colleague", Status.DRAFT, PermissionDenied, "只有起草人（赵敏）或公开办负责人可以撤回此草稿"),
        ("reviewer", Status.DRAFT, PermissionDenied, "此操作需要以下角色之一"),
        ("author", Status.SUBMITTED, DocumentStateError, "当前状态为“待科室审核”，不能撤回"),
    ],
)
def test_withdrawal_refusals(office, who, status, error, message):
    document = at(office, status)
    with pytest.raises(error, match=message):
        services.withdraw_document(actor=office[who], document=document, reason="不再需要")
    document.refresh_from_db()
    assert document.status == status


def test_office_head_withdraws_and_a_reason_is_required(office):
    document = draft(office)
    with pytest.raises(ValidationError, match="撤回时应说明理由"):
        services.withdraw_document(actor=office["office_head"], document=document, reason="")
    services.withdraw_document(actor=office["office_head"], document=document, reason="起草人已调离")
    document.refresh_from_db()
    assert document.status == Status.WITHDRAWN


# -- a document and its 政策解读 reviewed together ---------------------------------------------


@pytest.fixture
def pair(office, agency_a):
    policy = draft(office, kind=Kind.NORMATIVE)
    reading = services.draft_document(
        actor=office["author"],
        agency=agency_a,
        interprets=policy,
        title="《关于做好春季森林防火工作的通知》政策解读",
        item="20-12",
        body="<p>解读。</p>",
    )
    return policy, reading


def test_one_pass_reviews_the_document_and_its_interpretation(office, pair, calendar):
    policy, reading = pair
    at_signed_pair(office, policy)
    reading.refresh_from_db()
    assert reading.status == Status.SIGNED and reading.secrecy_opinion == "不涉密"
    steps = list(reading.opinions.values_list("step", "actor_name", "with_document"))
    assert steps == [
        ("submit", "赵敏", policy.pk),
        ("approve", "钱进", policy.pk),
        ("secrecy_review", "孙丽", policy.pk),
        ("sign_off", "李强", policy.pk),
    ]
    services.publish_document(actor=office["leader"], document=policy, calendar=calendar)
    reading.refresh_from_db()
    assert reading.status == Status.PUBLISHED


def test_a_return_sends_the_pair_back(office, pair):
    policy, reading = pair
    services.submit_document(actor=office["author"], document=policy)
    services.reject_document(actor=office["head"], document=policy, reason="解读应配图")
    reading.refresh_from_db()
    assert reading.status == Status.DRAFT and reading.rejection_reason == "解读应配图"


def test_a_step_is_refused_while_the_interpretation_lags_behind(office, pair, agency_a):
    policy, reading = pair
    services.submit_document(actor=office["author"], document=policy)
    late = services.draft_document(
        actor=office["author"], agency=agency_a, interprets=policy, title="图解：春季森林防火", item="20-12"
    )
    with pytest.raises(DocumentStateError, match="政策解读《图解：春季森林防火》（草稿）尚未到达本环节"):
        services.approve_by_department(actor=office["head"], document=policy)
    policy.refresh_from_db()
    assert services.refusal(policy, "approve", actor=office["head"]) is not None
    assert not Document.objects.filter(queue_filter(office["head"]), pk=policy.pk).exists()  # waits for the author
    assert Document.objects.filter(queue_filter(office["author"]), pk=late.pk).exists()
    services.submit_document(actor=office["author"], document=late)  # catches up on its own
    services.approve_by_department(actor=office["head"], document=policy)
    late.refresh_from_db()
    reading.refresh_from_db()
    assert late.status == reading.status == Status.DEPT_APPROVED


def test_withdrawal_takes_draft_interpretations_and_waits_for_ones_in_review(office, pair):
    policy, reading = pair
    services.submit_document(actor=office["author"], document=reading)
    with pytest.raises(DocumentStateError, match="正在审核中"):
        services.withdraw_document(actor=office["author"], document=policy, reason="政策暂缓")
    services.reject_document(actor=office["head"], document=reading, reason="随文件撤回")
    services.withdraw_document(actor=office["author"], document=policy, reason="政策暂缓")
    reading.refresh_from_db()
    assert reading.status == Status.WITHDRAWN


def test_prepublication_check_names_an_unsigned_interpretation_once_quoted(office, pair, agency_a, calendar):
    policy = at_signed_pair(office, pair[0])
    late = services.draft_document(
        actor=office["author"],
        agency=agency_a,
        interprets=policy,
        title="《关于做好春季森林防火工作的通知》图解",
        item="20-12",
    )
    problems = pre_publication_checks(policy, published_on=dt.date.today(), calendar=calendar)
    errors = [p.message for p in problems if p.severity == ERROR]
    assert "政策解读“《关于做好春季森林防火工作的通知》图解”尚未签发（草稿），应与文件同步审核、一同发布" in errors
    assert not any("《《" in message for message in errors)
    with pytest.raises(services.PublicationBlocked) as blocked:
        services.publish_document(actor=office["leader"], document=policy, calendar=calendar)
    assert all("《《" not in m for m in blocked.value.messages)
    assert late.title in "".join(blocked.value.messages)


def test_an_interpretation_keeping_pace_is_no_error(office, pair, calendar):
    policy, reading = pair
    policy = services.submit_document(actor=office["author"], document=policy)
    reading.refresh_from_db()
    assert reading.status == policy.status == Status.SUBMITTED
    problems = pre_publication_checks(policy, published_on=dt.date.today(), calendar=calendar)
    assert not [p for p in problems if p.field == "interpretations"]


def test_a_withdrawn_interpretation_does_not_hold_up_its_document(office, pair, agency_a, calendar):
    policy, reading = pair
    services.withdraw_document(actor=office["author"], document=reading, reason="改为图解")
    services.draft_document(actor=office["author"], agency=agency_a, interprets=policy, title="图解", item="20-12")
    policy = at_signed_pair(office, policy)
    services.publish_document(actor=office["leader"], document=policy, calendar=calendar)
    reading.refresh_from_db()
    assert policy.interpretations.filter(status=Status.PUBLISHED).count() == 1
    assert reading.status == Status.WITHDRAWN
