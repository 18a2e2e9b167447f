"""Overdue in queries, the consultation channel, and the daily reminder."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from gongkai.suggestions import selectors, services
from gongkai.suggestions.models import Message, ReminderSent
from gongkai.suggestions.reminders import send_message_reminders
from gongkai.suggestions.tests.factories import at, leave

pytestmark = pytest.mark.django_db


def test_overdue_is_pending_past_its_due_date(agency_a, clerk_a):
    late = leave(agency_a, received_on=dt.date(2024, 11, 4)).message  # due 2024-11-18
    answered = leave(agency_a, received_on=dt.date(2024, 11, 4)).message
    invalid = leave(agency_a, received_on=dt.date(2024, 11, 4)).message
    services.reply_to_message(actor=clerk_a, message=answered, reply="已答复。")
    services.mark_invalid(actor=clerk_a, message=invalid, reason="广告")
    assert list(Message.objects.overdue(dt.date(2024, 11, 18))) == []  # due today is not late
    assert list(Message.objects.overdue(dt.date(2024, 11, 19))) == [late]
    assert late.is_overdue(dt.date(2024, 11, 19)) and not late.is_overdue(dt.date(2024, 11, 18))


def test_every_active_agency_has_a_channel(agency_a):
    assert selectors.has_channel(agency_a)
    agency_a.is_active = False
    assert not selectors.has_channel(agency_a)


def test_published_messages_are_the_answered_ones_with_consent(agency_a, agency_b, clerk_a, clerk_b):
    shown = leave(agency_a).message
    services.reply_to_message(actor=clerk_a, message=shown, reply="已答复。", publish=True)
    leave(agency_a)  # pending
    other = leave(agency_b).message
    services.reply_to_message(actor=clerk_b, message=other, reply="已答复。", publish=True)
    assert list(selectors.published_messages(agency_a)) == [shown]


def test_daily_reminder_mails_the_office_once_per_stage(
    agency_a, agency_b, clerk_a, office_head_a, clerk_b, mailoutbox
):
    clerk_a.email, office_head_a.email = "clerk@example.gov.cn", "head@example.gov.cn"
    clerk_a.save()
    office_head_a.save()
    # Due 2024-11-18 (Monday); on Friday 11-15 the next working day is Monday: due "tomorrow".
    due = leave(agency_a, received_on=dt.date(2024, 11, 4)).message
    overdue = leave(agency_a, received_on=dt.date(2024, 10, 21)).message  # due 2024-11-04
    leave(agency_a, received_on=dt.date(2024, 11, 12))  # due later
    leave(agency_b, received_on=dt.date(2024, 11, 12))

    assert send_message_reminders(dt.date(2024, 11, 15)) == 4  # two messages × two people
    assert sorted(m.to[0] for m in mailoutbox) == ["clerk@example.gov.cn", "head@example.gov.cn"]
    body = mailoutbox[0].body
    assert due.number in body and overdue.number in body and "已逾期" in mailoutbox[0].subject
    assert "张三丰" not in body and "13812345678" not in body

    assert send_message_reminders(dt.date(2024, 11, 15)) == 0  # a rerun sends nothing twice
    assert len(mailoutbox) == 2
    send_message_reminders(dt.date(2024, 11, 19))  # the due one is now overdue: one more stage
    assert ReminderSent.objects.filter(message=due, stage=ReminderSent.Stage.OVERDUE).count() == 2
    assert not ReminderSent.objects.filter(message__agency=agency_b).exists()  # clerk_b's box not due yet


def test_the_task_sends_todays_reminders(agency_a, clerk_a):
    from gongkai.suggestions.tasks import remind_message_due_dates

    leave(agency_a, received_on=dt.date(2024, 10, 21))
    with time_machine.travel(at(dt.date(2024, 11, 15)), tick=False):
        assert timezone.localdate() == dt.date(2024, 11, 15)
        assert remind_message_due_dates.call() == 1
