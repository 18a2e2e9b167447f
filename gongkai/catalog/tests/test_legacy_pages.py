"""The legacy-import page (office head / administrator only) and `gongkai catalog import-legacy`."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from gongkai.catalog.models import Document, LegacyImport, Source
from gongkai.organizations.models import Role
from gongkai.organizations.tests.factories import MembershipFactory, UserFactory

from .legacy_samples import PDF, csv_bytes, row, zip_bytes

pytestmark = pytest.mark.django_db


def upload(client, agency, data, name="目录.csv", archive=None):
    files = {"table": SimpleUploadedFile(name, data)}
    if archive is not None:
        files["attachments"] = SimpleUploadedFile("附件.zip", archive)
    return client.post(reverse("catalog:legacy", args=[agency.code]), files)


def test_office_head_uploads_previews_and_confirms(client, agency_a, office_head_a):
    client.force_login(office_head_a)
    page = client.get(reverse("catalog:legacy", args=[agency_a.code]))
    assert page.status_code == 200 and "尚未导入过历史目录" in page.content.decode()
    data = csv_bytes([row("TZS/2020-00001", **{"附件": "预算表.pdf"}), row("TZS/2020-00002", title="决算")])
    response = upload(client, agency_a, data, archive=zip_bytes({"预算表.pdf": PDF}, gbk_names=True))
    text = response.content.decode()
    assert response.status_code == 200
    assert (
        "检查通过，尚未导入" in text
        and "将导入 <strong>2</strong> 件文件、<strong>1</strong> 个附件：2020年2件" in text
    )
    assert not Document.objects.exists()
    token = response.context["token"]
    response = client.post(reverse("catalog:legacy_confirm", args=[agency_a.code]), {"token": token}, follow=True)
    assert "已导入2件历史文件、1个附件" in response.content.decode()
    assert Document.objects.filter(source=Source.LEGACY).count() == 2
    assert "目录.csv" in response.content.decode()  # the import record
    # The document page says where the document came from.
    document = Document.objects.get(index_number="TZS/2020-00001")
    page = client.get(reverse("catalog:detail", args=[document.pk])).content.decode()
    assert "历史导入：" in page and "从《目录.csv》导入，保留原索引号和日期，未经本系统审核" in page
    # The public API serves it under its own 索引号.
    assert client.get("/api/documents/TZS/2020-00001").json()["index_number"] == "TZS/2020-00001"
    # The token is spent: confirming again imports nothing.
    response = client.post(reverse("catalog:legacy_confirm", args=[agency_a.code]), {"token": token}, follow=True)
    assert "导入已过期或已完成" in response.content.decode() and LegacyImport.objects.count() == 1


def test_confirming_after_the_files_are_gone_is_a_sentence(client, agency_a, office_head_a):
    from django.core.files.storage import default_storage

    client.force_login(office_head_a)
    response = upload(client, agency_a, csv_bytes([row("TZS/2020-00001")]))
    default_storage.delete(client.session["catalog_legacy_upload"]["table"])
    confirm = reverse("catalog:legacy_confirm", args=[agency_a.code])
    response = client.post(confirm, {"token": response.context["token"]}, follow=True)
    assert "导入已过期或已完成" in response.content.decode() and not Document.objects.exists()


def test_bad_rows_are_listed_and_nothing_is_kept(client, agency_a, office_head_a):
    client.force_login(office_head_a)
    data = csv_bytes([row("TZS/2020-00001", title=""), row("TZS/2020-00001", **{"发布日期": "2020年13月1日"})])
    response = upload(client, agency_a, data)
    text = response.content.decode()
    assert response.status_code == 400
    assert "检查未通过：3处问题，未导入任何文件" in text
    assert "缺少标题" in text and "与第2行重复" in text and "不是有效的日期" in text
    assert "确认导入" not in text and not Document.objects.exists()


@pytest.mark.parametrize(
    ("name", "message"),
    [("目录.xls", "目录表格应为.xlsx或.csv文件"), ("目录.txt", "目录表格应为.xlsx或.csv文件")],
)
def test_wrong_file_types_are_refused_by_the_form(client, agency_a, office_head_a, name, message):
    client.force_login(office_head_a)
    response = upload(client, agency_a, b"x", name=name)
    assert response.status_code == 400 and message in response.content.decode()


def test_a_broken_xlsx_is_a_sentence_not_a_500(client, agency_a, office_head_a):
    client.force_login(office_head_a)
    response = upload(client, agency_a, b"PK\x03\x04broken", name="目录.xlsx")
    assert response.status_code == 400 and "已损坏" in response.content.decode()


def test_only_office_head_or_admin(client, agency_a, agency_b, clerk_a, clerk_b, office_head_a):
    admin = MembershipFactory(user=UserFactory(username="admin_a"), agency=agency_a, role=Role.ADMINISTRATOR).user
    url = reverse("catalog:legacy", args=[agency_a.code])
    client.force_login(admin)
    assert client.get(url).status_code == 200
    client.force_login(clerk_a)
    assert client.get(url).status_code == 403
    assert upload(client, agency_a, csv_bytes([row("TZS/2020-00001")])).status_code == 403
    client.force_login(clerk_b)  # another agency's clerk: the agency does not exist for them
    assert client.get(url).status_code == 404
    # An office head of agency A cannot confirm into agency B either.
    client.force_login(office_head_a)
    assert client.get(reverse("catalog:legacy", args=[agency_b.code])).status_code == 404
    assert not Document.objects.exists()


def test_document_list_offers_the_import_only_to_importers(client, agency_a, office_head_a, clerk_a):
    client.force_login(office_head_a)
    assert "导入历史目录" in client.get(reverse("catalog:list")).content.decode()
    client.force_login(clerk_a)
    assert "导入历史目录" not in client.get(reverse("catalog:list")).content.decode()


# -- the command line ---------------------------------------------------------------------------


def test_command_imports_with_a_folder_and_dry_run(agency_a, office_head_a, tmp_path, capsys):
    (tmp_path / "files").mkdir()
    (tmp_path / "files" / "预算表.pdf").write_bytes(PDF)
    table = tmp_path / "目录.csv"
    table.write_bytes(csv_bytes([row("TZS/2020-00001", **{"附件": "预算表.pdf"})], encoding="gbk"))
    args = ["catalog", "import-legacy", agency_a.code, str(table), "--attachments", str(tmp_path / "files")]
    call_command(*args, "--dry-run")
    assert "检查通过（未导入）：1件文件、1个附件（2020年1件）" in capsys.readouterr().out
    assert not Document.objects.exists()
    call_command(*args)
    assert "已导入1件历史文件、1个附件" in capsys.readouterr().out
    assert Document.objects.get().attachments.count() == 1


def test_command_lists_bad_rows_in_chinese(agency_a, office_head_a, tmp_path):
    table = tmp_path / "目录.csv"
    table.write_bytes(csv_bytes([row("TZS/2020-00001", **{"公开事项": "通知公告"}), row("TZS/2020-00001")]))
    with pytest.raises(CommandError) as refused:
        call_command("catalog", "import-legacy", agency_a.code, str(table))
    assert str(refused.value).splitlines() == [
        "目录中有2处问题，未导入任何文件",
        "第2行“公开事项”：公开事项“通知公告”不是条例第二十条、第二十一条所列事项",
        "第3行“索引号”：索引号“TZS/2020-00001”与第2行重复",
    ]
    assert not Document.objects.exists()


def test_command_needs_an_importer(agency_a, clerk_a, tmp_path):
    table = tmp_path / "目录.csv"
    table.write_bytes(csv_bytes([row("TZS/2020-00001")]))
    with pytest.raises(CommandError, match="有0位公开办负责人，请用 --by 指定导入人"):
        call_command("catalog", "import-legacy", agency_a.code, str(table))
    with pytest.raises(CommandError, match="clerk_a不能导入：此操作需要以下角色之一"):
        call_command("catalog", "import-legacy", agency_a.code, str(table), "--by", "clerk_a")
    with pytest.raises(CommandError, match="没有统一社会信用代码为“X”的机关"):
        call_command("catalog", "import-legacy", "X", str(table))
