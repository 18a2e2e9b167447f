import datetime as dt
import itertools

from django.utils import timezone

from gongkai.suggestions.services import submit_message

_ids = itertools.count(1)


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def leave(
    agency,
    *,
    received_on: dt.date | None = None,
    name="张三丰",
    contact="13812345678",
    subject="村口路灯不亮",
    body="王坡村村口路灯一个多月不亮，夜里很不安全。",
    publish_allowed=True,
    **kwargs,
):
    """Leave a message through the real service (there is no other way to make one)."""
    return submit_message(
        agency=agency,
        name=name,
        contact=contact,
        subject=subject,
        body=body,
        publish_allowed=publish_allowed,
        received_at=at(received_on) if received_on else None,
        **kwargs,
    )
