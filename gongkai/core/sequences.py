"""Gap-free numbering per agency and year (case numbers, letter numbers, 索引号)."""

from __future__ import annotations

from django.db import models


def take_next(counter_model: type[models.Model], *, agency, year: int, field: str = "last") -> int:
    """Lock the agency's counter row for ``year`` and return the next number.

    Call inside the transaction that saves the numbered object: parallel callers queue on the row
    lock instead of sharing a number, and a rolled-back save gives its number back. The row is
    created first (get_or_create settles a race on creation) and then re-read under the lock.
    """
    counter, _ = counter_model.objects.get_or_create(agency=agency, year=year)
    counter = counter_model.objects.select_for_update().get(pk=counter.pk)
    value = getattr(counter, field) + 1
    setattr(counter, field, value)
    counter.save(update_fields=[field])
    return value
