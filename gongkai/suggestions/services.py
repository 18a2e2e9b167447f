"""Every change to a message: receive it, route it, answer it, set it aside, show or hide the answer.

Audit summaries name the message by its number only: the writer's name and contact never go into
the event log (they are personal information; viewing them is logged instead, see view_contact).
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
import unicodedata
from dataclasses import dataclass

from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.core import throttle
from gongkai.core.audit import record_event
from gongkai.core.sequences import take_next
from gongkai.deadlines.calendars import current_calendar
from gongkai.organizations.access import roles_in
from gongkai.organizations.models import Agency, Department, Membership, Role
from gongkai.statute.periods import MESSAGE_REPLY_WORKING_DAYS

from .models import ALLOWED, Message, MessageCounter, Status
from .notify import notify_writer_of_reply

# Same alphabet as the case query code: no 0/O, 1/I/L to misread.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8
WRITER = "留言人（网上）"

# The agency's OGI office answers everything; a department head answers what was routed to them.
OFFICE_ROLES = frozenset({Role.CLERK, Role.OFFICE_HEAD})

STEP_LABELS = {
    "assign": "分办",
    "reply": "答复",
    "invalid": "标记为无效留言",
    "publish": "公开答复",
    "withdraw": "撤回公开",
}


class MessageStateError(ValidationError):
    """A step that the message's current state does not allow."""


class SubmissionThrottled(ValidationError):
    """Too many messages from one address in a short time."""


@dataclass
class Submission:
    message: Message
    query_code: str  # shown once; only its hash is stored
    created: bool = True


def reply_due(received_on: dt.date) -> dt.date:
    """The reply date: MESSAGE_REPLY_WORKING_DAYS working days after the day of receipt.

    Provisional for a year whose holidays are not loaded yet (Monday–Friday assumed): a service
    standard, unlike a statutory period, is not worth refusing a message over.
    """
    return current_calendar().span(received_on, MESSAGE_REPLY_WORKING_DAYS, provisional=True).end


def new_query_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def format_number(year: int, seq: int) -> str:
    return f"YJ{year}-{seq:05d}"


def submit_keys(*, agency: Agency, client_ip: str) -> list[str]:
    """Throttle counters of one submission: the address, per agency (a shared office NAT writing to
    two agencies is not punished twice)."""
    return [f"suggestions-submit:{agency.code}:{client_ip or '-'}"]


def submit_message(
    *,
    agency: Agency,
    name: str,
    contact: str,
    subject: str,
    body: str,
    publish_allowed: bool,
    client_ip: str | None = None,
    submission_key: str = "",
    received_at: dt.datetime | None = None,
) -> Submission:
    """Take a message from the public form. A repeat with the same ``submission_key`` (double
    click, Back and resubmit) returns the first message instead of a second one.

    Throttled with core.throttle when ``client_ip`` is given (the public form always gives it;
    the demo loader gives None): each accepted message counts as one attempt, so one address can
    leave throttle.MAX_FAILURES messages per window, then waits throttle.BLOCK_SECONDS.
    """
    if submission_key:
        existing = Message.objects.filter(agency=agency, submission_key=submission_key).first()
        if existing is not None:
            return Submission(existing, "", created=False)
    keys = submit_keys(agency=agency, client_ip=client_ip) if client_ip is not None else []
    if throttle.blocked(keys):
        raise SubmissionThrottled(
            f"提交过于频繁，请{throttle.BLOCK_SECONDS // 60}分钟后再试。您填写的内容已保留。", code="throttled"
        )
    received_at = received_at or timezone.now()
    try:
        with transaction.atomic():
            submission = _submit(agency, name, contact, subject, body, publish_allowed, submission_key, received_at)
    except IntegrityError:
        # Two identical submissions raced: the other one won; hand back its message.
        existing = Message.objects.filter(agency=agency, submission_key=submission_key).first()
        if submission_key and existing is not None:
            return Submission(existing, "", created=False)
        raise
    if submission.created:
        throttle.record_failure(keys)
    return submission


def _submit(agency, name, contact, subject, body, publish_allowed, submission_key, received_at) -> Submission:
    received_on = timezone.localdate(received_at)
    year = received_on.year
    seq = take_next(MessageCounter, agency=agency, year=year)
    code = new_query_code()
    message = Message.objects.create(
        agency=agency,
        number=format_number(year, seq),
        year=year,
        seq=seq,
        query_code_hash=make_password(code),
        submission_key=submission_key,
        name=" ".join(name.split()),
        contact=contact.strip(),
        subject=subject.strip(),
        body=body.strip(),
        publish_allowed=publish_allowed,
        received_at=received_at,
        received_on=received_on,
        due_on=reply_due(received_on),
    )
    _event(
        message,
        "message.received",
        f"收到留言，答复期限 {message.due_on.isoformat()}",
        None,
        actor_label=WRITER,
        received_on=received_on,
        due_on=message.due_on,
        publish_allowed=publish_allowed,
    )
    return Submission(message, code)


def lookup_message(*, agency: Agency, number: str, code: str) -> Message | None:
    """The message whose number and query code match, else None (the caller rate-limits).

    The number may be typed loosely ("yj2026-1", "2026-00001"): its year and sequence decide.
    """
    text = unicodedata.normalize("NFKC", number or "")
    match = re.search(r"(\d{4})\D+(\d+)", text) or re.search(r"(\d{4})(\d{5})\b", text)
    message = None
    if match:
        message = Message.objects.filter(agency=agency, year=int(match[1]), seq=int(match[2])).first()
    typed = re.sub(r"\s", "", unicodedata.normalize("NFKC", code or "")).upper()
    if message is None:
        make_password(typed)  # same work either way: no timing oracle for valid numbers
        return None
    return message if check_password(typed, message.query_code_hash) else None


# -- staff steps -------------------------------------------------------------------------------


def _guard(message: Message, step: str) -> None:
    if message.status not in ALLOWED[step]:
        raise MessageStateError(f"该留言当前状态为“{message.get_status_display()}”，不能{STEP_LABELS[step]}。")


def is_department_head_for(actor, message: Message) -> bool:
    return (
        message.department_id is not None
        and Membership.objects.filter(
            user=actor, agency=message.agency, role=Role.DEPARTMENT_HEAD, department_id=message.department_id
        ).exists()
    )


def may_act(actor, message: Message, step: str) -> bool:
    """Whether ``actor`` holds a role for ``step`` on this message (state not considered)."""
    if roles_in(actor, message.agency) & OFFICE_ROLES:
        return True
    return step == "reply" and is_department_head_for(actor, message)


def _require(actor, message: Message, step: str) -> None:
    if not roles_in(actor, message.agency) - {Role.SUPERVISOR}:
        raise PermissionDenied("您不是本机关的工作人员，不能办理此留言。")
    if not may_act(actor, message, step):
        if step == "reply":
            raise PermissionDenied("只有公开办经办人、公开办负责人或承办科室的负责人可以答复此留言。")
        raise PermissionDenied("此操作需要以下角色之一：经办人、公开办负责人。")


def _lock(message: Message) -> Message:
    # No select_related: FOR UPDATE would lock the joined agency row too (and PostgreSQL refuses it
    # on the nullable department join).
    return Message.objects.select_for_update().get(pk=message.pk)


def _event(message: Message, code: str, summary: str, actor, *, actor_label: str = "", **data) -> None:
    record_event(
        code=code,
        summary=f"{message.number}：{summary}",
        actor=actor,
        actor_label=actor_label,
        agency=message.agency,
        target=message,
        data={k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in data.items()},
    )


def _sync(target: Message, source: Message, fields: list[str]) -> None:
    # Hand the caller's instance the saved state, so a view can redirect or re-render from it.
    for name in fields:
        setattr(target, name, getattr(source, name))


@transaction.atomic
def assign_message(*, actor, message: Message, department: Department | None) -> Message:
    """Route a pending message to a department (or back to the office with None)."""
    locked = _lock(message)
    _require(actor, locked, "assign")
    _guard(locked, "assign")
    if department is not None and department.agency_id != locked.agency_id:
        raise ValidationError("只能分办给本机关的科室。")
    locked.department = department
    locked.save(update_fields=["department", "updated_at"])
    _event(
        locked,
        "message.assigned",
        f"分办至{department.name}" if department else "收回公开办办理",
        actor,
        department=department.pk if department else None,
    )
    _sync(message, locked, ["department"])
    return locked


@transaction.atomic
def reply_to_message(*, actor, message: Message, reply: str, publish: bool = False) -> Message:
    """Answer a pending message; the writer gets the reply by e-mail if they left an address."""
    locked = _lock(message)
    _require(actor, locked, "reply")
    _guard(locked, "reply")
    reply = reply.strip()
    if not reply:
        raise ValidationError({"reply": "请填写答复内容。"})
    if publish and not locked.publish_allowed:
        raise ValidationError("留言人未同意公开，不能公开此答复。")
    now = timezone.now()
    locked.status = Status.ANSWERED
    locked.reply = reply
    locked.replied_at = now
    locked.replied_on = timezone.localdate(now)
    locked.replied_by = actor
    locked.is_published = publish
    fields = ["status", "reply", "replied_at", "replied_on", "replied_by", "is_published"]
    locked.save(update_fields=[*fields, "updated_at"])
    late = locked.replied_on > locked.due_on
    _event(
        locked,
        "message.replied",
        "答复留言" + ("（超过答复期限）" if late else "") + ("并公开" if publish else ""),
        actor,
        replied_on=locked.replied_on,
        due_on=locked.due_on,
        published=publish,
    )
    notify_writer_of_reply(locked)
    _sync(message, locked, fields)
    return locked


@transaction.atomic
def mark_invalid(*, actor, message: Message, reason: str) -> Message:
    """Set aside spam, abuse or a duplicate: it no longer counts as a valid message to answer."""
    locked = _lock(message)
    _require(actor, locked, "invalid")
    _guard(locked, "invalid")
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "请说明无效的理由。"})
    locked.status = Status.INVALID
    locked.invalid_reason = reason[:200]
    locked.save(update_fields=["status", "invalid_reason", "updated_at"])
    _event(locked, "message.invalidated", f"标记为无效留言：{locked.invalid_reason}", actor)
    _sync(message, locked, ["status", "invalid_reason"])
    return locked


@transaction.atomic
def publish_reply(*, actor, message: Message) -> Message:
    """Show the question and answer on the public list; only with the writer's consent."""
    locked = _lock(message)
    _require(actor, locked, "publish")
    _guard(locked, "publish")
    if not locked.publish_allowed:
        raise ValidationError("留言人未同意公开，不能公开此留言。")
    if locked.is_published:
        raise MessageStateError("该留言已公开。")
    locked.is_published = True
    locked.save(update_fields=["is_published", "updated_at"])
    _event(locked, "message.published", "公开留言及答复", actor)
    _sync(message, locked, ["is_published"])
    return locked


@transaction.atomic
def withdraw_reply(*, actor, message: Message, reason: str = "") -> Message:
    """Take a published question and answer off the public list."""
    locked = _lock(message)
    _require(actor, locked, "withdraw")
    _guard(locked, "withdraw")
    if not locked.is_published:
        raise MessageStateError("该留言未公开，无需撤回。")
    locked.is_published = False
    locked.save(update_fields=["is_published", "updated_at"])
    _event(locked, "message.withdrawn", "撤回公开" + (f"：{reason.strip()[:100]}" if reason.strip() else ""), actor)
    _sync(message, locked, ["is_published"])
    return locked


def view_contact(*, actor, message: Message) -> Message:
    """Return the message with the writer's name and contact, and log that this person saw them."""
    _event(message, "message.contact_viewed", "查看留言人姓名和联系方式", actor)
    return message
