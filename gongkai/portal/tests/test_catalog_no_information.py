"""本机关无此类信息 on the public catalogue: the column shows 暂无 with the reason, fresh, not cached."""

import datetime as dt

import pytest
from django.urls import reverse

from gongkai.catalog import services
from gongkai.sitechecks.tests.factories import published_document

from .test_views import assert_csp_clean

pytestmark = pytest.mark.django_db

LAND = "21-township-5"
REASON = "本镇辖区内无土地征收项目"


# The sidebar is a tree by article: a column shows under its article by its short name.
def facet_row(page: str, label: str) -> str:
    start = page.index(f">{label}</a>")
    return page[start : page.index("</li>", start)]


def test_a_declared_column_shows_none_with_the_reason(client, agency_a, office_head_a):
    url = reverse("portal:catalog", args=[agency_a.code])
    published_document(agency_a, item="20-2", published_on=dt.date(2026, 1, 5))
    before = client.get(url).text  # cached facets: the declaration must still show at once
    assert "暂无" not in facet_row(before, "土地征收")
    services.declare_no_information(actor=office_head_a, agency=agency_a, item=LAND, reason=REASON)
    response = client.get(url)
    row = facet_row(response.text, "土地征收")
    assert "暂无" in row and f"本机关无此类信息：{REASON}" in row
    assert "暂无" not in facet_row(response.text, "（二）机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名")
    assert "土地征收（暂无）</option>" in response.text
    assert_csp_clean(response.text)


def test_the_column_page_says_none_and_why(client, agency_a, office_head_a):
    services.declare_no_information(actor=office_head_a, agency=agency_a, item=LAND, reason=REASON)
    page = client.get(reverse("portal:catalog", args=[agency_a.code]), {"item": LAND}).text
    assert f"暂无。本机关无此类信息：{REASON}" in page and "没有符合条件的政府信息" not in page


def test_documents_published_after_a_declaration_win(client, agency_a, office_head_a):
    services.declare_no_information(actor=office_head_a, agency=agency_a, item=LAND, reason=REASON)
    published_document(agency_a, item=LAND, published_on=dt.date(2026, 1, 5))
    page = client.get(reverse("portal:catalog", args=[agency_a.code])).text
    row = facet_row(page, "土地征收")
    assert "暂无" not in row and ">1<" in row


def test_another_agency_shows_no_declaration(client, agency_a, agency_b, office_head_a):
    services.declare_no_information(actor=office_head_a, agency=agency_a, item=LAND, reason=REASON)
    assert REASON not in client.get(reverse("portal:catalog", args=[agency_b.code])).text
