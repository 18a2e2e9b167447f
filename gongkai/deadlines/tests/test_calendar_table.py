import datetime as dt

import holidays
import pytest
from django.core.exceptions import ValidationError

from gongkai.core.models import AuditEvent
from gongkai.deadlines.calendars import current_calendar
from gongkai.deadlines.models import CalendarDay, CalendarYear
from gongkai.deadlines.services import load_schedule, parse_schedule_csv, seed_from_chinesecalendar, set_calendar_day
from gongkai.statute.calendar import ScheduleNotLoaded

pytestmark = pytest.mark.django_db
D = dt.date

SCHEDULE_2027 = """日期,类型,名称
2027-01-01,休息日,元旦
2027-02-06,休息日,春节
2027-02-07,工作日,春节调休上班
2027-02-08,休息日,春节
"""


def test_migration_seeds_every_year_chinesecalendar_knows():
    assert set(CalendarYear.objects.values_list("year", flat=True)) == set(range(2004, 2027))
    assert CalendarDay.objects.get(on=D(2024, 9, 29)).is_workday
    assert CalendarDay.objects.get(on=D(2024, 10, 1)).note == "国庆节"
    assert CalendarDay.objects.get(on=D(2026, 2, 14)).note == "春节调休上班"


def test_every_day_2019_to_2026_agrees_with_the_holidays_package():
    calendar = current_calendar()
    reference = holidays.China(years=range(2019, 2027))
    day, disagreements = D(2019, 1, 1), []
    while day <= D(2026, 12, 31):
        if calendar.is_workday(day) != reference.is_working_day(day):
            disagreements.append(day)
        day += dt.timedelta(days=1)
    assert disagreements == []


def test_seeding_again_changes_nothing():
    assert seed_from_chinesecalendar() == []


def test_loading_a_year_from_a_file_makes_it_computable():
    with pytest.raises(ScheduleNotLoaded):
        current_calendar().add_working_days(D(2026, 12, 31), 3)
    years = parse_schedule_csv(SCHEDULE_2027.encode())
    assert load_schedule(years=years, source="国办发明电〔2026〕X号", day_source="file", actor_label="测试") == [2027]
    calendar = current_calendar()  # the cache notices the new year
    assert calendar.is_workday(D(2027, 2, 7))  # a Sunday make-up day
    assert calendar.add_working_days(D(2026, 12, 31), 1) == D(2027, 1, 4)
    assert AuditEvent.objects.filter(code="calendar.loaded", data__year=2027).exists()


def test_loading_replaces_the_whole_year():
    load_schedule(
        years=parse_schedule_csv(SCHEDULE_2027.encode()), source="第一版", day_source="file", actor_label="测试"
    )
    load_schedule(
        years=parse_schedule_csv("日期,类型\n2027-01-01,休息日\n".encode()),
        source="更正",
        day_source="file",
        actor_label="测试",
    )
    assert list(CalendarDay.objects.filter(on__year=2027).values_list("on", flat=True)) == [D(2027, 1, 1)]
    assert CalendarYear.objects.get(year=2027).source == "更正"


def test_gbk_files_and_english_headers_are_read():
    years = parse_schedule_csv("date,type,name\n2027-01-01,holiday,元旦\n".encode("gbk"))
    assert years[2027][0].name == "元旦"
    years = parse_schedule_csv("日期,类型,名称\n2027-01-01,休息日,元旦\n".encode("gbk"))
    assert years[2027][0].name == "元旦"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "文件为空"),
        ("day,kind\n2027-01-01,休息日\n", "表头"),
        ("日期,类型\n2027/01/01,休息日\n", "第2行"),
        ("日期,类型\n2027-02-30,休息日\n", "不是 YYYY-MM-DD"),
        ("日期,类型\n2027-01-01,放个假\n", "类型“放个假”无效"),
        ("日期,类型\n2027-01-06,工作日\n", "本来就是工作日"),  # a Wednesday
        ("日期,类型\n2027-01-01,休息日\n2027-01-01,休息日\n", "重复"),
        ("日期,类型\n", "没有任何日期"),
    ],
)
def test_bad_schedule_files_are_refused_with_the_row(content, message):
    with pytest.raises(ValidationError) as info:
        parse_schedule_csv(content.encode())
    assert message in " ".join(info.value.messages)


def test_every_bad_row_is_reported_at_once():
    with pytest.raises(ValidationError) as info:
        parse_schedule_csv("日期,类型\nxx,休息日\n2027-01-01,休息日\nyy,休息日\n".encode())
    assert [m[:3] for m in info.value.messages] == ["第2行", "第4行"]


def test_a_day_can_be_corrected_by_hand_only_in_a_loaded_year(agency_a):
    set_calendar_day(actor=_admin(), on=D(2026, 12, 31), is_workday=False, note="临时调整")
    assert not current_calendar().is_workday(D(2026, 12, 31))
    with pytest.raises(ValidationError):
        set_calendar_day(actor=_admin(), on=D(2027, 1, 4), is_workday=False)


def _admin():
    from gongkai.organizations.tests.factories import UserFactory

    return UserFactory(username="calendar_admin", is_staff=True, is_superuser=True)
