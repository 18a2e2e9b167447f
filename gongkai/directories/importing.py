"""Bringing a 标准目录 in from the official table, and writing it back out.

The uploaded file is parsed in an isolated worker (core.isolation); its rows are checked here,
all of them, so the person importing gets every bad row at once (table, row, what is wrong, in
Chinese) and nothing is changed unless every row is right.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from gongkai.core.isolation import IsolationError, Limits, run_isolated
from gongkai.organizations.models import Agency
from gongkai.statute.directory import is_ditto

from . import services, tables
from .models import DirectoryItem

LIMITS = Limits(max_bytes=20 * 1024 * 1024, seconds=30)
SUFFIXES = (".xlsx", ".docx")
# Columns whose "同上" repeats the cell above (all text columns; ticks are read as they stand).
DITTO_KEYS = ("level1", "level2", "content", "basis", "deadline", "publisher", "channels")
LABELS = dict(zip(tables.KEYS, (
    "序号", "一级事项", "二级事项", "公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体",
    "公开对象（全社会）", "公开对象（特定群众）", "公开方式（主动）", "公开方式（依申请公开）",
), strict=True))  # fmt: skip


class DirectoryImportError(Exception):
    """The file could not be imported; ``problems`` lists every bad row (nothing was changed)."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("；".join(problems[:3]))


@dataclass
class Checked:
    rows: list[dict] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)  # where each row came from, for messages


def read_file(data: bytes, filename: str) -> dict:
    suffix = Path(filename).suffix.lower()
    if suffix not in SUFFIXES:
        raise DirectoryImportError([f"《{filename}》不是.xlsx或.docx文件，只能导入这两种格式的标准目录"])
    try:
        return run_isolated(tables.read_directory, data, suffix, limits=LIMITS)
    except IsolationError as e:
        raise DirectoryImportError([str(e)]) from e


def check_rows(agency: Agency, parsed: dict) -> Checked:
    """Resolve 同上 and ticks, match 公开主体 to a department; collect every problem."""
    checked = Checked(problems=[f"{e['table']}{e['row']}：{e['message']}" for e in parsed["errors"]])
    departments = {d.name: d for d in agency.departments.all()}
    previous: dict[str, dict] = {}
    for raw in parsed["rows"]:
        where = f"{raw['table']}{raw['row']}"
        cells = dict(raw["cells"])
        above = previous.get(raw["table"], {})
        wrong: list[str] = []
        for key in DITTO_KEYS:
            if is_ditto(cells.get(key, "")):
                if not above.get(key):
                    wrong.append(f"{LABELS[key]}写“同上”，但上一行没有可沿用的内容")
                cells[key] = above.get(key, "")
        previous[raw["table"]] = cells
        if not raw["area"]:
            wrong.append("无法确定所属领域（表格前应有“（一）××领域基层政务公开标准目录”标题，或以领域命名工作表）")
        if not cells.get("level1"):
            wrong.append("缺少一级事项")
        marks = {}
        for key in ("audience_public", "audience_specific", "proactive", "on_request"):
            value = tables.tick(cells.get(key, ""))
            if value is None:
                wrong.append(f"{LABELS[key]}栏的“{cells.get(key)}”无法识别，请用√表示勾选")
            marks[key] = bool(value)
        if "audience_public" in cells and not (marks["audience_public"] or marks["audience_specific"]):
            wrong.append("公开对象未勾选（全社会或特定群众）")
        if "proactive" in cells and not (marks["proactive"] or marks["on_request"]):
            wrong.append("公开方式未勾选（主动或依申请公开）")
        if wrong:
            checked.problems.append(f"{where}：{'；'.join(wrong)}")
            continue
        publisher = cells.get("publisher", "")
        checked.places.append(where)
        checked.rows.append(
            {
                "area": raw["area"],
                "level1": cells.get("level1", ""),
                "level2": cells.get("level2", ""),
                "content": cells.get("content", ""),
                "basis": cells.get("basis", ""),
                "deadline_text": cells.get("deadline", ""),
                "publisher": publisher,
                "department": _department(departments, publisher),
                "channels": tables.channels(cells.get("channels", "")),
                "audience_public": marks["audience_public"] if "audience_public" in cells else True,
                "audience_specific": marks["audience_specific"],
                "proactive": marks["proactive"] if "proactive" in cells else True,
                "on_request": marks["on_request"],
            }
        )
    keys: dict[tuple, str] = {}
    for row, where in zip(checked.rows, checked.places, strict=True):
        key = (row["area"], row["level1"], row["level2"])
        if key in keys:
            checked.problems.append(f"{where}：与{keys[key]}重复（领域、一级事项、二级事项均相同）")
        keys.setdefault(key, where)
    if not parsed["rows"] and not checked.problems:
        checked.problems.append("文件中没有找到标准目录表格（应有“序号、公开事项……”两行表头）")
    return checked


def _department(departments: dict, publisher: str):
    """The department named in 公开主体 (exactly, or as the only department named in it)."""
    if publisher in departments:
        return departments[publisher]
    named = [d for name, d in departments.items() if name and name in publisher]
    return named[0] if len(named) == 1 else None


def import_directory(*, actor, agency: Agency, data: bytes, filename: str, actor_label: str = "") -> dict:
    """Read, check and import a 标准目录 file, all or nothing; DirectoryImportError lists every bad row."""
    parsed = read_file(data, filename)
    checked = check_rows(agency, parsed)
    if checked.problems:
        raise DirectoryImportError(checked.problems)
    return services.replace_directory(
        actor=actor, agency=agency, rows=checked.rows, source=Path(filename).name, actor_label=actor_label
    )


# -- export ----------------------------------------------------------------------------------------


def areas_of(agency: Agency) -> list[tuple[str, list[DirectoryItem]]]:
    """The agency's current items grouped by area, areas in the order of their first item."""
    grouped: dict[str, list[DirectoryItem]] = {}
    for item in DirectoryItem.objects.current().filter(agency=agency).select_related("department"):
        grouped.setdefault(item.area, []).append(item)
    return list(grouped.items())


def _row(item: DirectoryItem) -> dict:
    return {
        "level1": item.level1,
        "level2": item.level2,
        "content": item.content,
        "basis": item.basis,
        "deadline": item.deadline_text,
        "publisher": item.publisher,
        "channels": list(item.channels),
        "audience_public": item.audience_public,
        "audience_specific": item.audience_specific,
        "proactive": item.proactive,
        "on_request": item.on_request,
    }


def export_directory(agency: Agency, suffix: str) -> bytes:
    areas = [(area, [_row(i) for i in items]) for area, items in areas_of(agency)]
    title = f"{agency.name}政府信息主动公开全清单"
    if suffix == ".xlsx":
        return tables.write_xlsx(areas, title)
    if suffix == ".docx":
        return tables.write_docx(areas, title)
    raise ValueError(suffix)
