"""Attachments: sniffed, limited, stored by sha256, versioned, scanned for personal data, served safely."""

from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from gongkai.catalog import attachments as a
from gongkai.catalog import services
from gongkai.catalog.checks import ERROR, WARNING, pre_publication_checks
from gongkai.catalog.models import Attachment
from gongkai.catalog.services import DocumentStateError, PublicationBlocked
from gongkai.catalog.services.versions import diff_text
from gongkai.core.models import AuditEvent

from .factories import walk_to_signed
from .samples import PNG, make_docx, make_pdf, make_xlsx, upload

pytestmark = pytest.mark.django_db
ID = "11010519491231002X"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    cache.clear()  # readings are cached by content; tests reuse the same bytes
    return tmp_path


def stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


@pytest.fixture
def draft(agency_a, contributor_a, fields):
    return services.draft_document(actor=contributor_a, agency=agency_a, **fields)


@pytest.fixture
def people(contributor_a, dept_head_a, reviewer_a, leader_a):
    return {"contributor": contributor_a, "dept_head": dept_head_a, "reviewer": reviewer_a, "leader": leader_a}


def attach(document, actor, name="通知.pdf", data=None):
    return a.attach_file(actor=actor, document=document, upload=upload(name, data or make_pdf()))


# -- services ------------------------------------------------------------------------------------


def test_upload_is_stored_by_hash_with_the_sniffed_type(draft, contributor_a, media):
    data = make_pdf(["Notice"])
    attachment = a.attach_file(actor=contributor_a, document=draft, upload=upload("关于 通知.pdf", data, "text/html"))
    assert attachment.content_type == "application/pdf"  # the browser's claim is ignored
    assert attachment.name == "关于 通知.pdf" and attachment.size == len(data)
    assert attachment.file.name == f"catalog/{draft.agency_id}/{draft.pk}/{attachment.sha256}"
    assert (media / attachment.file.name).read_bytes() == data
    event = AuditEvent.objects.get(code="catalog.attachment_added")
    assert event.data["sha256"] == attachment.sha256 and event.actor == contributor_a
    latest = draft.versions.order_by("-number").first()
    assert latest.change == "上传附件《关于 通知.pdf》"
    assert latest.snapshot["attachments"] == [{"name": "关于 通知.pdf", "sha256": attachment.sha256}]


def test_folder_parts_and_control_characters_leave_the_name(draft, contributor_a):
    attachment = attach(draft, contributor_a, name="../../etc/\x00通知\n.pdf")
    assert attachment.name == "通知.pdf"


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("通知.pdf", b"<html><script>alert(1)</script></html>", "不是有效的PDF文档"),
        ("页面.html", b"<html></html>", "不能上传此类文件"),
        ("通知.docx", make_pdf(), "与文件内容（PDF文档）不符"),
        ("空.pdf", b"", "不是有效的PDF文档"),
    ],
)
def test_a_refused_upload_leaves_no_row_no_file_no_version(draft, contributor_a, media, name, data, says):
    versions = draft.versions.count()
    with pytest.raises(ValidationError) as refused:
        a.attach_file(actor=contributor_a, document=draft, upload=upload(name, data))
    assert says in refused.value.message_dict["file"][0]
    assert not Attachment.objects.exists()
    assert stored_files(media) == []
    assert draft.versions.count() == versions
    assert not AuditEvent.objects.filter(code="catalog.attachment_added").exists()


def test_a_failure_after_the_file_was_written_removes_the_file(draft, contributor_a, media, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(a, "_event", broken)
    with pytest.raises(RuntimeError):
        attach(draft, contributor_a)
    assert not Attachment.objects.exists()
    assert stored_files(media) == []


def test_size_limits_per_category_come_from_settings(draft, contributor_a, settings):
    settings.GONGKAI_ATTACHMENT_LIMITS = {"image": 20}
    with pytest.raises(ValidationError, match="图片不能超过"):
        attach(draft, contributor_a, name="图.png", data=PNG)
    assert a.attachment_limits()["document"] == 50 * 1024 * 1024  # the others keep their defaults
    attach(draft, contributor_a)  # a PDF is a document: still fine


def test_the_same_file_twice_is_refused(draft, contributor_a):
    attach(draft, contributor_a, name="a.pdf")
    with pytest.raises(ValidationError, match=r"已作为附件“a\.pdf”上传"):
        attach(draft, contributor_a, name="b.pdf")


def test_only_drafts_take_attachments(draft, contributor_a):
    services.submit_document(actor=contributor_a, document=draft)
    with pytest.raises(DocumentStateError):
        attach(draft, contributor_a)


@pytest.mark.parametrize("who", ["reviewer_a", "clerk_b", "supervisor"])
def test_only_the_agencys_drafters_attach(request, draft, who, media):
    with pytest.raises(PermissionDenied):
        attach(draft, request.getfixturevalue(who))
    assert stored_files(media) == []


def test_remove_deletes_the_file_after_commit(draft, contributor_a, media, django_capture_on_commit_callbacks):
    attachment = attach(draft, contributor_a)
    path = media / attachment.file.name
    with django_capture_on_commit_callbacks(execute=True):
        a.remove_attachment(actor=contributor_a, attachment=attachment)
    assert not path.exists() and not Attachment.objects.exists()
    old, new = draft.versions.order_by("-number")[1], draft.versions.order_by("-number")[0]
    assert diff_text(services.diff_versions(old, new)) == "附件：删除《通知.pdf》"
    assert AuditEvent.objects.filter(code="catalog.attachment_removed").exists()


def test_reorder_is_versioned_and_shows_in_the_diff(draft, contributor_a):
    first = attach(draft, contributor_a, name="一.pdf", data=make_pdf(["one"]))
    second = attach(draft, contributor_a, name="二.docx", data=make_docx(["二"]))
    assert [x.pk for x in draft.attachments.all()] == [first.pk, second.pk]
    a.move_attachment(actor=contributor_a, attachment=second, offset=-1)
    assert [x.pk for x in draft.attachments.all()] == [second.pk, first.pk]
    old, new = draft.versions.order_by("-number")[1], draft.versions.order_by("-number")[0]
    assert new.change == "调整附件顺序"
    assert diff_text(services.diff_versions(old, new)) == "附件：调整顺序为：《二.docx》、《一.pdf》"
    with pytest.raises(ValidationError):
        a.reorder_attachments(actor=contributor_a, document=draft, order=[first.pk])
    a.move_attachment(actor=contributor_a, attachment=second, offset=-1)  # already first: nothing happens
    assert draft.versions.order_by("-number").first() == new


def test_replacing_a_file_under_the_same_name_shows_in_the_diff(
    draft, contributor_a, django_capture_on_commit_callbacks
):
    old_file = attach(draft, contributor_a, name="方案.pdf", data=make_pdf(["v1"]))
    before = draft.versions.order_by("-number").first()
    with django_capture_on_commit_callbacks(execute=True):
        a.remove_attachment(actor=contributor_a, attachment=old_file)
    new_file = attach(draft, contributor_a, name="方案.pdf", data=make_pdf(["v2"]))
    diff = diff_text(services.diff_versions(before, draft.versions.order_by("-number").first()))
    assert old_file.sha256 != new_file.sha256 and diff == "附件：替换《方案.pdf》（文件内容已更换）"


# -- personal data in attachments ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("名单.pdf", make_pdf([f"Applicant ID {ID}"])),
        ("名单.docx", make_docx([f"申请人身份证号码：{ID}"])),
        ("名单.xlsx", make_xlsx([("姓名", "身份证号"), ("张三", ID)])),
        (f"张三{ID}.pdf", make_pdf(["clean"])),
    ],
)
def test_an_id_number_in_an_attachment_blocks_publishing(draft, people, leader_a, calendar, today, name, data):
    attach(draft, people["contributor"], name=name, data=data)
    problems = pre_publication_checks(draft, published_on=today, calendar=calendar)
    found = [p for p in problems if p.field == "attachments"]
    assert found and found[0].severity == ERROR and "居民身份证号码" in found[0].message
    assert ID not in found[0].message  # the message masks the number
    walk_to_signed(draft, **people)
    with pytest.raises(PublicationBlocked):
        services.publish_document(actor=leader_a, document=draft, calendar=calendar, override_reason="已核对")


def test_an_attachment_without_text_is_a_warning_to_check_by_hand(draft, contributor_a, calendar, today):
    attach(draft, contributor_a, name="扫描件.pdf", data=make_pdf([]))
    problems = [
        p for p in pre_publication_checks(draft, published_on=today, calendar=calendar) if p.field == "attachments"
    ]
    assert [(p.severity, "扫描件" in p.message) for p in problems] == [(WARNING, True)]


def test_clean_attachments_publish(draft, people, leader_a, calendar):
    attach(draft, people["contributor"], name="通知.pdf", data=make_pdf(["Notice", "Call 010-69842125"]))
    attach(draft, people["contributor"], name="图.png", data=PNG)
    walk_to_signed(draft, **people)
    services.publish_document(actor=leader_a, document=draft, calendar=calendar)


# -- staff pages ---------------------------------------------------------------------------------


def test_upload_remove_and_move_through_the_document_page(client, draft, clerk_a, media):
    client.force_login(clerk_a)
    page = client.get(reverse("catalog:detail", args=[draft.pk])).content.decode()
    assert reverse("catalog_files:upload", args=[draft.pk]) in page
    url = reverse("catalog_files:upload", args=[draft.pk])
    response = client.post(url, {"attachment-file": upload("通知.pdf", make_pdf())})
    assert response.status_code == 302 and response.url.endswith("#attachments")
    client.post(url, {"attachment-file": upload("表.docx", make_docx())})
    first, second = draft.attachments.all()
    client.post(reverse("catalog_files:move", args=[second.pk]), {"direction": "up"})
    assert [x.name for x in draft.attachments.all()] == ["表.docx", "通知.pdf"]
    page = client.get(reverse("catalog:detail", args=[draft.pk])).content.decode()
    assert "表.docx" in page and reverse("catalog_files:download", args=[first.pk]) in page
    client.post(reverse("catalog_files:remove", args=[first.pk]))
    assert [x.name for x in draft.attachments.all()] == ["表.docx"]


def test_a_refused_upload_shows_the_reason_on_the_page(client, draft, clerk_a, media):
    client.force_login(clerk_a)
    response = client.post(
        reverse("catalog_files:upload", args=[draft.pk]), {"attachment-file": upload("通知.pdf", b"<html></html>")}
    )
    assert response.status_code == 400
    assert "不是有效的PDF文档" in response.content.decode()
    assert not Attachment.objects.exists() and stored_files(media) == []


def test_other_agencies_get_404_on_every_attachment_action(client, draft, contributor_a, clerk_b, media):
    attachment = attach(draft, contributor_a)
    client.force_login(clerk_b)
    assert client.post(reverse("catalog_files:upload", args=[draft.pk]), {}).status_code == 404
    assert client.post(reverse("catalog_files:remove", args=[attachment.pk])).status_code == 404
    assert client.post(reverse("catalog_files:move", args=[attachment.pk]), {"direction": "up"}).status_code == 404
    assert client.get(reverse("catalog_files:download", args=[attachment.pk])).status_code == 404
    assert Attachment.objects.count() == 1 and (media / attachment.file.name).exists()


# -- serving -------------------------------------------------------------------------------------


@pytest.fixture
def published(draft, people, leader_a, calendar):
    pdf = attach(draft, people["contributor"], name="实施方案.pdf", data=make_pdf(["Plan"]))
    sheet = attach(draft, people["contributor"], name="统计表.xlsx", data=make_xlsx([("村", "户数"), ("东村", 120)]))
    walk_to_signed(draft, **people)
    services.publish_document(actor=leader_a, document=draft, calendar=calendar)
    return draft, pdf, sheet


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_public_files_are_served_to_anyone_with_safe_headers(client, published):
    _, pdf, sheet = published
    response = client.get(reverse("catalog_files:download", args=[pdf.pk]))
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("sandbox")
    assert response["Content-Disposition"] == (
        f"inline; filename=\"attachment-{pdf.pk}.pdf\"; filename*=UTF-8''%E5%AE%9E%E6%96%BD%E6%96%B9%E6%A1%88.pdf"
    )
    assert body(response) == pdf.file.open("rb").read()
    response = client.get(reverse("catalog_files:download", args=[sheet.pk]))
    assert (
        response["Content-Type"]
        == sheet.content_type
        == ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    )
    assert response["Content-Disposition"].startswith(f'attachment; filename="attachment-{sheet.pk}.xlsx"; ')
    assert "filename*=UTF-8''%E7%BB%9F%E8%AE%A1%E8%A1%A8.xlsx" in response["Content-Disposition"]
    assert response["Content-Security-Policy"].startswith("sandbox")


def test_draft_files_only_for_staff_who_can_read_the_document(
    client, draft, contributor_a, clerk_a, clerk_b, supervisor
):
    attachment = attach(draft, contributor_a)
    url = reverse("catalog_files:download", args=[attachment.pk])
    assert client.get(url).status_code == 404  # anonymous
    client.force_login(clerk_b)
    assert client.get(url).status_code == 404  # another agency
    for reader in (clerk_a, supervisor):
        client.force_login(reader)
        response = client.get(url)
        assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
        assert response["Content-Security-Policy"].startswith("sandbox")


def test_unpublished_files_are_no_longer_public(client, published, leader_a):
    document, pdf, _ = published
    services.unpublish_document(actor=leader_a, document=document, reason="内容已过时")
    assert client.get(reverse("catalog_files:download", args=[pdf.pk])).status_code == 404


def test_a_stored_type_outside_the_allow_list_is_never_served(client, published):
    _, pdf, _ = published
    Attachment.objects.filter(pk=pdf.pk).update(content_type="text/html")
    assert client.get(reverse("catalog_files:download", args=[pdf.pk])).status_code == 404
    assert client.get(reverse("catalog_files:download", args=[99999])).status_code == 404


def test_a_file_lost_from_storage_is_a_warning_and_a_404_not_a_crash(client, draft, clerk_a, calendar, today, media):
    attachment = attach(draft, clerk_a, name="丢失.pdf", data=make_pdf(["Lost"]))
    (media / attachment.file.name).unlink()
    problems = [
        p for p in pre_publication_checks(draft, published_on=today, calendar=calendar) if p.field == "attachments"
    ]
    assert [p.severity for p in problems] == [WARNING] and "存储异常" in problems[0].message
    client.force_login(clerk_a)
    assert client.get(reverse("catalog:detail", args=[draft.pk])).status_code == 200
    assert client.get(reverse("catalog_files:download", args=[attachment.pk])).status_code == 404
