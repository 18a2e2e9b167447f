"""Broken-link checks: the http(s) links of a document's body and attachments, and whether they answer.

Links are checked concurrently with httpx (HEAD, then GET where servers refuse HEAD), 10 s per
request, redirects followed by hand so that every hop is vetted. The checker runs on the server,
so it must not become a way to probe the server's own network: a host is resolved first, and a
link to a loopback, private or otherwise non-public address is not requested (and is reported,
since the public cannot reach it either). Resolving first also tells "host does not exist" (an
error that blocks publishing) apart from a server that is merely down (a warning).

Results go into LinkCheck, one row per (document, url); rows for links no longer present are
deleted. They are observations, not decisions, so they are not audited.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import httpx
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import Document, LinkCheck
from .readers import read_attachment

TIMEOUT = 10.0  # seconds per request
CONCURRENCY = 8
MAX_REDIRECTS = 5
USER_AGENT = "Mozilla/5.0 (compatible; GongkaiLinkCheck/1.0)"
HEAD_REFUSED = {403, 405, 501}  # servers that answer HEAD this way often serve GET fine

# error texts that the pre-publication checks classify by (see checks.link_problems)
NOT_FOUND = {404, 410}
ERR_DNS = "域名无法解析"
ERR_TIMEOUT = "连接超时"
ERR_CONNECT = "无法连接"
ERR_PRIVATE = "指向内网或本机地址，公众无法访问，未检查"
ERR_REDIRECTS = "重定向次数过多"
ERR_OVER_LIMIT = "链接数量超过检查上限，未检查"

Resolver = Callable[[str, int], Awaitable[list[str]]]


def max_links() -> int:
    return int(getattr(settings, "GONGKAI_LINK_CHECK_MAX", 200))


# -- finding links -------------------------------------------------------------------------------


class _LinkParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        wanted = {"a": "href", "img": "src"}.get(tag)
        for name, value in attrs:
            if name == wanted and value:
                self.urls.append(value.strip())


def _http(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in {"http", "https"} and bool(parts.hostname)


def body_links(html: str, *, base: str = "") -> list[str]:
    """http(s) links and images of a body, in order, once each.

    Relative links are resolved against the agency's website when it has one (that is where the
    page will be read); without a base they cannot be checked and are skipped.
    """
    parser = _LinkParser()
    parser.feed(html or "")
    parser.close()
    out = []
    for raw in parser.urls:
        scheme = urlsplit(raw).scheme.lower()
        if scheme in {"mailto", "tel"} or raw.startswith("#"):
            continue
        url = raw if scheme else (urljoin(base, raw) if base else "")
        url = url.split("#", 1)[0]
        if url and _http(url) and len(url) <= 1000:
            out.append(url)
    return list(dict.fromkeys(out))


def document_links(document: Document) -> dict[str, str]:
    """url → source (body first, then attachments in order)."""
    found = {url: LinkCheck.Source.BODY for url in body_links(document.body, base=document.agency.website)}
    for attachment in document.attachments.all():
        reading = read_attachment(attachment)
        for url in reading.links if reading else []:
            if _http(url) and len(url) <= 1000:
                found.setdefault(url.split("#", 1)[0], LinkCheck.Source.ATTACHMENT)
    return found


# -- checking ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    ok: bool
    status_code: int | None = None
    error: str = ""


async def system_resolver(host: str, port: int) -> list[str]:
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [info[4][0] for info in infos]


async def _public(url: httpx.URL, resolver: Resolver) -> Result | None:
    """None when the host resolves to public addresses only; otherwise the reason not to fetch."""
    host = url.raw_host.decode("ascii")  # IDNA-encoded, as DNS knows it
    try:
        addresses = [host] if _is_ip(host) else await resolver(host, url.port or (443 if url.scheme == "https" else 80))
    except (socket.gaierror, UnicodeError):
        return Result(False, error=ERR_DNS)
    if not addresses:
        return Result(False, error=ERR_DNS)
    if not all(ipaddress.ip_address(a.split("%", 1)[0]).is_global for a in addresses):
        return Result(False, error=ERR_PRIVATE)
    return None


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


async def _fetch(client: httpx.AsyncClient, method: str, url: httpx.URL, resolver: Resolver) -> Result:
    for _ in range(MAX_REDIRECTS + 1):
        refused = await _public(url, resolver)
        if refused is not None:
            return refused
        request = client.build_request(method, url)
        response = await client.send(request, stream=True, follow_redirects=False)
        await response.aclose()  # the status is all we need; never download the body
        if response.next_request is None:
            return Result(response.status_code < 400, response.status_code)
        url = response.next_request.url
    return Result(False, error=ERR_REDIRECTS)


async def check_url(client: httpx.AsyncClient, url: str, resolver: Resolver) -> Result:
    try:
        result = await _fetch(client, "HEAD", httpx.URL(url), resolver)
        if result.status_code in HEAD_REFUSED:
            result = await _fetch(client, "GET", httpx.URL(url), resolver)
        return result
    except httpx.TimeoutException:
        return Result(False, error=ERR_TIMEOUT)
    except httpx.ConnectError as e:
        # httpx resolves again; a name that vanished between the two lookups is still a DNS failure.
        cause = e.__cause__ or e.__context__
        return Result(False, error=ERR_DNS if isinstance(cause, socket.gaierror) else ERR_CONNECT)
    except (httpx.HTTPError, httpx.InvalidURL, ValueError) as e:
        return Result(False, error=f"{ERR_CONNECT}（{type(e).__name__}）"[:200])


async def _check_all(
    urls: list[str], *, transport, resolver: Resolver, deadline: float | None, concurrency: int
) -> dict[str, Result]:
    limit = asyncio.Semaphore(concurrency)
    results: dict[str, Result] = {}
    async with httpx.AsyncClient(
        transport=transport, timeout=TIMEOUT, headers={"User-Agent": USER_AGENT}, follow_redirects=False
    ) as client:

        async def one(url: str) -> None:
            async with limit:
                try:
                    results[url] = await check_url(client, url, resolver)
                except Exception as e:  # one odd server must not lose the other results
                    results[url] = Result(False, error=f"{ERR_CONNECT}（{type(e).__name__}）"[:200])

        tasks = [asyncio.create_task(one(url)) for url in urls]
        if tasks:
            _, pending = await asyncio.wait(tasks, timeout=deadline)
            for t in pending:
                t.cancel()
            await asyncio.gather(*pending, return_exceptions=True)
    return results


def check_urls(
    urls: list[str],
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    resolver: Resolver | None = None,
    deadline: float | None = None,
    concurrency: int = CONCURRENCY,
) -> dict[str, Result]:
    """Check the links concurrently; those not done within ``deadline`` seconds are left out."""
    return asyncio.run(
        _check_all(
            urls,
            transport=transport,
            resolver=resolver or system_resolver,
            deadline=deadline,
            concurrency=concurrency,
        )
    )


def check_document_links(
    document: Document,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    resolver: Resolver | None = None,
    deadline: float | None = None,
) -> list[LinkCheck]:
    """Find the document's links, check them and store the results; returns the document's rows.

    A link not reached before the deadline keeps its previous result (or stays unchecked).
    """
    found = document_links(document)
    urls = list(found)
    limit = max_links()
    results = check_urls(urls[:limit], transport=transport, resolver=resolver, deadline=deadline)
    now = timezone.now()
    with transaction.atomic():
        LinkCheck.objects.filter(document=document).exclude(url__in=urls).delete()
        existing = {row.url: row for row in LinkCheck.objects.select_for_update().filter(document=document)}
        for position, url in enumerate(urls):
            row = existing.get(url) or LinkCheck(document=document, url=url)
            row.source = found[url]
            if url in results:
                result = results[url]
                row.ok, row.status_code, row.error, row.checked_at = result.ok, result.status_code, result.error, now
            elif position >= limit:
                row.ok, row.status_code, row.error, row.checked_at = None, None, ERR_OVER_LIMIT, None
            row.save()
    return list(LinkCheck.objects.filter(document=document).order_by("source", "url"))
