"""Snapshots of a document after each change, and the difference between two of them, for people.

A snapshot stores values as the program keeps them (choice keys, ISO dates, sanitised HTML, ids).
The difference is written for the staff who review a document: every field under its Chinese name
(the model's verbose_name), choices by their label, dates as 2026年3月5日, the body as the text a
reader sees (paragraph by paragraph, tags gone) with insertions and deletions marked, and the
attachments as added, removed or replaced by name. The template shows it; no English and no
markup from the snapshot ever reaches the page.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError

from gongkai.organizations.access import roles_in
from gongkai.organizations.models import Role

from ..models import Document, DocumentVersion, MaskedOriginal
from .common import EDITABLE_FIELDS, _event

# Free text is compared character by character; the body paragraph by paragraph first.
TEXT_FIELDS = {"title", "summary", "issuing_body", "document_number", "disclosure_reason", "body"}
EXTRA_LABELS = {"attachments": "附件"}
SAME, INS, DEL = "same", "ins", "del"
CONTEXT = 1  # unchanged paragraphs shown around a change
UNRELATED = 0.3  # below this similarity a changed paragraph is shown as removed and added whole


def snapshot(document: Document, attachments: list[tuple[str, str]] | None = None) -> dict:
    """The document's fields; ``attachments`` as (name, sha256) when the caller already has them."""
    data = {}
    for name in (*EDITABLE_FIELDS, "status", "published_on", "repealed_on", "unpublished_on"):
        value = getattr(document, name)
        if name == "directory_item":
            value = str(value) if value is not None else ""
        if name == "department":
            value = value.name if value is not None else ""
        data[name] = value.isoformat() if isinstance(value, dt.date) else value
    data["interprets"] = document.interprets_id
    # By content hash, so replacing a file with another of the same name shows in the diff.
    if attachments is None:
        attachments = document.attachments.values_list("name", "sha256")
    data["attachments"] = [{"name": n, "sha256": h} for n, h in attachments]
    return data


def _version(document: Document, actor, change: str) -> DocumentVersion:
    last = document.versions.order_by("-number").values_list("number", flat=True).first() or 0
    return DocumentVersion.objects.create(
        document=document,
        number=last + 1,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        change=change[:200],
        snapshot=snapshot(document),
    )


# -- rendering values ----------------------------------------------------------------------------


def field_label(name: str) -> str:
    if name in EXTRA_LABELS:
        return EXTRA_LABELS[name]
    try:
        return str(Document._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return "其他信息"  # a key a later snapshot format added; never shown by its code name


def format_date(value: dt.date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def display_value(name: str, value) -> str:
    """A snapshot value as a person reads it."""
    if value in (None, "", []):
        return "（空）"
    try:
        model_field = Document._meta.get_field(name)
    except FieldDoesNotExist:
        model_field = None
    if model_field is not None and model_field.choices:
        return str(dict(model_field.flatchoices).get(value, "（已不再使用的选项）"))
    if model_field is not None and model_field.is_relation:
        if isinstance(value, str):
            return value  # stored as it read on the day (the department's name, the 标准目录 item)
        target = model_field.related_model.objects.filter(pk=value).first()
        if target is None:
            return "（已删除）"
        return f"《{target.title}》" if isinstance(target, Document) else str(target)
    if isinstance(value, str) and len(value) == 10:
        try:
            return format_date(dt.date.fromisoformat(value))
        except ValueError:
            pass
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


class _Paragraphs(HTMLParser):
    """The visible text of sanitised HTML, one entry per block (paragraph, heading, item, table row)."""

    BLOCKS = {"p", "div", "h2", "h3", "h4", "h5", "li", "blockquote", "pre", "tr", "caption", "hr", "table"}
    CELLS = {"td", "th"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.current: list[str] = []

    def _break(self) -> None:
        text = re.sub(r"[ \t\r\n]+", " ", "".join(self.current)).strip()  # keeps the ideographic space
        if text:
            self.paragraphs.append(text)
        self.current = []

    def handle_starttag(self, tag, attrs):
        if tag in self.BLOCKS or tag == "br":
            self._break()
        elif tag in self.CELLS and self.current:
            self.current.append("　")  # cells of a row read as one line
        elif tag == "img":
            alt = dict(attrs).get("alt") or ""
            self.current.append(f"［图片{'：' + alt if alt else ''}］")

    def handle_endtag(self, tag):
        if tag in self.BLOCKS:
            self._break()

    def handle_data(self, data):
        self.current.append(data)

    def result(self) -> list[str]:
        self.close()
        self._break()
        return self.paragraphs


def body_paragraphs(value: str) -> list[str]:
    parser = _Paragraphs()
    parser.feed(value or "")
    return parser.result()


# -- the difference ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    op: str  # SAME, INS or DEL
    text: str


@dataclass(frozen=True)
class FileChange:
    action: str  # 新增 / 删除 / 替换 / 调整顺序
    name: str  # for 调整顺序, the new order

    @property
    def sentence(self) -> str:
        if self.action == "调整顺序":
            return f"调整顺序为：{self.name}"
        return f"{self.action}《{self.name}》" + ("（文件内容已更换）" if self.action == "替换" else "")


@dataclass(frozen=True)
class Change:
    """One field that differs between two versions."""

    field: str
    label: str
    kind: str  # "value", "text" or "files"
    old: str = ""  # value: both sides as read
    new: str = ""
    # text: paragraphs, each a tuple of segments; None marks unchanged paragraphs left out
    paragraphs: tuple = ()
    files: tuple[FileChange, ...] = field(default_factory=tuple)


def _inline(old: str, new: str) -> tuple[Segment, ...]:
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    if matcher.ratio() < UNRELATED:
        return tuple(s for s in (Segment(DEL, old), Segment(INS, new)) if s.text)
    out: list[Segment] = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            out.append(Segment(SAME, old[a1:a2]))
            continue
        if a2 > a1:
            out.append(Segment(DEL, old[a1:a2]))
        if b2 > b1:
            out.append(Segment(INS, new[b1:b2]))
    return tuple(out)


def diff_paragraphs(old: list[str], new: list[str]) -> tuple:
    """Changed paragraphs with CONTEXT unchanged ones around them; None where more were skipped."""
    rows: list[tuple[bool, tuple[Segment, ...]]] = []  # (changed, segments)
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            rows.extend((False, (Segment(SAME, p),)) for p in old[a1:a2])
            continue
        pairs = list(zip(old[a1:a2], new[b1:b2], strict=False))
        rows.extend((True, _inline(a, b)) for a, b in pairs)
        rows.extend((True, (Segment(DEL, p),)) for p in old[a1 + len(pairs) : a2])
        rows.extend((True, (Segment(INS, p),)) for p in new[b1 + len(pairs) : b2])
    changed = [i for i, (c, _) in enumerate(rows) if c]
    keep = {j for i in changed for j in range(i - CONTEXT, i + CONTEXT + 1)}
    out: list = []
    for i, (_, segments) in enumerate(rows):
        if i in keep:
            out.append(segments)
        elif not out or out[-1] is not None:
            out.append(None)
    return tuple(out)


def _file_changes(old: list[dict], new: list[dict]) -> tuple[FileChange, ...]:
    old_by_name = {f["name"]: f["sha256"] for f in old or []}
    new_by_name = {f["name"]: f["sha256"] for f in new or []}
    changes = [FileChange("删除", n) for n in old_by_name if n not in new_by_name]
    changes += [FileChange("新增", n) for n in new_by_name if n not in old_by_name]
    changes += [FileChange("替换", n) for n, h in new_by_name.items() if n in old_by_name and old_by_name[n] != h]
    if not changes and [f["name"] for f in old or []] != [f["name"] for f in new or []]:
        changes.append(FileChange("调整顺序", "、".join(f"《{f['name']}》" for f in new)))
    return tuple(changes)


def diff_snapshots(old: dict, new: dict) -> list[Change]:
    changes: list[Change] = []
    for name in dict.fromkeys([*new, *old]):
        a, b = old.get(name), new.get(name)
        if a == b:
            continue
        label = field_label(name)
        if name == "attachments":
            changes.append(Change(name, label, "files", files=_file_changes(a, b)))
        elif name == "body":
            changes.append(
                Change(name, label, "text", paragraphs=diff_paragraphs(body_paragraphs(a), body_paragraphs(b)))
            )
        elif name in TEXT_FIELDS:
            lines_a, lines_b = str(a or "").splitlines(), str(b or "").splitlines()
            changes.append(Change(name, label, "text", paragraphs=diff_paragraphs(lines_a, lines_b)))
        else:
            changes.append(Change(name, label, "value", old=display_value(name, a), new=display_value(name, b)))
    return changes


def diff_versions(old: DocumentVersion | None, new: DocumentVersion) -> list[Change]:
    """What changed from ``old`` to ``new`` (from nothing, for the first version)."""
    return diff_snapshots(old.snapshot if old is not None else {}, new.snapshot)


def changed_labels(old: DocumentVersion | None, new: DocumentVersion) -> list[str]:
    """The Chinese names of the fields that changed, cheaply (for the list of versions)."""
    before = old.snapshot if old is not None else {}
    keys = dict.fromkeys([*new.snapshot, *before])
    return [field_label(k) for k in keys if before.get(k) != new.snapshot.get(k)]


def diff_text(changes: list[Change]) -> str:
    """The difference as plain text (for tests and plain-text notices): 〔删除：…〕〔新增：…〕."""
    lines = []
    for change in changes:
        if change.kind == "value":
            lines.append(f"{change.label}：{change.old} → {change.new}")
        elif change.kind == "files":
            lines.append(f"{change.label}：" + "；".join(c.sentence for c in change.files))
        else:
            lines.append(f"{change.label}：")
            for paragraph in change.paragraphs:
                if paragraph is None:
                    lines.append("……")
                    continue
                lines.append(
                    "".join(
                        s.text if s.op == SAME else f"〔{'新增' if s.op == INS else '删除'}：{s.text}〕"
                        for s in paragraph
                    )
                )
    return "\n".join(lines)


# -- the unmasked originals ----------------------------------------------------------------------


def may_read_originals(user, document: Document) -> bool:
    return Role.OFFICE_HEAD in roles_in(user, document.agency)


def read_masked_original(*, actor, version: DocumentVersion, reason: str) -> MaskedOriginal:
    """The office head reads a version's text as it was before masking; every reading is audited.

    The event names the version and the reason, never the text: the audit log is read more widely.
    """
    document = version.document
    if not may_read_originals(actor, document):
        raise PermissionDenied("只有本机关的公开办负责人可以查看屏蔽前的原文")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写查看事由"})
    original = MaskedOriginal.objects.filter(version=version).first()
    if original is None:
        raise ValidationError("此版本没有屏蔽前的原文")
    _event(
        document,
        "catalog.masked_original_viewed",
        f"查看第 {version.number} 版屏蔽前的原文，事由：{reason}",
        actor,
        version=version.number,
        reason=reason,
    )
    return original
