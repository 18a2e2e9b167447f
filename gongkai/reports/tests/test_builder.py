"""Figures from the records, the workflow, and `gongkai report build`."""

import datetime as dt
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command

from gongkai.cases import services as cs
from gongkai.cases.tests.factories import register
from gongkai.core.clock import recording_as_of
from gongkai.reports import services
from gongkai.reports.builder import build_report_data
from gongkai.reports.models import AnnualReport

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def records(agency_a, clerk_a):
    """A small register spanning 2023–2025, counted by hand in the assertions below."""
    a1 = register(agency_a, received_on=D(2023, 12, 20)).case  # carried into 2024, replied 2024
    cs.issue_reply(actor=clerk_a, case=a1, outcome="granted", body="提供", on=D(2024, 1, 10))
    a2 = register(agency_a, received_on=D(2024, 3, 4), kind="legal_service", name="某律师事务所").case
    cs.issue_reply(
        actor=clerk_a,
        case=a2,
        outcome="partial",
        body="部分提供",
        on=D(2024, 3, 28),
        parts=[cs.PartFacts(True, "方案正文"), cs.PartFacts(False, "个人信息", "third_party")],
    )
    a3 = register(agency_a, received_on=D(2024, 6, 11), kind="commercial", name="某公司").case
    with recording_as_of(D(2024, 6, 21)):
        cs.issue_fee_notice(actor=clerk_a, case=a3, method="per_volume", pages=100, on=D(2024, 6, 20))
        cs.record_fee_notice_received(actor=clerk_a, case=a3, received_on=D(2024, 6, 21))
    cs.close_unpaid(actor=clerk_a, case=a3, on=D(2024, 8, 1))
    register(agency_a, received_on=D(2024, 12, 26))  # open at year end
    a5 = register(agency_a, received_on=D(2024, 8, 1)).case
    cs.withdraw_case(actor=clerk_a, case=a5, on=D(2024, 8, 5))
    return agency_a


def test_table_three_counts_new_carried_outcomes_and_carry_over(records):
    data = build_report_data(agency=records, year=2024, fmt_code="2021")
    r = data["requests"]
    assert r["new"] == [2, 1, 0, 0, 1, 0, 4]
    assert r["carried_in"] == [1, 0, 0, 0, 0, 0, 1]
    assert r["granted"] == [1, 0, 0, 0, 0, 0, 1]
    assert r["partial"] == [0, 0, 0, 0, 1, 0, 1]
    assert r["other_unpaid_fee"] == [0, 1, 0, 0, 0, 0, 1]
    assert r["other_misc"] == [1, 0, 0, 0, 0, 0, 1]
    assert r["total"] == [2, 1, 0, 0, 1, 0, 4]
    assert r["carried_out"] == [1, 0, 0, 0, 0, 0, 1]
    codes = {f["code"] for f in data["findings"]}
    assert not codes & {"requests.balance", "requests.outcome_total", "requests.row_total"}
    assert "新收政府信息公开申请4件" in data["sections"]["一"]
    assert "收费通知1件" in data["sections"]["六"]


def test_2019_format_merges_the_other_rows(records):
    data = build_report_data(agency=records, year=2024, fmt_code="2019")
    assert data["requests"]["other"] == [1, 1, 0, 0, 0, 0, 2]
    assert "format.version" in {f["code"] for f in data["findings"]}  # 2019 format for a 2024 report


def test_next_year_carries_over_consistently(records):
    data = build_report_data(agency=records, year=2025)
    assert data["requests"]["carried_in"] == [1, 0, 0, 0, 0, 0, 1]
    assert "carryover.mismatch" not in {f["code"] for f in data["findings"]}


def test_workflow_publish_freezes_and_correction_makes_a_new_version(records, clerk_a, office_head_a, supervisor):
    report = services.start_report(actor=clerk_a, agency=records, year=2024)
    entered = {
        "rules": {"issued": 0, "repealed": 0, "in_force": 0},
        "normative_documents": {"issued": 1, "repealed": 0, "in_force": 1},
        "licensing": {"decisions": 0},
        "penalty": {"decisions": 3},
        "enforcement": {"decisions": 0},
        "fees": {"amount_wan": "0"},
    }
    services.save_report(actor=clerk_a, report=report, entered=entered)
    services.submit_report(actor=clerk_a, report=report)
    with pytest.raises(PermissionDenied):
        services.accept_report(actor=clerk_a, report=report)
    services.return_report(actor=supervisor, report=report, comment="请补充第五部分")
    report.refresh_from_db()
    assert report.status == "returned" and report.review_comment == "请补充第五部分"
    services.save_report(actor=clerk_a, report=report, sections={**report.sections, "五": "加强培训。"})
    services.submit_report(actor=clerk_a, report=report)
    services.accept_report(actor=supervisor, report=report)
    published = services.publish_report(actor=office_head_a, report=report, published_on=D(2025, 1, 20))
    assert published.status == "published" and bytes(published.pdf).startswith(b"%PDF")
    assert published.snapshot["requests"]["new"][-1] == 4
    with pytest.raises(ValidationError):
        services.save_report(actor=clerk_a, report=published, sections={"一": "改"})
    register(records, received_on=D(2024, 7, 1))  # a late-registered case does not change the frozen report
    assert build_report_data(agency=records, year=2024, report=published)["requests"]["new"][-1] == 4
    correction = services.correct_report(actor=clerk_a, report=published, note="补登一件申请")
    assert correction.version == 2 and correction.corrects == published
    assert build_report_data(agency=records, year=2024, report=correction)["requests"]["new"][-1] == 5


def test_errors_block_publication_without_a_logged_reason(records, clerk_a, office_head_a):
    report = services.start_report(actor=clerk_a, agency=records, year=2024)
    services.save_report(actor=clerk_a, report=report, sections={"一": "", "五": "", "六": ""})
    with pytest.raises(ValidationError):
        services.publish_report(actor=office_head_a, report=report, published_on=D(2025, 1, 20))
    published = services.publish_report(
        actor=office_head_a, report=report, published_on=D(2025, 2, 3), override_reason="上级要求先行公布"
    )
    assert published.override_reason == "上级要求先行公布"
    assert "publication.late" in {f["code"] for f in published.snapshot["findings"]}


def test_cli_builds_every_output(records, tmp_path, capsys):
    for ext in ("json", "docx", "html", "pdf"):
        out = tmp_path / f"r.{ext}"
        call_command("report", "build", "--agency", records.code, "--year", "2024", "--out", str(out))
        assert out.stat().st_size > 0
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert data["format"] == "2021" and data["requests"]["total"] == [2, 1, 0, 0, 1, 0, 4]
    assert isinstance(data["findings"], list) and len(data["remedies"]["reconsideration"]) == 5


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--agency", "111101091234567885", "--year", "2024"], "不存在"),
        (["--agency", "AGENCY", "--year", "2019"], "没有"),
        (["--agency", "AGENCY", "--year", "2024", "--format", "2020"], "格式"),
        (["--agency", "AGENCY", "--year", "二〇二四"], "不是整数"),
    ],
)
def test_cli_refuses_with_a_clear_message(records, tmp_path, args, message):
    args = [records.code if a == "AGENCY" else a for a in args]
    with pytest.raises(CommandError) as info:
        call_command("report", "build", *args, "--out", str(tmp_path / "r.json"))
    assert message in str(info.value)
    assert not (tmp_path / "r.json").exists()
    assert not AnnualReport.objects.exists()


def test_table_two_part_one_comes_from_the_catalogue_once_it_is_kept_here(records, monkeypatch):
    from gongkai.reports import builder, selectors

    counts = {
        "rules": {"issued": 0, "repealed": 0, "in_force": 1},
        "normative_documents": {"issued": 2, "repealed": 1, "in_force": 5},
    }
    monkeypatch.setattr(selectors, "has_catalog", lambda *, agency: True)
    monkeypatch.setattr(builder, "document_counts", lambda *, agency, year, fmt_code: counts)
    data = build_report_data(agency=records, year=2024)
    assert data["proactive"]["normative_documents"] == counts["normative_documents"]
    assert data["sources"]["normative_documents"] == "本系统政府信息公开目录"
    monkeypatch.setattr(selectors, "has_catalog", lambda *, agency: False)
    assert build_report_data(agency=records, year=2024)["proactive"]["normative_documents"]["issued"] is None
