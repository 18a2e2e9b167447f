"""从Word导入正文: a .docx through the draft and edit pages becomes the body; bad files are refused in Chinese."""

import io
import re
import zipfile

import pytest
from django.core.cache import cache
from django.urls import reverse

from gongkai.catalog import body_import, services
from gongkai.catalog.docx_body import convert_docx
from gongkai.catalog.models import Attachment, Document

from .samples import make_docx, make_png, make_word_body, upload

pytestmark = pytest.mark.django_db
FOOTNOTE = "资金来源为镇级财政。"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    cache.clear()
    return tmp_path


@pytest.fixture
def draft(agency_a, contributor_a, fields):
    return services.draft_document(actor=contributor_a, agency=agency_a, **fields)


def import_word(client, document, name, data):
    return client.post(reverse("catalog:import_word", args=[document.pk]), {"word-docx": upload(name, data)})


def test_a_word_file_becomes_the_body_with_heading_table_footnote_picture_and_link(client, draft, clerk_a):
    client.force_login(clerk_a)
    response = import_word(client, draft, "工程情况.docx", make_word_body(footnote=FOOTNOTE, picture=make_png()))
    assert response.status_code == 302 and response.url == reverse("catalog:edit", args=[draft.pk])
    draft.refresh_from_db()
    body = draft.body
    assert "<h2>一、工程概况</h2>" in body
    assert "<p>潭柘寺镇村道路硬化工程已于今年竣工。<sup>[1]</sup></p>" in body
    assert '<td colspan="2"><p>合计120万元</p></td>' in body and "<td><p>120万元</p></td>" in body
    assert f"<p>注释：</p><ol><li><p>{FOOTNOTE}</p></li></ol>" in body
    assert '<a href="https://www.gov.cn/zhengce/a.htm" rel="noopener noreferrer">' in body  # and so it is checked
    picture = draft.attachments.get()
    assert picture.name == "正文图片1.png" and picture.content_type == "image/png"
    assert f'<img src="{reverse("catalog_files:download", args=[picture.pk])}">' in body
    assert draft.versions.last().change == "从Word导入正文《工程情况.docx》"

    page = client.get(reverse("catalog:edit", args=[draft.pk])).content.decode()
    assert "已从《工程情况.docx》导入正文" in page and "正文图片1.png" in page  # offered to the editor


def test_removing_a_picture_attachment_takes_it_out_of_the_body(client, draft, clerk_a):
    client.force_login(clerk_a)
    import_word(client, draft, "a.docx", make_word_body(picture=make_png()))
    picture = draft.attachments.get()
    client.post(reverse("catalog_files:remove", args=[picture.pk]))
    draft.refresh_from_db()
    assert "<img" not in draft.body and "一、工程概况" in draft.body
    assert draft.versions.last().change == "删除附件《正文图片1.png》"


def test_importing_the_same_file_again_reuses_its_picture(client, draft, clerk_a):
    client.force_login(clerk_a)
    data = make_word_body(picture=make_png())
    import_word(client, draft, "a.docx", data)
    first = draft.attachments.get()
    assert import_word(client, draft, "a.docx", data).status_code == 302
    assert list(draft.attachments.all()) == [first]


def test_a_new_draft_can_start_from_a_word_file(client, agency_a, clerk_a):
    client.force_login(clerk_a)
    response = client.post(
        reverse("catalog:new", args=[agency_a.code]),
        {
            "title": "村道路硬化工程情况",
            "item": "20-12",
            "subject": "general",
            "kind": "other",
            "disclosure": "proactive",
            "body": "这段会被Word的内容替换",
            "word-docx": upload("工程情况.docx", make_word_body(footnote=FOOTNOTE)),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    document = Document.objects.get(title="村道路硬化工程情况")
    assert "<h2>一、工程概况</h2>" in document.body and FOOTNOTE in document.body
    assert "替换" not in document.body
    assert [v.change for v in document.versions.all()] == ["起草", "从Word导入正文《工程情况.docx》"]


def _bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(make_docx())) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        for info in source.infolist():
            bomb.writestr(info, source.read(info.filename))
        bomb.writestr("word/media/image1.png", b"\0" * (5 * 1024 * 1024))
    return out.getvalue()


def _corrupt() -> bytes:
    data = make_word_body()
    return data[:200] + b"\0" * 400 + data[600:]


REFUSALS = [
    ("通知.pdf", b"%PDF-1.4 x", "不是Word文件，只能导入 .docx 文件"),
    ("通知.doc", b"\xd0\xcf\x11\xe0" + b"\0" * 100, "旧版 .doc 文件请先在Word中“另存为”.docx"),
    ("通知.docx", b"", "从Word导入正文是空文件"),
    ("通知.docx", b"just text renamed", "不是有效的 .docx 文件"),
    ("通知.docx", "corrupt", "无法导入“通知.docx”"),
    ("通知.docx", "bomb", "疑似“压缩炸弹”"),
    ("通知.docx", "too large", "Word文件不能超过 1 MB（此文件 1.5 MB）"),
    ("通知.docx", "no body", "中没有可导入的正文"),
]


@pytest.mark.parametrize(("name", "data", "says"), REFUSALS, ids=[r[2][:12] for r in REFUSALS])
def test_a_refused_word_file_says_why_and_changes_nothing(client, draft, clerk_a, media, monkeypatch, name, data, says):
    if data == "too large":
        monkeypatch.setattr(body_import, "MAX_WORD_BYTES", 1024 * 1024)
        data = (make_word_body() + b"\0" * (2 * 1024 * 1024))[: 1536 * 1024]
    data = {"corrupt": _corrupt, "bomb": _bomb, "no body": lambda: make_docx(paragraphs=())}.get(data, lambda: data)()
    client.force_login(clerk_a)
    before = (draft.body, draft.versions.count())
    response = import_word(client, draft, name, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert says in page
    assert 'name="title"' in page  # the edit form is still there
    draft.refresh_from_db()
    assert (draft.body, draft.versions.count()) == before
    assert not Attachment.objects.exists() and not [p for p in media.rglob("*") if p.is_file()]


def test_a_word_file_on_a_new_draft_refused_starts_nothing(client, agency_a, clerk_a):
    client.force_login(clerk_a)
    response = client.post(
        reverse("catalog:new", args=[agency_a.code]),
        {"title": "标题", "item": "20-12", "subject": "general", "kind": "other", "disclosure": "proactive",
         "word-docx": upload("通知.docx", b"just text renamed")},
    )  # fmt: skip
    assert response.status_code == 400
    page = response.content.decode()
    assert "不是有效的 .docx 文件" in page and 'value="标题"' in page  # the user's input is kept
    assert not Document.objects.exists()


def test_only_drafters_of_the_agency_import_into_a_draft(client, draft, clerk_b, leader_a, dept_head_a):
    client.force_login(clerk_b)
    assert import_word(client, draft, "a.docx", make_word_body()).status_code == 404
    services.submit_document(actor=draft.author, document=draft)
    client.force_login(draft.author)
    response = import_word(client, draft, "a.docx", make_word_body())
    assert response.status_code == 400 and "不能修改" in response.content.decode()
    draft.refresh_from_db()
    assert "工程概况" not in draft.body


@pytest.mark.parametrize("style", ["Heading 1", "标题 1"])
def test_word_heading_styles_become_h2(style):
    html = convert_docx(make_word_body(heading_style=style))["html"]
    assert re.match(r"<h2>一、工程概况</h2>", html)


def test_pictures_word_cannot_show_on_the_web_are_counted_not_kept():
    data = make_word_body(picture=make_png())
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        members = {i.filename: source.read(i.filename) for i in source.infolist()}
    # A Windows metafile (EMF) in place of the PNG, as Word stores drawings pasted from Visio or WPS.
    name = next(n for n in members if n.startswith("word/media/"))
    members[name.rsplit(".", 1)[0] + ".emf"] = members.pop(name)
    members["word/_rels/document.xml.rels"] = members["word/_rels/document.xml.rels"].replace(
        name.split("word/", 1)[1].encode(), (name.split("word/", 1)[1].rsplit(".", 1)[0] + ".emf").encode()
    )
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(
        b"</Types>", b'<Default Extension="emf" ContentType="image/x-emf"/></Types>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for member, content in members.items():
            target.writestr(member, content)
    result = convert_docx(out.getvalue())
    assert result["images"] == [] and result["skipped_images"] == 1
