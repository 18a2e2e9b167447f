"""A batch's results as .json (the CLI's --json list) and as an .xlsx workbook for supervisors.

Workbook sheets: 报告 (one row per file: agency, year, format, counts, codes), 问题 (one row per
finding), 表三 and 表四 (every report's figures, one row per report and table row, so a supervisor
can filter and sum them), 表二 (one row per report, table row and cell).

Every text in the workbook comes from an uploaded file, so a text that Excel would read as a
formula ("=HYPERLINK(…)") is stored as plain text.
"""

from __future__ import annotations

import io
import json

from gongkai.statute.reports.formats import APPLICANT_COLUMNS, FORMATS, REMEDY_COLUMNS, REMEDY_GROUPS

from .models import Batch

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
JSON_CONTENT_TYPE = "application/json; charset=utf-8"
SEVERITY = {"error": "错误", "warning": "警告"}


def batch_results(batch: Batch) -> list[dict]:
    """The results in upload order; a file not inspected yet has no entry."""
    return [item.result for item in batch.items.defer("content") if item.result is not None]


def batch_json(batch: Batch) -> bytes:
    return json.dumps(batch_results(batch), ensure_ascii=False, indent=2).encode()


def _counts(result: dict) -> tuple[int, int]:
    findings = result.get("findings") or []
    return (
        sum(1 for f in findings if f.get("severity") == "error"),
        sum(1 for f in findings if f.get("severity") == "warning"),
    )


def batch_xlsx(batch: Batch) -> bytes:
    from openpyxl import Workbook

    results = batch_results(batch)
    book = Workbook()
    reports = book.active
    reports.title = "报告"
    _append(reports, ["文件", "机关", "年度", "格式", "文件类型", "错误", "警告", "问题代码"])
    for r in results:
        errors, warnings = _counts(r)
        codes = "、".join(sorted({f.get("code", "") for f in r.get("findings") or []}))
        fmt = FORMATS.get(r.get("format") or "")
        _append(
            reports,
            [r.get("file"), r.get("agency"), r.get("year"), fmt.name if fmt else r.get("format"),
             r.get("file_type"), errors, warnings, codes],
        )  # fmt: skip
    findings = book.create_sheet("问题")
    _append(findings, ["文件", "机关", "年度", "级别", "代码", "位置", "说明", "单元格"])
    for r in results:
        for f in r.get("findings") or []:
            _append(
                findings,
                [r.get("file"), r.get("agency"), r.get("year"), SEVERITY.get(f.get("severity"), f.get("severity")),
                 f.get("code"), f.get("where"), f.get("message"), "、".join(f.get("cells") or [])],
            )  # fmt: skip
    requests = book.create_sheet("表三")
    _append(requests, ["文件", "机关", "年度", "项目", *APPLICANT_COLUMNS])
    remedies = book.create_sheet("表四")
    _append(remedies, ["文件", "机关", "年度", "类别", *REMEDY_COLUMNS])
    proactive = book.create_sheet("表二")
    _append(proactive, ["文件", "机关", "年度", "项目", "单元格", "数值"])
    for r in results:
        head = [r.get("file"), r.get("agency"), r.get("year")]
        fmt = FORMATS.get(r.get("format") or "")
        for key, row in (r.get("requests") or {}).items():
            label = fmt.row_label(key) if fmt and key in fmt.request_keys else key
            _append(requests, [*head, label, *(row or [])])
        for key, label in REMEDY_GROUPS:
            row = (r.get("remedies") or {}).get(key)
            if row is not None:
                _append(remedies, [*head, label, *row])
        for key, cells in (r.get("proactive") or {}).items():
            if key == "extra_rows":
                for extra in cells or []:
                    for cell, value in (extra.get("cells") or {}).items():
                        _append(proactive, [*head, f"{extra.get('block', '')} {extra.get('label', '')}", cell, value])
            elif isinstance(cells, dict):
                spec = next((row for row in fmt.proactive if row.key == key), None) if fmt else None
                label = f"{spec.block} {spec.label}" if spec else key
                names = dict(spec.cells) if spec else {}
                for cell, value in cells.items():
                    _append(proactive, [*head, label, names.get(cell, cell), value])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _append(sheet, values: list) -> None:
    sheet.append([_plain(v) for v in values])
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str) and cell.value.startswith("="):
            cell.data_type = "s"  # a text from a report, never a formula


def _plain(value):
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if value is None or isinstance(value, bool | int | float):
        return value
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return ILLEGAL_CHARACTERS_RE.sub("", text)  # control characters from a file are not allowed in xlsx
