"""Filling a .docx template: turning caller facts into printable text, and docxtpl in a sandbox.

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
