"""Reading a catalogue exported from another CMS: the table (.xlsx/.csv) and its attachments (.zip).

Imports no Django, so the two readers run in an isolated worker (core.isolation.run_isolated):
bytes in, plain dicts of strings out. What the strings mean (dates, 公开事项, 主题分类) is decided
by catalog.legacy; the pure value rules that need no model are here too, so they can be tested
as tables.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import re
import unicodedata
import zipfile

from gongkai.core.isolation import zip_member_name

# field → the header names other systems use for it (the first is ours). Matched after removing
# whitespace, asterisks and bracketed notes, so "* 成文日期（YYYY-MM-DD）" is 成文日期.
COLUMNS: dict[str, tuple[str, ...]] = {
    "index_number": ("索引号", "索引编号", "信息索引号", "索引码"),
    "title": ("标题", "文件标题", "信息标题", "信息名称", "文件名称", "名称"),
    "issuing_body": ("发布机构", "发文机关", "发文机构", "发布单位", "发文单位"),
    "written_on": ("成文日期", "生成日期", "形成日期", "印发日期"),
    "document_number": ("发文字号", "文号", "发文号"),
    "published_on": ("发布日期", "公开日期", "发布时间", "公开时间"),
    "subject": ("主题分类", "主题", "主题词分类"),
    "item": ("公开事项", "公开类别", "所属事项", "目录类别"),
    "summary": ("内容概述", "摘要", "内容摘要"),
    "body": ("正文", "内容", "信息内容", "正文内容"),
    "attachments": ("附件", "附件名称", "附件文件"),
    "kind": ("文件类型", "公文种类", "文种"),
    "validity": ("有效性", "时效性"),
    "validity_changed_on": ("有效性变更日期", "失效日期", "废止日期"),
    "interprets": ("所解读文件索引号", "所解读文件", "解读文件索引号", "解读对象"),
}
LABELS = {field: names[0] for field, names in COLUMNS.items()}
REQUIRED = ("index_number", "title", "published_on", "item")
MAX_ROWS = 20000
_HEADER_SCAN = 10  # a title row or two may sit above the header row


def header_key(text: str) -> str:
    value = unicodedata.normalize("NFKC", str(text or ""))
    value = re.sub(r"[(\[【].*?[)\]】]", "", value)
    return re.sub(r"[\s*:：]+", "", value)


_BY_HEADER = {header_key(name): field for field, names in COLUMNS.items() for name in names}


def _mapping(cells: list[str]) -> tuple[dict[str, int], list[str], list[str]]:
    """field → column index, the ignored headers, and problems (a field named twice)."""
    fields: dict[str, int] = {}
    ignored, problems = [], []
    for i, cell in enumerate(cells):
        if not str(cell or "").strip():
            continue
        field = _BY_HEADER.get(header_key(cell))
        if field is None:
            ignored.append(str(cell).strip())
        elif field in fields:
            problems.append(f"表头中“{cells[fields[field]]}”和“{cell}”都表示{LABELS[field]}，请只保留一列")
        else:
            fields[field] = i
    return fields, ignored, problems


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _table(rows: list[tuple[int, list]]) -> dict:
    """(row number, cells) → the parse result: the header found, and each data row's values."""
    best = None
    for number, cells in rows[:_HEADER_SCAN]:
        fields, ignored, problems = _mapping([_cell(c) for c in cells])
        if len(fields) >= 2 and (best is None or len(fields) > len(best[1])):
            best = (number, fields, ignored, problems)
    if best is None:
        return {"errors": ["没有找到表头：前10行中应有“索引号”“标题”“发布日期”“公开事项”等列名"], "rows": []}
    header_row, fields, ignored, problems = best
    missing = [LABELS[f] for f in REQUIRED if f not in fields]
    if missing:
        problems.append(f"表头缺少必需的列：{'、'.join(missing)}")
    data = []
    for number, cells in rows:
        if number <= header_row:
            continue
        values = {f: _cell(cells[i]) if i < len(cells) else "" for f, i in fields.items()}
        if any(values.values()):
            data.append({"row": number, "values": values})
    if len(data) > MAX_ROWS:
        problems.append(f"表格有{len(data)}行，超过一次导入的上限{MAX_ROWS}行，请分批导入")
    return {
        "header_row": header_row,
        "columns": {f: LABELS[f] for f in fields},
        "ignored": ignored,
        "errors": problems,
        "rows": data,
    }


def decode_text(data: bytes) -> str:
    """CSV text in UTF-8 (with or without BOM), GBK/GB18030, or what charset-normalizer finds."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise ValueError("无法识别文件的字符编码，请另存为UTF-8编码的CSV或.xlsx文件")
    return str(best)


def read_catalogue(data: bytes, name: str) -> dict:
    """Parse an uploaded catalogue (.xlsx or .csv) into rows of strings; never raises for bad input."""
    lower = name.lower()
    try:
        if data.startswith(b"PK\x03\x04") or lower.endswith((".xlsx", ".xlsm")):
            if not lower.endswith((".xlsx", ".xlsm")):
                return {"errors": [f"“{name}”是压缩文件，不是目录表格；请上传.xlsx或.csv文件"], "rows": []}
            return _table(_xlsx_rows(data))
        if lower.endswith(".xls") or data.startswith(b"\xd0\xcf\x11\xe0"):
            return {"errors": ["不支持旧版Excel（.xls）文件，请在Excel中另存为.xlsx后导入"], "rows": []}
        return _table(_csv_rows(decode_text(data)))
    except ValueError as e:
        return {"errors": [str(e)], "rows": []}
    except (zipfile.BadZipFile, KeyError, OSError, csv.Error, IndexError) as e:
        return {"errors": [f"文件无法读取（{type(e).__name__}），请确认是.xlsx或.csv格式的目录表格"], "rows": []}


def _xlsx_rows(data: bytes) -> list[tuple[int, list]]:
    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        return [(number, list(cells)) for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1)]
    finally:
        workbook.close()


def _csv_rows(text: str) -> list[tuple[int, list]]:
    # The delimiter is read from the top lines, not sniffed from the whole sample: attachment
    # cells full of ";" must not make ";" the delimiter of a comma-separated file.
    head = "\n".join(text.splitlines()[:_HEADER_SCAN])
    counts = {d: head.count(d) for d in (",", "\t")}
    delimiter = max(counts, key=counts.get) if any(counts.values()) else ";"
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return [(n, cells) for n, cells in enumerate(reader, start=1)]


# -- attachments ---------------------------------------------------------------------------------


def safe_member_path(name: str) -> str | None:
    """The member's path inside the archive, or None when it would leave it (../, /abs, C:)."""
    path = unicodedata.normalize("NFC", name.replace("\\", "/"))
    parts = path.split("/")
    if path.startswith("/") or re.match(r"^[A-Za-z]:", path) or ".." in parts:
        return None
    return "/".join(p for p in parts if p not in {"", "."})


def read_attachments_zip(data: bytes, wanted: list[str], max_total: int) -> dict:
    """The members named in ``wanted`` (by path or by file name), as bytes; refuses unsafe archives.

    The central directory is checked first (run_isolated does so too): a member whose path leaves
    the archive refuses the whole archive, as does a declared total above ``max_total``.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, EOFError, ValueError, OSError):
        return {"errors": ["附件压缩包已损坏或不是.zip文件"], "files": {}}
    with archive:
        members: dict[str, zipfile.ZipInfo] = {}
        for info in archive.infolist():
            raw = zip_member_name(info)
            path = safe_member_path(raw)
            if path is None:
                return {"errors": [f"附件压缩包中的“{raw}”路径越出压缩包，已拒绝整个压缩包"], "files": {}}
            base = path.rsplit("/", 1)[-1]
            if info.is_dir() or not base or path.startswith("__MACOSX/") or base.startswith((".", "~$")):
                continue
            members[path] = info
        if sum(info.file_size for info in members.values()) > max_total:
            return {"errors": [f"附件压缩包解压后超过{max_total // 2**20} MB，疑似“压缩炸弹”，已拒绝"], "files": {}}
        by_base: dict[str, list[str]] = {}
        for path in members:
            by_base.setdefault(path.rsplit("/", 1)[-1], []).append(path)
        files, ambiguous = {}, []
        for name in dict.fromkeys(wanted):
            key = safe_member_path(name) or ""
            if key not in members:
                paths = by_base.get(key.rsplit("/", 1)[-1], [])
                if len(paths) > 1:
                    ambiguous.append(name)
                    continue
                key = paths[0] if paths else ""
            if key:
                try:
                    files[name] = archive.read(members[key])
                except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError, RuntimeError):
                    return {"errors": [f"附件压缩包中的“{key}”已损坏或已加密"], "files": {}}
    return {"errors": [], "files": files, "ambiguous": ambiguous}


# -- values --------------------------------------------------------------------------------------

_CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5}
_CN_DIGITS.update({"六": 6, "七": 7, "八": 8, "九": 9})
_DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]?\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 1 = 1900-01-01, counting Excel's phantom 1900-02-29


def _cn_number(text: str) -> int | None:
    """二〇二〇 → 2020 (digit by digit); 十二 / 二十三 / 三十一 → 12 / 23 / 31."""
    if not text:
        return None
    if "十" in text:
        tens, _, units = text.partition("十")
        t = _CN_DIGITS.get(tens, None) if tens else 1
        u = _CN_DIGITS.get(units, None) if units else 0
        return None if t is None or u is None else t * 10 + u
    digits = [_CN_DIGITS.get(c) for c in text]
    return None if None in digits else int("".join(map(str, digits)))


def parse_date(text: str) -> dt.date | None:
    """A date in the forms Chinese systems export; None if blank. ValueError (Chinese) if unreadable."""
    value = unicodedata.normalize("NFKC", str(text or "")).strip().replace(" ", "")
    if not value:
        return None
    parts = None
    for pattern in _DATE_PATTERNS:
        if match := pattern.match(value):
            parts = tuple(int(g) for g in match.groups())
            break
    if parts is None and (match := re.match(r"^(\S{4})年(\S{1,3})月(\S{1,3})日$", value)):
        numbers = tuple(_cn_number(g) for g in match.groups())
        parts = None if None in numbers else numbers
    if parts is None and re.fullmatch(r"\d{1,5}(?:\.0+)?", value):
        serial = int(float(value))
        if 1 <= serial <= 2958465:  # Excel's serial range (to 9999-12-31)
            return EXCEL_EPOCH + dt.timedelta(days=serial)
    if parts is None:
        raise ValueError(f"“{text}”不是可识别的日期（可写作2020-03-05、2020/3/5或2020年3月5日）")
    try:
        return dt.date(*parts)
    except ValueError:
        raise ValueError(f"“{text}”不是有效的日期") from None


_PART = r"[0-9A-Za-z][0-9A-Za-z\-_.]*"
_INDEX_SHAPE = re.compile(rf"^{_PART}/{_PART}$")


def clean_index_number(text: str) -> str:
    """The 索引号 as stored: full-width forms made ASCII; ValueError (Chinese) if it is not one.

    Other systems number differently (``000014349/2020-00123``, ``MB1D12345-7/2020-0001``), so
    only the shape every 索引号 shares is checked: a front part (the agency's code) and a back
    part (year, category, sequence) on either side of one "/", letters, digits and "- _ .",
    at most 50 characters. The public API addresses a document by these two parts.
    """
    value = unicodedata.normalize("NFKC", str(text or "")).strip()
    if not value:
        raise ValueError("缺少索引号")
    if len(value) > 50 or not _INDEX_SHAPE.match(value):
        raise ValueError(
            f"索引号“{text}”格式不对：应为“机构代码/年度-序号”的形式，只能由字母、数字和“- _ .”组成，不超过50个字符"
        )
    return value


def split_names(text: str) -> list[str]:
    """附件 cell → file names, separated by ；/;/、/newline (a comma may be part of a name)."""
    names = re.split(r"[；;、\r\n|]+", str(text or ""))
    return [n.strip() for n in names if n.strip()]


_HTML = re.compile(r"<\s*(p|div|br|table|span|h[1-6]|ul|ol|li|strong|b|a|img|font)\b[^>]*>|</\s*[a-z]+\s*>", re.I)


def looks_like_html(text: str) -> bool:
    return bool(_HTML.search(text or ""))


def text_to_paragraphs(text: str) -> str:
    """Plain text → one <p> per non-empty line (leading full-width indents dropped)."""
    lines = (line.strip().strip("\u3000") for line in str(text or "").replace("\r\n", "\n").split("\n"))
    return "".join(f"<p>{html.escape(line)}</p>" for line in lines if line)
