"""Broken-link checks: finding links, checking them (no network: httpx.MockTransport), results, checks."""

import asyncio
import socket

import httpx
import pytest
from django.core.cache import cache
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from gongkai.catalog import attachments, links, services
from gongkai.catalog.checks import ERROR, WARNING, link_problems
from gongkai.catalog.models import LinkCheck
from gongkai.catalog.services import PublicationBlocked
from gongkai.catalog.tasks import check_links, recheck_public_links

from .factories import walk_to_signed
from .samples import make_docx, make_pdf, upload

pytestmark = pytest.mark.django_db
GLOBAL_IP = "93.184.216.34"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    cache.clear()


async def resolver(host, port):
    """DNS for the tests: *.invalid does not exist, *.intranet is private, everything else is public."""
    if host.endswith(".invalid"):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
    if host.endswith(".intranet"):
        return ["10.1.2.3"]
    return [GLOBAL_IP]


def site(routes: dict, calls: list | None = None):
    """A MockTransport answering {(method, path): status or (status, location)} and logging each call."""

    def handler(request: httpx.Request) -> httpx.Response:
        if calls is not None:
            calls.append((request.method, str(request.url)))
        answer = routes.get((request.method, request.url.path), routes.get(("*", request.url.path), 404))
        if isinstance(answer, Exception):
            raise answer
        if isinstance(answer, tuple):
            return httpx.Response(answer[0], headers={"Location": answer[1]})
        return httpx.Response(answer)

    return httpx.MockTransport(handler)


def check(urls, routes, calls=None, **kwargs):
    return links.check_urls(urls, transport=site(routes, calls), resolver=resolver, **kwargs)


# -- finding ---------------------------------------------------------------------------------------


def test_body_links_absolute_relative_and_skipped():
    html = (
        '<p><a href="https://www.gov.cn/zhengce/a.htm#top">国务院</a> <a href="/col/1.html">栏目</a>'
        '<a href="mailto:x@y.cn">信箱</a><a href="tel:01069842125">电话</a><a href="#s2">本页</a>'
        '<img src="img/a.png"><a href="https://www.gov.cn/zhengce/a.htm">again</a><a href="ftp://x.cn/f">ftp</a></p>'
    )
    assert links.body_links(html, base="http://www.bjmtg.gov.cn/tzs/") == [
        "https://www.gov.cn/zhengce/a.htm",
        "http://www.bjmtg.gov.cn/col/1.html",
        "http://www.bjmtg.gov.cn/tzs/img/a.png",
    ]
    # Without the agency's website a relative link cannot be checked, and is skipped.
    assert links.body_links(html) == ["https://www.gov.cn/zhengce/a.htm"]


def test_document_links_include_pdf_annotations_and_docx_hyperlinks(agency_a, contributor_a, fields):
    document = services.draft_document(
        actor=contributor_a, agency=agency_a, **{**fields, "body": '<a href="https://a.gov.cn/x">x</a>'}
    )
    pdf = make_pdf(["see link"], links=["https://b.gov.cn/p.pdf", "https://a.gov.cn/x"])
    attachments.attach_file(actor=contributor_a, document=document, upload=upload("a.pdf", pdf))
    docx = make_docx(["见链接"], links=["http://c.gov.cn/d", "mailto:someone@c.gov.cn"])
    attachments.attach_file(actor=contributor_a, document=document, upload=upload("b.docx", docx))
    assert links.document_links(document) == {
        "https://a.gov.cn/x": LinkCheck.Source.BODY,
        "https://b.gov.cn/p.pdf": LinkCheck.Source.ATTACHMENT,
        "http://c.gov.cn/d": LinkCheck.Source.ATTACHMENT,
    }


# -- checking --------------------------------------------------------------------------------------


def test_head_then_get_where_head_is_refused():
    calls = []
    routes = {("HEAD", "/ok"): 200, ("HEAD", "/nohead"): 405, ("GET", "/nohead"): 200, ("HEAD", "/forbid"): 403}
    results = check(["https://x.gov.cn/ok", "https://x.gov.cn/nohead", "https://x.gov.cn/forbid"], routes, calls)
    assert results["https://x.gov.cn/ok"] == links.Result(True, 200)
    assert results["https://x.gov.cn/nohead"] == links.Result(True, 200)
    assert results["https://x.gov.cn/forbid"] == links.Result(False, 404)  # GET answered 404
    assert ("GET", "https://x.gov.cn/ok") not in calls
    assert ("GET", "https://x.gov.cn/nohead") in calls


def test_status_and_failure_kinds():
    routes = {
        ("*", "/gone"): 410,
        ("*", "/down"): 503,
        ("*", "/slow"): httpx.ReadTimeout("timed out"),
        ("*", "/refused"): httpx.ConnectError("connection refused"),
    }
    urls = [
        "https://x.gov.cn/missing",
        "https://x.gov.cn/gone",
        "https://x.gov.cn/down",
        "https://x.gov.cn/slow",
        "https://x.gov.cn/refused",
        "https://nowhere.invalid/a",
    ]
    results = check(urls, routes)
    assert results["https://x.gov.cn/missing"] == links.Result(False, 404)
    assert results["https://x.gov.cn/gone"] == links.Result(False, 410)
    assert results["https://x.gov.cn/down"] == links.Result(False, 503)
    assert results["https://x.gov.cn/slow"] == links.Result(False, error=links.ERR_TIMEOUT)
    assert results["https://x.gov.cn/refused"] == links.Result(False, error=links.ERR_CONNECT)
    assert results["https://nowhere.invalid/a"] == links.Result(False, error=links.ERR_DNS)


def test_redirects_are_followed_and_each_hop_is_vetted():
    calls = []
    routes = {
        ("*", "/old"): (301, "https://y.gov.cn/new"),
        ("*", "/new"): 200,
        ("*", "/sneaky"): (302, "http://127.0.0.1:5432/"),
        ("*", "/inside"): (302, "http://files.intranet/x"),
        ("*", "/loop"): (302, "/loop"),
    }
    results = check(
        [
            "https://x.gov.cn/old",
            "https://x.gov.cn/sneaky",
            "https://x.gov.cn/inside",
            "https://x.gov.cn/loop",
        ],
        routes,
        calls,
    )
    assert results["https://x.gov.cn/old"] == links.Result(True, 200)
    assert results["https://x.gov.cn/sneaky"] == links.Result(False, error=links.ERR_PRIVATE)
    assert results["https://x.gov.cn/inside"] == links.Result(False, error=links.ERR_PRIVATE)
    assert results["https://x.gov.cn/loop"] == links.Result(False, error=links.ERR_REDIRECTS)
    assert not any("127.0.0.1" in url or "intranet" in url for _, url in calls)  # never requested


@pytest.mark.parametrize("url", ["http://127.0.0.1/", "http://[::1]/", "http://192.168.1.1/", "http://db.intranet/"])
def test_the_servers_own_network_is_never_requested(url):
    calls = []
    assert check([url], {("*", "/"): 200}, calls)[url] == links.Result(False, error=links.ERR_PRIVATE)
    assert calls == []


def test_concurrency_is_limited_and_the_deadline_leaves_slow_links_out():
    running, peak = 0, 0

    async def handler(request):
        nonlocal running, peak
        running += 1
        peak = max(peak, running)
        await asyncio.sleep(5 if request.url.path == "/slow" else 0.01)
        running -= 1
        return httpx.Response(200)

    urls = [f"https://x.gov.cn/{i}" for i in range(10)] + ["https://x.gov.cn/slow"]
    results = links.check_urls(
        urls, transport=httpx.MockTransport(handler), resolver=resolver, deadline=0.5, concurrency=3
    )
    assert peak <= 3
    assert set(results) == set(urls[:10])


# -- storing ---------------------------------------------------------------------------------------


@pytest.fixture
def patched(monkeypatch):
    """Make every check in the app go through the mock site, as the view and the tasks call it."""
    routes = {("*", "/ok"): 200, ("*", "/down"): 503}
    original = links.check_urls

    def fake(urls, **kwargs):
        kwargs.update(transport=site(routes), resolver=resolver)
        return original(urls, **kwargs)

    monkeypatch.setattr(links, "check_urls", fake)
    return routes


def body(*urls):
    return "".join(f'<p><a href="{u}">链接</a></p>' for u in urls)


@pytest.fixture
def draft(agency_a, contributor_a, fields):
    fields = {**fields, "body": body("https://x.gov.cn/ok", "https://x.gov.cn/missing")}
    return services.draft_document(actor=contributor_a, agency=agency_a, **fields)


def test_results_are_upserted_and_stale_rows_removed(draft, contributor_a, patched):
    rows = links.check_document_links(draft)
    assert {(r.url, r.ok, r.status_code) for r in rows} == {
        ("https://x.gov.cn/ok", True, 200),
        ("https://x.gov.cn/missing", False, 404),
    }
    services.update_document(actor=contributor_a, document=draft, body=body("https://x.gov.cn/ok"))
    draft.refresh_from_db()
    rows = links.check_document_links(draft)
    assert [(r.url, r.ok) for r in rows] == [("https://x.gov.cn/ok", True)]
    assert all(r.checked_at for r in rows)


def test_links_over_the_limit_are_kept_unchecked(draft, patched, settings):
    settings.GONGKAI_LINK_CHECK_MAX = 1
    rows = {r.url: r for r in links.check_document_links(draft)}
    assert rows["https://x.gov.cn/ok"].ok is True
    assert rows["https://x.gov.cn/missing"].ok is None
    assert rows["https://x.gov.cn/missing"].error == links.ERR_OVER_LIMIT


# -- pre-publication checks ------------------------------------------------------------------------


def test_a_404_blocks_publishing_until_fixed(
    draft, contributor_a, dept_head_a, reviewer_a, leader_a, calendar, patched
):
    links.check_document_links(draft)
    problems = link_problems(draft)
    assert [(p.severity, p.message) for p in problems] == [(ERROR, "链接已失效（HTTP 404）：https://x.gov.cn/missing")]
    people = {"contributor": contributor_a, "dept_head": dept_head_a, "reviewer": reviewer_a, "leader": leader_a}
    walk_to_signed(draft, **people)
    with pytest.raises(PublicationBlocked):
        services.publish_document(actor=leader_a, document=draft, calendar=calendar, override_reason="链接已核对")


def test_unknown_hosts_block_while_unsure_results_only_warn(agency_a, contributor_a, fields, patched):
    urls = ["https://gone.invalid/", "https://x.gov.cn/down", "http://oa.intranet/", "https://x.gov.cn/ok"]
    document = services.draft_document(actor=contributor_a, agency=agency_a, **{**fields, "body": body(*urls)})
    links.check_document_links(document)
    severities = {p.message.rsplit("：", 1)[-1]: p.severity for p in link_problems(document)}
    assert severities == {
        "https://gone.invalid/": ERROR,
        "https://x.gov.cn/down": WARNING,
        "http://oa.intranet/": WARNING,
    }


def test_a_link_not_yet_checked_is_a_warning(draft):
    problems = link_problems(draft)
    assert [p.severity for p in problems] == [WARNING]
    assert problems[0].message.startswith("2 个链接尚未检查")


def test_a_warning_can_be_overridden_with_a_reason(
    agency_a, contributor_a, dept_head_a, reviewer_a, leader_a, fields, calendar, patched
):
    document = services.draft_document(
        actor=contributor_a, agency=agency_a, **{**fields, "body": body("https://x.gov.cn/down")}
    )
    links.check_document_links(document)
    walk_to_signed(document, contributor=contributor_a, dept_head=dept_head_a, reviewer=reviewer_a, leader=leader_a)
    with pytest.raises(PublicationBlocked):
        services.publish_document(actor=leader_a, document=document, calendar=calendar)
    services.publish_document(actor=leader_a, document=document, calendar=calendar, override_reason="对方网站维护中")


# -- background and the button ---------------------------------------------------------------------


def test_saving_a_draft_with_links_queues_a_check(
    draft, contributor_a, settings, patched, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.update_document(actor=contributor_a, document=draft, summary="改了概述")
    assert len(callbacks) == 1
    assert {r.url: r.ok for r in draft.link_checks.all()} == {
        "https://x.gov.cn/ok": True,
        "https://x.gov.cn/missing": False,
    }


def test_documents_without_links_queue_nothing(agency_a, contributor_a, fields, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        services.draft_document(actor=contributor_a, agency=agency_a, **fields)
    assert callbacks == []


def test_attachment_changes_queue_a_check(draft, contributor_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        attachments.attach_file(actor=contributor_a, document=draft, upload=upload("a.pdf", make_pdf()))
    assert len(callbacks) == 1


def test_weekly_recheck_covers_public_documents(
    draft, contributor_a, dept_head_a, reviewer_a, leader_a, calendar, patched
):
    services.update_document(actor=contributor_a, document=draft, body=body("https://x.gov.cn/ok"))
    walk_to_signed(draft, contributor=contributor_a, dept_head=dept_head_a, reviewer=reviewer_a, leader=leader_a)
    services.publish_document(actor=leader_a, document=draft, calendar=calendar, override_reason="链接稍后检查")
    assert recheck_public_links.call() == 1
    assert draft.link_checks.get().ok is True
    assert check_links.call(draft.pk) == 1 and check_links.call(0) == 0


def test_the_recheck_button_checks_now_and_shows_results(client, draft, clerk_a, clerk_b, patched):
    client.force_login(clerk_a)
    page = client.get(reverse("catalog:detail", args=[draft.pk])).content.decode()
    assert "重新检查" in page and "尚未检查" in page
    response = client.post(reverse("catalog_files:recheck_links", args=[draft.pk]), follow=True)
    page = response.content.decode()
    assert "已检查 2 个链接，1 个有问题" in page
    assert "https://x.gov.cn/missing" in page and "HTTP 404" in page and "链接已失效" in page
    client.force_login(clerk_b)
    assert client.post(reverse("catalog_files:recheck_links", args=[draft.pk])).status_code == 404


# -- bare addresses and what the panel says ---------------------------------------------------------


def test_a_bare_address_in_the_text_is_linked_on_save_and_checked(
    draft, contributor_a, settings, patched, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.update_document(
            actor=contributor_a,
            document=draft,
            body="通知全文见 https://x.gov.cn/ok，\n\n失效的见 https://x.gov.cn/missing。",
        )
    assert len(callbacks) == 1
    assert {r.url: r.ok for r in draft.link_checks.all()} == {
        "https://x.gov.cn/ok": True,
        "https://x.gov.cn/missing": False,
    }


def _panel(client, document) -> str:
    page = client.get(reverse("catalog:detail", args=[document.pk])).content.decode()
    return page.split('id="links-title"', 1)[1].split("</section>", 1)[0]


def test_the_panel_says_when_there_are_no_links(client, agency_a, contributor_a, clerk_a, fields):
    document = services.draft_document(actor=contributor_a, agency=agency_a, **{**fields, "body": "<p>没有链接</p>"})
    client.force_login(clerk_a)
    panel = _panel(client, document)
    assert "正文和附件中没有链接" in panel
    assert "检查中" not in panel and "尚未检查" not in panel and "重新检查" not in panel


def test_the_panel_says_checking_only_while_a_check_is_queued(client, draft, clerk_a, settings, patched):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    client.force_login(clerk_a)
    panel = _panel(client, draft)
    assert "尚未检查" in panel and "检查中" not in panel and "重新检查" in panel
    result = check_links.enqueue(draft.pk)
    assert "检查中…" in _panel(client, draft)
    assert "检查中…" not in _panel(
        client, services.draft_document(actor=draft.author, agency=draft.agency, title="另一份", item="20-1")
    )
    check_links.call(draft.pk)  # the worker runs it and marks the queued row done
    DBTaskResult.objects.filter(id=result.id).update(status="SUCCESSFUL")
    panel = _panel(client, draft)
    assert "检查中" not in panel and "https://x.gov.cn/missing" in panel and "HTTP 404" in panel
