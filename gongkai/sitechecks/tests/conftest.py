import pytest

from gongkai.sitechecks import gathering
from gongkai.sitechecks.crawler import Crawl


@pytest.fixture
def quick_crawl(monkeypatch):
    """A portal whose every page works, without crawling it (tests of what is done with the figures)."""

    def crawl(agency, *, on_page=None):
        if on_page is not None:
            on_page(1, 1)
        return Crawl(start=f"/a/{agency.code}/", homepage_status=200, homepage_ms=5, pages=1), 200

    monkeypatch.setattr(gathering, "crawl_portal", crawl)
