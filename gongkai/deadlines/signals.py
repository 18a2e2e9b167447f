"""Announcing that a year's holiday schedule was loaded, to the apps whose dates depend on it.

Provisional dates live in cases and remedies, which sit above this app and may not be imported
from it (the layers contract), so the calendar announces the load and they listen. This is the
one place we use a signal for domain flow; decision 0016 says why.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.dispatch import Signal

# Sent once the load has committed, with years=[…] (sorted), actor (a user or None) and
# actor_label. Each receiver recomputes the provisional dates it owns that reach into those
# years and returns one Chinese line saying what it did (or None to stay silent).
schedule_loaded = Signal()

# Shown when a receiver failed; the receivers' hourly catch-up tasks redo the work.
RECEIVER_FAILED = "部分暂定期限未能立即重算，系统将在一小时内自动补做"


def announce_schedule_loaded(
    *, years: Iterable[int], actor=None, actor_label: str = "", report: Callable[[str], object] | None = None
) -> list[str]:
    """Send schedule_loaded; pass each receiver's line to ``report`` and return the lines.

    A failing receiver must not undo the load or fail the upload (send_robust logs it), and
    must not stop the others.
    """
    from .models import CalendarYear

    lines: list[str] = []
    for _receiver, response in schedule_loaded.send_robust(
        sender=CalendarYear, years=sorted(years), actor=actor, actor_label=actor_label
    ):
        line = RECEIVER_FAILED if isinstance(response, Exception) else response
        if line and line not in lines:
            lines.append(line)
    if report is not None:
        for line in lines:
            report(line)
    return lines
