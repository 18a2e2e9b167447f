"""版本记录 in a real browser: no axe violation, no CSP error, the original only after a reason."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Page, expect

from gongkai.catalog import services
from gongkai.portal.tests.test_accessibility import axe_violations, describe
from gongkai.portal.tests.test_browser import CHROMIUM, browser_type_launch_args  # noqa: F401 — shared fixture

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium"),
]
ID = "11010519491231002X"


def sign_in(page: Page, base: str, user) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base}])


def test_history_pages_pass_axe_and_the_original_needs_a_reason(
    live_server, page: Page, transactional_db, agency_a, contributor_a, office_head_a, fields
):
    body = f"<p>申请人身份证号{ID}。</p><p>第二段。</p>"
    document = services.draft_document(actor=contributor_a, agency=agency_a, **{**fields, "body": body})
    services.update_document(actor=contributor_a, document=document, body=body.replace("第二段", "第二段，已修改"))
    services.mask_personal_data(actor=contributor_a, document=document)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    sign_in(page, live_server.url, office_head_a)
    for url in (reverse("catalog:history", args=[document.pk]), reverse("catalog:compare", args=[document.pk, 2])):
        page.goto(live_server.url + url)
        expect(page.locator("main h1")).to_be_visible()
        assert ID not in page.locator("main").inner_text()
        violations = axe_violations(page)
        assert violations == [], describe(violations)
    expect(page.locator("ins.diff-ins").last).to_have_text("新增：，已修改")
    page.get_by_role("button", name="查看原文").click()
    expect(page.get_by_text("请填写查看事由")).to_be_visible()
    errors[:] = [e for e in errors if "status of 400" not in e]  # the refused form's own status
    page.get_by_label("查看事由").fill("核查屏蔽是否正确")
    page.get_by_role("button", name="查看原文").click()
    expect(page.get_by_role("heading", name="第 2 版屏蔽前的原文")).to_be_visible()
    assert ID in page.locator("main").inner_text()
    assert axe_violations(page) == []
    assert errors == []
