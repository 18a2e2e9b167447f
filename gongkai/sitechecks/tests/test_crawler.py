"""The in-process crawler: same-site links only, broken ones with the page they are on."""

import datetime as dt

import pytest

from gongkai.organizations.models import Agency
from gongkai.sitechecks.crawler import Crawler, links_in
from gongkai.sitechecks.gathering import crawl_portal

from .factories import published_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def fake_portal(settings):
    settings.ROOT_URLCONF = "gongkai.sitechecks.tests.fake_portal"


def test_links_in_reads_anchor_hrefs():
    assert links_in('<a href="/x/">x</a><link href="/y.css"><area href=" /z/ "><a>no</a>') == ["/x/", "/z/"]


def test_crawl_finds_broken_internal_links_by_page(fake_portal, agency_a):
    code = agency_a.code
    result = Crawler().crawl(f"/a/{code}/")
    assert result.homepage_status == 200 and result.homepage_ms is not None
    found = {(f.url, f.found_on, f.status, f.on_homepage) for f in result.failed}
    assert found == {
        (f"/a/{code}/gone/", f"/a/{code}/", 404, True),
        ("/files/missing.pdf", f"/a/{code}/", 404, True),
        (f"/a/{code}/boom/", f"/a/{code}/page/1/", 500, False),
        (f"/a/{code}/gone/", f"/a/{code}/page/1/", 404, False),
    }
    # home, page 1, gone, moved (→ page 2), page 1?page=2, boom; the outside file is only checked
    assert result.pages == 6 and not result.truncated
    assert result.statuses[f"/a/{code}/moved/"] == 200  # a redirect to a working page is fine
    assert "https://www.example.org/" not in result.statuses
    assert result.statuses["/files/ok.pdf"] == 200
    # Closing the streamed download did not close the test's database connection (PostgreSQL).
    assert Agency.objects.filter(pk=agency_a.pk).exists()


def test_crawl_stops_at_the_page_limit(fake_portal, agency_a):
    result = Crawler(max_pages=2).crawl(f"/a/{agency_a.code}/")
    assert result.pages == 2 and result.truncated


def test_a_missing_homepage_is_recorded_not_raised(fake_portal):
    result = Crawler().crawl("/a/NOSUCHAGENCY/gone/", prefix="/a/NOSUCHAGENCY/")
    assert result.homepage_status == 404 and result.pages == 1


def test_crawl_of_the_real_portal_finds_a_broken_link_in_a_document_body(agency_a):
    code = agency_a.code
    published_document(
        agency_a,
        published_on=dt.date.today() - dt.timedelta(days=3),
        body=f'<p>详见<a href="/a/{code}/documents/999999/">附件说明</a>。</p>',
    )
    result, consultation = crawl_portal(agency_a)
    assert result.homepage_status == 200
    broken = [f for f in result.failed if f.url == f"/a/{code}/documents/999999/"]
    assert broken and broken[0].status == 404 and not broken[0].on_homepage
    assert broken[0].found_on.startswith(f"/a/{code}/documents/")
    assert consultation == 200
