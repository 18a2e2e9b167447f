"""Overdue 标准目录 items: on the 工作台 per department, and mailed to that department's heads once a day."""

import datetime as dt

from django.core import mail
from django.urls import reverse

from gongkai.catalog.directory_reminders import send_directory_reminders
from gongkai.directories.tests.factories import DirectoryItemFactory
from gongkai.organizations.models import Role
from gongkai.organizations.tests.factories import DepartmentFactory, MembershipFactory, UserFactory


def _overdue_item(agency, department, today):
    # 每年3月底前, tracked for two years and never published: last year's is overdue.
    return DirectoryItemFactory(
        agency=agency, department=department, area="财政预决算", level1="部门决算", level2="决算公开",
        deadline_text="每年3月底前", tracked_from=today - dt.timedelta(days=730),
    )  # fmt: skip


def test_the_desk_shows_overdue_items_per_department(client, office_head_a, agency_a, today):
    finance = DepartmentFactory(agency=agency_a, name="财政所")
    _overdue_item(agency_a, finance, today)
    DirectoryItemFactory(agency=agency_a, level1="机构职能", level2="领导信息", deadline_text="按有关规定时限公开")
    client.force_login(office_head_a)
    html = client.get(reverse("staff:home")).content.decode()
    assert "标准目录落实情况" in html and "1项有逾期未公开的信息，2项从未公开过信息" in html
    assert '<th scope="row">财政所</th>' in html and "决算公开" in html


def test_the_departments_head_is_reminded_once_a_day(agency_a, office_head_a, today):
    finance = DepartmentFactory(agency=agency_a, name="财政所")
    head = UserFactory(username="finance_head", full_name="吴芳", email="wu@example.gov.cn")
    MembershipFactory(user=head, agency=agency_a, role=Role.DEPARTMENT_HEAD, department=finance)
    _overdue_item(agency_a, finance, today)
    assert send_directory_reminders(today) == 1
    assert send_directory_reminders(today) == 0
    [message] = mail.outbox
    assert message.to == ["wu@example.gov.cn"] and "1项主动公开事项已逾期" in message.subject
    assert "决算公开" in message.body and "应于" in message.body


def test_an_item_without_department_goes_to_the_office_head(agency_a, office_head_a, today):
    office_head_a.email = "head@example.gov.cn"
    office_head_a.save()
    _overdue_item(agency_a, None, today)
    assert send_directory_reminders(today) == 1
    assert mail.outbox[0].to == ["head@example.gov.cn"]


def test_the_status_page_shows_each_expectation(client, clerk_a, clerk_b, agency_a, today):
    item = _overdue_item(agency_a, None, today)
    client.force_login(clerk_a)
    html = client.get(reverse("catalog:directory_status", args=[agency_a.code])).content.decode()
    assert f'id="item-{item.pk}"' in html and f"{today.year - 1}年，应于{today.year - 1}年3月31日前" in html
    assert "已逾期未公开" in html
    client.force_login(clerk_b)
    assert client.get(reverse("catalog:directory_status", args=[agency_a.code])).status_code == 404


def test_an_office_head_without_a_list_is_offered_the_import(client, office_head_a, clerk_a, agency_a):
    client.force_login(office_head_a)
    html = client.get(reverse("staff:home")).content.decode()
    assert "尚未建立主动公开全清单（标准目录）" in html and reverse("directories:import", args=[agency_a.code]) in html
    client.force_login(clerk_a)
    assert "尚未建立主动公开全清单" not in client.get(reverse("staff:home")).content.decode()
