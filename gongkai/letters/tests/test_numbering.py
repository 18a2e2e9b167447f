import datetime as dt
import io
import threading

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from docx import Document

from gongkai.letters.defaults import default_template
from gongkai.letters.models import Letter, LetterKind, LetterTemplate
from gongkai.organizations.tests.factories import AgencyFactory

from .factories import issue

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
pytestmark = pytest.mark.django_db


@time_machine.travel(dt.datetime(2024, 10, 30, 10, 0, tzinfo=SHANGHAI), tick=False)
def test_one_sequence_per_agency_per_year_across_kinds(agency_a, agency_b):
    first = issue(agency_a, LetterKind.RECEIPT)
    second = issue(agency_a, LetterKind.SUPPLEMENT)
    third = issue(agency_a, LetterKind.REPLY_GRANTED)
    other = issue(agency_b, LetterKind.REPLY_GRANTED)
    assert [first.seq, second.seq, third.seq] == [1, 2, 3]
    assert first.number == "北京市门头沟区潭柘寺镇人民政府依申收〔2024〕1号"
    assert second.number == "北京市门头沟区潭柘寺镇人民政府依申补〔2024〕2号"
    assert third.number == "北京市门头沟区潭柘寺镇人民政府依申复〔2024〕3号"
    assert (other.seq, other.number) == (1, "北京市门头沟区王平镇人民政府依申复〔2024〕1号")


def test_numbering_restarts_each_year_in_beijing_time(agency_a):
    # 2024-12-31 23:30 in Beijing is still 2024 although it is 15:30 UTC.
    with time_machine.travel(dt.datetime(2024, 12, 31, 23, 30, tzinfo=SHANGHAI), tick=False):
        last = issue(agency_a)
    with time_machine.travel(dt.datetime(2025, 1, 2, 9, 0, tzinfo=SHANGHAI), tick=False):
        first = issue(agency_a)
    assert (last.year, last.seq) == (2024, 1)
    assert (first.year, first.seq, first.number.endswith("〔2025〕1号")) == (2025, 1, True)


@time_machine.travel(dt.datetime(2024, 10, 30, 10, 0, tzinfo=SHANGHAI), tick=False)
def test_number_uses_the_short_name_when_there_is_one(district):
    agency = AgencyFactory(name="北京市门头沟区潭柘寺镇人民政府", short_name="潭柘寺镇", parent=district)
    issue(agency), issue(agency)
    assert issue(agency).number == "潭柘寺镇依申复〔2024〕3号"


@time_machine.travel(dt.datetime(2024, 10, 30, 10, 0, tzinfo=SHANGHAI), tick=False)
def test_a_failed_issue_gives_its_number_back(agency_a):
    # A template saved before a field was renamed (bypassing the upload check) fails at issue.
    LetterTemplate.objects.create(agency=agency_a, kind=LetterKind.REPLY_GRANTED, docx=_template_using("old_field"))
    with pytest.raises(ValidationError) as caught:
        issue(agency_a, LetterKind.REPLY_GRANTED)
    assert "本机关的“予以公开告知书”模板无法生成文书" in caught.value.messages[0]
    assert "old_field" in caught.value.messages[0]
    assert issue(agency_a, LetterKind.RECEIPT).seq == 1


def _template_using(field: str) -> bytes:
    document = Document(io.BytesIO(default_template(LetterKind.REPLY_GRANTED)))
    document.add_paragraph("{{ " + field + " }}")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_issues_never_share_a_number(agency_a):
    workers = 6
    start = threading.Barrier(workers)
    errors: list[BaseException] = []

    def work():
        try:
            start.wait()
            issue(agency_a, LetterKind.RECEIPT)
        except BaseException as e:  # surfaced below; a thread cannot fail the test itself
            errors.append(e)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    seqs = sorted(Letter.objects.filter(agency=agency_a).values_list("seq", flat=True))
    assert seqs == list(range(1, workers + 1))
