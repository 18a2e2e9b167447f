import pytest
from django.urls import reverse

from gongkai.catalog import services
from gongkai.catalog.models import Document, Status

from .factories import policy_fields, walk_to_signed

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(agency_a, contributor_a, department_a, fields):
    return services.draft_document(actor=contributor_a, agency=agency_a, department=None, **fields)


def test_foreign_documents_are_404_on_every_catalog_url(client, clerk_b, agency_a, draft):
    client.force_login(clerk_b)
    assert client.get(reverse("catalog:detail", args=[draft.pk])).status_code == 404
    assert client.get(reverse("catalog:new", args=[agency_a.code])).status_code == 404
    for step in ("submit", "approve", "secrecy_review", "sign_off", "publish", "reject", "unpublish", "repeal", "mask"):
        response = client.post(reverse("catalog:step", args=[draft.pk, step]), {f"{step}-reason": "x"})
        assert response.status_code == 404, step
    listing = client.get(reverse("catalog:list") + "?view=all")
    assert listing.status_code == 200 and draft.title not in listing.content.decode()
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_pages_need_login(client, draft):
    for url in (reverse("catalog:list"), reverse("catalog:detail", args=[draft.pk])):
        assert client.get(url).status_code == 302


def test_contributor_drafts_through_the_form(client, agency_a, contributor_a, today):
    client.force_login(contributor_a)
    url = reverse("catalog:new", args=[agency_a.code])
    assert client.get(url).status_code == 200
    data = {
        "title": "关于做好秋冬季森林防火工作的通知",
        "item": "20-12",
        "subject": "agriculture",
        "kind": "other",
        "written_on": today.isoformat(),
        "document_number": f"潭政发〔{today.year}〕07号",
        "disclosure": "on_request",
        "disclosure_reason": "",
        "summary": "部署秋冬季森林防火工作。",
        "body": "<p>各村委会：</p><script>alert(1)</script>",
    }
    response = client.post(url, data)
    # Typed values are kept on error (依申请公开 needs a reason).
    assert response.status_code == 400
    page = response.content.decode()
    assert "依申请公开或不予公开的，应说明理由" in page and "关于做好秋冬季森林防火工作的通知" in page
    assert not Document.objects.exists()
    data["disclosure"] = "proactive"
    response = client.post(url, data)
    document = Document.objects.get()
    assert response.status_code == 302 and response.url == reverse("catalog:detail", args=[document.pk])
    assert document.author == contributor_a and document.status == Status.DRAFT
    assert "<script" not in document.body
    detail = client.get(response.url).content.decode()
    assert document.index_number in detail and "发文字号序号不编虚位" in detail  # the checks are shown
    assert "提交审核" in detail


def test_queue_shows_each_role_its_work(client, agency_a, contributor_a, dept_head_a, reviewer_a, draft):
    services.submit_document(actor=contributor_a, document=draft)
    client.force_login(dept_head_a)
    assert draft.title in client.get(reverse("catalog:list")).content.decode()
    client.force_login(reviewer_a)
    assert draft.title not in client.get(reverse("catalog:list")).content.decode()
    assert draft.title in client.get(reverse("catalog:list") + "?view=submitted").content.decode()


def test_illegal_step_is_refused_with_a_message(client, contributor_a, dept_head_a, draft):
    client.force_login(contributor_a)
    response = client.post(reverse("catalog:step", args=[draft.pk, "sign_off"]), follow=True)
    assert "此操作需要以下角色之一" in response.content.decode()
    client.force_login(dept_head_a)
    response = client.post(reverse("catalog:step", args=[draft.pk, "approve"]), {"approve-opinion": "同意"})
    assert response.status_code == 400 and "不能科室审核" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_a_document_walks_through_the_pages_to_published(
    client, agency_a, contributor_a, dept_head_a, reviewer_a, leader_a, today
):
    document = services.draft_document(actor=contributor_a, agency=agency_a, **policy_fields(today))
    steps = [
        (contributor_a, "submit", {}),
        (dept_head_a, "approve", {"approve-opinion": "同意"}),
        (reviewer_a, "secrecy_review", {"secrecy_review-opinion": "不涉密"}),
        (leader_a, "sign_off", {}),
        (leader_a, "publish", {}),
    ]
    for user, step, data in steps:
        client.force_login(user)
        response = client.post(reverse("catalog:step", args=[document.pk, step]), data)
        assert response.status_code == 302, (step, response.content.decode()[:2000])
    document.refresh_from_db()
    assert document.status == Status.PUBLISHED and document.published_on == today
    detail = client.get(reverse("catalog:detail", args=[document.pk])).content.decode()
    assert reverse("catalog:history", args=[document.pk]) in detail  # the differences are on the 版本记录 page


def test_reject_needs_a_reason(client, agency_a, contributor_a, dept_head_a, reviewer_a, leader_a, draft):
    walk_to_signed(draft, contributor=contributor_a, dept_head=dept_head_a, reviewer=reviewer_a, leader=leader_a)
    client.force_login(leader_a)
    response = client.post(reverse("catalog:step", args=[draft.pk, "reject"]), {"reject-reason": ""})
    assert response.status_code == 400
    response = client.post(reverse("catalog:step", args=[draft.pk, "reject"]), {"reject-reason": "文号有误"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT and draft.rejection_reason == "文号有误"


def test_author_edits_a_draft_but_not_a_submitted_document(client, agency_a, contributor_a, clerk_b, draft):
    url = reverse("catalog:edit", args=[draft.pk])
    client.force_login(clerk_b)
    assert client.get(url).status_code == 404
    client.force_login(contributor_a)
    page = client.get(url)
    assert page.status_code == 200 and draft.title in page.content.decode()
    data = {
        "title": "关于做好2024年秋季森林防火工作的通知",
        "item": draft.item,
        "subject": draft.subject,
        "kind": draft.kind,
        "written_on": draft.written_on.isoformat(),
        "document_number": draft.document_number,
        "disclosure": "proactive",
        "summary": draft.summary,
        "body": draft.body,
    }
    assert client.post(url, data).status_code == 302
    draft.refresh_from_db()
    assert draft.title == "关于做好2024年秋季森林防火工作的通知" and draft.versions.count() == 2
    services.submit_document(actor=contributor_a, document=draft)
    response = client.post(url, {**data, "title": "再改"}, follow=True)
    assert "只有草稿可以修改" in response.content.decode()
    draft.refresh_from_db()
    assert draft.title != "再改"


def test_interpretation_is_drafted_from_its_policy(client, agency_a, agency_b, contributor_a, today):
    policy = services.draft_document(
        actor=contributor_a, agency=agency_a, **policy_fields(today, kind="normative", title="潭柘寺镇临时救助实施办法")
    )
    client.force_login(contributor_a)
    detail = client.get(reverse("catalog:detail", args=[policy.pk])).content.decode()
    url = reverse("catalog:new", args=[agency_a.code])
    assert f"{url}?interprets={policy.pk}" in detail
    page = client.get(url, {"interprets": policy.pk}).content.decode()
    assert "《潭柘寺镇临时救助实施办法》政策解读" in page
    # The page says what is being drafted and for which document, and the form carries the link.
    assert "起草政策解读" in page and f'href="{reverse("catalog:detail", args=[policy.pk])}"' in page
    assert f'name="interprets" value="{policy.pk}"' in page
    data = {
        "interprets": policy.pk,
        "title": "《潭柘寺镇临时救助实施办法》政策解读",
        "item": "20-1",
        "subject": "civil",
        "disclosure": "proactive",
        "body": "<p>一、制定背景</p>",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    reading = policy.interpretations.get()
    assert reading.kind == "interpretation" and reading.author == contributor_a
    # A policy of another agency cannot be reached.
    assert client.get(reverse("catalog:new", args=[agency_b.code]), {"interprets": policy.pk}).status_code == 404
