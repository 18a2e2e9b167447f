"""Every report the builder renders reads back, through the inspector, to exactly its figures.

Both official formats, as .docx, HTML and PDF, with a distinct number in every cell (so a cell read
from the wrong place cannot pass), with local extra rows in table 二, and with blank cells.

The builder's renderers live in gongkai.reports, a sibling of the inspector in the layers contract
(neither may import the other). This test is where the two meet on purpose, so it loads the
renderers by name at run time instead of importing them.
"""

from __future__ import annotations

import copy
import itertools
import shutil
import subprocess

import pytest

from gongkai.inspector.document import ReportDocument
from gongkai.inspector.extract import extract
from gongkai.inspector.readers.dispatch import read_report, sniff
from gongkai.reports.rendering import docx as docx_renderer
from gongkai.reports.rendering import html as html_renderer
from gongkai.reports.rendering import pdf as pdf_renderer
from gongkai.statute.reports.formats import FORMATS, empty_report

AGENCY = "北京市门头沟区潭柘寺镇人民政府"
FIGURES = ("format", "year", "agency", "proactive", "requests", "remedies")

RENDERERS = {
    "docx": docx_renderer.render_docx,
    "html": lambda report: html_renderer.render_html(report).encode(),
    "pdf": pdf_renderer.render_pdf,
}


def renderer(kind: str):
    return RENDERERS[kind]


def numbered_report(code: str) -> dict:
    """Every cell a distinct number (money with four decimals, some 2019 本年增/减 negative)."""
    fmt = FORMATS[code]
    counter = itertools.count(3)
    report = empty_report(fmt, year=2020 if code == "2019" else 2024, agency=AGENCY)
    for row in fmt.proactive:
        for key, _ in row.cells:
            n = next(counter)
            if key in row.money:
                report["proactive"][row.key][key] = f"{n}.{n:04d}"
            else:
                report["proactive"][row.key][key] = -n if key in row.signed and n % 2 else n
    for key in report["requests"]:
        report["requests"][key] = [next(counter) for _ in range(7)]
    for key in report["remedies"]:
        report["remedies"][key] = [next(counter) for _ in range(5)]
    report["sections"] = {
        "一": "本镇认真贯彻落实《条例》。\n统计期限自{0}年1月1日起至{0}年12月31日止。".format(report["year"]),
        "二": "",
        "三": "",
        "四": "",
        "五": "公开形式单一。",
        "六": "无。",
    }
    report["published_on"] = f"{report['year'] + 1}-01-29"
    return report


def with_extra_rows(report: dict) -> dict:
    report = copy.deepcopy(report)
    report["proactive"]["other_services"] = None
    report["proactive"]["extra_rows"] = [
        {
            "block": "(五)",
            "label": label,
            "parent": "其他对外管理服务事项",
            "cells": {"previous_items": n, "change": -n, "decisions": n + 1},
        }
        for label, n in (("行政检查", 901), ("行政确认", 903))
    ]
    return report


def with_blanks(report: dict) -> dict:
    report = copy.deepcopy(report)
    report["requests"]["carried_in"][2] = None
    report["remedies"]["litigation_direct"][0] = None
    first = "licensing" if report["format"] == "2021" else "rules"
    cells = report["proactive"][first]
    cells[next(iter(cells))] = None
    return report


REPORTS = {
    "2019": numbered_report("2019"),
    "2021": numbered_report("2021"),
    "2019-extra-rows": with_extra_rows(numbered_report("2019")),
    "2021-blanks": with_blanks(numbered_report("2021")),
}


@pytest.mark.parametrize("kind", ["docx", "html", "pdf"])
@pytest.mark.parametrize("name", list(REPORTS))
def test_builder_output_reads_back_to_its_figures(kind, name):
    report = REPORTS[name]
    data = renderer(kind)(report)
    assert sniff(data, f"report.{kind}") == kind
    doc = read_report(data, f"report.{kind}")
    assert isinstance(doc, ReportDocument)

    got = extract(doc)

    assert {key: got.get(key) for key in FIGURES} == {key: report[key] for key in FIGURES}


@pytest.mark.parametrize("kind", ["docx", "html", "pdf"])
def test_builder_output_has_every_section_heading(kind):
    doc = read_report(renderer(kind)(REPORTS["2021"]), f"report.{kind}")
    for heading in ("一、总体情况", "三、收到和处理政府信息公开申请情况", "六、其他需要报告的事项"):
        assert heading in doc.text
    assert "统计期限自2024年1月1日起至2024年12月31日止。" in doc.text


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed (CI installs it)")
@pytest.mark.parametrize("target", ["pdf", "html"])
def test_word_processor_exports_of_the_builder_docx_read_back(tmp_path, target):
    """What most agencies publish is their word processor's export of the .docx (PDF, or "save as
    web page" HTML full of <font>/<span> and inline styles): LibreOffice's exports stand in for it."""
    names = ("2019", "2021-blanks")
    for name in names:
        (tmp_path / f"{name}.docx").write_bytes(renderer("docx")(REPORTS[name]))
    result = subprocess.run(
        [
            SOFFICE,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--convert-to",
            target,
            "--outdir",
            str(tmp_path),
            *(str(tmp_path / f"{name}.docx") for name in names),
        ],
        capture_output=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    for name in names:
        data = (tmp_path / f"{name}.{target}").read_bytes()
        assert sniff(data, f"{name}.{target}") == target
        got = extract(read_report(data, f"{name}.{target}"))
        assert {key: got.get(key) for key in FIGURES} == {key: REPORTS[name][key] for key in FIGURES}
