"""The 标准目录 in the self-check: figures per area, the overdue finding, the report's table."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from docx import Document as Docx

from gongkai.directories.tests.factories import DirectoryItemFactory
from gongkai.organizations.models import Agency
from gongkai.organizations.tests.factories import DepartmentFactory
from gongkai.sitechecks.rendering import render_docx, render_html, render_json
from gongkai.sitechecks.services import run_sitecheck

from .factories import published_document

pytestmark = pytest.mark.django_db
CHECKED_ON = dt.date(2026, 6, 15)


@pytest.fixture
def june(time_machine):
    time_machine.move_to(dt.datetime(2026, 6, 15, 10, tzinfo=dt.UTC), tick=False)


@pytest.fixture
def directory(agency_a):
    """Two areas: a yearly budget item due 31 March (nothing filed), and an item met in time."""
    finance = DepartmentFactory(agency=agency_a, name="财政所")
    budget = DirectoryItemFactory(
        agency=agency_a,
        area="财政预决算",
        level1="部门预算",
        level2="预算公开",
        deadline_text="每年3月底前",
        department=finance,
        tracked_from=dt.date(2026, 1, 1),
    )
    aid = DirectoryItemFactory(
        agency=agency_a,
        area="社会救助",
        level1="最低生活保障",
        level2="政策文件",
        deadline_text="信息形成（或变更）之日起20个工作日内",
        publisher="社会事务办公室",
        tracked_from=dt.date(2026, 1, 1),
    )
    published_document(agency_a, directory_item=aid, written_on=dt.date(2026, 5, 6), published_on=dt.date(2026, 5, 8))
    return budget, aid


def codes(check):
    return {f["code"] for f in check.findings}


def test_an_overdue_item_is_found_and_goes_once_its_document_is_published(
    agency_a, clerk_a, directory, june, quick_crawl
):
    budget, _ = directory

    check = run_sitecheck(agency=agency_a, on=CHECKED_ON, actor=clerk_a)

    (finding,) = [f for f in check.findings if f["code"].startswith("directory.")]
    assert finding["code"] == "directory.overdue" and finding["severity"] == "deduction"
    assert finding["message"] == "标准目录中有1个事项超过公开时限仍未公开（共1次应公开未公开，涉及1个领域）"
    assert finding["details"] == ["财政预决算：部门预算／预算公开（财政所；2026年，时限2026年3月31日）"]
    assert "directory.overdue" in {f["code"] for f in check.rectifiable_findings}
    stored = check.summary["directory"]
    assert stored["kept"] is True and stored["expected"] is True
    assert {a["area"]: (a["items"], a["met"], a["overdue"], a["never_published"]) for a in stored["areas"]} == {
        "财政预决算": (1, 0, 1, 1),
        "社会救助": (1, 1, 0, 0),
    }
    assert stored["overdue"] == [
        {
            "area": "财政预决算",
            "item": "部门预算／预算公开",
            "department": "财政所",
            "due": ["2026年，时限2026年3月31日"],
        }
    ]

    published_document(
        agency_a, directory_item=budget, written_on=dt.date(2026, 6, 1), published_on=dt.date(2026, 6, 2)
    )
    again = run_sitecheck(agency=agency_a, on=CHECKED_ON, actor=clerk_a)

    assert not codes(again) & {"directory.overdue", "directory.missing"}
    assert {a["area"]: (a["late"], a["overdue"]) for a in again.summary["directory"]["areas"]}["财政预决算"] == (1, 0)
    assert again.summary["directory"]["overdue"] == []


def test_a_township_without_a_list_gets_a_note_and_a_city_government_nothing(agency_a, clerk_a, june, quick_crawl):
    check = run_sitecheck(agency=agency_a, on=CHECKED_ON, actor=clerk_a)
    (finding,) = [f for f in check.findings if f["code"].startswith("directory.")]
    assert (finding["code"], finding["severity"]) == ("directory.missing", "info")
    assert "directory.missing" not in {f["code"] for f in check.rectifiable_findings}  # a note, not for 整改

    agency_a.level = Agency.Level.CITY
    agency_a.save(update_fields=["level"])
    check = run_sitecheck(agency=agency_a, on=CHECKED_ON, actor=clerk_a)
    assert not [f for f in check.findings if f["code"].startswith("directory.")]
    assert check.summary["directory"]["kept"] is False


def _docx_text(data: bytes) -> str:
    doc = Docx(io.BytesIO(data))
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_the_report_has_the_directory_table_and_the_finding_in_rectification(
    agency_a, clerk_a, directory, june, quick_crawl
):
    check = run_sitecheck(agency=agency_a, on=CHECKED_ON, actor=clerk_a)

    for text in (_docx_text(render_docx(check)), render_html(check)):
        assert "四、标准目录落实情况" in text
        for words in ("领域", "事项数", "按时公开", "逾期", "从未公开", "合计", "逾期未公开的事项"):
            assert words in text
        assert "部门预算／预算公开" in text and "财政所" in text and "2026年，时限2026年3月31日" in text
        assert "标准目录落实情况：标准目录中有1个事项超过公开时限仍未公开" in text  # 问题清单 and 整改情况
        assert "七、整改情况" in text
        assert "请填写" not in text and "请输入" not in text
    doc = Docx(io.BytesIO(render_docx(check)))
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "领域" and len(t.columns) == 5)
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows == [
        ["领域", "事项数", "按时公开", "逾期", "从未公开"],
        ["财政预决算", "1", "0", "1", "1"],
        ["社会救助", "1", "1", "0", "0"],
        ["合计", "2", "1", "1", "1"],
    ]
    assert b'"directory"' in render_json(check)


def test_the_staff_page_shows_the_directory(client, agency_a, clerk_a, directory, june, quick_crawl):
    check = run_sitecheck(agency=agency_a, on=CHECKED_ON, actor=clerk_a)
    client.force_login(clerk_a)
    page = client.get(reverse("sitechecks:detail", args=[check.pk])).content.decode()
    assert "标准目录落实情况" in page and "逾期未公开的事项" in page
    assert "部门预算／预算公开" in page and "到“标准目录落实情况”查看逾期事项" in page


def test_a_check_stored_before_the_directory_was_counted_still_renders(agency_a, clerk_a, directory, june, quick_crawl):
    check = run_sitecheck(agency=agency_a, on=CHECKED_ON, actor=clerk_a)
    check.summary.pop("directory")
    check.save(update_fields=["summary"])
    assert "本次自查未统计标准目录落实情况。" in _docx_text(render_docx(check))
