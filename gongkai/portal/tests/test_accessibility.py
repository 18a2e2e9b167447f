"""Every public page, checked with axe-core in Chromium: WCAG 2.1 A/AA, in three ways of seeing it.

Each page is loaded with realistic data as a desktop visitor, in 长者模式 (elderly mode), and at a
375px phone width, and must show no ``serious`` or ``critical`` axe violation, no horizontal
scrolling (WCAG 1.4.10 reflow, which axe cannot see), no request to another host and no console
error (a Content-Security-Policy violation is reported there and nowhere else). A page that
answers with an error status fails too: a plain error page would pass axe.

axe-core is vendored in static/vendor/ and evaluated through the DevTools protocol, not linked:
no page ships it, and the page's own CSP (script-src 'self' + nonce) still applies to everything
the page itself loads.

Add every new public page to PAGES (``test_every_public_url_is_checked`` fails until you do).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import http.client
import io
import mimetypes
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from gongkai.catalog.models import Attachment, Kind, NoInformationDeclaration, Status, Subject, Validity
from gongkai.catalog.search import rebuild_index
from gongkai.organizations.models import Role
from gongkai.organizations.services import configure_site
from gongkai.organizations.tests.factories import MembershipFactory, UserFactory

from .test_api import publish
from .test_browser import CHROMIUM, browser_type_launch_args, fill_in_as_a_person  # noqa: F401 — shared fixture
from .test_frame import SITE

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium (apt install chromium)"
    ),
]

AXE = Path(settings.BASE_DIR) / "static" / "vendor" / "axe-core-4.14.1" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}
ELDERLY_COOKIE = "gk_elderly"
ELDERLY_BODY_CLASS = re.compile(r"\bportal-elderly\b")


@dataclass(frozen=True)
class Mode:
    name: str
    width: int
    height: int
    elderly: bool = False


MODES = [Mode("desktop", 1280, 900), Mode("elderly", 1280, 900, elderly=True), Mode("mobile", 375, 812)]


@dataclass
class World:
    """The realistic data every page is shown with."""

    agency: object
    policy: object
    interpretation: object
    repealed: object
    report_year: int
    message: object
    extra: dict = field(default_factory=dict)


def _banner():
    """A 1200×120 banner picture, as an office would upload it."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (1200, 120), (18, 58, 112)).save(out, "PNG")
    return SimpleUploadedFile("banner.png", out.getvalue(), content_type="image/png")


@pytest.fixture
def world(agency_a, agency_b, clerk_a, settings, tmp_path) -> World:
    settings.MEDIA_ROOT = tmp_path / "media"
    agency = agency_a
    agency.ogi_office_name = "潭柘寺镇党政办公室"
    agency.ogi_address = "北京市门头沟区潭柘寺镇鲁家滩村"
    agency.ogi_postcode = "102309"
    agency.ogi_office_hours = "工作日 9:00—12:00，13:30—17:00"
    agency.ogi_phone = "010-60861234"
    agency.ogi_email = "tzs@example.gov.cn"
    agency.save()
    # The frame as a real 专栏 shows it: every footer line filled in, and a banner picture.
    configure_site(actor_label="测试", agency=agency, values=SITE, banner=_banner())
    agency.refresh_from_db()
    today = timezone.localdate()
    policy = publish(
        agency,
        title="潭柘寺镇农村人居环境整治实施办法",
        item="20-1",
        kind=Kind.NORMATIVE,
        validity=Validity.VALID,
        subject=Subject.CONSTRUCTION,
        document_number=f"潭政发〔{today.year}〕3号",
        published_on=today - dt.timedelta(days=2),
        summary="明确农村人居环境整治的目标、任务和责任分工。",
        body=(
            "<h2>第一章 总则</h2><p>第一条 为改善农村人居环境，制定本办法。</p>"
            "<table><caption>责任分工</caption><thead><tr><th scope='col'>任务</th><th scope='col'>责任单位</th>"
            "</tr></thead><tbody><tr><td>垃圾分类</td><td>各村委会</td></tr></tbody></table>"
            "<p>详见<a href='https://www.gov.cn/'>中国政府网</a>。</p>"
        ),
    )
    for n, name in enumerate(["实施办法（正式文本）.pdf", "责任分工表.pdf"]):
        content = f"%PDF-1.4 {name}".encode()
        Attachment.objects.create(
            document=policy,
            file=ContentFile(content, name=name),
            name=name,
            content_type="application/pdf",
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            sort_order=n,
        )
    interpretation = publish(
        agency,
        title="《潭柘寺镇农村人居环境整治实施办法》政策解读",
        item="20-1",
        kind=Kind.INTERPRETATION,
        interprets=policy,
        published_on=policy.published_on,
        body="<p>一、制定背景</p><p>二、主要内容</p>",
    )
    repealed = publish(
        agency,
        title="潭柘寺镇2019年防汛工作方案",
        item="20-12",
        kind=Kind.NORMATIVE,
        validity=Validity.REPEALED,
        status=Status.REPEALED,
        published_on=dt.date(2019, 6, 1),
        repealed_on=dt.date(2023, 1, 1),
    )
    for year in (2022, 2023, 2024):
        publish(agency, title=f"潭柘寺镇{year}年部门预算", item="20-7", subject=Subject.FINANCE,
                published_on=dt.date(year, 2, 10))  # fmt: skip
    publish(agency_b, title="王平镇2024年部门预算", item="20-7", published_on=dt.date(2024, 2, 10))
    NoInformationDeclaration.objects.create(  # the catalogue shows the column as 暂无 with the reason
        agency=agency, item="21-township-5", reason="本镇辖区内无土地征收项目", declared_by=clerk_a, declared_on=today
    )
    _directory(agency, policy)
    rebuild_index()  # the documents above were written directly, past the services that index them
    return World(
        agency=agency,
        policy=policy,
        interpretation=interpretation,
        repealed=repealed,
        report_year=_published_report(agency, clerk_a),
        message=_answered_message(agency),
    )


def _directory(agency, policy) -> None:
    from gongkai.directories.tests.factories import DirectoryItemFactory

    first = DirectoryItemFactory(agency=agency, area="城乡规划", level1="规划编制", level2="村庄规划",
                                 channels=["政府网站", "公开栏"], audience_specific=True)  # fmt: skip
    DirectoryItemFactory(agency=agency, area="城乡规划", level1="规划编制", level2="规划调整", on_request=True)
    DirectoryItemFactory(agency=agency, area="财政预决算", level1="部门预算", deadline_text="每年3月底前")
    type(policy).objects.filter(pk=policy.pk).update(directory_item=first)


def _published_report(agency, clerk) -> int:
    from gongkai.reports import services
    from gongkai.reports.builder import build_report_data
    from gongkai.reports.models import AnnualReport

    # What publish_report freezes, minus the .docx and PDF renders (seconds each, unused by the
    # portal page, which renders the snapshot).
    report = services.start_report(actor=clerk, agency=agency, year=2024)
    report.snapshot = build_report_data(agency=agency, year=2024, report=report)
    report.status, report.published_on = AnnualReport.Status.PUBLISHED, dt.date(2025, 1, 20)
    report.save()
    return report.year


def _answered_message(agency):
    from gongkai.suggestions import services

    head = MembershipFactory(
        user=UserFactory(username="a11y_clerk", full_name="王静"), agency=agency, role=Role.OFFICE_HEAD
    ).user
    message = services.submit_message(
        agency=agency,
        name="张小红",
        contact="zhang@example.com",
        subject="村口路灯不亮",
        body="鲁家滩村村口的路灯已经一周不亮了，晚上出行不便，请尽快维修。",
        publish_allowed=True,
    ).message
    return services.reply_to_message(
        actor=head, message=message, reply="您好，已通知镇城建办，路灯已于本周修复。感谢您的监督。", publish=True
    )


# -- the pages -----------------------------------------------------------------------------------


def _goto(name: str, kwargs: Callable[[World], dict] = lambda w: {}, query: str = ""):
    def visit(page: Page, base: str, world: World) -> None:
        response = page.goto(base + reverse(name, kwargs=kwargs(world)) + query)
        # An error page is short and plain, and would pass axe: the page itself must have come.
        assert response is not None and response.status == 200, f"{page.url} answered {response and response.status}"

    return visit


def _agency(w: World) -> dict:
    return {"agency_code": w.agency.code}


def _with_cookie(name: str, value: str, visit):
    def with_cookie(page: Page, base: str, world: World) -> None:
        page.context.add_cookies([{"name": name, "value": value, "url": base}])
        visit(page, base, world)

    return with_cookie


def _apply_and_submit(page: Page, base: str, world: World) -> None:
    page.goto(base + reverse("portal:apply", kwargs=_agency(world)))
    fill_in_as_a_person(page)
    page.get_by_role("button", name="提交申请").click()
    expect(page.get_by_role("heading", name="您的申请已提交")).to_be_visible()


def _apply_then_look_up(page: Page, base: str, world: World) -> None:
    _apply_and_submit(page, base, world)
    number = page.locator("#case-number").inner_text().strip()
    code = page.locator("#query-code").inner_text().strip()
    page.goto(base + reverse("portal:status", kwargs=_agency(world)))
    page.get_by_label("受理编号").fill(number)
    page.get_by_label("查询码").fill(code)
    page.get_by_role("button", name="查询").click()
    expect(page.locator("#status-label")).to_be_visible()


def _apply_with_errors(page: Page, base: str, world: World) -> None:
    page.goto(base + reverse("portal:apply", kwargs=_agency(world)))
    page.get_by_role("button", name="提交申请").click()
    expect(page.get_by_role("alert")).to_be_visible()


def _leave_message(page: Page, base: str, world: World) -> None:
    page.goto(base + reverse("suggestions_public:form", kwargs=_agency(world)))
    page.locator("[name=subject]").fill("公交站台缺少遮雨棚")
    page.locator("[name=body]").fill("潭柘寺站公交站台没有遮雨棚，雨天候车很不方便，建议加装。")
    page.locator("[name=contact]").fill("139 1234 5678")
    page.locator("form:has([name=contact]) [type=submit]").click()
    page.wait_for_url("**/messages/new/done/")


def _message_with_errors(page: Page, base: str, world: World) -> None:
    page.goto(base + reverse("suggestions_public:form", kwargs=_agency(world)))
    page.locator("form:has([name=contact]) [type=submit]").click()
    page.wait_for_load_state()


def _directory_item(page: Page, base: str, world: World) -> None:
    page.goto(base + reverse("portal:directory", kwargs=_agency(world)))
    page.get_by_role("link", name="1条").click()
    expect(page.get_by_role("heading", name="城乡规划 · 规划编制 · 村庄规划：已公开信息")).to_be_visible()


@dataclass(frozen=True)
class PublicPage:
    id: str
    name: str  # the URL name the page is reached by (coverage check below)
    visit: Callable[[Page, str, World], None]


PAGES = [
    PublicPage("home", "portal:home", _goto("portal:home")),
    PublicPage("search", "portal:search", _goto("portal:search", query="?q=部门预算")),
    PublicPage("search-empty", "portal:search", _goto("portal:search")),
    PublicPage("agency_home", "portal:agency_home", _goto("portal:agency_home", _agency)),
    PublicPage("guide", "portal:guide", _goto("portal:guide", _agency)),
    PublicPage("catalog", "portal:catalog", _goto("portal:catalog", _agency)),
    PublicPage("catalog-filtered", "portal:catalog", _goto("portal:catalog", _agency, "?item=20-7")),
    PublicPage("catalog-no-information", "portal:catalog", _goto("portal:catalog", _agency, "?item=21-township-5")),
    PublicPage("directory", "portal:directory", _goto("portal:directory", _agency)),
    PublicPage("directory-item", "portal:directory", lambda page, base, w: _directory_item(page, base, w)),
    PublicPage(
        "document",
        "portal:document",
        _goto("portal:document", lambda w: {"agency_code": w.agency.code, "pk": w.policy.pk}),
    ),
    PublicPage(
        "document-interpretation",
        "portal:document",
        _goto("portal:document", lambda w: {"agency_code": w.agency.code, "pk": w.interpretation.pk}),
    ),
    PublicPage(
        "document-repealed",
        "portal:document",
        _goto("portal:document", lambda w: {"agency_code": w.agency.code, "pk": w.repealed.pk}),
    ),
    PublicPage(
        "document-large-type",
        "portal:document",
        _with_cookie(
            "gk_font", "l", _goto("portal:document", lambda w: {"agency_code": w.agency.code, "pk": w.policy.pk})
        ),
    ),
    PublicPage("rules", "portal:rules", _goto("portal:rules", _agency)),
    PublicPage("interpretations", "portal:interpretations", _goto("portal:interpretations", _agency)),
    PublicPage("sitemap", "portal:sitemap", _goto("portal:sitemap", _agency)),
    PublicPage("contact", "portal:contact", _goto("portal:contact", _agency)),
    PublicPage("agency_search", "portal:agency_search", _goto("portal:agency_search", _agency, "?q=预算")),
    PublicPage("apply", "portal:apply", _goto("portal:apply", _agency)),
    PublicPage("apply-errors", "portal:apply", _apply_with_errors),
    PublicPage("submitted", "portal:submitted", _apply_and_submit),
    PublicPage("status", "portal:status", _goto("portal:status", _agency)),
    PublicPage("status-result", "portal:status", _apply_then_look_up),
    PublicPage("annual_reports", "portal:annual_reports", _goto("portal:annual_reports", _agency)),
    PublicPage(
        "annual_report",
        "portal:annual_report",
        _goto("portal:annual_report", lambda w: {"agency_code": w.agency.code, "year": w.report_year}),
    ),
    PublicPage("messages", "suggestions_public:list", _goto("suggestions_public:list", _agency)),
    PublicPage("message-form", "suggestions_public:form", _goto("suggestions_public:form", _agency)),
    PublicPage("message-form-errors", "suggestions_public:form", _message_with_errors),
    PublicPage("message-submitted", "suggestions_public:submitted", _leave_message),
    PublicPage("message-lookup", "suggestions_public:lookup", _goto("suggestions_public:lookup", _agency)),
    PublicPage(
        "message",
        "suggestions_public:detail",
        _goto("suggestions_public:detail", lambda w: {"agency_code": w.agency.code, "pk": w.message.pk}),
    ),
]

# Public URLs that are not pages a person reads.
NOT_PAGES = {
    "portal:feed",
    "portal:site_feed",
    "portal:elderly_mode",
    "portal:font_size",  # a redirect, like the elderly-mode switch
    "portal:banner",  # a picture
    "portal:paper_application",  # a .docx or PDF download
}
PUBLIC_NAMESPACES = {"portal", "suggestions_public"}


# -- checking one page ---------------------------------------------------------------------------

_AXE_RUN = """async (tags) => {
  const results = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary})),
  }));
}"""

# The first few elements that stick out of the viewport, to name in the failure message.
_TOO_WIDE = """(vw) => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > vw + 1 && getComputedStyle(e).position !== 'fixed')
  .slice(0, 5)
  .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
    + (typeof e.className === 'string' && e.className.trim()
       ? '.' + e.className.trim().split(/\\s+/).join('.') : ''))"""


def axe_violations(page: Page) -> list[dict]:
    # Evaluated through the DevTools protocol: an injected <script> would be refused by the CSP,
    # and a CSP exception for the test would hide exactly what this test looks for.
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    return page.evaluate(_AXE_RUN, WCAG_TAGS)


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"  {v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:8]:
            summary = " ".join(node["summary"].split())[:240]
            lines.append(f"      {node['target']}  — {summary}")
        if len(v["nodes"]) > 8:
            lines.append(f"      … and {len(v['nodes']) - 8} more")
    return "\n".join(lines)


@pytest.fixture
def watched(page: Page, live_server):
    """The page, with every console error and every request to another host recorded."""
    seen: dict[str, list[str]] = {"console": [], "foreign": [], "hosts": [urlsplit(live_server.url).netloc]}
    page.on("console", lambda m: seen["console"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen["console"].append(str(e)))

    def on_request(request):
        url = urlsplit(request.url)
        if url.scheme in {"http", "https", "ws", "wss"} and url.netloc not in seen["hosts"]:
            seen["foreign"].append(request.url)

    page.on("request", on_request)
    return page, seen


def check(page: Page, seen: dict, label: str) -> list[str]:
    problems = []
    violations = axe_violations(page)
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    if blocking:
        problems.append(f"{label} {page.url}: axe found serious/critical WCAG 2.1 AA violations:\n{describe(blocking)}")
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.viewport_size["width"]
    if width > viewport:
        wide = page.evaluate(_TOO_WIDE, viewport)
        problems.append(f"{label} {page.url}: content is {width}px wide in a {viewport}px viewport: {wide}")
    if seen["console"]:
        problems.append(f"{label} {page.url}: console errors (CSP violations show here): {seen['console']}")
    if seen["foreign"]:
        problems.append(f"{label} {page.url}: requests to other hosts: {seen['foreign']}")
    seen["console"].clear()
    seen["foreign"].clear()
    return problems


@pytest.mark.parametrize("public_page", PAGES, ids=[p.id for p in PAGES])
def test_public_page_is_accessible(watched, live_server, world, public_page: PublicPage):
    page, seen = watched
    problems = []
    for mode in MODES:
        page.context.clear_cookies()
        if mode.elderly:
            page.context.add_cookies([{"name": ELDERLY_COOKIE, "value": "1", "url": live_server.url}])
        page.set_viewport_size({"width": mode.width, "height": mode.height})
        try:
            public_page.visit(page, live_server.url, world)
        except NoReverseMatch:
            pytest.skip(f"{public_page.name} is not in the URL conf yet")
        if mode.elderly:
            expect(page.locator("body")).to_have_class(ELDERLY_BODY_CLASS)
        problems += check(page, seen, f"[{public_page.id} · {mode.name}]")
    assert not problems, "\n\n".join(problems)


# -- inside a 网站群: behind its reverse proxy, under a path prefix, in its frame -------------------

PREFIX = "/zwgk"
_HOP_BY_HOP = {"connection", "keep-alive", "proxy-connection", "transfer-encoding", "content-length", "upgrade"}


class _GroupProxy(BaseHTTPRequestHandler):
    """The 网站群's reverse proxy: strips /zwgk, asks for embedded mode, forwards to the live server."""

    protocol_version = "HTTP/1.1"

    def forward(self) -> None:
        if not self.path.startswith(PREFIX + "/"):
            self.send_error(404)
            return
        if self.path.startswith(f"{PREFIX}/static/"):
            self.static()
            return
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP}
        headers["X-Gongkai-Embedded"] = "1"
        upstream = http.client.HTTPConnection(self.server.upstream, timeout=60)
        upstream.request(self.command, self.path[len(PREFIX) :], body=body, headers=headers)
        answer = upstream.getresponse()
        data = answer.read()
        self.send_response(answer.status)
        for key, value in answer.getheaders():
            if key.lower() not in _HOP_BY_HOP:
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        upstream.close()

    def static(self) -> None:
        # The proxy's web server serves the collected static files itself, as nginx's `alias` does
        # (Django's test server serves them only without a script prefix).
        found = finders.find(urlsplit(self.path).path.removeprefix(f"{PREFIX}/static/"))
        if not found:
            self.send_error(404)
            return
        data = Path(found).read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", mimetypes.guess_type(found)[0] or "application/octet-stream")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_HEAD = forward

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def site_group(world, live_server, settings):
    """The base URL of the 专栏 as the 网站群 publishes it: http://localhost:<proxy>/zwgk."""
    settings.FORCE_SCRIPT_NAME = PREFIX  # what GONGKAI_PATH_PREFIX=/zwgk sets
    settings.STATIC_URL = "static/"  # drop Django's cached value, computed without the prefix
    upstream = urlsplit(live_server.url)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _GroupProxy)
    server.upstream = upstream.netloc
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"{upstream.scheme}://{upstream.hostname}:{server.server_address[1]}{PREFIX}"
    server.shutdown()
    server.server_close()


_UNPREFIXED = """(prefix) => [...document.querySelectorAll('a[href], link[href], script[src], img[src], form[action]')]
  .map(e => new URL(e.href || e.src || e.action, location.href))
  .filter(u => u.host === location.host && !u.pathname.startsWith(prefix + '/'))
  .map(u => u.pathname)"""


@pytest.mark.parametrize("public_page", PAGES, ids=[p.id for p in PAGES])
def test_public_page_is_accessible_inside_a_site_group(watched, site_group, world, public_page: PublicPage):
    """Every page again as the 网站群 serves it: under /zwgk, with the group's header and footer."""
    page, seen = watched
    seen["hosts"].append(urlsplit(site_group).netloc)
    page.set_viewport_size({"width": 1280, "height": 900})
    try:
        public_page.visit(page, site_group, world)
    except NoReverseMatch:
        pytest.skip(f"{public_page.name} is not in the URL conf yet")
    expect(page.locator("body")).to_have_class(re.compile(r"\bportal-embedded\b"))
    assert page.evaluate(_UNPREFIXED, PREFIX) == [], "links or files without the 网站群's path prefix"
    problems = check(page, seen, f"[{public_page.id} · 网站群]")
    assert not problems, "\n\n".join(problems)


def test_missing_page_is_accessible_inside_the_frame(watched, live_server, world):
    page, seen = watched
    response = page.goto(live_server.url + reverse("portal:agency_home", kwargs=_agency(world)) + "no-such-page/")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", name="页面不存在")).to_be_visible()
    expect(page.locator("#site-code")).to_have_text("网站标识码：1101090001")
    seen["console"] = [m for m in seen["console"] if "404" not in m]  # Chromium logs the status itself
    assert check(page, seen, "[404]") == []


def test_document_prints_without_the_frame(watched, live_server, world):
    page, _seen = watched
    page.goto(
        live_server.url + reverse("portal:document", kwargs={"agency_code": world.agency.code, "pk": world.policy.pk})
    )
    expect(page.get_by_role("button", name="打印本页")).to_be_visible()  # portal.js shows it
    page.emulate_media(media="print")
    for hidden in (".portal-header", ".portal-footer", ".portal-doc-tools"):
        expect(page.locator(hidden)).to_be_hidden()
    expect(page.locator(".portal-meta")).to_be_visible()
    expect(page.locator(".portal-body")).to_be_visible()
    page.emulate_media(media="screen")
    expect(page.locator(".portal-footer")).to_be_visible()


def test_elderly_mode_toggle_is_a_plain_link(watched, live_server, world):
    page, seen = watched
    page.goto(live_server.url + reverse("portal:agency_home", kwargs=_agency(world)))
    page.locator("#elderly-toggle").click()
    expect(page.locator("body")).to_have_class(ELDERLY_BODY_CLASS)
    assert urlsplit(page.url).path == reverse("portal:agency_home", kwargs=_agency(world))
    assert check(page, seen, "[agency_home · elderly via toggle]") == []


def test_api_docs_work_under_the_csp_without_other_hosts(watched, live_server, world):
    page, seen = watched
    page.goto(live_server.url + "/api/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("政府信息公开目录数据接口")
    expect(page.locator(".opblock-summary-path").first).to_be_visible()
    assert seen["console"] == [] and seen["foreign"] == [], seen


def _named_urls(resolver: URLResolver, namespace: str = ""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else entry.namespace or namespace
            yield from _named_urls(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name and namespace:
            yield f"{namespace}:{entry.name}"


def test_every_public_url_is_checked():
    public = {name for name in _named_urls(get_resolver()) if name.split(":")[0] in PUBLIC_NAMESPACES}
    missing = public - {p.name for p in PAGES} - NOT_PAGES
    assert not missing, f"public pages with no accessibility check: add them to PAGES: {sorted(missing)}"
