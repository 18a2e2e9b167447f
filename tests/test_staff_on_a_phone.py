"""Staff pages on a phone (375 px) and a desk (1366 px), and 长者模式 headings, in a real browser.

Debian's Chromium through Playwright, with the portal's launch options. The demo clerk signs in
and opens the pages a township clerk uses every day. At 375 px the page must not scroll sideways
(tables scroll inside their own box), header cells keep their words on one line, no column is
squeezed to a character a line, and the header links fold behind a toggler that works; at 1366
and 1200 px the links show, on one line. Screenshots of every page land in a temporary folder
(printed, or the folder named by GONGKAI_SCREENSHOTS) for a person to look at.

In 长者模式 (the portal's elderly mode) every heading and legend is at least as large as the body
text, on the public pages and on the public 404 page (also checked with axe). A console error (a
CSP violation shows there and nowhere else) fails every test here.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from gongkai.cases.models import Case
from gongkai.portal.tests.test_accessibility import BLOCKING, axe_violations
from gongkai.portal.tests.test_api import publish
from gongkai.portal.tests.test_browser import CHROMIUM, browser_type_launch_args  # noqa: F401 — shared fixture

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium (apt install chromium)"
    ),
]

PHONE = {"width": 375, "height": 812}
DESK = {"width": 1366, "height": 768}
SMALL_DESK = {"width": 1200, "height": 800}  # the narrowest width with the links unfolded
DEMO_CLERK, DEMO_PASSWORD = "tzs_clerk", "gongkai-demo"


@pytest.fixture
def screenshots(tmp_path_factory) -> Path:
    folder = os.environ.get("GONGKAI_SCREENSHOTS")
    path = Path(folder) if folder else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    print(f"\nscreenshots: {path}")
    return path


@pytest.fixture
def console(page: Page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


# -- measuring a page ----------------------------------------------------------------------------

# Elements sticking out of the viewport, to name in a failure.
_TOO_WIDE = """(vw) => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > vw + 1 && getComputedStyle(e).position !== 'fixed'
               && !e.closest('.table-responsive, .report-table-wrap'))
  .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
    + (typeof e.className === 'string' && e.className.trim()
       ? '.' + e.className.trim().split(/\\s+/).join('.') : ''))"""

# Column headers with a run of text broken over two lines.
_WRAPPED_HEADERS = """() => [...document.querySelectorAll('main table thead th')]
  .filter(th => th.offsetParent !== null)
  .flatMap(th => {
    const walker = document.createTreeWalker(th, NodeFilter.SHOW_TEXT);
    const wrapped = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.textContent.trim()) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
      if (lines.size > 1) wrapped.push(node.textContent.trim());
    }
    return wrapped;
  })"""

# Cells squeezed narrower than two characters though they hold more, or folded into a tall column
# of more than ten lines.
_SQUEEZED_CELLS = """() => [...document.querySelectorAll('main table tbody :is(td, th)')]
  .filter(td => td.offsetParent !== null && td.textContent.replace(/\\s/g, '').length > 2)
  .filter(td => {
    const s = getComputedStyle(td);
    const width = td.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
    const height = td.clientHeight - parseFloat(s.paddingTop) - parseFloat(s.paddingBottom);
    return width < 2 * parseFloat(s.fontSize) || height > 10 * parseFloat(s.lineHeight);
  })
  .map(td => td.textContent.trim().slice(0, 20))"""


# The vertical middle of each line of header link text: close together when they share one line.
_LINK_MIDDLES = """() => [...document.querySelectorAll('#staff-nav :is(.nav-link, .navbar-text, .btn)')]
  .flatMap(e => [...e.getClientRects()].map(r => Math.round(r.top + r.height / 2)))"""


def layout_problems(page: Page, label: str) -> list[str]:
    problems = []
    viewport = page.viewport_size["width"]
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > viewport:
        problems.append(f"{label}: the page is {width}px wide: {page.evaluate(_TOO_WIDE, viewport)}")
    if wrapped := page.evaluate(_WRAPPED_HEADERS):
        problems.append(f"{label}: header cells wrap: {wrapped[:8]}")
    if squeezed := page.evaluate(_SQUEEZED_CELLS):
        problems.append(f"{label}: cells squeezed to a character a line: {squeezed[:8]}")
    return problems


# -- the staff pages -----------------------------------------------------------------------------


@pytest.fixture
def demo(transactional_db):
    call_command("demo", stdout=StringIO())
    # The case with the longest 法定日程: the widest table of the case page.
    cases = Case.objects.filter(agency__short_name="潭柘寺镇").annotate(n=Count("deadlines"))
    return cases.order_by("-n", "pk").first()


def staff_pages(case: Case) -> list[tuple[str, str]]:
    return [
        ("工作台", reverse("staff:home")),
        ("依申请公开", reverse("cases:list")),
        ("申请详情", reverse("cases:detail", args=[case.pk])),
        ("到期提醒", reverse("cases:due")),
        ("主动公开", reverse("catalog:list")),
        ("年度报告", reverse("reports:list")),
        ("标准目录", reverse("directories:list", args=[case.agency.code])),
        ("标准目录落实情况", reverse("catalog:directory_status", args=[case.agency.code])),
        ("复议诉讼", reverse("remedies:list")),
        ("页面不存在", "/cases/nowhere/"),
    ]


def sign_in(page: Page, base: str) -> None:
    page.goto(base + reverse("login"))
    page.get_by_label("用户名").fill(DEMO_CLERK)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()


def test_staff_pages_work_on_a_phone_and_a_desk(live_server, page: Page, console, demo, screenshots):
    page.set_viewport_size(PHONE)
    sign_in(page, live_server.url)
    header = page.get_by_role("navigation", name="主导航")
    toggler = header.get_by_role("button", name="导航菜单")
    menu = page.locator("#staff-nav")
    problems: list[str] = []
    for size, viewport in (("375", PHONE), ("1366", DESK), ("1200", SMALL_DESK)):
        page.set_viewport_size(viewport)
        for n, (name, url) in enumerate(staff_pages(demo)):
            response = page.goto(live_server.url + url)
            assert response is not None and response.status == (404 if name == "页面不存在" else 200), url
            if response.status == 404:  # Chromium logs the page's own status; that one is expected
                console[:] = [e for e in console if "status of 404" not in e]
            expect(page.locator("main h1").first).to_be_visible()
            page.screenshot(path=screenshots / f"{size}-{n:02d}-{name}.png", full_page=True)
            if "{#" in page.locator("body").inner_text():
                problems.append(f"[{name} · {size}px]: a template comment shows on the page")
            cases_link = header.get_by_role("link", name="依申请公开")
            if viewport is PHONE:
                problems += layout_problems(page, f"[{name} · {size}px]")
                expect(toggler).to_be_visible()
                expect(cases_link).to_be_hidden()  # folded away
                toggler.click()
                expect(cases_link).to_be_visible()
                expect(toggler).to_have_attribute("aria-expanded", "true")
                expect(menu).to_have_class(re.compile(r"\bshow\b"))  # opened (the animation is over)
                if n == 0:
                    page.screenshot(path=screenshots / f"{size}-{n:02d}-{name}-menu.png")
                toggler.click()
                expect(cases_link).to_be_hidden()
                expect(toggler).to_have_attribute("aria-expanded", "false")
            else:
                expect(toggler).to_be_hidden()
                expect(cases_link).to_be_visible()
                middles = page.evaluate(_LINK_MIDDLES)
                if max(middles) - min(middles) > 8:  # a line is ~40px; centring may differ by a pixel
                    problems.append(f"[{name} · {size}px]: the header links take more than one line")
                width = page.evaluate("document.documentElement.scrollWidth")
                if width > viewport["width"]:
                    problems.append(f"[{name} · {size}px]: the page is {width}px wide")
    # The folded menu leads somewhere.
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + reverse("staff:home"))
    toggler.click()
    header.get_by_role("link", name="到期提醒").click()
    expect(page).to_have_url(live_server.url + reverse("cases:due"))
    assert not problems, "\n".join(problems)
    assert console == [], console


# -- 长者模式 -------------------------------------------------------------------------------------

# Headings and legends smaller than the body text.
_SMALL_HEADINGS = """() => {
  const body = parseFloat(getComputedStyle(document.body).fontSize);
  return [...document.querySelectorAll('h1, h2, h3, h4, h5, h6, legend')]
    .filter(e => e.offsetParent !== null && parseFloat(getComputedStyle(e).fontSize) < body - 0.01)
    .map(e => `${e.tagName.toLowerCase()}${e.className ? '.' + e.className.split(' ').join('.') : ''} `
              + `"${e.textContent.trim().slice(0, 16)}" ${getComputedStyle(e).fontSize} < ${body}px`);
}"""


def test_elderly_mode_scales_every_heading(live_server, page: Page, console, agency_a, screenshots):
    document = publish(
        agency_a,
        title="潭柘寺镇农村人居环境整治实施办法",
        published_on=timezone.localdate() - dt.timedelta(days=2),
        body="<h2>第一章 总则</h2><h3>第一节 目标</h3><h4>一、范围</h4><h5>（一）</h5><h6>1.</h6><p>正文</p>",
    )
    code = agency_a.code
    pages = [
        ("申请表", reverse("portal:apply", args=[code])),  # radio groups: fieldset legends
        ("机关首页", reverse("portal:agency_home", args=[code])),
        ("公开指南", reverse("portal:guide", args=[code])),
        ("文件", reverse("portal:document", args=[code, document.pk])),
        ("留言", reverse("suggestions_public:form", args=[code])),
        ("首页", reverse("portal:home")),
        ("页面不存在", f"/a/{code}/documents/{document.pk + 1000}/"),  # the error page, in the portal frame
    ]
    page.context.add_cookies([{"name": "gk_elderly", "value": "1", "url": live_server.url}])
    problems = []
    for size, viewport in (("375", PHONE), ("1366", DESK)):
        page.set_viewport_size(viewport)
        for n, (name, url) in enumerate(pages):
            response = page.goto(live_server.url + url)
            if response is not None and response.status == 404:  # the page's own status, expected
                console[:] = [e for e in console if "status of 404" not in e]
                blocking = [v for v in axe_violations(page) if v["impact"] in BLOCKING]
                problems += [f"[{name} · {size}px] axe: {v['id']}: {v['help']}" for v in blocking]
            expect(page.locator("body")).to_have_class("portal portal-elderly")
            page.screenshot(path=screenshots / f"elderly-{size}-{n:02d}-{name}.png", full_page=True)
            problems += [f"[{name} · {size}px] {p}" for p in page.evaluate(_SMALL_HEADINGS)]
    assert not problems, "\n".join(problems)
    assert console == [], console
