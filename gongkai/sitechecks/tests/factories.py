import datetime as dt
import itertools

from django.utils import timezone

from gongkai.catalog.models import Document, Kind, Status
from gongkai.organizations.tests.factories import UserFactory
from gongkai.suggestions.models import Message
from gongkai.suggestions.models import Status as MessageStatus

_numbers = itertools.count(1)


def published_document(agency, *, item="20-12", published_on, written_on=None, kind=Kind.OTHER, **fields) -> Document:
    """A document as the public sees it (the review workflow is the catalogue's tests' business)."""
    n = next(_numbers)
    if kind == Kind.INTERPRETATION and "interprets" not in fields:
        fields["interprets"] = published_document(agency, item="20-1", published_on=published_on, kind=Kind.NORMATIVE)
    return Document.objects.create(
        agency=agency,
        author=UserFactory(),
        index_number=f"{agency.code}/{(published_on or dt.date(2025, 1, 1)).year}-{n:05d}",
        title=fields.pop("title", f"关于第{n}项工作的通知"),
        item=item,
        kind=kind,
        issuing_body=agency.name,
        written_on=written_on,
        published_on=published_on,
        status=Status.PUBLISHED,
        **fields,
    )


def message(agency, *, received_on, status=MessageStatus.PENDING, replied_on=None, due_on=None) -> Message:
    n = next(_numbers)
    return Message.objects.create(
        agency=agency,
        number=f"YJ{received_on.year}-{n:05d}",
        year=received_on.year,
        seq=n,
        query_code_hash="-",
        contact="13800000000",
        subject="咨询",
        body="请问办理时间？",
        received_at=timezone.make_aware(dt.datetime.combine(received_on, dt.time(9))),
        received_on=received_on,
        due_on=due_on or received_on + dt.timedelta(days=7),
        status=status,
        replied_on=replied_on,
        reply="已答复" if replied_on else "",
    )
