"""Reading the figures back out of a rendered report, to prove the round trip (and, generalised
later, for the report inspector).

Each table is first turned into a rectangular grid of cell texts in which a merged cell repeats
in every slot it covers (python-docx's ``row.cells`` already does this; HTML rowspan/colspan are
expanded here). The grids are then read by their row labels (formats.py), not by position, so
local extra rows and either format are understood.

PDF: pdfplumber is not a dependency of the project, so there is no PDF reader yet.
"""

from __future__ import annotations

import io
import re

from gongkai.statute.reports.formats import (
    APPLICANT_COLUMNS,
    BALANCE_NOTE,
    FORMATS,
    GROUP_ROW_LABELS,
    REMEDY_COLUMNS,
    REMEDY_GROUPS,
    ReportFormat,
)

from .layout import (
    APPLICANTS,
    INFO_CONTENT,
    LITIGATION_AFTER,
    LITIGATION_DIRECT,
    OUTCOMES_LABEL,
    RECONSIDERATION,
    _blocks,
    block_key,
    outcome_group,
)

Grid = list[list[str]]

_SPACE = re.compile(r"\s+")
_PUNCTUATION = str.maketrans({"(": "（", ")": "）", ",": "、", "，": "、", "．": ".", ":": "：", "“": '"', "”": '"'})
_COUNT = re.compile(r"[+\-−]?\d+")
_MONEY = re.compile(r"[+\-−]?\d+(?:\.\d+)?")


def normalise(text: str) -> str:
    """Labels compare without whitespace (real reports break 不予\\n公开) and with one punctuation."""
    return _SPACE.sub("", text or "").translate(_PUNCTUATION)


def parse_count(text: str) -> int | None:
    """A count: "408" and "+408" → 408, "-8" → -8; blank, "—", "无" or text → None (cell.blank)."""
    value = _SPACE.sub("", text or "").replace(",", "").replace("，", "")
    return int(value.replace("−", "-")) if _COUNT.fullmatch(value) else None


def parse_money(text: str) -> str | None:
    """The amount in 万元 exactly as written ("4176.9529万元" → "4176.9529"), None if not a number."""
    value = _SPACE.sub("", text or "").replace(",", "").removesuffix("万元").removesuffix("（万元）")
    return value.replace("−", "-") if _MONEY.fullmatch(value) else None


# ------------------------------------------------------------------------------------ grids


def read_docx_tables(data: bytes) -> list[Grid]:
    """Every table of the .docx as a rectangular grid of cell texts, merged cells repeated."""
    from docx import Document

    document = Document(io.BytesIO(data))
    grids = []
    for table in document.tables:
        width = len(table.columns)
        grid = []
        for row in table.rows:
            cells = row.cells
            if len(cells) > width:  # defensive: a row with more cells than the grid; drop repeats
                seen, unique = set(), []
                for cell in cells:
                    if id(cell._tc) not in seen:
                        seen.add(id(cell._tc))
                        unique.append(cell)
                cells = unique
            texts = [cell.text.strip() for cell in cells]
            grid.append(texts + [""] * (width - len(texts)))
        grids.append(grid)
    return grids


def read_html_tables(html: str) -> list[Grid]:
    """Every <table> of the HTML as a rectangular grid, rowspan/colspan expanded."""
    import lxml.html

    root = lxml.html.fromstring(html)
    grids = []
    for table in root.iter("table"):
        rows = table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")
        slots: dict[tuple[int, int], str] = {}
        for r, tr in enumerate(rows):
            c = 0
            for cell in tr.xpath("./th|./td"):
                while (r, c) in slots:
                    c += 1
                text = _SPACE.sub(" ", cell.text_content()).strip()
                rowspan, colspan = _span(cell.get("rowspan")), _span(cell.get("colspan"))
                for dr in range(rowspan):
                    for dc in range(colspan):
                        slots[(r + dr, c + dc)] = text
                c += colspan
        height = len(rows)
        width = 1 + max((c for r, c in slots if r < height), default=-1)
        grids.append([[slots.get((r, c), "") for c in range(width)] for r in range(height)])
    return grids


def _span(value: str | None) -> int:
    try:
        return max(1, int(value or 1))
    except ValueError:
        return 1


# ---------------------------------------------------------------------------------- figures


def figures_from_docx(data: bytes, fmt_code: str) -> dict:
    return figures_from_grids(read_docx_tables(data), fmt_code)


def figures_from_html(html: str, fmt_code: str) -> dict:
    return figures_from_grids(read_html_tables(html), fmt_code)


def figures_from_grids(grids: list[Grid], fmt_code: str) -> dict:
    """{"proactive", "requests", "remedies"} in the report-data.md shape, from the three tables."""
    fmt = FORMATS[fmt_code]
    figures: dict = {}
    for grid in grids:
        texts = {normalise(text) for row in grid for text in row}
        if normalise(BALANCE_NOTE) in texts or normalise(APPLICANTS) in texts:
            figures.setdefault("requests", read_requests(grid, fmt))
        elif normalise(RECONSIDERATION) in texts and any(normalise(LITIGATION_DIRECT) in t for t in texts):
            figures.setdefault("remedies", read_remedies(grid))
        elif any(t.startswith("第二十条") for t in texts):
            figures.setdefault("proactive", read_proactive(grid, fmt))
    return figures


def read_proactive(grid: Grid, fmt: ReportFormat) -> dict:
    blocks = {block_key(block): rows for block, rows in _blocks(fmt).items()}
    proactive: dict = {row.key: None for row in fmt.proactive}
    proactive["extra_rows"] = []
    rows, labels, starts, key_of_block = [], 1, [], ""
    for line in grid:
        first = normalise(line[0]) if line else ""
        if first.startswith("第二十条") and len({normalise(t) for t in line}) == 1:
            rows = blocks.get(block_key(line[0]), [])
            key_of_block = block_key(line[0])
            continue
        if first == INFO_CONTENT:
            labels = next((i for i, t in enumerate(line) if normalise(t) != INFO_CONTENT), len(line))
            starts = [i for i in range(labels, len(line)) if i == labels or line[i] != line[i - 1]]
            continue
        if not rows or not starts:
            continue
        spec = rows[0].cells
        texts = [line[i] for i in starts][: len(spec)]
        parent, label = ("", line[0]) if labels == 1 or line[0] == line[1] else (line[0], line[1])
        official = {normalise(row.label): row for row in rows}
        cells = {}
        for (key, _), text in zip(spec, texts, strict=False):
            cells[key] = parse_money(text) if key in rows[0].money else parse_count(text)
        row = official.get(normalise(label)) if not parent else None
        if row is not None:
            proactive[row.key] = cells
            continue
        extra = {"block": key_of_block, "label": label.strip(), "cells": cells}
        if parent:
            extra["parent"] = parent.strip()
        proactive["extra_rows"].append(extra)
    return proactive


def _request_signatures(fmt: ReportFormat) -> dict[tuple[str, ...], str]:
    """Each table 三 row's label cells (left to right, merged repeats removed) → its key."""
    signatures = {}
    for key in fmt.request_keys:
        label = fmt.row_label(key)
        if key in ("new", "carried_in", "carried_out"):
            labels = (label,)
        else:
            group = outcome_group(fmt, key) if key != "total" else None
            labels = (OUTCOMES_LABEL, GROUP_ROW_LABELS[group], label) if group else (OUTCOMES_LABEL, label)
        signatures[tuple(normalise(t) for t in labels)] = key
    return signatures


def _dedupe(labels: list[str]) -> tuple[str, ...]:
    out: list[str] = []
    for text in labels:
        if text and (not out or out[-1] != text):
            out.append(text)
    return tuple(out)


def read_requests(grid: Grid, fmt: ReportFormat) -> dict:
    width = len(APPLICANT_COLUMNS)
    note = normalise(grid[0][0]) if grid and grid[0] else ""
    labels = next((i for i, t in enumerate(grid[0]) if normalise(t) != note), 1) if grid else 1
    signatures = _request_signatures(fmt)
    requests: dict = {key: [None] * width for key in fmt.request_keys}
    for line in grid:
        if normalise(line[0]) == note:
            continue  # the three header rows under the 勾稽 note
        signature = _dedupe([normalise(t) for t in line[:labels]])
        key = signatures.get(signature)
        if key is None:  # tolerate a missing outer label: match on the innermost labels
            key = next((k for s, k in signatures.items() if signature and s[-len(signature) :] == signature), None)
        if key is not None:
            requests[key] = [parse_count(t) for t in line[labels : labels + width]]
    return requests


def read_remedies(grid: Grid) -> dict:
    n = len(REMEDY_COLUMNS)
    header_labels = {normalise(label) for label in (*REMEDY_COLUMNS, RECONSIDERATION)}
    groups = {
        normalise(RECONSIDERATION): "reconsideration",
        normalise(LITIGATION_DIRECT): "litigation_direct",
        normalise(LITIGATION_AFTER): "litigation_after_reconsideration",
    }
    remedies: dict = {key: [None] * n for key, _ in REMEDY_GROUPS}
    data = [line for line in grid if not any(normalise(t) in header_labels for t in line)]
    header = [line for line in grid if line not in data]
    if not data or not header:
        return remedies
    numbers = data[-1]
    position: dict[str, int] = {}
    for c, text in enumerate(numbers):
        key = next((groups[normalise(line[c])] for line in header if normalise(line[c]) in groups), None)
        if key is None:
            continue
        i = position.get(key, 0)
        if i < n:
            remedies[key][i] = parse_count(text)
        position[key] = i + 1
    return remedies
