"""The agency's own sensitive words and miswritings."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.core.audit import record_event
from gongkai.organizations.models import Agency, Role

from ..models import CheckWord
from .common import _acting


@transaction.atomic
def add_check_word(*, actor, agency: Agency, kind: str, word: str, correction: str = "") -> CheckWord:
    """Add a sensitive word or a miswriting (with its correction) to the agency's own list."""
    _acting(actor, agency, {Role.OFFICE_HEAD, Role.ADMINISTRATOR})
    word, correction = (word or "").strip(), (correction or "").strip()
    if not word:
        raise ValidationError({"word": "请填写词语"})
    if kind == CheckWord.Kind.MISWRITING and not correction:
        raise ValidationError({"correction": "易错词应填写正确写法"})
    entry, _ = CheckWord.objects.update_or_create(
        agency=agency, kind=kind, word=word, defaults={"correction": correction}
    )
    record_event(
        code="catalog.word_added",
        summary=f"{entry.get_kind_display()}表新增“{word}”" + (f"（应为“{correction}”）" if correction else ""),
        actor=actor,
        agency=agency,
        target=entry,
        data={"kind": kind, "word": word, "correction": correction},
    )
    return entry


@transaction.atomic
def remove_check_word(*, actor, entry: CheckWord) -> None:
    _acting(actor, entry.agency, {Role.OFFICE_HEAD, Role.ADMINISTRATOR})
    record_event(
        code="catalog.word_removed",
        summary=f"{entry.get_kind_display()}表删除“{entry.word}”",
        actor=actor,
        agency=entry.agency,
        data={"kind": entry.kind, "word": entry.word},
    )
    entry.delete()
