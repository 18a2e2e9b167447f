"""What a clerk typed is tidied for the way the template prints it, and nothing more (decision 0020)."""

import pytest

from gongkai.letters.kinds import FIELD_USE, ITEM_USE, SPECS, Use
from gongkai.letters.models import LetterKind
from gongkai.letters.rendering import normalised, tidy
from gongkai.letters.services import proofread_letter, save_template

from .factories import edited_template, facts


@pytest.mark.parametrize(
    ("typed", "printed"),
    [
        ("1. 所需信息的名称", "所需信息的名称"),
        ("1. 1. 所需信息的名称", "所需信息的名称"),
        ("2、所需信息的形成时间；", "所需信息的形成时间"),
        ("（3）其他特征描述。", "其他特征描述"),
        ("(一) 文号", "文号"),
        ("一、名称", "名称"),
        ("3）名称", "名称"),
        ("① 名称", "名称"),
        ("- 名称", "名称"),
        ("• 名称", "名称"),
        ("1. - 名称", "名称"),
        ("第一项：名称", "名称"),
        ("1.5万元以下的项目合同", "1.5万元以下的项目合同"),  # a number, not a numbering
        ("2024年预算", "2024年预算"),
        ("一、二期工程的批复", "一、二期工程的批复"),
        ("10号文件", "10号文件"),
        ("1.", "1."),  # nothing but a number: left for the clerk to see
    ],
)
def test_list_items_lose_the_numbering_the_template_adds(typed, printed):
    assert tidy(typed, Use.ITEM) == printed


@pytest.mark.parametrize(
    ("use", "typed", "printed"),
    [
        (Use.QUOTED, "本镇2024年的有关情况。", "本镇2024年的有关情况"),
        (Use.QUOTED, "“本镇2024年的有关情况。”", "本镇2024年的有关情况"),
        (Use.QUOTED, '"本镇2024年的有关情况"', "本镇2024年的有关情况"),
        (Use.QUOTED, "本镇“三公”经费", "本镇“三公”经费"),  # quotes inside stay
        (Use.QUOTED, "“三公”经费和“两费”支出", "“三公”经费和“两费”支出"),
        (Use.QUOTED, "有关情况…", "有关情况…"),
        (Use.NAME, "张三：", "张三"),
        (Use.NAME, "北京某建材有限公司。", "北京某建材有限公司"),
        (Use.NAME, "ABC Co., Ltd.", "ABC Co., Ltd."),
        (Use.CLAUSE, "需要调取档案。", "需要调取档案"),
        (Use.CLAUSE, "需要调取档案；", "需要调取档案"),
        (Use.LINE, "以电子邮件方式提供；", "以电子邮件方式提供"),
        (Use.LINE, "以电子邮件方式提供。", "以电子邮件方式提供。"),
        (Use.PARAGRAPH, "经查，本机关保存有该信息", "经查，本机关保存有该信息。"),
        (Use.PARAGRAPH, "经查，本机关保存有该信息，", "经查，本机关保存有该信息。"),
        (Use.PARAGRAPH, "经查，本机关保存有该信息。", "经查，本机关保存有该信息。"),
        (Use.PARAGRAPH, "您是否同意公开？", "您是否同意公开？"),
        (Use.PARAGRAPH, "来电称：“不再需要。”", "来电称：“不再需要。”"),
        (Use.PARAGRAPH, "第一段\n第二段", "第一段\n第二段。"),
    ],
)
def test_values_lose_the_marks_the_template_supplies(use, typed, printed):
    assert tidy(typed, use) == printed


@pytest.mark.parametrize(
    ("field", "typed", "printed"),
    [
        ("reason", "因所需信息涉及多个单位，经负责人同意延期。", "所需信息涉及多个单位，经负责人同意延期"),
        ("reason", "由于档案在外地。", "档案在外地"),
        ("reason", "因", "因"),  # nothing after the lead word: left for the clerk to see
        (
            "legal_basis",
            "根据《中华人民共和国政府信息公开条例》第十五条的规定。",
            "《中华人民共和国政府信息公开条例》第十五条",
        ),
        (
            "legal_basis",
            "《中华人民共和国政府信息公开条例》第三十六条第（三）项",
            "《中华人民共和国政府信息公开条例》第三十六条第（三）项",
        ),
        ("items", ["1. 名称。", "2. 时间"], ["名称", "时间"]),
        ("channel", "网上申请平台", "网上申请平台"),
        ("received_on", "2024年10月8日", "2024年10月8日"),  # not a typed field
        (
            "withheld_parts",
            [{"part": "1. 身份证号码。", "reason": "理由：涉及个人隐私。", "basis": "依据：《条例》第十五条的规定"}],
            [{"part": "身份证号码", "reason": "涉及个人隐私", "basis": "《条例》第十五条"}],
        ),
    ],
)
def test_fields_are_tidied_by_how_the_template_prints_them(field, typed, printed):
    assert normalised(field, typed) == printed


def test_every_field_a_clerk_can_type_has_a_use():
    typed = {field for spec in SPECS.values() for field in spec.fields} - {
        "received_on",
        "due_on",
        "original_due_on",
        "supplement_by",
        "explain_by",
        "respond_by",
        "pay_by",
        "amount",
        "withheld_parts",
    }
    assert typed <= set(FIELD_USE)
    assert set(ITEM_USE["withheld_parts"]) == {"part", "reason", "basis"}


@pytest.mark.django_db
def test_an_issued_letter_stores_what_it_printed_after_tidying(agency_a):
    from .factories import issue

    letter = issue(
        agency_a,
        LetterKind.SUPPLEMENT,
        items=["1. 所需信息的名称。", "2、所需信息的时间"],
        request_summary="“本镇2024年的有关情况。”",
    )
    assert letter.context["items"] == ["所需信息的名称", "所需信息的时间"]
    assert letter.context["request_summary"] == "本镇2024年的有关情况"


@pytest.mark.django_db
def test_an_agency_wording_that_doubles_a_value_is_caught(agency_a, office_head_a):
    """The agency's own template writes "按" before the method: "按按件计收"."""
    template = edited_template(LetterKind.FEE, add="本机关决定按{{ fee_method }}的方式收取信息处理费。")
    save_template(actor=office_head_a, agency=agency_a, kind=LetterKind.FEE, docx_bytes=template)
    findings = proofread_letter(agency=agency_a, kind=LetterKind.FEE, context=facts(LetterKind.FEE))
    assert [(f.code, f.message) for f in findings] == [("proof.doubled", "填入的内容与文书原文重复：“按按”")]
