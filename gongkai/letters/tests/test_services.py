import datetime as dt
import io
import zipfile

import pytest
import time_machine
from django.core.exceptions import ValidationError

from gongkai.core.models import AuditEvent
from gongkai.letters.models import Letter, LetterKind, LetterTemplate
from gongkai.letters.services import (
    default_template,
    docx_text,
    issue_letter,
    remove_template,
    save_template,
)

from .factories import edited_template, facts, issue

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
pytestmark = pytest.mark.django_db
GRANTED = LetterKind.REPLY_GRANTED


@pytest.fixture(autouse=True)
def _issued_on_30_october_2024():
    with time_machine.travel(dt.datetime(2024, 10, 30, 10, 0, tzinfo=SHANGHAI), tick=False):
        yield


def test_issuing_is_audited_with_agency_target_and_actor(agency_a, clerk_a):
    letter = issue(agency_a, LetterKind.SUPPLEMENT, actor=clerk_a)
    event = AuditEvent.objects.get(code="letter.issued")
    assert (event.agency, event.target, event.actor, event.actor_label) == (agency_a, letter, clerk_a, "clerk_a")
    assert event.summary == f"出具补正告知书：{letter.number}"
    assert event.data["template"] == "default" and event.data["reference"] == "2024-依申-001"
    assert (letter.issued_by, letter.actor_label) == (clerk_a, "clerk_a")


def test_a_letter_needs_a_user_or_a_named_source(agency_a):
    with pytest.raises(ValueError, match="actor_label"):
        issue_letter(agency=agency_a, kind=GRANTED, context=facts(GRANTED))
    assert not Letter.objects.exists()


def test_an_issued_letter_is_frozen(agency_a, office_head_a):
    context = facts(LetterKind.SUPPLEMENT)
    letter = issue_letter(agency=agency_a, kind=LetterKind.SUPPLEMENT, context=context, actor_label="测试")
    docx, pdf, printed = bytes(letter.docx), bytes(letter.pdf), dict(letter.context)
    # Everything that fed the letter changes afterwards: the caller's dict, the agency, the template.
    context["items"].append("补充的新事项")
    context["applicant_name"] = "李四"
    agency_a.name = "改名后的机关"
    agency_a.save()
    save_template(
        actor=office_head_a,
        agency=agency_a,
        kind=LetterKind.SUPPLEMENT,
        docx_bytes=edited_template(LetterKind.SUPPLEMENT, add="本机关新增的说明"),
    )
    stored = Letter.objects.get(pk=letter.pk)
    assert (bytes(stored.docx), bytes(stored.pdf), stored.context) == (docx, pdf, printed)
    assert "张三" in docx_text(bytes(stored.docx)) and "补充的新事项" not in docx_text(bytes(stored.docx))


def test_an_agency_template_is_used_for_docx_and_pdf_alike(agency_a, office_head_a, monkeypatch):
    save_template(
        actor=office_head_a,
        agency=agency_a,
        kind=GRANTED,
        docx_bytes=edited_template(GRANTED, add="本机关温馨提示：请妥善保管本告知书。"),
    )
    rendered = []
    from gongkai.letters import services

    real = services.render_pdf
    monkeypatch.setattr(services, "render_pdf", lambda docx, **kw: rendered.append(docx) or real(docx, **kw))
    letter = issue(agency_a, GRANTED, actor=office_head_a)
    assert "本机关温馨提示" in docx_text(bytes(letter.docx))
    assert rendered == [bytes(letter.docx)]  # the PDF is printed from the very same .docx
    assert AuditEvent.objects.get(code="letter.issued").data["template"] == "agency"


def test_saving_and_removing_a_template_is_audited(agency_a, office_head_a):
    data = edited_template(GRANTED, add="附言")
    template = save_template(actor=office_head_a, agency=agency_a, kind=GRANTED, docx_bytes=data)
    save_template(actor=office_head_a, agency=agency_a, kind=GRANTED, docx_bytes=data)
    assert LetterTemplate.objects.get().pk == template.pk and bytes(template.docx) == data
    assert list(AuditEvent.objects.order_by("id").values_list("code", "summary")) == [
        ("letter_template.saved", "上传文书模板：予以公开告知书"),
        ("letter_template.saved", "更新文书模板：予以公开告知书"),
    ]
    assert remove_template(actor=office_head_a, agency=agency_a, kind=GRANTED) is True
    assert remove_template(actor=office_head_a, agency=agency_a, kind=GRANTED) is False
    assert AuditEvent.objects.filter(code="letter_template.removed").count() == 1
    assert not LetterTemplate.objects.exists()


def _zip(**files: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (b"not a word file", "上传的文件不是有效的 Word 文档（.docx）"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "这是旧版 Word 文件（.doc）"),
        (_zip(**{"a.txt": b"zip but not docx"}), "上传的文件不是有效的 Word 文档（.docx）"),
        (_zip(**{"[Content_Types].xml": b"<x/>", "word/document.xml": b"<broken"}), "不是有效的 Word 文档"),
        (b"PK" + b"\0" * (2 * 1024 * 1024), "模板文件过大"),
        (
            edited_template(GRANTED, add="{{ applicant_name "),
            "标记没有成对（{{ 与 }}、{% 与 %}），请检查这一段：“{{ applicant_name ”",
        ),
        (edited_template(GRANTED, add="{%p if body %}"), "模板无法使用：模板中的条件或循环标记没有结束"),
        (edited_template(GRANTED, add="{{ applicant_nme }}"), "模板无法使用：模板使用了未知的占位符“applicant_nme”"),
        (edited_template(GRANTED, add="{{ body.__class__.__mro__ }}"), "模板无法使用：模板含有不允许使用的表达式"),
        (edited_template(GRANTED, drop="{{ remedy }}"), "模板缺少文书必须载明的内容：救济途径（{{ remedy }}）"),
        (edited_template(GRANTED, drop="{{ number }}"), "模板缺少文书必须载明的内容：文号（{{ number }}）"),
    ],
    ids=[
        "text",
        "doc",
        "zip",
        "broken-xml",
        "too-big",
        "unclosed",
        "unclosed-if",
        "unknown",
        "sandbox",
        "no-remedy",
        "no-number",
    ],
)
def test_a_bad_upload_is_refused_and_the_old_template_stays(upload, message, agency_a, office_head_a):
    good = save_template(actor=office_head_a, agency=agency_a, kind=GRANTED, docx_bytes=edited_template(GRANTED))
    with pytest.raises(ValidationError) as caught:
        save_template(actor=office_head_a, agency=agency_a, kind=GRANTED, docx_bytes=upload)
    assert message in caught.value.messages[0]
    stored = LetterTemplate.objects.get(agency=agency_a, kind=GRANTED)
    assert (bytes(stored.docx), stored.updated_at) == (bytes(good.docx), good.updated_at)
    assert AuditEvent.objects.filter(code="letter_template.saved").count() == 1


@pytest.mark.parametrize("kind", LetterKind.values)
def test_every_default_template_passes_the_upload_check(kind, agency_a, office_head_a):
    save_template(actor=office_head_a, agency=agency_a, kind=kind, docx_bytes=default_template(kind))
