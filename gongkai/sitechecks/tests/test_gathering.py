"""The self-check reads the portal's real state: documents, link checks, messages, pages."""

import datetime as dt

import pytest
from django.utils import timezone

from gongkai.catalog.models import Kind, LinkCheck
from gongkai.sitechecks.gathering import gather_site_state
from gongkai.sitechecks.services import run_sitecheck
from gongkai.statute.sitecheck import BrokenLink
from gongkai.suggestions.models import Status as MessageStatus

from .factories import message, published_document

pytestmark = pytest.mark.django_db

D = dt.date
ON = D(2025, 10, 1)  # the scheduled run for 2025 Q3


def codes(check, severity=None):
    return {f["code"] for f in check.findings if severity is None or f["severity"] == severity}


def test_a_neglected_portal_fails_with_the_reasons(agency_a, agency_b, quick_crawl):
    old = published_document(
        agency_a, item="20-1", kind=Kind.NORMATIVE, written_on=D(2025, 1, 2), published_on=D(2025, 1, 10)
    )
    LinkCheck.objects.create(document=old, url="http://www.example.org/gone.pdf", ok=False, status_code=404)
    LinkCheck.objects.create(document=old, url="http://www.example.org/ok.pdf", ok=True, status_code=200)
    LinkCheck.objects.create(document=old, url="http://www.example.org/later.pdf", ok=None)
    late = published_document(agency_a, item="20-7", written_on=D(2025, 7, 1), published_on=D(2025, 9, 15))
    forged = published_document(agency_a, item="20-9", written_on=D(2025, 8, 10), published_on=D(2025, 8, 1))
    published_document(agency_a, item="20-4", published_on=D(2025, 12, 1))  # published after the check date
    message(agency_a, received_on=D(2025, 6, 1))  # pending for four months
    message(agency_a, received_on=D(2025, 3, 1), status=MessageStatus.INVALID)  # not a valid message
    message(agency_b, received_on=D(2025, 1, 1))  # another agency's
    published_document(agency_b, item="20-2", published_on=D(2025, 9, 30))

    check = run_sitecheck(agency=agency_a, on=ON)

    assert (check.period_start, check.period_end) == (D(2025, 7, 1), D(2025, 9, 30))
    assert check.verdict == "failed"
    assert {
        "homepage.not_updated",
        "columns.empty",
        "columns.long_unupdated",
        "interaction.unanswered",
        "dates.forged",
    } == codes(check, "veto")
    assert {"art26.late", "links.document_broken"} <= codes(check, "deduction")
    figures = check.summary["figures"]
    # township: 15 + 8 items, 政策解读, 年度报告, 意见箱; 20-1, 20-7 and 20-9 have documents
    assert figures["columns_total"] == 26 and figures["columns_empty"] == 23
    assert figures["homepage_newest_on"] == "2025-09-15"
    assert figures["documents_public"] == 3 and figures["documents_forged_dates"] == 1
    assert (figures["document_links_checked"], figures["broken_document_links"]) == (2, 1)
    assert figures["messages"] == 1 and figures["messages_unanswered_3_months"] == 1
    details = {f["code"]: f["details"] for f in check.findings}
    assert any(late.index_number in line for line in details["art26.late"])
    assert any(forged.index_number in line for line in details["dates.forged"])
    assert any("gone.pdf" in line for line in details["links.document_broken"])
    columns = {c["key"]: c for c in check.summary["columns"]}
    assert columns["20-1"]["state"] == "未按期更新" and columns["20-1"]["count"] == 1
    assert columns["20-4"]["state"] == "空白栏目"  # its document came after the check date


def test_a_kept_portal_passes(agency_a, clerk_a):
    """All document columns fresh, an answered message shown, the real portal crawled.

    No annual report is published (a real one needs the reports app's snapshot), so that one
    empty column is a deduction, not a veto, and the missing report is an Art. 49 deduction. A
    township without a 标准目录 gets a note (提示) for it.
    """
    from gongkai.organizations.models import Agency
    from gongkai.statute.catalog import items_for_level

    today = timezone.localdate()
    recent = today - dt.timedelta(days=3)
    for item in items_for_level(Agency.Level.TOWNSHIP):
        published_document(agency_a, item=item, written_on=recent, published_on=recent)
    published_document(agency_a, item="20-1", kind=Kind.INTERPRETATION, published_on=recent)
    answered = message(
        agency_a, received_on=recent - dt.timedelta(days=5), status=MessageStatus.ANSWERED, replied_on=recent
    )
    answered.publish_allowed = answered.is_published = True
    answered.save()

    check = run_sitecheck(agency=agency_a, on=today, actor=clerk_a)

    assert codes(check) == {
        "columns.empty",
        "columns.long_unupdated",
        "report.missing",
        "directory.missing",
    }, check.findings
    assert [f["details"] for f in check.findings if f["code"] == "columns.empty"] == [["政府信息公开工作年度报告"]]
    assert check.verdict == "passed" and check.run_by == clerk_a
    figures = check.summary["figures"]
    assert figures["homepage_status"] == 200 and figures["has_consultation_channel"] is True
    assert figures["pages_crawled"] > 20 and figures["broken_homepage_links"] == figures["broken_page_links"] == 0


def test_the_crawl_reports_a_broken_link_in_a_document_body(agency_a):
    on = timezone.localdate()
    published_document(
        agency_a,
        published_on=on - dt.timedelta(days=1),
        body=f'<p><a href="/a/{agency_a.code}/documents/999999/">相关文件</a></p>',
    )
    state = gather_site_state(agency=agency_a, on=on)
    broken = [link for link in state.broken_links if link.url.endswith("/documents/999999/")]
    assert [link.place for link in broken] == [BrokenLink.Place.PAGE] and broken[0].status == 404
