"""What the check reads: 本机关无此类信息 declarations and the annual reports' publication days."""

import datetime as dt

import pytest
from django.apps import apps

from gongkai.catalog.models import NoInformationDeclaration
from gongkai.organizations.models import Agency
from gongkai.sitechecks.gathering import gather_site_state
from gongkai.sitechecks.services import run_sitecheck

from .factories import published_document

pytestmark = pytest.mark.django_db

D = dt.date
LAND = "21-township-5"


def declare(agency, item, *, on, reason="本镇辖区内无土地征收项目"):
    from gongkai.organizations.tests.factories import UserFactory

    return NoInformationDeclaration.objects.create(
        agency=agency, item=item, reason=reason, declared_by=UserFactory(), declared_on=on
    )


def report(agency, year, published_on, *, version=1):
    # reports sits beside sitechecks: its model is reached by name, as gathering.py reaches it.
    AnnualReport = apps.get_model("reports", "AnnualReport")
    return AnnualReport.objects.create(
        agency=agency, year=year, version=version, format="2021", status="published", published_on=published_on
    )


def columns(check):
    return {c["key"]: c for c in check.summary["columns"]}


def test_a_declared_column_counts_as_answered(agency_a, quick_crawl):
    before = run_sitecheck(agency=agency_a, on=D(2026, 4, 1))
    declare(agency_a, LAND, on=D(2026, 3, 1))
    after = run_sitecheck(agency=agency_a, on=D(2026, 4, 1))
    assert after.summary["figures"]["columns_empty"] == before.summary["figures"]["columns_empty"] - 1
    assert after.summary["figures"]["columns_declared"] == 1
    assert columns(after)[LAND]["state"] == "本机关无此类信息"
    assert columns(after)[LAND]["no_information"] == "本镇辖区内无土地征收项目"
    empty = next(f for f in after.findings if f["code"] == "columns.empty")
    assert not any("土地征收" in line for line in empty["details"])


def test_a_declaration_made_after_the_check_date_was_not_there_then(agency_a, quick_crawl):
    declare(agency_a, LAND, on=D(2026, 5, 1))
    assert columns(run_sitecheck(agency=agency_a, on=D(2026, 4, 1)))[LAND]["state"] == "空白栏目"


def test_a_declared_column_with_a_published_document_is_reported(agency_a, quick_crawl):
    declare(agency_a, LAND, on=D(2026, 1, 5))
    published_document(agency_a, item=LAND, published_on=D(2026, 3, 1))  # published after declaring
    check = run_sitecheck(agency=agency_a, on=D(2026, 4, 1))
    [warning] = [f for f in check.findings if f["code"] == "columns.declared_but_published"]
    assert warning["severity"] == "warning" and warning["details"] == ["第二十一条（乡镇）：土地征收"]
    assert columns(check)[LAND]["state"] == "正常" and columns(check)[LAND]["count"] == 1


@pytest.mark.parametrize(
    ("kind", "level", "on", "reports", "expected"),
    [
        # township (31 January, decision 0003)
        ("government", "township", D(2026, 2, 1), {}, ("report.missing", "deduction")),
        ("government", "township", D(2026, 2, 1), {2025: [D(2026, 1, 20)]}, None),
        ("government", "township", D(2026, 2, 1), {2025: [D(2026, 1, 20), D(2026, 6, 1)]}, None),
        # a correction later does not make a report on time late
        ("government", "township", D(2026, 7, 1), {2025: [D(2026, 1, 20), D(2026, 6, 1)]}, None),
        ("government", "township", D(2026, 3, 1), {2025: [D(2026, 2, 10)]}, ("report.late", "deduction")),
        ("government", "township", D(2026, 4, 2), {2025: [D(2026, 2, 10)]}, ("report.late", "info")),
        # county government (31 March)
        ("government", "county", D(2026, 3, 1), {2024: [D(2025, 3, 30)]}, None),
        ("government", "county", D(2026, 4, 2), {2024: [D(2025, 3, 30)]}, ("report.missing", "deduction")),
        # a county department (31 January)
        ("department", "county", D(2026, 3, 1), {2024: [D(2025, 1, 30)]}, ("report.missing", "deduction")),
    ],
)
def test_art49_reads_the_reports_published_on_the_site(agency_a, quick_crawl, kind, level, on, reports, expected):
    Agency.objects.filter(pk=agency_a.pk).update(kind=kind, level=level, report_due="")  # the default applies
    agency_a.refresh_from_db()
    for year, days in reports.items():
        for version, day in enumerate(days, 1):
            report(agency_a, year, day, version=version)
    check = run_sitecheck(agency=agency_a, on=on)
    found = [(f["code"], f["severity"]) for f in check.findings if f["code"].startswith("report.")]
    assert found == ([expected] if expected else [])
    if expected:
        [finding] = [f for f in check.findings if f["code"].startswith("report.")]
        assert "条例第四十九条" in finding["message"]


def test_the_stored_deadline_of_the_agency_is_the_one_used(agency_a, quick_crawl):
    Agency.objects.filter(pk=agency_a.pk).update(report_due=Agency.ReportDue.MARCH_31)
    agency_a.refresh_from_db()
    assert gather_site_state(agency=agency_a, on=D(2026, 3, 1)).report_due == "03-31"
    check = run_sitecheck(agency=agency_a, on=D(2026, 3, 1))
    # 31 March: on 1 March 2026 the check still asks about the 2024 report, not yet the 2025 one.
    [finding] = [f for f in check.findings if f["code"] == "report.missing"]
    assert "2024年政府信息公开工作年度报告" in finding["message"]
