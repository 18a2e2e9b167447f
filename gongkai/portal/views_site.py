"""The frame of the agency's 专栏: 网站地图, 联系我们, 政府信息公开制度, 政策解读, the banner picture,
the 字号 switch and the paper application form (decision 0025-portal-frame)."""

from __future__ import annotations

from urllib.parse import quote

from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from gongkai.catalog.views_files import FILE_CSP
from gongkai.statute import filetypes

from . import paper_form, selectors
from .views_catalog import public_agency

# 字号 大/中/小 of document pages: a cookie set by a plain link (works without JavaScript).
FONT_COOKIE = "gk_font"
FONT_SIZES = {"l": "大", "m": "中", "s": "小"}
FONT_MAX_AGE = 365 * 24 * 3600


def sitemap(request, agency_code: str):
    """网站地图: every page of the 专栏, in the order of its navigation."""
    agency = public_agency(request, agency_code)
    return render(
        request,
        "portal/sitemap.html",
        {"agency": agency, "nav": "sitemap", "tree": selectors.item_tree(selectors.catalogue_facets(agency))},
    )


def contact(request, agency_code: str):
    agency = public_agency(request, agency_code)
    return render(request, "portal/contact.html", {"agency": agency, "nav": "contact"})


def rules(request, agency_code: str):
    """政府信息公开制度: the agency's own rules, written in its settings (one paragraph a line)."""
    agency = public_agency(request, agency_code)
    paragraphs = [line.strip() for line in agency.ogi_rules.splitlines() if line.strip()]
    return render(request, "portal/rules.html", {"agency": agency, "nav": "rules", "paragraphs": paragraphs})


def interpretations(request, agency_code: str):
    """政策解读: every published interpretation, with a link to the document it interprets."""
    agency = public_agency(request, agency_code)
    items, listing = selectors.interpretations_page(agency, page=request.GET.get("page", 1))
    return render(
        request,
        "portal/interpretations.html",
        {"agency": agency, "nav": "interpretations", "items": items, "listing": listing},
    )


def banner(request, agency_code: str):
    """The header picture: served as the type its bytes were sniffed as, never as a page."""
    agency = public_agency(request, agency_code)
    kind = filetypes.by_mime(agency.site_banner_type)
    if not agency.site_banner or kind is None or kind.category != filetypes.IMAGE:
        raise Http404("没有页头图片")
    try:
        handle = agency.site_banner.open("rb")
    except FileNotFoundError:
        raise Http404("页头图片文件已丢失") from None
    response = FileResponse(handle, content_type=kind.mime)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_CSP
    # The URL carries ?v=<updated_at>, so a changed picture is a new URL.
    response["Cache-Control"] = "public, max-age=86400"
    return response


def paper_application(request, agency_code: str, fmt: str):
    """The paper 政府信息公开申请表 of this agency, as .docx or .pdf."""
    agency = public_agency(request, agency_code)
    if fmt == "docx":
        data = paper_form.application_docx(agency)
        mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    else:
        data = paper_form.application_pdf(agency)
        mime = "application/pdf"
    response = HttpResponse(data, content_type=mime)
    name = f"{paper_form.TITLE}.{fmt}"
    response["Content-Disposition"] = f"attachment; filename=\"application.{fmt}\"; filename*=UTF-8''{quote(name)}"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def font_size(request):
    """Set the 字号 of document pages, then go back; ``next`` must be a path on this site."""
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("portal:home")
    response = HttpResponseRedirect(target)
    size = request.GET.get("size", "m")
    if size in FONT_SIZES and size != "m":
        response.set_cookie(
            FONT_COOKIE, size, max_age=FONT_MAX_AGE, samesite="Lax", httponly=True, secure=request.is_secure()
        )
    else:
        response.delete_cookie(FONT_COOKIE, samesite="Lax")
    return response
