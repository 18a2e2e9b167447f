"""The demo 意见箱: every state for the seed township, a couple for its neighbour, loaded once."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from gongkai.statute.sitecheck import Message as Rule
from gongkai.statute.sitecheck import unanswered_too_long
from gongkai.suggestions import selectors
from gongkai.suggestions.models import Message, Status

pytestmark = pytest.mark.django_db

TANZHESI = "北京市门头沟区潭柘寺镇人民政府"
WANGPING = "北京市门头沟区王平镇人民政府"


def test_demo_messages_cover_every_state_and_load_once():
    call_command("demo")
    first = Message.objects.count()
    call_command("demo")
    assert Message.objects.count() == first

    today = timezone.localdate()
    seed = Message.objects.filter(agency__name=TANZHESI)
    assert seed.count() == 8
    assert {m.status for m in seed} == {Status.PENDING, Status.ANSWERED, Status.INVALID}
    assert seed.overdue(today).count() == 1
    assert seed.published().count() == 1
    assert seed.filter(status=Status.PENDING, department__isnull=False).count() == 1
    assert seed.filter(status=Status.ANSWERED, publish_allowed=False).exists()  # answered, not shown
    assert all(m.replied_on <= m.due_on for m in seed.filter(status=Status.ANSWERED))
    assert Message.objects.filter(agency__name=WANGPING).count() == 2

    township = seed.first().agency
    assert selectors.has_channel(township)
    valid = seed.exclude(status=Status.INVALID)
    rows = [Rule(m.number, m.received_on, m.due_on, m.replied_on) for m in valid]
    assert not any(unanswered_too_long(row, today) for row in rows)  # the demo passes the 互动回应差 veto
