"""The 意见箱 rules: numbers, reply dates, who may do what, consent, notifications, the audit log."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from gongkai.core.models import AuditEvent
from gongkai.organizations.models import Role
from gongkai.organizations.tests.factories import DepartmentFactory, MembershipFactory, UserFactory
from gongkai.statute.periods import MESSAGE_REPLY_WORKING_DAYS
from gongkai.suggestions import services
from gongkai.suggestions.models import Message, Status
from gongkai.suggestions.tests.factories import leave

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_throttle():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize(
    ("received_on", "due_on", "why"),
    [
        (dt.date(2024, 9, 27), dt.date(2024, 10, 16), "National Day week skipped, make-up Sundays/Saturdays counted"),
        (dt.date(2024, 9, 30), dt.date(2024, 10, 18), "received the day before the holiday"),
        (dt.date(2024, 10, 3), dt.date(2024, 10, 18), "received in the holiday: counted from its end, Sat 12th worked"),
        (dt.date(2024, 11, 4), dt.date(2024, 11, 18), "an ordinary fortnight"),
    ],
)
def test_reply_is_due_ten_working_days_after_receipt(agency_a, received_on, due_on, why):
    assert MESSAGE_REPLY_WORKING_DAYS == 10
    message = leave(agency_a, received_on=received_on).message
    assert message.received_on == received_on
    assert message.due_on == due_on, why


def test_numbers_run_per_agency_and_year(agency_a, agency_b):
    first = leave(agency_a, received_on=dt.date(2024, 12, 31)).message
    second = leave(agency_a, received_on=dt.date(2024, 12, 31)).message
    next_year = leave(agency_a, received_on=dt.date(2025, 1, 2)).message
    other = leave(agency_b, received_on=dt.date(2024, 12, 31)).message
    assert [first.number, second.number, next_year.number] == ["YJ2024-00001", "YJ2024-00002", "YJ2025-00001"]
    assert other.number == "YJ2024-00001"  # each agency has its own sequence


def test_query_code_is_shown_once_and_stored_only_as_a_hash(agency_a):
    submission = leave(agency_a)
    assert len(submission.query_code) == 8
    assert submission.query_code not in submission.message.query_code_hash


def test_a_repeated_submission_key_returns_the_first_message(agency_a):
    key = "k" * 30
    first = leave(agency_a, submission_key=key)
    again = leave(agency_a, submission_key=key)
    assert again.message.pk == first.message.pk and not again.created and again.query_code == ""
    assert Message.objects.count() == 1


def test_one_address_may_leave_five_messages_then_waits(agency_a, agency_b):
    for _ in range(5):
        leave(agency_a, client_ip="203.0.113.9")
    with pytest.raises(services.SubmissionThrottled):
        leave(agency_a, client_ip="203.0.113.9")
    leave(agency_a, client_ip="203.0.113.10")  # another address
    leave(agency_b, client_ip="203.0.113.9")  # another agency's box
    assert Message.objects.count() == 7


@pytest.mark.parametrize("typed", ["YJ2024-00001", "yj2024-1", "2024-00001", "ＹＪ２０２４－０００１", "YJ202400001"])
def test_lookup_takes_the_number_loosely(agency_a, typed):
    submission = leave(agency_a, received_on=dt.date(2024, 11, 4))
    found = services.lookup_message(agency=agency_a, number=typed, code=submission.query_code.lower())
    assert found == submission.message


def test_lookup_with_a_wrong_code_or_another_agency_finds_nothing(agency_a, agency_b):
    submission = leave(agency_a, received_on=dt.date(2024, 11, 4))
    assert services.lookup_message(agency=agency_a, number="YJ2024-00001", code="AAAAAAAA") is None
    assert services.lookup_message(agency=agency_b, number="YJ2024-00001", code=submission.query_code) is None
    assert services.lookup_message(agency=agency_a, number="YJ2024-00002", code=submission.query_code) is None


def test_reply_answers_and_mails_the_writer_after_commit(
    agency_a, clerk_a, mailoutbox, django_capture_on_commit_callbacks
):
    message = leave(agency_a, contact="writer@example.com").message
    with django_capture_on_commit_callbacks(execute=True):
        services.reply_to_message(actor=clerk_a, message=message, reply="已安排维修。")
    message.refresh_from_db()
    assert message.status == Status.ANSWERED and message.replied_by == clerk_a and message.replied_on
    assert not message.is_published
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["writer@example.com"]
    assert "已安排维修。" in mailoutbox[0].body and message.number in mailoutbox[0].subject


def test_no_mail_when_the_writer_left_a_phone_or_the_reply_rolls_back(
    agency_a, clerk_a, mailoutbox, django_capture_on_commit_callbacks
):
    by_phone = leave(agency_a).message
    by_mail = leave(agency_a, contact="writer@example.com").message
    with django_capture_on_commit_callbacks(execute=True):
        services.reply_to_message(actor=clerk_a, message=by_phone, reply="已答复。")
        with pytest.raises(RuntimeError), transaction.atomic():
            services.reply_to_message(actor=clerk_a, message=by_mail, reply="已答复。")
            raise RuntimeError
    assert mailoutbox == []
    by_mail.refresh_from_db()
    assert by_mail.status == Status.PENDING


def test_empty_reply_is_refused(agency_a, clerk_a):
    message = leave(agency_a).message
    with pytest.raises(ValidationError, match="请填写答复内容"):
        services.reply_to_message(actor=clerk_a, message=message, reply="   ")


def test_publish_only_with_the_writers_consent(agency_a, clerk_a):
    no_consent = leave(agency_a, publish_allowed=False).message
    services.reply_to_message(actor=clerk_a, message=no_consent, reply="已答复。")
    with pytest.raises(ValidationError, match="未同意公开"):
        services.publish_reply(actor=clerk_a, message=no_consent)
    with pytest.raises(ValidationError, match="未同意公开"):
        services.reply_to_message(
            actor=clerk_a, message=leave(agency_a, publish_allowed=False).message, reply="x", publish=True
        )
    no_consent.refresh_from_db()
    assert not no_consent.is_published

    consent = leave(agency_a, publish_allowed=True).message
    services.reply_to_message(actor=clerk_a, message=consent, reply="已答复。")
    services.publish_reply(actor=clerk_a, message=consent)
    assert Message.objects.published().get() == consent
    services.withdraw_reply(actor=clerk_a, message=consent, reason="涉及第三方")
    assert not Message.objects.published().exists()


def test_the_database_refuses_publication_without_consent_or_answer(agency_a):
    message = leave(agency_a, publish_allowed=False).message
    with pytest.raises(IntegrityError), transaction.atomic():
        Message.objects.filter(pk=message.pk).update(is_published=True)


def test_a_pending_message_cannot_be_published(agency_a, clerk_a):
    message = leave(agency_a).message
    with pytest.raises(services.MessageStateError):
        services.publish_reply(actor=clerk_a, message=message)


def test_invalid_message_is_set_aside_and_cannot_be_answered(agency_a, office_head_a):
    message = leave(agency_a).message
    services.mark_invalid(actor=office_head_a, message=message, reason="重复留言：同YJ2024-00001")
    message.refresh_from_db()
    assert message.status == Status.INVALID and message.invalid_reason.startswith("重复留言")
    with pytest.raises(services.MessageStateError):
        services.reply_to_message(actor=office_head_a, message=message, reply="x")
    with pytest.raises(ValidationError):
        services.mark_invalid(actor=office_head_a, message=leave(agency_a).message, reason=" ")


def test_supervisors_and_other_agencies_cannot_act(agency_a, supervisor, clerk_b):
    message = leave(agency_a).message
    for actor in (supervisor, clerk_b):
        for call in (
            lambda a: services.reply_to_message(actor=a, message=message, reply="x"),
            lambda a: services.mark_invalid(actor=a, message=message, reason="x"),
            lambda a: services.assign_message(actor=a, message=message, department=None),
        ):
            with pytest.raises(PermissionDenied):
                call(actor)
    message.refresh_from_db()
    assert message.status == Status.PENDING


def test_department_head_answers_only_what_was_routed_to_the_department(agency_a, clerk_a):
    roads = DepartmentFactory(agency=agency_a, name="城乡建设办公室")
    welfare = DepartmentFactory(agency=agency_a, name="社会事务办公室")
    head = MembershipFactory(
        user=UserFactory(username="head_roads"), agency=agency_a, role=Role.DEPARTMENT_HEAD, department=roads
    ).user
    routed = leave(agency_a).message
    elsewhere = leave(agency_a).message
    services.assign_message(actor=clerk_a, message=routed, department=roads)
    services.assign_message(actor=clerk_a, message=elsewhere, department=welfare)
    with pytest.raises(PermissionDenied):
        services.assign_message(actor=head, message=routed, department=welfare)  # routing is the office's
    with pytest.raises(PermissionDenied):
        services.reply_to_message(actor=head, message=elsewhere, reply="x")
    services.reply_to_message(actor=head, message=routed, reply="已修复。")
    routed.refresh_from_db()
    assert routed.status == Status.ANSWERED and routed.replied_by == head


def test_routing_only_to_the_agencys_own_departments(agency_a, agency_b, clerk_a):
    message = leave(agency_a).message
    with pytest.raises(ValidationError):
        services.assign_message(actor=clerk_a, message=message, department=DepartmentFactory(agency=agency_b))


def test_audit_log_names_the_message_never_the_writer(agency_a, clerk_a):
    message = leave(agency_a, name="欧阳明月", contact="ouyang@example.com").message
    services.assign_message(actor=clerk_a, message=message, department=DepartmentFactory(agency=agency_a))
    services.reply_to_message(actor=clerk_a, message=message, reply="已答复。", publish=True)
    services.withdraw_reply(actor=clerk_a, message=message)
    services.view_contact(actor=clerk_a, message=message)
    events = AuditEvent.objects.filter(target_id=str(message.pk), target_type__model="message")
    assert [e.code for e in events.order_by("id")] == [
        "message.received",
        "message.assigned",
        "message.replied",
        "message.withdrawn",
        "message.contact_viewed",
    ]
    for event in events:
        text = f"{event.summary} {event.data}"
        assert "欧阳" not in text and "ouyang" not in text
        assert message.number in event.summary


def test_masked_name_and_contact(agency_a):
    assert leave(agency_a, name="张三丰").message.masked_name == "张**"
    assert leave(agency_a, name="").message.masked_name == "匿名"
    assert leave(agency_a, contact="13812345678").message.masked_contact == "138****5678"
    assert leave(agency_a, contact="writer@example.com").message.masked_contact == "w***@example.com"
