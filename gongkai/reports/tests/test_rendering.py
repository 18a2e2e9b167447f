"""The annual report in .docx, HTML and PDF: official layout, merges, fonts, and exact round trips."""

import copy
import io
import itertools
import re
import zlib

import pytest
from docx import Document
from docx.oxml.ns import qn

from gongkai.reports.rendering.docx import render_docx
from gongkai.reports.rendering.html import render_html, render_report_html
from gongkai.reports.rendering.pdf import render_pdf
from gongkai.reports.rendering.readback import (
    figures_from_docx,
    figures_from_html,
    parse_count,
    parse_money,
    read_docx_tables,
    read_html_tables,
)
from gongkai.statute.reports.formats import BALANCE_NOTE, FORMATS, SECTIONS, empty_report

AGENCY = "北京市门头沟区潭柘寺镇人民政府"
FIGURES = ("proactive", "requests", "remedies")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def numbered_report(code: str) -> dict:
    """Every cell a distinct non-zero number, so a cell read from the wrong place cannot pass."""
    fmt = FORMATS[code]
    counter = itertools.count(1)
    report = empty_report(fmt, year=2020 if code == "2019" else 2024, agency=AGENCY)
    for row in fmt.proactive:
        for key, _ in row.cells:
            n = next(counter)
            if key in row.money:
                value = f"{n}.{n:04d}"
            elif key in row.signed and n % 2:
                value = -n  # 2019 本年增/减 may be negative
            else:
                value = n
            report["proactive"][row.key][key] = value
    for key in report["requests"]:
        report["requests"][key] = [next(counter) for _ in range(7)]
    for key in report["remedies"]:
        report["remedies"][key] = [next(counter) for _ in range(5)]
    report["sections"] = {
        "一": "总体情况第一段。\n总体情况第二段。",
        "二": "",
        "三": "",
        "四": "",
        "五": "问题。",
        "六": "无。",
    }
    report["title"] = f"{AGENCY}{report['year']}年政府信息公开工作年度报告"
    report["published_on"] = f"{report['year'] + 1}-01-29"
    return report


def with_extra_rows(report: dict, *, parent: bool = True) -> dict:
    report = copy.deepcopy(report)
    report["proactive"]["other_services"] = None
    report["proactive"]["extra_rows"] = [
        {"block": "(五)", "label": label, "cells": {"previous_items": n, "change": -n, "decisions": n + 1}}
        for label, n in (("行政检查", 901), ("行政确认", 903))
    ]
    if parent:
        for extra in report["proactive"]["extra_rows"]:
            extra["parent"] = "其他对外管理服务事项"
    return report


def seed_2020() -> dict:
    """The real 2020 report of 潭柘寺镇 (shared/seed), 2019 trial format, with its local rows."""
    report = empty_report(FORMATS["2019"], year=2020, agency=AGENCY)
    three = {"made": 0, "published": 0, "total_public": 0}
    report["proactive"] = {
        "rules": dict(three),
        "normative_documents": dict(three),
        "licensing": {"previous_items": 0, "change": 0, "decisions": 0},
        "other_services": None,
        "penalty": {"previous_items": 6, "change": 408, "decisions": 118},
        "enforcement": {"previous_items": 0, "change": 23, "decisions": 0},
        "fees": {"previous_items": 0, "change": 0},
        "procurement": {"projects": 31, "amount_wan": "4176.9529"},
        "extra_rows": [
            {
                "block": "(五)",
                "label": label,
                "parent": "其他对外管理服务事项",
                "cells": {"previous_items": 0, "change": 0, "decisions": 0},
            }
            for label in ("行政检查", "行政确认")
        ],
    }
    report["sections"] = {
        "一": "我镇高度重视并认真贯彻落实《条例》要求，加强组织领导。\n1.主动公开情况：2020年主动公开政府信息数99件。",
        "二": "",
        "三": "",
        "四": "",
        "五": "1、政府信息公开深度不够、形式单一。",
        "六": "2021年，我镇将继续严格落实《条例》要求。",
    }
    report["published_on"] = "2021-01-29"
    return report


def figures(report: dict) -> dict:
    return {key: report[key] for key in FIGURES}


@pytest.fixture(scope="module")
def rendered_docx():
    return {code: render_docx(numbered_report(code)) for code in FORMATS}


def text_of(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    return "\n".join(p.text for p in document.paragraphs)


# -------------------------------------------------------------------------------------- docx


@pytest.mark.parametrize("code", ["2019", "2021"])
def test_docx_reads_back_to_the_same_figures(code, rendered_docx):
    assert figures_from_docx(rendered_docx[code], code) == figures(numbered_report(code))


def test_docx_prints_title_sections_narrative_and_signature(rendered_docx):
    document = Document(io.BytesIO(rendered_docx["2021"]))
    texts = [p.text for p in document.paragraphs if p.text]
    assert texts[:2] == [AGENCY, "2024年政府信息公开工作年度报告"]
    headings = [f"{number}、{title}" for number, title in SECTIONS]
    assert [t for t in texts if t in headings] == headings
    assert "总体情况第一段。" in texts and "总体情况第二段。" in texts
    assert texts[-2:] == [AGENCY, "2025年1月29日"]
    body = next(p for p in document.paragraphs if p.text == "总体情况第一段。")
    assert body.paragraph_format.first_line_indent.pt == 32  # two characters of 16 pt
    assert body.runs[0].font.size.pt == 16
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert len(document.tables) == 3


@pytest.mark.parametrize("code", ["2019", "2021"])
def test_every_docx_run_names_an_east_asian_font(code, rendered_docx):
    document = Document(io.BytesIO(rendered_docx[code]))
    runs = list(document.element.body.iter(f"{W}r"))
    assert len(runs) > 250
    for run in runs:
        fonts = run.find(f"{W}rPr/{W}rFonts")
        assert fonts is not None and fonts.get(qn("w:eastAsia")), run.xpath("string(.)")
    title = document.paragraphs[0].runs[0]
    assert title.bold and title._r.find(f"{W}rPr/{W}rFonts").get(qn("w:eastAsia")) == "宋体"


def _tcs(tr):
    return tr.findall(f"{W}tc")


def _span(tc) -> tuple[int, str | None, str]:
    pr = tc.find(f"{W}tcPr")
    span = pr.find(f"{W}gridSpan")
    merge = pr.find(f"{W}vMerge")
    vmerge = None if merge is None else (merge.get(qn("w:val")) or "continue")
    return (int(span.get(qn("w:val"))) if span is not None else 1, vmerge, tc.xpath("string(.)"))


@pytest.mark.parametrize("code", ["2019", "2021"])
def test_docx_table_three_has_the_official_merged_header(code, rendered_docx):
    table = Document(io.BytesIO(rendered_docx[code])).tables[1]
    rows = table._tbl.findall(f"{W}tr")
    assert [_span(tc) for tc in _tcs(rows[0])] == [(3, "restart", BALANCE_NOTE), (7, None, "申请人情况")]
    assert [_span(tc)[:2] for tc in _tcs(rows[1])] == [(3, "continue"), (1, "restart"), (5, None), (1, "restart")]
    assert [_span(tc)[2] for tc in _tcs(rows[1])] == ["", "自然人", "法人或其他组织", "总计"]
    assert [_span(tc) for tc in _tcs(rows[2])] == [
        (3, "continue", ""),
        (1, "continue", ""),
        *((1, None, label) for label in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")),
        (1, "continue", ""),
    ]
    assert all(row.find(f"{W}trPr/{W}tblHeader") is not None for row in rows[:3])
    # Body: 一/二/四 across the three label columns; 三 merged down every outcome row incl. （七）总计.
    assert _span(_tcs(rows[3])[0]) == (3, None, "一、本年新收政府信息公开申请数量")
    assert _span(_tcs(rows[-1])[0]) == (3, None, "四、结转下年度继续办理")
    outcome_rows = rows[5:-1]
    assert len(outcome_rows) == len(FORMATS[code].outcome_keys) + 1
    assert _span(_tcs(outcome_rows[0])[0]) == (1, "restart", "三、本年度办理结果")
    assert all(_span(_tcs(row)[0])[:2] == (1, "continue") for row in outcome_rows[1:])
    assert _span(_tcs(outcome_rows[0])[1]) == (2, None, "（一）予以公开")
    withheld = [_span(_tcs(row)[1]) for row in outcome_rows[2:10]]
    assert withheld[0] == (1, "restart", "（三）不予公开")
    assert all(span[:2] == (1, "continue") for span in withheld[1:])
    other = [_span(_tcs(row)[1]) for row in outcome_rows if _span(_tcs(row)[1])[2].startswith("（六）")]
    if code == "2019":
        assert other == [(2, None, "（六）其他处理")]  # one row in the trial format
    else:
        assert other == [(1, "restart", "（六）其他处理")]
    assert _span(_tcs(outcome_rows[-1])[1]) == (2, None, "（七）总计")


def test_docx_table_four_has_the_official_merged_header(rendered_docx):
    rows = Document(io.BytesIO(rendered_docx["2021"])).tables[2]._tbl.findall(f"{W}tr")
    assert [_span(tc) for tc in _tcs(rows[0])] == [(5, None, "行政复议"), (10, None, "行政诉讼")]
    second = [_span(tc) for tc in _tcs(rows[1])]
    assert second[:5] == [(1, "restart", label) for label in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")]
    assert second[5:] == [(5, None, "未经复议直接起诉"), (5, None, "复议后起诉")]
    assert [_span(tc)[1] for tc in _tcs(rows[2])][:5] == ["continue"] * 5
    assert len(_tcs(rows[3])) == 15


def test_docx_is_deterministic():
    report = numbered_report("2021")
    assert render_docx(report) == render_docx(copy.deepcopy(report))


@pytest.mark.parametrize("parent", [True, False])
def test_2019_local_extra_rows_render_under_their_parent_and_read_back(parent):
    report = with_extra_rows(numbered_report("2019"), parent=parent)
    data = render_docx(report)
    table = read_docx_tables(data)[0]
    lines = [row for row in table if row[0] == "其他对外管理服务事项"]
    assert [row[1] for row in lines] == ["行政检查", "行政确认"]
    assert lines[0][2:] == ["901", "-901", "902"]
    expected = with_extra_rows(numbered_report("2019"), parent=True)  # the reader names the parent
    assert figures_from_docx(data, "2019") == figures(expected)
    assert figures_from_html(render_html(report), "2019") == figures(expected)
    # The label is one cell merged down the two local rows.
    rows = Document(io.BytesIO(data)).tables[0]._tbl.findall(f"{W}tr")
    merged = [_span(_tcs(row)[0]) for row in rows if len(_tcs(row)) == 5]
    assert (1, "restart", "其他对外管理服务事项") in merged and (1, "continue", "") in merged


def test_seed_2020_report_reads_back_exactly():
    report = seed_2020()
    data = render_docx(report)
    assert figures_from_docx(data, "2019") == figures(report)
    table = read_docx_tables(data)[0]
    assert ["政府集中采购", "政府集中采购", "31", "4176.9529", "4176.9529"] in table
    assert ["行政处罚", "行政处罚", "6", "408", "118"] in table
    assert text_of(data).startswith(f"{AGENCY}\n2020年政府信息公开工作年度报告")
    assert figures_from_html(render_html(report), "2019") == figures(report)


def test_readback_parses_cells_as_real_reports_write_them():
    assert parse_count("+408") == 408 and parse_count("-8") == -8 and parse_count(" 1 2 ") == 12
    assert parse_count("") is None and parse_count("—") is None and parse_count("无") is None
    assert parse_money("4176.9529万元") == "4176.9529" and parse_money("0") == "0" and parse_money("/") is None


# -------------------------------------------------------------------------------------- HTML


@pytest.mark.parametrize("code", ["2019", "2021"])
@pytest.mark.parametrize("standalone", [True, False])
def test_html_reads_back_to_the_same_figures(code, standalone):
    report = numbered_report(code)
    assert figures_from_html(render_html(report, standalone=standalone), code) == figures(report)


@pytest.mark.parametrize("code", ["2019", "2021"])
def test_html_tables_merge_exactly_like_the_docx(code, rendered_docx):
    html = render_html(numbered_report(code))
    assert read_html_tables(html) == read_docx_tables(rendered_docx[code])


@pytest.mark.parametrize("code", ["2019", "2021"])
def test_html_is_accessible_and_csp_clean(code):
    html = render_html(with_extra_rows(numbered_report(code)) if code == "2019" else numbered_report(code))
    assert html.startswith("<!doctype html>") and '<html lang="zh-Hans">' in html
    assert '<link rel="stylesheet" href="/static/gongkai/report.css">' in html
    assert "style=" not in html and "<style" not in html and "<script" not in html.lower()
    assert "http://" not in html and "https://" not in html and "//" not in html.replace("<!doctype", "")
    assert html.count("<h1") == 1 and html.count("<h2") == 6
    tables = re.findall(r"<table.*?</table>", html, re.S)
    assert len(tables) == 3
    for table in tables:
        assert re.search(r"<table[^>]*>\s*<caption>[^<]+</caption>", table)
        headers = re.findall(r"<th\b[^>]*>", table)
        assert headers and all(re.search(r'scope="(col|row|rowgroup)"', th) for th in headers)
    assert 'rowspan="3" class="note">' + BALANCE_NOTE in html
    assert '<th scope="col" colspan="7">申请人情况</th>' in html


def test_html_fragment_is_just_the_article():
    html = render_html(numbered_report("2021"), standalone=False)
    assert html.startswith('<article class="report-document" lang="zh-Hans">')
    assert html.rstrip().endswith("</article>")
    assert "<html" not in html and "<link" not in html and "<head>" not in html
    assert '<time datetime="2025-01-29">2025年1月29日</time>' in html


def test_html_escapes_the_narrative():
    report = numbered_report("2021")
    report["sections"]["六"] = "<script>alert(1)</script>"
    html = render_html(report)
    assert "<script>" not in html and "&lt;script&gt;" in html


# --------------------------------------------------------------------------------------- PDF


def _inflated(pdf: bytes) -> bytes:
    chunks = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.DOTALL):
        try:
            chunks.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"\n".join(chunks)


@pytest.mark.parametrize("code", ["2019", "2021"])
def test_pdf_is_an_a4_document_in_noto_cjk(code):
    report = with_extra_rows(numbered_report(code)) if code == "2019" else numbered_report(code)
    pdf = render_pdf(report)
    assert pdf.startswith(b"%PDF-")
    content = _inflated(pdf)
    pages = re.findall(rb"/Type\s*/Page(?![s\w])", content)
    assert 2 <= len(pages) <= 8
    assert re.search(rb"/MediaBox\s*\[\s*0\s+0\s+595\.\d*\s+841\.\d*", content)  # A4 in points
    fonts = {name.decode() for name in re.findall(rb"/BaseFont\s*/([\w+.-]+)", content)}
    assert any("Noto-Serif-CJK-SC" in name for name in fonts), fonts
    # No figure readback from the PDF: pdfplumber is not a dependency of the project (readback.py).


def test_pdf_html_carries_no_link_and_no_url():
    html = render_report_html(numbered_report("2021"), standalone=True, stylesheet=None)
    assert "<link" not in html and "http" not in html
