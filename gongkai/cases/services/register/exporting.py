"""Exporting an agency's register of one year as an .xlsx file.

``printed`` is the one definition of what a register row looks like on paper: the export writes
it, and the import compares a row with it to tell an unchanged row from a changed one.
"""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
from django.db.models import Q, QuerySet
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter

from gongkai.core.audit import record_event
from gongkai.organizations.models import Agency
from gongkai.statute.outcomes import APPLICANT_LABELS, BY_KEY, ApplicantType

from ...models import Case
from .reading import HEADERS, RegisterRow


def register_row(case: Case) -> RegisterRow:
    """The row the export prints for ``case`` (row 0: it comes from no file)."""
    outcome = case.outcome if case.replied_on else ""
    return RegisterRow(
        0, case.number, case.applicant_kind, case.applicant_name, case.received_on, case.replied_on, outcome
    )


def printed(row: RegisterRow) -> tuple[str, ...]:
    """The six cells of ``row`` as the export writes them, in HEADERS order: the 2021-format
    outcome label (with its curly quotes), dates as YYYY-MM-DD, blanks for an open case.

    Control characters are dropped: an .xlsx file cannot hold them (a name typed into a web form
    may still carry one), and an export must never fail on one case.
    """
    values = (
        row.number,
        APPLICANT_LABELS[ApplicantType(row.applicant_kind)],
        row.applicant_name,
        row.received_on.isoformat(),
        row.replied_on.isoformat() if row.replied_on else "",
        BY_KEY[row.outcome].label if row.replied_on and row.outcome else "",
    )
    return tuple(ILLEGAL_CHARACTERS_RE.sub("", value) for value in values)


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
        sheet.append([_text_cell(sheet, value) for value in printed(register_row(case))])
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
