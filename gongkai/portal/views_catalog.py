"""The public side of proactive disclosure: portal homes, the guide, the catalogue, documents, search.

Anonymous and read-only. Every document comes through ``catalog.selectors.public_documents``
(via ``portal.selectors``): a draft, an unpublished document or another agency's document is a
404, whatever the URL says.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from gongkai.catalog.models import Document, Subject
from gongkai.catalog.search import search_documents
from gongkai.organizations.models import Agency
from gongkai.reports.models import AnnualReport
from gongkai.statute import fees, periods
from gongkai.statute.catalog import ART26_WORKING_DAYS, items_for_level
from gongkai.statute.outcomes import LITIGATION_MONTHS, RECONSIDERATION_DAYS

from . import selectors
from .forms import CatalogueFilterForm, SearchForm

SEARCH_PAGE_SIZE = 20
# 适老化 (elderly-friendly) mode: larger type and higher contrast, remembered for a year.
ELDERLY_COOKIE = "gk_elderly"
ELDERLY_MAX_AGE = 365 * 24 * 3600


def public_agency(request, code: str) -> Agency:
    """The active agency of a public URL (else 404). Kept on the request so that a 500 page can
    draw the agency's frame without touching the database (staff/errors.py)."""
    agency = get_object_or_404(Agency, code=code, is_active=True)
    request.portal_agency = agency
    return agency


def home(request):
    return render(
        request,
        "portal/home.html",
        {
            "agencies": selectors.active_agencies(),
            "latest": selectors.latest_documents(limit=10),
        },
    )


def agency_home(request, agency_code: str):
    agency = public_agency(request, agency_code)
    reports = AnnualReport.objects.filter(agency=agency, status=AnnualReport.Status.PUBLISHED).order_by(
        "-year", "-version"
    )
    version = selectors.catalogue_version(agency)
    latest_reports: dict[int, AnnualReport] = {}
    for report in reports[:20]:
        latest_reports.setdefault(report.year, report)
    return render(
        request,
        "portal/agency_home.html",
        {
            "agency": agency,
            "nav": "home",
            "columns": selectors.agency_columns(agency, version=version),
            "latest": selectors.latest_documents(agency=agency, limit=8, version=version),
            "reports": list(latest_reports.values())[:5],
        },
    )


def guide(request, agency_code: str):
    """政府信息公开指南 (Art. 12), written from the agency's settings; unset facts are left out."""
    agency = public_agency(request, agency_code)
    items = items_for_level(agency.level)
    office = [
        (label, value)
        for label, value in (
            ("工作机构", agency.ogi_office_name),
            ("办公地址", agency.ogi_address),
            ("邮政编码", agency.ogi_postcode),
            ("办公时间", agency.ogi_office_hours),
            ("联系电话", agency.ogi_phone),
            ("传真", agency.ogi_fax),
            ("电子邮箱", agency.ogi_email),
        )
        if value
    ]
    return render(
        request,
        "portal/guide.html",
        {
            "agency": agency,
            "nav": "guide",
            "office_name": agency.ogi_office_name or "本机关政府信息公开工作机构",
            "office": office,
            "items": items,
            "art21": any(key.startswith("21-") for key in items),
            "periods": {
                "publish": ART26_WORKING_DAYS,
                "supplement": periods.SUPPLEMENT_NOTICE_WORKING_DAYS,
                "reply": periods.REPLY_WORKING_DAYS,
                "extension": periods.MAX_EXTENSION_WORKING_DAYS,
                "consultation": periods.CONSULTATION_WORKING_DAYS,
                "fee_payment": periods.FEE_PAYMENT_WORKING_DAYS,
                "reconsideration_days": RECONSIDERATION_DAYS,
                "litigation_months": LITIGATION_MONTHS,
            },
            "free_requests": _free_requests(),
            "volume_bands": fees.VOLUME_BANDS,
        },
    )


def _free_requests() -> int:
    n = 1
    while fees.per_request_price(n + 1) == 0:
        n += 1
    return n


def catalog(request, agency_code: str):
    """公开目录: by Art. 20/21 item or 主题分类, by year; newest first, paginated."""
    agency = public_agency(request, agency_code)
    version = selectors.catalogue_version(agency)
    facets = selectors.catalogue_facets(agency, version=version)
    filters = CatalogueFilterForm(request.GET, items={f.key for f in facets.items}).filters()
    listing = selectors.catalogue_page(agency, page=request.GET.get("page", 1), version=version, **filters)
    labels = {f.key: f.label for f in facets.items}
    return render(
        request,
        "portal/catalog.html",
        {
            "agency": agency,
            "nav": "catalog",
            "facets": facets,
            "tree": selectors.item_tree(facets),
            "filters": filters,
            "item_label": labels.get(filters["item"], ""),
            "item_no_information": next((f.no_information for f in facets.items if f.key == filters["item"]), ""),
            "subject_label": dict(Subject.choices).get(filters["subject"], ""),
            "listing": listing,
            "query": _query(filters),
        },
    )


def _query(filters: dict) -> str:
    """The filters as a query string for pagination links ('' when none)."""
    return urlencode({k: v for k, v in filters.items() if v})


def document(request, agency_code: str, pk: int):
    agency = public_agency(request, agency_code)
    try:
        doc = selectors.public_document(agency, pk)
    except Document.DoesNotExist:
        raise Http404("该信息不存在或未公开") from None
    return render(
        request,
        "portal/document_detail.html",
        {
            "agency": agency,
            "nav": "catalog",
            "nav_current": "true",
            "document": doc,
            "font_sizes": [("l", "大"), ("m", "中"), ("s", "小")],
            "font_size": request.COOKIES.get("gk_font") if request.COOKIES.get("gk_font") in {"l", "s"} else "m",
        },
    )


def search(request, agency_code: str | None = None):
    agency = public_agency(request, agency_code) if agency_code else None
    form = SearchForm(request.GET or None)
    results, page, num_pages, query = None, 1, 1, ""
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if agency is None and data["agency"]:
            agency = Agency.objects.filter(code=data["agency"], is_active=True).first()
            if agency is None:
                form.add_error("agency", "未找到该机关。")
        query = data["q"]
        if query and not form.errors:
            page = _page_number(request.GET.get("page"))
            results = search_documents(
                query,
                agency=agency,
                item=data["item"] or None,
                subject=data["subject"] or None,
                year=data["year"],
                limit=SEARCH_PAGE_SIZE,
                offset=(page - 1) * SEARCH_PAGE_SIZE,
            )
            num_pages = max(1, -(-results.total // SEARCH_PAGE_SIZE))
    elif form.is_bound:
        query = " ".join(request.GET.get("q", "").split())[:100]  # kept in the box beside the errors
    params = {k: v for k, v in request.GET.items() if k != "page" and v}
    return render(
        request,
        "portal/search_results.html",
        {
            "agency": agency if agency_code else None,
            "scope_agency": agency,
            "nav": "search",
            "form": form,
            "query": query,
            "results": results,
            "page": page,
            "num_pages": num_pages,
            "first_rank": (page - 1) * SEARCH_PAGE_SIZE + 1,
            "agencies": selectors.active_agencies() if agency_code is None else [],
            "params": urlencode(params),
            "action": reverse("portal:agency_search", args=[agency.code]) if agency_code else reverse("portal:search"),
        },
    )


def _page_number(raw: str | None) -> int:
    try:
        return max(1, min(int(raw or 1), 500))
    except ValueError:
        return 1


def elderly_mode(request):
    """Switch 适老化 mode on or off with a cookie, then go back to the page the visitor was on.

    A plain GET link so it works without JavaScript; ``next`` must be a path on this site, so
    the link cannot be used to bounce a visitor to a foreign page.
    """
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("portal:home")
    response = HttpResponseRedirect(target)
    if request.GET.get("on") == "1":
        response.set_cookie(
            ELDERLY_COOKIE, "1", max_age=ELDERLY_MAX_AGE, samesite="Lax", httponly=True, secure=request.is_secure()
        )
    else:
        response.delete_cookie(ELDERLY_COOKIE, samesite="Lax")
    return response
