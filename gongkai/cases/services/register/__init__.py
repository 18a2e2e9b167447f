"""The case register (登记簿) that agencies keep in spreadsheets: reading, checking, importing, exporting.

The register has exactly six columns (HEADERS). Importing is all-or-nothing. Callers import from
this package; the modules split the work:

- ``reading``: the file (CSV in any Chinese encoding, .xlsx) into rows, every bad row at once;
- ``checking``: the rows against the agency's cases, without writing;
- ``importing``: the rows into the agency's cases, in one transaction;
- ``exporting``: a year's register as .xlsx.
"""

from .checking import IMPORT_MARK, RegisterCheck, check_register
from .exporting import export_register, register_cases
from .importing import ImportResult, import_register
from .reading import (
    HEADERS,
    MAX_UPLOAD_BYTES,
    XLSX_CONTENT_TYPE,
    RegisterError,
    RegisterRow,
    RowError,
    read_register,
)

__all__ = [
    "HEADERS",
    "IMPORT_MARK",
    "MAX_UPLOAD_BYTES",
    "XLSX_CONTENT_TYPE",
    "ImportResult",
    "RegisterCheck",
    "RegisterError",
    "RegisterRow",
    "RowError",
    "check_register",
    "export_register",
    "import_register",
    "read_register",
    "register_cases",
]
