"""Every change to a remedy case: checked, saved, logged; only the agency's own acting staff."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.cases.tests.factories import register
from gongkai.core.models import AuditEvent
from gongkai.remedies import services as s
from gongkai.remedies.files import DOCX, JPEG, PDF, PNG, clean_name, sniff
from gongkai.remedies.models import Outcome

from .factories import JPEG_BYTES, PDF_BYTES, PNG_BYTES, docx_bytes, remedy

pytestmark = pytest.mark.django_db
D = dt.date


def test_register_computes_the_reply_deadline_and_logs(agency_a, clerk_a):
    r = remedy(agency_a, clerk_a, served_on=D(2024, 9, 20))
    assert r.reply_due_on == D(2024, 10, 10) and not r.reply_due_provisional
    assert "第八十八条" in r.reply_due_explanation
    event = AuditEvent.objects.get(code="remedy.registered")
    assert event.agency == agency_a and event.actor == clerk_a and r.number in event.summary


def test_litigation_defence_period_moves_off_national_day(agency_a, clerk_a):
    r = remedy(agency_a, clerk_a, kind="litigation_direct", number="（2024）京0109行初56号", served_on=D(2024, 9, 16))
    assert r.reply_due_on == D(2024, 10, 8)
    assert "国庆节" in r.reply_due_explanation


def test_without_service_date_there_is_no_deadline_until_recorded(agency_a, clerk_a):
    r = remedy(agency_a, clerk_a, served_on=None)
    assert r.reply_due_on is None
    r = s.record_service(actor=clerk_a, remedy=r, served_on=D(2024, 9, 26), simplified=True)
    assert r.reply_due_on == D(2024, 10, 9) and r.simplified
    assert AuditEvent.objects.filter(code="remedy.served").count() == 1


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"number": "  "}, "number"),
        ({"body": ""}, "body"),
        ({"applicant_name": ""}, "applicant_name"),
        ({"kind": "appeal"}, "kind"),
        ({"served_on": D(2024, 9, 1)}, "served_on"),  # before filing
        ({"kind": "litigation_direct", "simplified": True}, "simplified"),
        ({"filed_on": D(2099, 1, 1), "served_on": None}, "filed_on"),
    ],
)
def test_register_refuses_bad_facts(agency_a, clerk_a, kwargs, field):
    with pytest.raises(ValidationError) as e:
        remedy(agency_a, clerk_a, **kwargs)
    assert field in e.value.message_dict


def test_number_is_unique_per_agency(agency_a, agency_b, clerk_a, clerk_b):
    remedy(agency_a, clerk_a, number="门政复〔2024〕1号")
    with pytest.raises(ValidationError, match="已登记"):
        remedy(agency_a, clerk_a, number="门政复〔2024〕1号")
    remedy(agency_b, clerk_b, number="门政复〔2024〕1号")  # another agency may have the same body's number


def test_only_acting_members_of_the_agency(agency_a, clerk_a, clerk_b, supervisor):
    with pytest.raises(PermissionDenied):
        remedy(agency_a, clerk_b)
    with pytest.raises(PermissionDenied):
        remedy(agency_a, supervisor)
    r = remedy(agency_a, clerk_a)
    for call in (
        lambda u: s.record_reply(actor=u, remedy=r, replied_on=D(2024, 9, 25)),
        lambda u: s.add_hearing(actor=u, remedy=r, on=D(2024, 10, 20)),
        lambda u: s.record_outcome(actor=u, remedy=r, outcome="maintained", decided_on=D(2024, 11, 1)),
        lambda u: s.add_document(actor=u, remedy=r, name="a.pdf", data=PDF_BYTES),
    ):
        for outsider in (clerk_b, supervisor):
            with pytest.raises(PermissionDenied):
                call(outsider)


def test_linking_only_the_agencys_own_cases(agency_a, agency_b, clerk_a):
    own, foreign = register(agency_a).case, register(agency_b).case
    with pytest.raises(ValidationError, match="不是本机关"):
        remedy(agency_a, clerk_a, cases=[foreign])
    r = remedy(agency_a, clerk_a, cases=[own])
    with pytest.raises(ValidationError, match="不是本机关"):
        s.link_case(actor=clerk_a, remedy=r, case=foreign)
    with pytest.raises(ValidationError, match="已关联"):
        s.link_case(actor=clerk_a, remedy=r, case=own)
    s.unlink_case(actor=clerk_a, remedy=r, case=own)
    assert not r.cases.exists()
    s.link_case(actor=clerk_a, remedy=r, case=own)
    assert list(r.cases.all()) == [own]
    codes = list(AuditEvent.objects.filter(target_id=str(r.pk)).values_list("code", flat=True))
    assert {"remedy.case_linked", "remedy.case_unlinked"} <= set(codes)


def test_reply_is_dated_after_service_and_late_replies_are_marked(agency_a, clerk_a):
    r = remedy(agency_a, clerk_a, served_on=D(2024, 9, 20))
    with pytest.raises(ValidationError):
        s.record_reply(actor=clerk_a, remedy=r, replied_on=D(2024, 9, 19))
    r = s.record_reply(actor=clerk_a, remedy=r, replied_on=D(2024, 10, 11))
    event = AuditEvent.objects.get(code="remedy.replied")
    assert "已超过期限" in event.summary and event.data["late"] is True
    with pytest.raises(ValidationError, match="不能再修改"):
        s.record_service(actor=clerk_a, remedy=r, served_on=D(2024, 9, 21))


def test_reply_needs_a_service_date(agency_a, clerk_a):
    r = remedy(agency_a, clerk_a, served_on=None)
    with pytest.raises(ValidationError, match="副本"):
        s.record_reply(actor=clerk_a, remedy=r, replied_on=D(2024, 9, 25))


def test_outcome_rules(agency_a, clerk_a):
    r = remedy(agency_a, clerk_a)
    with pytest.raises(ValidationError, match="审结日期"):
        s.record_outcome(actor=clerk_a, remedy=r, outcome="maintained")
    with pytest.raises(ValidationError, match="早于"):
        s.record_outcome(actor=clerk_a, remedy=r, outcome="maintained", decided_on=D(2024, 9, 1))
    r = s.record_outcome(actor=clerk_a, remedy=r, outcome="corrected", decided_on=D(2024, 12, 2))
    assert (r.outcome, r.decided_on) == (Outcome.CORRECTED, D(2024, 12, 2))
    r = s.record_outcome(actor=clerk_a, remedy=r, outcome="pending", decided_on=D(2024, 12, 2))
    assert (r.outcome, r.decided_on) == (Outcome.PENDING, None)
    assert AuditEvent.objects.filter(code="remedy.outcome_recorded").count() == 2


def test_hearing_not_before_filing(agency_a, clerk_a):
    r = remedy(agency_a, clerk_a)
    with pytest.raises(ValidationError):
        s.add_hearing(actor=clerk_a, remedy=r, on=D(2024, 9, 1))
    hearing = s.add_hearing(actor=clerk_a, remedy=r, on=D(2024, 10, 20), note="开庭")
    assert list(r.hearings.all()) == [hearing]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (PDF_BYTES, PDF),
        (JPEG_BYTES, JPEG),
        (PNG_BYTES, PNG),
        (docx_bytes(), DOCX),
        (docx_bytes(with_document=False), None),  # a zip, but not a Word document
        (b"PK\x03\x04 not really a zip", None),
        (b"MZ\x90\x00 an executable", None),
        (b"<html><script>alert(1)</script>", None),
        (b"", None),
    ],
)
def test_sniffing(data, expected):
    assert sniff(data) == expected


def test_add_document_sniffs_and_renames(agency_a, clerk_a):
    r = remedy(agency_a, clerk_a)
    doc = s.add_document(actor=clerk_a, remedy=r, name="C:\\scans\\复议申请书.png", data=PDF_BYTES)
    assert doc.content_type == PDF and doc.name == "复议申请书.png.pdf" and doc.size == len(PDF_BYTES)
    doc = s.add_document(actor=clerk_a, remedy=r, name="答辩状.docx", data=docx_bytes())
    assert doc.content_type == DOCX and doc.name == "答辩状.docx"
    with pytest.raises(ValidationError, match="只接受"):
        s.add_document(actor=clerk_a, remedy=r, name="x.pdf", data=b"MZ\x90\x00")
    with pytest.raises(ValidationError, match="10 MB"):
        s.add_document(actor=clerk_a, remedy=r, name="big.pdf", data=PDF_BYTES + b"0" * (10 * 1024 * 1024))
    assert r.documents.count() == 2
    assert AuditEvent.objects.filter(code="remedy.document_added").count() == 2


def test_clean_name():
    assert clean_name("../../etc/照片.JPEG", JPEG) == "照片.JPEG"
    assert clean_name("", PNG) == "材料.png"
    assert clean_name("判决书\x00.pdf", PDF) == "判决书.pdf"


def test_provisional_dates_are_recomputed_once_the_year_is_loaded(agency_a, clerk_a):
    from gongkai.deadlines.models import CalendarYear

    source = CalendarYear.objects.get(year=2024).source
    CalendarYear.objects.filter(year=2024).delete()
    r = remedy(agency_a, clerk_a, kind="litigation_direct", number="（2024）京0109行初1号", served_on=D(2024, 9, 16))
    # 10-01…10-03 are 国庆节 by law, so provisionally Friday 10-04 (decision 0016), flagged.
    assert r.reply_due_on == D(2024, 10, 4) and r.reply_due_provisional
    assert "暂按" in r.reply_due_explanation
    CalendarYear.objects.create(year=2024, source=source)
    assert s.refresh_provisional_dues(agency=agency_a) == 1
    r.refresh_from_db()
    assert r.reply_due_on == D(2024, 10, 8) and not r.reply_due_provisional
