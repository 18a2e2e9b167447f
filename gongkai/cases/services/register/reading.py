"""Reading a register (登记簿): the six columns, the file formats, and every bad row at once.

Reading checks every row and reports every bad row at once, numbered as the spreadsheet shows it
(header = row 1), because a clerk fixes the file in one pass rather than one error per attempt.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import charset_normalizer
import openpyxl
from django.core.exceptions import ValidationError
from django.utils import timezone
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter

from gongkai.statute.outcomes import APPLICANT_LABELS, OUTCOMES

from ...models import Case

HEADERS: tuple[str, ...] = ("受理编号", "申请人类型", "申请人", "收到日期", "答复日期", "办理结果")
NUMBER, KIND, NAME, RECEIVED, REPLIED, OUTCOME = HEADERS
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

_KIND_BY_LABEL = {label: kind.value for kind, label in APPLICANT_LABELS.items()}
# 危及“三安全一稳定” is typed with ASCII quotes, 「」 or full-width quotes about as often as with
# the official curly ones; comparing labels without any quote characters accepts them all.
_QUOTES = re.compile("[\"'＂＇“”‘’「」『』〝〞]")
_OUTCOME_BY_BARE_LABEL = {_QUOTES.sub("", o.label): o.key for o in OUTCOMES}
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# Blank characters that survive copy and paste from web pages and Word around a cell's text.
_BLANKS = " \t\r\n\v\f\u00a0\u2002\u2003\u2009\u200b\u3000\ufeff"
# An .xlsx file cannot hold these, so a row carrying one could never be exported and read back.
_CONTROL_CHARACTERS = "{}含有不可见的控制字符（多为从其他系统复制时带入），请删除后再导入"
_NUMBER_MAX = Case._meta.get_field("number").max_length
_NAME_MAX = Case._meta.get_field("applicant_name").max_length


# -- rows and errors ------------------------------------------------------------------------


@dataclass(frozen=True)
class RegisterRow:
    """One case as the register states it; ``row`` is its spreadsheet row number."""

    row: int
    number: str
    applicant_kind: str  # an ApplicantType value
    applicant_name: str
    received_on: dt.date
    replied_on: dt.date | None = None
    outcome: str = ""  # an OUTCOMES key; "" while the case is open

    @property
    def is_open(self) -> bool:
        return self.replied_on is None


@dataclass(frozen=True)
class RowError:
    """What is wrong with one row (``row`` None: with the file as a whole)."""

    row: int | None
    message: str

    def __str__(self) -> str:
        return f"第{self.row}行：{self.message}" if self.row is not None else self.message


class RegisterError(ValidationError):
    """The register cannot be imported; ``row_errors`` lists every problem found."""

    def __init__(self, row_errors: Iterable[RowError], rows: Sequence[RegisterRow] = ()):
        self.row_errors = sorted(row_errors, key=lambda e: (e.row is not None, e.row or 0))
        self.rows = list(rows)  # the rows that were fine, so later checks can add their errors
        super().__init__([str(e) for e in self.row_errors])

    @property
    def file_errors(self) -> list[RowError]:
        return [e for e in self.row_errors if e.row is None]


def file_error(message: str) -> RegisterError:
    return RegisterError([RowError(None, message)])


# -- reading --------------------------------------------------------------------------------


def read_register(data: bytes, filename: str) -> list[RegisterRow]:
    """Parse a .csv (UTF-8 with or without BOM, GBK/GB18030) or .xlsx register.

    Raises RegisterError listing every bad row, or the one problem with the file itself.
    """
    if not data:
        raise file_error("文件是空的")
    name = (filename or "").lower()
    if data.startswith(b"PK\x03\x04"):  # a zip container: .xlsx, whatever the name says
        records, decoded_as = _xlsx_records(data), "xlsx"
    elif data.startswith(b"\xd0\xcf\x11\xe0"):
        raise file_error("不支持旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx 或 CSV 后再导入")
    elif name.endswith(".xlsx"):
        raise file_error("文件无法作为 Excel（.xlsx）文件打开，可能已损坏")
    elif name.endswith((".csv", ".txt")):
        records, decoded_as = _csv_records(data)
    else:
        raise file_error("不支持的文件类型：请上传 .csv 或 .xlsx 文件")
    return _parse_records(records, hint_encoding=decoded_as not in ("xlsx", "utf-8"))


def _decode(data: bytes) -> tuple[str, str]:
    """The text and the encoding it was read with.

    Strict UTF-8 first, then GB18030 (a superset of GBK and GB2312, what Excel writes on Chinese
    Windows): for Chinese text that order never mistakes one for the other, where a statistical
    guess on a short file can. charset-normalizer is the last resort for anything else.
    """
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8) :].decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            raise file_error("文件以 UTF-8 标记开头，但内容不是有效的 UTF-8 编码") from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # Excel's "Unicode text"
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise file_error("文件内容不是有效的 UTF-16 编码") from None
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise file_error("无法识别文件的字符编码，请将文件另存为 UTF-8 或 GBK 编码的 CSV 后再导入")
    return str(best), best.encoding


def _csv_records(data: bytes) -> tuple[Iterator[list[Any]], str]:
    text, encoding = _decode(data)
    if "\x00" in text:
        raise file_error("文件不是文本格式的 CSV 文件，无法读取")
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    # A CSV record may span lines (a quoted line break); its row number is its record number,
    # which is what a spreadsheet program shows.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)

    def records() -> Iterator[list[Any]]:
        try:
            yield from reader
        except csv.Error as e:
            raise file_error(f"CSV 文件格式有误（第{reader.line_num}行附近），无法读取") from e

    return records(), encoding


def _xlsx_records(data: bytes) -> Iterator[list[Any]]:
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as e:
        raise file_error("文件无法作为 Excel（.xlsx）文件打开，可能已损坏或不是 Excel 文件") from e
    if not workbook.worksheets:
        raise file_error("Excel 文件中没有工作表")

    def records() -> Iterator[list[Any]]:
        try:
            # The first worksheet is the register; read-only mode pads empty rows, so
            # enumeration keeps the row numbers Excel shows.
            for values in workbook.worksheets[0].iter_rows(values_only=True):
                yield list(values)
        except (KeyError, OSError, ValueError, TypeError, SyntaxError) as e:  # damaged sheet XML
            raise file_error("Excel 文件的工作表已损坏，无法读取") from e
        finally:
            workbook.close()

    return records()


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # an Excel number cell holding a case number such as 2024001
    elif isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time() else value
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip(_BLANKS)


def _parse_records(records: Iterator[list[Any]], *, hint_encoding: bool) -> list[RegisterRow]:
    header = next(records, None)
    columns = _columns(header, hint_encoding=hint_encoding)
    rows: list[RegisterRow] = []
    errors: list[RowError] = []
    today = timezone.localdate()
    numbered: list[tuple[int, str]] = []  # bad rows too: a repeat of a bad row's number is news
    for n, values in enumerate(records, start=2):
        if all(cell_text(v) == "" for v in values):
            continue  # blank rows separate months in many registers
        row, problems = _parse_row(n, values, columns, today)
        numbered.append((n, cell_text(values[columns[NUMBER]]) if columns[NUMBER] < len(values) else ""))
        if row is None:
            errors.append(RowError(n, "；".join(problems)))
        else:
            rows.append(row)
    errors += duplicate_errors(numbered)
    if not rows and not errors:
        raise file_error("登记簿中没有数据：表头下面没有任何一行")
    if errors:
        bad = {e.row for e in errors}
        raise RegisterError(merge_errors(errors), [r for r in rows if r.row not in bad])
    return rows


def _columns(header: list[Any] | None, *, hint_encoding: bool) -> dict[str, int]:
    """Column index of each of the six headers; refuses missing, repeated or extra columns."""
    names = [cell_text(v) for v in header or []]
    expected = "、".join(HEADERS)
    if not any(names):
        raise file_error(f"第1行应为表头，登记簿应当恰好有这六列（顺序不限）：{expected}")
    missing = [h for h in HEADERS if h not in names]
    extra = [h for h in names if h and h not in HEADERS]
    repeated = sorted({h for h in names if h in HEADERS and names.count(h) > 1}, key=HEADERS.index)
    if missing or extra or repeated:
        problems = []
        if missing:
            problems.append("缺少列 " + "、".join(f"“{h}”" for h in missing))
        if extra:
            problems.append("多出列 " + "、".join(f"“{h}”" for h in extra))
        if repeated:
            problems.append("重复的列 " + "、".join(f"“{h}”" for h in repeated))
        message = f"表头不正确：{'；'.join(problems)}。登记簿应当恰好有这六列（顺序不限）：{expected}"
        if hint_encoding and missing and not any(h in names for h in HEADERS):
            message += "。如果表头显示为乱码，请将文件另存为 UTF-8 编码的 CSV"
        raise file_error(message)
    return {h: names.index(h) for h in HEADERS} | {"": len(names)}


def _parse_row(
    n: int, values: list[Any], columns: dict[str, int], today: dt.date
) -> tuple[RegisterRow | None, list[str]]:
    def cell(header: str) -> Any:
        i = columns[header]
        return values[i] if i < len(values) else None

    problems: list[str] = []
    width = columns[""]
    stray = [i for i, v in enumerate(values) if i >= width or i not in columns.values()]
    stray = [i for i in stray if cell_text(values[i])]
    if stray:
        where = "、".join(get_column_letter(i + 1) for i in stray)
        problems.append(f"第 {where} 列有内容，但该列没有表头（登记簿只能有六列）")

    number = cell_text(cell(NUMBER))
    if not number:
        problems.append("受理编号为空")
    elif len(number) > _NUMBER_MAX:
        problems.append(f"受理编号超过{_NUMBER_MAX}个字")
    elif ILLEGAL_CHARACTERS_RE.search(number):
        problems.append(_CONTROL_CHARACTERS.format(NUMBER))

    kind_label = cell_text(cell(KIND))
    kind = _KIND_BY_LABEL.get(kind_label)
    if kind is None:
        allowed = "/".join(APPLICANT_LABELS.values())
        problems.append(f"申请人类型“{kind_label}”无效，应为 {allowed} 之一" if kind_label else "申请人类型为空")

    name = cell_text(cell(NAME))
    if not name:
        problems.append("申请人为空")
    elif len(name) > _NAME_MAX:
        problems.append(f"申请人超过{_NAME_MAX}个字")
    elif ILLEGAL_CHARACTERS_RE.search(name):
        problems.append(_CONTROL_CHARACTERS.format(NAME))

    received_on = _date(cell(RECEIVED), RECEIVED, problems, required=True)
    replied_on = _date(cell(REPLIED), REPLIED, problems, required=False)
    outcome_label = cell_text(cell(OUTCOME))
    outcome = _OUTCOME_BY_BARE_LABEL.get(_QUOTES.sub("", outcome_label), "") if outcome_label else ""
    if outcome_label and not outcome:
        problems.append(f"办理结果“{outcome_label}”不是年度报告表三的21项办理结果之一")
    if cell_text(cell(REPLIED)) and not outcome_label:
        problems.append("有答复日期但办理结果为空（未办结的申请两项都应留空）")
    elif outcome_label and not cell_text(cell(REPLIED)):
        problems.append("有办理结果但答复日期为空（未办结的申请两项都应留空）")
    for label, day in ((RECEIVED, received_on), (REPLIED, replied_on)):
        if day is not None and day > today:
            problems.append(f"{label} {day.isoformat()} 晚于今天")
    if received_on and replied_on and replied_on < received_on:
        problems.append(f"答复日期 {replied_on.isoformat()} 早于收到日期 {received_on.isoformat()}")
    if problems or kind is None or received_on is None:
        return None, problems
    return RegisterRow(n, number, kind, name, received_on, replied_on, outcome), []


def _date(value: Any, label: str, problems: list[str], *, required: bool) -> dt.date | None:
    """A date cell: a real Excel date, or text written YYYY-MM-DD (nothing looser: 03/04 is ambiguous)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = cell_text(value)
    if not text:
        if required:
            problems.append(f"{label}为空")
        return None
    if _DATE.fullmatch(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            problems.append(f"{label}“{text}”不是有效日期")
            return None
    problems.append(f"{label}“{text}”格式不对，应写成 YYYY-MM-DD（如 2024-03-04）")
    return None


def duplicate_errors(numbered: Sequence[tuple[int, str]]) -> list[RowError]:
    """Every row of a 受理编号 that appears more than once: all of them need a look."""
    where: dict[str, list[int]] = defaultdict(list)
    for row, number in numbered:
        if number:
            where[number].append(row)
    errors = []
    for number, rows in where.items():
        if len(rows) > 1:
            listed = "、".join(str(r) for r in sorted(rows))
            errors += [RowError(r, f"受理编号“{number}”在本文件中重复出现（第{listed}行）") for r in rows]
    return errors


def merge_errors(errors: Iterable[RowError]) -> list[RowError]:
    """One error per row: a row's problems joined, so each bad row is one line."""
    by_row: dict[int | None, list[str]] = defaultdict(list)
    for e in errors:
        by_row[e.row].append(e.message)
    return [RowError(row, "；".join(messages)) for row, messages in by_row.items()]
