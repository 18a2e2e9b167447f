"""Atom feeds: well-formed, public documents only, each entry pointing at its page."""

import datetime as dt
from xml.etree import ElementTree as ET

import pytest
from django.urls import reverse

from gongkai.catalog.models import Disclosure, Status

from .test_api import publish

pytestmark = pytest.mark.django_db

ATOM = {"atom": "http://www.w3.org/2005/Atom"}


def parse(response) -> ET.Element:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)  # noqa: S314 — our own output, parsed to prove it is well formed


def entries(feed: ET.Element) -> list[dict]:
    return [
        {
            "title": entry.findtext("atom:title", namespaces=ATOM),
            "link": entry.find("atom:link", ATOM).get("href"),
            "id": entry.findtext("atom:id", namespaces=ATOM),
            "updated": entry.findtext("atom:updated", namespaces=ATOM),
            "published": entry.findtext("atom:published", namespaces=ATOM),
            "summary": entry.findtext("atom:summary", namespaces=ATOM),
            "author": entry.findtext("atom:author/atom:name", namespaces=ATOM),
        }
        for entry in feed.findall("atom:entry", ATOM)
    ]


@pytest.fixture
def documents(agency_a, agency_b):
    return {
        "new": publish(
            agency_a, title="潭柘寺镇2024年部门预算", summary="2024年收支预算。", published_on=dt.date(2024, 3, 5)
        ),
        "old": publish(agency_a, title="潭柘寺镇2023年部门预算", published_on=dt.date(2023, 3, 5)),
        "repealed": publish(
            agency_a, title="潭柘寺镇防汛工作方案", status=Status.REPEALED, published_on=dt.date(2019, 6, 1)
        ),
        "draft": publish(agency_a, title="起草中的通知", status=Status.DRAFT, published_on=None),
        "unpublished": publish(agency_a, title="已撤下的通知", status=Status.UNPUBLISHED),
        "on_request": publish(agency_a, title="依申请公开的批复", disclosure=Disclosure.ON_REQUEST),
        "other": publish(agency_b, title="王平镇2024年部门预算", published_on=dt.date(2024, 4, 1)),
    }


def test_agency_feed_lists_its_public_documents_newest_first(client, agency_a, documents):
    feed = parse(client.get(reverse("portal:feed", args=[agency_a.code])))
    assert feed.tag == "{http://www.w3.org/2005/Atom}feed"
    assert feed.findtext("atom:title", namespaces=ATOM) == f"{agency_a.name} · 最新主动公开文件"
    assert feed.find("atom:link[@rel='alternate']", ATOM).get("href").endswith(f"/a/{agency_a.code}/")
    assert feed.find("atom:link[@rel='self']", ATOM).get("href").endswith(f"/a/{agency_a.code}/feed.atom")
    assert feed.findtext("atom:updated", namespaces=ATOM) == "2024-03-05T00:00:00+08:00"
    got = entries(feed)
    assert [e["title"] for e in got] == [
        "潭柘寺镇2024年部门预算",
        "潭柘寺镇2023年部门预算",
        "潭柘寺镇防汛工作方案（已废止）",
    ]
    first = got[0]
    page = reverse("portal:document", kwargs={"agency_code": agency_a.code, "pk": documents["new"].pk})
    assert first["link"] == f"http://testserver{page}" and first["id"] == first["link"]
    assert first["updated"] == first["published"] == "2024-03-05T00:00:00+08:00"
    assert first["summary"] == "2024年收支预算。"
    assert first["author"] == agency_a.name  # the issuing body, never the drafter
    assert "赵敏" not in client.get(reverse("portal:feed", args=[agency_a.code])).content.decode()


def test_entries_open_the_right_pages(client, agency_a, documents):
    for entry in entries(parse(client.get(reverse("portal:feed", args=[agency_a.code])))):
        response = client.get(entry["link"].removeprefix("http://testserver"))
        assert response.status_code == 200
        assert entry["title"].removesuffix("（已废止）") in response.content.decode()


def test_site_feed_covers_every_active_agency(client, agency_a, agency_b, documents):
    titles = [e["title"] for e in entries(parse(client.get(reverse("portal:site_feed"))))]
    assert titles[:2] == ["王平镇2024年部门预算", "潭柘寺镇2024年部门预算"]
    assert len(titles) == 4
    agency_b.is_active = False
    agency_b.save(update_fields=["is_active"])
    titles = [e["title"] for e in entries(parse(client.get(reverse("portal:site_feed"))))]
    assert "王平镇2024年部门预算" not in titles


def test_feed_of_an_inactive_or_unknown_agency_is_404(client, agency_a):
    assert client.get(reverse("portal:feed", args=["91110000000000000X"])).status_code == 404
    agency_a.is_active = False
    agency_a.save(update_fields=["is_active"])
    assert client.get(reverse("portal:feed", args=[agency_a.code])).status_code == 404


def test_feed_keeps_the_latest_fifty(client, agency_a):
    for n in range(52):
        publish(agency_a, title=f"通知{n:02d}", published_on=dt.date(2024, 1, 1) + dt.timedelta(days=n))
    got = entries(parse(client.get(reverse("portal:feed", args=[agency_a.code]))))
    assert len(got) == 50
    assert got[0]["title"] == "通知51" and got[-1]["title"] == "通知02"


def test_empty_feed_is_still_valid(client, agency_a):
    feed = parse(client.get(reverse("portal:feed", args=[agency_a.code])))
    assert entries(feed) == [] and feed.findtext("atom:updated", namespaces=ATOM)


def test_portal_pages_announce_their_feed(client, agency_a):
    # Feed readers discover the feed from the page head; the agency's pages point at its own feed.
    page = client.get(reverse("portal:agency_home", args=[agency_a.code])).content.decode()
    assert 'type="application/atom+xml"' in page
    assert reverse("portal:feed", args=[agency_a.code]) in page
    assert reverse("portal:site_feed") in client.get(reverse("portal:home")).content.decode()
