"""The chinesecalendar package as seed data for the calendar table (2004 to its last year)."""

from __future__ import annotations

from importlib.metadata import version

from gongkai.statute.calendar import DayOverride


def _chinese_name(english: str) -> str:
    from chinese_calendar import Holiday

    names = {h.value: h.chinese for h in Holiday}
    name = names.get(english, english)
    # The package abbreviates three festivals; the State Council notices use the full names.
    return {"清明": "清明节", "端午": "端午节", "中秋": "中秋节"}.get(name, name)


def chinesecalendar_schedule() -> dict[int, list[DayOverride]]:
    """Every year the installed chinesecalendar knows, as per-date overrides."""
    from chinese_calendar import constants

    years: dict[int, list[DayOverride]] = {}
    for day, name in constants.holidays.items():
        years.setdefault(day.year, []).append(DayOverride(day, False, _chinese_name(name)))
    for day, name in constants.workdays.items():
        years.setdefault(day.year, []).append(DayOverride(day, True, _chinese_name(name) + "调休上班"))
    for overrides in years.values():
        overrides.sort(key=lambda o: o.on)
    return years


def chinesecalendar_source() -> str:
    return f"chinesecalendar {version('chinesecalendar')}"
