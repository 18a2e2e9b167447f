"""Issue #11's "Done when", in a real browser: a township publishes a 行政规范性文件 against its 标准目录.

The office head uploads the agency's 标准目录 (.xlsx in the official two-header layout); a
contributor drafts a 行政规范性文件 from a Word file, files it under the 标准目录 item, and drafts
its 政策解读; the 科室负责人, the 保密审查员 and the 签发领导 each sign in once and take their step
once on the document's page, and the interpretation moves with it; the 发布审批单 is printed and
downloaded as PDF; the office head publishes; the portal's 标准目录 lists the document under its
item and the staff 落实情况 page counts it as published on time.

Debian's Chromium with the portal tests' launch options; every page is watched for console errors
and Content-Security-Policy violations, and the portal's 标准目录 page is run through axe.
"""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook
from playwright.sync_api import Page, expect

from gongkai.catalog.models import Document, Kind, Status
from gongkai.catalog.tests.factories import member
from gongkai.directories.models import DirectoryItem
from gongkai.letters.tests.pdfcheck import pages_text
from gongkai.organizations.models import Role
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
PASSWORD = "correct horse battery"  # organizations.tests.factories.UserFactory
WATCH_CSP = """window.__csp = [];
document.addEventListener('securitypolicyviolation',
  e => window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || '') + ' ' + (e.sample || '')));"""
DEADLINE = "信息形成之日起20个工作日内"
TITLE = "潭柘寺镇农村宅基地管理办法"

# -- the files a township office has at hand ----------------------------------------------------

TOP = ["序号", "公开事项", None, "公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体",
       "公开对象", None, "公开方式", None]  # fmt: skip
SUB = [None, "一级事项", "二级事项", None, None, None, None, None, "全社会", "特定群众", "主动", "依申请公开"]
ROWS = [
    ["1", "政策文件", "行政规范性文件", "本镇制定的行政规范性文件", "《中华人民共和国政府信息公开条例》",
     DEADLINE, "党政办公室", "■政府网站 ■公开栏", "√", "", "√", ""],
    ["2", None, "政策解读", "行政规范性文件的解读材料", "同上", "与文件同步", "同上", "■政府网站", "√", "", "√", ""],
]  # fmt: skip


def directory_xlsx() -> bytes:
    """One area as the county publishes it: a title row, two merged header rows, 一级事项 merged down."""
    book = Workbook()
    sheet = book.active
    sheet.title = "标准目录"
    sheet.append(["（一）农村宅基地管理领域基层政务公开标准目录"])
    sheet.merge_cells("A1:L1")
    sheet.append(TOP)
    sheet.append(SUB)
    for col in "ADEFGH":
        sheet.merge_cells(f"{col}2:{col}3")
    for left, right in (("B", "C"), ("I", "J"), ("K", "L")):
        sheet.merge_cells(f"{left}2:{right}2")
    for row in ROWS:
        sheet.append(row)
    sheet.merge_cells("B4:B5")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def policy_docx() -> bytes:
    word = docx.Document()
    word.add_heading("第一章 总则", level=1)
    word.add_paragraph("为规范本镇农村宅基地管理，根据有关法律法规，结合本镇实际，制定本办法。")
    word.add_paragraph("本办法适用于本镇行政区域内农村宅基地的申请、审批和监督管理。")
    table = word.add_table(rows=3, cols=2)
    for r, (a, b) in enumerate([("事项", "办理时限"), ("宅基地申请受理", "5个工作日"), ("审批结果公示", "7日")]):
        table.cell(r, 0).text, table.cell(r, 1).text = a, b
    word.add_paragraph("本办法自印发之日起施行。")
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


# -- people and pages -------------------------------------------------------------------------


@pytest.fixture
def people(agency_a, department_a, office_head_a):
    """The township's staff; 党政办公室 has a 科室负责人 (钱进), so the department review is his."""
    return {
        "author": member(agency_a, Role.CONTRIBUTOR, "author", "赵敏"),
        "head": member(agency_a, Role.DEPARTMENT_HEAD, "head", "钱进", department=department_a),
        "reviewer": member(agency_a, Role.REVIEWER, "reviewer", "孙丽"),
        "leader": member(agency_a, Role.LEADER, "leader", "李强"),
        "office_head": office_head_a,
    }


def log_in(page: Page, live_server, user) -> None:
    """Sign out whoever was at the desk and sign in through the login page."""
    page.context.clear_cookies()
    page.goto(live_server.url + reverse("login"))
    page.get_by_label("用户名").fill(user.username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_label("用户名")).to_have_count(0)


def statuses(*documents: Document) -> list[str]:
    return [Document.objects.get(pk=d.pk).status for d in documents]


def take_step(page: Page, live_server, document: Document, label: str, field: str, opinion: str) -> None:
    page.goto(live_server.url + reverse("catalog:detail", args=[document.pk]))
    step = page.get_by_role("region", name=label, exact=True)
    step.get_by_label(field).fill(opinion)
    with page.expect_navigation():
        step.get_by_role("button", name=label, exact=True).click()


def test_a_normative_document_and_its_interpretation_go_from_word_to_the_portals_directory(
    live_server, page: Page, console_errors, agency_a, department_a, people, tmp_path
):
    page.add_init_script(WATCH_CSP)
    page.set_default_timeout(10_000)
    written_on = timezone.localdate() - dt.timedelta(days=3)

    # 1. The office head uploads the agency's 标准目录.
    log_in(page, live_server, people["office_head"])
    page.goto(live_server.url + reverse("directories:import", args=[agency_a.code]))
    xlsx = tmp_path / "潭柘寺镇主动公开全清单.xlsx"
    xlsx.write_bytes(directory_xlsx())
    page.locator("input[type=file]").set_input_files(xlsx)
    page.get_by_role("button", name="导入").click()
    expect(page.get_by_text("新增2项")).to_be_visible()
    item = DirectoryItem.objects.get(agency=agency_a, level2="行政规范性文件")
    assert item.deadline_text == DEADLINE and item.department == department_a

    # 2. The contributor drafts from Word, files it under the item and 党政办公室; then its 政策解读.
    log_in(page, live_server, people["author"])
    page.goto(live_server.url + reverse("catalog:new", args=[agency_a.code]))
    page.get_by_role("textbox", name="标题", exact=True).fill(TITLE)
    page.get_by_label("公开事项").select_option("20-1")
    page.get_by_label("文件类型").select_option(label="行政规范性文件")
    page.get_by_label("起草科室").select_option(str(department_a.pk))
    page.get_by_label("标准目录事项").select_option(str(item.pk))
    page.get_by_label("成文日期").fill(written_on.isoformat())
    page.get_by_label("发文字号").fill(f"潭政发〔{written_on.year}〕5号")
    page.get_by_label("有效性").select_option(label="有效")
    word = tmp_path / "宅基地管理办法.docx"
    word.write_bytes(policy_docx())
    page.get_by_label("从Word导入正文").set_input_files(word)
    page.get_by_role("button", name="保存草稿").click()
    expect(page.get_by_text("已起草，索引号")).to_be_visible()
    body = page.locator("#body-title + div")
    expect(body.get_by_role("heading", name="第一章 总则")).to_be_visible()
    expect(body.get_by_role("cell", name="宅基地申请受理")).to_be_visible()
    policy = Document.objects.get(title=TITLE)
    assert (policy.kind, policy.directory_item, policy.department) == (Kind.NORMATIVE, item, department_a)

    page.get_by_role("link", name="起草政策解读").click()
    expect(page.get_by_role("heading", name="起草政策解读")).to_be_visible()
    expect(page.get_by_role("textbox", name="标题", exact=True)).to_have_value(f"《{TITLE}》政策解读")
    expect(page.get_by_label("起草科室")).to_have_value(str(department_a.pk))  # the policy's
    page.get_by_label("成文日期").fill(written_on.isoformat())
    page.get_by_role("textbox", name="正文").click()
    page.keyboard.type("一、制定背景")
    page.keyboard.press("Enter")
    page.keyboard.type("二、主要内容")
    page.get_by_role("button", name="保存草稿").click()
    expect(page.get_by_text("已起草，索引号")).to_be_visible()
    reading = Document.objects.get(interprets=policy)
    assert reading.kind == Kind.INTERPRETATION

    take_step(page, live_server, policy, "提交审核", "拟稿说明", "依据标准目录“行政规范性文件”事项公开")
    assert statuses(policy, reading) == [Status.SUBMITTED, Status.SUBMITTED]

    # 3. One pass: each reviewer signs in once and takes the step once, on the document's page.
    chain = [
        ("head", "科室审核", "审核意见", "内容属实，同意公开", Status.DEPT_APPROVED),
        ("reviewer", "保密审查", "保密审查意见", "经审查，不涉及国家秘密和工作秘密", Status.SECRECY_REVIEWED),
        ("leader", "签发", "签发意见", "同意发布，解读同步发布", Status.SIGNED),
    ]
    for who, label, field, opinion, after in chain:
        log_in(page, live_server, people[who])
        take_step(page, live_server, policy, label, field, opinion)
        expect(page.get_by_role("region", name="审核记录")).to_contain_text(opinion)
        assert statuses(policy, reading) == [after, after], label
    # The interpretation carries each step's person and opinion, taken with the document.
    pairs = [(o.actor_id, o.opinion) for o in policy.opinions.order_by("acted_at", "pk")]
    assert [(o.actor_id, o.opinion) for o in reading.opinions.order_by("acted_at", "pk")] == pairs
    assert len(pairs) == 4 and set(reading.opinions.values_list("with_document", flat=True)) == {policy.pk}

    # 4. The 发布审批单: the print view, and the PDF through the page's link.
    page.goto(live_server.url + reverse("catalog:detail", args=[policy.pk]))
    page.get_by_role("link", name="打印").first.click()
    sheet = page.locator("body")
    expect(sheet).to_contain_text("发布审批单")
    for who, _, _, opinion, _ in chain:
        expect(sheet).to_contain_text(people[who].full_name)
        expect(sheet).to_contain_text(opinion)
    page.go_back()
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF").first.click()
    pdf = download.value.path().read_bytes()
    text = "".join("".join(pages_text(pdf)).split())
    for who, _, _, opinion, _ in chain:
        assert people[who].full_name in text and "".join(opinion.split()) in text, who
    assert people["author"].full_name in text

    # 5. The office head publishes; both are public.
    log_in(page, live_server, people["office_head"])
    take_step(page, live_server, policy, "发布", "确认提示后继续发布的理由", "")
    assert statuses(policy, reading) == [Status.PUBLISHED, Status.PUBLISHED]

    # 6. On the portal: the 标准目录 lists the document under its item; its page shows the Word body.
    page.context.clear_cookies()
    page.goto(live_server.url + reverse("portal:directory", args=[agency_a.code]))
    row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name="行政规范性文件"))
    expect(row).to_contain_text(DEADLINE)
    blocking = [v for v in axe_violations(page) if v["impact"] in BLOCKING]
    assert not blocking, describe(blocking)
    row.get_by_role("link", name="1条").click()
    listed = page.locator("#item-documents + ul")
    listed.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(TITLE)
    portal_body = page.get_by_role("region", name="正文")
    expect(portal_body.get_by_role("heading", name="第一章 总则")).to_be_visible()
    expect(portal_body.get_by_role("cell", name="审批结果公示")).to_be_visible()
    page.get_by_role("region", name="政策解读").get_by_role("link", name=reading.title).click()
    expect(page.locator("#interprets")).to_contain_text(TITLE)  # the interpretation is public too

    # ... and the staff 落实情况 counts the item as published on time, not overdue.
    log_in(page, live_server, people["office_head"])
    page.goto(live_server.url + reverse("catalog:directory_status", args=[agency_a.code]))
    status_row = page.locator(f"#item-{item.pk}")
    expect(status_row).to_contain_text("按时公开")
    expect(status_row).not_to_contain_text("逾期")

    assert page.evaluate("window.__csp") == []
    assert console_errors == []
