"""The public catalogue in a real browser: browse, open a document, search, and switch 长者模式 on a phone.

Same setup as test_browser.py (Debian's Chromium; console errors, where CSP violations show,
fail the test).
"""

import datetime as dt

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from gongkai.catalog.models import Kind, Subject, Validity
from gongkai.catalog.search import rebuild_index

from . import test_browser
from .test_browser import CHROMIUM
from .test_catalog_pages import REPEALED, publish

# The same browser and console watch as test_browser.py (fixtures are found by module attribute).
browser_type_launch_args = test_browser.browser_type_launch_args
console_errors = test_browser.console_errors

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium (apt install chromium)"
    ),
]
PHONE = {"width": 375, "height": 740}


@pytest.fixture
def catalogue(agency_a, agency_b):
    policy = publish(
        agency_a,
        title="潭柘寺镇房屋征收补偿方案",
        item="21-township-6",
        subject=Subject.CONSTRUCTION,
        kind=Kind.NORMATIVE,
        validity=Validity.VALID,
        written_on=dt.date(2024, 2, 28),
        document_number="潭政发〔2024〕3号",
        body="<p>对被征收房屋给予货币补偿或者产权调换，补偿标准见附件。</p>",
    )
    publish(agency_a, title="《房屋征收补偿方案》政策解读", kind=Kind.INTERPRETATION, interprets=policy)
    publish(agency_a, title="旧的拆迁补偿办法", item="20-1", **REPEALED)
    publish(agency_b, title="王平镇集体土地征收补偿公告", item="21-township-5")
    rebuild_index()
    return policy


def no_horizontal_scroll(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"], page.url


def test_a_resident_browses_the_catalogue_opens_a_document_and_searches(
    live_server, page: Page, console_errors, agency_a, catalogue
):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/")
    no_horizontal_scroll(page)
    page.get_by_role("link", name=agency_a.name, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{agency_a.name}政府信息公开专栏")
    no_horizontal_scroll(page)

    page.get_by_role("navigation", name="政府信息公开栏目").get_by_role("link", name="法定主动公开内容").click()
    expect(page.get_by_role("link", name="法定主动公开内容", exact=True)).to_have_attribute("aria-current", "page")
    no_horizontal_scroll(page)
    page.get_by_role("complementary").get_by_role("link", name="房屋征收").click()
    expect(page.locator("#list-total")).to_have_text("共 1 条")
    page.get_by_role("link", name="潭柘寺镇房屋征收补偿方案").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("潭柘寺镇房屋征收补偿方案")
    meta = page.get_by_role("table", name="文件信息")
    expect(meta.get_by_role("row", name="发文字号")).to_contain_text("潭政发〔2024〕3号")
    expect(meta.get_by_role("row", name="索引号")).to_contain_text(catalogue.index_number)
    expect(page.get_by_role("link", name="《房屋征收补偿方案》政策解读")).to_be_visible()
    no_horizontal_scroll(page)

    page.goto(live_server.url + reverse("portal:agency_home", args=[agency_a.code]))
    page.get_by_label("搜索本机关公开的政府信息").fill("补偿")
    page.get_by_role("button", name="搜索", exact=True).click()
    expect(page.locator("#results-total")).to_have_text("找到 3 条与“补偿”相关的政府信息")
    expect(page.get_by_label("搜索词")).to_have_value("补偿")
    expect(page.locator("mark").first).to_have_text("补偿")
    expect(page.get_by_text("王平镇")).to_have_count(0)
    no_horizontal_scroll(page)
    assert console_errors == []


def test_elderly_mode_is_a_link_that_enlarges_the_text_and_survives_navigation(
    live_server, page: Page, console_errors, agency_a, catalogue
):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + reverse("portal:catalog", args=[agency_a.code]))

    def body_font_px() -> float:
        return float(page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)"))

    assert body_font_px() < 20
    page.get_by_role("banner").get_by_role("link", name="长者模式").click()  # the footer has one too
    expect(page.locator("body")).to_have_class("portal portal-elderly")
    assert page.url.endswith(reverse("portal:catalog", args=[agency_a.code]))
    assert body_font_px() >= 20
    smallest = page.evaluate(
        """() => Math.min(...[...document.querySelectorAll('main *')]
             .filter(e => e.offsetParent !== null && e.childNodes.length
                     && [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
             .map(e => parseFloat(getComputedStyle(e).fontSize)))"""
    )
    assert smallest >= 20, smallest
    no_horizontal_scroll(page)

    page.get_by_role("link", name="潭柘寺镇房屋征收补偿方案").click()
    expect(page.locator("body")).to_have_class("portal portal-elderly")  # the cookie keeps it on
    no_horizontal_scroll(page)
    page.get_by_role("contentinfo").get_by_role("link", name="退出长者模式").click()
    expect(page.locator("body")).to_have_class("portal")
    assert body_font_px() < 20
    assert console_errors == []
