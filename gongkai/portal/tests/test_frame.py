"""The 专栏's frame: header and footer from the agency's site settings, the new columns, the document
tools, the paper application form, the path prefix of a 网站群 and embedded mode."""

from __future__ import annotations

import io
import re
from wsgiref.util import setup_testing_defaults

import pytest
from django.conf import settings as django_settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.urls import reverse, set_script_prefix
from docx import Document as Docx

from gongkai.catalog.models import Kind, Status
from gongkai.letters.tests.pdfcheck import page_count
from gongkai.organizations.models import Agency
from gongkai.organizations.services import configure_site

from .test_api import publish

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

SITE = {
    "site_name": "潭柘寺镇政府信息公开专栏",
    "site_code": "1101090001",
    "icp_number": "京ICP备00000000号-2",
    "psb_number": "京公网安备11010900000001号",
    "site_sponsor": "北京市门头沟区潭柘寺镇人民政府",
    "site_operator": "潭柘寺镇党政办公室",
    "site_address": "北京市门头沟区潭柘寺镇鲁家滩村南",
    "site_postcode": "102309",
    "site_phone": "010-60861026",
    "site_email": "tzszf@example.gov.cn",
    "ogi_rules": "一、发布审查制度：起草科室提出公开属性意见。\n\n二、保密审查制度：公开前逐件审查。",
}


def url(name: str, agency: Agency, *args) -> str:
    return reverse(f"portal:{name}", args=[agency.code, *args])


def html_of(response, status: int = 200) -> str:
    assert response.status_code == status, response.status_code
    return response.content.decode()


@pytest.fixture
def site_a(agency_a):
    configure_site(actor_label="测试", agency=agency_a, values=SITE)
    agency_a.refresh_from_db()
    return agency_a


def test_footer_prints_the_registration_numbers_and_sponsors(client, site_a):
    html = html_of(client.get(url("agency_home", site_a)))
    assert "<title>潭柘寺镇政府信息公开专栏 · Gongkai</title>" in html
    assert '<span class="portal-site-name">潭柘寺镇政府信息公开专栏</span>' in html
    assert "主办单位：北京市门头沟区潭柘寺镇人民政府" in html and "承办单位：潭柘寺镇党政办公室" in html
    assert '<span id="site-code">网站标识码：1101090001</span>' in html
    assert (
        '<a id="icp-number" href="https://beian.miit.gov.cn/" rel="noopener noreferrer">京ICP备00000000号-2</a>' in html
    )
    # Stored and printed in the usual form, with one space; the link queries its 14 digits.
    assert ">京公网安备 11010900000001号</a>" in html
    assert "webSearch?code=11010900000001" in html
    for name in ("sitemap", "contact"):
        assert f'href="{url(name, site_a)}"' in html
    # Nothing is fetched from another host: the 公安 badge is text, not a remote picture.
    assert not re.search(r'<(img|script|link)[^>]+(src|href)="https?://', html)


def test_blank_settings_are_left_out_of_the_frame(client, agency_a):
    html = html_of(client.get(url("agency_home", agency_a)))
    assert f"主办单位：{agency_a.name}" in html
    assert "网站标识码" not in html and "ICP备" not in html and "公网安备" not in html and "承办单位" not in html
    assert f"{agency_a.name}政府信息公开专栏" in html


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("site_code", "11010900", "网站标识码应为10位"),
        ("icp_number", "ICP备05060933号", "ICP备案号格式应为"),
        ("icp_number", "京ICP证050609号", "ICP备案号格式应为"),
        ("psb_number", "京公网安备 1101090200000号", "公安机关备案号格式应为"),
        ("site_postcode", "10230", "邮政编码应为6位数字"),
        ("site_phone", "请拨打镇政府", "联系电话只能包含数字"),
    ],
)
def test_malformed_site_settings_are_refused_in_chinese(client, office_head_a, agency_a, field, value, message):
    client.force_login(office_head_a)
    target = reverse("staff:site_settings", args=[agency_a.code])
    response = client.post(target, {**SITE, field: value})
    html = html_of(response)
    assert message in html and f'value="{value}"' in html  # the input is kept beside the message
    agency_a.refresh_from_db()
    assert agency_a.site_code == "" and agency_a.site_name == ""  # nothing saved


def test_office_head_saves_site_settings_and_it_is_audited(client, office_head_a, agency_a):
    from gongkai.core.models import AuditEvent

    client.force_login(office_head_a)
    target = reverse("staff:site_settings", args=[agency_a.code])
    assert "政府信息公开专栏设置" in html_of(client.get(target))
    response = client.post(target, {**SITE, "psb_number": "京公网安备  11010900000001号".replace("  ", "")})
    assert response.status_code == 302
    agency_a.refresh_from_db()
    assert agency_a.site_code == "1101090001" and agency_a.psb_number == "京公网安备 11010900000001号"
    event = AuditEvent.objects.get(code="agency.site_configured")
    assert "网站标识码" in event.summary and event.actor == office_head_a
    followed = html_of(client.get(target))
    assert "已保存：" in followed
    assert client.post(target, SITE).status_code == 302
    assert "没有修改任何设置" in html_of(client.get(target))


def test_only_office_head_or_admin_may_change_the_site_and_foreign_agencies_are_404(client, clerk_a, clerk_b, agency_a):
    target = reverse("staff:site_settings", args=[agency_a.code])
    client.force_login(clerk_a)
    response = client.post(target, SITE)
    assert response.status_code == 403 and "公开办负责人" in response.content.decode()
    client.force_login(clerk_b)
    assert client.get(target).status_code == 404
    agency_a.refresh_from_db()
    assert agency_a.site_code == ""


def test_banner_is_sniffed_size_limited_and_served_as_a_picture(client, office_head_a, agency_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(office_head_a)
    target = reverse("staff:site_settings", args=[agency_a.code])
    fake = SimpleUploadedFile("banner.png", b"<html><script>alert(1)</script></html>", content_type="image/png")
    assert "页头图片只能是" in html_of(client.post(target, {**SITE, "site_banner": fake}))
    big = SimpleUploadedFile("banner.png", PNG + b"\x00" * (1024 * 1024), content_type="image/png")
    assert "页头图片不能超过1024KB" in html_of(client.post(target, {**SITE, "site_banner": big}))
    agency_a.refresh_from_db()
    assert not agency_a.site_banner and agency_a.site_code == ""

    good = SimpleUploadedFile("头图.png", PNG, content_type="text/html")  # the browser's type is ignored
    assert client.post(target, {**SITE, "site_banner": good}).status_code == 302
    agency_a.refresh_from_db()
    assert agency_a.site_banner_type == "image/png"
    client.logout()
    html = html_of(client.get(url("agency_home", agency_a)))
    assert f'src="{url("banner", agency_a)}?v=' in html and 'alt="潭柘寺镇政府信息公开专栏"' in html
    picture = client.get(url("banner", agency_a))
    assert picture["Content-Type"] == "image/png" and picture["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in picture["Content-Security-Policy"]
    assert b"".join(picture.streaming_content) == PNG

    client.force_login(office_head_a)
    assert client.post(target, {**SITE, "remove_banner": "on"}).status_code == 302
    assert client.get(url("banner", agency_a)).status_code == 404


def test_rules_page_shows_the_agencys_rules_one_paragraph_a_line(client, site_a, agency_b):
    html = html_of(client.get(url("rules", site_a)))
    assert "<p>一、发布审查制度：起草科室提出公开属性意见。</p><p>二、保密审查制度：公开前逐件审查。</p>" in html
    assert "具体制度正在整理" in html_of(client.get(url("rules", agency_b)))


def test_contact_page_falls_back_to_the_ogi_office(client, site_a, agency_b):
    html = html_of(client.get(url("contact", site_a)))
    assert "北京市门头沟区潭柘寺镇鲁家滩村南" in html and 'href="mailto:tzszf@example.gov.cn"' in html
    agency_b.ogi_address, agency_b.ogi_phone = "北京市门头沟区王平镇王平村", "010-61855025"
    agency_b.save()
    html = html_of(client.get(url("contact", agency_b)))
    assert "北京市门头沟区王平镇王平村" in html and 'href="tel:01061855025"' in html


def test_sitemap_lists_every_column_and_the_items_tree(client, agency_a):
    html = html_of(client.get(url("sitemap", agency_a)))
    for name in ("guide", "rules", "catalog", "interpretations", "annual_reports", "apply", "status", "contact"):
        assert f'href="{url(name, agency_a)}"' in html, name
    assert "第二十条规定主动公开的政府信息" in html and "第二十一条规定主动公开的政府信息" in html
    assert f'href="{url("catalog", agency_a)}?item=20-7"' in html
    assert f'href="{reverse("suggestions_public:list", args=[agency_a.code])}"' in html


def test_interpretations_column_links_each_to_the_public_document_it_interprets(client, agency_a):
    policy = publish(agency_a, title="潭柘寺镇农村人居环境整治实施办法", kind=Kind.NORMATIVE)
    publish(agency_a, title="《实施办法》政策解读", kind=Kind.INTERPRETATION, interprets=policy)
    hidden = publish(agency_a, title="尚未公开的办法", status=Status.DRAFT, published_on=None)
    publish(agency_a, title="另一解读", kind=Kind.INTERPRETATION, interprets=hidden)
    publish(agency_a, title="一份普通通知")
    html = html_of(client.get(url("interpretations", agency_a)))
    assert 'id="list-total">共 2 条' in html
    assert f'href="{url("document", agency_a, policy.pk)}">《潭柘寺镇农村人居环境整治实施办法》</a>' in html
    assert "尚未公开的办法" not in html and "一份普通通知" not in html


def test_catalogue_table_shows_document_number_and_date_written(client, agency_a):
    doc = publish(agency_a)
    html = html_of(client.get(url("catalog", agency_a)))
    assert '<td data-label="发文字号">潭政发〔2024〕3号</td>' in html
    assert f'<time datetime="{doc.written_on:%Y-%m-%d}">{doc.written_on:%Y-%m-%d}</time>' in html
    assert '<span class="portal-tree-branch" id="branch-20">第二十条规定主动公开的政府信息</span>' in html


def test_document_font_size_works_by_cookie_without_javascript(client, agency_a):
    doc = publish(agency_a)
    page = url("document", agency_a, doc.pk)
    html = html_of(client.get(page))
    assert "data-print hidden>打印本页</button>" in html  # portal.js shows it
    large = f"{reverse('portal:font_size')}?size=l&amp;next={page}"
    assert f'href="{large}"' in html
    response = client.get(reverse("portal:font_size"), {"size": "l", "next": page})
    assert response.status_code == 302 and response["Location"] == page
    assert response.cookies["gk_font"].value == "l" and response.cookies["gk_font"]["httponly"]
    html = html_of(client.get(page))
    assert re.search(r'<body class="[^"]*\bportal-font-l\b', html)
    assert re.search(r'\?size=l[^"]*" aria-current="true">大', html)
    # Back to 中 deletes the cookie; a foreign next goes home instead.
    response = client.get(reverse("portal:font_size"), {"size": "m", "next": "https://evil.example/"})
    assert response["Location"] == reverse("portal:home") and response.cookies["gk_font"].value == ""


def test_paper_application_form_names_the_agency_and_fits_one_page(client, site_a):
    html = html_of(client.get(url("apply", site_a)))
    docx_url, pdf_url = (reverse("portal:paper_application", args=[site_a.code, f]) for f in ("docx", "pdf"))
    assert f'href="{docx_url}"' in html and f'href="{pdf_url}"' in html
    response = client.get(docx_url)
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    document = Docx(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "政府信息公开申请表" in text and f"受理机关：{site_a.name}" in text
    assert "所需政府信息的名称、文号或者便于查询的其他特征性描述" in cells and "□纸质" in cells
    assert "通信地址：北京市门头沟区潭柘寺镇鲁家滩村南" in text or site_a.ogi_address == ""
    pdf = client.get(pdf_url)
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF-")
    assert page_count(pdf.content) == 1
    assert client.get(f"/a/{site_a.code}/apply/form.exe").status_code == 404


@pytest.mark.parametrize("how", ["setting", "header"])
def test_embedded_mode_leaves_header_and_footer_to_the_site_group(client, site_a, how):
    headers = {}
    if how == "setting":
        configure_site(actor_label="测试", agency=site_a, values={"site_embedded": True})
    else:
        headers = {"HTTP_X_GONGKAI_EMBEDDED": "1"}
    html = html_of(client.get(url("catalog", site_a), **headers))
    assert 'aria-label="政府信息公开栏目"' in html and "portal-embedded" in html
    assert "portal-banner" not in html and "网站标识码" not in html and "主办单位" not in html
    assert f'href="{url("sitemap", site_a)}"' in html and 'id="elderly-toggle"' in html
    assert html.count("<h1") == 1


def _links(html: str) -> list[str]:
    return re.findall(r'(?:href|src|action)="([^"]*)"', html)


def through_proxy(path: str, query: str = "") -> tuple[int, dict, str]:
    """A GET as the 网站群's proxy forwards it: prefix stripped from the path, through Django's real
    WSGI handler (the test client does not set the script prefix)."""
    environ = {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "HTTP_HOST": "testserver",
        "wsgi.input": io.BytesIO(),
    }
    setup_testing_defaults(environ)
    seen: dict = {}

    def start_response(status, headers, exc_info=None):
        seen["status"], seen["headers"] = int(status.split()[0]), dict(headers)

    # As the test client does: closing "old" connections would end the test's transaction.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        # What get_wsgi_application's django.setup(set_prefix=True) does before the handler (and
        # WhiteNoise, which reads STATIC_URL) is built.
        set_script_prefix(django_settings.FORCE_SCRIPT_NAME or "/")
        response = WSGIHandler()(environ, start_response)
        body = b"".join(response).decode()
        response.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
        set_script_prefix("/")
    return seen["status"], seen["headers"], body


def test_every_link_and_static_url_carries_the_path_prefix(agency_a, settings):
    """GONGKAI_PATH_PREFIX=/zwgk (FORCE_SCRIPT_NAME): every URL the 专栏 writes puts the prefix back."""
    settings.FORCE_SCRIPT_NAME = "/zwgk"
    # Django caches STATIC_URL with the script prefix of its first use; in production that is the
    # FORCE_SCRIPT_NAME set up at start (django.setup). Setting it again clears the cache.
    settings.STATIC_URL = "static/"
    doc = publish(agency_a)
    publish(agency_a, title="政策解读", kind=Kind.INTERPRETATION, interprets=doc)
    pages = [
        reverse("portal:home"),
        reverse("portal:search"),
        url("agency_home", agency_a),
        url("guide", agency_a),
        url("rules", agency_a),
        url("catalog", agency_a),
        url("document", agency_a, doc.pk),
        url("interpretations", agency_a),
        url("annual_reports", agency_a),
        url("apply", agency_a),
        url("status", agency_a),
        url("sitemap", agency_a),
        url("contact", agency_a),
        reverse("suggestions_public:list", args=[agency_a.code]),
        reverse("suggestions_public:form", args=[agency_a.code]),
        f"/a/{agency_a.code}/no-such-page/",  # the 404 page, in the frame
    ]
    for page in pages:
        status, _, html = through_proxy(page)
        assert status in {200, 404}, page
        local = [link for link in _links(html) if not link.startswith(("https://", "mailto:", "tel:", "#", "?"))]
        wrong = [link for link in local if not link.startswith("/zwgk/")]
        assert local and not wrong, f"{page}: {wrong}"
        assert 'href="/zwgk/static/gongkai/portal.css"' in html and "next=/zwgk/" in html
    status, headers, _ = through_proxy(reverse("portal:elderly_mode"), "on=1&next=/zwgk/a/")
    assert status == 302 and headers["Location"] == "/zwgk/a/"
    assert "Path=/" in headers.get("Set-Cookie", "Path=/")


def test_site_settings_entry_goes_straight_to_the_one_agency_or_explains(client, office_head_a, clerk_a, agency_a):
    client.force_login(office_head_a)
    assert "政府信息公开专栏设置" in html_of(client.get(reverse("staff:home")))
    response = client.get(reverse("staff:site_choose"))
    assert response.status_code == 302 and response["Location"] == reverse("staff:site_settings", args=[agency_a.code])
    client.force_login(clerk_a)
    assert "只有公开办负责人或管理员可以修改专栏设置" in html_of(client.get(reverse("staff:site_choose")))


def test_admin_edits_the_site_and_sniffs_the_banner(client, agency_a):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.forms.models import model_to_dict

    from gongkai.organizations.tests.factories import UserFactory

    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    target = reverse("admin:organizations_agency_change", args=[agency_a.pk])
    assert "政府信息公开专栏" in html_of(client.get(target))
    form = {
        k: ("" if v is None else v)
        for k, v in model_to_dict(agency_a).items()
        if k not in {"id", "parent", "path", "site_banner"}
    }
    form |= {"departments-TOTAL_FORMS": 0, "departments-INITIAL_FORMS": 0, **SITE}
    fake = SimpleUploadedFile("banner.png", b"GIF89a not a png", content_type="image/png")
    html = html_of(client.post(target, {**form, "site_banner": fake}))
    assert "页头图片只能是PNG、JPEG或WebP图片" in html
    assert client.post(target, {**form, "site_banner": SimpleUploadedFile("b.png", PNG)}).status_code == 302
    agency_a.refresh_from_db()
    assert agency_a.site_banner_type == "image/png" and agency_a.site_code == "1101090001"
    assert client.get(url("banner", agency_a))["Content-Type"] == "image/png"
