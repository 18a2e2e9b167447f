"""Staff pages: own agency's checks, supervisors read-only, foreign checks are 404; downloads."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from docx import Document as Docx

from gongkai.sitechecks.models import SiteCheck, SiteCheckRun
from gongkai.sitechecks.services import run_sitecheck

pytestmark = pytest.mark.django_db


@pytest.fixture
def check_a(agency_a, quick_crawl):
    return run_sitecheck(agency=agency_a, on=dt.date(2026, 1, 1))


def test_clerk_runs_a_check_from_the_list(client, clerk_a, agency_a, settings, django_capture_on_commit_callbacks):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    client.force_login(clerk_a)
    page = client.get(reverse("sitechecks:list"))
    assert "立即自查</button>" in page.text and agency_a.name in page.text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("sitechecks:run", args=[agency_a.code]))
    check = SiteCheck.objects.get(agency=agency_a)
    run = SiteCheckRun.objects.get(agency=agency_a)
    assert response.status_code == 302 and response.url == reverse("sitechecks:run_detail", args=[run.pk])
    assert check.run_by == clerk_a and run.result == check
    done = client.get(response.url).text
    assert "自查完成" in done and reverse("sitechecks:detail", args=[check.pk]) in done
    detail = client.get(reverse("sitechecks:detail", args=[check.pk]))
    assert check.title in detail.text and "单项否决指标" in detail.text and "栏目更新情况" in detail.text


def test_foreign_clerk_gets_404(client, clerk_b, check_a, agency_a):
    client.force_login(clerk_b)
    for name, args in [("detail", [check_a.pk]), ("download", [check_a.pk, "docx"]), ("download", [check_a.pk, "pdf"])]:
        assert client.get(reverse(f"sitechecks:{name}", args=args)).status_code == 404
    assert client.post(reverse("sitechecks:run", args=[agency_a.code])).status_code == 404
    assert check_a.title not in client.get(reverse("sitechecks:list")).text


def test_supervisor_reads_the_subtree_but_cannot_run(client, supervisor, check_a, agency_a, agency_b):
    client.force_login(supervisor)
    page = client.get(reverse("sitechecks:list"))
    assert agency_a.name in page.text and agency_b.name in page.text and "立即自查</button>" not in page.text
    assert client.get(reverse("sitechecks:detail", args=[check_a.pk])).status_code == 200
    assert client.post(reverse("sitechecks:run", args=[agency_a.code])).status_code == 404


def test_the_docx_opens_and_states_the_verdict(client, clerk_a, check_a):
    client.force_login(clerk_a)
    response = client.get(reverse("sitechecks:download", args=[check_a.pk, "docx"]))
    assert response.status_code == 200 and "filename*=UTF-8''" in response["Content-Disposition"]
    docx = Docx(io.BytesIO(response.content))
    text = "\n".join(p.text for p in docx.paragraphs)
    assert check_a.title in text
    assert f"结论：{check_a.get_verdict_display()}" in text
    cells = {cell.text for table in docx.tables for row in table.rows for cell in row.cells}
    assert "站点无法访问" in cells and "政策解读" in cells


def test_the_pdf_is_a_pdf(client, clerk_a, check_a):
    client.force_login(clerk_a)
    response = client.get(reverse("sitechecks:download", args=[check_a.pk, "pdf"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_unknown_format_is_404(client, clerk_a, check_a):
    client.force_login(clerk_a)
    assert client.get(f"/sitechecks/{check_a.pk}/report.exe").status_code == 404


def test_the_desk_links_to_the_self_check(client, clerk_a):
    client.force_login(clerk_a)
    assert reverse("sitechecks:list") in client.get(reverse("staff:home")).text
