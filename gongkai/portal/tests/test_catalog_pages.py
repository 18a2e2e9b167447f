"""The public catalogue: portal homes, the guide, the catalogue, document pages, search, 适老化.

Every page reads through ``public_documents``: drafts, withdrawn and on-request documents never
show, another agency's never shows under this one, and listings are cached but a publish shows
at once.
"""

import datetime as dt
import itertools
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongkai.catalog import services
from gongkai.catalog.models import Attachment, Disclosure, Document, Kind, Status, Subject, Validity
from gongkai.catalog.search import rebuild_index
from gongkai.catalog.tests.factories import policy_fields, walk_to_signed
from gongkai.organizations.models import Agency, Role
from gongkai.organizations.tests.factories import AgencyFactory, MembershipFactory, UserFactory
from gongkai.reports.models import AnnualReport
from gongkai.statute.calendar import WorkCalendar
from gongkai.statute.catalog import ART20_ITEMS, ART21_TOWNSHIP_ITEMS, format_index_number

from .test_views import assert_csp_clean

pytestmark = pytest.mark.django_db

_numbers = itertools.count(1)


def publish(agency, *, title="关于做好2024年春季森林防火工作的通知", item="20-12", **fields):
    """A document as the catalogue stores it once published (the workflow has its own tests)."""
    values = {
        "status": Status.PUBLISHED,
        "published_on": dt.date(2024, 3, 5),
        "issuing_body": agency.name,
        "subject": Subject.GENERAL,
        "body": "<p>各村委会：</p><p>现将有关事项通知如下。</p>",
        **fields,
    }
    return Document.objects.create(
        agency=agency,
        author=UserFactory(username="author"),
        index_number=format_index_number(agency.code, 2024, next(_numbers)),
        title=title,
        item=item,
        **values,
    )


REPEALED = {
    "kind": Kind.NORMATIVE,
    "status": Status.REPEALED,
    "validity": Validity.REPEALED,
    "validity_changed_on": dt.date(2024, 6, 1),
    "repealed_on": dt.date(2024, 6, 1),
}


def url(name, agency=None, *args):
    return reverse(f"portal:{name}", args=[agency.code, *args] if agency else list(args))


def html_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


# -- portal home -------------------------------------------------------------------------------


def test_home_shows_latest_public_documents_of_every_agency_and_a_search_box(client, agency_a, agency_b):
    publish(agency_a, title="潭柘寺镇2024年部门预算", item="20-7")
    publish(agency_b, title="王平镇2024年部门预算", item="20-7", published_on=dt.date(2024, 3, 6))
    publish(agency_a, title="潭柘寺镇未发布的草稿", status=Status.DRAFT, published_on=None)
    publish(agency_a, title="潭柘寺镇已撤下的通知", status=Status.UNPUBLISHED)
    publish(
        agency_a, title="潭柘寺镇依申请公开的文件", disclosure=Disclosure.ON_REQUEST, disclosure_reason="涉及第三方"
    )
    html = html_of(client.get("/"))
    assert html.index("王平镇2024年部门预算") < html.index("潭柘寺镇2024年部门预算")  # newest first
    assert "草稿" not in html and "已撤下" not in html and "依申请公开的文件" not in html
    assert f'action="{reverse("portal:search")}"' in html and 'role="search"' in html
    assert f'href="{url("agency_home", agency_a)}"' in html and f'href="{url("catalog", agency_b)}"' in html
    assert html.count("<h1") == 1
    assert_csp_clean(html)


def test_an_inactive_agency_and_its_documents_leave_the_home_page(client, agency_a, agency_b):
    publish(agency_b, title="王平镇2024年部门预算")
    assert "王平镇2024年部门预算" in html_of(client.get("/"))
    agency_b.is_active = False
    agency_b.save()
    html = html_of(client.get("/"))
    assert "王平镇2024年部门预算" not in html and agency_b.name not in html


# -- agency home -------------------------------------------------------------------------------


def test_agency_home_has_latest_items_by_category_interpretations_reports_and_every_entry(client, agency_a, agency_b):
    budget = publish(agency_a, title="潭柘寺镇2024年部门预算", item="20-7")
    rule = publish(agency_a, title="潭柘寺镇村规民约管理办法", item="20-1", kind=Kind.NORMATIVE, validity="valid")
    reading = publish(
        agency_a, title="《村规民约管理办法》政策解读", item="20-1", kind=Kind.INTERPRETATION, interprets=rule
    )
    publish(agency_b, title="王平镇2024年部门预算", item="20-7")
    AnnualReport.objects.create(
        agency=agency_a, year=2023, status=AnnualReport.Status.PUBLISHED, published_on=dt.date(2024, 1, 20)
    )
    html = html_of(client.get(url("agency_home", agency_a)))
    assert ART20_ITEMS["20-7"] in html and ART20_ITEMS["20-1"] in html
    assert ART20_ITEMS["20-3"] not in html  # an item the agency has not used yet is not a column
    assert "政策解读" in html and "年度报告" in html and "2023年政府信息公开工作年度报告" in html
    for doc in (budget, rule, reading):
        assert f'href="{url("document", agency_a, doc.pk)}"' in html
    assert "王平镇" not in html
    for href in (
        url("guide", agency_a),
        url("catalog", agency_a),
        url("apply", agency_a),
        url("status", agency_a),
        url("annual_reports", agency_a),
        url("agency_search", agency_a),
        reverse("suggestions_public:list", args=[agency_a.code]),
        reverse("suggestions_public:form", args=[agency_a.code]),
    ):
        assert f'href="{href}"' in html or f'action="{href}"' in html, href
    assert html.count("<h1") == 1
    assert_csp_clean(html)


def test_agency_nav_marks_the_current_section(client, agency_a):
    doc = publish(agency_a)
    nav = re.compile(r'<a href="([^"]+)" aria-current="(page|true)">([^<]+)</a>')
    cases = [
        (url("agency_home", agency_a), "首页", "page"),
        (url("guide", agency_a), "政府信息公开指南", "page"),
        (url("rules", agency_a), "政府信息公开制度", "page"),
        (url("catalog", agency_a), "法定主动公开内容", "page"),
        (url("document", agency_a, doc.pk), "法定主动公开内容", "true"),
        (url("interpretations", agency_a), "政策解读", "page"),
        (url("apply", agency_a), "依申请公开", "page"),
        (url("status", agency_a), "依申请公开", "true"),
        (url("annual_reports", agency_a), "年度报告", "page"),
        (reverse("suggestions_public:list", args=[agency_a.code]), "意见箱", "page"),
        (url("sitemap", agency_a), None, None),
        (url("contact", agency_a), None, None),
    ]
    for page, label, value in cases:
        html = html_of(client.get(page))
        assert 'aria-label="政府信息公开栏目"' in html
        assert [(m[2], m[3]) for m in nav.finditer(html)] == ([(value, label)] if label else []), page


def test_unknown_or_inactive_agency_pages_are_404(client, agency_a):
    closed = AgencyFactory(is_active=False)
    doc = publish(closed)
    for name in ("agency_home", "guide", "catalog", "agency_search"):
        assert client.get(url(name, closed)).status_code == 404, name
        assert client.get(reverse(f"portal:{name}", args=["NOSUCHCODE"])).status_code == 404
    assert client.get(url("document", closed, doc.pk)).status_code == 404


# -- guide -------------------------------------------------------------------------------------


def test_guide_prints_the_office_and_every_way_to_apply(client, agency_a):
    Agency.objects.filter(pk=agency_a.pk).update(
        ogi_office_name="潭柘寺镇党政办公室",
        ogi_address="北京市门头沟区潭柘寺镇鲁家滩村1号",
        ogi_postcode="102309",
        ogi_office_hours="工作日上午9:00-12:00，下午13:30-17:30",
        ogi_phone="010-60861234",
        ogi_fax="010-60861235",
        ogi_email="gongkai@tanzhesi.example.cn",
    )
    html = html_of(client.get(url("guide", agency_a)))
    for text in (
        "潭柘寺镇党政办公室",
        "北京市门头沟区潭柘寺镇鲁家滩村1号",
        "102309",
        "工作日上午9:00-12:00",
        "010-60861234",
        "传真申请",
        "010-60861235",
        "gongkai@tanzhesi.example.cn",
        "当面申请",
        "信函申请",
        "20个工作日内予以答复",  # Art. 33
        "最长不超过20个工作日",
        "国办函〔2020〕109号",
        "10件以下（含）的，不收费",
        "30页以下（含）的，不收费；31—100页（含）的部分，每页10元",
        "201页以上的部分，每页40元",
        "第五十一条",
        "60日内",
        "6个月内",
        "北京市门头沟区人民政府",  # the next agency up, for a complaint
    ):
        assert text in html, text
    assert f'href="{url("apply", agency_a)}"' in html and f'href="{url("catalog", agency_a)}"' in html
    assert html.count("<h1") == 1
    assert_csp_clean(html)


def test_guide_without_settings_leaves_them_out_and_still_reads_whole(client, agency_a):
    html = html_of(client.get(url("guide", agency_a)))
    assert "未设置" not in html and "None" not in html
    assert "本机关政府信息公开工作机构" in html
    assert "网上申请" in html and f'href="{url("apply", agency_a)}"' in html
    # No address: no in-person or postal instructions that would send a person nowhere.
    assert "当面申请" not in html and "信函申请" not in html and "传真申请" not in html
    assert "<dl" not in html


@pytest.mark.parametrize(
    ("level", "present", "absent"),
    [
        (Agency.Level.TOWNSHIP, "宅基地使用情况审核", "市政建设"),
        (Agency.Level.COUNTY, "市政建设", "宅基地使用情况审核"),
        (Agency.Level.PROVINCE, ART20_ITEMS["20-15"], "社会救助"),
    ],
)
def test_guide_lists_the_items_of_the_agency_level(client, level, present, absent):
    agency = AgencyFactory(level=level)
    html = html_of(client.get(url("guide", agency)))
    assert present in html and absent not in html
    assert ("第二十一条" in html) == (level != Agency.Level.PROVINCE)


# -- catalogue ---------------------------------------------------------------------------------


def test_catalogue_lists_every_item_of_the_level_with_its_count_including_zero(client, agency_a, agency_b):
    publish(agency_a, item="20-7")
    publish(agency_a, item="20-7")
    publish(agency_a, item="21-township-4")
    publish(agency_a, item="20-7", status=Status.DRAFT)
    publish(agency_b, item="20-7")
    html = html_of(client.get(url("catalog", agency_a)))
    counts = dict(re.findall(r'<a href="\?item=([^"]+)">[^<]+</a> <span class="portal-count">(\d+)<span', html))
    assert len(counts) == len(ART20_ITEMS) + len(ART21_TOWNSHIP_ITEMS)
    assert counts["20-7"] == "2" and counts["21-township-4"] == "1" and counts["20-1"] == "0"
    assert 'id="list-total">共 3 条' in html
    assert "<caption" in html and '<th scope="col">发文字号</th><th scope="col">成文日期</th>' in html
    assert_csp_clean(html)


def test_catalogue_filters_by_item_subject_and_year(client, agency_a):
    publish(agency_a, title="2024年预算", item="20-7", subject=Subject.FINANCE)
    publish(agency_a, title="2023年预算", item="20-7", subject=Subject.FINANCE, published_on=dt.date(2023, 2, 1))
    publish(agency_a, title="森林防火通知", item="20-12", subject=Subject.AGRICULTURE)
    catalog = url("catalog", agency_a)

    def titles(**params):
        html = html_of(client.get(catalog, params))
        return re.findall(r'<td class="portal-title-cell"><a href="[^"]+">([^<]+)</a>', html)

    assert titles() == ["2024年预算", "森林防火通知", "2023年预算"] or titles()[-1] == "2023年预算"
    assert sorted(titles(item="20-7")) == ["2023年预算", "2024年预算"]
    assert titles(subject=Subject.AGRICULTURE) == ["森林防火通知"]
    assert titles(item="20-7", year=2023) == ["2023年预算"]
    # Unknown values are ignored rather than failing: a mangled link still opens the catalogue.
    assert len(titles(item="99-9", subject="nonsense", year="二〇二四")) == 3
    html = html_of(client.get(catalog, {"year": 2023}))
    assert '<option value="2023" selected>' in html and '<option value="2024">' in html


def test_catalogue_paginates_and_keeps_the_filters(client, agency_a):
    for n in range(23):
        publish(agency_a, title=f"通知{n:02d}", item="20-12", published_on=dt.date(2024, 1, 1) + dt.timedelta(days=n))
    publish(agency_a, title="部门预算2024", item="20-7")
    first = html_of(client.get(url("catalog", agency_a), {"item": "20-12"}))
    assert "第 1 页，共 2 页" in first and "通知22" in first and "通知02" not in first
    assert 'href="?item=20-12&amp;page=2"' in first
    second = html_of(client.get(url("catalog", agency_a), {"item": "20-12", "page": 2}))
    assert "通知02" in second and "通知00" in second and "通知22" not in second and "部门预算2024" not in second
    assert html_of(client.get(url("catalog", agency_a), {"page": "99"})).count("portal-title-cell") == 4


def test_catalogue_marks_repealed_and_expired_documents(client, agency_a):
    publish(agency_a, title="已废止的管理办法", item="20-1", **REPEALED)
    expired = {"kind": Kind.NORMATIVE, "validity": Validity.EXPIRED, "validity_changed_on": dt.date(2024, 5, 1)}
    publish(agency_a, title="已失效的实施意见", item="20-1", **expired)
    html = html_of(client.get(url("catalog", agency_a)))
    assert '<span class="badge text-bg-danger">废止</span>' in html
    assert '<span class="badge text-bg-secondary">失效</span>' in html


# -- document page -----------------------------------------------------------------------------


def test_document_page_shows_the_metadata_body_and_attachments(client, agency_a):
    doc = publish(
        agency_a,
        title="潭柘寺镇村规民约管理办法",
        item="20-1",
        subject=Subject.CIVIL,
        kind=Kind.NORMATIVE,
        validity=Validity.VALID,
        written_on=dt.date(2024, 2, 28),
        document_number="潭政发〔2024〕3号",
        summary="规范村规民约的制定和备案。",
        body="<h2>第一条</h2><p>为规范村规民约……</p>",
    )
    Attachment.objects.create(
        document=doc, file="catalog/x/1/abc", name="附件1：备案表.pdf", content_type="application/pdf", size=204800,
        sha256="0" * 64,
    )  # fmt: skip
    html = html_of(client.get(url("document", agency_a, doc.pk)))
    for label, value in (
        ("索引号", doc.index_number),
        ("主题分类", "民政、扶贫、救灾"),
        ("公开事项", ART20_ITEMS["20-1"]),
        ("发布机构", agency_a.name),
        ("成文日期", "2024-02-28"),
        ("发文字号", "潭政发〔2024〕3号"),
        ("发布日期", "2024-03-05"),
        ("公开方式", "主动公开"),
    ):
        assert re.search(rf'<th scope="row">{label}</th><td[^>]*>{re.escape(value)}</td>', html), label
    assert '<th scope="row">有效性</th><td><span class="badge text-bg-success">有效</span>' in html
    assert "<h2>第一条</h2><p>为规范村规民约……</p>" in html  # the sanitised body, unescaped
    attachment = doc.attachments.get()
    assert f'<a href="{reverse("catalog_files:download", args=[attachment.pk])}">附件1：备案表.pdf</a>' in html
    assert "PDF文档" in html and "200.0" in html
    assert "<caption" in html and html.count("<h1") == 1
    assert "validity-notice" not in html
    assert_csp_clean(html)


def test_document_page_links_interpretations_both_ways_and_marks_a_repeal(client, agency_a):
    policy = publish(agency_a, title="潭柘寺镇村规民约管理办法", item="20-1", **REPEALED)
    reading = publish(agency_a, title="《村规民约管理办法》政策解读", kind=Kind.INTERPRETATION, interprets=policy)
    publish(agency_a, title="未发布的第二份解读", kind=Kind.INTERPRETATION, interprets=policy, status=Status.SIGNED)
    html = html_of(client.get(url("document", agency_a, policy.pk)))
    assert 'id="validity-notice"' in html and "自2024年6月1日起废止" in html
    assert f'href="{url("document", agency_a, reading.pk)}"' in html and "未发布的第二份解读" not in html
    html = html_of(client.get(url("document", agency_a, reading.pk)))
    assert f'href="{url("document", agency_a, policy.pk)}"' in html and 'id="interprets"' in html


def test_a_document_that_is_not_public_or_not_this_agencys_is_404(client, agency_a, agency_b):
    mine = publish(agency_a)
    others = publish(agency_b)
    hidden = [
        publish(agency_a, status=status, published_on=None)
        for status in (Status.DRAFT, Status.SUBMITTED, Status.SIGNED, Status.SCHEDULED)
    ]
    hidden.append(publish(agency_a, status=Status.UNPUBLISHED, unpublished_on=dt.date(2024, 4, 1)))
    hidden.append(publish(agency_a, disclosure=Disclosure.WITHHELD, disclosure_reason="涉及国家秘密"))
    assert client.get(url("document", agency_a, mine.pk)).status_code == 200
    assert client.get(url("document", agency_b, mine.pk)).status_code == 404  # wrong agency in the URL
    assert client.get(url("document", agency_a, others.pk)).status_code == 404
    for doc in hidden:
        assert client.get(url("document", agency_a, doc.pk)).status_code == 404, doc.status
    assert client.get(url("document", agency_a, 999999)).status_code == 404


def test_a_withdrawn_policy_is_not_linked_from_its_interpretation(client, agency_a):
    policy = publish(agency_a, title="已撤下的办法", kind=Kind.NORMATIVE, status=Status.UNPUBLISHED)
    reading = publish(agency_a, title="仍公开的解读", kind=Kind.INTERPRETATION, interprets=policy)
    html = html_of(client.get(url("document", agency_a, reading.pk)))
    assert "已撤下的办法" not in html and 'id="interprets"' not in html


# -- tenancy -----------------------------------------------------------------------------------


def test_another_agencys_documents_never_show_under_this_agency(client, agency_a, agency_b):
    publish(agency_a, title="潭柘寺镇2024年部门预算", item="20-7")
    publish(agency_b, title="王平镇2024年部门预算", item="20-7")
    for name in ("agency_home", "catalog"):
        html = html_of(client.get(url(name, agency_a)))
        assert "潭柘寺镇2024年部门预算" in html and "王平镇" not in html, name


# -- caching and query counts ------------------------------------------------------------------


LISTINGS = [
    ("home", False, {}),
    ("agency_home", True, {}),
    ("catalog", True, {}),
    ("catalog", True, {"item": "20-7", "year": "2024"}),
]


def _queries(client, path, params) -> int:
    cache.clear()  # the cold path is the one that could loop over documents
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path, params).status_code == 200
    return len(queries)


@pytest.mark.parametrize(("name", "per_agency", "params"), LISTINGS)
def test_listing_queries_do_not_grow_with_the_documents(client, agency_a, agency_b, name, per_agency, params):
    path = url(name, agency_a if per_agency else None)

    def add(n):
        for i in range(n):
            item = ("20-7", "20-12", "20-1", "21-township-4")[i % 4]
            policy = publish(agency_a, item=item, title=f"文件{i}")
            if i % 5 == 0:
                publish(agency_a, item=item, kind=Kind.INTERPRETATION, interprets=policy, title=f"解读{i}")
            publish(agency_b, item=item, title=f"他机关文件{i}")

    add(5)
    few = _queries(client, path, params)
    add(45)
    assert _queries(client, path, params) == few


def test_pictures_and_videos_are_shown_in_the_page(client, agency_a):
    doc = publish(agency_a, title="防火宣传短片", item="20-12")
    for name, mime in (("宣传画.png", "image/png"), ("短片.mp4", "video/mp4"), ("通知.docx", "application/msword")):
        Attachment.objects.create(
            document=doc, file="catalog/x/1/" + name, name=name, content_type=mime, size=1024, sha256="0" * 64
        )
    html = html_of(client.get(url("document", agency_a, doc.pk)))
    picture, video, word = (reverse("catalog_files:download", args=[a.pk]) for a in doc.attachments.order_by("pk"))
    assert f'<img src="{picture}" alt="宣传画.png"' in html
    assert f'<video class="portal-video" controls preload="metadata" src="{video}"' in html
    assert f'src="{word}"' not in html and f'href="{word}"' in html
    assert "PNG图片" in html and "MP4视频" in html and "Word文档" in html


def test_document_page_queries_do_not_grow_with_attachments_or_interpretations(client, agency_a):
    policy = publish(agency_a, kind=Kind.NORMATIVE, validity=Validity.VALID)

    def add(n):
        for i in range(n):
            Attachment.objects.create(
                document=policy,
                file=f"f{i}",
                name=f"附件{i}.pdf",
                content_type="application/pdf",
                size=10,
                sha256="0" * 64,
            )
            publish(agency_a, kind=Kind.INTERPRETATION, interprets=policy, title=f"解读{i}")

    add(1)
    few = _queries(client, url("document", agency_a, policy.pk), {})
    add(20)
    assert _queries(client, url("document", agency_a, policy.pk), {}) == few


def test_a_warm_listing_costs_only_the_version_query(client, agency_a):
    publish(agency_a)
    path = url("catalog", agency_a)
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    # The agency, and the catalogue version (the facets and the page come from the cache).
    assert len(queries) == 2, [q["sql"] for q in queries]


@pytest.fixture
def publisher_a(agency_a):
    def member(role, name):
        return MembershipFactory(user=UserFactory(username=name), agency=agency_a, role=role).user

    return {
        "contributor": member(Role.CONTRIBUTOR, "contributor_a"),
        "dept_head": member(Role.DEPARTMENT_HEAD, "dept_head_a"),
        "reviewer": member(Role.REVIEWER, "reviewer_a"),
        "leader": member(Role.LEADER, "leader_a"),
    }


def test_a_publish_unpublish_and_repeal_show_at_once_despite_the_cache(client, agency_a, publisher_a):
    from django.utils import timezone

    publish(agency_a, title="早先公开的通知")
    pages = ["/", url("agency_home", agency_a), url("catalog", agency_a)]
    for page in pages:
        assert "新发布的管理办法" not in html_of(client.get(page))  # now cached

    people = publisher_a
    today = timezone.localdate()
    calendar = WorkCalendar.build([], range(today.year - 1, today.year + 2))
    fields = policy_fields(today - dt.timedelta(days=3), title="新发布的管理办法", item="20-1", kind=Kind.OTHER)
    doc = services.draft_document(actor=people["contributor"], agency=agency_a, **fields)
    walk_to_signed(doc, contributor=people["contributor"], dept_head=people["dept_head"],
                   reviewer=people["reviewer"], leader=people["leader"])  # fmt: skip
    services.publish_document(actor=people["leader"], document=doc, calendar=calendar)
    for page in pages:
        assert "新发布的管理办法" in html_of(client.get(page)), page

    services.unpublish_document(actor=people["leader"], document=doc, reason="内容有误，重新发布")
    for page in pages:
        assert "新发布的管理办法" not in html_of(client.get(page)), page


def test_a_repeal_shows_at_once_despite_the_cache(client, agency_a, publisher_a):
    rule = publish(agency_a, title="村规民约管理办法", item="20-1", kind=Kind.NORMATIVE, validity=Validity.VALID)
    html = html_of(client.get(url("catalog", agency_a)))
    assert "text-bg-danger" not in html
    office_head = MembershipFactory(user=UserFactory(username="head"), agency=agency_a, role=Role.OFFICE_HEAD).user
    services.repeal_document(actor=office_head, document=rule, on=dt.date(2024, 6, 1), reason="已被新办法取代")
    assert '<span class="badge text-bg-danger">废止</span>' in html_of(client.get(url("catalog", agency_a)))


# -- 适老化 ------------------------------------------------------------------------------------


def test_elderly_mode_sets_a_cookie_and_returns_to_the_page(client, agency_a):
    catalog = url("catalog", agency_a)
    html = html_of(client.get(catalog))
    assert '<body class="portal">' in html
    toggle = re.search(r'href="([^"]+)" id="elderly-toggle"', html)[1].replace("&amp;", "&")
    response = client.get(toggle)
    assert response.status_code == 302 and response["Location"] == catalog
    cookie = response.cookies["gk_elderly"]
    assert cookie.value == "1" and cookie["httponly"] and cookie["samesite"] == "Lax" and cookie["max-age"]
    html = html_of(client.get(catalog))
    assert '<body class="portal portal-elderly">' in html and "退出长者模式" in html

    off = re.search(r'href="([^"]+)" id="elderly-toggle"', html)[1].replace("&amp;", "&")
    response = client.get(off)
    assert response["Location"] == catalog and response.cookies["gk_elderly"]["max-age"] == 0
    assert '<body class="portal">' in html_of(client.get(catalog))


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/a/", "javascript:alert(1)", "\\\\evil.example", ""]
)
def test_elderly_mode_never_redirects_off_the_site(client, target):
    response = client.get(reverse("portal:elderly_mode"), {"on": "1", "next": target})
    assert response.status_code == 302 and response["Location"] == reverse("portal:home")


# -- search ------------------------------------------------------------------------------------


def test_an_empty_search_asks_for_a_word(client, agency_a):
    for path in (reverse("portal:search"), url("agency_search", agency_a)):
        html = html_of(client.get(path, {"q": "  "}))
        assert 'id="search-prompt"' in html and "请输入要查找的词语" in html
        assert_csp_clean(html)


@pytest.fixture
def indexed(agency_a, agency_b):
    """Documents of two agencies in the search index (written directly, so indexed by hand)."""
    docs = {
        "compensation": publish(
            agency_a,
            title="潭柘寺镇房屋征收补偿方案",
            item="21-township-6",
            subject=Subject.CONSTRUCTION,
            body="<p>对被征收房屋给予货币补偿或者产权调换。</p>",
        ),
        "subsidy": publish(
            agency_a,
            title="潭柘寺镇2023年耕地地力保护补贴发放情况",
            item="20-11",
            subject=Subject.AGRICULTURE,
            published_on=dt.date(2023, 6, 1),
            body="<p>补贴资金已发放到户，补偿标准见附表。</p>",
        ),
        "other_agency": publish(agency_b, title="王平镇集体土地征收补偿公告", item="21-township-5"),
        "draft": publish(agency_a, title="未发布的补偿办法草稿", status=Status.DRAFT, published_on=None),
        "repealed": publish(agency_a, title="旧的拆迁补偿办法", item="20-1", **REPEALED),
    }
    rebuild_index()
    return docs


def titles_of(html: str) -> list[str]:
    return [re.sub(r"</?mark>", "", t) for t in re.findall(r'<h3 class="h6 mb-1"><a href="[^"]+">(.*?)</a>', html)]


def test_search_finds_a_two_character_word_and_marks_it(client, agency_a, indexed):
    html = html_of(client.get(reverse("portal:search"), {"q": "补偿"}))
    found = titles_of(html)
    assert set(found) == {
        "潭柘寺镇房屋征收补偿方案",
        "王平镇集体土地征收补偿公告",
        "旧的拆迁补偿办法",
        indexed["subsidy"].title,
    }
    assert "草稿" not in html
    assert "<mark>补偿</mark>" in html and 'id="results-total" role="status">找到 4 条' in html
    assert 'value="补偿"' in html  # the query stays in the box
    assert '<span class="badge text-bg-danger">废止</span>' in html
    assert f'href="{url("document", agency_a, indexed["compensation"].pk)}"' in html
    assert html.count("<h1") == 1
    assert_csp_clean(html)


def test_agency_search_stays_within_the_agency(client, agency_a, agency_b, indexed):
    html = html_of(client.get(url("agency_search", agency_a), {"q": "补偿"}))
    assert "王平镇" not in titles_of(html) and len(titles_of(html)) == 3
    assert 'aria-label="政府信息公开栏目"' in html  # the agency's own nav
    # The global page takes the agency as a filter too.
    html = html_of(client.get(reverse("portal:search"), {"q": "补偿", "agency": agency_b.code}))
    assert titles_of(html) == ["王平镇集体土地征收补偿公告"]
    html = html_of(client.get(reverse("portal:search"), {"q": "补偿", "agency": "NOSUCHCODE"}))
    assert "未找到该机关" in html and titles_of(html) == []


def test_search_filters_by_item_subject_and_year(client, agency_a, indexed):
    search = url("agency_search", agency_a)
    assert titles_of(html_of(client.get(search, {"q": "补偿", "item": "21-township-6"}))) == [
        "潭柘寺镇房屋征收补偿方案"
    ]
    assert titles_of(html_of(client.get(search, {"q": "补偿", "subject": Subject.AGRICULTURE}))) == [
        indexed["subsidy"].title
    ]
    assert titles_of(html_of(client.get(search, {"q": "补偿", "year": 2023}))) == [indexed["subsidy"].title]
    html = html_of(client.get(search, {"q": "补偿", "year": "去年"}))
    assert "年份应为数字" in html and 'value="补偿"' in html and "search-prompt" not in html


def test_search_paginates_and_says_when_nothing_matches(client, agency_a):
    for n in range(23):
        publish(agency_a, title=f"第{n}批征地补偿款发放公示", item="20-11")
    rebuild_index()
    search = url("agency_search", agency_a)
    first = html_of(client.get(search, {"q": "补偿"}))
    assert len(titles_of(first)) == 20 and "找到 23 条" in first and "第 1 页，共 2 页" in first
    assert 'href="?q=%E8%A1%A5%E5%81%BF&amp;page=2"' in first
    second = html_of(client.get(search, {"q": "补偿", "page": 2}))
    assert len(titles_of(second)) == 3 and '<ol class="portal-hits list-unstyled" start="21">' in second
    none = html_of(client.get(search, {"q": "核电站"}))
    assert "没有找到与“核电站”相关的政府信息" in none and titles_of(none) == []


def test_search_queries_do_not_grow_with_the_hits(client, agency_a, agency_b):
    def add(n):
        for i in range(n):
            publish(agency_a if i % 2 else agency_b, title=f"征地补偿公示{i}", item="20-11")
        rebuild_index()

    add(5)
    few = _queries(client, reverse("portal:search"), {"q": "补偿"})
    add(45)
    assert _queries(client, reverse("portal:search"), {"q": "补偿"}) == few
