"""Walk an agency's own public portal in-process and note every internal link that fails.

The portal is served by this same Django project, so the crawl goes through ``django.test.Client``:
no network, no running server, the same URL routing, middleware and templates a visitor gets.
Pages under the agency's prefix (``/a/<code>/``) are parsed and followed; other same-site links
found on them (the site home, files, another agency's pages) are requested but not followed.
Links to other hosts are not requested here: the catalogue's link checker covers documents'
outside links (LinkCheck).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

from django.conf import settings
from django.core.signals import request_finished
from django.db import close_old_connections
from django.test import Client

MAX_PAGES = 300
# Same-site links found on those pages that are only checked (not parsed) count separately.
MAX_CHECKS = 900
MAX_REDIRECTS = 5
_SKIPPED_SCHEMES = ("mailto:", "tel:", "javascript:", "data:", "sms:")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in {"a", "area"}:
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href.strip())


def links_in(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return parser.hrefs


@dataclass(frozen=True)
class FailedLink:
    url: str
    found_on: str
    status: int
    on_homepage: bool


@dataclass
class Crawl:
    start: str
    homepage_status: int | None = None
    homepage_ms: int | None = None
    pages: int = 0
    checked: int = 0
    truncated: bool = False
    failed: list[FailedLink] = field(default_factory=list)
    statuses: dict[str, int] = field(default_factory=dict)


def close_response(response) -> None:
    """Close a streamed response (a file, a feed) without closing the caller's database connection.

    The test client closes ordinary responses itself with close_old_connections unhooked; a
    streamed one is left to the caller, and closing it fires request_finished, which would close
    the connection and abort a surrounding transaction.
    """
    if response is None or not response.streaming:
        return
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)


def crawl_host() -> str:
    """A host name the site answers to (ALLOWED_HOSTS), so the crawl is not refused with 400."""
    for host in settings.ALLOWED_HOSTS:
        if host and host != "*" and not host.startswith("."):
            return host
    return "testserver"


class Crawler:
    def __init__(self, *, host: str | None = None, max_pages: int = MAX_PAGES, max_checks: int = MAX_CHECKS):
        self.host = host or crawl_host()
        self.max_pages = max_pages
        self.max_checks = max_checks
        # A view that raises is a 500 for a visitor; record it as such instead of stopping.
        self.client = Client(raise_request_exception=False, HTTP_HOST=self.host)
        self.local_hosts = {self.host, *(h for h in settings.ALLOWED_HOSTS if h and h != "*")}

    def local_path(self, base: str, href: str) -> str | None:
        """The same-site path (with query, without fragment) of ``href``, or None to skip it."""
        if not href or href.startswith("#") or href.lower().startswith(_SKIPPED_SCHEMES):
            return None
        url, _ = urldefrag(urljoin(base, href))
        parts = urlsplit(url)
        if parts.scheme and parts.scheme not in {"http", "https"}:
            return None
        if parts.netloc and parts.netloc.lower() not in self.local_hosts:
            return None
        path = parts.path or "/"
        if path.startswith(settings.STATIC_URL):
            return None  # static assets are the deployment's business, not the portal's content
        return f"{path}?{parts.query}" if parts.query else path

    def fetch(self, path: str):
        """(final status, response) following same-site redirects; None status if unresolvable."""
        response = None
        for _ in range(MAX_REDIRECTS + 1):
            response = self.client.get(path, secure=True)
            if response.status_code not in {301, 302, 303, 307, 308}:
                return response.status_code, response
            target = self.local_path(path, response.get("Location", ""))
            if target is None:
                return 200, None  # redirected off-site: not ours to judge here
            path = target
        return response.status_code if response is not None else None, None

    def status(self, path: str) -> int | None:
        if path not in self.result.statuses:
            self.result.checked += 1
            code, response = self.fetch(path)
            close_response(response)  # a file is judged by its status, not downloaded
            self.result.statuses[path] = code
        return self.result.statuses[path]

    def crawl(
        self, start: str, *, prefix: str | None = None, on_page: Callable[[int, int], None] | None = None
    ) -> Crawl:
        """Walk from ``start``; ``on_page(pages done, pages found so far)`` is called after each page."""
        prefix = prefix or start
        self.result = result = Crawl(start=start)
        referrers: dict[str, list[str]] = {}
        outside: dict[str, str] = {}  # path without query → the link requested for it
        queue, seen = [start], {start}
        while queue:
            page = queue.pop(0)
            if result.pages >= self.max_pages:
                result.truncated = True
                break
            began = time.monotonic()
            code, response = self.fetch(page)
            result.pages += 1
            result.statuses[page] = code
            if page == start:
                result.homepage_status = code
                result.homepage_ms = round((time.monotonic() - began) * 1000)
            if response is None or code != 200 or response.streaming or "html" not in response.get("Content-Type", ""):
                close_response(response)
                continue
            html = response.content.decode(response.charset or "utf-8", errors="replace")
            for href in links_in(html):
                target = self.local_path(page, href)
                if target is None or target == page:
                    continue
                referrers.setdefault(target, [])
                if page not in referrers[target]:
                    referrers[target].append(page)
                if target.startswith(prefix):
                    if target not in seen:
                        seen.add(target)
                        queue.append(target)
                elif target.split("?")[0] in outside:
                    # Site-wide links outside the portal (a mode switch with ?next=…) reach the
                    # same view from every page; one request per path is enough to judge them.
                    result.statuses.setdefault(target, result.statuses[outside[target.split("?")[0]]])
                elif result.checked < self.max_checks:
                    outside[target.split("?")[0]] = target
                    self.status(target)
                else:
                    result.truncated = True
            if on_page is not None:
                on_page(result.pages, max(result.pages, min(self.max_pages, result.pages + len(queue))))
        # A page is judged once fetched; report it under each page that links to it.
        for target, pages in referrers.items():
            code = result.statuses.get(target)
            if code is None or code < 400:
                continue
            for page in pages:
                on_homepage = page == start
                if not any(f.url == target and f.on_homepage == on_homepage for f in result.failed):
                    result.failed.append(FailedLink(target, page, code, on_homepage))
        return result
