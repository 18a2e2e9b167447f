"""Overdue in queries, the self-check's two questions, and the daily reminder."""

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


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2026, 11, 25), 3, dt.date(2026, 8, 25)),
        (dt.date(2026, 5, 31), 3, dt.date(2026, 2, 28)),
        (dt.date(2026, 2, 15), 12, dt.date(2025, 2, 15)),
        (dt.date(2026, 1, 10), 3, dt.date(2025, 10, 10)),
    ],
)
def test_months_before(day, months, expected):
    assert selectors.months_before(day, months) == expected


def test_unanswered_valid_counts_pending_messages_older_than_three_months_within_the_year(agency_a, agency_b, clerk_a):
    on = dt.date(2026, 11, 25)
    old_pending = leave(agency_a, received_on=dt.date(2026, 3, 2)).message
    exactly_three_months = leave(agency_a, received_on=dt.date(2026, 8, 25)).message
    recent = leave(agency_a, received_on=dt.date(2026, 10, 1)).message
    before_window = leave(agency_a, received_on=dt.date(2025, 11, 20)).message
    invalid = leave(agency_a, received_on=dt.date(2026, 3, 2)).message
    answered_later = leave(agency_a, received_on=dt.date(2026, 4, 1)).message
    leave(agency_b, received_on=dt.date(2026, 3, 2))  # another agency's
    services.mark_invalid(actor=clerk_a, message=invalid, reason="辱骂")
    services.reply_to_message(actor=clerk_a, message=answered_later, reply="已答复。")
    Message.objects.filter(pk=answered_later.pk).update(replied_on=dt.date(2026, 12, 1))

    found = set(selectors.unanswered_valid(agency_a, on=on))
    assert found == {old_pending, answered_later}  # answered only after the check point: unanswered then
    assert exactly_three_months not in found and recent not in found and before_window not in found
    assert set(selectors.unanswered_valid(agency_a, on=on, older_than_days=40)) == {
        old_pending,
        answered_later,
        exactly_three_months,
        recent,
    }


def test_answered_late_lists_replies_given_after_three_months(agency_a, clerk_a):
    slow = leave(agency_a, received_on=dt.date(2026, 3, 2)).message
    quick = leave(agency_a, received_on=dt.date(2026, 3, 2)).message
    for message in (slow, quick):
        services.reply_to_message(actor=clerk_a, message=message, reply="已答复。")
    Message.objects.filter(pk=slow.pk).update(replied_on=dt.date(2026, 6, 10))
    Message.objects.filter(pk=quick.pk).update(replied_on=dt.date(2026, 3, 9))
    assert list(selectors.answered_late(agency_a, on=dt.date(2026, 11, 25))) == [slow]


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
