"""Masking personal data in a body's HTML and in uploaded Office files. Pure: no Django.

The file maskers take bytes and return plain dicts, and run through core.isolation.run_isolated
(an uploaded file is never parsed in the web process; size and zip bombs are checked there). Each
one masks, saves, and then reads its own output again: ``remaining`` is what a fresh scan still
finds, so a caller can never report a success that did not happen.

Only formats whose text can be rewritten in place without losing the document are masked:

- .docx (python-docx): every ``w:t`` (text), ``w:delText`` (tracked deletions, still in the file)
  and ``w:instrText`` (field codes) of every paragraph, in the body, tables, headers, footers,
  footnotes, endnotes and comments, plus the file's properties and external link targets. Text is
  masked per paragraph: a number split over several runs by Word's formatting is still one number,
  and each run keeps its formatting because masking keeps the length.
- .xlsx (openpyxl): every text or number cell (a mobile number is often stored as a number) and
  cell comments. Formulas are left alone and counted as remaining: rewriting a formula would
  silently change what it computes.

PDFs, images and the old binary Office formats cannot be rewritten safely and are not attempted.
"""

from __future__ import annotations

import io
import re

from gongkai.core.isolation import IsolationError
from gongkai.statute.detectors import mask_text, scan_personal_data

_TAG = re.compile(r"<[^>]*>")


def _hits(text: str) -> list:
    return scan_personal_data(text) if text else []


def mask_html(value: str) -> tuple[str, int]:
    """Mask personal data in the text of sanitised HTML; returns (html, number masked).

    The text is the HTML without its tags (as catalog.checks reads it), so a number split by inline
    markup (``1101<strong>0519…</strong>``) is found and masked in both pieces; then each tag's
    attributes (href="tel:…").
    """
    value = value or ""
    positions: list[int] = []  # index in ``value`` of each text character
    pos = 0
    for m in _TAG.finditer(value):
        positions.extend(range(pos, m.start()))
        pos = m.end()
    positions.extend(range(pos, len(value)))
    text = "".join(value[i] for i in positions)
    hits = _hits(text)
    chars = list(value)
    if hits:
        for i, c in zip(positions, mask_text(text, hits), strict=True):
            chars[i] = c
    count = len(hits)
    # Attributes too: a tel: link or an ID in a query string is published even though no one reads it.
    for m in _TAG.finditer(value):
        tag, n = mask_plain(m.group())
        if n:
            chars[m.start() : m.end()] = tag  # same length: positions stay valid
            count += n
    return "".join(chars), count


def mask_plain(value: str) -> tuple[str, int]:
    hits = _hits(value or "")
    return (mask_text(value, hits), len(hits)) if hits else (value, 0)


# -- .docx ---------------------------------------------------------------------------------------


def _docx_xml_roots(document) -> list:
    """The XML root of every WordprocessingML part that holds text (parsed parts and raw ones)."""
    from docx.opc.part import XmlPart
    from docx.oxml.parser import parse_xml

    roots = []
    for part in document.part.package.iter_parts():
        content_type = part.content_type or ""
        if isinstance(part, XmlPart):
            roots.append((part, part.element, False))
        elif "wordprocessingml" in content_type and content_type.endswith("+xml"):
            # Footnotes, endnotes and comments may be loaded as plain parts: parse, mask, put back.
            roots.append((part, parse_xml(part.blob), True))
    return roots


def _paragraph_of(node, p_tag: str):
    while node is not None and node.tag != p_tag:
        node = node.getparent()
    return node


def _mask_docx_tree(root, *, apply: bool) -> int:
    from docx.oxml.ns import qn

    p_tag = qn("w:p")
    found = 0
    for paragraph in root.iter(p_tag):
        for tags in ((qn("w:t"), qn("w:delText")), (qn("w:instrText"),)):
            # Only this paragraph's own text: a text box's paragraphs are visited on their own.
            nodes = [n for n in paragraph.iter(*tags) if _paragraph_of(n, p_tag) is paragraph]
            text = "".join(n.text or "" for n in nodes)
            hits = _hits(text)
            if not hits:
                continue
            found += len(hits)
            if apply:
                masked, at = mask_text(text, hits), 0
                for node in nodes:
                    length = len(node.text or "")
                    if length:
                        node.text = masked[at : at + length]
                    at += length
    return found


_CORE_FIELDS = ("title", "subject", "author", "keywords", "comments", "last_modified_by", "category")


def _docx_pass(document, *, apply: bool) -> int:
    from lxml import etree

    found = 0
    for part, root, raw in _docx_xml_roots(document):
        n = _mask_docx_tree(root, apply=apply)
        found += n
        if apply and n and raw:
            part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        for rel in part.rels.values():
            if rel.is_external and _hits(rel.target_ref):
                found += len(_hits(rel.target_ref))
                if apply:
                    rel._target = mask_plain(rel.target_ref)[0]
    properties = document.core_properties
    for name in _CORE_FIELDS:
        value = getattr(properties, name) or ""
        masked, n = mask_plain(value)
        found += n
        if apply and n:
            setattr(properties, name, masked)
    return found


def mask_docx(data: bytes) -> dict:
    """{"data": masked bytes or None when nothing was found, "masked": n, "remaining": n}."""
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as e:  # python-docx raises many kinds on a broken file
        raise IsolationError("文件已损坏或不是有效的Word文档，无法读取") from e
    masked = _docx_pass(document, apply=True)
    if not masked:
        return {"data": None, "masked": 0, "remaining": 0}
    out = io.BytesIO()
    document.save(out)
    result = out.getvalue()
    remaining = _docx_pass(docx.Document(io.BytesIO(result)), apply=False)
    return {"data": result, "masked": masked, "remaining": remaining}


# -- .xlsx ---------------------------------------------------------------------------------------


def _cell_text(value) -> str:
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value) if isinstance(value, (int, float, str)) else ""


def _xlsx_pass(workbook, *, apply: bool) -> tuple[int, int]:
    """(masked, left): formulas are never rewritten, so their hits are left."""
    masked = left = 0
    for sheet in workbook.worksheets:
        left += len(_hits(sheet.title))
        for row in sheet.iter_rows():
            for cell in row:
                text = _cell_text(cell.value)
                hits = _hits(text)
                if hits and cell.data_type == "f":
                    left += len(hits)
                elif hits:
                    masked += len(hits)
                    if apply:
                        cell.value = mask_text(text, hits)
                if cell.comment is not None:
                    comment_text, n = mask_plain(cell.comment.text or "")
                    masked += n
                    if apply and n:
                        cell.comment.text = comment_text
    return masked, left


def mask_xlsx(data: bytes) -> dict:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data))
    except Exception as e:
        raise IsolationError("文件已损坏或不是有效的Excel表格，无法读取") from e
    masked, left = _xlsx_pass(workbook, apply=True)
    if not masked:
        return {"data": None, "masked": 0, "remaining": left}
    out = io.BytesIO()
    workbook.save(out)
    result = out.getvalue()
    again, still = _xlsx_pass(openpyxl.load_workbook(io.BytesIO(result)), apply=False)
    return {"data": result, "masked": masked, "remaining": again + still}


MASKERS = {"docx": mask_docx, "xlsx": mask_xlsx}
