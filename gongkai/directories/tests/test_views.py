"""The staff pages of the 标准目录: who sees, who edits, what a refusal says, the command line."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from gongkai.core.models import AuditEvent
from gongkai.directories.models import DirectoryItem

from .factories import DirectoryItemFactory
from .samples import official_xlsx


@pytest.fixture
def item(agency_a):
    return DirectoryItemFactory(agency=agency_a, level1="部门预算", level2="预算公开", deadline_text="每年3月底前")


def test_staff_read_the_list_by_area(client, clerk_a, item):
    client.force_login(clerk_a)
    html = client.get(reverse("directories:list", args=[item.agency.code])).content.decode()
    assert "财政预决算领域" in html and "预算公开" in html and "每年3月底前" in html
    assert "新增事项" not in html  # a clerk reads; the office head edits


def test_a_foreign_agency_is_not_found(client, clerk_b, item):
    client.force_login(clerk_b)
    assert client.get(reverse("directories:list", args=[item.agency.code])).status_code == 404
    assert client.get(reverse("directories:item", args=[item.pk])).status_code == 404
    assert client.post(reverse("directories:edit", args=[item.pk]), {}).status_code == 404


def test_a_clerk_may_not_edit(client, clerk_a, item):
    client.force_login(clerk_a)
    assert client.get(reverse("directories:edit", args=[item.pk])).status_code == 403


def test_office_head_edits_and_the_history_shows_it(client, office_head_a, item):
    client.force_login(office_head_a)
    data = {
        "area": "财政预决算", "level1": "部门预算", "level2": "预算公开", "content": "预算报表",
        "deadline_text": "批复后20日内", "publisher": "财政所", "channels": "政府网站、公开栏",
        "audience_public": "on", "proactive": "on", "sort_order": "10",
    }  # fmt: skip
    response = client.post(reverse("directories:edit", args=[item.pk]), data)
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.deadline_text == "批复后20日内" and item.rule.days == 20 and not item.rule.working_days
    assert item.channels == ["政府网站", "公开栏"]
    html = client.get(reverse("directories:item", args=[item.pk])).content.decode()
    assert "<td>v1</td><td" in html and "<td>修改</td>" in html
    assert "批复后20日内" in html and "成文（形成）后20日内" in html
    assert AuditEvent.objects.filter(code="directory.item_edited", target_id=str(item.pk)).exists()


def test_an_item_without_audience_is_refused_and_keeps_the_input(client, office_head_a, agency_a):
    client.force_login(office_head_a)
    data = {"area": "安全生产", "level1": "安全生产许可", "deadline_text": "及时公开", "proactive": "on"}
    response = client.post(reverse("directories:new", args=[agency_a.code]), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "请勾选公开对象（全社会或特定群众）" in html and 'value="安全生产许可"' in html
    assert not DirectoryItem.objects.exists()


def test_retiring_keeps_the_item_for_its_documents(client, office_head_a, item):
    client.force_login(office_head_a)
    assert client.post(reverse("directories:retire", args=[item.pk])).status_code == 302
    item.refresh_from_db()
    assert item.retired_on is not None
    html = client.get(reverse("directories:list", args=[item.agency.code])).content.decode()
    assert reverse("directories:item", args=[item.pk]) not in html


def test_upload_lists_every_problem(client, office_head_a, agency_a):
    client.force_login(office_head_a)
    bad = [["5", "", "", "内容", "依据", "及时公开", "城建办", "■政府网站", "", "", "", ""]]
    upload = SimpleUploadedFile("全清单.xlsx", official_xlsx(bad))
    response = client.post(reverse("directories:import", args=[agency_a.code]), {"file": upload})
    assert response.status_code == 400
    html = response.content.decode()
    assert "未导入" in html and "工作表“标准目录”第8行" in html and "公开方式未勾选" in html


def test_upload_then_download(client, office_head_a, agency_a):
    client.force_login(office_head_a)
    upload = SimpleUploadedFile("全清单.xlsx", official_xlsx())
    response = client.post(reverse("directories:import", args=[agency_a.code]), {"file": upload}, follow=True)
    assert "新增8项" in response.content.decode()
    download = client.get(reverse("directories:export", args=[agency_a.code, "docx"]))
    assert download.status_code == 200 and download.content.startswith(b"PK")
    assert "attachment" in download["Content-Disposition"]


def test_command_line_import_and_export(agency_a, tmp_path):
    source = tmp_path / "全清单.xlsx"
    source.write_bytes(official_xlsx())
    out = io.StringIO()
    call_command("directory", "import", agency_a.code, str(source), stdout=out)
    assert "新增8项" in out.getvalue()
    target = tmp_path / "导出.xlsx"
    call_command("directory", "export", agency_a.code, str(target), stdout=io.StringIO())
    assert target.read_bytes().startswith(b"PK")
    source.write_bytes(official_xlsx([["9", "", "", "", "", "", "", "", "?", "", "", ""]]))
    with pytest.raises(CommandError, match="未导入，发现1处问题"):
        call_command("directory", "import", agency_a.code, str(source))
