"""Checking register rows against the agency's cases: which rows are new, which update an
earlier import, and which clash with a case handled in Gongkai."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from gongkai.organizations.models import Agency

from ...models import Case, Channel
from .reading import RegisterError, RegisterRow, RowError, merge_errors, read_register

# Marks what the import wrote (the case description, the reply body), so that a later re-import
# can tell its own reply from one issued in Gongkai.
IMPORT_MARK = "（登记簿导入）"


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


def existing_cases(agency: Agency, numbers: Sequence[str], *, lock: bool = False) -> dict[str, Case]:
    found: dict[str, Case] = {}
    for chunk in _chunks(list(dict.fromkeys(numbers))):
        queryset = Case.objects.filter(agency=agency, number__in=chunk).select_related("reply")
        if lock:
            queryset = queryset.select_for_update(of=("self",))
        found.update((case.number, case) for case in queryset)
    return found


def conflicts(rows: Sequence[RegisterRow], existing: dict[str, Case]) -> list[RowError]:
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
    existing = existing_cases(agency, [r.number for r in rows])
    errors = errors + conflicts(rows, existing)
    if errors:
        raise RegisterError(merge_errors(errors))
    updated = sum(1 for r in rows if r.number in existing)
    return RegisterCheck(rows, created=len(rows) - updated, updated=updated)
