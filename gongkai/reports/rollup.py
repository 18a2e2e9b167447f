"""A supervisor's summary of the annual reports of a whole subtree (and its .xlsx export)."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from gongkai.organizations.models import Agency
from gongkai.statute.periods import annual_report_deadline
from gongkai.statute.reports import FORMATS, format_for_year
from gongkai.statute.reports.formats import APPLICANT_COLUMNS, REMEDY_COLUMNS, REMEDY_GROUPS, empty_report

from .builder import build_report_data, current_report


@dataclass
class AgencyLine:
    agency: Agency
    status: str  # 未编制 / 草稿 … / 已公布
    published_on: dt.date | None
    deadline: dt.date
    late: bool
    errors: int
    warnings: int
    data: dict | None


@dataclass
class Rollup:
    root: Agency
    year: int
    format: str
    lines: list[AgencyLine] = field(default_factory=list)
    totals: dict = field(default_factory=dict)

    @property
    def missing(self):
        return [line for line in self.lines if line.data is None or line.published_on is None]

    @property
    def late(self):
        return [line for line in self.lines if line.late]

    @property
    def invalid(self):
        return [line for line in self.lines if line.errors]


def build_rollup(*, root: Agency, year: int, today: dt.date) -> Rollup:
    """Sum the subtree's reports (each agency's latest version: published snapshot or draft)."""
    fmt = format_for_year(year)
    agencies = Agency.objects.filter(path__startswith=root.path, is_active=True).order_by("path")
    rollup = Rollup(root=root, year=year, format=fmt.code)
    totals = empty_report(fmt, year=year, agency=f"{root.name}（汇总）")
    for agency in agencies:
        report = current_report(agency, year)
        deadline = annual_report_deadline(year, agency.report_due)
        data = build_report_data(agency=agency, year=year, report=report) if report is not None else None
        published_on = report.published_on if report is not None and report.is_frozen else None
        late = published_on > deadline if published_on else today > deadline
        findings = data["findings"] if data else []
        rollup.lines.append(
            AgencyLine(
                agency=agency,
                status=report.get_status_display() if report else "未编制",
                published_on=published_on,
                deadline=deadline,
                late=late,
                errors=sum(f["severity"] == "error" for f in findings),
                warnings=sum(f["severity"] == "warning" for f in findings),
                data=data,
            )
        )
        if data is not None and data["format"] == fmt.code:
            _add_into(totals, data)
    rollup.totals = totals
    return rollup


def _add_into(totals: dict, data: dict) -> None:
    for key, row in data["requests"].items():
        if key in totals["requests"]:
            totals["requests"][key] = [a + (b or 0) for a, b in zip(totals["requests"][key], row, strict=True)]
    for key, row in data["remedies"].items():
        totals["remedies"][key] = [a + (b or 0) for a, b in zip(totals["remedies"][key], row, strict=True)]
    for key, cells in data["proactive"].items():
        if key == "extra_rows" or not isinstance(cells, dict) or key not in totals["proactive"]:
            continue
        for cell, value in cells.items():
            current = totals["proactive"][key].get(cell)
            totals["proactive"][key][cell] = _plus(current, value)


def _plus(a, b):
    if b is None:
        return a
    if isinstance(b, str) or isinstance(a, str):
        try:
            return str(Decimal(str(a or 0)) + Decimal(str(b)))
        except InvalidOperation:
            return a
    return (a or 0) + b


def rollup_xlsx(rollup: Rollup) -> bytes:
    from openpyxl import Workbook

    fmt = FORMATS[rollup.format]
    book = Workbook()
    sheet = book.active
    sheet.title = "报送情况"
    sheet.append(["机关", "状态", "公布日期", "公布期限", "逾期", "错误", "提示"])
    for line in rollup.lines:
        sheet.append(
            [
                line.agency.name,
                line.status,
                line.published_on.isoformat() if line.published_on else "",
                line.deadline.isoformat(),
                "是" if line.late else "",
                line.errors,
                line.warnings,
            ]
        )
    requests = book.create_sheet("表三汇总")
    requests.append(["项目", *APPLICANT_COLUMNS])
    for key in fmt.request_keys:
        requests.append([fmt.row_label(key), *rollup.totals["requests"][key]])
    remedies = book.create_sheet("表四汇总")
    remedies.append(["类别", *REMEDY_COLUMNS])
    for key, label in REMEDY_GROUPS:
        remedies.append([label, *rollup.totals["remedies"][key]])
    detail = book.create_sheet("分机关明细")
    detail.append(["机关", "本年新收", "上年结转", "办结总计", "结转下年", "行政复议", "行政诉讼"])
    for line in rollup.lines:
        if line.data is None:
            detail.append([line.agency.name, "未编制"])
            continue
        r, m = line.data["requests"], line.data["remedies"]
        detail.append(
            [
                line.agency.name,
                r["new"][-1],
                r["carried_in"][-1],
                r["total"][-1],
                r["carried_out"][-1],
                m["reconsideration"][-1],
                m["litigation_direct"][-1] + m["litigation_after_reconsideration"][-1],
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
