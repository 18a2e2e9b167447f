"""Extraction and checks on synthetic reports: one consistent report in the .txt layout, then one
variant per way published reports differ (digits, labels, numbering, extra rows, blanks, …)."""

import datetime as dt

import pytest

from gongkai.inspector.checks import inspect_document, inspect_many, report_due_for, same_agency
from gongkai.inspector.document import Paragraph, ReportDocument, Table
from gongkai.inspector.extract import extract
from gongkai.inspector.labels import normalize_label, parse_count, parse_money, request_key
from gongkai.inspector.readers.txt import read_txt
from gongkai.statute.reports.formats import FORMAT_2019, FORMAT_2021

NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
GROUPS = {
    "withheld": "（三）不予公开",
    "unavailable": "（四）无法提供",
    "not": "（五）不予处理",
    "other": "（六）其他处理",
}
VALUES = {
    "new": [3, 1, 0, 0, 1, 0, 5],
    "carried_in": [1, 0, 0, 0, 0, 0, 1],
    "granted": [2, 1, 0, 0, 0, 0, 3],
    "partial": [1, 0, 0, 0, 1, 0, 2],
    "total": [3, 1, 0, 0, 1, 0, 5],
    "carried_out": [1, 0, 0, 0, 0, 0, 1],
}
HEADINGS = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
]


def table_lines(rows: list[list]) -> list[str]:
    lines: list[str] = []
    for row in rows:
        lines += ["\t" + str(cell) for cell in row] + [""]
    return lines


def proactive_rows(fmt) -> list[list]:
    if fmt is FORMAT_2019:
        return [
            ["第二十条第（一）项"],
            ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"],
            ["规章", 0, 0, 0],
            ["规范性文件", 1, 1, 3],
            ["第二十条第（五）项"],
            ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
            ["行政许可", 10, "+2", 5],
            ["其他对外管理服务事项", 4, "-1", 0],
            ["第二十条第（六）项"],
            ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
            ["行政处罚", 6, "+408", 118],
            ["行政强制", 0, "-8", 0],
            ["第二十条第（八）项"],
            ["信息内容", "上一年项目数量", "本年增/减"],
            ["行政事业性收费", 0, 0],
            ["第二十条第（九）项"],
            ["信息内容", "采购项目数量", "采购总金额"],
            ["政府集中采购", 31, "4176.9529万元"],
        ]
    return [
        ["第二十条第（一）项"],
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        ["规章", 0, 0, 0],
        ["行政规范性文件", 1, 0, 3],
        ["第二十条第（五）项"],
        ["信息内容", "本年处理决定数量"],
        ["行政许可", 5],
        ["第二十条第（六）项"],
        ["信息内容", "本年处理决定数量"],
        ["行政处罚", 7],
        ["行政强制", 0],
        ["第二十条第（八）项"],
        ["信息内容", "本年收费金额（单位：万元）"],
        ["行政事业性收费", "1.5"],
    ]


def requests_rows(fmt) -> list[list]:
    rows = [
        [NOTE, "申请人情况"],
        ["", "自然人", "法人或其他组织", "总计"],
        ["", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""],
    ]
    group = None
    for key in fmt.request_keys:
        values = VALUES.get(key, [0] * 7)
        label = fmt.row_label(key)
        if key in ("new", "carried_in", "carried_out"):
            rows.append([label, *values])
        elif key == "granted":
            rows.append(["三、本年度办理结果", label, *values])
        elif key in ("partial", "total", "other"):
            rows.append(["", label, *values])
        else:
            prefix = key.split("_")[0]
            first = prefix != group
            group = prefix
            rows.append(["", GROUPS[prefix] if first else "", label, *values])
    return rows


REMEDY_ROWS = [
    ["行政复议", "行政诉讼"],
    ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", "复议后起诉"],
    ["", "", "", "", "", *["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2],
    [1, 0, 0, 1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
]


def report_text(fmt=FORMAT_2021, year: int = 2024, overview: str = "", six: str = "本年度未收取信息处理费。") -> str:
    lines = [
        "示例县人民政府",
        f"{year}年政府信息公开工作年度报告",
        f"本报告所列数据统计期限自{year}年1月1日起至{year}年12月31日止。",
        HEADINGS[0],
        overview or f"{year}年，我县本年度新收政府信息公开申请5件，均按期答复。",
        HEADINGS[1],
        *table_lines(proactive_rows(fmt)),
        HEADINGS[2],
        *table_lines(requests_rows(fmt)),
        HEADINGS[3],
        *table_lines(REMEDY_ROWS),
        HEADINGS[4],
        "政策解读形式单一，下一步将丰富解读形式。",
        HEADINGS[5],
        six,
    ]
    return "\n".join(lines) + "\n"


def inspect(text: str, **kw) -> dict:
    return inspect_document(read_txt(text.encode("utf-8"), "t.txt"), **kw)


def codes(report: dict) -> set[str]:
    return {f["code"] for f in report["findings"]}


def finding(report: dict, code: str) -> list[dict]:
    return [f for f in report["findings"] if f["code"] == code]


@pytest.fixture
def base() -> str:
    return report_text()


def test_a_consistent_report_reads_back_exactly(base):
    r = inspect(base)
    assert (r["format"], r["year"], r["agency"]) == ("2021", 2024, "示例县人民政府")
    assert r["findings"] == []
    assert r["requests"] == {key: VALUES.get(key, [0] * 7) for key in FORMAT_2021.request_keys}
    assert r["remedies"] == {
        "reconsideration": [1, 0, 0, 1, 2],
        "litigation_direct": [0] * 5,
        "litigation_after_reconsideration": [0] * 5,
    }
    assert r["proactive"]["normative_documents"] == {"issued": 1, "repealed": 0, "in_force": 3}
    assert r["proactive"]["fees"] == {"amount_wan": "1.5"}
    assert r["sections"]["一"].startswith("2024年，我县") and r["sections"]["二"] == ""


def test_the_2019_format_with_signed_changes_and_money():
    r = inspect(report_text(FORMAT_2019, 2020))
    assert r["format"] == "2019" and r["findings"] == []
    assert r["proactive"]["licensing"] == {"previous_items": 10, "change": 2, "decisions": 5}
    assert r["proactive"]["enforcement"]["change"] == -8
    assert r["proactive"]["procurement"] == {"projects": 31, "amount_wan": "4176.9529"}
    assert list(r["requests"]) == list(FORMAT_2019.request_keys)


def test_full_width_digits_and_a_year_in_chinese_numerals(base):
    full = base.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    full = full.replace("２０２４年政府信息公开工作年度报告", "二〇二四年政府信息公开工作年度报告")
    r = inspect(full)
    assert r["year"] == 2024 and r["findings"] == []
    assert r["requests"]["new"] == VALUES["new"]
    assert r["proactive"]["fees"] == {"amount_wan": "1.5"}


def test_labels_broken_across_lines_and_a_vertical_header(base):
    text = base.replace("\t（三）不予公开\n", "\t（三）不予\n公开\n").replace(
        "\t1.属于国家秘密\n", "\t1.属于国家\n秘密\n"
    )
    text = text.replace(
        "\t结果维持\n\t结果纠正\n\t其他结果\n\t尚未审结\n\t总计\n\t未经",
        "\t结\n果\n维\n持\n\t结果纠正\n\t其他结果\n\t尚未审结\n\t总 计\n\t未经",
    )
    assert text.count("\n公开\n") == 1 and "\n果\n维\n持\n" in text
    r = inspect(text)
    assert r["findings"] == [] and r["requests"] == inspect(base)["requests"]
    assert r["remedies"]["reconsideration"] == [1, 0, 0, 1, 2]


def test_rows_written_without_blank_lines_read_alike(base):
    flat = "\n".join(line for line in base.split("\n") if line != "")
    r = inspect(flat + "\n")
    assert r["findings"] == [] and r["requests"] == inspect(base)["requests"]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("2.其他法律行政法规禁止公开", "2.其他法律行政止公开"),  # a word dropped
        ("4.无正当理由大量反复申请", "4.无正当理由大量反复 申请"),
        ("3.危及“三安全一稳定”", "3、危及三安全一稳定"),
        (
            "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            "1、申请人无正当理由逾期不补正，行政机关不再处理",
        ),
        ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "(二)部分公开"),
        ("一、本年新收政府信息公开申请数量", "1.本年新收政府信息公开申请数"),
        ("四、结转下年度继续办理", "四，结转下年度继续办理"),
    ],
)
def test_misprinted_and_renumbered_row_labels(base, old, new):
    assert old in base
    r = inspect(base.replace(old, new))
    assert r["findings"] == [], r["findings"]
    assert r["requests"] == inspect(base)["requests"]


def test_a_changed_cell_lands_in_its_row(base):
    # Put a figure in 2.其他法律行政止公开 (misprinted) and check it is that row that holds it.
    text = base.replace(
        "\t2.其他法律行政法规禁止公开\n" + "\t0\n" * 7, "\t2.其他法律行政止公开\n" + "\t1\n" + "\t0\n" * 5 + "\t1\n"
    )
    r = extract(read_txt(text.encode(), "t.txt"))
    assert r["requests"]["withheld_law_prohibited"] == [1, 0, 0, 0, 0, 0, 1]


@pytest.mark.parametrize(
    "headings",
    [
        "1、总体情况/2、主动公开政府信息情况/3、收到和处理政府信息公开申请情况/"
        "4、政府信息公开行政复议、行政诉讼情况/5、存在的主要问题及改进情况/6、其他需要报告的事项",
        "（一）总体情况/（二）主动公开政府信息情况/（三）收到和处理政府信息公开申请情况/"
        "（四）政府信息公开行政复议、行政诉讼情况/（五）存在的主要问题及改进情况/（六）其他需要报告的事项",
        "第一部分 总体情况/第二部分 主动公开政府信息情况/第三部分 收到和处理政府信息公开申请情况/"
        "第四部分 政府信息公开行政复议、行政诉讼情况/第五部分 存在的主要问题及改进情况/第六部分 其他需要报告的事项",
        # Shanghai's long titles
        "一、总体情况/二、主动公开政府信息情况/三、收到和处理政府信息公开申请的情况/"
        "四、因政府信息公开工作被申请行政复议和提起行政诉讼情况/五、政府信息公开工作存在的主要问题及改进情况/"
        "六、其他需要报告的事项",
        "一、总体情况/二、主动公开政府信息/三、依申请公开政府信息情况/四、行政复议和行政诉讼情况/"
        "五、存在的主要问题及整改措施/六、其他事项",
    ],
    ids=["arabic", "brackets", "parts", "long-titles", "renamed"],
)
def test_section_headings_are_matched_by_meaning(base, headings):
    text = base
    for official, variant in zip(HEADINGS, headings.split("/"), strict=True):
        text = text.replace(official + "\n", variant + "\n")
    r = inspect(text)
    assert r["findings"] == []
    assert r["sections"]["五"] == "政策解读形式单一，下一步将丰富解读形式。"
    assert r["sections"]["六"] == "本年度未收取信息处理费。"


def test_misnumbered_headings_are_reported(base):
    r = inspect(base.replace("三、收到和处理", "3、 收到和处理").replace("六、其他需要", "五、其他需要"))
    assert [(f["code"], f["where"]) for f in r["findings"]] == [
        ("section.heading", "第三部分"),
        ("section.heading", "第六部分"),
    ]
    assert "应为“六、其他需要报告的事项”" in r["findings"][1]["message"]


def test_a_missing_section_is_none_and_an_error(base):
    text = base.replace(HEADINGS[4] + "\n政策解读形式单一，下一步将丰富解读形式。\n", "")
    r = inspect(text)
    assert r["sections"]["五"] is None
    assert [(f["code"], f["severity"]) for f in r["findings"]] == [("section.missing", "error")]


def test_section_five_without_heading_starts_at_its_sub_heading(base):
    text = base.replace(HEADINGS[4] + "\n", "（一）存在的主要问题\n")
    r = inspect(text)
    assert r["sections"]["五"].startswith("（一）存在的主要问题")
    assert codes(r) == {"section.heading"}


def test_a_missing_table_is_one_error_not_a_blank_per_cell(base):
    start = base.index("\t行政复议")
    end = base.index(HEADINGS[4])
    r = inspect(base[:start] + base[end:])
    assert r["remedies"]["reconsideration"] == [None] * 5
    assert codes(r) == {"table.missing"}
    assert r["sections"]["四"] == ""  # its heading is there


def test_local_extra_rows_in_table_two(base):
    text = base.replace("\t行政许可\n\t5\n\n", "\t行政许可\n\t5\n\n\t行政确认\n\t3\n\n")
    r = inspect(text)
    assert r["proactive"]["licensing"] == {"decisions": 5}
    assert r["proactive"]["extra_rows"] == [{"block": "(五)", "label": "行政确认", "cells": {"decisions": 3}}]
    assert r["findings"] == []
    # An official row split into local rows: the official row holds no cells of its own.
    text = base.replace("\t行政许可\n\t5\n\n", "\t行政许可\n\t企业事项\n\t2\n\n\t\n\t个人事项\n\t3\n\n")
    r = inspect(text)
    assert r["proactive"]["licensing"] is None
    assert r["proactive"]["extra_rows"] == [
        {"block": "(五)", "label": "企业事项", "parent": "行政许可", "cells": {"decisions": 2}},
        {"block": "(五)", "label": "个人事项", "parent": "行政许可", "cells": {"decisions": 3}},
    ]
    assert r["findings"] == []


def test_blank_dash_and_text_cells_are_null_and_flagged(base):
    rows = base.split("\n")
    start = rows.index("\t一、本年新收政府信息公开申请数量")
    rows[start + 3] = "\t"  # 科研机构: blank
    rows[start + 4] = "\t—"  # 社会公益组织: a dash
    rows[rows.index("\t行政处罚") + 1] = "\t无"
    r = inspect("\n".join(rows))
    assert r["requests"]["new"] == [3, 1, None, None, 1, 0, 5]
    assert r["proactive"]["penalty"] == {"decisions": None}
    blanks = finding(r, "cell.blank")
    assert sorted(f["cells"][0] for f in blanks) == ["proactive.penalty.decisions", "requests.new.2", "requests.new.3"]
    assert all(f["severity"] == "warning" and "表" in f["where"] for f in blanks)


def test_thousands_separators_and_annotated_figures(base):
    text = base.replace("\t行政许可\n\t5\n", "\t行政许可\n\t12,345\n").replace(
        "\t行政处罚\n\t7\n", "\t行政处罚\n\t7（含简易程序3件）\n"
    )
    r = inspect(text)
    assert r["proactive"]["licensing"] == {"decisions": 12345}
    assert r["proactive"]["penalty"] == {"decisions": 7}


def test_a_stray_cell_beside_a_row_is_skipped(base):
    # pdf conversions leave an empty cell after a label (the merged label's second column).
    text = base.replace("\t（七）总计\n", "\t（七）总计\n\t\n")
    assert inspect(text)["requests"]["total"] == VALUES["total"]


@pytest.mark.parametrize("page_break", ["- 3 -", "示例县人民政府2024年政府信息公开工作年度报告（第3页）"])
def test_a_table_split_by_a_page_break(base, page_break):
    text = base.replace("\n\t\n\t（四）无法提供\n", f"\n{page_break}\n\t\n\t（四）无法提供\n")
    assert text != base
    doc = read_txt(text.encode(), "t.txt")
    assert len(doc.tables) == 4
    r = inspect_document(doc)
    assert r["findings"] == [] and r["requests"] == inspect(base)["requests"]


def test_table_four_with_one_row_per_group():
    doc = read_txt(report_text().encode(), "t.txt")
    index = next(i for i, b in enumerate(doc.blocks) if isinstance(b, Table) and b.rows[0][0] == "行政复议")
    doc.blocks[index] = Table(
        rows=[
            ["", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计"],
            ["行政复议", "1", "0", "0", "1", "2"],
            ["行政诉讼", "未经复议直接起诉", "0", "1", "0", "0", "1"],
            ["", "复议后起诉", "2", "0", "0", "0", "2"],
        ]
    )
    r = extract(doc)
    assert r["remedies"] == {
        "reconsideration": [1, 0, 0, 1, 2],
        "litigation_direct": [0, 1, 0, 0, 1],
        "litigation_after_reconsideration": [2, 0, 0, 0, 2],
    }


def test_an_unknown_row_in_table_three_is_reported(base):
    text = base.replace("\t（七）总计\n", "\t（八）转办其他机关\n" + "\t0\n" * 7 + "\n\t\n\t（七）总计\n")
    r = inspect(text)
    assert codes(r) == {"table.row_unknown"}
    assert "（八）转办其他机关" in finding(r, "table.row_unknown")[0]["message"]


def test_the_old_format_in_a_2024_report_and_mixed_formats():
    old = inspect(report_text(FORMAT_2019, 2024))
    assert old["format"] == "2019" and codes(old) == {"format.version"}
    new_two = report_text(FORMAT_2021, 2024)
    one_row_six = report_text(FORMAT_2019, 2024)
    mixed = new_two[: new_two.index("三、收到")] + one_row_six[one_row_six.index("三、收到") :]
    r = inspect(mixed)
    assert r["format"] == "mixed"
    assert "other" in r["requests"] and "other_misc" not in r["requests"]
    assert codes(r) == {"format.version"}
    assert "新旧格式混用" in finding(r, "format.version")[0]["message"]


@pytest.mark.parametrize(
    ("overview", "code"),
    [
        ("2024年，XX局新收政府信息公开申请5件。", "text.placeholder"),
        ("2024年，我县新收政府信息公开申请5件，××科负责。", "text.placeholder"),
        ("2024年，某某局新收政府信息公开申请5件。", "text.placeholder"),
        ("2024年，xx局新收政府信息公开申请5件。", "text.placeholder"),
        (
            "2024年，依据《中华人民共和国政府信息公开条例》（国务院令第492号）新收政府信息公开申请5件。",
            "text.outdated_reference",
        ),
        ("2024年新收政府信息公开申请5件。申请人可在3个月内向人民法院提起行政诉讼。", "text.outdated_reference"),
        ("2024年新收政府信息公开申请5件。依据《条例》第三十二条规定编制本年度报告。", "text.outdated_reference"),
        ("2024年新收政府信息公开申请5件，均在15个工作日内予以答复。", "text.outdated_reference"),
        ("2023年，我县新收政府信息公开申请5件；2023年共主动公开信息100条。", "text.year"),
        ("2024年新收政府信息公开申请5件，收取信息处理费200元。", "fees.unreported"),
        ("2024年新收政府信息公开申请6件。", "narrative.mismatch"),
        ("2024年新收政府信息公开申请5件，现行有效行政规范性文件4件。", "narrative.mismatch"),
        ("2024年新收政府信息公开申请5件，主动公开规章2件。", "narrative.mismatch"),
    ],
)
def test_text_rules(overview, code):
    r = inspect(report_text(overview=overview, six="无其他需要报告的事项。"))
    assert codes(r) == {code}, r["findings"]
    assert all(f["severity"] == "warning" for f in r["findings"])


def test_statistical_period(base):
    assert codes(inspect(base.replace("自2024年1月1日起至2024年12月31日止", "自2023年1月1日起至2023年12月31日止"))) == {
        "text.period"
    }
    r = inspect(base.replace("本报告所列数据统计期限自2024年1月1日起至2024年12月31日止。\n", ""))
    assert codes(r) == {"text.period"} and "2024年1月1日至2024年12月31日" in r["findings"][0]["message"]
    chinese = base.replace("自2024年1月1日起至2024年12月31日止", "自二〇二四年一月一日至十二月三十一日")
    assert inspect(chinese)["findings"] == []


def test_unpaid_fees_need_a_word_in_section_six(base):
    rows = base.split("\n")
    at = rows.index("\t2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请")
    rows[at + 1], rows[at + 7] = "\t1", "\t1"
    at = rows.index("\t一、本年新收政府信息公开申请数量")
    rows[at + 1], rows[at + 7] = "\t4", "\t6"
    total = rows.index("\t（七）总计")
    rows[total + 1], rows[total + 7] = "\t4", "\t6"
    text = "\n".join(rows).replace("新收政府信息公开申请5件", "新收政府信息公开申请6件")
    assert inspect(text)["findings"] == []  # 六 says "本年度未收取信息处理费"
    r = inspect(text.replace("本年度未收取信息处理费。", "无。"))
    assert codes(r) == {"fees.unreported"}


def test_publication_deadline_from_the_agency_kind(base):
    assert codes(inspect(base, published_on=dt.date(2025, 3, 31))) == set()  # a county government
    assert codes(inspect(base, published_on=dt.date(2025, 4, 1))) == {"publication.late"}
    assert codes(inspect(base, published_on=dt.date(2025, 2, 1), report_due="01-31")) == {"publication.late"}
    assert report_due_for("示例县人民政府") == "03-31"
    assert report_due_for("示例县发展和改革局") == "01-31"
    assert report_due_for("北京市门头沟区潭柘寺镇人民政府") == "01-31"


def test_consecutive_years_of_one_agency_are_compared():
    last = report_text(year=2023).replace("示例县人民政府\n", "某省示例县人民政府\n")
    last = last.replace("\t行政规范性文件\n\t1\n\t0\n\t3\n", "\t行政规范性文件\n\t1\n\t0\n\t2\n")  # 2 + 1 − 0 = 3
    now = report_text(year=2024)
    docs = [read_txt(text.encode(), f"{i}.txt") for i, text in enumerate((now, last))]
    assert [codes(r) for r in inspect_many(docs)] == [set(), set()]
    # 2024 carries in 1 (自然人); say 2023 carried out 2 instead.
    rows = last.split("\n")
    at = rows.index("\t四、结转下年度继续办理")
    rows[at + 1], rows[at + 7] = "\t2", "\t2"
    docs[1] = read_txt("\n".join(rows).encode(), "1.txt")
    now_checked, _ = inspect_many(docs)
    assert {(f["where"], *f["cells"]) for f in finding(now_checked, "carryover.mismatch")} == {
        ("表三 二、上年结转 · 自然人", "requests.carried_in.0"),
        ("表三 二、上年结转 · 总计", "requests.carried_in.6"),
    }
    # Another agency's report for 2023 is not "last year".
    other = read_txt(report_text(year=2023).replace("示例县人民政府\n", "邻县人民政府\n").encode(), "o.txt")
    assert "carryover.mismatch" not in codes(inspect_many([docs[0], other])[0])


def test_same_agency():
    assert same_agency("洪泽区人民政府", "淮安市洪泽区人民政府")
    assert same_agency("平潭综合实验区", "平潭综合实验区")
    assert not same_agency("洪泽区人民政府", "淮安市人民政府")
    assert not same_agency("", "")


def test_extract_accepts_any_reader_document():
    """A document built by another reader (no .txt involved): paragraphs and merged-once cells."""
    rows = [[str(cell) for cell in row] for row in requests_rows(FORMAT_2021)]
    doc = ReportDocument(
        source="x.docx",
        blocks=[
            Paragraph("2024年示例区教育局政府信息公开工作年度报告"),
            Paragraph("（一）总体情况"),
            Paragraph("本年度无依申请公开事项。"),
            Paragraph("（三）收到和处理政府信息公开申请情况"),
            Table(rows=rows),
        ],
    )
    r = extract(doc)
    assert (r["year"], r["agency"], r["format"]) == (2024, "示例区教育局", "2021")
    assert r["requests"]["granted"] == VALUES["granted"]
    assert r["sections"]["一"] == "本年度无依申请公开事项。"
    assert r["sections"]["二"] is None and r["sections"]["五"] is None


@pytest.mark.parametrize(
    ("text", "count", "money"),
    [
        ("408", 408, "408"),
        ("+408", 408, "408"),
        ("-8", -8, "-8"),
        ("−8", -8, "-8"),
        ("1,295", 1295, "1295"),
        ("１２", 12, "12"),
        ("4176.9529万元", None, "4176.9529"),
        ("251000元", None, "25.1"),
        ("22（其中修订16件）", 22, "22"),
        ("", None, None),
        ("—", None, None),
        ("无", None, None),
        ("0.5", None, "0.5"),
    ],
)
def test_cell_values(text, count, money):
    assert parse_count(text) == count
    assert parse_money(text) == money


def test_label_normalisation():
    assert normalize_label("（三）不予\n公开") == "不予公开"
    assert normalize_label("3、 其他") == "其他"
    assert normalize_label("第二十条第（一）项") == "第二十条第一项"
    assert request_key("（三）不予公开") is None  # a group, not a row
    assert request_key("（六）其他处理") == "other"
    assert (
        request_key("2、申请人逾期未按收费通知要求缴纳费用，行政机关不再处理其政府信息公开申请") == "other_unpaid_fee"
    )


def test_addresses_are_not_placeholders():
    overview = "2024年新收政府信息公开申请5件。详见http://www.xxx.gov.cn，邮箱pzxxgkb@163.com，MAXX。"
    assert inspect(report_text(overview=overview))["findings"] == []


@pytest.mark.parametrize(
    ("lines", "year", "agency"),
    [
        (["示例县人民政府", "2024年政府信息公开工作年度报告"], 2024, "示例县人民政府"),
        (["2025 年上海市人民政府办公厅政府信息公开", "工作年度报告"], 2025, "上海市人民政府办公厅"),
        (["示例局二〇二三年度政府信息公开工作年度报告"], 2023, "示例局"),
        (["示例局关于２０２２年度政府信息公开工作年度报告的报告"], 2022, "示例局"),
        (["关于2021年政府信息公开工作年度报告"], 2021, ""),
    ],
)
def test_title_year_and_agency(lines, year, agency):
    doc = ReportDocument("t.txt", [Paragraph(line) for line in [*lines, "一、总体情况"]])
    assert (extract(doc)["year"], extract(doc)["agency"]) == (year, agency)
