"""Filling a .docx template: turning caller facts into printable text, and docxtpl in a sandbox.

What a clerk typed is tidied for the way the template prints it (``normalised``, by the field's
kinds.FIELD_USE): the template supplies numbering, quotes and the punctuation around a value,
so the value must not bring its own (decision 0020). Nothing else about the wording changes.

Agency templates are uploaded by agency staff, so their Jinja runs in a SandboxedEnvironment
(no attribute walking to Python internals) with autoescape on (so "&" or "<" in a name cannot
break the document XML) and StrictUndefined (so a misspelt placeholder is an error, not a
silently blank line in an official letter).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from docx import Document
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from gongkai.statute.proofreading import VALUE_END, VALUE_START

from .kinds import FIELD_USE, ITEM_USE, LEADS, TAILS, Use

# Characters XML 1.0 forbids (pasted from other programs); kept out so the document stays valid.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def chinese_date(day: dt.date) -> str:
    """2024年10月30日, the form official letters print (no leading zeros)."""
    return f"{day.year}年{day.month}月{day.day}日"


def printable(value: Any) -> Any:
    """The text a value prints as: dates in Chinese, money with two decimals, lists kept.

    The result is plain JSON, so the stored context of a letter is exactly what it printed.
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n")).strip()
    if isinstance(value, dt.datetime):
        raise TypeError("letters print dates; convert the datetime to a local date first")
    if isinstance(value, dt.date):
        return chinese_date(value)
    if isinstance(value, bool):
        raise TypeError("a letter prints text, not a boolean")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, list | tuple):
        return [printable(item) for item in value]
    if isinstance(value, dict):
        return {str(key): printable(item) for key, item in value.items()}
    raise TypeError(f"cannot print a {type(value).__name__} in a letter (use str, date, int, Decimal, list, dict)")


# A number or bullet a clerk typed before a list item: "1." "1、" "1）" "（1）" "(一)" "一、" "①" "-" "•".
# "1.5万元" and "2024年" are not numbers of items.
_CN_DIGITS = "一二三四五六七八九十"
_ITEM_MARKER = re.compile(
    rf"^\s*(?:\d{{1,3}}(?:[.．](?!\d)|[、）)])|[（(](?:\d{{1,3}}|[{_CN_DIGITS}]{{1,3}})[）)]"
    rf"|[{_CN_DIGITS}]{{1,3}}、(?![{_CN_DIGITS}])|第[{_CN_DIGITS}\d]{{1,3}}[项条点][:：，、]|[①-⑳]|[-•·*●▪■◆>])\s*"
)
# Marks that end or divide a sentence; a value followed by the template's own mark loses them.
# A full stop typed in ASCII goes only after Chinese ("情况." but not "Co., Ltd.").
_END_MARKS = "。，；、：,;:"
_ASCII_STOP = re.compile(r"(?<=[\u3400-\u9fff\uff09\u201d])\.+$")
_QUOTES = (("“", "”"), ("‘", "’"), ('"', '"'), ("「", "」"), ("『", "』"))
_SENTENCE_END = re.compile(r"[。！？!?…][”’」』）)]*$")


def _strip_end(text: str, marks: str = _END_MARKS) -> str:
    while (stripped := _ASCII_STOP.sub("", text.rstrip(marks + " \t\u3000"))) != text:
        text = stripped
    return text


def _unquoted(text: str) -> str:
    """Without quotes around the whole of it (not "“三公”经费和“两费”支出", quoted in parts)."""
    for left, right in _QUOTES:
        inner = text[len(left) : -len(right)]
        if (
            len(text) > 2
            and text.startswith(left)
            and text.endswith(right)
            and left not in inner
            and right not in inner
        ):
            return inner.strip()
    return text


def _without(text: str, *, leads: tuple[str, ...] = (), tails: tuple[str, ...] = ()) -> str:
    for lead in leads:
        if text.startswith(lead) and len(text) > len(lead):
            text = text[len(lead) :].lstrip("，, ")
            break
    for tail in tails:
        if text.endswith(tail) and len(text) > len(tail):
            text = text[: -len(tail)]
            break
    return text


def tidy(text: str, use: Use, *, leads: tuple[str, ...] = (), tails: tuple[str, ...] = ()) -> str:
    """``text`` as a template that prints it as ``use`` needs it."""
    if not text:
        return text
    if use is Use.ITEM:
        while (m := _ITEM_MARKER.match(text)) and m.end() < len(text):
            text = text[m.end() :]
        return _strip_end(text)
    if use is Use.QUOTED:
        return _strip_end(_unquoted(_strip_end(text)))
    if use in (Use.NAME, Use.CLAUSE):
        text = _strip_end(text)
        return _strip_end(_without(text, leads=leads, tails=tails)) if use is Use.CLAUSE else text
    if use is Use.LINE:
        return _strip_end(text, "，；、：,;:")
    if use is Use.PARAGRAPH:
        text = _strip_end(text, "，；、：,;:")
        return text if _SENTENCE_END.search(text) else text + "。"
    raise ValueError(use)  # pragma: no cover - a new Use without a rule


def normalised(field: str, value: Any) -> Any:
    """A printable value of ``field`` tidied for the way the built-in templates print it."""
    if field in ITEM_USE:
        return [
            {key: normalised(f"{field}.{key}", text) for key, text in item.items()} if isinstance(item, dict) else item
            for item in value
        ]
    use = FIELD_USE.get(field) or ITEM_USE.get(field.partition(".")[0], {}).get(field.partition(".")[2])
    if use is None:
        return value
    if isinstance(value, list):
        return [tidy(item, use) if isinstance(item, str) else item for item in value]
    if isinstance(value, str):
        return tidy(value, use, leads=LEADS.get(field, ()), tails=TAILS.get(field, ()))
    return value


def marked(value: Any) -> Any:
    """``value`` with every non-empty string wrapped in the proofreading markers, so the rendered
    text shows where each filled-in value begins and ends (statute.proofreading)."""
    if isinstance(value, str):
        return f"{VALUE_START}{value}{VALUE_END}" if value else value
    if isinstance(value, list):
        return [marked(item) for item in value]
    if isinstance(value, dict):
        return {key: marked(item) for key, item in value.items()}
    return value


def _environment() -> SandboxedEnvironment:
    return SandboxedEnvironment(autoescape=True, undefined=StrictUndefined)


def explain(exc: Exception) -> str:
    """One Chinese sentence saying what is wrong with a template's placeholders."""
    message = getattr(exc, "message", None) or str(exc)
    if isinstance(exc, UndefinedError):
        if m := re.search(r"'([^']+)' is undefined", message):
            return f"模板使用了未知的占位符“{m.group(1)}”"
        return f"模板中的占位符无法取值（{message}）"
    if isinstance(exc, SecurityError):
        return "模板含有不允许使用的表达式"
    if isinstance(exc, TemplateSyntaxError):
        if "end of template" in message.lower():
            return "模板中的条件或循环标记没有结束（{%p if … %} 需要 {%p endif %}，{%p for … %} 需要 {%p endfor %}）"
        if m := re.search(r"unknown tag '(\w+)'", message):
            return f"模板使用了未知的标记“{m.group(1)}”"
        return f"模板中的占位符写法有误（{message}）"
    return f"模板无法生成文书（{message}）"


def unbalanced_paragraph(template_bytes: bytes) -> str:
    """The first paragraph whose {{ }} or {% %} do not pair up: where a syntax error most likely is."""
    document = Document(io.BytesIO(template_bytes))
    cells = (p for table in document.tables for row in table.rows for cell in row.cells for p in cell.paragraphs)
    for paragraph in (*document.paragraphs, *cells):
        text = paragraph.text
        if text.count("{{") != text.count("}}") or text.count("{%") != text.count("%}"):
            return text
    return ""


def render_docx(template_bytes: bytes, context: dict[str, Any]) -> bytes:
    """Fill a docxtpl template with ``context`` (already printable); ValidationError if it cannot."""
    template = DocxTemplate(io.BytesIO(template_bytes))
    try:
        template.render(context, jinja_env=_environment(), autoescape=True)
    except TemplateSyntaxError as exc:
        if suspect := unbalanced_paragraph(template_bytes):
            message = f"模板中的标记没有成对（{{{{ 与 }}}}、{{% 与 %}}），请检查这一段：“{suspect[:60]}”"
        else:
            message = explain(exc)
        raise ValidationError(message) from exc
    except TemplateError as exc:
        raise ValidationError(explain(exc)) from exc
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()
