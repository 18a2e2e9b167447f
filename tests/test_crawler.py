"""Every button, as every role: the crawler.

On the demo data it signs in as each demo role (and as an anonymous visitor), follows every link it
can reach, and submits every form it finds twice with ordinary values and once with hostile ones
(dates far in the future, 10,000-character text, negative and huge numbers, markup). It asserts
zero 5xx responses and zero pages with Django's English stock text.

To keep its time bounded it visits at most a few URLs per route name and each distinct form once
per role; `GONGKAI_CRAWL_PER_ROUTE` raises the first number for a deeper run.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections import deque
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import django
import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import Resolver404, resolve

PER_ROUTE = int(os.environ.get("GONGKAI_CRAWL_PER_ROUTE", "2"))
MAX_REQUESTS_PER_ROLE = 700
# One person per demo role, another agency's clerk, the district supervisor and the superuser.
ROLES = [
    "tzs_clerk",
    "tzs_head",
    "tzs_depthead",
    "tzs_contributor",
    "tzs_reviewer",
    "tzs_leader",
    "tzs_admin",
    "wp_clerk",
    "mtg_supervisor",
    "admin",
    None,  # an anonymous visitor
]
# Never followed: they end the session, or are developer tools outside the product's users.
SKIP = re.compile(r"^/(logout/|static/|api/docs|api/openapi)|/password/|/logout")
# Submitting these would only lock the crawler out or delete the demo it is walking.
SKIP_FORMS = re.compile(r"/(logout|password_change|password)/|/delete/$")
HOSTILE_TEXT = ["长" * 10_000, "<script>alert(1)</script>{{ x }}{% if %}", "-1"]
HOSTILE_NUMBER = ["-1", "100000000000000000000", "abc"]
HOSTILE_DATE = ["9999-12-31", "0001-01-01", "2026-02-30"]


def english_stock_phrases() -> list[str]:
    """Fragments of Django's own English messages (forms, validators, error pages, admin)."""
    root = Path(django.__file__).parent
    phrases = {"Select an option", "Server Error", "Not Found", "Forbidden", "Bad Request", "CSRF verification"}
    for po in [*root.glob("conf/locale/en/LC_MESSAGES/django.po"), *root.glob("contrib/*/locale/en/LC_MESSAGES/*.po")]:
        for msgid in re.findall(r'^msgid "(.+)"$', po.read_text(encoding="utf-8"), re.M):
            for fragment in re.split(r"%\(\w+\)[sd]|%[sd]|\{\w*\}|\\n", msgid):
                fragment = fragment.strip(" .:,“”\"'")
                if len(fragment) >= 14 and len(fragment.split()) >= 3:
                    phrases.add(fragment)
    return sorted(phrases)


PHRASES = english_stock_phrases()


def visible_text(soup: BeautifulSoup) -> str:
    for tag in soup(["script", "style", "code", "pre", "textarea"]):
        tag.decompose()
    return " ".join(soup.get_text(" ").split())


def route_of(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name or match.route


class Crawler:
    def __init__(self, client: Client, role: str):
        self.client, self.role = client, role
        self.failures: list[str] = []
        self.seen: set[str] = set()
        self.per_route: dict[str, int] = {}
        self.forms_done: set[tuple] = set()
        self.requests = 0

    def check(self, method: str, url: str, response, what: str = "") -> BeautifulSoup | None:
        self.requests += 1
        where = f"{self.role} {method} {url} {what}".strip()
        if response.status_code >= 500:
            self.failures.append(f"{where}: HTTP {response.status_code}")
            return None
        if "text/html" not in response.get("Content-Type", ""):
            return None
        soup = BeautifulSoup(response.content, "html.parser")
        html = soup.find("html")
        if html is not None and html.get("lang", "").lower() not in ("zh-hans", "zh-cn", "zh"):
            self.failures.append(f"{where}: lang={html.get('lang')!r}")
        text = visible_text(BeautifulSoup(response.content, "html.parser"))
        for phrase in PHRASES:
            if phrase in text:
                self.failures.append(f"{where}: English stock text “{phrase}”")
                break
        return soup

    def wanted(self, url: str) -> str | None:
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not parts.path.startswith("/") or SKIP.search(parts.path):
            return None
        key = parts.path + ("?" + parts.query if parts.query else "")
        if key in self.seen:
            return None
        route = route_of(parts.path)
        if route is None:
            return None
        if self.per_route.get(route, 0) >= PER_ROUTE:
            return None
        return key

    def crawl(self, start: str) -> None:
        queue = deque([start])
        while queue and self.requests < MAX_REQUESTS_PER_ROLE:
            url = queue.popleft()
            key = self.wanted(url)
            if key is None:
                continue
            self.seen.add(key)
            route = route_of(urlsplit(key).path)
            self.per_route[route] = self.per_route.get(route, 0) + 1
            response = self.client.get(key)
            soup = self.check("GET", key, response)
            if response.status_code in (301, 302, 303) and response.get("Location"):
                queue.append(urljoin(key, response["Location"]))
            if soup is None:
                continue
            for form in soup.find_all("form"):
                self.submit(key, form)
            for link in soup.find_all("a", href=True):
                queue.append(urljoin(key, link["href"].split("#")[0]))

    # -- forms ----------------------------------------------------------------------------------

    def submit(self, page: str, form) -> None:
        action = urljoin(page, form.get("action") or page)
        parts = urlsplit(action)
        if parts.netloc or SKIP.search(parts.path) or SKIP_FORMS.search(parts.path):
            return
        method = (form.get("method") or "get").lower()
        fields = self.fields(form)
        key = (method, route_of(parts.path), tuple(sorted(name for name, _ in fields)))
        if key in self.forms_done or key[1] is None:
            return
        self.forms_done.add(key)
        for hostile in (False, False, True):
            data = self.values(fields, hostile=hostile)
            if method == "post":
                response = self.client.post(parts.path + (f"?{parts.query}" if parts.query else ""), data)
            else:
                response = self.client.get(parts.path, data)
            self.check(method.upper(), parts.path, response, "（恶意值）" if hostile else "（正常值）")
            if self.requests >= MAX_REQUESTS_PER_ROLE:
                return

    @staticmethod
    def fields(form) -> list[tuple[str, object]]:
        out = []
        for element in form.find_all(["input", "select", "textarea"]):
            name = element.get("name")
            if not name or element.get("disabled") is not None:
                continue
            out.append((name, element))
        return out

    @staticmethod
    def values(fields, *, hostile: bool) -> dict:
        today = dt.date.today()
        data: dict[str, object] = {}
        for n, (name, element) in enumerate(fields):
            kind = (element.get("type") or element.name).lower()
            if name == "csrfmiddlewaretoken" or kind == "hidden":
                data[name] = element.get("value", "")
            elif kind == "file":
                continue
            elif kind in ("checkbox", "radio"):
                if element.get("checked") is not None or (kind == "radio" and name not in data):
                    data[name] = element.get("value", "on")
            elif element.name == "select":
                options = [o.get("value", o.text) for o in element.find_all("option")]
                chosen = [o.get("value", o.text) for o in element.find_all("option", selected=True)]
                real = [o for o in options if o]
                data[name] = "abc" if hostile else (chosen[0] if chosen and chosen[0] else (real[0] if real else ""))
            elif kind == "date" or name.endswith(("_on", "_by")) or name in ("on", "date"):
                data[name] = HOSTILE_DATE[n % len(HOSTILE_DATE)] if hostile else today.isoformat()
            elif kind == "number" or name.endswith(("year", "days", "pages", "page")):
                data[name] = (
                    HOSTILE_NUMBER[n % len(HOSTILE_NUMBER)]
                    if hostile
                    else str(element.get("value") or (today.year if "year" in name else 1))
                )
            elif kind == "email":
                data[name] = "<b>@x" if hostile else "tester@example.com"
            else:
                data[name] = HOSTILE_TEXT[n % len(HOSTILE_TEXT)] if hostile else (element.get("value") or "测试")
        return data


@pytest.mark.slow
@pytest.mark.django_db
def test_every_button_as_every_role_gives_no_5xx_and_no_english(settings):
    settings.DEBUG = False
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    call_command("demo", stdout=open(os.devnull, "w"))
    User = get_user_model()
    failures: list[str] = []
    report = []
    for username in ROLES:
        client = Client(raise_request_exception=False)
        if username is not None:
            client.force_login(User.objects.get(username=username))
        crawler = Crawler(client, username or "anonymous")
        for start in ("/staff/", "/", "/admin/") if username else ("/",):
            crawler.crawl(start)
        failures += crawler.failures
        report.append(f"{crawler.role}: {crawler.requests} requests, {len(crawler.forms_done)} forms")
    assert not failures, "\n".join(report + failures[:200])
