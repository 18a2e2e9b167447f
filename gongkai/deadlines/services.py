"""Loading and editing the official holiday schedule."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.core.audit import record_event
from gongkai.statute.calendar import DayOverride

from .models import CalendarDay, CalendarYear
from .seed import chinesecalendar_schedule, chinesecalendar_source
from .signals import announce_schedule_loaded

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_HEADERS = {
    "日期": "date",
    "date": "date",
    "类型": "type",
    "type": "type",
    "名称": "name",
    "name": "name",
    "节日": "name",
    "备注": "name",
    "note": "name",
}
_OFF = {"休息日", "放假", "节假日", "假日", "holiday", "off"}
_WORK = {"工作日", "上班", "调休上班", "调休", "workday", "work"}
WEEKDAYS = "一二三四五六日"


def parse_schedule_csv(data: bytes) -> dict[int, list[DayOverride]]:
    """Read a schedule file: a header row (日期,类型,名称) and one row per holiday or make-up day.

    类型 is 休息日 (a day off) or 工作日 (a make-up working day on a weekend). Every year that
    appears in the file is taken to be complete. Raises ValidationError listing every bad row.
    """
    text = _decode(data)
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise ValidationError("文件为空")
    header = [_HEADERS.get(h.strip().lstrip("\ufeff").lower(), h.strip()) for h in rows[0]]
    if "date" not in header or "type" not in header:
        raise ValidationError("第1行应为表头“日期,类型,名称”（名称可省略）")
    col = {name: header.index(name) for name in ("date", "type", "name") if name in header}
    errors: list[str] = []
    seen: set[dt.date] = set()
    years: dict[int, list[DayOverride]] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        cells = row + [""] * (len(header) - len(row))
        raw_date, raw_type = cells[col["date"]].strip(), cells[col["type"]].strip()
        name = cells[col["name"]].strip() if "name" in col else ""
        try:
            if not _DATE.match(raw_date):
                raise ValueError
            day = dt.date.fromisoformat(raw_date)
        except ValueError:
            errors.append(f"第{number}行：“{raw_date}”不是 YYYY-MM-DD 格式的日期")
            continue
        if raw_type.lower() in _OFF:
            is_workday = False
        elif raw_type.lower() in _WORK:
            is_workday = True
            if day.weekday() < 5:
                errors.append(
                    f"第{number}行：{raw_date} 是星期{WEEKDAYS[day.weekday()]}，本来就是工作日，不必列为调休上班"
                )
                continue
        else:
            errors.append(f"第{number}行：类型“{raw_type}”无效，应为“休息日”或“工作日”")
            continue
        if day in seen:
            errors.append(f"第{number}行：{raw_date} 重复出现")
            continue
        seen.add(day)
        years.setdefault(day.year, []).append(DayOverride(day, is_workday, name))
    if errors:
        raise ValidationError(errors)
    if not years:
        raise ValidationError("文件中没有任何日期")
    return years


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError("无法识别文件编码，请保存为 UTF-8 或 GBK 编码的 CSV 文件")


@transaction.atomic
def load_schedule(
    *,
    years: dict[int, list[DayOverride]],
    source: str,
    day_source: str,
    actor=None,
    actor_label: str = "",
    report: Callable[[str], object] | None = None,
) -> list[int]:
    """Replace the schedule of each given year with ``years[year]`` and mark the year loaded.

    On commit, announces the load (signals.schedule_loaded) so the provisional dates that reach
    into these years are recomputed; each app's one-line account goes to ``report``.
    """
    if not source.strip():
        raise ValidationError("请注明来源（如国务院办公厅通知的文号）")
    for year, overrides in sorted(years.items()):
        previous = CalendarDay.objects.filter(on__year=year).count()
        CalendarDay.objects.filter(on__year=year).delete()
        CalendarDay.objects.bulk_create(
            CalendarDay(on=o.on, is_workday=o.is_workday, note=o.name, source=day_source) for o in overrides
        )
        CalendarYear.objects.update_or_create(
            year=year, defaults={"source": source.strip(), "loaded_by": actor_label or str(actor or "")}
        )
        record_event(
            code="calendar.loaded",
            summary=f"录入{year}年节假日安排（{source.strip()}）：放假{sum(not o.is_workday for o in overrides)}天，"
            f"调休上班{sum(o.is_workday for o in overrides)}天",
            actor=actor,
            actor_label=actor_label,
            data={"year": year, "replaced_rows": previous, "rows": len(overrides)},
        )
    transaction.on_commit(
        partial(announce_schedule_loaded, years=sorted(years), actor=actor, actor_label=actor_label, report=report)
    )
    return sorted(years)


def seed_from_chinesecalendar(*, actor_label: str = "系统初始化", replace: bool = False) -> list[int]:
    """Load every year the chinesecalendar package knows that is not loaded yet (or all, with replace)."""
    schedule = chinesecalendar_schedule()
    loaded = set(CalendarYear.objects.values_list("year", flat=True))
    wanted = {year: days for year, days in schedule.items() if replace or year not in loaded}
    if not wanted:
        return []
    return load_schedule(
        years=wanted,
        source=chinesecalendar_source(),
        day_source=CalendarDay.Source.CHINESECALENDAR,
        actor_label=actor_label,
    )


@transaction.atomic
def set_calendar_day(*, actor, on: dt.date, is_workday: bool, note: str = "") -> CalendarDay:
    """Correct one day by hand (the admin page); the year must already be loaded."""
    if not CalendarYear.objects.filter(year=on.year).exists():
        raise ValidationError(f"{on.year}年的节假日安排尚未录入，请先导入该年度的完整安排")
    day, _ = CalendarDay.objects.update_or_create(
        on=on, defaults={"is_workday": is_workday, "note": note, "source": CalendarDay.Source.ADMIN}
    )
    record_event(
        code="calendar.day_set",
        summary=f"修改 {day}",
        actor=actor,
        data={"on": on.isoformat(), "is_workday": is_workday, "note": note},
    )
    return day
