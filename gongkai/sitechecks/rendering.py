"""The self-inspection report (自查报告) of a stored check, as .docx, PDF and JSON.

All are drawn from one outline built from the stored findings and figures and the 整改情况 staff
recorded, so the files and the staff page say the same thing. What nobody recorded is printed as
an empty cell or a blank line to fill by hand, never as a hint to fill it in. The .docx uses the
house page set-up (core.officedocs); the PDF is an HTML template printed by WeasyPrint with system
Noto CJK fonts and a URL fetcher that allows data: URIs only, so rendering touches neither the
network nor the file system.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.shared import Cm, Pt

from gongkai.core.officedocs import BODY_FONT, TITLE_FONT, TITLE_SIZE, set_fonts, setup_official_page
from gongkai.statute import sitecheck as rules

from .models import SiteCheck

logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

HEADING_FONT = "黑体"
TABLE_FONT = "宋体"
TEXT_SIZE = Pt(14)  # 四号: the report is a working paper with long tables, not a 公文
TABLE_SIZE = Pt(10.5)  # 五号
SEVERITY_LABELS = {str(k): v for k, v in rules.SEVERITY_LABELS.items()}


@dataclass
class Outline:
    title: str
    agency: str
    period: str
    checked_on: dt.date
    verdict: str
    passed: bool
    veto_reasons: list[str]
    indicators: list[list[str]]  # 指标, 标准, 检查情况, 结果
    columns: list[list[str]]  # 栏目, 类别, 条数, 最近更新, 状态
    figures: list[tuple[str, str]]
    findings: list[dict] = field(default_factory=list)
    # 标准目录落实情况: 领域, 事项数, 按时公开, 逾期, 从未公开 (the last row the total); a sentence
    # when there is no table; the items past their 时限 (领域, 事项, 责任科室, 应公开).
    directory: list[list[str]] = field(default_factory=list)
    directory_note: str = ""
    directory_overdue: list[list[str]] = field(default_factory=list)
    # 序号, 问题, 整改措施, 责任人, 完成时限 (and 完成日期 once done): "" where nothing was recorded.
    rectifications: list[list[str]] = field(default_factory=list)


# The signature block (签字栏): printed as labels with blank lines, for the signatures and the seal.
SIGNATURES = ("自查人（签字）", "审核人（签字）")
BLANK_DATE = "　　　　年　　月　　日"


def _column_state(column: dict) -> str:
    if column.get("no_information") and not column["count"]:
        return f"{column['state']}（{column['no_information']}）"
    return column["state"]


def _rectifications(check: SiteCheck) -> list[list[str]]:
    recorded = {r.finding: r for r in check.rectifications.all()}
    rows = []
    for n, finding in enumerate(check.rectifiable_findings, 1):
        entry = recorded.get(finding["code"])
        when = ""
        if entry is not None and entry.due_on:
            when = _date(entry.due_on)
        if entry is not None and entry.done_on:
            when = (f"{when}；" if when else "") + f"已于{_date(entry.done_on)}完成"
        rows.append(
            [
                str(n),
                f"{finding['indicator']}：{finding['message']}",
                entry.measure if entry else "",
                entry.responsible if entry else "",
                when,
            ]
        )
    return rows


DIRECTORY_HEADER = ["领域", "事项数", "按时公开", "逾期", "从未公开"]
OVERDUE_HEADER = ["领域", "事项", "责任科室", "应公开"]
DIRECTORY_UNITS = (
    "“按时公开”“逾期”为按公开时限截至检查日应公开的次数，“逾期”指已过时限仍未公开；"
    "“从未公开”为没有任何已公开文件的事项数。"
)


def _directory(check: SiteCheck) -> tuple[list[list[str]], str, list[list[str]]]:
    """The 标准目录 table, the sentence under (or instead of) it, and the overdue items."""
    data = check.summary.get("directory")
    if data is None:
        return [], "本次自查未统计标准目录落实情况。", []
    if not data["kept"]:
        return [], "本机关尚未在本平台建立标准目录。", []
    keys = ("items", "met", "overdue", "never_published")
    rows = [[a["area"], *(str(a[k]) for k in keys)] for a in data["areas"]]
    rows.append(["合计", *(str(sum(a[k] for a in data["areas"])) for k in keys)])
    note = DIRECTORY_UNITS
    late = sum(a["late"] for a in data["areas"])
    if late:
        note += f"另有{late}次超过时限后才公开。"
    overdue = [[o["area"], o["item"], o["department"], "；".join(o["due"])] for o in data["overdue"]]
    return rows, note, overdue


def _date(value) -> str:
    if not value:
        return "—"
    day = dt.date.fromisoformat(value) if isinstance(value, str) else value
    return f"{day.year}年{day.month}月{day.day}日"


def _has(check: SiteCheck, *codes: str) -> bool:
    return any(f["code"] in codes and f["severity"] == "veto" for f in check.findings)


def outline(check: SiteCheck) -> Outline:
    f = check.summary.get("figures", {})
    result = {True: "否决", False: "通过"}
    status = f.get("homepage_status")
    indicators = [
        [
            "站点无法访问",
            "检查时首页能正常打开（以一次访问代替连续1周监测）",
            "无响应" if status is None else f"HTTP {status}，用时{f.get('homepage_ms') or 0}毫秒",
            result[_has(check, "site.unreachable")],
        ],
        [
            "首页不更新",
            f"首页最新信息距检查日不超过{rules.HOMEPAGE_MAX_AGE_DAYS}天",
            "首页没有带日期的信息"
            if f.get("homepage_age_days") is None
            else f"最新信息{_date(f.get('homepage_newest_on'))}，{f['homepage_age_days']}天前",
            result[_has(check, "homepage.not_updated")],
        ],
        [
            "栏目不更新",
            f"动态要闻类2周、政策文件类6个月未更新栏目少于{rules.STALE_COLUMNS_VETO}个；"
            f"长期未更新栏目少于{rules.LONG_UNUPDATED_COLUMNS_VETO}个；空白栏目少于{rules.EMPTY_COLUMNS_VETO}个",
            f"共{f.get('columns_total', 0)}个栏目：未按期更新{f.get('columns_stale', 0)}个，"
            f"长期未更新{f.get('columns_long_unupdated', 0)}个，空白{f.get('columns_empty', 0)}个",
            result[_has(check, "columns.stale", "columns.long_unupdated", "columns.empty")],
        ],
        [
            "互动回应差",
            "有可用的网上咨询建议渠道；检查前1年内没有超过3个月未答复的有效留言",
            ("有意见箱" if f.get("has_consultation_channel") else "意见箱无法打开")
            + f"；有效留言{f.get('messages', 0)}条，超过3个月未答复{f.get('messages_unanswered_3_months', 0)}条",
            result[_has(check, "interaction.no_channel", "interaction.unanswered")],
        ],
        [
            "严重问题（弄虚作假）",
            "没有发布日期早于成文日期、日期晚于检查日等伪造或不合常理的日期",
            f"{f.get('documents_forged_dates', 0)}件",
            result[_has(check, "dates.forged")],
        ],
        ["安全、泄密事故；服务不实用", "—", "本工具不能自动检查，请人工核查", "人工核查"],
    ]
    columns = [
        [c["title"], c["freshness"], str(c["count"]), _date(c["newest_on"]), _column_state(c)]
        for c in check.summary.get("columns", [])
    ]
    figures = [
        ("检查的页面数", str(f.get("pages_crawled", 0))),
        ("检查的站内链接数", str(f.get("links_checked", 0))),
        ("首页不可用链接", str(f.get("broken_homepage_links", 0))),
        ("其他页面不可用链接", str(f.get("broken_page_links", 0))),
        ("文件中已检测的链接", str(f.get("document_links_checked", 0))),
        ("文件中的不可用链接", str(f.get("broken_document_links", 0))),
        ("公开文件数", str(f.get("documents_public", 0))),
        ("本季度超过20个工作日公开的文件", str(f.get("documents_late_quarter", 0))),
        (f"{check.period_end.year}年以来超过20个工作日公开的文件", str(f.get("documents_late_year", 0))),
        ("已过答复期限未答复的留言", str(f.get("messages_past_due", 0))),
    ]
    directory, directory_note, directory_overdue = _directory(check)
    findings = [
        {**finding, "severity_label": SEVERITY_LABELS.get(finding["severity"], "")} for finding in check.findings
    ]
    return Outline(
        title=check.title,
        agency=check.agency.name,
        period=f"{_date(check.period_start)}至{_date(check.period_end)}",
        checked_on=check.checked_on,
        verdict=check.get_verdict_display(),
        passed=check.passed,
        veto_reasons=list(check.summary.get("veto_reasons", [])),
        indicators=indicators,
        columns=columns,
        figures=figures,
        findings=findings,
        rectifications=_rectifications(check),
        directory=directory,
        directory_note=directory_note,
        directory_overdue=directory_overdue,
    )


# -- .docx -------------------------------------------------------------------------------------


class _Docx:
    def __init__(self, title: str, author: str, when: dt.date):
        self.doc = Document()
        setup_official_page(self.doc)
        props = self.doc.core_properties
        props.title, props.author, props.last_modified_by = title, author, author
        props.created = props.modified = dt.datetime(when.year, when.month, when.day, tzinfo=dt.UTC)

    def paragraph(self, text: str, *, font=BODY_FONT, size=TEXT_SIZE, bold=False, align=None, indent=False):
        p = self.doc.add_paragraph()
        fmt = p.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(size.pt * 1.6)
        if align is not None:
            fmt.alignment = align
        if indent:
            fmt.first_line_indent = Pt(size.pt * 2)
        run = p.add_run(text)
        run.font.size, run.bold = size, bold or None
        set_fonts(run._r, font)
        return p

    def heading(self, text: str):
        return self.paragraph(text, font=HEADING_FONT, size=Pt(16))

    def blank(self, label: str, width: int = 8) -> None:
        """``label``：followed by an underlined blank (full-width spaces) to sign or write on."""
        p = self.paragraph(f"{label}：")
        run = p.add_run("　" * width)
        run.font.size, run.font.underline = TEXT_SIZE, True
        set_fonts(run._r, BODY_FONT)

    def table(self, header: list[str], rows: list[list[str]], *, min_height=None, widths=None):
        table = self.doc.add_table(rows=1 + len(rows), cols=len(header))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        if widths is not None:
            table.autofit = False
            for column, width in zip(table.columns, widths, strict=True):
                column.width = width  # the grid LibreOffice reads; Word reads the cells' widths
        for r, values in enumerate([header, *rows]):
            for c, value in enumerate(values):
                cell = table.cell(r, c)
                if widths is not None:
                    cell.width = widths[c]
                cell.text = ""
                p = cell.paragraphs[0]
                p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
                p.paragraph_format.keep_with_next = r == 0 or None  # no header row alone at a page foot
                run = p.add_run(value)
                run.font.size, run.bold = TABLE_SIZE, (r == 0) or None
                set_fonts(run._r, TABLE_FONT)
            if min_height is not None and r > 0:
                table.rows[r].height = min_height  # room to write by hand
        # The header row repeats on every page the table runs over.
        table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        return table


def render_docx(check: SiteCheck) -> bytes:
    o = outline(check)
    w = _Docx(o.title, o.agency, o.checked_on)
    w.paragraph(o.title, font=TITLE_FONT, size=TITLE_SIZE, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    w.paragraph(f"检查范围：{o.agency}在本平台的政府信息公开专栏；所查季度：{o.period}；检查日：{_date(o.checked_on)}")
    w.heading("一、检查结论")
    w.paragraph(f"结论：{o.verdict}", bold=True)
    if o.veto_reasons:
        w.paragraph("触发单项否决指标：")
        for n, reason in enumerate(o.veto_reasons, 1):
            w.paragraph(f"{n}. {reason}", indent=True)
    else:
        w.paragraph("未触发单项否决指标。扣分指标的分值未纳入本工具，下列问题请逐项整改。", indent=True)
    w.heading("二、单项否决指标")
    w.table(["指标", "标准", "检查情况", "结果"], o.indicators)
    w.heading("三、栏目更新情况")
    w.table(["栏目", "更新要求", "信息条数", "最近更新", "状态"], o.columns)
    w.heading("四、标准目录落实情况")
    if o.directory:
        w.table(DIRECTORY_HEADER, o.directory)
    w.paragraph(o.directory_note, size=Pt(12), indent=True)
    if o.directory_overdue:
        w.paragraph("逾期未公开的事项：")
        w.table(OVERDUE_HEADER, o.directory_overdue)
    w.heading("五、主要数据")
    w.table(["项目", "数量"], [list(row) for row in o.figures])
    w.heading("六、问题清单")
    if not o.findings:
        w.paragraph("未发现问题。", indent=True)
    for n, finding in enumerate(o.findings, 1):
        w.paragraph(f"{n}. 【{finding['severity_label']}】{finding['indicator']}：{finding['message']}", bold=True)
        for detail in finding["details"]:
            w.paragraph(f"· {detail}", size=Pt(12), indent=True)
    w.heading("七、整改情况")
    if o.rectifications:
        w.table(
            ["序号", "问题", "整改措施", "责任人", "完成时限"],
            o.rectifications,
            min_height=Cm(1.6),
            widths=[Cm(1.2), Cm(5.6), Cm(4.6), Cm(1.8), Cm(2.4)],
        )
    else:
        w.paragraph("没有需要整改的问题。", indent=True)
    w.paragraph("")
    for label in SIGNATURES:
        w.blank(label)
    w.paragraph(f"日期：{BLANK_DATE}")
    w.paragraph("")
    w.paragraph(o.agency, align=WD_ALIGN_PARAGRAPH.RIGHT)
    w.paragraph("（单位盖章）", align=WD_ALIGN_PARAGRAPH.RIGHT)
    w.paragraph(BLANK_DATE, align=WD_ALIGN_PARAGRAPH.RIGHT)
    out = io.BytesIO()
    w.doc.save(out)
    return out.getvalue()


# -- PDF ---------------------------------------------------------------------------------------


def render_html(check: SiteCheck) -> str:
    context = {
        "o": outline(check),
        "signatures": SIGNATURES,
        "blank_date": BLANK_DATE,
        "directory_header": DIRECTORY_HEADER,
        "overdue_header": OVERDUE_HEADER,
    }
    return render_to_string("sitechecks/report_document.html", context)


def render_pdf(check: SiteCheck) -> bytes:
    # Imported here: WeasyPrint loads Pango and fonts, which only PDF rendering needs.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"data"})
    return HTML(string=render_html(check), url_fetcher=fetcher, media_type="print").write_pdf()


# -- JSON --------------------------------------------------------------------------------------


def render_json(check: SiteCheck) -> bytes:
    """The stored check as data, with the 整改情况 recorded so far (null where nothing was)."""
    recorded = {r.finding: r for r in check.rectifications.all()}

    def rectification(code: str) -> dict | None:
        entry = recorded.get(code)
        if entry is None:
            return None
        return {
            "measure": entry.measure,
            "responsible": entry.responsible,
            "due_on": entry.due_on.isoformat() if entry.due_on else None,
            "done_on": entry.done_on.isoformat() if entry.done_on else None,
        }

    data = {
        "title": check.title,
        "agency": check.agency.name,
        "verdict": check.get_verdict_display(),
        "checked_on": str(check.checked_on),
        "period": [str(check.period_start), str(check.period_end)],
        "findings": check.findings,
        **check.summary,
        "rectifications": [
            {"finding": f["code"], "rectification": rectification(f["code"])} for f in check.rectifiable_findings
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2).encode()
