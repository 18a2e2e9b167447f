"""The review pages: buttons offered only when the step would succeed, opinions in forms and on the
timeline, withdrawal, the 工作台's to-do counts, and the e-mail notices of each step."""

import pytest
from django.core import mail
from django.urls import reverse

from gongkai.catalog import services
from gongkai.catalog.models import Kind, Status

from .factories import at, at_signed_pair, draft

pytestmark = pytest.mark.django_db

DETAIL = "catalog:detail"


def step_url(document, step):
    return reverse("catalog:step", args=[document.pk, step])


def offered(client, user, document) -> set[str]:
    client.force_login(user)
    html = client.get(reverse(DETAIL, args=[document.pk])).content.decode()
    return {step for step in services.STEP_LABELS if step_url(document, step) in html}


@pytest.mark.parametrize(
    ("department", "who", "steps"),
    [
        ("headed", "head", {"approve", "reject"}),
        ("headed", "office_head", {"reject"}),
        ("headless", "office_head", {"approve", "reject"}),
        ("headless", "head", {"reject"}),
        ("headed", "author", set()),
        ("headed", "supervisor", set()),
    ],
)
def test_buttons_are_offered_only_when_the_step_would_succeed(client, office, department, who, steps):
    document = at(office, Status.SUBMITTED, department)
    assert offered(client, office[who], document) == steps


def test_draft_offers_submit_and_withdraw_to_its_author(client, office):
    document = draft(office)
    assert offered(client, office["author"], document) == {"submit", "withdraw"}
    assert offered(client, office["colleague"], document) == {"submit"}


def test_publish_is_not_offered_while_the_check_has_errors(client, office, agency_a):
    policy = at(office, Status.DRAFT, kind=Kind.NORMATIVE)
    services.draft_document(
        actor=office["author"], agency=agency_a, interprets=policy, title="《通知》政策解读", item="20-12"
    )
    policy = at_signed_pair(office, policy)
    services.draft_document(actor=office["author"], agency=agency_a, interprets=policy, title="图解", item="20-12")
    client.force_login(office["leader"])
    html = client.get(reverse(DETAIL, args=[policy.pk])).content.decode()
    assert "政策解读《图解》尚未签发" in html
    assert "发布前检查未发现问题" not in html
    assert step_url(policy, "publish") not in html and "修改后才能发布" in html


def test_opinions_go_through_the_forms_and_show_on_the_timeline(client, office):
    document = draft(office)
    walk = [
        ("author", "submit", {"submit-note": "按条例第二十条公开"}),
        ("head", "approve", {"approve-opinion": "内容准确，同意"}),
        ("reviewer", "secrecy_review", {"secrecy_review-opinion": "不涉及国家秘密"}),
        ("leader", "sign_off", {"sign_off-opinion": "同意发布"}),
    ]
    for who, step, data in walk:
        client.force_login(office[who])
        response = client.post(step_url(document, step), data)
        assert response.status_code == 302, (step, response.content.decode()[:500])
    html = client.get(reverse(DETAIL, args=[document.pk])).content.decode()
    for text in ("审核记录", "按条例第二十条公开", "内容准确，同意", "不涉及国家秘密", "同意发布", "钱进", "签发领导"):
        assert text in html
    assert reverse("catalog:approval", args=[document.pk, "secrecy", "pdf"]) in html


def test_a_return_without_a_reason_keeps_the_form_and_says_why(client, office):
    document = at(office, Status.SUBMITTED)
    client.force_login(office["head"])
    response = client.post(step_url(document, "reject"), {"reject-reason": ""})
    assert response.status_code == 400 and "请填写理由" in response.content.decode()
    document.refresh_from_db()
    assert document.status == Status.SUBMITTED


def test_withdraw_through_the_page(client, office):
    document = draft(office)
    client.force_login(office["author"])
    response = client.post(step_url(document, "withdraw"), {"withdraw-reason": "重复起草"}, follow=True)
    html = response.content.decode()
    assert "已撤回，索引号不再使用" in html and f"索引号 {document.index_number} 已作废" in html
    assert "发布前检查未发现问题" not in html
    listing = client.get(reverse("catalog:list") + "?view=withdrawn").content.decode()
    assert document.title in listing and "（已作废，不再使用）" in listing


def test_refused_withdrawal_is_a_message(client, office):
    document = draft(office)
    client.force_login(office["colleague"])
    response = client.post(step_url(document, "withdraw"), {"withdraw-reason": "不要了"})
    assert response.status_code == 400
    assert "只有起草人（赵敏）或公开办负责人可以撤回此草稿" in response.content.decode()


def test_department_is_changed_in_the_edit_form(client, office):
    document = draft(office)
    client.force_login(office["author"])
    page = client.get(reverse("catalog:edit", args=[document.pk])).content.decode()
    assert "城乡建设办公室" in page
    data = {
        "title": document.title,
        "item": document.item,
        "subject": document.subject,
        "kind": document.kind,
        "department": office["headless"].pk,
        "disclosure": document.disclosure,
        "written_on": document.written_on.isoformat(),
        "document_number": document.document_number,
    }
    assert client.post(reverse("catalog:edit", args=[document.pk]), data).status_code == 302
    document.refresh_from_db()
    assert document.department == office["headless"]


def test_desk_counts_link_to_the_lists(client, office):
    at(office, Status.SUBMITTED, "headless")
    at(office, Status.SUBMITTED, "headed")
    returned = at(office, Status.SUBMITTED, "headed")
    services.reject_document(actor=office["head"], document=returned, reason="请补充")
    client.force_login(office["office_head"])
    html = client.get(reverse("staff:home")).content.decode()
    assert "主动公开待办" in html and 'href="/catalog/?view=todo_approve"' in html
    listing = client.get(reverse("catalog:list") + "?view=todo_approve").content.decode()
    assert listing.count("关于做好2024年春季森林防火工作的通知</a>") == 1  # only the headless department's
    client.force_login(office["author"])
    html = client.get(reverse("staff:home")).content.decode()
    assert "我的草稿被退回" in html and "待我科室审核" not in html
    listing = client.get(reverse("catalog:list") + "?view=returned").content.decode()
    assert listing.count("关于做好2024年春季森林防火工作的通知</a>") == 1


# -- notices ----------------------------------------------------------------------------------


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def test_submit_tells_who_must_act_next(office, immediate_tasks, django_capture_on_commit_callbacks):
    for department, head in (("headed", "head"), ("headless", "office_head")):
        document = draft(office, department)
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            services.submit_document(actor=office["author"], document=document)
        assert [m.to for m in mail.outbox] == [[office[head].email]]
        assert "待科室审核" in mail.outbox[0].subject and "赵敏提交了" in mail.outbox[0].body


def test_each_step_tells_the_next_and_the_author(office, immediate_tasks, django_capture_on_commit_callbacks, calendar):
    document = at(office, Status.SUBMITTED)
    expected = [
        (
            lambda: services.approve_by_department(actor=office["head"], document=document),
            [["reviewer@example.gov.cn"]],
        ),
        (
            lambda: services.record_secrecy_review(actor=office["reviewer"], document=document, opinion="不涉密"),
            [["leader@example.gov.cn"]],
        ),
        (
            lambda: services.sign_off(actor=office["leader"], document=document),
            [
                sorted(["clerk@example.gov.cn", "leader@example.gov.cn", "office_head@example.gov.cn"]),
                ["author@example.gov.cn"],
            ],
        ),
        (
            lambda: services.publish_document(actor=office["clerk"], document=document, calendar=calendar),
            [["author@example.gov.cn"]],
        ),
    ]
    for call, recipients in expected:
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            call()
        assert [m.to for m in mail.outbox] == recipients
    assert "已发布" in mail.outbox[0].subject


def test_return_tells_the_author_with_the_reason(office, immediate_tasks, django_capture_on_commit_callbacks):
    document = at(office, Status.DEPT_APPROVED)
    with django_capture_on_commit_callbacks(execute=True):
        services.reject_document(actor=office["reviewer"], document=document, reason="附件含内部信息")
    assert [m.to for m in mail.outbox] == [["author@example.gov.cn"]]
    assert "退回理由：附件含内部信息" in mail.outbox[0].body


def test_no_mail_without_an_address_nor_for_a_refused_step(office, immediate_tasks, django_capture_on_commit_callbacks):
    office["head"].email = ""
    office["head"].save()
    document = draft(office)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_document(actor=office["author"], document=document)
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(services.DocumentStateError):
        services.sign_off(actor=office["leader"], document=document)
    assert mail.outbox == []
