"""Error pages are Chinese, inside the site's frame, and say what to do next (gongkai/staff/errors.py).

Run with DEBUG=False (pytest-django's default), as in production: with DEBUG=True Django shows its
technical pages instead.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connections
from django.template import loader
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from gongkai.cases.tests.factories import register
from gongkai.staff import errors

pytestmark = pytest.mark.django_db

ENGLISH = ("Not Found", "Forbidden", "Server Error", "Server error", "CSRF", "Bad Request", "The requested resource")
STAFF_NAV = 'aria-label="主导航"'
PUBLIC_NAV = 'aria-label="政府信息公开栏目"'


def page(response, status: int) -> str:
    html = response.content.decode()
    assert response.status_code == status, html[:500]
    assert '<html lang="zh-Hans">' in html
    assert response["Content-Type"].startswith("text/html")
    english = [text for text in ENGLISH if text in html]
    assert not english, f"English stock text on the page: {english}"
    return html


def staff_page(response, status: int) -> str:
    html = page(response, status)
    assert STAFF_NAV in html and ">依申请公开</a>" in html and ">退出</button>" in html  # the signed-in header
    return html


def _main(html: str) -> str:
    return html.split("<main", 1)[1].split("</main>", 1)[0]


@pytest.fixture
def clerk(client, clerk_a):
    client.force_login(clerk_a)
    return client


@pytest.fixture
def case_a(agency_a, clerk_a):
    return register(agency_a, actor=clerk_a).case


# -- 404 -----------------------------------------------------------------------------------------


def test_a_missing_staff_page_is_chinese_in_the_staff_frame(clerk):
    html = staff_page(clerk.get("/cases/nowhere/"), 404)
    assert "<title>页面不存在 · Gongkai</title>" in html
    assert "请检查网址，或从导航重新进入。" in html
    assert 'href="/staff/"' in html  # 返回工作台


def test_a_404_never_says_why(clerk, client, clerk_b, case_a):
    missing = staff_page(clerk.get(reverse("cases:detail", args=[case_a.pk + 1000])), 404)
    assert "没有找到该申请" not in missing  # the Http404's own words are internals
    other = Client()
    other.force_login(clerk_b)
    foreign = staff_page(other.get(reverse("cases:detail", args=[case_a.pk])), 404)
    # Another agency's case reads exactly like one that does not exist.
    assert _main(foreign) == _main(missing)


def test_a_missing_public_page_is_in_the_portal_frame_with_the_agencys_navigation(client, agency_a):
    html = page(client.get(f"/a/{agency_a.code}/documents/999999/"), 404)
    assert PUBLIC_NAV in html and agency_a.name in html
    assert "该信息尚未公开" in html
    assert STAFF_NAV not in html and "退出" not in html
    assert 'id="elderly-toggle"' in html


def test_an_unknown_agency_is_a_portal_page_without_agency_navigation(client):
    html = page(client.get("/a/NOSUCHAGENCY/"), 404)
    assert 'class="site-header portal-header"' in html
    assert PUBLIC_NAV not in html and 'href="/"' in html


def test_an_anonymous_visitor_to_a_missing_staff_page_is_offered_the_login(client):
    html = page(client.get("/cases/nowhere/"), 404)
    assert "工作人员登录" in html and ">退出</button>" not in html


def test_the_api_answers_json(client):
    response = client.get("/api/nowhere")
    assert response.status_code == 404
    assert "页面" in response.json()["detail"]


# -- 403 -----------------------------------------------------------------------------------------


def test_a_refusal_says_which_role_is_needed(clerk, agency_a):
    html = staff_page(clerk.get(reverse("letters:templates", args=[agency_a.code])), 403)
    assert "此操作需要以下角色之一：公开办负责人、管理员" in html
    assert "<title>没有权限 · Gongkai</title>" in html


def test_a_refusal_without_a_chinese_reason_gets_the_general_sentence(clerk_a):
    request = RequestFactory().get("/admin/")
    request.user = clerk_a
    html = page(errors.permission_denied(request, PermissionDenied()), 403)
    assert errors.FORBIDDEN.message in html
    html = page(errors.permission_denied(request, PermissionDenied("You do not have permission.")), 403)
    assert "You do not have permission" not in html and errors.FORBIDDEN.message in html


# -- 400 -----------------------------------------------------------------------------------------


def test_a_bad_request_is_chinese_in_the_staff_frame(clerk, case_a, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5
    data = {f"field{n}": "x" for n in range(10)}
    html = staff_page(clerk.post(reverse("cases:action", args=[case_a.pk, "withdraw"]), data), 400)
    assert errors.BAD_REQUEST.message in html


def test_a_request_for_another_host_is_a_chinese_400(client):
    html = page(client.get("/", HTTP_HOST="evil.example"), 400)
    assert errors.BAD_REQUEST.title in html


# -- CSRF ----------------------------------------------------------------------------------------


@pytest.fixture
def strict(clerk_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(clerk_a)
    return client


def test_an_expired_form_says_so_and_what_to_do(strict, case_a):
    url = reverse("cases:detail", args=[case_a.pk])
    strict.get(url)  # sets the CSRF cookie
    response = strict.post(
        reverse("cases:action", args=[case_a.pk, "withdraw"]),
        {"withdraw-on": "2024-10-08", "csrfmiddlewaretoken": "x" * 64},
        HTTP_REFERER="http://testserver" + url,
    )
    html = staff_page(response, 403)
    assert "页面已过期" in html and "您填写的内容未保存" in html and "刷新页面后重新填写并提交" in html
    assert f'href="http://testserver{url}">返回上一页</a>' in html


def test_a_browser_without_cookies_is_told_to_allow_them(strict, case_a):
    strict.cookies.clear()
    html = page(strict.post(reverse("cases:action", args=[case_a.pk, "withdraw"]), {}), 403)
    assert "允许本站使用 Cookie" in html


def test_an_expired_public_form_is_in_the_portal_frame(agency_a):
    client = Client(enforce_csrf_checks=True)
    url = reverse("portal:apply", args=[agency_a.code])
    client.get(url)
    html = page(client.post(url, {"name": "张三", "csrfmiddlewaretoken": "x" * 64}), 403)
    assert PUBLIC_NAV in html and "页面已过期" in html and STAFF_NAV not in html


def test_a_referer_from_another_site_is_no_way_back(strict, case_a):
    strict.get(reverse("cases:detail", args=[case_a.pk]))
    response = strict.post(
        reverse("cases:action", args=[case_a.pk, "withdraw"]),
        {"csrfmiddlewaretoken": "x" * 64},
        HTTP_REFERER="https://evil.example/",
    )
    assert "evil.example" not in response.content.decode()


# -- 500 -----------------------------------------------------------------------------------------


@pytest.fixture
def failing(settings, client):
    settings.ROOT_URLCONF = "tests.urls_errors"
    client.raise_request_exception = False
    return client


def test_a_bug_in_a_staff_view_is_a_chinese_500_with_the_navigation(failing, clerk_a):
    failing.force_login(clerk_a)
    html = staff_page(failing.get("/cases/boom/"), 500)
    assert errors.SERVER_ERROR.message in html and "a bug in a staff view" not in html


def test_a_bug_in_a_public_view_is_a_chinese_500_in_the_portal_frame(failing, agency_a):
    html = page(failing.get(f"/a/{agency_a.code}/boom/"), 500)
    assert 'class="site-header portal-header"' in html and errors.SERVER_ERROR.title in html


def test_the_500_page_renders_with_the_database_gone(failing, clerk_a):
    failing.force_login(clerk_a)
    try:
        html = staff_page(failing.get("/cases/database-gone/"), 500)
    finally:
        for connection in connections.all():
            connection.__dict__.pop("cursor", None)
    assert errors.SERVER_ERROR.message in html
    assert clerk_a.full_name in html  # the user the request had already loaded


def test_a_500_on_a_public_page_keeps_the_agencys_frame_with_the_database_gone(failing, agency_a):
    agency_a.site_code, agency_a.site_name = "1101090012", "潭柘寺镇政务公开"
    agency_a.save()
    try:
        html = page(failing.get(f"/a/{agency_a.code}/database-gone/"), 500)
    finally:
        for connection in connections.all():
            connection.__dict__.pop("cursor", None)
    # The portal view had loaded the agency: its banner, columns and footer come without a query.
    assert errors.SERVER_ERROR.title in html and PUBLIC_NAV in html
    assert "潭柘寺镇政务公开" in html and "网站标识码：1101090012" in html


def test_the_500_handler_makes_no_query(rf, django_assert_num_queries, clerk_a):
    request = rf.get("/cases/")
    request._cached_user = clerk_a  # what AuthenticationMiddleware leaves after a view used request.user
    with django_assert_num_queries(0):
        html = staff_page(errors.server_error(request), 500)
    assert "系统出错" in html


def test_the_500_handler_shows_no_user_it_would_have_to_load(rf, django_assert_num_queries):
    request = rf.get("/cases/")
    with django_assert_num_queries(0):
        html = page(errors.server_error(request), 500)
    assert ">退出</button>" not in html


def test_a_broken_frame_falls_back_to_plain_chinese(rf, monkeypatch):
    def broken(name, *args, **kwargs):
        raise ValueError("Missing staticfiles manifest entry for 'gongkai/site.css'")

    monkeypatch.setattr(loader, "get_template", broken)
    html = page(errors.server_error(rf.get("/cases/")), 500)
    assert "<h1>系统出错</h1>" in html and errors.SERVER_ERROR.advice in html


# -- which frame ---------------------------------------------------------------------------------

PUBLIC_NAMESPACES = {"portal", "suggestions_public", "api"}


def _named(resolver: URLResolver, namespace: str = "", prefix: str = ""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(n for n in (namespace, entry.namespace) if n)
            yield from _named(entry, inner, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern) and entry.name:
            yield namespace, entry


def _sample_path(namespace: str, pattern: URLPattern) -> str:
    samples = {"int": 1, "str": "x", "slug": "x", "path": "x/y"}
    kwargs = {
        name: samples.get(type(converter).__name__.removesuffix("Converter").lower(), "x")
        for name, converter in pattern.pattern.converters.items()
    }
    name = f"{namespace}:{pattern.name}" if namespace else pattern.name
    return reverse(name, kwargs=kwargs)


def test_every_public_url_gets_the_portal_frame_and_every_other_the_staff_frame():
    checked = 0
    for namespace, pattern in _named(get_resolver()):
        if not pattern.pattern.converters and "(?P" in str(pattern.pattern):
            continue  # a regex route (the admin's) that reverse() cannot fill generically
        path = _sample_path(namespace, pattern)
        public = namespace.split(":")[0] in PUBLIC_NAMESPACES
        assert errors.is_public(path) == public, f"{namespace}:{pattern.name} {path}"
        checked += 1
    assert checked > 80
