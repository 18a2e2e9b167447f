"""Issuing letters and keeping agency templates. Every change goes through these functions.

An issued letter is frozen: its number, the facts it printed and both files are stored and
there is deliberately no function to change or re-render one. A wrong letter is corrected by
issuing a new one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from docx import Document

from gongkai.core.audit import record_event
from gongkai.core.sequences import take_next
from gongkai.organizations.models import Agency
from gongkai.statute.proofreading import Finding, proofread

from . import defaults
from .kinds import ALWAYS_PRINTED, ITEM_KEYS, LIST_FIELDS, SAMPLE, SPECS, SYSTEM_FIELDS, label
from .models import Letter, LetterCounter, LetterKind, LetterTemplate
from .pdf import render_pdf
from .rendering import chinese_date, marked, normalised, printable, render_docx

MAX_TEMPLATE_BYTES = 2 * 1024 * 1024
# A .docx is a zip; refuse one that inflates to far more than any letter template needs.
MAX_UNZIPPED_BYTES = 30 * 1024 * 1024
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the pre-2007 binary .doc


def default_template(kind: str) -> bytes:
    """The built-in .docx template of ``kind``: what an agency downloads to start its own."""
    return defaults.default_template(kind)


def letter_number(agency: Agency, kind: str, year: int, seq: int) -> str:
    """某镇依申补〔2024〕3号: the agency's short name, the kind's 代字, the year in 六角括号, the number."""
    return f"{agency.display_name}{SPECS[kind].word}〔{year}〕{seq}号"


def allocate_seq(*, agency: Agency, year: int) -> int:
    """The agency's next number in ``year``; call inside the transaction that saves the letter.

    The counter row stays locked until that transaction ends, so two clerks issuing at the same
    moment queue instead of sharing a number, and a failed issue gives its number back.
    """
    return take_next(LetterCounter, agency=agency, year=year, field="last_seq")


def check_context(kind: str, context: dict[str, Any]) -> dict[str, Any]:
    """The caller's facts as printable text; ValidationError naming any required fact missing."""
    spec = SPECS[kind]
    if system := set(context) & set(SYSTEM_FIELDS):
        raise TypeError(f"issue_letter sets {sorted(system)} itself")
    if unknown := set(context) - set(spec.fields):
        raise TypeError(f"unknown fields for {kind} letters: {sorted(unknown)}; expected {list(spec.fields)}")
    # What the clerk typed is tidied for the way the template prints it (decision 0020).
    facts = {key: normalised(key, printable(value)) for key, value in context.items()}
    for key in LIST_FIELDS & set(facts):
        if not isinstance(facts[key], list):
            raise TypeError(f"{key} must be a list")
    errors = []
    if missing := [label(key) for key in spec.required if not facts.get(key)]:
        errors.append("缺少文书必须载明的内容：" + "、".join(missing))
    for key, names in ITEM_KEYS.items():
        for n, item in enumerate(facts.get(key) or [], start=1):
            if not isinstance(item, dict):
                raise TypeError(f"{key} items must be dicts with keys {sorted(names)}")
            if lacking := [name for sub, name in names.items() if not item.get(sub)]:
                errors.append(f"{label(key)}第{n}项缺少" + "、".join(lacking))
    if errors:
        raise ValidationError(errors)
    return facts


def template_for(*, agency: Agency, kind: str) -> tuple[bytes, bool]:
    """The template this agency uses for ``kind`` and whether it is the agency's own."""
    own = LetterTemplate.objects.filter(agency=agency, kind=kind).values_list("docx", flat=True).first()
    return (bytes(own), True) if own is not None else (default_template(kind), False)


def _printed(agency: Agency, kind: str, facts: dict, *, number: str, issued_on, reference: str) -> dict[str, Any]:
    """Everything a letter of ``kind`` prints: the caller's facts and what the letters app adds."""
    return {
        **{key: [] if key in LIST_FIELDS else "" for key in SPECS[kind].fields},
        **facts,
        "agency_name": agency.name,
        "number": number,
        "issued_on": chinese_date(issued_on),
        "reference": printable(reference),
        "office_name": agency.ogi_office_name,
        "contact_phone": agency.ogi_phone,
        "contact_address": agency.ogi_address,
    }


@transaction.atomic
def issue_letter(
    *,
    agency: Agency,
    kind: str,
    context: dict[str, Any],
    reference: str = "",
    actor=None,
    actor_label: str = "",
    dated_on: dt.date | None = None,
) -> Letter:
    """Number, render and store a letter; the stored files are what was sent, for good.

    ``context`` holds the facts of this kind (kinds.SPECS); dates may be ``datetime.date``.
    Rendering happens while the number is held, so the numbers of issued letters have no gaps.
    ``dated_on`` is the date the letter is signed with when it records a step taken earlier
    (a reply recorded today for a reply made yesterday); it never lies after today.
    """
    if kind not in SPECS:
        raise ValueError(f"unknown letter kind: {kind!r}")
    if actor is None and not actor_label:
        raise ValueError("a letter issued without a user must name its source in actor_label")
    facts = check_context(kind, context)
    template, own = template_for(agency=agency, kind=kind)
    issued_at = timezone.now()
    issued_on = timezone.localdate(issued_at)
    if dated_on is not None:
        if dated_on > issued_on:
            raise ValueError("a letter cannot be dated after the day it is issued")
        issued_on = dated_on
    seq = allocate_seq(agency=agency, year=issued_on.year)
    number = letter_number(agency, kind, issued_on.year, seq)
    printed = _printed(agency, kind, facts, number=number, issued_on=issued_on, reference=reference)
    try:
        docx = render_docx(template, printed)
    except ValidationError as e:
        if not own:
            raise
        raise ValidationError(
            f"本机关的“{LetterKind(kind).label}”模板无法生成文书：{e.messages[0]}。请重新上传模板或恢复默认模板。"
        ) from e
    pdf = render_pdf(docx, title=f"{SPECS[kind].title}（{number}）")
    letter = Letter.objects.create(
        agency=agency,
        kind=kind,
        year=issued_on.year,
        seq=seq,
        number=number,
        reference=printed["reference"],
        context=printed,
        docx=docx,
        pdf=pdf,
        issued_at=issued_at,
        issued_by=actor if getattr(actor, "is_authenticated", False) else None,
        actor_label=actor_label or getattr(actor, "username", ""),
    )
    record_event(
        code="letter.issued",
        summary=f"出具{LetterKind(kind).label}：{number}",
        actor=actor,
        actor_label=actor_label,
        agency=agency,
        target=letter,
        data={
            "kind": kind,
            "number": number,
            "reference": letter.reference,
            "template": "agency" if own else "default",
        },
    )
    return letter


def docx_text(docx_bytes: bytes) -> str:
    """All the text a .docx shows: body paragraphs, tables, headers and footers."""
    document = Document(io.BytesIO(docx_bytes))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    for section in document.sections:
        for area in (section.header, section.footer):
            parts += [p.text for p in area.paragraphs]
    return "\n".join(parts)


def proofread_letter(*, agency: Agency, kind: str, context: dict[str, Any], reference: str = "") -> list[Finding]:
    """What a proofreader would circle in the letter ``issue_letter`` would print now, without
    issuing it: the agency's template is rendered with every value marked, so a word doubled
    where a value meets the template is found as well (statute.proofreading)."""
    facts = check_context(kind, context)
    template, _ = template_for(agency=agency, kind=kind)
    today = timezone.localdate()
    number = letter_number(agency, kind, today.year, 1)
    printed = _printed(agency, kind, facts, number=number, issued_on=today, reference=reference)
    return proofread(docx_text(render_docx(template, marked(printed))))


def _sample_strings(value) -> list[str]:
    if isinstance(value, dict):
        return [str(v) for v in value.values()]
    if isinstance(value, list):
        return [s for item in value for s in _sample_strings(item)]
    return [str(value)]


def check_template(kind: str, data: bytes) -> None:
    """Refuse, in one Chinese sentence, an upload that is not a usable template for ``kind``."""
    if len(data) > MAX_TEMPLATE_BYTES:
        raise ValidationError(f"模板文件过大（{len(data) / 1024 / 1024:.1f} MB），上限为 2 MB")
    if data.startswith(_OLE_MAGIC):
        raise ValidationError("这是旧版 Word 文件（.doc），请在 Word 或 WPS 中“另存为”.docx 格式后再上传")
    not_docx = ValidationError("上传的文件不是有效的 Word 文档（.docx）")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = {info.filename: info.file_size for info in archive.infolist()}
    except (zipfile.BadZipFile, ValueError):
        raise not_docx from None
    if "word/document.xml" not in names or "[Content_Types].xml" not in names:
        raise not_docx
    if sum(names.values()) > MAX_UNZIPPED_BYTES:
        raise ValidationError("模板文件解压后过大，请删除其中的大图片后再上传")
    sample = {key: SAMPLE[key] for key in (*SPECS[kind].fields, *SYSTEM_FIELDS)}
    try:
        rendered = render_docx(data, sample)
        text = docx_text(rendered)
    except ValidationError as e:
        raise ValidationError(f"模板无法使用：{e.messages[0]}") from e
    except Exception as e:  # any malformed part inside the zip: python-docx, lxml and docxtpl differ
        raise not_docx from e
    missing = [
        f"{label(key)}（{{{{ {key} }}}}）"
        for key in (*ALWAYS_PRINTED, *SPECS[kind].required)
        if not all(s in text for s in _sample_strings(SAMPLE[key]))
    ]
    if missing:
        raise ValidationError("模板缺少文书必须载明的内容：" + "、".join(missing))
    try:
        render_pdf(rendered)
    except Exception as e:  # WeasyPrint errors have no common base class
        raise ValidationError("模板无法转换为 PDF，请简化模板中的版式后再上传") from e


@transaction.atomic
def save_template(*, actor, agency: Agency, kind: str, docx_bytes: bytes, actor_label: str = "") -> LetterTemplate:
    """Make ``docx_bytes`` the agency's template for ``kind``, after checking it renders; the
    previous template stays if the check fails."""
    if kind not in SPECS:
        raise ValidationError(f"文书类型“{kind}”无效")
    check_template(kind, docx_bytes)
    template, created = LetterTemplate.objects.update_or_create(
        agency=agency,
        kind=kind,
        defaults={"docx": docx_bytes, "updated_by": actor if getattr(actor, "is_authenticated", False) else None},
    )
    record_event(
        code="letter_template.saved",
        summary=f"{'上传' if created else '更新'}文书模板：{LetterKind(kind).label}",
        actor=actor,
        actor_label=actor_label,
        agency=agency,
        target=template,
        data={"kind": kind, "size": len(docx_bytes), "sha256": hashlib.sha256(docx_bytes).hexdigest()},
    )
    return template


@transaction.atomic
def remove_template(*, actor, agency: Agency, kind: str, actor_label: str = "") -> bool:
    """Go back to the built-in template for ``kind``; False if the agency had none of its own."""
    deleted, _ = LetterTemplate.objects.filter(agency=agency, kind=kind).delete()
    if deleted:
        record_event(
            code="letter_template.removed",
            summary=f"恢复默认文书模板：{LetterKind(kind).label}",
            actor=actor,
            actor_label=actor_label,
            agency=agency,
            data={"kind": kind},
        )
    return bool(deleted)
