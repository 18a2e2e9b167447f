"""`gongkai sitecheck CODE [--on] [--out]`: runs, writes the report, exits 2 on bad input."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from docx import Document as Docx

from gongkai.sitechecks.models import SiteCheck

pytestmark = pytest.mark.django_db


def run(*args, **options) -> str:
    out = io.StringIO()
    call_command("sitecheck", *args, stdout=out, **options)
    return out.getvalue()


def test_runs_and_writes_json(agency_a, tmp_path, quick_crawl):
    path = tmp_path / "check.json"
    output = run(agency_a.code, on="2026-01-01", out=str(path))
    check = SiteCheck.objects.get(agency=agency_a)
    assert f"{check.title}：不合格" in output and "单项否决" in output
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["verdict"] == "不合格" and data["period"] == ["2025-10-01", "2025-12-31"]
    assert data["findings"] == check.findings


@pytest.mark.parametrize("suffix", [".docx", ".pdf"])
def test_writes_docx_and_pdf(agency_a, tmp_path, quick_crawl, suffix):
    path = tmp_path / f"report{suffix}"
    run(agency_a.code, on="2026-01-01", out=str(path))
    if suffix == ".pdf":
        assert path.read_bytes().startswith(b"%PDF")
    else:
        assert "结论：不合格" in "\n".join(p.text for p in Docx(path).paragraphs)


@pytest.mark.parametrize(
    ("args", "options", "message"),
    [
        (["911101090000000000"], {}, "不存在或已停用"),
        (["{code}"], {"on": "2026-13-01"}, "日期“2026-13-01”无效"),
        (["{code}"], {"on": "2999-01-01"}, "不能晚于今天"),
        (["{code}"], {"out": "report.txt"}, ".docx、.pdf 或 .json"),
    ],
)
def test_bad_input_exits_2(agency_a, args, options, message, quick_crawl):
    with pytest.raises(CommandError, match=message) as e:
        run(*[a.format(code=agency_a.code) for a in args], **options)
    assert e.value.returncode == 2
    assert not SiteCheck.objects.exists()
