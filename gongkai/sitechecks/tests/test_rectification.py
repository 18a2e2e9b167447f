"""整改情况: recorded per finding by the agency's staff, printed in the report with signature lines."""

import datetime as dt
import io
import json
import re
import shutil
import subprocess

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from docx import Document as Docx

from gongkai.core.models import AuditEvent
from gongkai.sitechecks.models import Rectification
from gongkai.sitechecks.rendering import render_docx, render_json, render_pdf
from gongkai.sitechecks.services import record_rectification, run_sitecheck

pytestmark = pytest.mark.django_db

ON = dt.date(2026, 1, 1)
# Template hints that must never reach a printed report.
HINTS = re.compile(r"请填写|（填写|待填|\{\{|\{%|None|TODO")


@pytest.fixture
def check(agency_a, quick_crawl):
    return run_sitecheck(agency=agency_a, on=ON)


def docx_text(data: bytes) -> str:
    doc = Docx(io.BytesIO(data))
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def docx_rectification_rows(data: bytes) -> list[list[str]]:
    doc = Docx(io.BytesIO(data))
    table = next(t for t in doc.tables if [c.text for c in t.rows[0].cells][:3] == ["序号", "问题", "整改措施"])
    return [[c.text for c in row.cells] for row in table.rows[1:]]


def test_staff_record_a_rectification(check, clerk_a):
    entry = record_rectification(
        actor=clerk_a,
        check=check,
        finding="columns.empty",
        measure=" 补充发布空白栏目的信息 ",
        responsible="王静",
        due_on=dt.date(2026, 1, 31),
    )
    assert (entry.measure, entry.responsible, entry.recorded_by) == ("补充发布空白栏目的信息", "王静", clerk_a)
    event = AuditEvent.objects.get(code="sitecheck.rectification_recorded")
    assert event.data["finding"] == "columns.empty" and event.data["due_on"] == "2026-01-31"
    record_rectification(actor=clerk_a, check=check, finding="columns.empty", done_on=dt.date(2026, 1, 20))
    entry = Rectification.objects.get()
    assert entry.done_on == dt.date(2026, 1, 20) and entry.measure == ""  # the form sends every field


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"finding": "no.such"}, "本次自查没有这个问题"),
        ({"finding": "links.unchecked"}, "本次自查没有这个问题"),  # a note (提示) is not rectified
        ({}, "请至少填写"),
        ({"due_on": dt.date(2025, 12, 31)}, "完成时限不能早于检查日"),
        ({"done_on": dt.date(2025, 12, 31)}, "完成日期不能早于检查日"),
        ({"done_on": dt.date(2999, 1, 1)}, "完成日期不能晚于今天"),
    ],
)
def test_refusals_change_nothing(check, clerk_a, fields, message):
    with pytest.raises(ValidationError, match=message):
        record_rectification(actor=clerk_a, check=check, **{"finding": "columns.empty", **fields})
    assert not Rectification.objects.exists()


@pytest.mark.parametrize("persona", ["clerk_b", "supervisor"])
def test_only_the_agencys_staff_record(request, check, persona):
    with pytest.raises(PermissionDenied):
        record_rectification(actor=request.getfixturevalue(persona), check=check, finding="columns.empty", measure="x")


def test_recording_from_the_page(client, check, clerk_a):
    client.force_login(clerk_a)
    page = client.get(reverse("sitechecks:detail", args=[check.pk])).text
    assert "整改情况" in page and page.count("保存整改情况</button>") == len(check.rectifiable_findings)
    url = reverse("sitechecks:rectify", args=[check.pk, "columns.empty"])
    response = client.post(url, {"measure": "补充发布", "responsible": "王静", "due_on": "2026-01-31"})
    assert response.status_code == 302 and response.url.endswith("#rectify-columns-empty")
    page = client.get(reverse("sitechecks:detail", args=[check.pk])).text
    assert "补充发布" in page and "2026年1月31日" in page and "王静填写于" in page


def test_a_refused_rectification_keeps_the_input(client, check, clerk_a):
    client.force_login(clerk_a)
    url = reverse("sitechecks:rectify", args=[check.pk, "columns.empty"])
    response = client.post(url, {"measure": "补充发布空白栏目", "due_on": "2025-12-01"})
    assert response.status_code == 400 and "完成时限不能早于检查日" in response.text
    assert "补充发布空白栏目</textarea>" in response.text and "<details open>" in response.text
    assert not Rectification.objects.exists()


def test_the_page_is_closed_to_others(client, check, clerk_b, supervisor):
    url = reverse("sitechecks:rectify", args=[check.pk, "columns.empty"])
    client.force_login(clerk_b)
    assert client.post(url, {"measure": "x"}).status_code == 404
    client.force_login(supervisor)
    assert "保存整改情况</button>" not in client.get(reverse("sitechecks:detail", args=[check.pk])).text
    assert client.post(url, {"measure": "x"}).status_code == 403
    assert client.post(reverse("sitechecks:rectify", args=[check.pk, "no.such"]), {"measure": "x"}).status_code == 404
    assert not Rectification.objects.exists()


def test_the_docx_has_the_rectification_table_and_signature_lines(check, clerk_a):
    record_rectification(
        actor=clerk_a,
        check=check,
        finding="columns.empty",
        measure="补充发布空白栏目的信息",
        responsible="王静",
        due_on=dt.date(2026, 1, 31),
        done_on=dt.date(2026, 1, 1),
    )
    data = render_docx(check)
    text = docx_text(data)
    assert "七、整改情况" in text
    rows = docx_rectification_rows(data)
    assert len(rows) == len(check.rectifiable_findings)
    recorded = next(row for row in rows if "空白栏目" in row[1] and row[2])
    assert recorded[2:] == ["补充发布空白栏目的信息", "王静", "2026年1月31日；已于2026年1月1日完成"]
    # Findings nobody has answered yet: blank cells to fill by hand.
    assert any(row[2:] == ["", "", ""] for row in rows)
    for label in ("自查人（签字）：", "审核人（签字）：", "日期：", "（单位盖章）"):
        assert label in text
    assert not HINTS.search(text), HINTS.search(text)


def test_the_pdf_prints_the_same_without_hints(check, clerk_a):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    record_rectification(actor=clerk_a, check=check, finding="columns.empty", measure="补充发布空白栏目的信息")
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=render_pdf(check), capture_output=True, check=True
    ).stdout.decode()
    squeezed = re.sub(r"\s+", "", text)
    for words in ("七、整改情况", "整改措施", "责任人", "完成时限", "补充发布空白栏目的信息"):
        assert words in squeezed
    for words in ("自查人（签字）：", "审核人（签字）：", "（单位盖章）", "年月日"):
        assert words in squeezed
    assert not HINTS.search(text)


def test_the_json_carries_the_rectifications(check, clerk_a):
    record_rectification(actor=clerk_a, check=check, finding="columns.empty", responsible="王静")
    data = json.loads(render_json(check))
    by_code = {r["finding"]: r["rectification"] for r in data["rectifications"]}
    assert by_code["columns.empty"] == {"measure": "", "responsible": "王静", "due_on": None, "done_on": None}
    assert set(by_code) == {f["code"] for f in check.rectifiable_findings}
    assert by_code["columns.long_unupdated"] is None


def test_the_json_download(client, check, clerk_a):
    client.force_login(clerk_a)
    response = client.get(reverse("sitechecks:download", args=[check.pk, "json"]))
    assert response.status_code == 200 and json.loads(response.content)["title"] == check.title
