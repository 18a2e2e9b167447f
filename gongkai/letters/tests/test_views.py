import datetime as dt
from urllib.parse import quote

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.letters.models import LetterKind, LetterTemplate
from gongkai.letters.services import save_template

from .factories import edited_template, issue

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
GRANTED = LetterKind.REPLY_GRANTED
pytestmark = pytest.mark.django_db


@pytest.fixture
def letter(agency_a, clerk_a):
    with time_machine.travel(dt.datetime(2024, 10, 30, 10, 0, tzinfo=SHANGHAI), tick=False):
        return issue(agency_a, GRANTED, actor=clerk_a)


def test_a_clerk_downloads_the_docx_with_its_chinese_name(client, clerk_a, letter):
    client.force_login(clerk_a)
    response = client.get(reverse("letters:docx", args=[letter.pk]))
    assert response.status_code == 200 and response["Content-Type"] == DOCX
    assert response.content == bytes(letter.docx)
    name = quote("北京市门头沟区潭柘寺镇人民政府依申复〔2024〕1号予以公开告知书.docx")
    assert response["Content-Disposition"] == (
        f"attachment; filename=\"letter-{letter.pk}.docx\"; filename*=UTF-8''{name}"
    )
    assert "no-store" in response["Cache-Control"]  # personal data: not kept by shared browsers


def test_a_clerk_downloads_the_pdf(client, clerk_a, letter):
    client.force_login(clerk_a)
    response = client.get(reverse("letters:pdf", args=[letter.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-") and "filename*=UTF-8''" in response["Content-Disposition"]


@pytest.mark.parametrize("name", ["letters:docx", "letters:pdf"])
def test_another_agencys_letter_is_not_found(client, clerk_b, letter, name):
    client.force_login(clerk_b)
    assert client.get(reverse(name, args=[letter.pk])).status_code == 404
    assert client.get(reverse(name, args=[letter.pk + 1000])).status_code == 404


def test_a_supervisor_reads_the_letters_of_the_district(client, supervisor, letter):
    client.force_login(supervisor)
    assert client.get(reverse("letters:pdf", args=[letter.pk])).status_code == 200


def test_downloads_need_a_login(client, letter):
    response = client.get(reverse("letters:docx", args=[letter.pk]))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_anyone_signed_in_may_download_a_default_template(client, clerk_b):
    client.force_login(clerk_b)
    response = client.get(reverse("letters:default_template", args=["supplement"]))
    assert response.status_code == 200 and response["Content-Type"] == DOCX
    assert quote("补正告知书（默认模板）.docx") in response["Content-Disposition"]
    assert client.get(reverse("letters:default_template", args=["nonsense"])).status_code == 404


def test_the_template_page_is_for_office_heads_of_the_agency(client, office_head_a, clerk_a, clerk_b, agency_a):
    url = reverse("letters:templates", args=[agency_a.code])
    client.force_login(office_head_a)
    html = client.get(url).content.decode()
    assert "文书模板" in html and agency_a.name in html and "延期答复告知书" in html and "{{ remedy }}" in html
    assert client.get(reverse("letters:template_agencies")).url == url  # one agency: straight there
    client.force_login(clerk_a)
    assert client.get(url).status_code == 403
    client.force_login(clerk_b)
    assert client.get(url).status_code == 404


def test_an_office_head_uploads_downloads_and_resets_a_template(client, office_head_a, agency_a):
    client.force_login(office_head_a)
    data = edited_template(GRANTED, add="本机关附言")
    upload = SimpleUploadedFile("予以公开.docx", data, content_type=DOCX)
    response = client.post(reverse("letters:upload_template", args=[agency_a.code, GRANTED]), {"file": upload})
    assert response.status_code == 302
    assert bytes(LetterTemplate.objects.get(agency=agency_a, kind=GRANTED).docx) == data
    html = client.get(response.url).content.decode()
    assert "已启用本机关的“予以公开告知书”模板" in html and "本机关模板" in html
    download = client.get(reverse("letters:agency_template", args=[agency_a.code, GRANTED]))
    assert download.status_code == 200 and download.content == data
    client.post(reverse("letters:reset_template", args=[agency_a.code, GRANTED]))
    assert not LetterTemplate.objects.exists()


def test_a_refused_upload_says_why_and_keeps_the_template(client, office_head_a, agency_a):
    good = save_template(actor=office_head_a, agency=agency_a, kind=GRANTED, docx_bytes=edited_template(GRANTED))
    client.force_login(office_head_a)
    upload = SimpleUploadedFile("模板.doc", b"plain text", content_type="application/msword")
    response = client.post(
        reverse("letters:upload_template", args=[agency_a.code, GRANTED]), {"file": upload}, follow=True
    )
    assert "“予以公开告知书”模板未更新：上传的文件不是有效的 Word 文档（.docx）" in response.content.decode()
    assert bytes(LetterTemplate.objects.get().docx) == bytes(good.docx)


def test_a_clerk_cannot_upload(client, clerk_a, agency_a):
    client.force_login(clerk_a)
    upload = SimpleUploadedFile("t.docx", edited_template(GRANTED), content_type=DOCX)
    response = client.post(reverse("letters:upload_template", args=[agency_a.code, GRANTED]), {"file": upload})
    assert response.status_code == 403 and not LetterTemplate.objects.exists()
