"""The body editor in a real browser: a clerk writes a formatted body, saves, and the document shows it.

Debian's Chromium through Playwright, with the portal tests' launch options and console watch. A
Content-Security-Policy violation (an inline style or script, an injected <style>) fails the test:
it is caught both as a console error and as a ``securitypolicyviolation`` event. Screenshots of the
edit page at 1366 and 375 px land in GONGKAI_SCREENSHOTS (or a temporary folder, printed).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from gongkai.catalog import services
from gongkai.catalog.tests.factories import policy_fields
from gongkai.catalog.tests.samples import make_png, make_word_body
from gongkai.portal.tests import test_browser
from gongkai.portal.tests.test_accessibility import BLOCKING, axe_violations, describe
from gongkai.portal.tests.test_browser import CHROMIUM

browser_type_launch_args = test_browser.browser_type_launch_args
console_errors = test_browser.console_errors

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium (apt install chromium)"
    ),
]
DESK = {"width": 1366, "height": 900}
PHONE = {"width": 375, "height": 812}
WATCH_CSP = """window.__csp = [];
document.addEventListener('securitypolicyviolation',
  e => window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || '') + ' ' + (e.sample || '')));"""


@pytest.fixture
def fields():
    return policy_fields(timezone.localdate() - dt.timedelta(days=3))


@pytest.fixture
def screenshots(tmp_path_factory) -> Path:
    folder = os.environ.get("GONGKAI_SCREENSHOTS")
    path = Path(folder) if folder else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    print(f"\nscreenshots: {path}")
    return path


def sign_in(page: Page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def paste_text(page: Page, text: str) -> None:
    """A plain-text paste, as from Notepad or a web page's text: ProseMirror reads clipboardData."""
    page.evaluate(
        """(text) => {
          const data = new DataTransfer();
          data.setData('text/plain', text);
          document.querySelector('.ProseMirror').dispatchEvent(
            new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}));
        }""",
        text,
    )


def test_a_clerk_formats_the_body_saves_and_the_page_shows_it(
    live_server, page: Page, console_errors, screenshots, agency_a, clerk_a, fields
):
    draft = services.draft_document(actor=clerk_a, agency=agency_a, **{**fields, "body": ""})
    page.add_init_script(WATCH_CSP)
    sign_in(page, live_server, clerk_a)
    page.set_viewport_size(DESK)
    page.goto(live_server.url + reverse("catalog:edit", args=[draft.pk]))

    toolbar = page.get_by_role("toolbar", name="正文格式")
    expect(toolbar).to_be_visible()
    expect(page.locator("textarea[name=body]")).to_be_hidden()  # the editor took its place
    editor = page.get_by_role("textbox", name="正文")
    editor.click()
    page.keyboard.type("一、总体要求")
    toolbar.get_by_role("button", name="二级标题").click()
    expect(toolbar.get_by_role("button", name="二级标题")).to_have_attribute("aria-pressed", "true")
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    page.keyboard.type("详见 https://www.gov.cn/zhengce/ ，")
    toolbar.get_by_role("button", name="加粗").click()
    page.keyboard.type("务必落实")
    toolbar.get_by_role("button", name="加粗").click()
    page.keyboard.press("Enter")
    paste_text(page, "第一段粘贴的文字\r\n\r\n第二段粘贴的文字\r\n第二段的第二行")
    page.keyboard.press("Enter")
    toolbar.get_by_role("button", name="无序列表").click()
    page.keyboard.type("甲村")
    page.keyboard.press("Enter")
    page.keyboard.type("乙村")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # out of the list
    toolbar.get_by_role("button", name="插入表格").click()
    page.keyboard.type("项目")
    page.keyboard.press("Tab")
    page.keyboard.type("金额")
    expect(toolbar.get_by_role("button", name="加行")).to_be_enabled()
    blocking = [v for v in axe_violations(page) if v["impact"] in BLOCKING]
    assert not blocking, describe(blocking)
    page.screenshot(path=screenshots / "editor-1366.png", full_page=True)
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=screenshots / "editor-375.png", full_page=True)
    page.set_viewport_size(DESK)

    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.get_by_text("已保存")).to_be_visible()
    body = page.locator("#body-title + div")
    expect(body.get_by_role("heading", level=2, name="一、总体要求")).to_be_visible()
    expect(body.get_by_role("link", name="https://www.gov.cn/zhengce/")).to_have_attribute(
        "href", "https://www.gov.cn/zhengce/"
    )
    expect(body.locator("strong")).to_have_text("务必落实")
    expect(body.locator("p", has_text="第一段粘贴的文字")).to_have_count(1)
    expect(body.locator("p", has_text="第二段粘贴的文字")).to_contain_text("第二段的第二行")
    expect(body.get_by_role("listitem")).to_have_text(["甲村", "乙村"])
    expect(body.get_by_role("table").get_by_role("columnheader", name="金额")).to_be_visible()
    # the bare address became a link, so its check is queued (the test runs no worker)
    expect(page.locator("#links")).to_contain_text("检查中…")
    page.screenshot(path=screenshots / "document-1366.png", full_page=True)

    draft.refresh_from_db()
    assert "<h2>一、总体要求</h2>" in draft.body and "<br>第二段的第二行" in draft.body
    assert 'style="' not in draft.body and "colwidth" not in draft.body
    assert page.evaluate("window.__csp") == []
    assert console_errors == []


def test_without_the_editor_the_textarea_still_saves_paragraphs(live_server, page: Page, agency_a, clerk_a, fields):
    draft = services.draft_document(actor=clerk_a, agency=agency_a, **{**fields, "body": ""})
    page.route("**/body-editor.min.js", lambda route: route.abort())  # as if scripts were off
    sign_in(page, live_server, clerk_a)
    page.goto(live_server.url + reverse("catalog:edit", args=[draft.pk]))
    page.get_by_label("正文", exact=True).fill("第一段\n\n第二段 http://www.gov.cn/")
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.get_by_text("已保存")).to_be_visible()
    draft.refresh_from_db()
    assert draft.body == (
        '<p>第一段</p><p>第二段 <a href="http://www.gov.cn/" rel="noopener noreferrer">http://www.gov.cn/</a></p>'
    )


def test_a_clerk_drafts_from_a_word_file_and_edits_it_with_its_picture(
    live_server, page: Page, console_errors, screenshots, agency_a, clerk_a, tmp_path
):
    word = tmp_path / "工程情况.docx"
    word.write_bytes(make_word_body(footnote="资金来源为镇级财政。", picture=make_png()))
    page.add_init_script(WATCH_CSP)
    sign_in(page, live_server, clerk_a)
    page.set_viewport_size(DESK)
    page.goto(live_server.url + reverse("catalog:new", args=[agency_a.code]))
    page.locator("#id_title").fill("村道路硬化工程情况")
    page.locator("#id_word-docx").set_input_files(word)
    page.screenshot(path=screenshots / "new-1366.png", full_page=True)
    page.get_by_role("button", name="保存草稿").click()

    expect(page.get_by_text("已起草，索引号")).to_be_visible()
    body = page.locator("#body-title + div")
    expect(body.get_by_role("heading", level=2, name="一、工程概况")).to_be_visible()
    expect(body.get_by_role("cell", name="合计120万元")).to_have_attribute("colspan", "2")
    expect(body).to_contain_text("资金来源为镇级财政。")
    picture = body.get_by_role("img")
    expect(picture).to_be_visible()
    assert picture.evaluate("img => img.naturalWidth") == 40  # served from the draft's own attachment
    page.screenshot(path=screenshots / "imported-1366.png", full_page=True)

    page.get_by_role("link", name="修改草稿").click()
    editor = page.get_by_role("textbox", name="正文")
    expect(editor.get_by_role("img")).to_be_visible()
    expect(editor.locator("td[colspan='2']")).to_have_text("合计120万元")  # merged cells survive the editor
    page.screenshot(path=screenshots / "editor-imported-1366.png", full_page=True)
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.get_by_text("已保存")).to_be_visible()
    expect(page.locator("#body-title + div").get_by_role("img")).to_be_visible()  # the picture stays
    assert page.evaluate("window.__csp") == []
    assert console_errors == []
