"""The printed layout of an annual report, shared by the .docx, HTML and PDF renderers.

Each of the three tables is laid out once here as rows of cells with their row and column spans,
exactly as the official formats merge them (regulation.md §2.2–2.3). The .docx renderer turns the
spans into gridSpan/vMerge, the HTML template into colspan/rowspan, so the outputs cannot drift
apart. Every cell text is a string already: the Django template never formats a number itself
(no locale thousands separators in a statistics table).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from gongkai.statute.outcomes import BY_KEY, Group
from gongkai.statute.reports.formats import (
    APPLICANT_COLUMNS,
    BALANCE_NOTE,
    FORMATS,
    GROUP_ROW_LABELS,
    REMEDY_COLUMNS,
    REMEDY_GROUPS,
    SECTIONS,
    ProactiveRow,
    ReportFormat,
)

REPORT_SUFFIX = "年政府信息公开工作年度报告"
INFO_CONTENT = "信息内容"
APPLICANTS = "申请人情况"
ORGANISATIONS = "法人或其他组织"
OUTCOMES_LABEL = "三、本年度办理结果"
RECONSIDERATION, LITIGATION = "行政复议", "行政诉讼"
LITIGATION_DIRECT, LITIGATION_AFTER = "未经复议直接起诉", "复议后起诉"
# The width of the type area on A4 with the GB/T 9704 margins (210 − 28 − 26 mm).
TEXT_WIDTH_MM = 156.0

_BLOCK = re.compile(r"[（(]([一二三四五六七八九十]+)[）)]")


@dataclass
class Cell:
    text: str
    header: bool = False
    scope: str = ""  # "col", "row" or "rowgroup" on header cells
    colspan: int = 1
    rowspan: int = 1
    classes: tuple[str, ...] = ()

    @property
    def css_class(self) -> str:
        return " ".join(self.classes)


@dataclass
class TableLayout:
    key: str  # proactive | requests | remedies
    caption: str
    kind: str  # CSS modifier
    columns: tuple[tuple[str, float], ...]  # (CSS class of the <col>, width in mm)
    head: list[list[Cell]] = field(default_factory=list)
    bodies: list[list[list[Cell]]] = field(default_factory=list)

    @property
    def width(self) -> int:
        return len(self.columns)

    @property
    def rows(self) -> list[list[Cell]]:
        return [*self.head, *(row for body in self.bodies for row in body)]

    def positioned(self) -> Iterator[tuple[int, int, Cell]]:
        """(row, column, cell) of every cell's top-left slot, placed as HTML places them."""
        taken: set[tuple[int, int]] = set()
        for r, row in enumerate(self.rows):
            c = 0
            for cell in row:
                while (r, c) in taken:
                    c += 1
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        taken.add((r + dr, c + dc))
                yield r, c, cell
                c += cell.colspan


@dataclass
class SectionLayout:
    number: str
    title: str
    paragraphs: list[str]
    table: TableLayout | None = None

    @property
    def heading(self) -> str:
        return f"{self.number}、{self.title}"


@dataclass
class DocumentLayout:
    fmt: ReportFormat
    year: int | None
    agency: str
    title_lines: list[str]
    sections: list[SectionLayout]
    published_on: dt.date | None

    @property
    def title(self) -> str:
        return "".join(self.title_lines)

    @property
    def published_text(self) -> str:
        d = self.published_on
        return f"{d.year}年{d.month}月{d.day}日" if d else ""


def block_key(block: str) -> str:
    """The block key of report-data.md: 第二十条第（五）项, （五） and (五) are all "(五)"."""
    match = _BLOCK.search(block or "")
    return f"({match.group(1)})" if match else (block or "").strip()


def cell_text(value) -> str:
    """None is a blank cell; counts print plainly (−8 as "-8", 408 as "408"); money as written."""
    if value is None or isinstance(value, bool):
        return ""
    return str(value).strip()


def report_format(report: dict) -> ReportFormat:
    try:
        return FORMATS[report["format"]]
    except KeyError:
        raise ValueError(f"unknown report format: {report.get('format')!r}") from None


def _date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value:
        return dt.date.fromisoformat(value[:10])
    return None


def _title_lines(report: dict) -> list[str]:
    agency, year = report.get("agency") or "", report.get("year")
    title = (report.get("title") or "").strip() or f"{agency}{year}{REPORT_SUFFIX}"
    # Printed on two lines like the real reports: the agency, then the year's report.
    if agency and title.startswith(agency) and title != agency:
        return [agency, title[len(agency) :]]
    return [title]


def paragraphs(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def document_layout(report: dict) -> DocumentLayout:
    fmt = report_format(report)
    tables = {
        "二": proactive_table(report, fmt),
        "三": requests_table(report, fmt),
        "四": remedies_table(report),
    }
    texts = report.get("sections") or {}
    sections = [
        SectionLayout(number, title, paragraphs(texts.get(number)), tables.get(number)) for number, title in SECTIONS
    ]
    return DocumentLayout(
        fmt=fmt,
        year=report.get("year"),
        agency=report.get("agency") or "",
        title_lines=_title_lines(report),
        sections=sections,
        published_on=_date(report.get("published_on")),
    )


# ---------------------------------------------------------------------------------------- 表二


@dataclass
class _Line:
    """One printed line of table 二: an official row or a local extra row."""

    label: str
    cells: dict | None
    parent: str = ""  # the label spanning this line and its siblings (vertically merged)


def _blocks(fmt: ReportFormat) -> dict[str, list[ProactiveRow]]:
    blocks: dict[str, list[ProactiveRow]] = {}
    for row in fmt.proactive:
        blocks.setdefault(row.block, []).append(row)
    return blocks


def _parent_label(parent, rows: list[ProactiveRow]) -> str:
    """An extra row's "parent" may name the official row by label or by key."""
    parent = (parent or "").strip()
    return next((row.label for row in rows if parent == row.key), parent)


def proactive_lines(proactive: dict, block: str, rows: list[ProactiveRow]) -> list[_Line]:
    """The lines of one block in print order.

    A local extra row goes under its "parent" (the official row it splits, e.g. 行政检查 and 行政确认
    under 其他对外管理服务事项). Without a "parent", extra rows go under the block's official row
    that holds no cells (None, the builder's marker for "replaced by local rows"), else after the
    official rows as rows of their own.
    """
    key = block_key(block)
    extras = [e for e in proactive.get("extra_rows") or [] if block_key(e.get("block", "")) == key]
    emptied = [row for row in rows if proactive.get(row.key) is None]
    default_parent = emptied[-1].label if emptied else ""
    children: dict[str, list[_Line]] = {}
    loose: list[_Line] = []
    for extra in extras:
        parent = _parent_label(extra.get("parent"), rows) or default_parent
        line = _Line(extra.get("label", ""), extra.get("cells") or {}, parent)
        (children.setdefault(parent, []) if parent else loose).append(line)
    lines: list[_Line] = []
    for row in rows:
        cells = proactive.get(row.key)
        if cells is not None or row.label not in children:
            lines.append(_Line(row.label, cells))
        lines += children.pop(row.label, [])
    for group in children.values():  # a parent that is not an official row of the block
        lines += group
    return lines + loose


def proactive_table(report: dict, fmt: ReportFormat) -> TableLayout:
    proactive = report.get("proactive") or {}
    blocks = _blocks(fmt)
    lines_by_block = {block: proactive_lines(proactive, block, rows) for block, rows in blocks.items()}
    nested = any(line.parent for lines in lines_by_block.values() for line in lines)
    labels = 2 if nested else 1
    values = max(len(row.cells) for row in fmt.proactive)
    if nested:
        columns = [("col-label", 26.0), ("col-sublabel", 26.0)]
    else:
        columns = [("col-label", 46.0)]
    value_width = (TEXT_WIDTH_MM - sum(w for _, w in columns)) / values
    columns += [("col-value", value_width)] * values
    table = TableLayout("proactive", "主动公开政府信息情况", "proactive", tuple(columns))
    for block, rows in blocks.items():
        spec = rows[0].cells

        def spans(spec=spec) -> list[int]:
            # A block with fewer columns than the table lets its last column take the rest.
            return [1] * (len(spec) - 1) + [values - len(spec) + 1]

        body = [[Cell(block, True, "rowgroup", colspan=labels + values, classes=("block",))]]
        head = [Cell(INFO_CONTENT, True, "col", colspan=labels)]
        for (key, label), span in zip(spec, spans(), strict=True):
            if key in rows[0].money and "万元" not in label:
                label += "（万元）"
            head.append(Cell(label, True, "col", colspan=span))
        body.append(head)
        lines = lines_by_block[block]
        for i, line in enumerate(lines):
            row: list[Cell] = []
            if not line.parent:
                row.append(Cell(line.label, True, "row", colspan=labels, classes=("label",)))
            else:
                if i == 0 or lines[i - 1].parent != line.parent:
                    size = 1
                    while i + size < len(lines) and lines[i + size].parent == line.parent:
                        size += 1
                    row.append(Cell(line.parent, True, "row", rowspan=size, classes=("label",)))
                row.append(Cell(line.label, True, "row", classes=("label", "sublabel")))
            cells = line.cells or {}
            for (key, _), span in zip(spec, spans(), strict=True):
                row.append(Cell(cell_text(cells.get(key)), colspan=span, classes=("num",)))
            body.append(row)
        table.bodies.append(body)
    return table


# ---------------------------------------------------------------------------------------- 表三


def outcome_group(fmt: ReportFormat, key: str) -> Group | None:
    """The group label (（三）…（六）) a table 三 outcome row sits under, if it has one."""
    if key == "other" or key not in BY_KEY:
        return None  # 2019: （六）其他处理 is one row
    group = BY_KEY[key].group
    return group if group in GROUP_ROW_LABELS else None


def requests_table(report: dict, fmt: ReportFormat) -> TableLayout:
    requests = report.get("requests") or {}
    columns = (("col-outer", 12.0), ("col-group", 16.0), ("col-item", 44.0), *[("col-value", 12.0)] * 7)
    table = TableLayout("requests", "收到和处理政府信息公开申请情况", "requests", columns)
    organisations = APPLICANT_COLUMNS[1:-1]
    table.head = [
        [
            Cell(BALANCE_NOTE, colspan=3, rowspan=3, classes=("note",)),
            Cell(APPLICANTS, True, "col", colspan=len(APPLICANT_COLUMNS)),
        ],
        [
            Cell(APPLICANT_COLUMNS[0], True, "col", rowspan=2),
            Cell(ORGANISATIONS, True, "col", colspan=len(organisations)),
            Cell(APPLICANT_COLUMNS[-1], True, "col", rowspan=2),
        ],
        [Cell(label, True, "col") for label in organisations],
    ]

    def values(key: str) -> list[Cell]:
        row = list(requests.get(key) or [])
        row += [None] * (len(APPLICANT_COLUMNS) - len(row))
        return [Cell(cell_text(v), classes=("num",)) for v in row[: len(APPLICANT_COLUMNS)]]

    def whole(key: str) -> list[Cell]:
        return [Cell(fmt.row_label(key), True, "row", colspan=3, classes=("label",)), *values(key)]

    table.bodies.append([whole("new"), whole("carried_in")])
    outcome_rows = [*fmt.outcome_keys, "total"]
    body: list[list[Cell]] = []
    for i, key in enumerate(outcome_rows):
        row = []
        if i == 0:
            row.append(Cell(OUTCOMES_LABEL, True, "rowgroup", rowspan=len(outcome_rows), classes=("label", "outer")))
        group = outcome_group(fmt, key) if key != "total" else None
        if group is None:
            row.append(Cell(fmt.row_label(key), True, "row", colspan=2, classes=("label",)))
        else:
            members = [k for k in fmt.outcome_keys if outcome_group(fmt, k) is group]
            if key == members[0]:
                row.append(Cell(GROUP_ROW_LABELS[group], True, "row", rowspan=len(members), classes=("label", "group")))
            row.append(Cell(fmt.row_label(key), True, "row", classes=("label", "item")))
        body.append(row + values(key))
    table.bodies.append(body)
    table.bodies.append([whole("carried_out")])
    return table


# ---------------------------------------------------------------------------------------- 表四


def remedies_table(report: dict) -> TableLayout:
    remedies = report.get("remedies") or {}
    n = len(REMEDY_COLUMNS)
    table = TableLayout(
        "remedies",
        "政府信息公开行政复议、行政诉讼情况",
        "remedies",
        (("col-value", TEXT_WIDTH_MM / (3 * n)),) * (3 * n),
    )
    table.head = [
        [Cell(RECONSIDERATION, True, "col", colspan=n), Cell(LITIGATION, True, "col", colspan=2 * n)],
        [
            *(Cell(label, True, "col", rowspan=2) for label in REMEDY_COLUMNS),
            Cell(LITIGATION_DIRECT, True, "col", colspan=n),
            Cell(LITIGATION_AFTER, True, "col", colspan=n),
        ],
        [Cell(label, True, "col") for _ in range(2) for label in REMEDY_COLUMNS],
    ]
    numbers = []
    for key, _ in REMEDY_GROUPS:
        row = list(remedies.get(key) or [])
        row += [None] * (n - len(row))
        numbers += [Cell(cell_text(v), classes=("num",)) for v in row[:n]]
    table.bodies.append([numbers])
    return table
