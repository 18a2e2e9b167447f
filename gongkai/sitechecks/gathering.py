"""What the self-check looks at: the real state of the agency's own Gongkai portal on a date.

Everything here reads; ``statute.sitecheck.evaluate`` judges. The catalogue's columns are one per
Art. 20/21 item of the agency's level, plus 政策解读, 年度报告 and 意见箱, counted from the same
queries the public pages use (``catalog.selectors.public_documents``). A check on a past date
is a snapshot as of that date: documents published after it are left out, unless their date is
still in the future today (then they are on the site now with an impossible date).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.apps import apps
from django.db.models import Count, Max, Min, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from gongkai.catalog.compliance import NO_DEPARTMENT, compliance_summary
from gongkai.catalog.models import Kind, LinkCheck
from gongkai.catalog.selectors import no_information, public_documents
from gongkai.organizations.models import Agency
from gongkai.organizations.services import default_report_due
from gongkai.statute import sitecheck as rules
from gongkai.statute.catalog import items_for_level
from gongkai.statute.site_directory import expects_standard_directory
from gongkai.suggestions import selectors as suggestions
from gongkai.suggestions.models import Message, Status

from .crawler import Crawl, Crawler

INTERPRETATION_COLUMN = ("interpretation", "政策解读")
REPORTS_COLUMN = ("reports", "政府信息公开工作年度报告")
MESSAGES_COLUMN = ("messages", "意见箱")


def portal_home(agency: Agency) -> str:
    """The agency's portal homepage path: the portal's named route if it has one, else its prefix."""
    try:
        return reverse("portal:agency_home", args=[agency.code])
    except NoReverseMatch:
        return f"/a/{agency.code}/"


def consultation_path(agency: Agency) -> str | None:
    try:
        return reverse("suggestions_public:form", args=[agency.code])
    except NoReverseMatch:
        return None


def visible_documents(agency: Agency, on: dt.date):
    today = timezone.localdate()
    return public_documents(agency).filter(
        Q(published_on__lte=on) | Q(published_on__isnull=True) | Q(published_on__gt=max(on, today))
    )


def _newest(dates) -> dt.date | None:
    return max((d for d in dates if d is not None), default=None)


def document_columns(agency: Agency, on: dt.date) -> list[rules.Column]:
    # Counted at the check date: a document with a later date was not in the column then.
    documents = visible_documents(agency, on)
    dated = Q(published_on__lte=on)
    by_item = {
        row["item"]: row
        for row in documents.values("item").annotate(n=Count("id"), newest=Max("published_on", filter=dated))
    }
    # A declaration made after the check date was not on the site then.
    declared = {item: d.reason for item, d in no_information(agency, on=on).items()}
    columns = [
        rules.Column(
            key,
            title,
            by_item.get(key, {}).get("n", 0),
            by_item.get(key, {}).get("newest"),
            no_information=declared.get(key, ""),
        )
        for key, title in items_for_level(agency.level).items()
    ]
    interpretations = documents.filter(kind=Kind.INTERPRETATION).aggregate(
        n=Count("id"), newest=Max("published_on", filter=dated)
    )
    columns.append(rules.Column(*INTERPRETATION_COLUMN, interpretations["n"], interpretations["newest"]))
    return columns


def published_reports(agency: Agency, on: dt.date):
    """The agency's annual reports published on the site by ``on`` (every version).

    reports sits beside sitechecks in the same layer, so its model is looked up by name, not
    imported (decision 0014; the fields read here are pinned by test_gathering's report tests).
    """
    AnnualReport = apps.get_model("reports", "AnnualReport")
    return AnnualReport.objects.filter(agency=agency, status="published", published_on__lte=on)


def reports_column(agency: Agency, on: dt.date) -> rules.Column:
    figures = published_reports(agency, on).aggregate(n=Count("year", distinct=True), newest=Max("published_on"))
    return rules.Column(*REPORTS_COLUMN, figures["n"], figures["newest"])


def report_publications(agency: Agency, on: dt.date) -> dict[int, dt.date]:
    """Report year → the day its report was first published (a later correction does not count)."""
    rows = published_reports(agency, on).order_by().values("year").annotate(first=Min("published_on"))
    return {row["year"]: row["first"] for row in rows}


def messages_column(agency: Agency, on: dt.date) -> rules.Column:
    shown = suggestions.published_messages(agency).filter(replied_on__lte=on)
    figures = shown.aggregate(n=Count("id"), newest=Max("replied_on"))
    return rules.Column(*MESSAGES_COLUMN, figures["n"], figures["newest"])


def valid_messages(agency: Agency, on: dt.date) -> list[rules.Message]:
    rows = (
        Message.objects.filter(agency=agency, received_on__lte=on)
        .valid()
        .values_list("number", "received_on", "due_on", "status", "replied_on")
    )
    return [
        rules.Message(number, received_on, due_on, replied_on if status == Status.ANSWERED else None)
        for number, received_on, due_on, status, replied_on in rows
    ]


def document_links(agency: Agency, on: dt.date) -> tuple[list[rules.BrokenLink], int, int]:
    """Broken links in public documents from the link checker's latest results, checked and unchecked counts."""
    checks = LinkCheck.objects.filter(document__in=visible_documents(agency, on)).select_related("document")
    broken = [
        rules.BrokenLink(
            rules.BrokenLink.Place.DOCUMENT,
            check.url,
            f"{check.document.index_number} {check.document.title}",
            check.status_code,
            check.error,
        )
        for check in checks.filter(ok=False).order_by("document_id", "url")
    ]
    return broken, checks.filter(ok__isnull=False).count(), checks.filter(ok__isnull=True).count()


def _day(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def directory_state(agency: Agency, on: dt.date) -> rules.DirectoryState:
    """The agency's 标准目录 compliance on ``on``: per area, and the items past their 时限.

    Recomputed from the documents filed under the items (catalog.compliance): publishing a
    document for an overdue item removes it here on the next check.
    """
    summary = compliance_summary(agency, on)
    areas = tuple(
        rules.DirectoryArea(area, t.items, t.met, t.late, t.overdue, t.never_published)
        for area, t in summary.areas.items()
    )
    overdue = tuple(
        rules.DirectoryOverdue(
            status.item.area,
            "／".join(part for part in (status.item.level1, status.item.level2) if part),
            status.item.department.name if status.item.department_id else (status.item.publisher or NO_DEPARTMENT),
            tuple(f"{e.label}，时限{_day(e.due_on)}" for e in status.overdue),
        )
        for status in summary.items
        if status.overdue
    )
    expected = expects_standard_directory(kind=agency.kind, level=agency.level)
    return rules.DirectoryState(expected, areas, overdue)


# progress(stage, pages done, pages found): stage is a SiteCheckRun.Stage value.
Progress = Callable[[str, int, int], None]


def crawl_portal(agency: Agency, *, on_page: Callable[[int, int], None] | None = None) -> tuple[Crawl, int | None]:
    """Crawl the portal, and request the 意见箱's form (None: the site has no such page)."""
    crawler = Crawler()
    home = portal_home(agency)
    result = crawler.crawl(home, prefix=f"/a/{agency.code}/", on_page=on_page)
    form = consultation_path(agency)
    return result, (crawler.status(form) if form else None)


def gather_site_state(*, agency: Agency, on: dt.date, progress: Progress | None = None) -> rules.SiteState:
    _, _, period_start, period_end = rules.checked_quarter(on)
    report = progress or (lambda stage, done, found: None)
    report("crawling", 0, 1)
    crawl, consultation_status = crawl_portal(agency, on_page=lambda done, found: report("crawling", done, found))
    report("counting", crawl.pages, crawl.pages)
    documents = visible_documents(agency, on)
    columns = [*document_columns(agency, on), reports_column(agency, on), messages_column(agency, on)]
    broken_in_documents, links_checked, links_unchecked = document_links(agency, on)
    broken = [
        rules.BrokenLink(
            rules.BrokenLink.Place.HOMEPAGE if link.on_homepage else rules.BrokenLink.Place.PAGE,
            link.url,
            link.found_on,
            link.status,
        )
        for link in crawl.failed
    ]
    # Items without a date count as not updated (§5.2): only dated items make the homepage fresh.
    homepage_newest_on = _newest(
        [
            documents.filter(published_on__lte=on).aggregate(d=Max("published_on"))["d"],
            *(c.newest_on for c in columns if c.key in {REPORTS_COLUMN[0], MESSAGES_COLUMN[0]}),
        ]
    )
    return rules.SiteState(
        checked_on=on,
        period_start=period_start,
        period_end=period_end,
        homepage_status=crawl.homepage_status,
        homepage_ms=crawl.homepage_ms,
        homepage_newest_on=homepage_newest_on,
        columns=columns,
        documents=[
            rules.PublicDocument(index_number, title, written_on, published_on)
            for index_number, title, written_on, published_on in documents.order_by("published_on", "id").values_list(
                "index_number", "title", "written_on", "published_on"
            )
        ],
        broken_links=[*broken, *broken_in_documents],
        messages=valid_messages(agency, on),
        has_consultation_channel=suggestions.has_channel(agency) and consultation_status == 200,
        pages_crawled=crawl.pages,
        links_checked=crawl.pages + crawl.checked,
        crawl_truncated=crawl.truncated,
        document_links_checked=links_checked,
        document_links_unchecked=links_unchecked,
        report_due=agency.report_due or default_report_due(agency.kind, agency.level),
        annual_reports=report_publications(agency, on),
        directory=directory_state(agency, on),
    )
