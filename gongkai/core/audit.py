"""Writing the audit log. Every service function calls record_event once per state change."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import AuditEvent


def record_event(
    *,
    code: str,
    summary: str,
    actor: Any = None,
    actor_label: str = "",
    agency: Any = None,
    target: models.Model | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event. ``actor`` is a user or None (then ``actor_label`` says who acted)."""
    if actor is None and not actor_label:
        raise ValueError("an event without a user must name its source in actor_label")
    return AuditEvent.objects.create(
        code=code,
        summary=summary[:300],
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_label=actor_label or getattr(actor, "username", ""),
        agency=agency,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        data=data or {},
    )
