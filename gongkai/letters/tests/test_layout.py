"""Letters as they are printed: proofread clean, one page with ordinary facts, and the signature
never alone on a page, in the PDF (WeasyPrint) and in the .docx as LibreOffice lays it out."""

import datetime as dt
import io

import pytest
import time_machine
from docx import Document

from gongkai.letters.defaults import default_template
from gongkai.letters.models import LetterKind
from gongkai.letters.pdf import docx_to_html
from gongkai.letters.services import docx_text, proofread_letter
from gongkai.statute.proofreading import proofread

from .factories import facts, issue
from .pdfcheck import libreoffice_pdfs, page_count, pages_text

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
pytestmark = pytest.mark.django_db
# factories.facts, with a real company for the third party ("某某" is a placeholder).
ORDINARY = {"third_party_name": "北京潭柘建设工程有限公司", "information": "北京潭柘建设工程有限公司提交的工程投标文件"}
PARTS = [
    {
        "part": "附件2中被征收户的身份证号码和银行账号",
        "reason": "属于第三方个人隐私，公开会对第三方合法权益造成损害，且第三方不同意公开",
        "basis": "《中华人民共和国政府信息公开条例》第十五条",
    },
    {
        "part": "补偿安置方案的内部讨论稿",
        "reason": "属于行政机关在履行行政管理职能过程中形成的讨论记录",
        "basis": "《中华人民共和国政府信息公开条例》第十六条第二款",
    },
    {
        "part": "2019年以前的征收补偿台账",
        "reason": "经检索，本机关未制作、未保存该信息",
        "basis": "《中华人民共和国政府信息公开条例》第三十六条第（四）项",
    },
]
PROVIDED = ["鲁家滩村集体土地征收补偿安置方案", "补偿标准的批复文件", "征收范围示意图"]


@pytest.fixture(autouse=True)
def _issued_on_30_october_2024():
    with time_machine.travel(dt.datetime(2024, 10, 30, 10, 0, tzinfo=SHANGHAI), tick=False):
        yield


@pytest.fixture
def agency(agency_a):
    agency_a.short_name = "潭柘寺镇"
    agency_a.ogi_office_name, agency_a.ogi_phone = "潭柘寺镇党政办公室", "010-60861026"
    agency_a.ogi_address = "北京市门头沟区潭柘寺镇鲁家滩村南"
    agency_a.save()
    return agency_a


def findings_of(letter, agency, kind, **overrides) -> list[str]:
    context = facts(kind, **ORDINARY, **overrides)
    found = proofread_letter(agency=agency, kind=kind, context=context)
    found += proofread(docx_text(bytes(letter.docx)))
    found += proofread("\n".join(pages_text(bytes(letter.pdf))), wrapped=True)
    return [f"{kind}: {f.message}（{f.excerpt}）" for f in found]


def test_every_kind_with_ordinary_facts_reads_clean_on_one_page(agency, tmp_path):
    letters = {kind: issue(agency, kind, **ORDINARY) for kind in LetterKind.values}
    problems = [problem for kind, letter in letters.items() for problem in findings_of(letter, agency, kind)]
    assert problems == []
    assert {kind: page_count(bytes(letter.pdf)) for kind, letter in letters.items()} == dict.fromkeys(letters, 1)
    laid_out = libreoffice_pdfs({kind: bytes(letter.docx) for kind, letter in letters.items()}, tmp_path)
    assert {kind: page_count(pdf) for kind, pdf in laid_out.items()} == dict.fromkeys(letters, 1)


HURRIED = {
    "applicant_name": "张三 ",
    "request_summary": "“潭柘寺村道路改造工程的立项批复文件。”",
    "items": ["1. 所需政府信息的名称、文号。", "2、所需政府信息的形成时间；", "（3）其他特征描述"],
    "grounds": "您自2024年1月起提交政府信息公开申请共计230件，其中180件内容相同",
    "reason": "因申请公开的信息涉及多个村委会，需要逐一调取核实，经负责人同意延期。",
    "approved_by": "李建国。",
    "information": "北京潭柘建设工程有限公司提交的工程投标文件",
    "consulted_party": "北京潭柘建设工程有限公司。",
    "body": "经查，本机关保存有您申请获取的政府信息",
    "provision": "以电子邮件方式提供，见附件；",
    "attachments": ["1. 潭柘寺镇关于村道路改造工程立项的批复。"],
    "provided_parts": ["1、立项批复正文。"],
    "withheld_parts": [{"part": "1. 附件中的个人联系方式。", "reason": "涉及个人隐私。", "basis": "依据第十五条。"}],
    "legal_basis": "根据《中华人民共和国政府信息公开条例》第三十六条第（二）项的规定。",
}


@pytest.mark.parametrize("kind", LetterKind.values)
def test_every_kind_reads_clean_from_a_hurried_clerks_typing(agency, kind):
    context = facts(kind, **{**ORDINARY, **HURRIED})
    assert proofread_letter(agency=agency, kind=kind, context=context) == []


def test_the_closing_block_holds_together_in_word_and_in_the_pdf():
    document = Document(io.BytesIO(default_template(LetterKind.REPLY_GRANTED)))
    paragraphs = [p for p in document.paragraphs if p.text and not p.text.startswith("{%p")]
    texts = [p.text for p in paragraphs]
    kept = [p.text for p in paragraphs if p.paragraph_format.keep_with_next]
    # The remedy, "特此告知。" and the attachment note go with the agency name, the name with the
    # date, the date with the contact lines.
    assert kept == texts[texts.index("{{ remedy }}") : -1]
    assert kept[1] == "特此告知。" and kept[2].startswith("附件：") and kept[-3] == "{{ agency_name }}"
    html = docx_to_html(default_template(LetterKind.REPLY_GRANTED))
    assert html.count("break-after:avoid") == len(kept)


def test_a_partial_reply_lists_each_part_once_with_its_own_reason_and_basis(agency):
    body = "经查，本机关保存有您申请的征收补偿安置材料，其中部分内容涉及第三方个人隐私或属于过程性信息。"
    letter = issue(agency, LetterKind.REPLY_PARTIAL, **ORDINARY, body=body)
    assert findings_of(letter, agency, LetterKind.REPLY_PARTIAL, body=body) == []
    assert page_count(bytes(letter.pdf)) == 1
    text = docx_text(bytes(letter.docx))
    assert text.count(body) == 1
    provided = "一、予以公开的部分\n1. 立项批复正文\n提供方式：以电子邮件方式提供，见附件\n"
    assert provided + "二、不予公开或无法提供的部分及理由\n" in text
    assert "1. 附件中的个人联系方式。理由：涉及个人隐私。依据：第十五条。" in text


def test_a_partial_reply_with_three_parts_of_each_keeps_text_with_the_signature(agency, tmp_path):
    body = "经查，本机关保存有您申请的征收补偿安置材料。"
    overrides = {"body": body, "provided_parts": PROVIDED, "withheld_parts": PARTS}
    letter = issue(agency, LetterKind.REPLY_PARTIAL, **ORDINARY, **overrides)
    assert findings_of(letter, agency, LetterKind.REPLY_PARTIAL, **overrides) == []
    text = docx_text(bytes(letter.docx))
    assert text.count(body) == 1
    for n, part in enumerate(PARTS, start=1):
        assert f"{n}. {part['part']}。理由：{part['reason']}。依据：{part['basis']}。" in text
    for n, part in enumerate(PROVIDED, start=1):
        assert f"\n{n}. {part}\n" in text
    pdfs = {"WeasyPrint": bytes(letter.pdf), **libreoffice_pdfs({"partial": bytes(letter.docx)}, tmp_path)}
    for renderer, pdf in pdfs.items():
        last = pages_text(pdf)[-1]
        assert agency.name in last and "2024年10月30日" in last, renderer
        assert "特此告知。" in last and "行政诉讼" in last.replace("\n", ""), renderer
