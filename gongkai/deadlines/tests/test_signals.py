"""Loading a schedule announces it (on commit) to the apps whose provisional dates depend on it."""

import pytest

from gongkai.deadlines.models import CalendarYear
from gongkai.deadlines.services import load_schedule, parse_schedule_csv
from gongkai.deadlines.signals import RECEIVER_FAILED, schedule_loaded

SCHEDULE_2027 = "日期,类型,名称\n2027-01-01,休息日,元旦\n2027-01-04,休息日,元旦\n"


def load(report=None):
    return load_schedule(
        years=parse_schedule_csv(SCHEDULE_2027.encode()),
        source="国办发明电〔2026〕X号",
        day_source="file",
        actor_label="测试",
        report=report,
    )


@pytest.mark.django_db
def test_the_announcement_waits_for_the_commit_and_names_the_years(django_capture_on_commit_callbacks):
    heard = []

    def listener(sender, *, years, actor, actor_label, **kwargs):
        heard.append((years, actor_label, CalendarYear.objects.filter(year=2027).exists()))
        return "听到了"

    schedule_loaded.connect(listener)
    try:
        report = []
        with django_capture_on_commit_callbacks(execute=True):
            load(report.append)
            assert heard == []  # nothing before the commit
        assert heard == [([2027], "测试", True)]
        assert "听到了" in report
    finally:
        schedule_loaded.disconnect(listener)


@pytest.mark.django_db
def test_a_failing_listener_neither_undoes_the_load_nor_stops_the_others(django_capture_on_commit_callbacks):
    def broken(sender, **kwargs):
        raise RuntimeError("boom")

    def working(sender, **kwargs):
        return "照常完成"

    schedule_loaded.connect(broken)
    schedule_loaded.connect(working)
    try:
        report = []
        with django_capture_on_commit_callbacks(execute=True):
            load(report.append)
        assert CalendarYear.objects.filter(year=2027).exists()
        assert RECEIVER_FAILED in report and "照常完成" in report
    finally:
        schedule_loaded.disconnect(broken)
        schedule_loaded.disconnect(working)
