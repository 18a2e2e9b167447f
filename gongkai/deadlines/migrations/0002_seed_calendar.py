"""Seed the calendar with every year the chinesecalendar package knows (2004–2026 in 1.11.0)."""

from django.db import migrations


def seed(apps, schema_editor):
    from gongkai.deadlines.seed import chinesecalendar_schedule, chinesecalendar_source

    CalendarDay = apps.get_model("deadlines", "CalendarDay")
    CalendarYear = apps.get_model("deadlines", "CalendarYear")
    loaded = set(CalendarYear.objects.values_list("year", flat=True))
    source = chinesecalendar_source()
    for year, overrides in sorted(chinesecalendar_schedule().items()):
        if year in loaded:
            continue
        CalendarDay.objects.bulk_create(
            CalendarDay(on=o.on, is_workday=o.is_workday, note=o.name, source="chinesecalendar") for o in overrides
        )
        CalendarYear.objects.create(year=year, source=source, loaded_by="系统初始化")


def unseed(apps, schema_editor):
    apps.get_model("deadlines", "CalendarDay").objects.filter(source="chinesecalendar").delete()
    apps.get_model("deadlines", "CalendarYear").objects.filter(loaded_by="系统初始化").delete()


class Migration(migrations.Migration):
    dependencies = [("deadlines", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
