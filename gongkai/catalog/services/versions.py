"""Snapshots of a document after each change, and the diff between two of them."""

from __future__ import annotations

import datetime as dt
import difflib

from ..models import Document, DocumentVersion
from .common import EDITABLE_FIELDS


def snapshot(document: Document) -> dict:
    data = {}
    for name in (*EDITABLE_FIELDS, "status", "published_on", "repealed_on", "unpublished_on"):
        value = getattr(document, name)
        if name == "department":
            value = value.name if value is not None else ""
        data[name] = value.isoformat() if isinstance(value, dt.date) else value
    data["interprets"] = document.interprets_id
    # By content hash, so replacing a file with another of the same name shows in the diff.
    data["attachments"] = [{"name": n, "sha256": h} for n, h in document.attachments.values_list("name", "sha256")]
    return data


def _lines(value) -> list[str]:
    if isinstance(value, list):
        return [f"{item['name']}（sha256 {item['sha256'][:16]}…）" for item in value]
    return str(value or "").splitlines()


def _version(document: Document, actor, change: str) -> DocumentVersion:
    last = document.versions.order_by("-number").values_list("number", flat=True).first() or 0
    return DocumentVersion.objects.create(
        document=document,
        number=last + 1,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        change=change[:200],
        snapshot=snapshot(document),
    )


def diff_versions(old: DocumentVersion, new: DocumentVersion) -> str:
    """A unified diff of two snapshots, one field per block, for reviewers."""
    lines: list[str] = []
    for name in new.snapshot:
        a, b = old.snapshot.get(name), new.snapshot.get(name)
        if a == b:
            continue
        lines.extend(
            difflib.unified_diff(
                _lines(a),
                _lines(b),
                fromfile=f"v{old.number} {name}",
                tofile=f"v{new.number} {name}",
                lineterm="",
            )
        )
    return "\n".join(lines)
