"""The one intermediate structure every reader produces, whatever the file format.

A report is a sequence of paragraphs and tables in reading order. Tables are rectangular-ish
grids of cell texts: a merged cell appears ONCE in its first row/column (the txt layout of the
shared reports cannot repeat it), so extraction must never rely on column positions alone — it
reads a row as "label cells, then number cells".
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Paragraph:
    text: str


@dataclass
class Table:
    rows: list[list[str]]  # each row: its cell texts left to right; merged cells once


@dataclass
class ReportDocument:
    source: str  # the file name as given
    blocks: list[Paragraph | Table] = field(default_factory=list)
    # Problems met while reading that do not stop extraction (e.g. "encoding guessed as GBK").
    notes: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """All paragraph text, one paragraph per line (tables excluded)."""
        return "\n".join(b.text for b in self.blocks if isinstance(b, Paragraph))

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]


class UnreadableReport(Exception):
    """The file cannot be read as a report; ``code`` is a finding code, the message is Chinese.

    Codes: file.unreadable (corrupt, truncated, not the format its name says), file.encrypted,
    file.too_large, file.needs_ocr (an image-only PDF), file.unsupported.
    """

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        super().__init__(message)
