"""Government-website self-check rules (regulation.md §5; Regulation Art. 26).

Pure Python: the sitechecks app gathers the state of an agency's own portal into a ``SiteState``;
``evaluate`` says what is wrong with it under the national indicators (国办秘函〔2019〕19号,
§5.1), the 2015 census rules still quoted in local checks (§5.2) and the derived rules (§5.3).
Any single-veto finding makes the site 不合格. Deduction points are not scored: their values
were not retrieved (§5.1 [U]), so deduction findings are listed with their figures only.
"""

from __future__ import annotations

import calendar as _months
import datetime as dt
from dataclasses import asdict, dataclass

from .calendar import WorkCalendar
from .catalog import check_timeliness
from .report_publication import report_problem
from .site_directory import directory_findings
from .site_state import (  # noqa: F401 — re-exported: callers take the self-check's vocabulary from here
    FRESHNESS_LABELS,
    NEWS_COLUMNS,
    POLICY_COLUMNS,
    SEVERITY_LABELS,
    BrokenLink,
    Column,
    DirectoryArea,
    DirectoryOverdue,
    DirectoryState,
    Finding,
    Freshness,
    Message,
    PublicDocument,
    Severity,
    SiteState,
    column_freshness,
)

# -- thresholds (§5.1 单项否决指标, §5.3) ---------------------------------------------------------

# 首页不更新: monitored 2 weeks; the newest dated item on the homepage at most 14 days old.
HOMEPAGE_MAX_AGE_DAYS = 14
# 栏目不更新 (1): 动态、要闻 columns not updated in the 2 weeks before the check point ...
NEWS_MAX_AGE_DAYS = 14
# ... and 通知公告、政策文件 first-level columns not updated in the 6 months before ...
POLICY_MAX_AGE_MONTHS = 6
# ... together at least 5 columns → veto.
STALE_COLUMNS_VETO = 5
# 栏目不更新 (2): columns that should be updated but long were not, at least 10 → veto.
LONG_UNUPDATED_COLUMNS_VETO = 10
# "Long" for a column without a fixed frequency is not defined nationally; local checks use a
# year (docs/decisions/0014-site-self-check.md).
LONG_UNUPDATED_MONTHS = 12
# 栏目不更新 (3): empty columns at least 5 → veto.
EMPTY_COLUMNS_VETO = 5
# 互动回应差 (2): within the year before the check point, a valid message unanswered > 3 months.
MESSAGE_MAX_UNANSWERED_MONTHS = 3
MESSAGE_LOOKBACK_MONTHS = 12


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (earlier if negative), clamped to the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = _months.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def quarter_of(day: dt.date) -> tuple[int, int, dt.date, dt.date]:
    """(year, quarter, first day, last day) of the calendar quarter containing ``day``."""
    quarter = (day.month - 1) // 3 + 1
    start = dt.date(day.year, 3 * quarter - 2, 1)
    return day.year, quarter, start, add_months(start, 3) - dt.timedelta(days=1)


def checked_quarter(on: dt.date) -> tuple[int, int, dt.date, dt.date]:
    """The quarter a check on ``on`` reports on: the one containing the day before.

    On the first day of a quarter (the scheduled run) that is the quarter just ended; on any
    other day it is the current quarter, to date.
    """
    return quarter_of(on - dt.timedelta(days=1))


# -- outputs -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ColumnRow:
    key: str
    title: str
    freshness: str
    count: int
    newest_on: dt.date | None
    state: str  # 正常 / 空白栏目 / 未按期更新 / 长期未更新 / 本机关无此类信息
    no_information: str = ""


@dataclass(frozen=True)
class Result:
    passed: bool
    veto_reasons: tuple[str, ...]
    findings: tuple[Finding, ...]
    columns: tuple[ColumnRow, ...]
    figures: dict
    directory: DirectoryState | None = None

    @property
    def verdict(self) -> str:
        return "合格" if self.passed else "不合格"

    def to_json(self) -> dict:
        """Plain JSON (dates as ISO strings), as stored with the check."""

        def plain(value):
            if isinstance(value, dt.date):
                return value.isoformat()
            if isinstance(value, dict):
                return {k: plain(v) for k, v in value.items()}
            if isinstance(value, list | tuple):
                return [plain(v) for v in value]
            return value

        return {
            "verdict": self.verdict,
            "passed": self.passed,
            "veto_reasons": list(self.veto_reasons),
            "findings": [plain(asdict(f)) for f in self.findings],
            "columns": [plain(asdict(c)) for c in self.columns],
            "figures": plain(self.figures),
            "directory": None if self.directory is None else directory_json(self.directory),
        }


def directory_json(directory: DirectoryState) -> dict:
    """The 标准目录 figures as stored with the check (the report's 标准目录落实情况)."""
    return {
        "expected": directory.expected,
        "kept": directory.kept,
        "areas": [asdict(a) for a in directory.areas],
        "overdue": [{**asdict(o), "due": list(o.due)} for o in directory.overdue],
    }


# -- rules -------------------------------------------------------------------------------------

STATE_OK, STATE_EMPTY, STATE_STALE, STATE_LONG = "正常", "空白栏目", "未按期更新", "长期未更新"
# An empty column the agency declared it has nothing for is answered, not blank (decision 0027).
STATE_DECLARED = "本机关无此类信息"


def column_state(column: Column, on: dt.date) -> str:
    """Empty, stale under its fixed frequency, long not updated, or fine — as of ``on``."""
    if column.count == 0:
        return STATE_DECLARED if column.no_information else STATE_EMPTY
    newest = column.newest_on
    if column.cls is Freshness.NEWS:
        return STATE_STALE if newest is None or (on - newest).days > NEWS_MAX_AGE_DAYS else STATE_OK
    if column.cls is Freshness.POLICY:
        return STATE_STALE if newest is None or newest < add_months(on, -POLICY_MAX_AGE_MONTHS) else STATE_OK
    return STATE_LONG if newest is None or newest < add_months(on, -LONG_UNUPDATED_MONTHS) else STATE_OK


def homepage_age(newest_on: dt.date | None, on: dt.date) -> int | None:
    return None if newest_on is None else (on - newest_on).days


def unanswered_too_long(message: Message, on: dt.date) -> bool:
    """Unanswered more than 3 months at some time in the year before ``on`` (§5.1 互动回应差)."""
    deadline = add_months(message.received_on, MESSAGE_MAX_UNANSWERED_MONTHS)
    replied = message.replied_on if message.replied_on is not None and message.replied_on <= on else None
    if on <= deadline:
        return False
    if replied is None:
        return True
    # Answered late: it counts if the overdue stretch reached into the year before the check.
    return replied > deadline and replied >= add_months(on, -MESSAGE_LOOKBACK_MONTHS)


def odd_dates(document: PublicDocument, on: dt.date) -> list[str]:
    """Dates no honest record has: published before written, or either date after the check."""
    problems = []
    if document.published_on and document.written_on and document.published_on < document.written_on:
        problems.append(f"发布日期{document.published_on.isoformat()}早于成文日期{document.written_on.isoformat()}")
    if document.published_on and document.published_on > on:
        problems.append(f"发布日期{document.published_on.isoformat()}晚于检查日")
    if document.written_on and document.written_on > on:
        problems.append(f"成文日期{document.written_on.isoformat()}晚于检查日")
    return problems


def _count_finding(code: str, indicator: str, what: str, names: list[str], veto_at: int) -> Finding | None:
    if not names:
        return None
    n = len(names)
    if n >= veto_at:
        return Finding(code, Severity.VETO, indicator, f"{what}{n}个，达到单项否决标准（{veto_at}个）", tuple(names))
    return Finding(code, Severity.DEDUCTION, indicator, f"{what}{n}个（{veto_at}个即单项否决）", tuple(names))


def evaluate(state: SiteState, *, calendar: WorkCalendar) -> Result:
    on = state.checked_on
    findings: list[Finding] = []

    # 站点无法访问: a one-shot request of the homepage stands in for the week of probing.
    if state.homepage_status is None or not 200 <= state.homepage_status < 300:
        shown = "无响应" if state.homepage_status is None else f"HTTP {state.homepage_status}"
        findings.append(
            Finding("site.unreachable", Severity.VETO, "站点无法访问", f"检查时首页无法正常打开（{shown}）")
        )

    # 首页不更新
    age = homepage_age(state.homepage_newest_on, on)
    if age is None or age > HOMEPAGE_MAX_AGE_DAYS:
        shown = "首页没有带日期的信息" if age is None else f"首页最新信息发布于{age}天前（{state.homepage_newest_on}）"
        findings.append(
            Finding(
                "homepage.not_updated",
                Severity.VETO,
                "首页不更新",
                f"{shown}，超过{HOMEPAGE_MAX_AGE_DAYS}天未更新",
            )
        )

    # 栏目不更新
    rows = []
    stale, long_unupdated, empty, declared, contradicted = [], [], [], [], []
    for column in state.columns:
        column_state_ = column_state(column, on)
        rows.append(
            ColumnRow(
                column.key,
                column.title,
                FRESHNESS_LABELS[column.cls],
                column.count,
                column.newest_on,
                column_state_,
                column.no_information,
            )
        )
        if column.no_information:
            (contradicted if column.count else declared).append(column.title)
        newest = column.newest_on.isoformat() if column.newest_on else "无日期"
        if column_state_ == STATE_EMPTY:
            empty.append(column.title)
            long_unupdated.append(f"{column.title}（空白）")
        elif column_state_ == STATE_STALE:
            stale.append(f"{column.title}（最近更新：{newest}）")
            long_unupdated.append(f"{column.title}（最近更新：{newest}）")
        elif column_state_ == STATE_LONG:
            long_unupdated.append(f"{column.title}（最近更新：{newest}）")
    for finding in (
        _count_finding(
            "columns.stale", "栏目不更新", "动态要闻类2周内、政策文件类6个月内未更新的栏目", stale, STALE_COLUMNS_VETO
        ),
        _count_finding(
            "columns.long_unupdated",
            "栏目不更新",
            "应更新但长期未更新的栏目（含空白栏目）",
            long_unupdated,
            LONG_UNUPDATED_COLUMNS_VETO,
        ),
        _count_finding("columns.empty", "栏目不更新", "空白栏目", empty, EMPTY_COLUMNS_VETO),
    ):
        if finding:
            findings.append(finding)
    if contradicted:
        findings.append(
            Finding(
                "columns.declared_but_published",
                Severity.WARNING,
                "栏目不更新",
                f"{len(contradicted)}个栏目已声明“本机关无此类信息”，但栏目中有公开信息，请核实并撤回声明",
                tuple(contradicted),
            )
        )

    # Art. 49: the newest annual report already due is on the site, and was on time.
    if state.report_due:
        problem = report_problem(
            on=on,
            due=state.report_due,
            published=state.annual_reports,
            period_start=state.period_start,
            period_end=state.period_end,
        )
        if problem is not None:
            findings.append(
                Finding(
                    problem.code,
                    Severity.DEDUCTION if problem.in_period else Severity.INFO,
                    "年度报告公布时限",
                    problem.message,
                    (problem.detail,),
                )
            )

    # The 标准目录: items past their 公开时限 (statute.site_directory).
    findings.extend(directory_findings(state.directory))

    # 互动回应差
    if not state.has_consultation_channel:
        findings.append(
            Finding(
                "interaction.no_channel", Severity.VETO, "互动回应差", "没有可用的网上咨询建议渠道（意见箱无法打开）"
            )
        )
    messages = [m for m in state.messages if m.received_on <= on]
    too_long = [m for m in messages if unanswered_too_long(m, on)]
    if too_long:
        findings.append(
            Finding(
                "interaction.unanswered",
                Severity.VETO,
                "互动回应差",
                f"检查前1年内有{len(too_long)}条有效留言超过{MESSAGE_MAX_UNANSWERED_MONTHS}个月未答复",
                tuple(
                    f"{m.ref}（收到于{m.received_on.isoformat()}，"
                    + (f"答复于{m.replied_on.isoformat()}）" if m.replied_on and m.replied_on <= on else "至今未答复）")
                    for m in too_long
                ),
            )
        )
    past_due = [
        m
        for m in messages
        if m not in too_long and m.due_on and m.due_on < on and (m.replied_on is None or m.replied_on > on)
    ]
    if past_due:
        findings.append(
            Finding(
                "interaction.past_due",
                Severity.DEDUCTION,
                "互动回应",
                f"{len(past_due)}条留言已过答复期限仍未答复",
                tuple(f"{m.ref}（答复期限{m.due_on.isoformat()}）" for m in past_due if m.due_on),
            )
        )

    # 安全、泄密事故等严重问题 (5): falsification, e.g. forged publication dates.
    forged = []
    for document in state.documents:
        problems = odd_dates(document, on)
        if problems:
            forged.append(f"{document.ref} {document.title}：{'；'.join(problems)}")
    if forged:
        findings.append(
            Finding(
                "dates.forged",
                Severity.VETO,
                "严重问题（弄虚作假）",
                f"{len(forged)}件文件的日期明显不合常理，有伪造发布日期之嫌，请立即核实更正",
                tuple(forged),
            )
        )

    # Art. 26: published within 20 working days of being formed.
    year_start = dt.date(state.period_end.year, 1, 1)
    late_quarter, late_year = [], []
    for document in state.documents:
        if not (document.written_on and document.published_on) or document.published_on > on:
            continue
        if not year_start <= document.published_on <= state.period_end:
            continue
        timeliness = check_timeliness(
            written_on=document.written_on, published_on=document.published_on, calendar=calendar
        )
        if timeliness.late:
            line = f"{document.ref} {document.title}：{timeliness.message}"
            late_year.append(line)
            if document.published_on >= state.period_start:
                late_quarter.append(line)
    if late_quarter:
        findings.append(
            Finding(
                "art26.late",
                Severity.DEDUCTION,
                "信息公开及时性（条例第二十六条）",
                f"本季度有{len(late_quarter)}件文件未在形成之日起20个工作日内公开",
                tuple(late_quarter),
            )
        )
    if late_year:
        findings.append(
            Finding(
                "art26.late_year",
                Severity.INFO,
                "信息公开及时性（条例第二十六条）",
                f"{state.period_end.year}年以来共有{len(late_year)}件文件超过20个工作日公开",
                tuple(late_year),
            )
        )

    # 链接可用性 (deduction indicators: homepage links and other pages' links are scored apart).
    by_place: dict[BrokenLink.Place, list[str]] = {place: [] for place in BrokenLink.Place}
    for link in state.broken_links:
        why = f"HTTP {link.status}" if link.status else (link.error or "无法访问")
        by_place[link.place].append(f"{link.url}（位于 {link.found_on}，{why}）")
    for place, code, what in (
        (BrokenLink.Place.HOMEPAGE, "links.homepage_broken", "首页不可用链接"),
        (BrokenLink.Place.PAGE, "links.page_broken", "其他页面不可用链接"),
        (BrokenLink.Place.DOCUMENT, "links.document_broken", "文件正文和附件中的不可用链接"),
    ):
        if by_place[place]:
            findings.append(
                Finding(
                    code, Severity.DEDUCTION, "链接可用性", f"{what}{len(by_place[place])}个", tuple(by_place[place])
                )
            )
    if state.document_links_unchecked:
        findings.append(
            Finding(
                "links.unchecked",
                Severity.INFO,
                "链接可用性",
                f"文件中还有{state.document_links_unchecked}个链接尚未完成检测，本次未计入",
            )
        )
    if state.crawl_truncated:
        findings.append(
            Finding(
                "crawl.truncated",
                Severity.INFO,
                "检查范围",
                f"页面数量超过上限，本次只检查了{state.pages_crawled}个页面",
            )
        )

    vetoes = tuple(f"{f.indicator}：{f.message}" for f in findings if f.severity is Severity.VETO)
    figures = {
        "homepage_status": state.homepage_status,
        "homepage_ms": state.homepage_ms,
        "homepage_newest_on": state.homepage_newest_on,
        "homepage_age_days": age,
        "columns_total": len(state.columns),
        "columns_stale": len(stale),
        "columns_long_unupdated": len(long_unupdated),
        "columns_empty": len(empty),
        "columns_declared": len(declared),
        "pages_crawled": state.pages_crawled,
        "links_checked": state.links_checked,
        "broken_homepage_links": len(by_place[BrokenLink.Place.HOMEPAGE]),
        "broken_page_links": len(by_place[BrokenLink.Place.PAGE]),
        "document_links_checked": state.document_links_checked,
        "broken_document_links": len(by_place[BrokenLink.Place.DOCUMENT]),
        "has_consultation_channel": state.has_consultation_channel,
        "messages": len(messages),
        "messages_unanswered_3_months": len(too_long),
        "messages_past_due": len(past_due),
        "documents_public": len(state.documents),
        "documents_forged_dates": len(forged),
        "documents_late_quarter": len(late_quarter),
        "documents_late_year": len(late_year),
    }
    if state.directory is not None:
        figures["directory_items"] = sum(a.items for a in state.directory.areas)
        figures["directory_overdue_items"] = len(state.directory.overdue)
        figures["directory_never_published"] = sum(a.never_published for a in state.directory.areas)
    return Result(not vetoes, vetoes, tuple(findings), tuple(rows), figures, state.directory)
