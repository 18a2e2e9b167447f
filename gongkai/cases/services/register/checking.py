"""Checking register rows against the agency's cases, without writing anything.

Each row is new, or names a case the agency already has. Such a row is compared with what the
export prints for that case, so that an exported register imported unchanged changes nothing:

- equal: unchanged, skipped (whether the case came from an earlier import or was handled here);
- different, and the case came from an earlier import: the register corrects it (updated);
- different, and the case was registered or answered in Gongkai: refused, naming the columns.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from gongkai.organizations.models import Agency

from ...models import Case, Channel
from .exporting import printed, register_row
from .reading import (
    HEADERS,
    RECEIVED,
    REPLIED,
    RegisterError,
    RegisterRow,
    RowError,
    cell_text,
    merge_errors,
    read_register,
)

# Marks what the import wrote (the case description, the reply body), so that a later re-import
# can tell its own reply from one issued in Gongkai.
IMPORT_MARK = "（登记簿导入）"


@dataclass(frozen=True)
class Tally:
    """What importing a register does: 新增、更新、未变 (of which handled in Gongkai)."""

    created: int
    updated: int
    unchanged: int
    unchanged_in_system: int

    @property
    def total(self) -> int:
        """Every row of the register."""
        return self.created + self.updated + self.unchanged

    @property
    def imported(self) -> int:
        """The rows that wrote something."""
        return self.created + self.updated

    @property
    def summary(self) -> str:
        # Scripts read the first part, the one the command printed before unchanged rows were
        # counted apart (decision 0018); the new counts follow it.
        return (
            f"已导入 {self.imported} 件（新增 {self.created}，更新 {self.updated}）；"
            f"未变 {self.unchanged} 件（其中本系统办理 {self.unchanged_in_system} 件）"
        )


@dataclass(frozen=True)
class RegisterCheck(Tally):
    """A register that may be imported into an agency, and what importing it would do."""

    rows: list[RegisterRow] = field(default_factory=list)


@dataclass
class Plan:
    """What importing each row would do: create it, update an earlier import, or nothing."""

    new: list[RegisterRow] = field(default_factory=list)
    changed: list[tuple[RegisterRow, Case]] = field(default_factory=list)
    unchanged: int = 0
    unchanged_in_system: int = 0
    errors: list[RowError] = field(default_factory=list)

    def tally(self) -> Tally:
        return Tally(len(self.new), len(self.changed), self.unchanged, self.unchanged_in_system)


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


def handled_in_system(case: Case) -> bool:
    """Registered in Gongkai, or imported and then answered in Gongkai: the register may not change it."""
    if case.channel != Channel.IMPORTED:
        return True
    reply = getattr(case, "reply", None)
    return reply is not None and reply.body != IMPORT_MARK


def differences(row: RegisterRow, case: Case) -> list[tuple[str, str, str]]:
    """(column, the register's value, the system's value) of every column where the row differs
    from what the export prints for the case, both read as the import reads a cell (so an
    outcome typed with other quotes, or a name with a stray blank, is not a difference)."""
    return [
        (header, in_register, in_system)
        for header, in_register, in_system in zip(HEADERS, printed(row), printed(register_row(case)), strict=True)
        if cell_text(in_register) != cell_text(in_system)
    ]


def _refusal(row: RegisterRow, diffs: list[tuple[str, str, str]]) -> str:
    def shown(header: str, value: str) -> str:
        if not value:
            return "（空）"
        return f" {value} " if header in (RECEIVED, REPLIED) else f"“{value}”"

    parts = [f"{header}{shown(header, theirs)}与系统记录{shown(header, ours)}不同" for header, theirs, ours in diffs]
    return f"受理编号“{row.number}”是在本系统中办理的申请，登记簿中的{'，'.join(parts)}，不能用登记簿修改"


def plan_rows(rows: Sequence[RegisterRow], existing: dict[str, Case]) -> Plan:
    plan = Plan()
    for row in rows:
        case = existing.get(row.number)
        if case is None:
            plan.new.append(row)
            continue
        diffs = differences(row, case)
        system = handled_in_system(case)
        if not diffs:
            plan.unchanged += 1
            plan.unchanged_in_system += int(system)
        elif system:
            plan.errors.append(RowError(row.row, _refusal(row, diffs)))
        else:
            plan.changed.append((row, case))
    return plan


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
    plan = plan_rows(rows, existing_cases(agency, [r.number for r in rows]))
    errors = errors + plan.errors
    if errors:
        raise RegisterError(merge_errors(errors))
    tally = plan.tally()
    return RegisterCheck(tally.created, tally.updated, tally.unchanged, tally.unchanged_in_system, rows=rows)
