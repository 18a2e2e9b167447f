"""Today, as the services see it.

Services refuse dates after today and steps recorded after a deadline has passed, so "today"
matters. It is the local date, except while a history that really happened is being replayed
(the demo's story of 2024, a migration from a paper file): then each step is recorded as of its
own day, through ``recording_as_of``. Nothing on the web side sets it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.utils import timezone

_as_of: ContextVar[dt.date | None] = ContextVar("gongkai_as_of", default=None)


def today() -> dt.date:
    return _as_of.get() or timezone.localdate()


@contextmanager
def recording_as_of(day: dt.date) -> Iterator[None]:
    """Record the steps inside the block as if they were taken on ``day``."""
    token = _as_of.set(day)
    try:
        yield
    finally:
        _as_of.reset(token)
