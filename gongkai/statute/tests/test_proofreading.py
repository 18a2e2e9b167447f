"""The proofreading rules, on real positives and real negatives (each row is a line a clerk saw)."""

import pytest

from gongkai.statute.proofreading import VALUE_END, VALUE_START, proofread


def v(text: str) -> str:
    """A filled-in value as a renderer marks it."""
    return VALUE_START + text + VALUE_END


def codes(text: str, **kw) -> list[str]:
    return [f.code for f in proofread(text, **kw)]


@pytest.mark.parametrize(
    "text",
    [
        "经本机关政府信息公开工作机构负责人同意延期。，答复期限延长至2024年11月5日。",
        "特此告知。。",
        "申请内容为：“潭柘寺村道路改造工程的立项批复文件”，，",
        "联系地址：：北京市门头沟区",
        "您申请获取的政府信息内容描述为：“本镇2024年的有关情况。”。",
        "（详见附件。）。",
        "经查，本机关保存有该信息；。",
        "请于2024年11月8日前提交、，",
        "计算如下。,合计700元",
    ],
)
def test_doubled_punctuation_is_found(text):
    assert "proof.punctuation" in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "您申请获取的政府信息内容描述为：“潭柘寺村道路改造工程的立项批复文件”。",
        "他说：“本机关已经答复。”",  # a complete sentence quoted keeps its own full stop
        "依据《条例》、《办法》的规定……",
        "第31—100页70页×10元=700元；第101—200页100页×20元=2,000元；合计2,700元",
        "（申请编号：2024-依申-001），您申请获取的政府信息",
        "您是否同意公开？！",
        "办公时间：工作日 上午9:00—12:00",
    ],
)
def test_correct_punctuation_passes(text):
    assert "proof.punctuation" not in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "1. 1. 请写明所需文件的名称",
        "1、1、所需信息的名称",
        "（一）（一）予以公开的部分",
        "  2. 2、所需信息的时间范围",
        "1. （1）所需信息的名称",
        "1. - 所需信息的名称",
        "1. •所需信息的名称",
        "一、一、予以公开的部分",
        "(1)(1) 所需信息的名称",
    ],
)
def test_doubled_numbering_is_found(text):
    assert "proof.numbering" in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "1. 所需信息的名称",
        "1. 2024年镇政府部门预算",
        "一、一次性告知您需要补正的事项",
        "（一）予以公开的部分",
        "1.5万元的项目经费",
        "第三十六条第（一）项、第（二）项",  # markers in the middle of a sentence are citations
        "010-60861026",
        "1. 10件以下（含10件）的不收费",
    ],
)
def test_single_numbering_passes(text):
    assert "proof.numbering" not in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "{{ applicant_name }}：",
        "{% if body %}经查",
        "XX：",
        "收款账号：××××",
        "北京市某某建材有限公司：",
        "不予公开的理由：见答复内容",
        "缴款账号：（请填写账号）",
        "联系人：________",
        "请填写申请人姓名",
        "xx局：",
    ],
)
def test_placeholders_are_found(text):
    assert "proof.placeholder" in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "电子邮箱：tzsxxgk@bjmtg.gov.cn",
        "第31—100页70页×10元=700元",
        "某村村民委员会",
        "请于2024年11月8日前填写并提交补正后的申请",  # 填写 without 请 directly before
        "Xi'an",
        "网站：http://www.bjmtg.gov.cn/xxgk/",
    ],
)
def test_ordinary_text_is_not_a_placeholder(text):
    assert "proof.placeholder" not in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "缴费方式：\n请您自收到本通知书之日次日起20个工作日内缴纳。",
        "提供方式：",
        "联系电话： ",
        "依据（）的规定",
        "申请内容为：“”。",
        "根据《》第十五条",
        "附件：\n特此告知。",  # "附件：" with no list under it
    ],
)
def test_unfilled_fields_are_found(text):
    assert "proof.unfilled" in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "张三：\n本机关于2024年10月8日收到您的申请。",  # a salutation, not a label
        "北京潭柘建设工程有限公司：\n本机关于2024年10月8日收到您的申请。",
        "现一次性告知您需要补正的事项如下：\n1. 所需信息的名称",
        "附件：\n1. 潭柘寺镇关于村道路改造工程立项的批复",
        "缴费方式：转账至本机关非税收入账户",
        "（申请编号：2024-依申-001）",
    ],
)
def test_filled_fields_pass(text):
    assert "proof.unfilled" not in codes(text)


@pytest.mark.parametrize(
    ("text", "doubled"),
    [
        ("本机关决定按" + v("按量计收") + "收取信息处理费", "按按"),
        ("因" + v("因所需信息涉及多个单位") + "，本机关不能按期答复", "因因"),
        ("您申请" + v("申请公开村道路工程的招标文件"), "申请申请"),
        ("负责人" + v("李建国同意") + "同意，答复期限延长", "同意同意"),
        ("本机关于" + v("于2024年10月8日") + "收到", "于于"),
    ],
)
def test_a_word_doubled_where_a_value_meets_the_template_is_found(text, doubled):
    findings = [f for f in proofread(text) if f.code == "proof.doubled"]
    assert findings and doubled in findings[0].message


@pytest.mark.parametrize(
    "text",
    [
        "本机关" + v("常常") + "收到",  # reduplication inside a value
        "申请人人" + v("人乐超市") + "：",  # reduplication inside the template text
        "申请人" + v("人人乐超市") + "提交的申请",  # 人人 is a word: "申请人" + "人人乐" is fine
        "本机关于" + v("2024年10月8日") + "收到",
        "因" + v("所需信息涉及多个单位") + "，本机关不能按期答复",
        "天天向上，" + v("常常") + "来看",
        "经查，本机关常常收到此类申请。",  # no markers: the edge rule does not run
    ],
)
def test_legitimate_reduplication_and_clean_edges_pass(text):
    assert "proof.doubled" not in codes(text)


def test_wrapped_page_text_is_checked_across_line_breaks():
    page = "您申请获取的政府信息内容描述为：“本镇的有关情况。”\n。经审查，……缴费方式：\n转账至本机关账户"
    assert codes(page, wrapped=True) == ["proof.punctuation"]  # the label wraps, it is not empty


def test_markers_do_not_leak_into_excerpts():
    (finding,) = proofread("特此" + v("告知。") + "。")
    assert finding.code == "proof.punctuation" and VALUE_START not in finding.excerpt
