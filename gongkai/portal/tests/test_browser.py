"""The portal in a real browser: a person applies, writes down the code, and looks up the status.

Runs Debian's Chromium (``playwright install`` cannot download browsers here). Console errors
fail the test: a Content-Security-Policy violation (an inline script or style, a foreign
resource) is reported there and nowhere else.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from gongkai.cases.models import Case

CHROMIUM = Path("/usr/bin/chromium")

# Playwright's sync API starts an event loop on the main thread and keeps it for the rest of the
# session (its fixtures are session-scoped), and Django refuses ORM calls on a thread with a
# running loop. The test database, the fixtures and every later test use the ORM from that
# thread, so the check must be off from collection on; the live server itself runs in its own
# thread, where the check still applies.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium (apt install chromium)"
    ),
]


@pytest.fixture(scope="session")
def browser_type_launch_args():
    return {
        "executable_path": str(CHROMIUM),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture
def console_errors(page: Page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def fill_in_as_a_person(page: Page) -> None:
    page.get_by_label("自然人", exact=True).check()
    expect(page.locator("#org-fields")).to_be_hidden()  # the portal script ran under the CSP
    page.get_by_label("姓名或者名称").fill("张小红")
    page.get_by_label("居民身份证").check()
    page.get_by_label("证件号码").fill("11010519491231002X")
    page.get_by_label("联系电话").fill("139 1234 5678")
    page.get_by_label("电子邮箱").fill("zhang@example.com")
    page.get_by_label("所需政府信息的名称、文号或者便于检索的内容描述").fill(
        "申请公开2024年潭柘寺镇村道路硬化工程的招标文件和中标结果"
    )
    page.get_by_label("电子文档").check()
    page.get_by_label("网上获取").check()


def test_a_person_applies_and_follows_the_case(live_server, page: Page, console_errors, agency_a, agency_b):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name=agency_a.name, exact=True).click()  # the agency's portal home
    page.get_by_role("navigation", name="政府信息公开栏目").get_by_role("link", name="依申请公开").click()
    expect(page.get_by_role("heading", name="申请政府信息公开")).to_be_visible()

    fill_in_as_a_person(page)
    page.get_by_role("button", name="提交申请").click()

    expect(page.get_by_role("heading", name="您的申请已提交")).to_be_visible()
    number = page.locator("#case-number").inner_text().strip()
    code = page.locator("#query-code").inner_text().strip()
    assert number == Case.objects.get().number and len(code) == 8
    assert code not in page.url and "张小红" not in page.url

    page.get_by_role("link", name="查询办理进度").click()
    page.get_by_label("受理编号").fill(number)
    page.get_by_label("查询码").fill(code.lower())
    page.get_by_role("button", name="查询").click()

    expect(page.locator("#status-label")).to_have_text("办理中")
    body = page.locator("main").inner_text()
    assert number in body and "张小红" not in body and "13912345678" not in body
    assert console_errors == []


def test_a_rejected_form_keeps_the_input_and_a_double_click_files_once(
    live_server, page: Page, console_errors, agency_a
):
    page.goto(f"{live_server.url}/a/{agency_a.code}/apply/")
    fill_in_as_a_person(page)
    page.get_by_label("证件号码").fill("110105194912310021")  # wrong check digit
    page.get_by_role("button", name="提交申请").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("校验位不正确")
    expect(summary).to_be_focused()
    expect(page.get_by_label("姓名或者名称")).to_have_value("张小红")
    expect(page.get_by_label("证件号码")).to_have_attribute("aria-invalid", "true")
    summary.get_by_role("link").first.click()
    expect(page.get_by_label("证件号码")).to_be_focused()

    page.get_by_label("证件号码").fill("11010519491231002X")
    page.get_by_role("button", name="提交申请").dblclick()
    expect(page.get_by_role("heading", name="您的申请已提交")).to_be_visible()
    assert Case.objects.count() == 1
    assert console_errors == []
