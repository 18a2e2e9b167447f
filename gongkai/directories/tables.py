"""The official 标准目录 table layout, read from and written to .xlsx and .docx (no Django).

The layout (shared/domain/standard-directory.md §2): one table per area, headed
"（一）重大建设项目领域基层政务公开标准目录", with two header rows and merged cells: 序号 |
公开事项 (一级事项 | 二级事项) | 公开内容（要素） | 公开依据 | 公开时限 | 公开主体 | 公开渠道和载体 |
公开对象 (全社会 | 特定群众) | 公开方式 (主动 | 依申请公开).

Ticks are √ (or ■, ●); channels are listed each marked ■ (checked) or □ (not); "同上" repeats the
cell above; rows of one 一级事项 are often merged vertically. ``read_directory`` runs in an
isolated worker (core.isolation.run_isolated): it takes bytes and returns plain lists and dicts.
"""

from __future__ import annotations

import io
import re

from gongkai.core.isolation import IsolationError

KEYS = (
    "number",
    "level1",
    "level2",
    "content",
    "basis",
    "deadline",
    "publisher",
    "channels",
    "audience_public",
    "audience_specific",
    "proactive",
    "on_request",
)
HEADER_TOP = ("序号", "公开事项", "公开事项", "公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体",
              "公开对象", "公开对象", "公开方式", "公开方式")  # fmt: skip
HEADER_SUB = ("", "一级事项", "二级事项", "", "", "", "", "", "全社会", "特定群众", "主动", "依申请公开")
TICK = "√"
CHECKED, UNCHECKED = "■", "□"
TICK_MARKS = {"√", "✓", "✔", "■", "●", "☑", "☒", "是", "Y", "y", "V", "v", "对"}
BLANK_MARKS = {"", "□", "○", "×", "✗", "否", "-", "—", "/", "无"}
_TITLE = re.compile(
    r"^\s*[（(]?[一二三四五六七八九十百]+[）)、.．]?\s*(?P<area>.+?)(?:领域)?(?:基层政务公开)?标准目录\s*$"
)
_NUMERALS = "零一二三四五六七八九"


def chinese_ordinal(n: int) -> str:
    """1 → 一, 12 → 十二, 26 → 二十六 (the （一） headings of the areas)."""
    if n < 10:
        return _NUMERALS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _NUMERALS[tens]) + "十" + (_NUMERALS[ones] if ones else "")


def area_title(index: int, area: str) -> str:
    return f"（{chinese_ordinal(index)}）{area}领域基层政务公开标准目录"


def tick(text: str) -> bool | None:
    """True for a tick, False for a blank, None for a mark we cannot read."""
    text = (text or "").strip()
    if text in BLANK_MARKS:
        return False
    if text in TICK_MARKS:
        return True
    return None


def channels(text: str) -> list[str]:
    """The checked channels of a 公开渠道和载体 cell: "■政府网站 □公开栏 ■两微一端" → 政府网站, 两微一端."""
    text = (text or "").strip()
    if not text:
        return []
    if any(mark in text for mark in "■□☑☐√"):
        out = []
        for mark, name in re.findall(r"([■□☑☐√])\s*([^■□☑☐√\n]+)", text):
            name = name.strip(" 　,，、;；")
            if name and mark in "■☑√":
                out.append(name)
        return out
    return [part for part in (p.strip() for p in re.split(r"[\n、，,；;]+", text)) if part]


def _norm(text) -> str:
    return re.sub(r"\s+", "", str(text or "")).replace("(", "（").replace(")", "）")


def _columns(top: list[str], sub: list[str]) -> dict[str, int]:
    """Column index of each key, from the two header rows (merged header cells propagated)."""
    found: dict[str, int] = {}
    for index, (t, s) in enumerate(zip(top, sub, strict=False)):
        t, s = _norm(t), _norm(s)
        if t == "序号":
            key = "number"
        elif "公开事项" in t:
            key = "level2" if "二级" in s else "level1"
        elif "公开内容" in t:
            key = "content"
        elif "公开依据" in t:
            key = "basis"
        elif "公开时限" in t:
            key = "deadline"
        elif "公开主体" in t:
            key = "publisher"
        elif "公开渠道" in t or "载体" in t:
            key = "channels"
        elif "公开对象" in t:
            key = "audience_specific" if "特定" in s else "audience_public"
        elif "公开方式" in t:
            key = "on_request" if "依申请" in s else "proactive"
        else:
            continue
        found.setdefault(key, index)
    return found


def _is_header(cells: list[str]) -> bool:
    normed = {_norm(c) for c in cells}
    return "序号" in normed or ("公开事项" in normed and "公开时限" in normed)


def _title(cells: list[str]) -> str | None:
    texts = {c.strip() for c in cells if c and c.strip()}
    if len(texts) == 1 and (match := _TITLE.match(texts.pop())):
        return match["area"].strip()
    return None


def _scan(table: str, grid: list[list[tuple[str, bool]]], area: str, out: dict, row_label) -> str:
    """Walk one grid of (text, continues-a-horizontal-merge) cells; append rows and errors to ``out``."""
    columns: dict[str, int] | None = None
    index = 0
    while index < len(grid):
        cells = [text for text, _ in grid[index]]
        if (title := _title(cells)) is not None:
            area, columns = title, None
        elif _is_header(cells):
            sub = [text for text, _ in grid[index + 1]] if index + 1 < len(grid) else []
            columns = _columns(cells, sub)
            if {"一级事项", "全社会", "主动"} & {_norm(s) for s in sub}:
                index += 1  # the second header row
            missing = [HEADER_TOP[KEYS.index(k)] for k in ("level1", "deadline") if k not in columns]
            if missing:
                out["errors"].append(
                    {"table": table, "row": row_label(index), "message": f"表头缺少“{'”“'.join(missing)}”列"}
                )
                columns = None
        elif columns is not None and any(text.strip() for text in cells):
            row = {}
            for key, col in columns.items():
                text, continued = grid[index][col] if col < len(grid[index]) else ("", False)
                row[key] = "" if continued else text.strip()
            out["rows"].append({"table": table, "row": row_label(index), "area": area, "cells": row})
        index += 1
    return area


def read_xlsx(data: bytes) -> dict:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), data_only=True)
    except Exception as e:
        raise IsolationError("无法读取该Excel文件，请确认是.xlsx格式且未加密") from e
    out: dict = {"rows": [], "errors": []}
    for sheet in book.worksheets:
        grid = [
            [("" if v is None else str(v), False) for v in row]
            for row in sheet.iter_rows(min_row=1, max_row=sheet.max_row, max_col=sheet.max_column, values_only=True)
        ]
        for merged in sheet.merged_cells.ranges:
            value = grid[merged.min_row - 1][merged.min_col - 1][0]
            for r in range(merged.min_row - 1, merged.max_row):
                for c in range(merged.min_col - 1, merged.max_col):
                    grid[r][c] = (value, c > merged.min_col - 1)
        _scan(f"工作表“{sheet.title}”", grid, sheet.title.strip(), out, lambda i: f"第{i + 1}行")
    return out


def read_docx(data: bytes) -> dict:
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = Document(io.BytesIO(data))
    except Exception as e:
        raise IsolationError("无法读取该Word文件，请确认是.docx格式且未加密") from e
    out: dict = {"rows": [], "errors": []}
    area = ""
    number = 0
    for child in document.element.body.iterchildren():
        if child.tag.endswith("}p"):
            area = _title([Paragraph(child, document).text]) or area
            continue
        if not child.tag.endswith("}tbl"):
            continue
        number += 1
        grid = []
        for row in Table(child, document).rows:
            cells, previous = [], None
            for cell in row.cells:
                # Merged cells repeat in row.cells: a horizontal repeat is blanked (dedupe by _tc),
                # a vertical one (same 一级事项 over several rows) keeps the text.
                cells.append((cell.text, cell._tc is previous))
                previous = cell._tc
            grid.append(cells)
        area = _scan(f"第{number}个表格", grid, area, out, lambda i: f"第{i + 1}行")
    return out


def read_directory(data: bytes, suffix: str) -> dict:
    """The rows of a 标准目录 file: {"rows": [{table, row, area, cells}], "errors": [...]}."""
    if suffix == ".xlsx":
        return read_xlsx(data)
    if suffix == ".docx":
        return read_docx(data)
    raise IsolationError("只能导入.xlsx或.docx格式的标准目录")


# -- writing ---------------------------------------------------------------------------------------


def _cells(number: int, row: dict) -> list[str]:
    return [
        str(number),
        row["level1"],
        row["level2"],
        row["content"],
        row["basis"],
        row["deadline"],
        row["publisher"],
        " ".join(f"{CHECKED}{c}" for c in row["channels"]),
        *(TICK if row[k] else "" for k in ("audience_public", "audience_specific", "proactive", "on_request")),
    ]


def _level1_runs(rows: list[dict]) -> list[tuple[int, int]]:
    """(first, last) row indexes of consecutive rows with the same 一级事项, for vertical merges."""
    runs, start = [], 0
    for index in range(1, len(rows) + 1):
        if index == len(rows) or rows[index]["level1"] != rows[start]["level1"]:
            runs.append((start, index - 1))
            start = index
    return runs


def write_xlsx(areas: list[tuple[str, list[dict]]], title: str) -> bytes:
    """One sheet per area, in the official layout (title row, two merged header rows)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    book = Workbook()
    book.remove(book.active)
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="center")
    centre = Alignment(wrap_text=True, vertical="center", horizontal="center")
    widths = (6, 16, 18, 30, 28, 18, 16, 18, 7, 7, 7, 7)
    for index, (area, rows) in enumerate(areas, start=1):
        sheet = book.create_sheet(re.sub(r"[\[\]:*?/\\]", "", area)[:31] or f"领域{index}")
        sheet.append([area_title(index, area)])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=12)
        sheet["A1"].font = Font(bold=True, size=14)
        sheet["A1"].alignment = centre
        sheet.append(list(HEADER_TOP))
        sheet.append(list(HEADER_SUB))
        for col in (1, 4, 5, 6, 7, 8):
            sheet.merge_cells(start_row=2, start_column=col, end_row=3, end_column=col)
        for col in (2, 9, 11):
            sheet.merge_cells(start_row=2, start_column=col, end_row=2, end_column=col + 1)
        for number, row in enumerate(rows, start=1):
            sheet.append(_cells(number, row))
        for first, last in _level1_runs(rows):
            if last > first:
                sheet.merge_cells(start_row=first + 4, start_column=2, end_row=last + 4, end_column=2)
        for r in sheet.iter_rows(min_row=2, max_row=len(rows) + 3, max_col=12):
            for cell in r:
                cell.border = border
                cell.alignment = centre if cell.row <= 3 or cell.column in (1, 9, 10, 11, 12) else wrap
                if cell.row <= 3:
                    cell.font = Font(bold=True)
        for col, width in enumerate(widths, start=1):
            sheet.column_dimensions[chr(64 + col)].width = width
    book.properties.title = title
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_docx(areas: list[tuple[str, list[dict]]], title: str) -> bytes:
    """One heading and one table per area, one after another, as a township's 汇编 prints them."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    style = document.styles["Normal"]
    style.font.name = "宋体"
    style.font.size = Pt(9)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(title)
    run.bold, run.font.size = True, Pt(16)
    for index, (area, rows) in enumerate(areas, start=1):
        paragraph = document.add_paragraph()
        paragraph.add_run(area_title(index, area)).bold = True
        table = document.add_table(rows=2 + len(rows), cols=12)
        table.style = "Table Grid"
        for col, (top, sub) in enumerate(zip(HEADER_TOP, HEADER_SUB, strict=True)):
            table.cell(0, col).text = top if col in (0, 1, 3, 4, 5, 6, 7, 8, 10) else ""
            table.cell(1, col).text = sub
        for col in (0, 3, 4, 5, 6, 7):
            table.cell(0, col).merge(table.cell(1, col))
        for col in (1, 8, 10):
            table.cell(0, col).merge(table.cell(0, col + 1))
        for number, row in enumerate(rows, start=1):
            for col, text in enumerate(_cells(number, row)):
                table.cell(1 + number, col).text = text
        for first, last in _level1_runs(rows):
            if last > first:
                top = table.cell(2 + first, 1)
                top.merge(table.cell(2 + last, 1)).text = rows[first]["level1"]
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
