"""Issue #6's "done when", end to end through the real pages.

A contributor's draft carrying a leaked ID number and a dead link is stopped by the checks, fixed
(one-click masking, an edit, a link re-check), walked through every review step by the people who
hold each role, and published; an anonymous visitor then finds it by browsing the catalogue and by
searching a two-character word, and the site self-check sees the portal as it now is.
"""

from __future__ import annotations

import httpx
import pytest
from django.urls import reverse

from gongkai.catalog import links
from gongkai.catalog.models import Document, LinkCheck, Status
from gongkai.sitechecks.services import run_sitecheck

pytestmark = pytest.mark.django_db

LEAKED_ID = "11010519491231002X"
DEAD = "https://www.example.gov.cn/gone.html"
ALIVE = "https://www.example.gov.cn/fire.html"


@pytest.fixture
def mock_web(monkeypatch):
    """Every link check in the app goes to this fake web: one live page, everything else 404."""

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200 if str(request.url) == ALIVE else 404)

    async def resolver(host, port):
        return ["93.184.216.34"]

    original = links.check_urls

    def through_mock(urls, **kwargs):
        kwargs.update(transport=httpx.MockTransport(handler), resolver=resolver)
        return original(urls, **kwargs)

    monkeypatch.setattr(links, "check_urls", through_mock)


def _post(client, user, url, data=None):
    client.force_login(user)
    return client.post(url, data or {})


def _codes(check) -> set[str]:
    return {finding["code"] for finding in check.findings}


def test_draft_to_portal_with_checks_on_the_way(
    client,
    agency_a,
    agency_b,
    contributor_a,
    dept_head_a,
    reviewer_a,
    leader_a,
    office_head_a,
    today,
    mock_web,
    django_capture_on_commit_callbacks,
):
    before = run_sitecheck(agency=agency_a, on=today)
    assert "homepage.not_updated" in _codes(before)

    # 1. The contributor drafts, carelessly: an applicant's ID number and a dead link in the body.
    form = {
        "title": "关于做好秋冬季森林防火工作的通知",
        "item": "20-12",
        "subject": "agriculture",
        "kind": "other",
        "written_on": today.isoformat(),
        "document_number": f"潭政发〔{today.year}〕7号",
        "disclosure": "proactive",
        "disclosure_reason": "",
        "summary": "部署今冬明春森林防火工作。",
        "body": (
            f"<p>各村委会：请做好森林防火巡查。举报人身份证号{LEAKED_ID}。</p>"
            f'<p>详见<a href="{DEAD}">防火须知</a>。</p>'
        ),
    }
    response = _post(client, contributor_a, reverse("catalog:new", args=[agency_a.code]), form)
    assert response.status_code == 302
    document = Document.objects.get(title=form["title"])
    _post(client, contributor_a, reverse("catalog_files:recheck_links", args=[document.pk]))
    assert LinkCheck.objects.get(document=document, url=DEAD).ok is False

    page = client.get(reverse("catalog:detail", args=[document.pk])).content.decode()
    assert "正文含有居民身份证号码" in page  # shown masked, as an error that blocks publishing
    assert "链接已失效（HTTP 404）" in page

    # 2. One click masks the number; an edit replaces the dead link; the re-check is clean.
    assert _post(client, contributor_a, reverse("catalog:step", args=[document.pk, "mask"])).status_code == 302
    document.refresh_from_db()
    assert LEAKED_ID not in document.body and "*" * 18 in document.body
    edit = {**form, "body": document.body.replace(DEAD, ALIVE), "written_on": today.isoformat()}
    assert _post(client, contributor_a, reverse("catalog:edit", args=[document.pk]), edit).status_code == 302
    _post(client, contributor_a, reverse("catalog_files:recheck_links", args=[document.pk]))
    assert list(LinkCheck.objects.filter(document=document).values_list("url", "ok")) == [(ALIVE, True)]

    # 3. Every review step, each by the role that holds it; the wrong role is refused.
    refused = _post(client, contributor_a, reverse("catalog:step", args=[document.pk, "submit"]))
    assert refused.status_code == 302
    _post(client, contributor_a, reverse("catalog:step", args=[document.pk, "sign_off"]))
    document.refresh_from_db()
    assert document.status == Status.SUBMITTED
    for user, step, data in [
        (dept_head_a, "approve", {"approve-opinion": "同意"}),
        (reviewer_a, "secrecy_review", {"secrecy_review-opinion": "经审查不涉及国家秘密"}),
        (leader_a, "sign_off", {}),
        (office_head_a, "publish", {}),
    ]:
        # The search index is written on commit, as in production.
        with django_capture_on_commit_callbacks(execute=True):
            response = _post(client, user, reverse("catalog:step", args=[document.pk, step]), data)
        assert response.status_code == 302, (step, response.content.decode()[:1500])
    document.refresh_from_db()
    assert document.status == Status.PUBLISHED and document.published_on == today

    # 4. A visitor browses to it by its Art. 20 item and opens its page with the metadata table.
    client.logout()
    catalogue = client.get(reverse("portal:catalog", args=[agency_a.code]), {"item": "20-12"}).content.decode()
    page_url = reverse("portal:document", args=[agency_a.code, document.pk])
    assert page_url in catalogue
    page = client.get(page_url).content.decode()
    assert document.index_number in page and form["document_number"] in page and LEAKED_ID not in page
    assert client.get(reverse("portal:document", args=[agency_b.code, document.pk])).status_code == 404

    # 5. ... and by searching a two-character word, highlighted.
    found = client.get(reverse("portal:search"), {"q": "防火"}).content.decode()
    assert page_url in found and "<mark>防火</mark>" in found
    assert page_url not in client.get(reverse("portal:search"), {"q": "防汛"}).content.decode()

    # 6. The self-check now sees a fresh homepage and one column fewer left empty.
    after = run_sitecheck(agency=agency_a, on=today)
    assert "homepage.not_updated" not in _codes(after)
    empty = [c for c in after.summary["columns"] if c.get("newest_on") is None]
    empty_before = [c for c in before.summary["columns"] if c.get("newest_on") is None]
    assert len(empty) == len(empty_before) - 1
