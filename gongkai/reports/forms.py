"""Reading the report editing form: table 二 cells, their sources and the narrative."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from gongkai.statute.reports.formats import ReportFormat

NARRATIVE = ("一", "五", "六")


def cell_name(row: str, cell: str) -> str:
    return f"p-{row}-{cell}"


def read_report_form(post, fmt: ReportFormat, previous_entered: dict) -> tuple[dict, dict, dict, dict]:
    """(entered, sources, sections, errors). Blank cells stay None (a finding, not a zero)."""
    entered: dict = {}
    errors: dict[str, str] = {}
    for row in fmt.proactive:
        if previous_entered.get(row.key, "missing") is None:
            entered[row.key] = None  # replaced by local rows; kept as entered
            continue
        cells = {}
        for key, label in row.cells:
            name = cell_name(row.key, key)
            raw = (post.get(name) or "").strip().replace("，", "").replace(",", "")
            if raw == "":
                cells[key] = None
            elif key in row.money:
                try:
                    amount = Decimal(raw.removesuffix("万元"))
                except InvalidOperation:
                    errors[name] = f"{row.label}·{label}：“{raw}”不是金额"
                    continue
                cells[key] = format(amount, "f")
            else:
                try:
                    value = int(raw.lstrip("+"))
                except ValueError:
                    errors[name] = f"{row.label}·{label}：“{raw}”不是整数"
                    continue
                if value < 0 and key not in row.signed:
                    errors[name] = f"{row.label}·{label}：数量不能为负数"
                cells[key] = value
        entered[row.key] = cells
    if "extra_rows" in previous_entered:
        entered["extra_rows"] = previous_entered["extra_rows"]
    sources = {row.key: (post.get(f"s-{row.key}") or "").strip() for row in fmt.proactive}
    sources = {k: v for k, v in sources.items() if v}
    sections = {n: (post.get(f"sec-{n}") or "").strip() for n in NARRATIVE} | {"二": "", "三": "", "四": ""}
    return entered, sources, sections, errors
