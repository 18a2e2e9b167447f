"""The checks of an annual report (report-data.md findings), shared by builder and inspector."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from decimal import Decimal, InvalidOperation

from ..periods import annual_report_deadline
from .formats import APPLICANT_COLUMNS, FORMATS, REMEDY_COLUMNS, REMEDY_GROUPS, SECTIONS, format_for_year
from .narrative import claims, parts_exceeding_wholes

ERROR, WARNING = "error", "warning"
FEE_WORDS = ("信息处理费", "收费通知")


@dataclass(frozen=True)
class Finding:
    code: str
    severity: str
    message: str
    where: str
    # Cells concerned, as "requests.new.6", "remedies.reconsideration.4", "proactive.penalty.decisions",
    # so a page can mark them (an extra key of report-data.md findings).
    cells: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        data = asdict(self)
        data["cells"] = list(self.cells)
        return data


def _n(value) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def check(
    report: dict,
    *,
    previous: dict | None = None,
    published_on: dt.date | None = None,
    report_due: str | None = None,
    fees_collected: bool | None = None,
) -> list[Finding]:
    """Every finding for ``report`` (and against ``previous``, last year's report, if given)."""
    findings: list[Finding] = []
    fmt = FORMATS.get(report.get("format", ""))
    year = report.get("year")
    if fmt is None or (isinstance(year, int) and fmt.code != format_for_year(year).code):
        expected = format_for_year(year).name if isinstance(year, int) else "适用的格式"
        used = fmt.name if fmt else "新旧格式混用" if report.get("format") == "mixed" else "无法识别的格式"
        findings.append(Finding("format.version", ERROR, f"{year}年度报告应使用{expected}，实际为{used}", "表二、表三"))
    findings += _cells(report, fmt)
    findings += _requests(report, fmt)
    findings += _remedies(report)
    findings += _sections(report)
    findings += _narrative(report, fmt)
    if previous is not None:
        findings += _cross_year(report, previous)
    findings += _fees(report, fees_collected)
    if published_on is not None and isinstance(year, int) and report_due:
        deadline = annual_report_deadline(year, report_due)
        if published_on > deadline:
            findings.append(
                Finding(
                    "publication.late",
                    ERROR,
                    f"报告于{published_on:%Y年%m月%d日}公布，晚于法定期限{deadline:%Y年%m月%d日}（条例第四十九条）",
                    "公布日期",
                )
            )
    return findings


def _cells(report: dict, fmt) -> list[Finding]:
    out = []
    for key, row in (report.get("requests") or {}).items():
        for i, value in enumerate(row or []):
            where = f"表三 {fmt.row_label(key) if fmt and key in fmt.request_keys else key} · {APPLICANT_COLUMNS[i]}"
            out += _count_cell(value, where, cell=f"requests.{key}.{i}")
    for key, row in (report.get("remedies") or {}).items():
        for i, value in enumerate(row or []):
            out += _count_cell(
                value, f"表四 {dict(REMEDY_GROUPS).get(key, key)} · {REMEDY_COLUMNS[i]}", cell=f"remedies.{key}.{i}"
            )
    if fmt is not None:
        proactive = report.get("proactive") or {}
        for row in fmt.proactive:
            cells = proactive.get(row.key)
            if cells is None:
                continue  # a row replaced by local extra rows (e.g. 其他对外管理服务事项 split by kind)
            for key, label in row.cells:
                where = f"表二 {row.block} {row.label} · {label}"
                value = cells.get(key)
                cell = f"proactive.{row.key}.{key}"
                if key in row.money:
                    out += _money_cell(value, where, cell=cell)
                else:
                    out += _count_cell(value, where, signed=key in row.signed, cell=cell)
    return out


def _count_cell(value, where: str, *, signed: bool = False, cell: str = "") -> list[Finding]:
    cells = (cell,) if cell else ()
    if value is None:
        return [Finding("cell.blank", WARNING, "应填写数字（没有的填0），此处为空或非数字", where, cells)]
    if _n(value) is not None and value < 0 and not signed:
        return [Finding("cell.negative", ERROR, f"数量不能为负数（{value}）", where, cells)]
    return []


def _money_cell(value, where: str, *, cell: str = "") -> list[Finding]:
    cells = (cell,) if cell else ()
    if value is None:
        return [Finding("cell.blank", WARNING, "应填写金额（没有的填0），此处为空或非数字", where, cells)]
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return [Finding("cell.blank", WARNING, f"金额“{value}”不是数字", where, cells)]
    if amount < 0:
        return [Finding("cell.negative", ERROR, f"金额不能为负数（{value}）", where, cells)]
    return []


def _requests(report: dict, fmt) -> list[Finding]:
    rows = report.get("requests") or {}
    if fmt is None or not rows:
        return []
    out = []
    width = len(APPLICANT_COLUMNS)
    for column in range(width):

        def cell(key, column=column):
            row = rows.get(key) or []
            return _n(row[column]) if column < len(row) else None

        name = APPLICANT_COLUMNS[column]
        new, carried_in, total, carried_out = (cell(k) for k in ("new", "carried_in", "total", "carried_out"))
        if None not in (new, carried_in, total, carried_out) and new + carried_in != total + carried_out:
            out.append(
                Finding(
                    "requests.balance",
                    ERROR,
                    f"“{name}”列：本年新收{new}+上年结转{carried_in}={new + carried_in}，"
                    f"但办理结果总计{total}+结转下年度{carried_out}={total + carried_out}，勾稽关系不成立",
                    f"表三 {name}列",
                )
            )
        outcomes = [cell(k) for k in fmt.outcome_keys]
        if total is not None and None not in outcomes and sum(outcomes) != total:
            out.append(
                Finding(
                    "requests.outcome_total",
                    ERROR,
                    f"“{name}”列：各项办理结果之和为{sum(outcomes)}，与（七）总计{total}不符",
                    f"表三 {name}列 （七）总计",
                )
            )
    for key in fmt.request_keys:
        row = rows.get(key)
        if not row or len(row) != width or any(_n(v) is None for v in row):
            continue
        if sum(row[:-1]) != row[-1]:
            out.append(
                Finding(
                    "requests.row_total",
                    ERROR,
                    f"“{fmt.row_label(key)}”行：六类申请人之和为{sum(row[:-1])}，与总计{row[-1]}不符",
                    f"表三 {fmt.row_label(key)} · 总计",
                )
            )
    return out


def _remedies(report: dict) -> list[Finding]:
    out = []
    for key, label in REMEDY_GROUPS:
        row = (report.get("remedies") or {}).get(key)
        if not row or len(row) != len(REMEDY_COLUMNS) or any(_n(v) is None for v in row):
            continue
        if sum(row[:4]) != row[4]:
            out.append(
                Finding(
                    "remedies.total",
                    ERROR,
                    f"{label}：维持、纠正、其他、尚未审结之和为{sum(row[:4])}，与总计{row[4]}不符",
                    f"表四 {label} · 总计",
                )
            )
    return out


def _sections(report: dict) -> list[Finding]:
    sections = report.get("sections")
    if sections is None:
        return []
    out = []
    for number, title in SECTIONS:
        text = sections.get(number)
        narrative = number in ("一", "五", "六")
        if text is None or (narrative and not text.strip()):
            out.append(Finding("section.missing", ERROR, f"缺少第{number}部分“{title}”", f"第{number}部分"))
    return out


def _narrative(report: dict, fmt) -> list[Finding]:
    sections = report.get("sections") or {}
    text = "\n".join(t for n, t in sections.items() if n in ("一", "五", "六") and t)
    if not text:
        return []
    requests, remedies = report.get("requests") or {}, report.get("remedies") or {}
    proactive = report.get("proactive") or {}
    actual = {
        "requests.new": _n((requests.get("new") or [None] * 7)[-1]),
        "remedies.reconsideration": _n((remedies.get("reconsideration") or [None] * 5)[-1]),
        "remedies.litigation": _sum(
            _n((remedies.get(k) or [None] * 5)[-1]) for k in ("litigation_direct", "litigation_after_reconsideration")
        ),
    }
    documents = proactive.get("normative_documents") or {}
    actual["normative_documents"] = _n(documents.get("issued" if fmt and fmt.code == "2021" else "published"))
    labels = {
        "requests.new": ("本年新收申请", "表三 一、本年新收 · 总计"),
        "normative_documents": ("规范性文件数", "表二 第二十条第（一）项 规范性文件"),
        "remedies.reconsideration": ("行政复议总计", "表四 行政复议 · 总计"),
        "remedies.litigation": ("行政诉讼总计", "表四 行政诉讼 · 总计"),
    }
    out, seen = [], set()
    for claim in claims(text):
        value = actual.get(claim.what)
        if value is None or value == claim.value or (claim.what, claim.value) in seen:
            continue
        seen.add((claim.what, claim.value))
        label, where = labels[claim.what]
        out.append(
            Finding(
                "narrative.mismatch", WARNING, f"正文称“{claim.quote}”，但表格中{label}为{value}", f"正文 / {where}"
            )
        )
    for whole, part, quote in parts_exceeding_wholes(text):
        out.append(Finding("narrative.mismatch", WARNING, f"正文“{quote}”：其中部分{part}大于总数{whole}", "正文"))
    return out


def _sum(values) -> int | None:
    values = list(values)
    return None if None in values else sum(values)


def _cross_year(report: dict, previous: dict) -> list[Finding]:
    out = []
    carried_in = (report.get("requests") or {}).get("carried_in") or []
    carried_out = (previous.get("requests") or {}).get("carried_out") or []
    for i, (now, before) in enumerate(zip(carried_in, carried_out, strict=False)):
        if _n(now) is not None and _n(before) is not None and now != before:
            out.append(
                Finding(
                    "carryover.mismatch",
                    WARNING,
                    f"“{APPLICANT_COLUMNS[i]}”列：上年结转{now}件，但{previous.get('year')}年度报告结转下年度为{before}件",
                    f"表三 二、上年结转 · {APPLICANT_COLUMNS[i]}",
                )
            )
    if report.get("format") == "2021" and previous.get("format") == "2021":
        for key, label in (("rules", "规章"), ("normative_documents", "行政规范性文件")):
            now = (report.get("proactive") or {}).get(key) or {}
            before = (previous.get("proactive") or {}).get(key) or {}
            values = [
                _n(before.get("in_force")),
                _n(now.get("issued")),
                _n(now.get("repealed")),
                _n(now.get("in_force")),
            ]
            if None in values:
                continue
            last, issued, repealed, in_force = values
            if last + issued - repealed != in_force:
                out.append(
                    Finding(
                        "in_force.drift",
                        WARNING,
                        f"{label}现行有效{in_force}件，但上年{last}+本年制发{issued}−本年废止{repealed}="
                        f"{last + issued - repealed}件",
                        f"表二 第二十条第（一）项 {label} · 现行有效件数",
                    )
                )
    return out


def _fees(report: dict, fees_collected: bool | None) -> list[Finding]:
    unpaid = (report.get("requests") or {}).get("other_unpaid_fee") or []
    had_fees = bool(fees_collected) or (bool(unpaid) and (_n(unpaid[-1]) or 0) > 0)
    six = (report.get("sections") or {}).get("六")
    if had_fees and six is not None and not any(word in six for word in FEE_WORDS):
        return [
            Finding(
                "fees.unreported",
                WARNING,
                "本年度发生信息处理费收费或逾期未缴费，但第六部分未说明信息处理费情况",
                "第六部分 其他需要报告的事项",
            )
        ]
    return []
