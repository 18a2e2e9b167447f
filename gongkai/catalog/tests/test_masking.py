"""一键屏蔽个人信息: text, attachments and every earlier version; the original for the office head alone."""

import io

import docx
import openpyxl
import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse

from gongkai.catalog import services
from gongkai.catalog.attachments import attach_file
from gongkai.catalog.checks import pre_publication_checks
from gongkai.catalog.models import Attachment, MaskedOriginal
from gongkai.catalog.redaction import mask_docx, mask_html, mask_xlsx
from gongkai.core.isolation import IsolationError
from gongkai.core.models import AuditEvent

from .samples import make_docx, make_pdf, make_xlsx, upload

pytestmark = pytest.mark.django_db
ID = "11010519491231002X"
MOBILE = "13812345678"
SECRETS = (ID, MOBILE, "１１０１０５１９４９１２３１００２Ｘ")
BODY = f"<p>申请人张某，身份证号{ID}，联系电话{MOBILE}。</p><p>经审核，符合条件。</p>"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    cache.clear()
    return tmp_path


@pytest.fixture
def draft(agency_a, contributor_a, fields):
    return services.draft_document(actor=contributor_a, agency=agency_a, **{**fields, "body": BODY})


def split_runs_docx() -> bytes:
    """A Word file as Word writes it: the ID split over runs, a table, a header and the file's title."""
    document = docx.Document()
    paragraph = document.add_paragraph("申请人身份证号：")
    paragraph.add_run(ID[:6]).bold = True
    paragraph.add_run(ID[6:])
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "联系电话", MOBILE
    document.sections[0].header.paragraphs[0].text = f"经办人电话 {MOBILE}"
    document.core_properties.title = f"张某 {ID}"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for r in t.rows for c in r.cells]
    parts += [p.text for p in document.sections[0].header.paragraphs]
    return "\n".join([*parts, document.core_properties.title or ""])


def personal_data_problems(document, calendar, today):
    cache.clear()
    return [
        p.message
        for p in pre_publication_checks(document, published_on=today, calendar=calendar)
        if "身份证" in p.message or "手机" in p.message
    ]


# -- the pure maskers ----------------------------------------------------------------------------


def test_docx_is_masked_across_runs_tables_headers_and_properties():
    result = mask_docx(split_runs_docx())
    text = docx_text(result["data"])
    assert result["masked"] == 4 and result["remaining"] == 0
    assert not any(s in text for s in SECRETS) and "申请人身份证号：******************" in text
    bold = [r for r in docx.Document(io.BytesIO(result["data"])).paragraphs[0].runs if r.bold]
    assert bold[0].text == "******"  # each run keeps its formatting


def test_docx_tracked_deletions_and_field_codes_are_masked_too():
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    paragraph = document.add_paragraph("删改记录")
    paragraph._p.append(
        parse_xml(f'<w:del {nsdecls("w")} w:id="1" w:author="a"><w:r><w:delText>{ID}</w:delText></w:r></w:del>')
    )
    paragraph._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:instrText>HYPERLINK "tel:{MOBILE}"</w:instrText></w:r>'))
    out = io.BytesIO()
    document.save(out)
    result = mask_docx(out.getvalue())
    xml = docx.Document(io.BytesIO(result["data"])).element.xml
    assert result["masked"] == 2 and result["remaining"] == 0
    assert ID not in xml and MOBILE not in xml and "tel:***********" in xml


def test_docx_without_personal_data_is_left_alone():
    assert mask_docx(make_docx(["通知"])) == {"data": None, "masked": 0, "remaining": 0}


def test_xlsx_masks_text_and_number_cells_and_leaves_formulas_counted():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["姓名", "身份证号", "电话"])
    sheet.append(["张三", ID, int(MOBILE)])  # a mobile number typed into Excel is a number
    sheet["D2"] = f'="{MOBILE}"'
    out = io.BytesIO()
    workbook.save(out)
    result = mask_xlsx(out.getvalue())
    assert result["masked"] == 2 and result["remaining"] == 1  # the formula is not rewritten
    masked = openpyxl.load_workbook(io.BytesIO(result["data"])).active
    assert masked["B2"].value == "*" * 18 and masked["C2"].value == "*" * 11 and masked["A2"].value == "张三"


@pytest.mark.parametrize("masker", [mask_docx, mask_xlsx])
def test_a_broken_file_is_said_as_such(masker):
    with pytest.raises(IsolationError, match="已损坏"):
        masker(b"PK\x03\x04 broken")


@pytest.mark.parametrize(
    ("html", "masked", "count"),
    [
        (f"<p>{ID}</p>", "<p>" + "*" * 18 + "</p>", 1),
        (f"<p>{ID[:6]}<strong>{ID[6:]}</strong></p>", "<p>******<strong>" + "*" * 12 + "</strong></p>", 1),
        (f'<p><a href="/x">{MOBILE}</a></p>', '<p><a href="/x">' + "*" * 11 + "</a></p>", 1),
        (f'<p><a href="tel:{MOBILE}">电话</a></p>', '<p><a href="tel:***********">电话</a></p>', 1),
        ("<p>电话010-69842125</p>", "<p>电话010-69842125</p>", 0),
    ],
)
def test_html_is_masked_in_its_text_only(html, masked, count):
    assert mask_html(html) == (masked, count)


# -- the whole flow ------------------------------------------------------------------------------


def test_body_and_docx_attachment_are_masked_and_the_checks_pass(
    client, draft, contributor_a, calendar, today, media, django_capture_on_commit_callbacks
):
    attachment = attach_file(actor=contributor_a, document=draft, upload=upload("名单.docx", split_runs_docx()))
    old_path, old_sha = media / attachment.file.name, attachment.sha256
    assert len(personal_data_problems(draft, calendar, today)) == 4  # body ×2, attachment ×2
    client.force_login(contributor_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("catalog:step", args=[draft.pk, "mask"]), follow=True)
    said = [str(m) for m in response.context["messages"]]
    assert said == ["已屏蔽个人信息：正文 2 处、附件《名单.docx》 4 处；2 个历史版本中的个人信息已一并屏蔽"]
    draft.refresh_from_db()
    assert personal_data_problems(draft, calendar, today) == []
    attachment.refresh_from_db()
    assert attachment.sha256 != old_sha and not old_path.exists()
    assert not any(s in docx_text((media / attachment.file.name).read_bytes()) for s in SECRETS)
    latest = draft.versions.order_by("-number").first()
    assert latest.change == "屏蔽个人信息（正文 2 处、附件《名单.docx》 4 处）"
    client.force_login(contributor_a)
    compare = client.get(reverse("catalog:compare", args=[draft.pk, latest.number])).content.decode()
    assert "屏蔽个人信息（正文 2 处、附件《名单.docx》 4 处）" in compare and "替换《名单.docx》" in compare
    assert services.versions.diff_text(services.diff_versions(draft.versions.get(number=2), latest)).endswith(
        "附件：替换《名单.docx》（文件内容已更换）"
    )
    event = AuditEvent.objects.get(code="catalog.attachment_masked")
    assert event.data["sha256"] == attachment.sha256 and event.data["masked"] == 4
    assert AuditEvent.objects.get(code="catalog.masked").data["versions"] == 2


def test_a_pdf_attachment_is_named_plainly_and_its_error_remains(
    client, agency_a, contributor_a, fields, calendar, today
):
    draft = services.draft_document(actor=contributor_a, agency=agency_a, **fields)  # clean body
    attach_file(actor=contributor_a, document=draft, upload=upload("名单.pdf", make_pdf([f"ID {ID}"])))
    client.force_login(contributor_a)
    response = client.post(reverse("catalog:step", args=[draft.pk, "mask"]), follow=True)
    said = [(m.level_tag, str(m)) for m in response.context["messages"]]
    assert said == [("error", "附件《名单.pdf》中含有个人信息，无法自动屏蔽，请替换为已处理的文件")]
    assert not any("已屏蔽" in text for _, text in said)
    assert len(personal_data_problems(draft, calendar, today)) == 1
    assert not AuditEvent.objects.filter(code="catalog.masked").exists()
    assert draft.versions.count() == 2  # drafted, attached: masking that did nothing is no version


def test_body_masked_with_a_pdf_left_says_both(client, draft, contributor_a, calendar, today):
    attach_file(actor=contributor_a, document=draft, upload=upload("名单.pdf", make_pdf([f"ID {ID}"])))
    client.force_login(contributor_a)
    response = client.post(reverse("catalog:step", args=[draft.pk, "mask"]), follow=True)
    said = [(m.level_tag, str(m)) for m in response.context["messages"]]
    assert said == [
        ("success", "已屏蔽个人信息：正文 2 处；2 个历史版本中的个人信息已一并屏蔽"),
        ("error", "附件《名单.pdf》中含有个人信息，无法自动屏蔽，请替换为已处理的文件"),
    ]
    draft.refresh_from_db()
    assert [m for m in personal_data_problems(draft, calendar, today)] == [
        "附件《名单.pdf》含有居民身份证号码：110***********002X"
    ]


def test_an_xlsx_attachment_and_its_name_are_masked(draft, contributor_a, calendar, today):
    data = make_xlsx([("姓名", "身份证号"), ("张三", ID)])
    attach_file(actor=contributor_a, document=draft, upload=upload(f"张三{ID}.xlsx", data))
    result = services.mask_personal_data(actor=contributor_a, document=draft)
    assert result.summary().startswith("已屏蔽个人信息：正文 2 处、附件《张三******************.xlsx》 2 处")
    assert result.remaining == []
    assert Attachment.objects.get().name == "张三******************.xlsx"
    draft.refresh_from_db()
    assert personal_data_problems(draft, calendar, today) == []


def test_nothing_to_mask_is_said_as_such(client, agency_a, contributor_a, fields):
    draft = services.draft_document(actor=contributor_a, agency=agency_a, **fields)
    client.force_login(contributor_a)
    response = client.post(reverse("catalog:step", args=[draft.pk, "mask"]), follow=True)
    assert [str(m) for m in response.context["messages"]] == ["未发现可自动屏蔽的个人信息"]


# -- earlier versions: masked for staff, the original for the office head ------------------------


@pytest.fixture
def masked(draft, contributor_a, django_capture_on_commit_callbacks):
    services.update_document(actor=contributor_a, document=draft, title=f"关于张某（{ID}）的审核结果")
    attach_file(actor=contributor_a, document=draft, upload=upload("名单.docx", split_runs_docx()))
    with django_capture_on_commit_callbacks(execute=True):
        services.mask_personal_data(actor=contributor_a, document=draft)
    return draft


def staff_pages(client, document) -> list[str]:
    urls = [
        reverse("catalog:detail", args=[document.pk]),
        reverse("catalog:history", args=[document.pk]),
        *(reverse("catalog:compare", args=[document.pk, v.number]) for v in document.versions.all()),
    ]
    pages = [client.get(url).content.decode() for url in urls]
    for attachment in document.attachments.all():
        response = client.get(reverse("catalog_files:download", args=[attachment.pk]))
        pages.append(docx_text(b"".join(response.streaming_content)))
    return pages


@pytest.mark.parametrize("who", ["clerk_a", "contributor_a"])
def test_staff_find_the_numbers_in_no_version_page_diff_or_download(request, client, masked, who):
    client.force_login(request.getfixturevalue(who))
    pages = staff_pages(client, masked)
    assert len(pages) == 2 + masked.versions.count() + 1
    for page in pages:
        assert not any(secret in page for secret in SECRETS)
    assert all(not any(s in str(v.snapshot) + v.change for s in SECRETS) for v in masked.versions.all())
    history = client.get(reverse("catalog:history", args=[masked.pk])).content.decode()
    assert "已屏蔽个人信息" in history and "查看屏蔽前的原文" not in history
    for version in masked.versions.all():
        compare = client.get(reverse("catalog:compare", args=[masked.pk, version.number])).content.decode()
        assert "查看原文" not in compare
        response = client.post(reverse("catalog:original", args=[masked.pk, version.number]), {"original-reason": "x"})
        assert response.status_code == 403 and ID not in response.content.decode()
    assert not AuditEvent.objects.filter(code="catalog.masked_original_viewed").exists()


def test_the_office_head_reads_the_original_and_each_reading_is_audited(client, masked, office_head_a):
    client.force_login(office_head_a)
    assert not any(ID in page for page in staff_pages(client, masked))  # the ordinary pages are masked for all
    kept = MaskedOriginal.objects.select_related("version").order_by("version__number")
    assert [o.version.number for o in kept] == [1, 2, 3]  # every version that held a number
    url = reverse("catalog:original", args=[masked.pk, 2])
    assert "查看原文" in client.get(reverse("catalog:compare", args=[masked.pk, 2])).content.decode()
    refused = client.post(url, {"original-reason": ""})
    assert (
        refused.status_code == 400
        and ID not in refused.content.decode()
        and "请填写查看事由" in refused.content.decode()
    )
    assert not AuditEvent.objects.filter(code="catalog.masked_original_viewed").exists()
    response = client.post(url, {"original-reason": "核查屏蔽是否正确"})
    page = response.content.decode()
    assert response.status_code == 200 and ID in page and MOBILE in page
    assert response["Cache-Control"] == "private, no-store"
    event = AuditEvent.objects.get(code="catalog.masked_original_viewed")
    assert event.actor == office_head_a and event.data == {"version": 2, "reason": "核查屏蔽是否正确"}
    assert not any(s in event.summary + str(event.data) for s in SECRETS)
    client.post(url, {"original-reason": "答复投诉"})
    assert AuditEvent.objects.filter(code="catalog.masked_original_viewed").count() == 2


def test_a_version_that_held_nothing_has_no_original(client, masked, office_head_a):
    client.force_login(office_head_a)
    last = masked.versions.order_by("-number").first()  # the masking itself
    assert "查看原文" not in client.get(reverse("catalog:compare", args=[masked.pk, last.number])).content.decode()
    response = client.post(reverse("catalog:original", args=[masked.pk, last.number]), {"original-reason": "核查"})
    assert response.status_code == 404
    with pytest.raises(ValidationError, match="此版本没有屏蔽前的原文"):
        services.read_masked_original(actor=office_head_a, version=last, reason="核查")


def test_masking_again_keeps_the_first_original(masked, contributor_a):
    first = MaskedOriginal.objects.get(version__number=1).snapshot
    services.update_document(actor=contributor_a, document=masked, summary=f"联系人电话{MOBILE}")
    services.mask_personal_data(actor=contributor_a, document=masked)
    assert MaskedOriginal.objects.get(version__number=1).snapshot == first
    assert MOBILE in MaskedOriginal.objects.get(version__number=masked.versions.count() - 1).snapshot["summary"]


def test_a_file_the_worker_refuses_is_named_and_nothing_is_claimed(
    monkeypatch, agency_a, contributor_a, fields, calendar, today
):
    from gongkai.catalog import masking
    from gongkai.core.isolation import Limits

    draft = services.draft_document(actor=contributor_a, agency=agency_a, **fields)
    attach_file(actor=contributor_a, document=draft, upload=upload("名单.docx", split_runs_docx()))
    monkeypatch.setattr(masking, "MASK_LIMITS", Limits(max_bytes=1024))
    result = services.mask_personal_data(actor=contributor_a, document=draft)
    assert result.summary() == "" and len(result.remaining) == 1
    assert result.remaining[0].startswith("附件《名单.docx》无法自动屏蔽（文件大小为")
    assert result.remaining[0].endswith("），请替换为已处理的文件")
    assert len(personal_data_problems(draft, calendar, today)) == 2


def test_a_number_in_a_link_is_masked_and_its_check_result_forgotten(agency_a, contributor_a, fields):
    from gongkai.catalog.models import LinkCheck

    url = f"https://www.example.gov.cn/apply?mobile={MOBILE}"
    body = f'<p>请<a href="{url}">在线申请</a>。</p>'
    draft = services.draft_document(actor=contributor_a, agency=agency_a, **{**fields, "body": body})
    LinkCheck.objects.create(document=draft, url=url, ok=True)
    LinkCheck.objects.create(document=draft, url="https://www.example.gov.cn/", ok=True)
    result = services.mask_personal_data(actor=contributor_a, document=draft)
    assert result.fields == {"body": 1} and MOBILE not in result.document.body
    assert list(LinkCheck.objects.values_list("url", flat=True)) == ["https://www.example.gov.cn/"]
