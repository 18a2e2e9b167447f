"""A tiny stand-in portal (ROOT_URLCONF in the crawler tests): the crawler is tested on known pages."""

import io

from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.urls import include, path


def _page(*hrefs: str) -> HttpResponse:
    links = "".join(f'<a href="{href}">链接</a>' for href in hrefs)
    return HttpResponse(f"<!doctype html><html><body>{links}</body></html>")


def home(request, code):
    return _page(
        "page/1/",  # relative
        f"/a/{code}/gone/",  # a broken link on the homepage
        f"/a/{code}/moved/",  # redirects to page 2
        "/files/missing.pdf",  # same site, outside the portal: checked, not followed
        "/files/ok.pdf",  # a streamed download
        "https://www.example.org/",  # another host: not requested
        "mailto:gk@example.org",
        "#top",
        "/static/gongkai/site.css",
    )


def page(request, code, n):
    if n == 1:
        return _page(f"/a/{code}/", f"/a/{code}/boom/", f"/a/{code}/gone/#x", "?page=2")
    return _page(f"/a/{code}/page/1/")


def boom(request, code):
    raise RuntimeError("a view that fails")


def gone(request, code):
    raise Http404


def moved(request, code):
    return HttpResponseRedirect(f"/a/{code}/page/2/")


def files(request, name):
    if name == "ok.pdf":
        return FileResponse(io.BytesIO(b"%PDF-1.7"), content_type="application/pdf")
    raise Http404


def form(request, code):
    return HttpResponse("<form></form>")


app_urls = [
    path("a/<str:code>/", home, name="agency_home"),
    path("a/<str:code>/page/<int:n>/", page),
    path("a/<str:code>/boom/", boom),
    path("a/<str:code>/gone/", gone),
    path("a/<str:code>/moved/", moved),
]
urlpatterns = [
    path("", include((app_urls, "portal"))),
    path("files/<str:name>", files),
    path(
        "a/<str:code>/messages/new/",
        include(([path("", form, name="form")], "suggestions_public")),
    ),
]
