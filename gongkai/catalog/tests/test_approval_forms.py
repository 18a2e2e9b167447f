"""The printed 发布审批单 and 保密审查审批单: every step's person and opinion, no template hints, one A4 page."""

import io
import os
import pathlib
import subprocess

import pytest
from docx import Document as Docx
from docx.oxml.ns import qn

from gongkai.catalog import approval, services
from gongkai.letters.tests.pdfcheck import libreoffice_pdfs, page_count, pages_text

from .factories import policy_fields

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(agency_a, department_a, contributor_a, dept_head_a, reviewer_a, leader_a, calendar, today):
    import datetime as dt

    document = services.draft_document(
        actor=contributor_a, agency=agency_a, department=department_a, **policy_fields(today - dt.timedelta(days=2))
    )
    services.submit_document(actor=contributor_a, document=document, note="依据条例第二十条第十二项主动公开")
    services.approve_by_department(actor=dept_head_a, document=document, opinion="内容属实，同意公开")
    services.reject_document(actor=reviewer_a, document=document, reason="请删去联系人手机号")  # not yet reviewed
    document.refresh_from_db()
    services.submit_document(actor=contributor_a, document=document, note="已删去手机号")
    services.approve_by_department(actor=dept_head_a, document=document, opinion="同意公开")
    services.record_secrecy_review(actor=reviewer_a, document=document, opinion="经审查，不涉及国家秘密和工作秘密")
    services.sign_off(actor=leader_a, document=document, opinion="同意发布")
    services.publish_document(actor=leader_a, document=document, calendar=calendar)
    document.refresh_from_db()
    return document


EXPECTED = ["已删去手机号", "同意公开", "经审查，不涉及国家秘密和工作秘密", "同意发布", "赵敏", "钱进", "孙丽", "李强"]


def _look(pdf: bytes, name: str) -> None:
    """With APPROVAL_PNG_DIR set, write the PDF and a 60 dpi PNG of it for a person to look at."""
    if out := os.environ.get("APPROVAL_PNG_DIR"):
        path = pathlib.Path(out) / f"{name}.pdf"
        path.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(path), str(path.with_suffix(""))], check=True)


def _flat(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("kind", ["publish", "secrecy"])
def test_pdf_names_every_step_on_one_a4_page(published, kind, tmp_path):
    pdf = approval.form_pdf(published, kind)
    assert page_count(pdf) == 1
    text = _flat("\n".join(pages_text(pdf)))
    assert _flat(approval.TITLES[kind]) in text
    for value in (*EXPECTED, published.index_number, "潭政发", "党政办公室", "☑主动公开", "☐不予公开"):
        assert _flat(value) in text, value
    # The earlier pass (sent back) is listed as a return, not as an approval in the rows.
    assert "内容属实" not in text and _flat("请删去联系人手机号") in text
    for hint in ("{{", "{%", "None", "（未填写意见）"):
        assert hint not in text
    _look(pdf, kind)


@pytest.mark.parametrize("kind", ["publish", "secrecy"])
def test_docx_carries_the_same_text_with_chinese_fonts(published, kind):
    data = approval.form_docx(published, kind)
    docx = Docx(io.BytesIO(data))
    cells = [cell.text for table in docx.tables for row in table.rows for cell in row.cells]
    text = "\n".join([p.text for p in docx.paragraphs] + cells)
    for value in (*EXPECTED, published.index_number, approval.TITLES[kind], "☑主动公开"):
        assert value in text, value
    assert "{{" not in text and "None" not in text
    fonts = {r.get(qn("w:eastAsia")) for r in docx.element.body.iter(qn("w:rFonts"))}
    assert fonts <= {"宋体", "黑体"} and "宋体" in fonts
    section = docx.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)


def test_docx_is_one_page_as_word_lays_it_out(published, tmp_path):
    pdfs = libreoffice_pdfs({kind: approval.form_docx(published, kind) for kind in approval.TITLES}, tmp_path)
    for kind, pdf in pdfs.items():
        _look(pdf, f"{kind}-docx")
        assert page_count(pdf) == 1, kind


def test_long_opinions_still_fit_one_page(published):
    opinion = published.opinions.get(step="secrecy_review")
    opinion.opinion = "经审查，该文件不涉及国家秘密、工作秘密和商业秘密，不涉及个人隐私。" * 6
    opinion.save()
    pdf = approval.form_pdf(published, "secrecy")
    _look(pdf, "secrecy-long")
    assert page_count(pdf) == 1


def test_unreviewed_rows_stay_blank(agency_a, contributor_a, fields):
    document = services.draft_document(actor=contributor_a, agency=agency_a, **fields)
    services.submit_document(actor=contributor_a, document=document)
    form = approval.form_context(document, "publish")
    assert [r.name for r in form["rows"]] == ["赵敏", "", "", ""]
    assert form["rows"][0].opinion == ""


def test_download_views(client, published, clerk_b, leader_a):
    client.force_login(leader_a)
    page = client.get(f"/catalog/{published.pk}/")
    assert f"/catalog/{published.pk}/approval/publish.pdf" in page.content.decode()
    html = client.get(f"/catalog/{published.pk}/approval/secrecy.html").content.decode()
    assert "保密审查审批单" in html and "孙丽" in html and "经审查" in html
    # The print view is a page of its own: without its icon the browser asks for /favicon.ico (a 404).
    assert 'rel="icon" href="/static/gongkai/favicon.svg"' in html
    response = client.get(f"/catalog/{published.pk}/approval/publish.docx")
    assert response["Content-Type"].endswith("wordprocessingml.document")
    assert "attachment" in response["Content-Disposition"]
    assert client.get(f"/catalog/{published.pk}/approval/other.pdf").status_code == 404
    client.force_login(clerk_b)
    assert client.get(f"/catalog/{published.pk}/approval/publish.pdf").status_code == 404
