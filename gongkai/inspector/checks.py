"""Inspecting published reports: extraction, then every statute rule, then the document's own checks.

``inspect_document`` checks one report; ``inspect_many`` also compares reports of the same agency
for consecutive years (carryover.mismatch, in_force.drift) when they are inspected together.
Findings beyond report-data.md's list, all about the document rather than its figures:
table.missing (error), table.row_unknown (warning), section.heading (warning).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from gongkai.statute.periods import REPORT_DUE_JANUARY_31, REPORT_DUE_MARCH_31
from gongkai.statute.reports import rules, textrules
from gongkai.statute.reports.formats import APPLICANT_COLUMNS, FORMATS, REMEDY_GROUPS, SECTIONS
from gongkai.statute.reports.rules import ERROR, WARNING, Finding

from .document import ReportDocument
from .extract import TABLE_NAMES, Extraction, parse_heading, read_report
from .labels import compact

_SECTION_TITLES = dict(SECTIONS)
_CN = "一二三四五六"
_TABLE_CELLS = {"二": "proactive.", "三": "requests.", "四": "remedies."}


def inspect_document(
    doc: ReportDocument,
    *,
    published_on: dt.date | None = None,
    report_due: str | None = None,
) -> dict:
    """The report-data.md dict of ``doc`` with its findings (each as a dict with "cells").

    ``published_on`` (the date the report went online) enables publication.late; the deadline
    (``report_due`` "01-31" or "03-31") defaults to one guessed from the agency's name.
    """
    return _inspect(read_report(doc), previous=None, published_on=published_on, report_due=report_due)


def inspect_many(
    docs: list[ReportDocument],
    *,
    published_on: dict[str, dt.date] | None = None,
) -> list[dict]:
    """Each document inspected (in the given order), and compared with the report of the same
    agency for the year before when that report is among ``docs``. ``published_on`` maps a
    document's source to its publication date."""
    extractions = [read_report(doc) for doc in docs]
    results = []
    for doc, extraction in zip(docs, extractions, strict=True):
        previous = _previous(extraction, extractions)
        date = (published_on or {}).get(doc.source)
        results.append(_inspect(extraction, previous=previous, published_on=date, report_due=None))
    return results


def same_agency(a: str, b: str) -> bool:
    """ "洪泽区人民政府" and "淮安市洪泽区人民政府" are one agency (one name ends with the other)."""
    a, b = _agency_key(a), _agency_key(b)
    if not a or not b:
        return False
    short, long = sorted((a, b), key=len)
    return short == long or (len(short) >= 4 and long.endswith(short))


def report_due_for(agency: str) -> str:
    """Art. 49: a county-level or higher government publishes by 31 March, a department (and a
    township, in practice) by 31 January. Guessed from the name as printed."""
    name = _agency_key(agency)
    if re.search(r"(镇|乡|街道|办事处)(人民政府)?$", name):
        return REPORT_DUE_JANUARY_31
    if name.endswith(("人民政府", "管理委员会", "管委会", "实验区", "新区")):
        return REPORT_DUE_MARCH_31
    return REPORT_DUE_JANUARY_31


def _agency_key(name: str) -> str:
    return re.sub(r"[^\w]", "", compact(name or ""))


def _previous(extraction: Extraction, extractions: list[Extraction]) -> dict | None:
    report = extraction.report
    if not isinstance(report.get("year"), int):
        return None
    for other in extractions:
        candidate = other.report
        if candidate.get("year") == report["year"] - 1 and same_agency(candidate.get("agency", ""), report["agency"]):
            return candidate
    return None


def _inspect(
    extraction: Extraction, *, previous: dict | None, published_on: dt.date | None, report_due: str | None
) -> dict:
    report = {**extraction.report, "findings": []}
    text = extraction.text
    if published_on is not None and report_due is None:
        report_due = report_due_for(report.get("agency") or "")
    findings = rules.check(
        report,
        previous=previous,
        published_on=published_on,
        report_due=report_due,
        fees_collected=textrules.fees_mentioned(text),
    )
    missing = tuple(_TABLE_CELLS[name] for name in extraction.missing_tables)
    findings = [f for f in findings if not (f.cells and all(c.startswith(missing) for c in f.cells) and missing)]
    findings = [f if f.cells else dataclasses.replace(f, cells=locate_cells(f, report)) for f in findings]
    findings += document_findings(extraction)
    findings += textrules.check_text(report, title=extraction.title, text=text)
    report["findings"] = [f.as_dict() for f in findings]
    return report


def document_findings(extraction: Extraction) -> list[Finding]:
    """Findings about the document itself: its title, its tables and its section headings."""
    out: list[Finding] = []
    if extraction.title_year is None:
        out.append(
            Finding(
                "text.year",
                WARNING,
                "标题中没有写明报告年度（如“2024年政府信息公开工作年度报告”）"
                + (f"，已按正文认定为{extraction.report['year']}年" if extraction.report.get("year") else ""),
                "标题",
            )
        )
    for name in extraction.missing_tables:
        out.append(
            Finding(
                "table.missing",
                ERROR,
                f"未找到表{name}“{TABLE_NAMES[name]}”的数据表格（若表格为图片，请提供文字版）",
                f"表{name}",
            )
        )
    for table, label in extraction.unknown_rows:
        out.append(
            Finding(
                "table.row_unknown",
                WARNING,
                f"表{table}中“{label}”一行不是规定格式中的行，未计入；请核对行名是否被改动",
                f"表{table} {label}",
            )
        )
    out += _heading_findings(extraction)
    return out


def _heading_findings(extraction: Extraction) -> list[Finding]:
    out = []
    found = {n: h for n, h in extraction.headings.items() if h is not None}
    parsed = {n: parse_heading(h.text) for n, h in found.items() if h.text and not h.inferred}
    styles = [p.style for p in parsed.values() if p is not None and p.style != "none"]
    usual = max(set(styles), key=styles.count) if styles else "cn"
    for number, heading in found.items():
        title = _SECTION_TITLES[number]
        where = f"第{number}部分"
        if heading.inferred:
            if heading.text:
                message = f"缺少第{number}部分标题“{number}、{title}”，已从“{heading.text}”处起认定为该部分"
            else:
                message = f"表格前缺少第{number}部分标题“{number}、{title}”"
            out.append(Finding("section.heading", WARNING, message, where))
            continue
        heading_text = parsed.get(number)
        if heading_text is None or heading_text.style == "none":
            continue
        expected = _CN.index(number) + 1
        if heading_text.value != expected or heading_text.style != usual:
            printed = heading_text.printed
            out.append(
                Finding(
                    "section.heading",
                    WARNING,
                    f"第{number}部分标题“{printed}”编号有误，应为“{number}、{title}”",
                    where,
                )
            )
    order = {n: i for i, n in enumerate(_CN)}
    return sorted(out, key=lambda f: order.get(f.where[1:2], 0))


def locate_cells(finding: Finding, report: dict) -> tuple[str, ...]:
    """The cells a statute finding is about, for findings that name them only in ``where``
    ("表三 自然人列", "表四 行政复议 · 总计"), so a page can mark them. Locating, not checking:
    a finding whose place is not recognised keeps no cells."""
    where, code = finding.where, finding.code
    requests = report.get("requests") or {}
    column = next(
        (i for i, name in enumerate(APPLICANT_COLUMNS) if f" {name}列" in where or where.endswith(f"· {name}")), None
    )
    if code == "requests.balance" and column is not None:
        return tuple(f"requests.{key}.{column}" for key in ("new", "carried_in", "total", "carried_out"))
    if code == "requests.outcome_total" and column is not None:
        return tuple(f"requests.{key}.{column}" for key in requests if key not in ("new", "carried_in", "carried_out"))
    if code == "carryover.mismatch" and column is not None:
        return (f"requests.carried_in.{column}",)
    if code == "requests.row_total":
        fmt = FORMATS.get(report.get("format", ""))
        for key in requests:
            if fmt is not None and key in fmt.request_keys and f" {fmt.row_label(key)} · 总计" in where:
                return tuple(f"requests.{key}.{i}" for i in range(len(APPLICANT_COLUMNS)))
    if code == "remedies.total":
        for key, label in REMEDY_GROUPS:
            if f" {label} · 总计" in where:
                return tuple(f"remedies.{key}.{i}" for i in range(5))
    if code == "in_force.drift":
        key = "rules" if "规章" in where else "normative_documents"
        return tuple(f"proactive.{key}.{cell}" for cell in ("issued", "repealed", "in_force"))
    if code == "narrative.mismatch":
        if "本年新收" in where:
            return ("requests.new.6",)
        if "规范性文件" in where:
            return (f"proactive.normative_documents.{'issued' if report.get('format') == '2021' else 'published'}",)
        if "行政复议" in where:
            return ("remedies.reconsideration.4",)
        if "行政诉讼" in where:
            return ("remedies.litigation_direct.4", "remedies.litigation_after_reconsideration.4")
    if code == "fees.unreported" and "other_unpaid_fee" in requests:
        return ("requests.other_unpaid_fee.6",)
    return ()
