"""The supervisors' pages: upload, batches (small ones at once, larger ones as a task), tenancy, exports."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from gongkai.inspector.models import Batch, Item
from gongkai.organizations.tests.factories import UserFactory
from gongkai.statute.outcomes import BY_KEY
from gongkai.statute.reports.formats import APPLICANT_COLUMNS, BALANCE_NOTE, GROUP_ROW_LABELS, format_for_year

pytestmark = pytest.mark.django_db


def report_text(year: int, *, new: int = 3, total: int = 3) -> str:
    """A report in the shared .txt layout (a TAB before each cell, a blank line after each row) whose
    table 三 has ``new`` 本年新收 and ``total`` （七）总计 natural-person requests, all else 0."""
    fmt = format_for_year(year)
    values = {key: [0] * 7 for key in fmt.request_keys}
    values["new"] = [new, 0, 0, 0, 0, 0, new]
    values["granted"] = values["total"] = [total, 0, 0, 0, 0, 0, total]
    table = [BALANCE_NOTE, "申请人情况", "", "自然人", "法人或其他组织", "总计", "", *APPLICANT_COLUMNS[1:-1], ""]
    groups_seen = set()
    for key in fmt.request_keys:
        labels = [fmt.row_label(key)]
        group = BY_KEY[key].group if key in BY_KEY and key != "other" else None
        if group in GROUP_ROW_LABELS and group not in groups_seen:
            groups_seen.add(group)
            labels.insert(0, GROUP_ROW_LABELS[group])
        if key == fmt.outcome_keys[0]:
            labels.insert(0, "三、本年度办理结果")
        table += [*labels, *map(str, values[key]), ""]
    lines = [
        f"某某县人民政府{year}年政府信息公开工作年度报告",
        "一、总体情况",
        f"本报告统计期限自{year}年1月1日起至{year}年12月31日止。",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        *("\t" + cell if cell else "" for cell in table),
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ]
    return "\n".join(lines)


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def test_upload_of_a_few_files_is_inspected_at_once(client, supervisor):
    client.force_login(supervisor)
    response = client.post(
        reverse("inspector:index"),
        {"files": [upload("a.txt", report_text(2024).encode()), upload("empty.pdf", b"")]},
    )
    batch = Batch.objects.get(owner=supervisor)
    assert response.status_code == 302 and response["Location"] == reverse("inspector:batch", args=[batch.pk])
    assert batch.status == Batch.Status.DONE and (batch.done, batch.total) == (2, 2)
    first, second = batch.items.all()
    assert first.result["agency"] == "某某县人民政府" and first.result["file"] == "a.txt"
    assert first.content is None  # the upload is dropped once inspected
    assert [f["code"] for f in second.result["findings"]] == ["file.unreadable"]

    html = client.get(response["Location"]).content.decode()
    assert "a.txt" in html and "file.unreadable" in html
    assert "hx-trigger" not in html  # finished: nothing to poll
    assert reverse("inspector:export", args=[batch.pk, "xlsx"]) in html


def test_zip_of_reports_runs_as_a_background_task_with_cross_year_findings(client, supervisor):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for year in (2021, 2022, 2023):
            archive.writestr(f"reports/某某县{year}.txt", report_text(year, new=year - 2020, total=year - 2020))
        archive.writestr("reports/2024-balance.txt", report_text(2024, new=5, total=4))
        archive.writestr("reports/readme.xlsx", b"not a report")
    client.force_login(supervisor)
    response = client.post(reverse("inspector:index"), {"files": [upload("年报.zip", out.getvalue())]})
    assert response.status_code == 302
    batch = Batch.objects.get(owner=supervisor)
    assert batch.total == 4  # more than 3: queued, and run by the ImmediateBackend
    assert batch.status == Batch.Status.DONE and batch.done == 4
    assert batch.skipped == ["年报/reports/readme.xlsx"]
    names = [item.name for item in batch.items.all()]
    assert names[0] == "年报/reports/某某县2021.txt"
    last = batch.items.get(position=3)
    codes = {f["code"] for f in last.result["findings"]}
    assert "requests.balance" in codes or "requests.outcome_total" in codes
    progress = client.get(reverse("inspector:progress", args=[batch.pk])).content.decode()
    assert 'id="batch-progress"' in progress and "<html" not in progress


def test_unfinished_batch_polls_its_progress(client, supervisor):
    batch = Batch.objects.create(owner=supervisor, total=2, done=1, status=Batch.Status.RUNNING)
    Item.objects.create(batch=batch, position=0, name="a.txt", result={"file": "a.txt", "findings": []})
    Item.objects.create(batch=batch, position=1, name="b.txt", content=b"x")
    client.force_login(supervisor)
    html = client.get(reverse("inspector:progress", args=[batch.pk])).content.decode()
    assert f'hx-get="{reverse("inspector:progress", args=[batch.pk])}"' in html
    assert 'hx-trigger="every 2s"' in html
    assert '<progress id="batch-progress-bar"' in html and 'value="1"' in html
    assert "等待检查" in html


def test_another_users_batch_is_404(client, supervisor, clerk_a):
    batch = Batch.objects.create(owner=supervisor, total=1, done=1, status=Batch.Status.DONE)
    Item.objects.create(batch=batch, position=0, name="a.txt", result={"file": "a.txt", "findings": []})
    client.force_login(clerk_a)  # has a role, so may use the inspector, but not this batch
    for url in (
        reverse("inspector:batch", args=[batch.pk]),
        reverse("inspector:progress", args=[batch.pk]),
        reverse("inspector:item", args=[batch.pk, 0]),
        reverse("inspector:export", args=[batch.pk, "xlsx"]),
        reverse("inspector:export", args=[batch.pk, "json"]),
    ):
        assert client.get(url).status_code == 404
    index = client.get(reverse("inspector:index"))
    assert index.status_code == 200 and reverse("inspector:batch", args=[batch.pk]) not in index.content.decode()


def test_signed_out_and_roleless_users_are_turned_away(client):
    assert client.get(reverse("inspector:index")).status_code == 302
    client.force_login(UserFactory(username="nobody"))
    assert client.get(reverse("inspector:index")).status_code == 403


def test_report_page_marks_offending_cells(client, supervisor):
    client.force_login(supervisor)
    text = report_text(2024, new=5, total=4).replace("\t5\n", "\t-5\n", 1)  # 本年新收 自然人 −5
    client.post(reverse("inspector:index"), {"files": [upload("a.txt", text.encode())]})
    batch = Batch.objects.get(owner=supervisor)
    html = client.get(reverse("inspector:item", args=[batch.pk, 0])).content.decode()
    assert "某某县人民政府" in html and 'id="requests-table"' in html
    assert '<td class="text-end table-danger">-5<span class="visually-hidden">（有错误）</span></td>' in html
    assert "【错误】" in html and "不能为负数" in html


def test_exports_as_xlsx_and_json(client, supervisor):
    client.force_login(supervisor)
    text = report_text(2024).replace("某某县人民政府", "=HYPERLINK(1)县人民政府")  # a formula-looking name
    client.post(reverse("inspector:index"), {"files": [upload("a.txt", text.encode()), upload("b.pdf", b"")]})
    batch = Batch.objects.get(owner=supervisor)

    response = client.get(reverse("inspector:export", args=[batch.pk, "json"]))
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert [r["file"] for r in data] == ["a.txt", "b.pdf"]

    response = client.get(reverse("inspector:export", args=[batch.pk, "xlsx"]))
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["报告", "问题", "表三", "表四", "表二"]
    rows = list(book["报告"].iter_rows(values_only=True))
    assert rows[0][:3] == ("文件", "机关", "年度")
    assert rows[1][0] == "a.txt" and rows[1][2] == 2024
    assert book["报告"]["B2"].data_type == "s"  # stored as text, never as a formula
    findings = list(book["问题"].iter_rows(values_only=True))
    assert ("b.pdf", None, None, "错误", "file.unreadable") == findings[-1][:5]
    assert client.get(reverse("inspector:export", args=[batch.pk, "csv"])).status_code == 404


def test_upload_refuses_other_file_types_and_zip_bombs(client, supervisor):
    client.force_login(supervisor)
    response = client.post(reverse("inspector:index"), {"files": [upload("a.exe", b"MZ")]})
    assert response.status_code == 200 and "不是可检查的文件类型" in response.content.decode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("big.txt", bytes(30 * 1024 * 1024))
    response = client.post(reverse("inspector:index"), {"files": [upload("bomb.zip", out.getvalue())]})
    assert response.status_code == 200 and "压缩" in response.content.decode()
    assert not Batch.objects.exists()
