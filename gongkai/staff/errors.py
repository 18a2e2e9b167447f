"""The error pages (400, 403, 404, 500 and the CSRF failure), in Chinese and inside the site's frame.

A public URL (the portal, the 意见箱's public pages, the feeds) is answered in the portal frame;
every other URL in the staff frame, with the header navigation for a signed-in user. The JSON API
answers JSON, as its own errors do.

- 403 shows the reason it was raised with when that reason is a Chinese sentence: it names the
  role the action needs ("此操作需要以下角色之一：…"), which is what the person must ask for.
- 404 never shows why: "not found" and "another agency's" must read the same (decision 0015).
- 500 touches neither the database nor the session: the failure may be the database. It renders
  with an explicit context (no context processors), shows the user only if the request already
  loaded them, draws a public page in its agency's frame only if the portal view had already
  loaded the agency, and falls back to a page of plain Chinese if the frame itself fails.

The templates render without context processors for every status, so one code path is tested.
Why each page says what it says: decision 0019.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csp import get_nonce
from django.middleware.csrf import REASON_NO_CSRF_COOKIE, get_token
from django.template import loader
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme

from gongkai.organizations.models import Agency

logger = logging.getLogger(__name__)

# The public side of the URL space (config/urls.py, portal/urls.py, suggestions/urls_public.py).
# tests/test_errors.py checks every named URL against it.
PUBLIC_PREFIXES = ("/a/", "/search/", "/elderly-mode/", "/font-size/", "/feed.atom")
API_PREFIX = "/api/"
AGENCY_IN_PATH = re.compile(r"^/a/([^/]+)/")
CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Problem:
    status: int
    title: str
    message: str  # what happened
    advice: str  # what to do next


BAD_REQUEST = Problem(
    400,
    "请求无法处理",
    "浏览器发来的请求不完整或格式不对，系统无法处理。",
    "请返回上一页刷新后重试；如果问题反复出现，请联系系统管理员。",
)
FORBIDDEN = Problem(
    403,
    "没有权限",
    "您没有办理此事项或查看此页面的权限。",
    "如需办理，请联系本机关的系统管理员为您分配相应的角色。",
)
NOT_FOUND = Problem(
    404,
    "页面不存在",
    "没有找到您要访问的页面：链接可能有误或已失效，或者该内容不在您可以查看的范围内。",
    "请检查网址，或从导航重新进入。",
)
PUBLIC_NOT_FOUND = Problem(
    404,
    "页面不存在",
    "没有找到您要访问的页面：链接可能有误或已失效，或者该信息尚未公开。",
    "请检查网址，或从首页、公开目录重新查找；也可以使用站内搜索。",
)
SERVER_ERROR = Problem(
    500,
    "系统出错",
    "系统处理您的请求时出错，本次操作可能没有完成，您填写的内容可能未保存。",
    "请稍后重试；如果问题持续，请联系系统管理员并告知出错的时间和页面。",
)
CSRF_EXPIRED = Problem(
    403,
    "页面已过期",
    "页面已过期，或者已在其他标签页中提交过，本次提交没有成功，您填写的内容未保存。",
    "请返回上一页，刷新页面后重新填写并提交。",
)
CSRF_NO_COOKIE = Problem(
    403,
    "无法提交",
    "浏览器没有保存本站的 Cookie，本次提交没有成功，您填写的内容未保存。",
    "请在浏览器设置中允许本站使用 Cookie，然后返回上一页，刷新后重新提交。",
)


def is_public(path: str) -> bool:
    return path == "/" or path.startswith((*PUBLIC_PREFIXES, API_PREFIX))


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    return _respond(request, BAD_REQUEST)


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    reason = str(exception or "").strip()
    # Our own refusals are Chinese sentences naming the role needed; Django's own carry no text.
    problem = FORBIDDEN if not CJK.search(reason) else Problem(403, FORBIDDEN.title, reason, FORBIDDEN.advice)
    return _respond(request, problem)


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return _respond(request, PUBLIC_NOT_FOUND if is_public(request.path_info) else NOT_FOUND)


def server_error(request: HttpRequest) -> HttpResponse:
    return _respond(request, SERVER_ERROR, database=False)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _respond(request, CSRF_NO_COOKIE if reason == REASON_NO_CSRF_COOKIE else CSRF_EXPIRED)


# -- rendering -----------------------------------------------------------------------------------


def _respond(request: HttpRequest, problem: Problem, *, database: bool = True) -> HttpResponse:
    path = request.path_info
    if path.startswith(API_PREFIX) and not path.startswith(f"{API_PREFIX}docs"):
        return JsonResponse({"detail": f"{problem.message}{problem.advice}"}, status=problem.status)
    public = is_public(path)
    context = {
        "request": request,
        "problem": problem,
        "user": _user(request, database=database),
        "agency": _public_agency(request, database=database) if public else None,
        "back_url": _back_url(request),
        "csp_nonce": get_nonce(request),
        "csrf_token": _csrf_token(request),
        "messages": (),
    }
    template = "staff/error_public.html" if public else "staff/error.html"
    try:
        html = loader.get_template(template).render(context)
    except Exception:
        # The frame itself failed (a missing static manifest, a broken template…): say it plainly.
        logger.exception("error page %s could not be rendered in its frame", problem.status)
        html = _plain(problem)
    return HttpResponse(html, status=problem.status)


def _user(request: HttpRequest, *, database: bool):
    if not database:
        # Only a user this request already loaded: loading one reads the session and the database.
        return request.__dict__.get("_cached_user") or AnonymousUser()
    try:
        user = getattr(request, "user", None)
        return user if user is not None and user.is_authenticated else AnonymousUser()
    except DatabaseError:
        return AnonymousUser()


def _public_agency(request: HttpRequest, *, database: bool) -> Agency | None:
    """The agency a public URL is under, so its page keeps the agency's frame and navigation.

    The portal's views keep the agency they loaded on the request (portal.views_catalog
    .public_agency): a 500 draws the frame from that, without the database; a 404 for a URL
    the view never reached (a mistyped path) looks the agency up.
    """
    loaded = request.__dict__.get("portal_agency")
    if loaded is not None or not database:
        return loaded
    match = AGENCY_IN_PATH.match(request.path_info)
    if not match:
        return None
    try:
        return Agency.objects.filter(code=match[1], is_active=True).first()
    except DatabaseError:
        return None


def _back_url(request: HttpRequest) -> str:
    referer = request.META.get("HTTP_REFERER", "")
    try:
        host = request.get_host()
    except Exception:  # a 400 for a disallowed Host header: no host to compare with
        return ""
    if referer and url_has_allowed_host_and_scheme(referer, allowed_hosts={host}, require_https=request.is_secure()):
        return referer
    return ""


def _csrf_token(request: HttpRequest) -> str:
    # The header's 退出 form needs one; the token lives in a cookie (no database).
    try:
        return get_token(request)
    except Exception:
        return ""


def _plain(problem: Problem) -> str:
    title, message, advice = escape(problem.title), escape(problem.message), escape(problem.advice)
    return (
        '<!doctype html><html lang="zh-Hans"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title} · Gongkai</title></head><body><main>"
        f"<h1>{title}</h1><p>{message}</p><p>{advice}</p>"
        '<p><a href="/">返回首页</a></p>'
        f"<p>错误代码：{problem.status}</p></main></body></html>"
    )
