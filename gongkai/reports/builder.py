"""Assembling a report's data (report-data.md) from records, entered figures and narrative."""

from __future__ import annotations

import copy
import datetime as dt

from gongkai.catalog.compliance import compliance_summary
from gongkai.catalog.selectors import document_counts
from gongkai.organizations.models import Agency
from gongkai.statute.reports import FORMATS, check, format_for_year
from gongkai.statute.reports.formats import empty_report

from . import selectors
from .models import AnnualReport
from .narrative import directory_sentence, draft_sections


def _directory_line(agency: Agency, year: int) -> str:
    summary = compliance_summary(agency, dt.date(year, 12, 31))
    return directory_sentence(year, summary.total, summary.areas)


class NoReportData(LookupError):
    """Nothing in the records or entered by staff concerns that agency and year."""


def current_report(agency: Agency, year: int) -> AnnualReport | None:
    """The latest version of the agency's report on ``year``."""
    return AnnualReport.objects.filter(agency=agency, year=year).order_by("-version").first()


def merge_entered(data: dict, entered: dict) -> None:
    """Put the cells staff entered into table 二 (unknown keys are ignored, never invented)."""
    proactive = data["proactive"]
    for key, cells in (entered or {}).items():
        if key == "extra_rows":
            proactive["extra_rows"] = copy.deepcopy(cells)
        elif key in proactive and cells is None:
            proactive[key] = None  # a row replaced by local extra rows
        elif key in proactive and isinstance(cells, dict):
            for cell, value in cells.items():
                if cell in proactive[key]:
                    proactive[key][cell] = value


def build_report_data(
    *,
    agency: Agency,
    year: int,
    fmt_code: str | None = None,
    report: AnnualReport | None = None,
    with_previous: bool = True,
    require_data: bool = False,
) -> dict:
    """The report's data with its findings. A published report returns its frozen snapshot."""
    if report is not None and report.is_frozen and report.snapshot and fmt_code in (None, report.format):
        return copy.deepcopy(report.snapshot)
    if require_data and report is None and not selectors.has_records(agency=agency, year=year):
        raise NoReportData(f"{agency.name}{year}年度既没有办理记录，也没有填报的年度报告，无法生成报告")
    fmt = FORMATS[fmt_code or (report.format if report else format_for_year(year).code)]
    data = empty_report(fmt, year=year, agency=agency.name)
    data["requests"] = selectors.request_table(agency=agency, year=year, fmt=fmt)
    data["remedies"] = selectors.remedy_table(agency=agency, year=year)
    data["fees"] = selectors.fee_facts(agency=agency, year=year)
    if report is not None:
        merge_entered(data, report.entered)
        data["sources"] = dict(report.sources)
    if selectors.has_catalog(agency=agency):
        # Once the agency keeps its catalogue here, 表二 (一) comes from it, not from typing.
        for key, cells in document_counts(agency=agency, year=year, fmt_code=fmt.code).items():
            data["proactive"][key] = cells
            data.setdefault("sources", {})[key] = "本系统政府信息公开目录"
    previous = _previous(agency, year) if with_previous else None
    sections = dict(report.sections) if report is not None and report.sections else {}
    if not sections:
        problems = (previous or {}).get("sections", {}).get("五", "") if previous else ""
        sections = draft_sections(
            data, agency=agency.name, previous_problems=problems, directory_line=_directory_line(agency, year)
        )
    data["sections"] = {number: sections.get(number, "") for number in data["sections"]}
    data["title"] = f"{agency.name}{year}年政府信息公开工作年度报告"
    published_on = report.published_on if report is not None else None
    findings = check(
        data,
        previous=previous,
        published_on=published_on,
        report_due=agency.report_due,
        fees_collected=int(data["fees"]["notices"]) > 0,
    )
    data["findings"] = [f.as_dict() for f in findings]
    if published_on:
        data["published_on"] = published_on.isoformat()
    return data


def _previous(agency: Agency, year: int) -> dict | None:
    """Last year's report data: its published snapshot, else built from the records if any."""
    report = current_report(agency, year - 1)
    if report is None and not selectors.has_records(agency=agency, year=year - 1):
        return None
    return build_report_data(agency=agency, year=year - 1, report=report, with_previous=False)
