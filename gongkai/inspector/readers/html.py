"""HTML reports (a saved government web page, or the portal's own page) → ReportDocument.

Encoding: a byte-order mark, else the declared charset (<meta charset>, http-equiv, XML
declaration; GB2312/GBK are read as their superset GB18030, since pages declaring GB2312 routinely
contain GBK characters), else UTF-8 if the bytes are valid UTF-8, else charset-normalizer's guess,
which is noted on the document.

Site chrome: a government page wraps the report in navigation, banners, breadcrumbs, sidebars,
share buttons and footers. The report body is the smallest element containing every *anchor* —
the report's tables (those with the labels of 表二/表三/表四) and its section headings (一、总体情况
… 六、其他需要报告的事项) — widened to take in the title (…年度报告) when that does not drag
most of the page in with it. Without anchors (a report whose tables are images, say), the whole
page is read minus the usual chrome (nav, header, footer, aside and elements named so by class/id).

Blocks: data tables (no table inside) become Tables, one entry per <td>/<th>, i.e. a cell with
rowspan/colspan appears once, in its first row and column, which is how HTML writes it already;
cell text is joined without separator (a <br> or <p> inside a cell is a wrapped label). Layout
tables (holding tables, or one column of running text) are read as flow. Paragraphs come from
block elements (<p>, <div>, headings, list items …) and <br>-separated lines. Captions, scripts,
styles, forms' controls and elements hidden with ``hidden``/``display:none`` are not read.
"""

from __future__ import annotations

import codecs
import re

from ..document import Paragraph, ReportDocument, Table, UnreadableReport

TABLE_MARKERS = ("申请人情况", "本年新收", "第二十条", "行政复议", "信息内容", "结转下年度", "本年度办理结果")
_SECTION_HEADING = re.compile(
    r"\s*[一二三四五六][、.．]\s*(?:总体情况|主动公开|收到和处理|政府信息公开行政复议|存在的主要问题|其他需要报告)"
)
_TITLE = re.compile(r"年度?报告")
_META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.\-]+)""", re.IGNORECASE)
_CHINESE_ALIASES = dict.fromkeys(("gb2312", "gbk", "x-gbk", "gb_2312-80", "cp936", "euc-cn"), "gb18030")
_DROP = (
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas", "select",
    "button", "input", "textarea", "head", "caption", "map", "audio", "video",
)  # fmt: skip
BLOCK_TAGS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li ul ol dl dt dd blockquote pre section article header footer main aside nav "
    "address figure figcaption center form fieldset hr tr td th tbody thead tfoot body html".split()
)
_CHROME = re.compile(
    r"(?:^|[-_\s])(?:nav|menu|header|footer|foot|sidebar|side|breadcrumb|crumb|share|copyright|banner|toolbar)"
    r"(?:$|[-_\s\d])",
    re.IGNORECASE,
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_WHITESPACE = re.compile(r"[\s\u3000\xa0]+")
_ASCII = re.compile(r"[\x21-\x7e]")


def read_html(data: bytes, source: str, *, encoding: str | None = None) -> ReportDocument:
    """``encoding``: a charset known from outside the bytes (an .mht part's header), if any."""
    from bs4 import BeautifulSoup

    doc = ReportDocument(source=source)
    text = decode_html(data, doc.notes, encoding=encoding)
    try:
        soup = BeautifulSoup(text, "lxml")
    except (MemoryError, RecursionError):
        raise
    except Exception as e:  # lxml copes with almost anything; what it refuses is not a web page
        raise UnreadableReport("file.unreadable", f"网页文件无法解析（{type(e).__name__}）") from e
    _strip_invisible(soup)
    body = soup.body or soup
    root, title = _report_root(body)
    blocks: list[Paragraph | Table] = []
    if title is not None:
        blocks.append(Paragraph(title))
    _Flow(blocks).walk(root)
    doc.blocks = blocks
    if not blocks:
        doc.notes.append("网页中没有找到正文")
    return doc


# --------------------------------------------------------------------------------- encoding


def decode_html(data: bytes, notes: list[str], *, encoding: str | None = None) -> str:
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    head = data[:4096]
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    label = match.group(1).decode("ascii", "ignore") if match else (encoding or "")
    declared = _codec(label) if label else None
    if declared:
        try:
            return data.decode(declared)
        except UnicodeDecodeError:
            pass
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if declared:
            notes.append(f"网页声明的编码为{label}，实际按UTF-8读取")
        return text
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    guessed = _codec(best.encoding) if best is not None else None
    if guessed is None:
        guessed = declared or "gb18030"
    notes.append(f"网页编码无法确定，按{guessed.upper()}读取，个别字符可能有误")
    return data.decode(guessed, errors="replace")


def _codec(name: str) -> str | None:
    name = name.strip().lower()
    name = _CHINESE_ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


# ------------------------------------------------------------------------------ report body


def _prune(root, doomed) -> None:
    """Remove every element under ``root`` for which ``doomed(tag)`` holds, without looking inside
    a removed one (an explicit stack: hostile pages nest deeper than Python recursion allows)."""
    from bs4 import Tag

    stack = [root]
    while stack:
        node = stack.pop()
        for child in list(node.children):
            if isinstance(child, Tag):
                if doomed(child):
                    child.decompose()
                else:
                    stack.append(child)


def _invisible(tag) -> bool:
    attrs = tag.attrs
    return tag.name in _DROP or "hidden" in attrs or bool(_HIDDEN_STYLE.search(attrs.get("style") or ""))


def _strip_invisible(soup) -> None:
    _prune(soup, _invisible)


def _is_data_table(table) -> bool:
    return table.find("table") is None and not _is_layout(table)


def _is_layout(table) -> bool:
    """A table used for page layout: it holds tables, or is one column of running text."""
    if table.find("table") is not None:
        return True
    widest = max((len(_cells(tr)) for tr in table.find_all("tr")), default=0)
    return widest == 1 and len(table.get_text(strip=True)) > 200


def _cells(tr) -> list:
    return [child for child in tr.children if getattr(child, "name", None) in ("td", "th")]


def _in_link(element) -> bool:
    return element.name in ("a", "nav") or any(parent.name in ("a", "nav") for parent in element.parents)


def _anchors(body) -> list:
    anchors = []
    for table in body.find_all("table"):
        if _is_data_table(table) and not _in_link(table):
            text = table.get_text()
            if any(marker in text for marker in TABLE_MARKERS) and not _mostly_links(table, text):
                anchors.append(table)
    for string in body.find_all(string=_SECTION_HEADING):
        parent = string.parent
        if parent is None or _in_link(parent) or any(parent is a for a in anchors):
            continue
        if parent.find_parent("table") not in anchors and len(_WHITESPACE.sub("", parent.get_text())) < 60:
            anchors.append(parent)
    return anchors


def _mostly_links(element, text: str) -> bool:
    """A menu laid out as a table: most of its text is link text."""
    linked = sum(len(_WHITESPACE.sub("", a.get_text())) for a in element.find_all("a"))
    return linked > 0.5 * len(_WHITESPACE.sub("", text))


def _common_ancestor(elements):
    chains = [[element, *element.parents] for element in elements]
    common = set(map(id, chains[0]))
    for chain in chains[1:]:
        common &= set(map(id, chain))
    return next(element for element in chains[0] if id(element) in common)


def _text_length(element) -> int:
    return len(_WHITESPACE.sub("", element.get_text()))


def _report_root(body):
    """(the element holding the report, a title found outside it or None); see the docstring."""
    anchors = _anchors(body)
    if len(anchors) < 2:
        _strip_chrome(body, keep=[])
        return body, None
    root = _common_ancestor(anchors)
    if root.name == "table":  # all anchors inside one layout table's cell … or a single table
        root = root.parent or root
    title = _title_before(body, anchors)
    outside = None
    if title is not None and not any(parent is root for parent in title.parents):
        wider = _common_ancestor([root, title])
        if _text_length(wider) <= 1.3 * _text_length(root) + 200:
            root = wider
        else:
            outside = _WHITESPACE.sub("", title.get_text())
    _strip_chrome(root, keep=[*anchors, *([title] if title is not None else [])])
    return root, outside


def _title_before(body, anchors):
    """The last short element mentioning 年度报告 before the first anchor, not a link."""
    first = anchors[0]
    for anchor in anchors[1:]:
        if _before(anchor, first):
            first = anchor
    found = None
    for string in body.find_all(string=_TITLE):
        element = string.parent
        if element is None or _in_link(element):
            continue
        if len(_WHITESPACE.sub("", element.get_text())) > 100:
            continue
        if _before(element, first):
            found = element
    return found


def _before(a, b) -> bool:
    """True when ``a`` starts before ``b`` in document order."""
    for element in a.next_elements:
        if element is b:
            return True
    return False


def _strip_chrome(root, *, keep: list) -> None:
    """Drop navigation, banners, share bars and footers inside ``root``, never one holding ``keep``."""
    spared = {id(element) for element in keep} | {id(parent) for element in keep for parent in element.parents}

    def chrome(tag) -> bool:
        if id(tag) in spared:
            return False
        names = " ".join([*(tag.get("class") or []), tag.get("id") or ""])
        return tag.name in ("nav", "header", "footer", "aside") or bool(names and _CHROME.search(names))

    _prune(root, chrome)


# ------------------------------------------------------------------------------------ blocks


def _join(pieces: list[str]) -> str:
    """Paragraph text: whitespace collapsed; a line break between two Chinese characters vanishes."""
    text = "".join(pieces)

    def space(match: re.Match) -> str:
        run = match.group(0)
        before = text[match.start() - 1 : match.start()]
        after = text[match.end() : match.end() + 1]
        if "\n" in run and not (_ASCII.match(before) and _ASCII.match(after)):
            return ""
        return " "

    return _WHITESPACE.sub(space, text).strip()


def cell_text(cell) -> str:
    """A cell's text; its lines (<br>, <p>, source line breaks) joined without separator."""
    joined = "".join(piece.strip() for piece in cell.strings)
    return _WHITESPACE.sub(lambda m: "" if "\n" in m.group(0) else " ", joined).strip()


def table_rows(table) -> list[list[str]]:
    rows = []
    for tr in table.find_all("tr"):
        cells = [cell_text(cell) for cell in _cells(tr)]
        if cells:
            rows.append(cells)
    return rows


class _Flow:
    def __init__(self, blocks: list[Paragraph | Table]):
        self.blocks = blocks
        self.pieces: list[str] = []

    def flush(self) -> None:
        text = _join(self.pieces)
        self.pieces = []
        if text:
            self.blocks.append(Paragraph(text))

    def walk(self, element) -> None:
        from bs4 import Comment, NavigableString, Tag

        if isinstance(element, Tag) and element.name == "table":
            self.table(element)
            return
        for child in element.children:
            if isinstance(child, Comment):
                continue
            if isinstance(child, NavigableString):
                if type(child) is NavigableString:  # not a Doctype, CData, ProcessingInstruction
                    self.pieces.append(str(child))
                continue
            if not isinstance(child, Tag):
                continue
            name = child.name
            if name == "br":
                self.flush()
            elif name == "table":
                self.table(child)
            elif name in BLOCK_TAGS:
                self.flush()
                self.walk(child)
                self.flush()
            else:
                self.walk(child)

    def table(self, table) -> None:
        self.flush()
        if _is_data_table(table):
            rows = table_rows(table)
            if rows:
                self.blocks.append(Table(rows))
            return
        for tr in table.find_all("tr"):
            if tr.find_parent("table") is not table:
                continue
            for cell in _cells(tr):
                self.walk(cell)
                self.flush()
