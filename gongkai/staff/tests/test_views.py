import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from gongkai.deadlines.services import load_schedule, parse_schedule_csv

pytestmark = pytest.mark.django_db
HOME = reverse("staff:home")
SHANGHAI_NOON = dt.timezone(dt.timedelta(hours=8))


def test_home_requires_login(client):
    response = client.get(HOME)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_login_page_is_chinese_and_self_contained(client):
    response = client.get(reverse("login"))
    html = response.content.decode()
    assert '<html lang="zh-Hans">' in html and "工作人员登录" in html
    assert_no_external_resources(html)
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]


def test_login_with_wrong_password_keeps_the_username(client, clerk_a):
    response = client.post(reverse("login"), {"username": "clerk_a", "password": "wrong"})
    html = response.content.decode()
    assert response.status_code == 200 and 'value="clerk_a"' in html and "alert" in html


@time_machine.travel(dt.datetime(2024, 10, 1, 10, 0, tzinfo=SHANGHAI_NOON), tick=False)
def test_home_shows_holiday_roles_and_report_deadline(client, clerk_a, agency_a, agency_b):
    client.force_login(clerk_a)
    html = client.get(HOME).content.decode()
    assert "2024年10月1日 星期二" in html and "休息日" in html and "国庆节" in html
    assert agency_a.name in html and "经办人" in html
    assert agency_b.name not in html  # another agency stays invisible
    # The 2023 report of a township is due 31 January 2024 (passed) → next is 2024's, due 2025-01-31.
    assert "2024年度" in html and "2025年1月31日" in html
    assert_no_external_resources(html)


@time_machine.travel(dt.datetime(2024, 9, 29, 10, 0, tzinfo=SHANGHAI_NOON), tick=False)
def test_home_marks_a_makeup_sunday_as_a_workday(client, clerk_a):
    client.force_login(clerk_a)
    html = client.get(HOME).content.decode()
    assert "星期日" in html and "工作日" in html and "国庆节调休上班" in html


@time_machine.travel(dt.datetime(2026, 11, 25, 10, 0, tzinfo=SHANGHAI_NOON), tick=False)
def test_home_warns_when_next_years_schedule_is_missing(client, clerk_a):
    client.force_login(clerk_a)
    html = client.get(HOME).content.decode()
    assert "2027年的法定节假日安排尚未录入" in html and "暂定" in html
    load_schedule(
        years=parse_schedule_csv("日期,类型\n2027-01-01,休息日\n".encode()),
        source="通知",
        day_source="file",
        actor_label="测试",
    )
    assert "尚未录入" not in client.get(HOME).content.decode()


def test_home_lists_cases_whose_dates_moved_when_a_schedule_was_loaded(
    client, clerk_a, clerk_b, agency_a, agency_b, django_capture_on_commit_callbacks
):
    from gongkai.cases.tests.factories import register

    mine = register(agency_a, received_on=dt.date(2026, 12, 4)).case
    theirs = register(agency_b, received_on=dt.date(2026, 12, 4)).case
    with django_capture_on_commit_callbacks(execute=True):
        load_schedule(
            years=parse_schedule_csv("日期,类型\n2027-01-01,休息日\n2027-01-04,休息日\n".encode()),
            source="通知",
            day_source="file",
            actor_label="测试",
        )
    client.force_login(clerk_a)
    html = client.get(HOME).content.decode()
    assert "1件申请的期限已按2027年节假日安排重算" in html
    assert reverse("cases:detail", args=[mine.pk]) in html and mine.number in html
    assert "答复期限由 2027-01-04 改为 2027-01-05" in html
    assert theirs.number not in html  # scoped by cases_for: another agency's case stays invisible
    with time_machine.travel(dt.datetime.now(SHANGHAI_NOON) + dt.timedelta(days=15)):
        assert "节假日安排重算" not in client.get(HOME).content.decode()  # the notice lasts 14 days


@time_machine.travel(dt.datetime(2026, 11, 25, 10, 0, tzinfo=SHANGHAI_NOON), tick=False)
def test_supervisor_sees_the_subtree_read_only(client, supervisor, district, agency_a, agency_b):
    client.force_login(supervisor)
    html = client.get(HOME).content.decode()
    for agency in (district, agency_a, agency_b):
        assert agency.name in html
    assert "监督（只读）" in html
    # The district government's own report on 2026 is due 31 March 2027 (Art. 49).
    assert "2027年3月31日" in html


def test_home_query_count_does_not_grow_with_agencies(client, supervisor, district):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gongkai.organizations.tests.factories import AgencyFactory

    client.force_login(supervisor)
    client.get(HOME)  # warm the calendar cache
    with CaptureQueriesContext(connection) as few:
        client.get(HOME)
    for _ in range(10):
        AgencyFactory(parent=district)
    with CaptureQueriesContext(connection) as many:
        client.get(HOME)
    assert len(many) == len(few)


def assert_no_external_resources(html: str) -> None:
    """Every src/href stays on this site: the app must work with no internet."""
    for url in re.findall(r'(?:src|href)="([^"]+)"', html):
        assert not re.match(r"^(https?:)?//", url), url
