import datetime as dt

import pytest

from gongkai.cases.models import ReminderSent
from gongkai.cases.reminders import send_due_reminders
from gongkai.cases.tasks import remind_due_dates
from gongkai.cases.tests.factories import register

pytestmark = pytest.mark.django_db
D = dt.date


def test_reminders_before_and_after_the_due_date_are_sent_once(agency_a, clerk_a, mailoutbox):
    clerk_a.email = "wangjing@example.gov.cn"
    clerk_a.save()
    register(agency_a)  # reply due 2024-10-30, supplement notice due 2024-10-12
    assert send_due_reminders(D(2024, 9, 27)) == 0  # nothing within 3 working days yet
    assert send_due_reminders(D(2024, 10, 9)) == 1  # the supplement-notice date is near
    assert send_due_reminders(D(2024, 10, 9)) == 0  # a rerun repeats nothing
    # The reply date is near, and the supplement-notice window has now passed: one of each.
    assert send_due_reminders(D(2024, 10, 28)) == 2
    assert "即将到期" in mailoutbox[-1].subject or "已逾期" in mailoutbox[-1].subject


def test_a_worker_that_was_down_catches_up(agency_a, clerk_a):
    register(agency_a)
    # First run only long after both dates: both overdue reminders go out in that one run.
    assert send_due_reminders(D(2024, 11, 15)) == 2
    assert set(ReminderSent.objects.values_list("stage", flat=True)) == {"overdue"}


def test_assignee_gets_the_reminder_instead_of_every_clerk(agency_a, clerk_a, office_head_a):
    case = register(agency_a).case
    case.assignee = office_head_a
    case.save()
    send_due_reminders(D(2024, 10, 28))
    assert set(ReminderSent.objects.values_list("user__username", flat=True)) == {"head_a"}


def test_the_periodic_task_runs_through_the_task_framework(agency_a, clerk_a, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    register(agency_a, received_on=D(2020, 3, 2))
    result = remind_due_dates.enqueue()
    assert result.return_value >= 1
