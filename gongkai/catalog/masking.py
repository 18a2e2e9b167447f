"""一键屏蔽个人信息: the document's text, its attachments and every earlier version.

What is masked and what is kept (decision 0024):

- the title, summary and body of the draft, as catalog.checks reads them;
- attachment names, and the content of .docx and .xlsx attachments: a masked copy replaces the
  file (new sha256, a new version records the replacement), and the unmasked file is deleted once
  the masking commits. PDFs and images cannot be rewritten safely: they are named in a plain
  sentence asking for a processed file, and their pre-publication error stays;
- every stored DocumentVersion snapshot and its 变更说明. The unmasked snapshot of each version
  that changed is kept once, in a MaskedOriginal row, for the office head alone.

This module reads and writes rows and files but records no events and takes no locks: the
service (services.drafting.mask_personal_data) does that around it.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from gongkai.core.isolation import MB, IsolationError, Limits, run_isolated
from gongkai.statute.detectors import mask_text, scan_personal_data
from gongkai.statute.filetypes import by_mime

from .checks import _texts  # the exact text the pre-publication check scans
from .models import Attachment, Document, DocumentVersion, LinkCheck, MaskedOriginal
from .readers import read_attachment
from .redaction import MASKERS, mask_html, mask_plain

logger = logging.getLogger(__name__)

FIELD_LABELS = {"title": "标题", "summary": "内容概述", "body": "正文"}
MUST_REPLACE = "附件《{name}》中含有个人信息，无法自动屏蔽，请替换为已处理的文件"


MASK_LIMITS = Limits(seconds=20, memory=512 * MB)


def run_masker(key: str, data: bytes) -> dict:
    """Rewrite an uploaded file in a worker process (size, zip bomb, time and memory limits)."""
    return run_isolated(MASKERS[key], data, limits=MASK_LIMITS)


@dataclass
class AttachmentOutcome:
    name: str  # as shown after masking
    masked: int = 0  # personal data masked in the name and the content
    replaced: bool = False  # a masked copy replaced the file
    problem: str = ""  # what the person must still do, as a full sentence


@dataclass
class MaskingResult:
    document: Document
    fields: dict[str, int] = field(default_factory=dict)  # field name → number masked
    attachments: list[AttachmentOutcome] = field(default_factory=list)
    versions: int = 0  # earlier versions whose stored text was masked
    remaining: list[str] = field(default_factory=list)  # sentences: what is still there

    @property
    def masked(self) -> int:
        return sum(self.fields.values()) + sum(a.masked for a in self.attachments)

    @property
    def changed(self) -> bool:
        return bool(self.fields) or any(a.masked for a in self.attachments)

    def places(self) -> list[str]:
        out = [f"{FIELD_LABELS[name]} {n} 处" for name, n in self.fields.items()]
        out += [f"附件《{a.name}》 {a.masked} 处" for a in self.attachments if a.masked]
        return out

    def summary(self) -> str:
        """The success sentence: exactly what was masked where (empty when nothing was)."""
        if not self.changed:
            return ""
        text = "已屏蔽个人信息：" + "、".join(self.places())
        if self.versions:
            text += f"；{self.versions} 个历史版本中的个人信息已一并屏蔽"
        return text


# -- the document's own text ---------------------------------------------------------------------


def mask_document_text(document: Document) -> dict[str, int]:
    """Mask title, summary and body in place (unsaved); returns field → number masked."""
    counts = {}
    for name in FIELD_LABELS:
        value = getattr(document, name)
        masked, n = mask_html(value) if name == "body" else mask_plain(value)
        if n:
            setattr(document, name, masked)
            counts[name] = n
    return counts


def forget_links(document: Document) -> None:
    """Link-check results whose URL carries personal data go; the next check finds the masked URLs."""
    for row in LinkCheck.objects.filter(document=document):
        if scan_personal_data(row.url):
            row.delete()


def remaining_in_text(document: Document) -> list[str]:
    """What a fresh scan still finds in the text (as catalog.checks reads it)."""
    out = []
    for name, text in _texts(document).items():
        n = len(scan_personal_data(text))
        if n:
            out.append(f"{FIELD_LABELS[name]}中仍有 {n} 处个人信息未能自动屏蔽，请手工修改")
    return out


# -- attachments ---------------------------------------------------------------------------------


def mask_attachment(attachment: Attachment, stored: list[str], dropped: list[str]) -> AttachmentOutcome | None:
    """Mask one attachment's name and, where possible, its content; None when there was nothing.

    New files written to storage are appended to ``stored`` (deleted again if the masking rolls
    back); the files they replace to ``dropped`` (deleted once it commits).
    """
    name_hits = scan_personal_data(attachment.name)
    name = mask_text(attachment.name, name_hits) if name_hits else attachment.name
    outcome = AttachmentOutcome(name=name, masked=len(name_hits))
    filetype = by_mime(attachment.content_type)
    key = filetype.key if filetype is not None else ""
    if key in MASKERS:
        try:
            with attachment.file.open("rb") as f:
                data = f.read()
            result = run_masker(key, data)
        except IsolationError as e:
            outcome.problem = f"附件《{name}》无法自动屏蔽（{str(e).rstrip('。')}），请替换为已处理的文件"
            result = None
        except OSError:
            logger.error("attachment %s could not be opened for masking", attachment.pk)
            outcome.problem = f"附件《{name}》无法打开（存储异常），未能屏蔽，请稍后重试或替换文件"
            result = None
        if result and result["data"]:
            _replace_file(attachment, result["data"], stored, dropped)
            outcome.masked += result["masked"]
            outcome.replaced = True
        if result and result["remaining"]:
            outcome.problem = (
                f"附件《{name}》中仍有 {result['remaining']} 处个人信息（如公式、工作表名称）无法自动屏蔽，"
                "请替换为已处理的文件"
            )
        elif result and not result["data"] and _found_by_check(attachment):
            outcome.problem = MUST_REPLACE.format(name=name)  # the check reads something the masker did not
    elif _found_by_check(attachment):
        outcome.problem = MUST_REPLACE.format(name=name)
    if name != attachment.name:
        attachment.name = name
        attachment.save(update_fields=["name"])
    return outcome if outcome.masked or outcome.problem else None


def _found_by_check(attachment: Attachment) -> bool:
    reading = read_attachment(attachment)  # what the pre-publication check reads (cached by content)
    return reading is not None and bool(reading.personal_data)


def _replace_file(attachment: Attachment, data: bytes, stored: list[str], dropped: list[str]) -> None:
    old_path = attachment.file.name
    attachment.sha256 = hashlib.sha256(data).hexdigest()
    attachment.size = len(data)
    attachment.file.save(attachment.name, ContentFile(data), save=False)  # path by the new sha256
    stored.append(attachment.file.name)
    attachment.save(update_fields=["file", "sha256", "size"])
    if old_path != attachment.file.name:
        dropped.append(old_path)


def delete_files(paths: list[str]) -> None:
    for path in paths:
        default_storage.delete(path)


# -- earlier versions ----------------------------------------------------------------------------


def _mask_value(name: str, value):
    if isinstance(value, str):
        return (mask_html if name == "body" else mask_plain)(value)[0]
    if name == "attachments" and isinstance(value, list):
        return [{**item, "name": mask_plain(item.get("name", ""))[0]} for item in value]
    return value


def mask_snapshot(data: dict) -> dict:
    return {name: _mask_value(name, value) for name, value in data.items()}


def mask_history(document: Document, actor) -> int:
    """Mask every stored version; keep each one's first unmasked text as its MaskedOriginal."""
    count = 0
    for version in DocumentVersion.objects.select_for_update().filter(document=document):
        masked, change = mask_snapshot(version.snapshot), mask_plain(version.change)[0]
        if masked == version.snapshot and change == version.change:
            continue
        MaskedOriginal.objects.get_or_create(
            version=version,
            defaults={"snapshot": version.snapshot, "change": version.change, "masked_by": actor},
        )
        version.snapshot, version.change = masked, change
        version.save(update_fields=["snapshot", "change"])
        count += 1
    return count
