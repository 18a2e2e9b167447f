"""Plain-text reports: the layout of ../shared/gov-annual-reports (and what people save as .txt).

Prose is one line per paragraph. A table cell is a line with a leading TAB, in row-major order; a
blank line ends a row; a merged cell appears once; an empty cell is a TAB-only line. A non-TAB
line ends the table, except a short unnumbered line between cell lines, which continues the cell
above it (a label broken across lines, or a vertical header written one character per line).
Also read: rows written on one line with TABs between the cells, and "|" markdown tables.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from ..document import Paragraph, ReportDocument, Table, UnreadableReport
from ..labels import is_value

_SIGNATURES = (
    (b"%PDF", "PDF文件"),
    (b"PK\x03\x04", "Word（.docx）或其他压缩格式文件"),
    (b"\xd0\xcf\x11\xe0", "旧版Word（.doc）或Excel文件"),
    (b"\x89PNG", "图片（PNG）"),
    (b"\xff\xd8\xff", "图片（JPEG）"),
    (b"GIF8", "图片（GIF）"),
)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)
_CJK = re.compile(r"[\u3400-\u9fff]")
_ARTIFACT = re.compile(r"\[bookmark:[^\]]*\]")  # left by docx-to-text converters
_NUMBERED = re.compile(r"^\s*(?:[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+[、.．]|\d+[、.．])")
_MARKDOWN_RULE = re.compile(r"^\|?[\s:|-]+\|?$")
_CONTINUATION_MAX = 8  # characters of a line that continues the cell above it


def read_txt(data: bytes, source: str) -> ReportDocument:
    """The report in ``data`` (a .txt file's bytes); raises UnreadableReport if it is not text."""
    text, note = decode(data)
    doc = ReportDocument(source=source)
    if note:
        doc.notes.append(note)
    doc.blocks = parse_blocks(text, doc.notes)
    if not doc.blocks:
        raise UnreadableReport("file.unreadable", "文件中没有可读取的文字")
    return doc


# ------------------------------------------------------------------------------------ encoding


def decode(data: bytes) -> tuple[str, str | None]:
    """(text, note about a guessed encoding or None); UnreadableReport if the bytes are not text."""
    if not data or not data.strip():
        raise UnreadableReport("file.unreadable", "文件为空，没有可读取的内容")
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            raise UnreadableReport("file.unreadable", f"文件内容是{kind}，不是纯文本（.txt）文件，请按实际格式上传")
    text, note = _decode(data)
    text = text.lstrip("\ufeff")
    _check_text(text)
    return text, note


def _decode(data: bytes) -> tuple[str, str | None]:
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec), None
            except UnicodeDecodeError:
                raise UnreadableReport("file.unreadable", f"文件标明为{name}编码，但内容无法按此编码读取") from None
    if b"\x00" in data:
        codec = _utf16_without_bom(data)
        if codec is None:
            raise UnreadableReport("file.unreadable", "文件含有二进制内容，不是文本文件")
        try:
            return data.decode(codec), "文件未标明编码，按UTF-16读取"
        except UnicodeDecodeError:
            raise UnreadableReport("file.unreadable", "文件含有二进制内容，不是文本文件") from None
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "文件不是UTF-8编码，按GB18030（兼容GBK、GB2312）读取"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise UnreadableReport("file.unreadable", "无法识别文件的文字编码，请另存为UTF-8编码的文本文件后上传")
    return str(best), f"文件编码无法确定，按推测的{best.encoding}读取，个别文字可能有误"


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a BOM: NUL bytes (high bytes of ASCII characters) on one side only."""
    sample = data[:8192]
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    if even + odd < len(sample) // 20:
        return None
    if odd >= 9 * max(even, 1) or (even == 0 and odd):
        return "utf-16-le"
    if even >= 9 * max(odd, 1) or (odd == 0 and even):
        return "utf-16-be"
    return None


def _check_text(text: str) -> None:
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f\v")
    if controls > max(2, len(text) // 200) or text.count("\ufffd") > max(2, len(text) // 200):
        raise UnreadableReport("file.unreadable", "文件含有大量无法显示的字符，不是可读取的文本文件")
    if not _CJK.search(text):
        raise UnreadableReport("file.unreadable", "文件中没有中文文字，不像政府信息公开工作年度报告")


# ------------------------------------------------------------------------------------ layout


def parse_blocks(text: str, notes: list[str] | None = None) -> list[Paragraph | Table]:
    """Paragraphs and tables in reading order (see the module docstring for the layout)."""
    lines = [_ARTIFACT.sub("", line).rstrip("\r\n\v\f ") for line in text.replace("\r\n", "\n").split("\n")]
    lines = [line.replace("\r", "") for line in lines]
    blocks: list[Paragraph | Table] = []
    rows: list[list[str]] = []  # the table being read
    row: list[str] = []  # its current row (one-cell-per-line layout)
    blanks = 0

    def end_row() -> None:
        nonlocal row
        if row:
            rows.append(row)
            row = []

    def end_table() -> None:
        nonlocal rows
        end_row()
        if rows:
            blocks.append(Table(rows=_infer_rows(rows, notes)))
            rows = []

    for i, line in enumerate(lines):
        kind = _kind(line)
        if kind == "blank":
            blanks += 1
            end_row()
            if blanks >= 2:  # one blank line separates rows, more end the table
                end_table()
            continue
        previous_blanks, blanks = blanks, 0
        if kind == "cell":
            cells = line[1:].split("\t")
            if len(cells) == 1:
                row.append(cells[0].strip())
            else:  # "\tA\tB": a whole row on one line
                end_row()
                rows.append([c.strip() for c in cells])
        elif kind == "tsv":
            end_row()
            rows.append([c.strip() for c in line.split("\t")])
        elif kind == "markdown":
            end_row()
            if not _MARKDOWN_RULE.match(line.strip()):
                rows.append([c.strip() for c in line.strip().strip("|").split("|")])
        elif row and not previous_blanks and _continues_cell(lines, i):
            row[-1] = f"{row[-1]}\n{line.strip()}" if row[-1] else line.strip()
        else:
            end_table()
            blocks.append(Paragraph(line.strip()))
    end_table()
    return blocks


def _kind(line: str) -> str:
    if line.startswith("\t"):
        return "cell"
    if not line.strip():
        return "blank"
    if "\t" in line.strip():
        return "tsv"
    stripped = line.strip()
    if stripped.startswith("|") and stripped.endswith("|") and stripped.count("|") >= 3:
        return "markdown"
    return "text"


def _continues_cell(lines: list[str], i: int) -> bool:
    """A short unnumbered text line right after a cell line, in a run that leads to another cell line."""
    j = i
    while j < len(lines) and _kind(lines[j]) == "text":
        stripped = lines[j].strip()
        if len(stripped) > _CONTINUATION_MAX or _NUMBERED.match(stripped):
            return False
        j += 1
    return j < len(lines) and _kind(lines[j]) == "cell"


def _infer_rows(rows: list[list[str]], notes: list[str] | None) -> list[list[str]]:
    """Rows of a table written without blank lines between rows: a new row starts at each label that
    follows a figure (a best guess, for display; extraction reads labels and figures in order)."""
    if len(rows) != 1 or len(rows[0]) <= 12:
        return rows
    inferred: list[list[str]] = []
    for cell in rows[0]:
        if inferred and not is_value(cell) and is_value(inferred[-1][-1]):
            inferred.append([cell])
        elif inferred:
            inferred[-1].append(cell)
        else:
            inferred.append([cell])
    if notes is not None and "表格行与行之间没有空行，已按“标签、数字”推断分行" not in notes:
        notes.append("表格行与行之间没有空行，已按“标签、数字”推断分行")
    return inferred
