"""The generated .docx opens in LibreOffice (converted to PDF headless) and reads back exactly."""

import shutil
import subprocess

import pytest

from gongkai.reports.rendering.docx import render_docx
from gongkai.reports.rendering.readback import figures_from_docx
from gongkai.statute.reports.formats import FORMAT_2021, empty_report

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed (CI installs it)")
def test_docx_opens_in_libreoffice_and_reads_back(tmp_path):
    report = empty_report(FORMAT_2021, year=2024, agency="北京市门头沟区潭柘寺镇人民政府")
    n = 0
    for key in report["requests"]:
        report["requests"][key] = [n + i for i in range(6)] + [sum(n + i for i in range(6))]
        n += 1
    for row in FORMAT_2021.proactive:
        report["proactive"][row.key] = {k: ("1.5" if k in row.money else 7) for k, _ in row.cells}
    report["sections"] = {"一": "总体情况。", "二": "", "三": "", "四": "", "五": "问题。", "六": "无。"}
    data = render_docx(report)
    source = tmp_path / "report.docx"
    source.write_bytes(data)
    result = subprocess.run(
        [
            SOFFICE,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    pdf = tmp_path / "report.pdf"
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")
    figures = figures_from_docx(data, "2021")
    assert figures["requests"] == report["requests"]
