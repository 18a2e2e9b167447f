"""The case workflow: each statutory rule, each guard, the audit trail."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.cases import services as s
from gongkai.cases.models import Case, Deadline, Status
from gongkai.cases.services.intake import ApplicantFacts, lookup_case, register_case
from gongkai.cases.tests.factories import register
from gongkai.core.clock import recording_as_of as on_day
from gongkai.core.models import AuditEvent
from gongkai.organizations.tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db
D = dt.date


def test_registration_numbers_dates_and_ledger(agency_a, clerk_a):
    reg = register(agency_a, actor=clerk_a)
    case = reg.case
    assert case.received_on == D(2024, 9, 27)
    assert case.due_on == D(2024, 10, 30)  # 20 WD across National Day
    assert "10-01…10-07（国庆节）" in case.due_explanation and "09-29、10-12" in case.due_explanation
    assert case.number.endswith("依申〔2024〕1号") and case.seq == 1
    kinds = set(case.deadlines.values_list("kind", flat=True))
    assert kinds == {Deadline.Kind.REPLY, Deadline.Kind.SUPPLEMENT_NOTICE}
    assert case.deadlines.get(kind="supplement_notice").due_on == D(
        2024, 10, 12
    )  # 7 WD: 09-29, 09-30, 10-08…10-11, Saturday 10-12
    assert len(reg.query_code) == 8 and reg.query_code not in case.query_code_hash
    assert AuditEvent.objects.filter(code="case.registered", target_id=str(case.pk), actor=clerk_a).exists()


def test_numbers_are_per_agency_and_year(agency_a, agency_b):
    a1, a2 = register(agency_a).case, register(agency_a).case
    b1 = register(agency_b).case
    c = register(agency_a, received_on=D(2025, 1, 6)).case
    assert (a1.seq, a2.seq, b1.seq, c.seq) == (1, 2, 1, 1)
    assert c.year == 2025


def test_same_submission_key_creates_one_case(agency_a):
    first = register(agency_a, submission_key="k-1", channel="online")
    again = register(agency_a, submission_key="k-1", channel="online")
    assert not again.created and again.case.pk == first.case.pk
    assert Case.objects.count() == 1


def test_lookup_by_number_and_code(agency_a, agency_b):
    reg = register(agency_a)
    assert lookup_case(agency=agency_a, number=reg.case.number, code=reg.query_code) == reg.case
    assert lookup_case(agency=agency_a, number="2024-1", code=reg.query_code.lower()) == reg.case
    assert lookup_case(agency=agency_a, number=reg.case.number, code="WRONG123") is None
    assert lookup_case(agency=agency_b, number=reg.case.number, code=reg.query_code) is None


@pytest.mark.parametrize(
    ("channel", "facts", "expected"),
    [
        ("online", {"arrived_on": D(2024, 9, 28)}, D(2024, 9, 28)),  # a Saturday still counts (GC 26)
        ("in_person", {"arrived_on": D(2024, 9, 27)}, D(2024, 9, 27)),
        ("registered_post", {"arrived_on": D(2024, 9, 27), "signed_on": D(2024, 9, 29)}, D(2024, 9, 29)),
        ("ordinary_post", {"arrived_on": D(2024, 9, 27), "confirmed_on": D(2024, 9, 27)}, D(2024, 9, 27)),
        ("fax", {"arrived_on": D(2024, 10, 5), "confirmed_on": D(2024, 10, 8)}, D(2024, 10, 8)),
        ("email", {"arrived_on": D(2024, 10, 5), "confirmed_on": D(2024, 10, 8)}, D(2024, 10, 8)),
    ],
)
def test_art31_receipt_date_per_channel(agency_a, channel, facts, expected):
    arrived = facts.pop("arrived_on")
    case = register_case(
        agency=agency_a,
        channel=channel,
        applicant=ApplicantFacts(kind="natural_person", name="李四"),
        description="某信息",
        arrived_on=arrived,
        actor_label="测试",
        **facts,
    ).case
    assert case.received_on == expected


@pytest.mark.parametrize(
    ("channel", "facts"), [("registered_post", {}), ("fax", {}), ("email", {"confirmed_on": D(2024, 9, 1)})]
)
def test_receipt_facts_missing_or_impossible_are_refused(agency_a, channel, facts):
    with pytest.raises(ValidationError):
        register_case(
            agency=agency_a,
            channel=channel,
            applicant=ApplicantFacts(kind="natural_person", name="李四"),
            description="某信息",
            arrived_on=D(2024, 9, 27),
            actor_label="测试",
            **facts,
        )
    assert not Case.objects.exists()


def test_supplement_restarts_the_clock(agency_a, clerk_a):
    case = register(agency_a).case
    with on_day(D(2024, 9, 30)):
        s.request_supplement(
            actor=clerk_a,
            case=case,
            items="请明确所需信息的名称或文号",
            supplement_by=D(2024, 10, 25),
            notice_on=D(2024, 9, 30),
        )
    case.refresh_from_db()
    assert case.status == Status.SUPPLEMENT_REQUESTED
    with pytest.raises(s.CaseStateError):
        s.issue_reply(actor=clerk_a, case=case, outcome="granted", body="x")
    with on_day(D(2024, 10, 14)):
        s.record_supplement(actor=clerk_a, case=case, received_on=D(2024, 10, 14))
    case.refresh_from_db()
    assert case.status == Status.REGISTERED and case.clock_started_on == D(2024, 10, 14)
    assert case.due_on == D(2024, 11, 11)
    assert case.deadlines.filter(kind="reply", superseded=True).count() == 1


def test_only_one_supplement_notice(agency_a, clerk_a):
    case = register(agency_a).case
    with on_day(D(2024, 9, 30)):
        s.request_supplement(
            actor=clerk_a, case=case, items="补正", supplement_by=D(2024, 10, 25), notice_on=D(2024, 9, 30)
        )
    with on_day(D(2024, 10, 14)):
        s.record_supplement(actor=clerk_a, case=case, received_on=D(2024, 10, 14))
    with on_day(D(2024, 10, 15)), pytest.raises(s.CaseStateError, match="一次性"):
        s.request_supplement(
            actor=clerk_a, case=case, items="再补正", supplement_by=D(2024, 11, 5), notice_on=D(2024, 10, 15)
        )


def test_no_supplement_by_the_deadline_closes_as_other_no_correction(agency_a, clerk_a):
    case = register(agency_a).case
    with on_day(D(2024, 9, 30)):
        s.request_supplement(
            actor=clerk_a, case=case, items="补正", supplement_by=D(2024, 10, 25), notice_on=D(2024, 9, 30)
        )
    with on_day(D(2024, 10, 25)), pytest.raises(s.CaseStateError):
        s.deem_abandoned(actor=clerk_a, case=case, on=D(2024, 10, 25))
    with on_day(D(2024, 10, 28)):
        s.deem_abandoned(actor=clerk_a, case=case, on=D(2024, 10, 28))
    case.refresh_from_db()
    assert (case.status, case.outcome) == (Status.CLOSED, "other_no_correction")


def test_consultation_pauses_the_reply_clock(agency_a, clerk_a):
    case = register(agency_a).case  # due 2024-10-30
    with on_day(D(2024, 10, 10)):
        c = s.start_consultation(
            actor=clerk_a,
            case=case,
            party_kind="third_party",
            party_name="某建设公司",
            sent_on=D(2024, 10, 9),
            received_by_party_on=D(2024, 10, 10),
        )
    assert c.party_due_on == D(2024, 10, 30)  # 15 WD from 10-10 (Saturday 10-12 is a workday)
    case.refresh_from_db()
    assert case.due_on > D(2024, 10, 30)
    with on_day(D(2024, 10, 11)):
        s.record_opinion(
            actor=clerk_a, consultation=c, replied_on=D(2024, 10, 11), opinion="object", note="涉及商业秘密"
        )
    case.refresh_from_db()
    # 10-09, 10-10, 10-11 are paused: three working days added to 10-30
    assert case.due_on == D(2024, 11, 4)
    assert "征求意见期间 3 个工作日不计入" in case.due_explanation


def test_a_reply_after_the_party_s_15_days_does_not_stretch_the_pause(agency_a, clerk_a):
    """The clock leaves out the time the other side was given, not the time it took beyond that."""
    case = register(agency_a).case
    with on_day(D(2024, 10, 10)):
        c = s.start_consultation(
            actor=clerk_a,
            case=case,
            party_kind="third_party",
            party_name="某建设公司",
            sent_on=D(2024, 10, 9),
            received_by_party_on=D(2024, 10, 10),
        )
    case.refresh_from_db()
    due_with_the_full_pause = case.due_on
    with on_day(D(2024, 11, 5)):  # the party answers four working days after its 10-30 deadline
        s.record_opinion(actor=clerk_a, consultation=c, replied_on=D(2024, 11, 5), opinion="consent")
    case.refresh_from_db()
    assert case.due_on == due_with_the_full_pause


def test_extension_needs_the_office_head_before_the_due_date(agency_a, clerk_a, office_head_a):
    case = register(agency_a).case
    with on_day(D(2024, 10, 28)):
        with pytest.raises(PermissionDenied):
            s.extend_deadline(actor=clerk_a, case=case, days=20, reason="需调取档案")
        with pytest.raises(ValidationError):
            s.extend_deadline(actor=office_head_a, case=case, days=21, reason="需调取档案")
    with on_day(D(2024, 10, 31)), pytest.raises(s.CaseStateError, match="已过"):
        s.extend_deadline(actor=office_head_a, case=case, days=20, reason="需调取档案")
    with on_day(D(2024, 10, 30)):
        s.extend_deadline(actor=office_head_a, case=case, days=20, reason="需调取档案")
    case.refresh_from_db()
    assert case.due_on == D(2024, 11, 27) and case.extended_on == D(2024, 10, 30)
    with on_day(D(2024, 11, 1)), pytest.raises(s.CaseStateError, match="已经延期"):
        s.extend_deadline(actor=office_head_a, case=case, days=5, reason="再延")


def test_fee_per_volume_pauses_and_unpaid_closes(agency_a, clerk_a):
    case = register(agency_a).case
    with on_day(D(2024, 10, 9)):
        notice = s.issue_fee_notice(actor=clerk_a, case=case, method="per_volume", pages=250)
    assert notice.amount == 4700
    with on_day(D(2024, 12, 1)), pytest.raises(s.CaseStateError):
        s.close_unpaid(actor=clerk_a, case=case)  # receipt of the notice not recorded
    with on_day(D(2024, 10, 10)):
        s.record_fee_notice_received(actor=clerk_a, case=case, received_on=D(2024, 10, 10))
    notice.refresh_from_db()
    assert notice.pay_by == D(2024, 11, 6)  # 20 WD from the day after receipt
    with on_day(D(2024, 11, 6)), pytest.raises(s.CaseStateError):
        s.close_unpaid(actor=clerk_a, case=case)
    with on_day(D(2024, 11, 7)):
        s.close_unpaid(actor=clerk_a, case=case)
    case.refresh_from_db()
    assert case.outcome == "other_unpaid_fee"


def test_fee_paid_resumes_with_the_paused_days_added(agency_a, clerk_a):
    case = register(agency_a).case
    with on_day(D(2024, 10, 11)):
        s.issue_fee_notice(actor=clerk_a, case=case, method="per_volume", pages=31, on=D(2024, 10, 9))
        s.record_fee_notice_received(actor=clerk_a, case=case, received_on=D(2024, 10, 9))
        s.record_payment(actor=clerk_a, case=case, paid_on=D(2024, 10, 11))
    case.refresh_from_db()
    assert case.status == Status.REGISTERED and case.due_on == D(2024, 11, 4)


def test_free_tier_refuses_a_fee_notice(agency_a, clerk_a):
    case = register(agency_a).case
    with on_day(D(2024, 10, 9)), pytest.raises(ValidationError, match="免费"):
        s.issue_fee_notice(actor=clerk_a, case=case, method="per_volume", pages=30)


def test_reply_codes_exactly_one_outcome(agency_a, clerk_a):
    case = register(agency_a).case
    with pytest.raises(ValidationError):
        s.issue_reply(actor=clerk_a, case=case, outcome="other_no_correction", body="x")
    with pytest.raises(ValidationError):
        s.issue_reply(actor=clerk_a, case=case, outcome="unavailable_unclear", body="x")
    with pytest.raises(ValidationError, match="至少一项不予公开"):
        s.issue_reply(
            actor=clerk_a,
            case=case,
            outcome="partial",
            body="提供招标公告，投标人信息不予公开",
            on=D(2024, 10, 28),
            parts=[s.PartFacts(True, "招标公告")],
        )
    reply = s.issue_reply(
        actor=clerk_a,
        case=case,
        outcome="partial",
        body="提供招标公告，投标人信息不予公开",
        on=D(2024, 10, 28),
        parts=[s.PartFacts(True, "招标公告"), s.PartFacts(False, "投标人的联系人和身份证号码", "third_party")],
    )
    assert reply.legal_basis.endswith("第十五条、第三十七条")
    case.refresh_from_db()
    assert (case.status, case.outcome, case.replied_on) == (Status.CLOSED, "partial", D(2024, 10, 28))
    with pytest.raises(s.CaseStateError):
        s.issue_reply(actor=clerk_a, case=case, outcome="granted", body="again")
    s.record_delivery(actor=clerk_a, case=case, method="post", delivered_on=D(2024, 10, 30), proof="EMS 1234")


def test_withdrawal_closes_as_other(agency_a, clerk_a):
    case = register(agency_a).case
    s.withdraw_case(actor=clerk_a, case=case, on=D(2024, 10, 8))
    case.refresh_from_db()
    assert case.outcome == "other_misc"


def test_reasons_unreasonable_is_not_processed(agency_a, clerk_a):
    case = register(agency_a).case
    with on_day(D(2024, 9, 30)):
        s.request_reasons(actor=clerk_a, case=case, reasons_by=D(2024, 10, 20))
    with on_day(D(2024, 10, 15)):
        s.record_reasons(actor=clerk_a, case=case, on=D(2024, 10, 15), reasonable=False)
    case.refresh_from_db()
    assert case.outcome == "not_processed_excessive"


def test_another_agencys_clerk_and_supervisors_cannot_act(agency_a, clerk_b, supervisor):
    case = register(agency_a).case
    for actor in (clerk_b, supervisor):
        with pytest.raises(PermissionDenied):
            s.withdraw_case(actor=actor, case=case)


def test_assign_and_transfer_stay_inside_the_agency(agency_a, agency_b, clerk_a):
    case = register(agency_a).case
    mine, other = DepartmentFactory(agency=agency_a, name="社会事务办公室"), DepartmentFactory(agency=agency_b)
    s.assign_case(actor=clerk_a, case=case, department=mine)
    with pytest.raises(ValidationError):
        s.assign_case(actor=clerk_a, case=case, department=other)
    second = DepartmentFactory(agency=agency_a, name="城乡建设办公室")
    s.assign_case(actor=clerk_a, case=case, department=second, reason="职责属于城建")
    assert AuditEvent.objects.filter(code="case.assigned", summary__contains="转办").exists()


def test_viewing_applicant_details_is_logged(agency_a, clerk_a):
    case = register(agency_a, id_number="11010519491231002X").case
    assert s.view_applicant(actor=clerk_a, case=case).id_number == "11010519491231002X"
    assert AuditEvent.objects.filter(code="applicant.viewed", actor=clerk_a).count() == 1


def test_overdue_and_due_soon_are_queries(agency_a):
    case = register(agency_a).case  # due 2024-10-30
    assert list(Case.objects.overdue(D(2024, 10, 31))) == [case]
    assert not Case.objects.overdue(D(2024, 10, 30)).exists()
    assert list(Case.objects.due_soon(D(2024, 10, 28), D(2024, 11, 1))) == [case]


def test_email_goes_to_the_applicant_after_commit(agency_a, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        register(agency_a, email="zhangsan@example.com")
    assert len(mailoutbox) == 1 and "已收到" in mailoutbox[0].subject
    assert "依申〔2024〕1号" in mailoutbox[0].body
