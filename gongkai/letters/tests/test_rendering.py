import datetime as dt
import io
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from docx import Document
from docx.oxml.ns import qn

from gongkai.letters.kinds import SPECS
from gongkai.letters.models import LetterKind
from gongkai.letters.pdf import docx_to_html, font_stack
from gongkai.letters.rendering import printable
from gongkai.letters.services import docx_text, issue_letter
from gongkai.statute.outcomes import BY_KEY, remedy_notice

from .factories import RECONSIDERATION_BODY, facts, issue
from .pdfcheck import font_names, page_count

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _issued_on_30_october_2024():
    with time_machine.travel(dt.datetime(2024, 10, 30, 10, 0, tzinfo=SHANGHAI), tick=False):
        yield


def text_of(letter) -> str:
    return docx_text(bytes(letter.docx))


@pytest.mark.parametrize("kind", LetterKind.values)
def test_every_kind_prints_its_facts_in_docx_and_pdf(kind, agency_a, clerk_a):
    letter = issue(agency_a, kind, actor=clerk_a)
    text = text_of(letter)
    context = facts(kind)
    assert agency_a.name in text and letter.number in text and "2024年10月30日" in text
    assert SPECS[kind].title in text
    addressee = context.get("applicant_name") or context["third_party_name"]
    assert f"{addressee}：" in text
    for key in ("legal_basis", "remedy", "request_summary", "information"):
        if key in context:
            assert context[key] in text, key
    assert "2024年10月8日" in text  # received_on, printed the Chinese way
    pdf = bytes(letter.pdf)
    assert pdf.startswith(b"%PDF-") and 1 <= page_count(pdf) <= 3
    assert any("Noto-Serif-CJK-SC" in name for name in font_names(pdf))


@pytest.mark.parametrize("kind", LetterKind.values)
def test_every_run_names_its_east_asian_font(kind, agency_a):
    document = Document(io.BytesIO(bytes(issue(agency_a, kind).docx)))
    runs = [run for p in document.paragraphs for run in p.runs if run.text.strip()]
    assert runs
    for run in runs:
        fonts = run._r.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
        assert fonts is not None and fonts.get(qn("w:eastAsia")) in {"仿宋", "宋体"}, run.text
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)


def test_supplement_lists_every_item_the_deadline_and_the_consequence(agency_a):
    text = text_of(issue(agency_a, LetterKind.SUPPLEMENT))
    assert "一次性告知" in text and "第三十条" in text
    assert "1. 所需政府信息的名称、文号或者其他特征性描述" in text and "2. 所需政府信息的形成时间范围" in text
    assert "请您于2024年11月8日前" in text
    assert "视为放弃申请" in text and "答复期限自本机关收到补正后的申请之日起计算" in text


def test_extension_names_reason_new_date_and_approval(agency_a):
    text = text_of(issue(agency_a, LetterKind.EXTENSION))
    assert "因申请公开的信息涉及多个村委会，需要逐一调取核实" in text
    assert "经本机关政府信息公开工作机构负责人李建国同意，答复期限延长至2024年11月5日" in text
    assert "第三十三条第二款" in text


def test_fee_notice_has_basis_amount_and_deadline_but_no_appeal_clause(agency_a):
    text = text_of(issue(agency_a, LetterKind.FEE))
    assert "国办函〔2020〕109号" in text and "应缴金额：人民币300.00元" in text
    assert "按件计收" in text and "每件收费100元" in text and "非税收入缴款码" in text
    assert "自收到本通知书之日次日起20个工作日内（2024年12月2日前）" in text
    assert "视为放弃申请" in text
    assert "行政复议" not in text and "行政诉讼" not in text


def test_consultation_asks_the_third_party_within_15_working_days(agency_a):
    text = text_of(issue(agency_a, LetterKind.CONSULTATION))
    assert text.count("北京某某建材有限公司：") == 1 and "张三" not in text  # the applicant stays unnamed
    assert "15个工作日" in text and "公共利益" in text and "第三十二条" in text


def test_partial_reply_gives_reason_and_basis_for_each_withheld_part(agency_a):
    text = text_of(issue(agency_a, LetterKind.REPLY_PARTIAL))
    assert "一、予以公开的部分\n1. 立项批复正文" in text
    assert "二、不予公开或无法提供的部分及理由\n1. 附件中的个人联系方式。理由：涉及个人隐私。依据：第十五条。" in text


def test_refusal_after_2024_prints_the_reconsideration_first_remedy(agency_a):
    remedy = remedy_notice(BY_KEY["withheld_third_party"], dt.date(2024, 10, 30), reconsideration_body="区政府")
    text = text_of(issue(agency_a, LetterKind.REPLY_WITHHELD, remedy=remedy))
    assert remedy in text and "先自收到本答复之日起60日内" in text and "本机关决定不予公开" in text


def test_unavailable_reply_names_the_responsible_agency(agency_a):
    text = text_of(issue(agency_a, LetterKind.REPLY_UNAVAILABLE))
    assert "负责公开该政府信息的机关及联系方式：北京市门头沟区交通局" in text


def test_optional_paragraphs_disappear_when_empty(agency_a):
    text = text_of(issue(agency_a, LetterKind.SUPPLEMENT, supplement_method="", body=""))
    assert "补正方式" not in text and "\n\n\n\n\n" not in text


def test_special_characters_and_line_breaks_survive(agency_a):
    letter = issue(agency_a, LetterKind.REPLY_GRANTED, applicant_name="A&B <某某> 公司", body="第一段\n第二段")
    text = text_of(letter)
    assert "A&B <某某> 公司：" in text and "第一段\n第二段" in text
    assert "A&amp;B &lt;某某&gt; 公司" in docx_to_html(bytes(letter.docx))


def test_context_is_stored_as_printed(agency_a):
    letter = issue(agency_a, LetterKind.FEE, amount=Decimal("54700"))
    assert letter.context["received_on"] == "2024年10月8日"
    assert letter.context["amount"] == "54700.00"
    assert letter.context["number"] == letter.number and letter.context["reference"] == "2024-依申-001"


def test_missing_facts_are_named_in_chinese(agency_a):
    context = facts(LetterKind.REPLY_PARTIAL, remedy="", withheld_parts=[{"part": "附件", "reason": "", "basis": ""}])
    with pytest.raises(ValidationError) as caught:
        issue_letter(agency=agency_a, kind=LetterKind.REPLY_PARTIAL, context=context, actor_label="测试")
    assert caught.value.messages == ["缺少文书必须载明的内容：救济途径", "不予公开的部分第1项缺少理由、依据"]


def test_unknown_or_system_fields_are_programming_errors(agency_a):
    with pytest.raises(TypeError, match="remedy_notice"):
        issue_letter(agency=agency_a, kind=LetterKind.RECEIPT, context={"remedy_notice": "x"}, actor_label="测试")
    with pytest.raises(TypeError, match="number"):
        issue_letter(agency=agency_a, kind=LetterKind.RECEIPT, context={"number": "1号"}, actor_label="测试")


def test_printable_values():
    assert printable(dt.date(2024, 1, 5)) == "2024年1月5日"
    assert printable(Decimal("12.5")) == "12.50" and printable(3) == "3" and printable(None) == ""
    assert printable(" a\r\nb\x0b ") == "a\nb"
    with pytest.raises(TypeError):
        printable(dt.datetime(2024, 1, 5, tzinfo=SHANGHAI))


def test_pdf_font_stack_keeps_the_word_font_first_and_refuses_odd_names():
    assert font_stack("仿宋").startswith('"仿宋", "Noto Serif CJK SC"')
    assert font_stack("黑体").startswith('"黑体", "Noto Sans CJK SC"')
    assert font_stack('x"; } body { color: red') == font_stack(None)


def test_remedy_is_the_callers_sentence(agency_a):
    remedy = remedy_notice(BY_KEY["granted"], dt.date(2024, 10, 30), reconsideration_body=RECONSIDERATION_BODY)
    letter = issue(agency_a, LetterKind.REPLY_GRANTED, remedy=remedy)
    assert letter.context["remedy"] == remedy and remedy in text_of(letter)
