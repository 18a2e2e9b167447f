"""The case register (登记簿) that agencies keep in spreadsheets: reading, importing, exporting.

The register has exactly six columns (HEADERS). Reading checks every row and reports every bad
row at once, numbered as the spreadsheet shows it (header = row 1), because a clerk fixes the
file in one pass rather than one error per attempt. Importing is all-or-nothing.
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
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter

from gongkai.core.audit import record_event
from gongkai.deadlines.calendars import current_calendar
from gongkai.organizations.models import Agency
from gongkai.statute.calendar import WorkCalendar
from gongkai.statute.clock import reply_due
from gongkai.statute.outcomes import APPLICANT_LABELS, BY_KEY, OUTCOMES, ApplicantType
from gongkai.statute.periods import REPLY_WORKING_DAYS

from ..models import Applicant, Case, Channel, Deadline, Reply, Status
from . import clock

HEADERS: tuple[str, ...] = ("受理编号", "申请人类型", "申请人", "收到日期", "答复日期", "办理结果")
NUMBER, KIND, NAME, RECEIVED, REPLIED, OUTCOME = HEADERS
# Marks what the import wrote (the case description, the reply body), so that a later re-import
# can tell its own reply from one issued in Gongkai.
IMPORT_MARK = "（登记簿导入）"
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


def _file_error(message: str) -> RegisterError:
    return RegisterError([RowError(None, message)])


# -- reading --------------------------------------------------------------------------------


def read_register(data: bytes, filename: str) -> list[RegisterRow]:
    """Parse a .csv (UTF-8 with or without BOM, GBK/GB18030) or .xlsx register.

    Raises RegisterError listing every bad row, or the one problem with the file itself.
    """
    if not data:
        raise _file_error("文件是空的")
    name = (filename or "").lower()
    if data.startswith(b"PK\x03\x04"):  # a zip container: .xlsx, whatever the name says
        records, decoded_as = _xlsx_records(data), "xlsx"
    elif data.startswith(b"\xd0\xcf\x11\xe0"):
        raise _file_error("不支持旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx 或 CSV 后再导入")
    elif name.endswith(".xlsx"):
        raise _file_error("文件无法作为 Excel（.xlsx）文件打开，可能已损坏")
    elif name.endswith((".csv", ".txt")):
        records, decoded_as = _csv_records(data)
    else:
        raise _file_error("不支持的文件类型：请上传 .csv 或 .xlsx 文件")
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
            raise _file_error("文件以 UTF-8 标记开头，但内容不是有效的 UTF-8 编码") from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # Excel's "Unicode text"
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise _file_error("文件内容不是有效的 UTF-16 编码") from None
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise _file_error("无法识别文件的字符编码，请将文件另存为 UTF-8 或 GBK 编码的 CSV 后再导入")
    return str(best), best.encoding


def _csv_records(data: bytes) -> tuple[Iterator[list[Any]], str]:
    text, encoding = _decode(data)
    if "\x00" in text:
        raise _file_error("文件不是文本格式的 CSV 文件，无法读取")
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    # A CSV record may span lines (a quoted line break); its row number is its record number,
    # which is what a spreadsheet program shows.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)

    def records() -> Iterator[list[Any]]:
        try:
            yield from reader
        except csv.Error as e:
            raise _file_error(f"CSV 文件格式有误（第{reader.line_num}行附近），无法读取") from e

    return records(), encoding


def _xlsx_records(data: bytes) -> Iterator[list[Any]]:
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as e:
        raise _file_error("文件无法作为 Excel（.xlsx）文件打开，可能已损坏或不是 Excel 文件") from e
    if not workbook.worksheets:
        raise _file_error("Excel 文件中没有工作表")

    def records() -> Iterator[list[Any]]:
        try:
            # The first worksheet is the register; read-only mode pads empty rows, so
            # enumeration keeps the row numbers Excel shows.
            for values in workbook.worksheets[0].iter_rows(values_only=True):
                yield list(values)
        except (KeyError, OSError, ValueError, TypeError, SyntaxError) as e:  # damaged sheet XML
            raise _file_error("Excel 文件的工作表已损坏，无法读取") from e
        finally:
            workbook.close()

    return records()


def _text(value: Any) -> str:
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
        if all(_text(v) == "" for v in values):
            continue  # blank rows separate months in many registers
        row, problems = _parse_row(n, values, columns, today)
        numbered.append((n, _text(values[columns[NUMBER]]) if columns[NUMBER] < len(values) else ""))
        if row is None:
            errors.append(RowError(n, "；".join(problems)))
        else:
            rows.append(row)
    errors += _duplicate_errors(numbered)
    if not rows and not errors:
        raise _file_error("登记簿中没有数据：表头下面没有任何一行")
    if errors:
        bad = {e.row for e in errors}
        raise RegisterError(_merge(errors), [r for r in rows if r.row not in bad])
    return rows


def _columns(header: list[Any] | None, *, hint_encoding: bool) -> dict[str, int]:
    """Column index of each of the six headers; refuses missing, repeated or extra columns."""
    names = [_text(v) for v in header or []]
    expected = "、".join(HEADERS)
    if not any(names):
        raise _file_error(f"第1行应为表头，登记簿应当恰好有这六列（顺序不限）：{expected}")
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
        raise _file_error(message)
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
    stray = [i for i in stray if _text(values[i])]
    if stray:
        where = "、".join(get_column_letter(i + 1) for i in stray)
        problems.append(f"第 {where} 列有内容，但该列没有表头（登记簿只能有六列）")

    number = _text(cell(NUMBER))
    if not number:
        problems.append("受理编号为空")
    elif len(number) > _NUMBER_MAX:
        problems.append(f"受理编号超过{_NUMBER_MAX}个字")

    kind_label = _text(cell(KIND))
    kind = _KIND_BY_LABEL.get(kind_label)
    if kind is None:
        allowed = "/".join(APPLICANT_LABELS.values())
        problems.append(f"申请人类型“{kind_label}”无效，应为 {allowed} 之一" if kind_label else "申请人类型为空")

    name = _text(cell(NAME))
    if not name:
        problems.append("申请人为空")
    elif len(name) > _NAME_MAX:
        problems.append(f"申请人超过{_NAME_MAX}个字")

    received_on = _date(cell(RECEIVED), RECEIVED, problems, required=True)
    replied_on = _date(cell(REPLIED), REPLIED, problems, required=False)
    outcome_label = _text(cell(OUTCOME))
    outcome = _OUTCOME_BY_BARE_LABEL.get(_QUOTES.sub("", outcome_label), "") if outcome_label else ""
    if outcome_label and not outcome:
        problems.append(f"办理结果“{outcome_label}”不是年度报告表三的21项办理结果之一")
    if _text(cell(REPLIED)) and not outcome_label:
        problems.append("有答复日期但办理结果为空（未办结的申请两项都应留空）")
    elif outcome_label and not _text(cell(REPLIED)):
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
    text = _text(value)
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


def _duplicate_errors(numbered: Sequence[tuple[int, str]]) -> list[RowError]:
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


def _merge(errors: Iterable[RowError]) -> list[RowError]:
    """One error per row: a row's problems joined, so each bad row is one line."""
    by_row: dict[int | None, list[str]] = defaultdict(list)
    for e in errors:
        by_row[e.row].append(e.message)
    return [RowError(row, "；".join(messages)) for row, messages in by_row.items()]


# -- checking against the agency's cases ----------------------------------------------------


@dataclass(frozen=True)
class RegisterCheck:
    """A register that may be imported into an agency, and what importing it would do."""

    rows: list[RegisterRow]
    created: int
    updated: int


def _chunks(items: Sequence[str], size: int = 500) -> Iterator[Sequence[str]]:
    # SQLite caps the number of query parameters; a 5,000-row register stays well under per chunk.
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _existing(agency: Agency, numbers: Sequence[str], *, lock: bool = False) -> dict[str, Case]:
    found: dict[str, Case] = {}
    for chunk in _chunks(list(dict.fromkeys(numbers))):
        queryset = Case.objects.filter(agency=agency, number__in=chunk).select_related("reply")
        if lock:
            queryset = queryset.select_for_update(of=("self",))
        found.update((case.number, case) for case in queryset)
    return found


def _conflicts(rows: Sequence[RegisterRow], existing: dict[str, Case]) -> list[RowError]:
    errors = []
    for row in rows:
        case = existing.get(row.number)
        if case is None:
            continue
        if case.channel != Channel.IMPORTED:
            errors.append(RowError(row.row, f"受理编号“{row.number}”是在本系统中登记的申请，不能用登记簿覆盖"))
            continue
        reply = getattr(case, "reply", None)
        own_reply = reply is None or reply.body == IMPORT_MARK
        if not own_reply and (row.replied_on, row.outcome) != (case.replied_on, case.outcome):
            errors.append(
                RowError(
                    row.row,
                    f"受理编号“{row.number}”已在本系统中作出答复（{case.replied_on.isoformat()}，"
                    f"{case.get_outcome_display()}），登记簿中的答复日期或办理结果与之不同，不能覆盖",
                )
            )
    return errors


def check_register(*, agency: Agency, data: bytes, filename: str) -> RegisterCheck:
    """Read a register and check it against the agency's cases, without writing anything.

    Raises RegisterError with every bad row: those of the file and those that clash with
    the agency's cases together, so one attempt shows the whole list.
    """
    try:
        rows = read_register(data, filename)
        errors: list[RowError] = []
    except RegisterError as e:
        if e.file_errors:
            raise
        rows, errors = e.rows, e.row_errors
    existing = _existing(agency, [r.number for r in rows])
    errors = errors + _conflicts(rows, existing)
    if errors:
        raise RegisterError(_merge(errors))
    updated = sum(1 for r in rows if r.number in existing)
    return RegisterCheck(rows, created=len(rows) - updated, updated=updated)


# -- importing ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int

    @property
    def total(self) -> int:
        return self.created + self.updated

    @property
    def summary(self) -> str:
        return f"已导入 {self.total} 件（新增 {self.created}，更新 {self.updated}）"


def import_register(
    *, agency: Agency, rows: Iterable[RegisterRow], actor=None, actor_label: str = "", source: str = ""
) -> ImportResult:
    """Create or update the agency's cases from register rows, all or nothing.

    A 受理编号 already in the agency is updated in place when that case came from an earlier
    import (an agency re-imports its updated register) and refused when it was registered in
    Gongkai. ``source`` (the file name) goes into the audit event.
    """
    rows = list(rows)
    duplicates = _duplicate_errors([(r.row, r.number) for r in rows])
    if duplicates:
        raise RegisterError(_merge(duplicates))
    try:
        with transaction.atomic():
            return _import(agency, rows, actor, actor_label, source)
    except IntegrityError:
        # Someone registered or imported one of these numbers between our check and our insert.
        raise _file_error("导入时有其他人同时登记了相同受理编号的申请，未导入任何数据，请重新导入") from None


def _import(agency: Agency, rows: list[RegisterRow], actor, actor_label: str, source: str) -> ImportResult:
    existing = _existing(agency, [r.number for r in rows], lock=True)
    errors = _conflicts(rows, existing)
    if errors:
        raise RegisterError(_merge(errors))
    calendar = current_calendar()  # once: the cached calendar is re-validated by two queries a call
    now = timezone.now()
    new_cases: list[Case] = []
    changed: list[Case] = []
    restarted: list[Case] = []
    for row in rows:
        case = existing.get(row.number)
        if case is None:
            case = Case(
                agency=agency,
                number=row.number,
                seq=None,
                channel=Channel.IMPORTED,
                description=IMPORT_MARK,
                received_on=row.received_on,
                clock_started_on=row.received_on,
            )
            _apply(case, row, now)
            _set_due(case, calendar)
            new_cases.append(case)
            continue
        before = _state(case)
        if case.clock_started_on == case.received_on:  # not restarted by a supplement in Gongkai
            case.clock_started_on = row.received_on
        _apply(case, row, now)
        if case.clock_started_on != before["clock_started_on"]:
            restarted.append(case)
        if _state(case) != before:
            case.updated_at = now
            changed.append(case)

    Case.objects.bulk_create(new_cases)
    # The applicant's identity and contacts are not in a register: an empty row keeps
    # case.applicant valid for every screen that shows it.
    Applicant.objects.bulk_create([Applicant(case=case) for case in new_cases])
    Reply.objects.bulk_create([_reply(case) for case in new_cases if not case.is_open])
    # Ledger choice: an imported case gets one REPLY deadline row (met on the reply date, if
    # replied), bulk-created with the same figures clock.recompute_reply_due would store for a
    # case without pauses or extension, which a new imported case never has; the per-case
    # recompute costs about six queries a case. No supplement-notice row: the register does not
    # say whether a notice was needed, and an invented one would show as overdue.
    Deadline.objects.bulk_create([_reply_deadline(case) for case in new_cases])
    for case in restarted:
        # A corrected 收到日期 of an earlier import: rare, so the full recompute (pauses and
        # extension of any Gongkai steps included, ledger superseded) is affordable here.
        clock.recompute_reply_due(case)
    Case.objects.bulk_update(changed, fields=[*_STATE_FIELDS, "updated_at"])
    _sync_replies(changed)
    _sync_ledger(changed)

    result = ImportResult(created=len(new_cases), updated=len(rows) - len(new_cases))
    record_event(
        code="cases.imported",
        summary=f"导入登记簿{f'“{source}”' if source else ''}：{result.total} 件（新增 {result.created}，"
        f"更新 {result.updated}）",
        actor=actor,
        actor_label=actor_label or ("" if actor is not None else "登记簿导入"),
        agency=agency,
        data={"rows": result.total, "created": result.created, "updated": result.updated, "source": source},
    )
    return result


_STATE_FIELDS = (
    "applicant_kind",
    "applicant_name",
    "received_on",
    "year",
    "clock_started_on",
    "due_on",
    "due_provisional",
    "due_explanation",
    "status",
    "outcome",
    "replied_on",
    "closed_at",
)


def _state(case: Case) -> dict[str, Any]:
    return {f: getattr(case, f) for f in _STATE_FIELDS}


def _apply(case: Case, row: RegisterRow, now: dt.datetime) -> None:
    """Copy the register's facts onto the case (new or re-imported)."""
    case.applicant_kind = row.applicant_kind
    case.applicant_name = row.applicant_name
    case.received_on = row.received_on
    case.year = row.received_on.year
    if row.is_open:
        if case.status == Status.CLOSED or not case.status:
            case.status = Status.REGISTERED  # reopened by the register (or new)
        case.outcome, case.replied_on, case.closed_at = "", None, None
        return
    if (case.status, case.outcome, case.replied_on) != (Status.CLOSED, row.outcome, row.replied_on):
        case.status, case.outcome, case.replied_on = Status.CLOSED, row.outcome, row.replied_on
        # The register knows only the reply date, so the case is closed at the start of that
        # day (local time): any selection by closed_at then agrees with replied_on.
        case.closed_at = timezone.make_aware(dt.datetime.combine(row.replied_on, dt.time()))


def _set_due(case: Case, calendar: WorkCalendar) -> None:
    """The reply due date as clock.recompute_reply_due computes it for a case without pauses.

    An unloaded calendar year gives a provisional date (decision 0002), never an error.
    """
    try:
        result = reply_due(calendar, start=case.clock_started_on, working_days=REPLY_WORKING_DAYS)
    except (ValueError, OverflowError):
        case.due_on, case.due_provisional = case.clock_started_on, True
        case.due_explanation = "答复期限无法计算，请核对收到日期"
        return
    case.due_on = result.due_on
    case.due_provisional = bool(result.provisional_years)
    case.due_explanation = result.explanation


def _reply(case: Case) -> Reply:
    return Reply(
        case=case,
        outcome=case.outcome,
        legal_basis=BY_KEY[case.outcome].basis,
        body=IMPORT_MARK,
        replied_on=case.replied_on,
    )


def _reply_deadline(case: Case) -> Deadline:
    return Deadline(
        case=case,
        kind=Deadline.Kind.REPLY,
        start_on=case.clock_started_on,
        working_days=REPLY_WORKING_DAYS + case.extension_days,
        due_on=case.due_on,
        provisional=case.due_provisional,
        explanation=case.due_explanation,
        met_on=case.replied_on,
    )


def _sync_replies(cases: list[Case]) -> None:
    """Make each re-imported case's Reply row match its register row (import replies only:
    _conflicts refused any change to a reply issued in Gongkai)."""
    create, update, delete = [], [], []
    for case in cases:
        reply = getattr(case, "reply", None)
        if case.is_open:
            if reply is not None:
                delete.append(reply.pk)
        elif reply is None:
            create.append(_reply(case))
        elif (reply.outcome, reply.replied_on) != (case.outcome, case.replied_on):
            reply.outcome, reply.replied_on = case.outcome, case.replied_on
            reply.legal_basis = BY_KEY[case.outcome].basis
            update.append(reply)
    Reply.objects.filter(pk__in=delete).delete()
    Reply.objects.bulk_create(create)
    Reply.objects.bulk_update(update, fields=["outcome", "replied_on", "legal_basis"])


def _sync_ledger(cases: list[Case]) -> None:
    """Mark the current reply deadline of each re-imported case met (or unmet, if reopened)."""
    by_case = {case.pk: case for case in cases}
    current = Deadline.objects.filter(case_id__in=list(by_case), kind=Deadline.Kind.REPLY, superseded=False).order_by()
    stale = []
    for deadline in current:
        met_on = by_case[deadline.case_id].replied_on
        if deadline.met_on != met_on:
            deadline.met_on = met_on
            stale.append(deadline)
    Deadline.objects.bulk_update(stale, fields=["met_on"])


# -- exporting ------------------------------------------------------------------------------


def register_cases(*, agency: Agency, year: int) -> QuerySet[Case]:
    """Every case relevant to the agency's annual report for ``year``: received in it, replied
    in it, or carried into it (open at the start of the year, as table 三 counts them)."""
    cases = Case.objects.filter(agency=agency)
    carried_in = cases.open_on(dt.date(year, 1, 1) - dt.timedelta(days=1))
    return (cases.filter(Q(received_on__year=year) | Q(replied_on__year=year)) | carried_in).order_by(
        "received_on", "id"
    )


def export_register(*, agency: Agency, year: int, actor=None, actor_label: str = "") -> bytes:
    """The register of ``year`` as an .xlsx file: the six columns, dates as YYYY-MM-DD text.

    Applicant names are personal data, so an export by a person or a command (``actor`` or
    ``actor_label`` given) is recorded in the audit log.
    """
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(f"{year}年度登记簿")
    for i, width in enumerate((24, 14, 30, 12, 12, 36), start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = "A2"
    sheet.append([_text_cell(sheet, h) for h in HEADERS])
    count = 0
    for case in register_cases(agency=agency, year=year).iterator(chunk_size=2000):
        count += 1
        sheet.append(
            [
                _text_cell(sheet, value)
                for value in (
                    case.number,
                    APPLICANT_LABELS[ApplicantType(case.applicant_kind)],
                    case.applicant_name,
                    case.received_on.isoformat(),
                    case.replied_on.isoformat() if case.replied_on else "",
                    BY_KEY[case.outcome].label if case.replied_on and case.outcome else "",
                )
            ]
        )
    out = io.BytesIO()
    workbook.save(out)
    if actor is not None or actor_label:
        record_event(
            code="cases.exported",
            summary=f"导出{year}年度登记簿：{count} 件",
            actor=actor,
            actor_label=actor_label,
            agency=agency,
            data={"year": year, "rows": count},
        )
    return out.getvalue()


def _text_cell(sheet, value: str) -> WriteOnlyCell:
    """A cell Excel keeps as text: dates stay YYYY-MM-DD, and a name starting with "=" is
    never turned into a formula (spreadsheet formula injection)."""
    cell = WriteOnlyCell(sheet, value=value or None)
    if value:
        cell.data_type = "s"
    cell.number_format = "@"
    return cell
