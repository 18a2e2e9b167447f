"""From a ReportDocument to the report-data.md dict: title, format, the three tables, the sections.

Tables are read as a stream of cells, whatever the reader made of the rows: a row is "label cells,
then figure cells", identified by its last label (so a group label such as （三）不予公开 sharing
the row with its first sub-row does not matter), and its figures are the figure cells that follow.
When a row has more figure cells than the format has columns (stray cells of merged labels), the
window of consecutive cells that adds up (总计 = the six applicant columns) wins, else blanks at
the ends are dropped. Table 四 is its last 15 figure cells, after its three header rows.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from gongkai.statute.reports.formats import (
    APPLICANT_COLUMNS,
    FORMAT_2019,
    FORMAT_2021,
    FORMATS,
    REMEDY_COLUMNS,
    REMEDY_GROUPS,
    SECTIONS,
    format_for_year,
)

from .document import Paragraph, ReportDocument, Table
from .labels import (
    REMEDY_GROUP_LABELS,
    REQUEST_GROUPS,
    REQUEST_HEADERS,
    block_of,
    column_format,
    compact,
    is_blank,
    is_value,
    normalize_label,
    parse_count,
    parse_money,
    proactive_key,
    request_key,
    table_kind,
)

WIDTH = len(APPLICANT_COLUMNS)
REMEDY_WIDTH = len(REMEDY_COLUMNS) * len(REMEDY_GROUPS)
TABLE_NAMES = {
    "二": "主动公开政府信息情况",
    "三": "收到和处理政府信息公开申请情况",
    "四": "政府信息公开行政复议、行政诉讼情况",
}


@dataclass
class Heading:
    number: str  # the section it opens: 一 … 六
    block: int  # index in doc.blocks (-1: no paragraph, e.g. a table without heading)
    text: str  # as printed ("" when inferred from a table)
    inferred: bool = False  # not a heading of the section, but where its content starts
    remainder: str = ""  # body text printed on the heading's own line ("一、总体情况。2024年……")


@dataclass
class Extraction:
    """The report dict plus what the checks need to know about the document itself."""

    report: dict
    title: str = ""
    title_year: int | None = None
    headings: dict[str, Heading | None] = field(default_factory=dict)
    missing_tables: list[str] = field(default_factory=list)
    unknown_rows: list[tuple[str, str]] = field(default_factory=list)  # (table, label)
    text: str = ""  # every paragraph, one per line


def extract(doc: ReportDocument) -> dict:
    """The report-data.md dict of ``doc`` (findings empty: see checks.inspect_document)."""
    return read_report(doc).report


def read_report(doc: ReportDocument) -> Extraction:
    title, title_year, agency = read_title(doc)
    regions, anchors = _regions(doc)
    proactive, format_2 = _proactive(regions["二"])
    requests, format_3, unknown = _requests(regions["三"])
    remedies = _remedies(regions["四"])
    year = title_year or _year_from_text(doc.text)
    code = _format_code(format_2, format_3, year)
    fmt = FORMATS.get(code)
    missing = [name for name in ("二", "三", "四") if not regions[name]]

    report = {
        "format": code,
        "year": year,
        "agency": agency,
        "proactive": _proactive_shape(proactive, code, format_2),
        "requests": _requests_shape(requests, fmt),
        "remedies": remedies,
        "sections": {},
        "findings": [],
    }
    headings = find_headings(doc, anchors)
    report["sections"] = section_texts(doc, headings)
    return Extraction(
        report=report,
        title=title,
        title_year=title_year,
        headings=headings,
        missing_tables=missing,
        unknown_rows=[("三", label) for label in unknown],
        text=doc.text,
    )


# ------------------------------------------------------------------------------------ title

_YEAR = re.compile(r"((?:19|20)\d{2})年")
_CN_DIGITS = str.maketrans("〇○零一二三四五六七八九", "000123456789")
_CN_YEAR = re.compile(r"[〇○零一二三四五六七八九]{4}(?=年)")
_TITLE = re.compile(
    r"^(?P<pre>.*?)(?P<year>(?:19|20)\d{2})年度?(?P<post>.*?)(?:政府信息公开|政务公开|信息公开)?(?:工作)?(?:年度)?(?:报告|年报)$"
)


def chinese_year_digits(text: str) -> str:
    """ "二〇二四年" → "2024年" (years written in Chinese numerals)."""
    return _CN_YEAR.sub(lambda m: m.group(0).translate(_CN_DIGITS), text)


def read_title(doc: ReportDocument) -> tuple[str, int | None, str]:
    """(title as printed, its year, the agency named in it) from the first paragraphs."""
    head: list[str] = []
    for block in doc.blocks[:8]:
        if not isinstance(block, Paragraph):
            break
        text = compact(block.text)
        head.append(text)
        if ("报告" in text or "年报" in text) and len(text) <= 60:
            break
    else:
        head = head[:1]
    if not head or not any("报告" in t or "年报" in t for t in head):
        return "", None, ""
    # The title line(s): the line naming the report, with short lines before it (agency, year).
    lines = [head[-1]]
    for text in reversed(head[:-1]):
        if len(text) > 30 or text.startswith(("根据", "依据", "本报告", "本年度")):
            break
        lines.insert(0, text)
    title = chinese_year_digits("".join(lines))
    match = _TITLE.match(title)
    if not match:
        years = _YEAR.findall(title)
        return title, int(years[0]) if years else None, ""
    pre, post = (re.sub(r"^关于|关于$", "", part.strip("，,：: ")) for part in match.group("pre", "post"))
    return title, int(match.group("year")), pre or post


def _year_from_text(text: str) -> int | None:
    years = Counter(int(y) for y in _YEAR.findall(compact(chinese_year_digits(text[:3000]))))
    return years.most_common(1)[0][0] if years else None


# ------------------------------------------------------------------------------------ regions


def _regions(doc: ReportDocument) -> tuple[dict[str, list[list[str]]], dict[str, tuple[int, int]]]:
    """The rows of tables 二, 三 and 四 (a table may come in several blocks, e.g. across pages),
    and each table's (first block, last block) index."""
    regions: dict[str, list[list[str]]] = {"二": [], "三": [], "四": []}
    anchors: dict[str, tuple[int, int]] = {}
    current: str | None = None
    substantive_since_table = False
    for index, block in enumerate(doc.blocks):
        if isinstance(block, Paragraph):
            if len(compact(block.text)) > 20:
                substantive_since_table = True
            continue
        kind = _block_kind(block)
        if kind is not None:
            current = kind
        elif substantive_since_table:
            current = None
        substantive_since_table = False
        for row in block.rows:
            part: list[str] = []
            for cell in row:
                marker = table_kind(cell) if not is_value(cell) else None
                if marker is not None and marker != current:
                    if part and current:
                        regions[current].append(part)
                    part, current = [], marker
                part.append(cell)
                if current:
                    first, _ = anchors.get(current, (index, index))
                    anchors[current] = (first, index)
            if part and current:
                regions[current].append(part)
    return regions, anchors


def _block_kind(table: Table) -> str | None:
    for row in table.rows:
        for cell in row:
            if is_value(cell):
                continue
            kind = table_kind(cell)
            if kind:
                return kind
            key = request_key(cell)
            if key and normalize_label(cell) not in ("其他", "总计", "合计", *REQUEST_HEADERS, *REQUEST_GROUPS):
                return "三"
            if proactive_key(cell):
                return "二"
            if normalize_label(cell) in ("结果维持", "结果纠正", "尚未审结", "其他结果"):
                return "四"
    return None


@dataclass
class Segment:
    labels: list[str] = field(default_factory=list)
    values: list[str] = field(default_factory=list)


def segments(rows: list[list[str]]) -> list[Segment]:
    """Label cells followed by figure cells, in reading order. A row break ends a run of figures
    (so a merged label's stray blank starting the next row is not taken as a figure); labels with
    no figures yet carry on into the next row."""
    out: list[Segment] = []
    current: Segment | None = None
    for row in rows:
        if current is not None and current.values:
            current = None
        for cell in row:
            if is_value(cell):
                if current is None:
                    if not is_blank(cell):
                        current = Segment([], [])
                        out.append(current)
                    else:
                        continue
                current.values.append(cell)
            else:
                if current is None or current.values:
                    current = Segment()
                    out.append(current)
                current.labels.append(cell)
    return out


def choose(values: list[str], n: int, adds_up=None) -> list[str]:
    """``n`` consecutive figure cells out of ``values`` (see the module docstring)."""
    if len(values) <= n:
        return values + [""] * (n - len(values))
    windows = [values[i : i + n] for i in range(len(values) - n + 1)]
    if adds_up is not None:
        good = [w for w in windows if adds_up(w)]
        if good and all(w == good[0] for w in good):
            return good[0]
    trimmed = list(values)
    while len(trimmed) > n and is_blank(trimmed[-1]):
        trimmed.pop()
    while len(trimmed) > n and is_blank(trimmed[0]):
        trimmed.pop(0)
    return trimmed[:n]


def _row_adds_up(cells: list[str]) -> bool:
    values = [parse_count(c) for c in cells]
    return None not in values and sum(values[:-1]) == values[-1]


def _remedies_add_up(cells: list[str]) -> bool:
    return all(_row_adds_up(cells[i : i + len(REMEDY_COLUMNS)]) for i in range(0, len(cells), len(REMEDY_COLUMNS)))


# ------------------------------------------------------------------------------------ table 二


def _proactive(rows: list[list[str]]) -> tuple[dict, str | None]:
    """({key: cells, "extra_rows": [...], "_replaced": {...}}, format of table 二 or None)."""
    evidence = Counter()
    for row in rows:
        for cell in row:
            if not is_value(cell):
                code = column_format(cell)
                if code:
                    evidence[code] += 1
                if block_of(cell) == "(九)" or proactive_key(cell) == "procurement":
                    evidence["2019"] += 1
    table_format = "mixed" if len(evidence) == 2 else next(iter(evidence), None)
    base = FORMAT_2019 if table_format == "2019" else FORMAT_2021
    proactive: dict = {"extra_rows": []}
    replaced: set[str] = set()
    block: str | None = None
    block_format: str | None = None
    last_extra: dict | None = None
    for segment in segments(rows):
        labels: list[str] = []
        for cell in segment.labels:
            if block_of(cell):
                block, block_format, last_extra = block_of(cell), None, None
            elif column_format(cell) is not None:
                block_format = column_format(cell) or block_format
            elif normalize_label(cell):
                labels.append(cell)
        if not labels or not segment.values:
            continue
        key = proactive_key(labels[-1])
        if key is not None and key not in proactive:
            spec = _proactive_row(key, block_format, base)
            if spec is not None:
                proactive[key] = _proactive_cells(spec, segment.values)
                block = block or block_of(spec.block)
                last_extra = None
                continue
        parents = [proactive_key(label) for label in labels[:-1]]
        parent_key = next((k for k in parents if k), None)
        extra = {"block": block or "", "label": labels[-1].replace("\n", "").strip()}
        spec = _block_spec(block, block_format, base)
        if parent_key:
            extra["parent"] = _proactive_label(parent_key, base)
            replaced.add(parent_key)
        elif last_extra is not None and "parent" in last_extra:
            extra["parent"] = last_extra["parent"]
        extra["cells"] = _proactive_cells(spec, segment.values) if spec else _plain_cells(segment.values)
        proactive["extra_rows"].append(extra)
        last_extra = extra
    proactive["_replaced"] = replaced
    return proactive, table_format


def _proactive_row(key: str, block_format: str | None, base):
    for fmt in (FORMATS.get(block_format or ""), base, FORMAT_2019, FORMAT_2021):
        if fmt is not None:
            for row in fmt.proactive:
                if row.key == key:
                    return row
    return None


def _block_spec(block: str | None, block_format: str | None, base):
    fmt = FORMATS.get(block_format or "") or base
    for row in fmt.proactive:
        if block and row.block.endswith(f"第{block.replace('(', '（').replace(')', '）')}项"):
            return row
    return None


def _proactive_label(key: str, base) -> str:
    for fmt in (base, FORMAT_2019, FORMAT_2021):
        for row in fmt.proactive:
            if row.key == key:
                return row.label
    return key


def _proactive_cells(spec, values: list[str]) -> dict:
    chosen = choose(values, len(spec.cells))
    return {
        key: (parse_money(text) if key in spec.money else parse_count(text))
        for (key, _), text in zip(spec.cells, chosen, strict=True)
    }


def _plain_cells(values: list[str]) -> dict:
    return {str(i): parse_count(text) for i, text in enumerate(values)}


def _proactive_shape(found: dict, code: str, table_format: str | None) -> dict:
    fmt = FORMATS.get(code) or FORMATS.get(table_format or "") or FORMAT_2021
    replaced = found.get("_replaced", set())
    proactive: dict = {}
    for row in fmt.proactive:
        if row.key in found:
            proactive[row.key] = found[row.key]
        elif row.key in replaced:
            proactive[row.key] = None  # replaced by local extra rows (rules skip it)
        else:
            proactive[row.key] = dict.fromkeys((key for key, _ in row.cells), None)
    for key, cells in found.items():  # rows of the other format (a mixed table)
        if key not in proactive and key not in ("extra_rows", "_replaced"):
            proactive[key] = cells
    proactive["extra_rows"] = found.get("extra_rows", [])
    return proactive


# ------------------------------------------------------------------------------------ table 三


def _requests(rows: list[list[str]]) -> tuple[dict[str, list[int | None]], str | None, list[str]]:
    """({key: 7 cells}, format shown by （六）其他处理, labels of rows that match no official row)."""
    found: dict[str, list[int | None]] = {}
    unknown: list[str] = []
    for segment in segments(rows):
        if not segment.labels:
            continue
        key = _request_row(segment.labels)
        numeric = any(parse_count(v) is not None for v in segment.values)
        if key is None:
            if numeric:
                unknown.append(segment.labels[-1].replace("\n", ""))
            continue
        if not numeric and len(segment.values) < WIDTH:
            continue  # a header cell such as 总计 or 其他
        if key in found:
            continue
        found[key] = [parse_count(v) for v in choose(segment.values, WIDTH, _row_adds_up)]
    has_2021 = any(key.startswith("other_") for key in found)
    table_format = "2021" if has_2021 else "2019" if "other" in found else None
    if has_2021:
        found.pop("other", None)
    return found, table_format, unknown


def _request_row(labels: list[str]) -> str | None:
    """The row named by the last label that names one (header words only as the very last label)."""
    for position, label in enumerate(reversed(labels)):
        norm = normalize_label(label)
        if not norm or norm in REQUEST_HEADERS or (norm in REQUEST_GROUPS and norm != "其他处理"):
            continue
        if position and norm in ("其他", "总计", "合计", "其他处理"):
            continue
        key = request_key(label)
        if key is not None:
            return key
        if position == 0 and len(norm) > 3:
            return None  # an unknown row label: do not borrow an earlier label's row
    return None


def _requests_shape(found: dict[str, list[int | None]], fmt) -> dict[str, list[int | None]]:
    if fmt is not None:
        keys = list(fmt.request_keys)
    else:  # mixed: the common rows plus whichever （六） rows the table has
        keys = [k for k in FORMAT_2021.request_keys if not k.startswith("other_") or k in found]
        if "other" in found:
            keys.insert(keys.index("total"), "other")
    return {key: found.get(key, [None] * WIDTH) for key in keys}


# ------------------------------------------------------------------------------------ table 四


def _remedies(rows: list[list[str]]) -> dict[str, list[int | None]]:
    width = len(REMEDY_COLUMNS)
    by_group: dict[str, list[int | None]] = {}
    for segment in segments(rows):  # a layout with one row per group
        norm = normalize_label(segment.labels[-1]) if segment.labels else ""
        group = REMEDY_GROUP_LABELS.get(norm)
        if group and len(segment.values) >= width and any(parse_count(v) is not None for v in segment.values):
            by_group.setdefault(group, [parse_count(v) for v in choose(segment.values, width, _row_adds_up)])
    if len(by_group) == len(REMEDY_GROUPS):
        return {key: by_group[key] for key, _ in REMEDY_GROUPS}
    cells = [cell for row in rows for cell in row]
    last_label = max((i for i, cell in enumerate(cells) if not is_value(cell)), default=-1)
    values = [cell for cell in cells[last_label + 1 :]]
    chosen = [parse_count(v) for v in choose(values, REMEDY_WIDTH, _remedies_add_up)]
    return {key: chosen[i * width : (i + 1) * width] for i, (key, _) in enumerate(REMEDY_GROUPS)}


# ------------------------------------------------------------------------------------ format


def _format_code(format_2: str | None, format_3: str | None, year: int | None) -> str:
    shown = {f for f in (format_2, format_3) if f}
    if "mixed" in shown or len(shown) == 2:
        return "mixed"
    if shown:
        return shown.pop()
    return format_for_year(year).code if isinstance(year, int) else FORMAT_2021.code


# ------------------------------------------------------------------------------------ sections

_HEADING = re.compile(
    r"^(?:第(?P<part>[一二三四五六七八九十])部分[、.,:：]?"
    r"|(?P<cn>[一二三四五六七八九十]{1,2})[、.,]"
    r"|(?P<arabic>\d{1,2})[、.,](?!\d)"
    r"|\((?P<paren>[一二三四五六七八九十]{1,2}|\d{1,2})\))"
)
_CN_VALUE = {c: i for i, c in enumerate("一二三四五六七八九十", start=1)}
NUMBERS = tuple(number for number, _ in SECTIONS)


@dataclass(frozen=True)
class HeadingText:
    style: str  # "cn" 一、 | "arabic" 1、 | "paren" （一） | "part" 第一部分 | "none"
    value: int | None
    title: str  # without numbering
    printed: str  # the heading as printed (stripped)
    remainder: str  # text after the heading on the same line


def parse_heading(text: str) -> HeadingText | None:
    """A line that could be a section heading: short, or a short lead before "。"/"："."""
    printed = text.strip()
    remainder = ""
    if len(compact(printed)) > 45:
        cut = min((printed.find(p) for p in "。：:" if 0 < printed.find(p) <= 45), default=-1)
        if cut < 0:
            return None
        printed, remainder = printed[:cut], printed[cut + 1 :]
    flat = compact(printed)
    match = _HEADING.match(flat)
    style, value = "none", None
    if match:
        for name in ("part", "cn", "arabic", "paren"):
            if match.group(name):
                style, raw = name, match.group(name)
                value = int(raw) if raw.isdigit() else _cn_value(raw)
        title = flat[match.end() :]
    else:
        title = flat
    title = title.rstrip("。.；;")
    if not title or len(title) > 40:
        return None
    if style == "none" and (len(title) > 24 or any(p in title for p in "、,，；;")):
        return None  # an unnumbered heading is a short title, not a line of a wrapped sentence
    return HeadingText(style, value, title, printed, remainder.strip())


def _cn_value(raw: str) -> int:
    if len(raw) == 2 and raw[0] == "十":
        return 10 + _CN_VALUE[raw[1]]
    return _CN_VALUE.get(raw, 0)


def section_of(title: str) -> set[str]:
    """Which sections a heading's words can name (by meaning, not by exact title)."""
    names = set()
    if "总体情况" in title or "总体概况" in title or title in ("概述", "总述", "基本情况概述"):
        names.add("一")
    if "主动公开" in title:
        names.add("二")
    if "申请" in title and any(w in title for w in ("收到", "处理", "依申请", "公开申请")):
        names.add("三")
    if "复议" in title or "诉讼" in title:
        names.add("四")
    if "问题" in title or ("不足" in title and any(w in title for w in ("改进", "整改", "措施"))):
        names.add("五")
    if "其他需要报告" in title or "其他事项" in title or ("其他" in title and ("报告" in title or "说明" in title)):
        names.add("六")
    return names


def find_headings(doc: ReportDocument, anchors: dict[str, tuple[int, int]]) -> dict[str, Heading | None]:
    """Where each section starts. Table sections are found from their table backwards; the rest in
    order. A missing heading whose content is there (a table, or 五's sub-headings) is inferred."""
    candidates: list[tuple[int, HeadingText]] = []
    for index, block in enumerate(doc.blocks):
        if isinstance(block, Paragraph):
            parsed = parse_heading(block.text)
            if parsed is not None and section_of(parsed.title):
                candidates.append((index, parsed))
    found: dict[str, Heading | None] = dict.fromkeys(NUMBERS)
    top = ("cn", "arabic", "part", "none")

    def make(number: str, index: int, parsed: HeadingText, inferred: bool = False) -> Heading:
        return Heading(number, index, parsed.printed, inferred, "" if inferred else parsed.remainder)

    # 二, 三, 四: the nearest heading before the table that names it.
    floor = -1
    for number in ("二", "三", "四"):
        if number not in anchors:
            continue
        first, last = anchors[number]
        nearest = max((i for i, b in enumerate(doc.blocks[:first]) if isinstance(b, Paragraph)), default=-1)
        for index, parsed in reversed(candidates):
            if floor < index < first and number in section_of(parsed.title):
                if parsed.style in top or index == nearest:
                    found[number] = make(number, index, parsed)
                    break
        if found[number] is None:
            found[number] = Heading(number, first, "", inferred=True)
        floor = last
    # 一: the first heading naming it, before section 二.
    limit = min((h.block for h in found.values() if h is not None), default=len(doc.blocks))
    for index, parsed in candidates:
        if index < limit and "一" in section_of(parsed.title):
            found["一"] = make("一", index, parsed)
            break
    # The numbering of this report's own section headings counts as top level too ("（一）总体情况").
    parsed_found = [parse_heading(h.text) for h in found.values() if h is not None and h.text]
    styles = [p.style for p in parsed_found if p is not None]
    if styles:
        top = (*top, max(set(styles), key=styles.count))
    # A table section without its table: the first heading naming it after the previous section.
    for number in ("二", "三", "四"):
        if found[number] is None:
            rank = NUMBERS.index(number)
            after = max((h.block for n, h in found.items() if h and NUMBERS.index(n) < rank), default=-1)
            before = min((h.block for n, h in found.items() if h and NUMBERS.index(n) > rank), default=len(doc.blocks))
            for index, parsed in candidates:
                if after < index < before and number in section_of(parsed.title) and parsed.style in top:
                    found[number] = make(number, index, parsed)
                    break
    # 五 and 六, after the tables: a top-level heading if there is one, else a sub-heading.
    start = max([last for _, last in anchors.values()] + [h.block for h in found.values() if h is not None] + [-1])
    for number in ("五", "六"):
        matches = [(i, p) for i, p in candidates if i > start and number in section_of(p.title)]
        if number == "五":
            six = [i for i, p in candidates if i > start and "六" in section_of(p.title) and p.style in top]
            if six:
                matches = [(i, p) for i, p in matches if i < six[0]]
        chosen = next(((i, p) for i, p in matches if p.style in top), None)
        if chosen:
            found[number] = make(number, *chosen)
        elif matches:
            found[number] = make(number, *matches[0], inferred=True)
        if found[number] is not None:
            start = found[number].block
    return found


def section_texts(doc: ReportDocument, headings: dict[str, Heading | None]) -> dict[str, str | None]:
    """Each section's paragraphs (tables excluded), None for a section not found."""
    starts = sorted((h.block, h.number) for h in headings.values() if h is not None)
    texts: dict[str, str | None] = dict.fromkeys(NUMBERS)
    for position, (block, number) in enumerate(starts):
        end = starts[position + 1][0] if position + 1 < len(starts) else len(doc.blocks)
        heading = headings[number]
        first = block if heading.inferred and heading.text else block + 1
        lines = [heading.remainder] if heading.remainder else []
        lines += [b.text for b in doc.blocks[max(first, 0) : end] if isinstance(b, Paragraph)]
        texts[number] = "\n".join(line for line in lines if line)
    return texts
