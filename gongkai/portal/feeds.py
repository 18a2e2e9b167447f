"""Atom feeds of newly published documents: one per agency, and one for the whole site.

Built on ``catalog.selectors.public_documents`` like every public page, so a document that is
withdrawn (撤下) leaves the feed at the next fetch.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from gongkai.catalog.models import Document, Status
from gongkai.catalog.selectors import public_documents
from gongkai.organizations.models import Agency

from .selectors import active_agencies

LATEST = 50


def _start_of_day(day: dt.date | None) -> dt.datetime | None:
    # Documents carry a publication date, not a time; Atom needs a timestamp, so the start of the
    # day in the site's time zone (Beijing) stands for it.
    if day is None:
        return None
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


class SiteDocumentsFeed(Feed):
    feed_type = Atom1Feed
    title = "政府信息公开 · 最新主动公开文件"
    subtitle = "各机关最新发布的主动公开政府信息"

    def link(self, obj=None):
        return reverse("portal:home")

    def items(self, obj=None):
        documents = public_documents(obj) if obj is not None else public_documents()
        return documents.select_related("agency").order_by("-published_on", "-pk")[:LATEST]

    def item_title(self, item: Document) -> str:
        return f"{item.title}（已废止）" if item.status == Status.REPEALED else item.title

    def item_description(self, item: Document) -> str:
        return item.summary

    def item_link(self, item: Document) -> str:
        return reverse("portal:document", kwargs={"agency_code": item.agency.code, "pk": item.pk})

    def item_pubdate(self, item: Document) -> dt.datetime | None:
        return _start_of_day(item.published_on)

    def item_updateddate(self, item: Document) -> dt.datetime | None:
        return _start_of_day(item.published_on)

    def item_author_name(self, item: Document) -> str:
        # The issuing body (发布机构), never the staff member who drafted it.
        return item.issuing_body or item.agency.name

    def item_categories(self, item: Document) -> list[str]:
        return [item.get_kind_display(), item.get_subject_display()]


class AgencyDocumentsFeed(SiteDocumentsFeed):
    def get_object(self, request, agency_code: str) -> Agency:
        agency = active_agencies().filter(code=agency_code).first()
        if agency is None:
            raise Http404("未找到该机关")
        return agency

    def title(self, obj: Agency) -> str:
        return f"{obj.name} · 最新主动公开文件"

    def subtitle(self, obj: Agency) -> str:
        return f"{obj.name}最新发布的{LATEST}条主动公开政府信息"

    def link(self, obj: Agency):
        return reverse("portal:agency_home", kwargs={"agency_code": obj.code})

    def author_name(self, obj: Agency) -> str:
        return obj.name


site_feed = SiteDocumentsFeed()
agency_feed = AgencyDocumentsFeed()
