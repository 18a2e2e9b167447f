"""The defects a township clerk met, each pinned: what is offered is accepted, what is refused says
why in Chinese and changes nothing, dates cannot run ahead of today or behind the facts, and a
deadline that has passed cannot be moved."""

import datetime as dt
import io
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from docx import Document

from gongkai.cases import services as s
from gongkai.cases.models import Case, ExtensionRequest, Status
from gongkai.cases.services.intake import lookup_case
from gongkai.cases.tests.factories import register
from gongkai.core.clock import recording_as_of as on_day
from gongkai.core.models import AuditEvent
from gongkai.organizations.models import Role
from gongkai.organizations.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db
D = dt.date
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(day: dt.date):
    """The whole request (views and services) as of ``day``."""
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, 10, tzinfo=SHANGHAI), tick=False)


def text_of(letter) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(bytes(letter.docx))).paragraphs)


def snapshot(case: Case) -> tuple:
    case = Case.objects.get(pk=case.pk)
    return (
        case.status,
        case.due_on,
        case.revision,
        case.deadlines.count(),
        case.consultations.count(),
        AuditEvent.objects.filter(target_id=str(case.pk)).count(),
    )


def offered(client, case) -> set[str]:
    html = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    prefix = f"/cases/{case.pk}/do/"
    return {chunk.split("/")[0] for chunk in html.split(prefix)[1:]}


# -- the HTTP 500 on a second fee notice ------------------------------------------------------


def test_a_paid_fee_offers_no_second_notice_and_a_forged_one_is_refused_in_chinese(client, clerk_a, agency_a):
    case = register(agency_a, received_on=D(2026, 11, 2)).case
    with on_day(D(2026, 11, 4)):
        s.issue_fee_notice(actor=clerk_a, case=case, method="per_volume", pages=120)
        s.record_fee_notice_received(actor=clerk_a, case=case, received_on=D(2026, 11, 4))
        s.record_payment(actor=clerk_a, case=case, paid_on=D(2026, 11, 4))
    client.force_login(clerk_a)
    with at(D(2026, 11, 5)):
        assert "fee" not in offered(client, case)
        before = snapshot(case)
        response = client.post(
            reverse("cases:action", args=[case.pk, "fee"]),
            {"fee-method": "per_volume", "fee-pages": "200"},
            follow=True,
        )
    assert response.status_code == 200 and "每件申请只能收费一次" in response.content.decode()
    assert snapshot(case) == before


def test_no_fee_notice_until_the_agency_has_said_how_to_pay(client, clerk_a, agency_a):
    agency_a.fee_payee = agency_a.fee_bank = agency_a.fee_account = agency_a.fee_instructions = ""
    agency_a.save()
    case = register(agency_a, received_on=D(2026, 11, 2)).case
    client.force_login(clerk_a)
    with at(D(2026, 11, 4)):
        assert "fee" not in offered(client, case)
        with pytest.raises(s.CaseStateError, match="缴款方式"):
            s.issue_fee_notice(actor=clerk_a, case=case, method="per_volume", pages=120)


# -- dates after today, dates before the facts -------------------------------------------------


def test_events_dated_after_today_are_refused(agency_a, clerk_a):
    case = register(agency_a, received_on=D(2026, 11, 2)).case
    with on_day(D(2026, 11, 4)):
        with pytest.raises(ValidationError, match="不能晚于今天"):
            s.start_consultation(
                actor=clerk_a, case=case, party_kind="third_party", party_name="某公司", sent_on=D(2026, 11, 18)
            )
        with pytest.raises(ValidationError, match="不能晚于今天"):
            s.issue_reply(actor=clerk_a, case=case, outcome="granted", body="提供", on=D(2026, 11, 30))
        s.request_supplement(actor=clerk_a, case=case, items="请写明文号", supplement_by=D(2026, 11, 20))
        with pytest.raises(ValidationError, match="不能晚于今天"):
            s.record_supplement(actor=clerk_a, case=case, received_on=D(2026, 11, 7))
    assert Case.objects.get(pk=case.pk).status == Status.SUPPLEMENT_REQUESTED


def test_a_reply_cannot_predate_the_supplement_it_answers(agency_a, clerk_a):
    case = register(agency_a, received_on=D(2026, 11, 2)).case
    with on_day(D(2026, 11, 3)):
        s.request_supplement(actor=clerk_a, case=case, items="请写明文号", supplement_by=D(2026, 11, 20))
    with on_day(D(2026, 11, 10)):
        s.record_supplement(actor=clerk_a, case=case, received_on=D(2026, 11, 10))
    with on_day(D(2026, 11, 12)), pytest.raises(ValidationError, match="收到补正"):
        s.issue_reply(actor=clerk_a, case=case, outcome="granted", body="提供", on=D(2026, 11, 9))


def test_absurd_dates_are_refused_by_the_forms_and_never_reach_a_500(client, clerk_a, agency_a):
    case = register(agency_a, received_on=D(2026, 11, 2)).case
    client.force_login(clerk_a)
    url = reverse("cases:action", args=[case.pk, "supplement"])
    with at(D(2026, 11, 4)):
        response = client.post(url, {"supplement-items": "请写明文号", "supplement-supplement_by": "9999-12-31"})
    assert response.status_code == 400 and "补正期限的年份应在1949至2099年之间" in response.content.decode()
    assert Case.objects.get(pk=case.pk).status == Status.REGISTERED


# -- a deadline that has passed cannot be moved ------------------------------------------------


def test_an_overdue_case_cannot_be_hidden_by_asking_for_reasons(agency_a, clerk_a):
    case = register(agency_a, received_on=D(2026, 9, 1)).case  # due 2026-10-12 (National Day)
    six_weeks_late = case.due_on + dt.timedelta(weeks=6)
    with on_day(six_weeks_late):
        for step in (
            lambda: s.request_reasons(actor=clerk_a, case=case, reasons_by=six_weeks_late + dt.timedelta(10)),
            lambda: s.request_supplement(
                actor=clerk_a, case=case, items="请写明文号", supplement_by=six_weeks_late + dt.timedelta(10)
            ),
            lambda: s.start_consultation(
                actor=clerk_a, case=case, party_kind="third_party", party_name="某公司", sent_on=six_weeks_late
            ),
            lambda: s.issue_fee_notice(actor=clerk_a, case=case, method="per_volume", pages=100),
        ):
            with pytest.raises(s.CaseStateError, match="已过"):
                step()
    assert list(Case.objects.overdue(six_weeks_late)) == [case]


def test_waiting_for_reasons_does_not_stop_the_clock(agency_a, clerk_a):
    case = register(agency_a, received_on=D(2026, 9, 1)).case
    with on_day(D(2026, 9, 3)):
        s.request_reasons(actor=clerk_a, case=case, reasons_by=D(2026, 10, 30))
    case.refresh_from_db()
    assert case.status == Status.REASONS_REQUESTED
    assert list(Case.objects.overdue(case.due_on + dt.timedelta(days=1))) == [case]


def test_a_late_consultation_reply_cannot_push_a_passed_deadline(agency_a, clerk_a):
    """The catch-all in steps.reclock: even a recorded fact may not move a passed deadline later."""
    case = register(agency_a, received_on=D(2026, 11, 2)).case
    with on_day(D(2026, 11, 3)):
        s.start_consultation(
            actor=clerk_a, case=case, party_kind="third_party", party_name="某公司", sent_on=D(2026, 11, 3)
        )
    case.refresh_from_db()
    assert case.due_on > D(2026, 11, 30)
    with on_day(case.due_on + dt.timedelta(days=1)), pytest.raises(s.CaseStateError, match="已过"):
        s.extend_deadline(
            actor=MembershipFactory(agency=agency_a, role=Role.OFFICE_HEAD).user, case=case, days=5, reason="x"
        )


def test_reasons_found_reasonable_set_a_delayed_reply_date_that_survives_recomputation(agency_a, clerk_a):
    case = register(agency_a, received_on=D(2026, 11, 2)).case
    with on_day(D(2026, 11, 3)):
        s.request_reasons(actor=clerk_a, case=case, reasons_by=D(2026, 11, 13))
    with on_day(D(2026, 11, 12)):
        s.record_reasons(actor=clerk_a, case=case, on=D(2026, 11, 12), reasonable=True, new_due_on=D(2026, 12, 31))
    case.refresh_from_db()
    assert case.due_on == D(2026, 12, 31) and "第三十五条" in case.due_explanation
    with on_day(D(2026, 11, 13)):
        s.start_consultation(
            actor=clerk_a, case=case, party_kind="third_party", party_name="某公司", sent_on=D(2026, 11, 13)
        )
    case.refresh_from_db()
    assert case.due_on >= D(2026, 12, 31)


# -- stale and repeated submissions ------------------------------------------------------------


def test_a_double_click_or_a_second_tab_changes_nothing_the_second_time(client, clerk_a, agency_a):
    case = register(agency_a, received_on=D(2026, 11, 2)).case
    client.force_login(clerk_a)
    url = reverse("cases:action", args=[case.pk, "consult"])
    data = {
        "consult-revision": str(case.revision),
        "consult-party_kind": "third_party",
        "consult-party_name": "北京潭柘建设工程有限公司",
        "consult-sent_on": "2026-11-03",
    }
    with at(D(2026, 11, 4)):
        assert client.post(url, data).status_code == 302
        before = snapshot(case)
        again = client.post(url, data, follow=True)
    assert "未执行" in again.content.decode() and "已有变化" in again.content.decode()
    assert snapshot(case) == before and case.consultations.count() == 1


def test_steps_that_would_be_refused_are_not_offered(client, agency_a, clerk_a):
    head = MembershipFactory(agency=agency_a, role=Role.OFFICE_HEAD).user
    case = register(agency_a, received_on=D(2026, 11, 2)).case
    client.force_login(clerk_a)
    with on_day(D(2026, 11, 3)):
        s.request_supplement(actor=clerk_a, case=case, items="请写明文号", supplement_by=D(2026, 11, 20))
    with on_day(D(2026, 11, 5)):
        s.record_supplement(actor=clerk_a, case=case, received_on=D(2026, 11, 5))
        s.extend_deadline(actor=head, case=case, days=5, reason="需调取档案")
    with at(D(2026, 11, 6)):
        steps = offered(client, case)
        assert "supplement" not in steps and "request_extension" not in steps and "extend" not in steps
        assert {"reply", "consult", "withdraw", "claim"} <= steps
        assert "assign" not in steps  # agency_a has no departments yet: nothing to assign to
        client.force_login(head)
        assert "extend" not in offered(client, case)


# -- the extension request ---------------------------------------------------------------------


def test_a_clerk_asks_the_head_decides_from_the_desk_and_both_are_audited(client, agency_a, clerk_a):
    head = MembershipFactory(agency=agency_a, role=Role.OFFICE_HEAD).user
    case = register(agency_a, received_on=D(2026, 11, 2)).case
    original_due = case.due_on
    client.force_login(clerk_a)
    with at(D(2026, 11, 20)):
        response = client.post(
            reverse("cases:action", args=[case.pk, "request_extension"]),
            {"request_extension-days": "10", "request_extension-reason": "需调取镇档案室存档资料"},
        )
        assert response.status_code == 302
        client.force_login(head)
        desk = client.get(reverse("staff:home")).content.decode()
        assert "待您审批的延期申请" in desk and case.number in desk
        assert "decide_extension" in offered(client, case) and "extend" not in offered(client, case)
        client.post(
            reverse("cases:action", args=[case.pk, "decide_extension"]),
            {"decide_extension-approve": "yes"},
        )
    case.refresh_from_db()
    request = ExtensionRequest.objects.get()
    assert request.decision == "approved" and request.decided_by == head
    assert case.extension_days == 10 and case.due_on > original_due and case.extended_on == D(2026, 11, 20)
    codes = set(AuditEvent.objects.filter(target_id=str(case.pk)).values_list("code", flat=True))
    assert {"case.extension_requested", "case.extended"} <= codes


def test_the_head_can_refuse_and_cannot_approve_after_the_deadline(agency_a, clerk_a):
    head = MembershipFactory(agency=agency_a, role=Role.OFFICE_HEAD).user
    case = register(agency_a, received_on=D(2026, 11, 2)).case
    with on_day(D(2026, 11, 20)):
        s.request_extension(actor=clerk_a, case=case, days=10, reason="需调取档案")
        with pytest.raises(PermissionDenied):
            s.decide_extension(actor=clerk_a, case=case, approve=True)
        with pytest.raises(s.CaseStateError, match="已有一项待审批"):
            s.request_extension(actor=clerk_a, case=case, days=5, reason="再申请")
    with on_day(case.due_on + dt.timedelta(days=1)):
        with pytest.raises(s.CaseStateError, match="已过"):
            s.decide_extension(actor=head, case=case, approve=True)
        with pytest.raises(ValidationError, match="理由"):
            s.decide_extension(actor=head, case=case, approve=False)
        s.decide_extension(actor=head, case=case, approve=False, note="期限已过")
    assert ExtensionRequest.objects.get().decision == "refused"
    assert AuditEvent.objects.filter(code="case.extension_refused").exists()


# -- query codes -------------------------------------------------------------------------------


def test_staff_reissue_a_lost_code_the_old_one_stops_and_the_new_receipt_prints_it(agency_a, clerk_a):
    reg = register(agency_a)
    reviewer = MembershipFactory(agency=agency_a, role=Role.REVIEWER).user
    with pytest.raises(PermissionDenied):
        s.reissue_query_code(actor=reviewer, case=reg.case)
    code, receipt = s.reissue_query_code(actor=clerk_a, case=reg.case)
    assert lookup_case(agency=agency_a, number=reg.case.number, code=reg.query_code) is None
    assert lookup_case(agency=agency_a, number=reg.case.number, code=code) == reg.case
    assert code in text_of(receipt.letter)
    event = AuditEvent.objects.get(code="case.query_code_reissued")
    assert code not in event.summary and code not in str(event.data)


def test_the_counter_receipt_carries_the_query_code(client, clerk_a, agency_a):
    client.force_login(clerk_a)
    data = {
        "channel": "in_person",
        "arrived_on": dt.date.today().isoformat(),
        "applicant_kind": "natural_person",
        "applicant_name": "赵六",
        "description": "申请公开村道维修资金使用情况",
    }
    page = client.post(reverse("cases:intake", args=[agency_a.code]), data, follow=True).content.decode()
    case = Case.objects.get()
    receipt = case.case_letters.get(kind="receipt").letter
    code = page.split('font-monospace fs-4">')[1].split("<")[0]
    assert len(code) == 8 and code in text_of(receipt)
    assert lookup_case(agency=agency_a, number=case.number, code=code) == case
    # Shown once: the next look at the case page no longer shows it.
    assert code not in client.get(reverse("cases:detail", args=[case.pk])).content.decode()


# -- one date everywhere -----------------------------------------------------------------------


def test_the_reply_letter_the_status_page_and_the_case_name_the_same_reply_date(client, agency_a, clerk_a):
    reg = register(agency_a, received_on=D(2026, 11, 2))
    with on_day(D(2026, 11, 20)):
        s.issue_reply(actor=clerk_a, case=reg.case, outcome="granted", body="现提供", on=D(2026, 11, 18))
    case = Case.objects.get(pk=reg.case.pk)
    letter = s.issue_case_letter(actor=clerk_a, case=case, kind="reply_granted")
    status = client.post(
        reverse("portal:status", args=[agency_a.code]), {"number": case.number, "code": reg.query_code}
    ).content.decode()
    assert '答复日期</dt><dd class="stat-date">2026年11月18日' in status and case.replied_on == D(2026, 11, 18)
    assert letter.context["issued_on"] == "2026年11月18日" and "2026年11月18日" in text_of(letter)


def test_partial_disclosure_letter_lists_each_part_with_its_own_ground(agency_a, clerk_a):
    case = register(agency_a, received_on=D(2026, 11, 2)).case
    with on_day(D(2026, 11, 20)):
        s.issue_reply(
            actor=clerk_a,
            case=case,
            outcome="partial",
            body="经查，本机关保存有该工程的招标文件及其附件。",
            parts=[
                s.PartFacts(True, "招标公告和招标文件正文"),
                s.PartFacts(False, "评标委员会的评审记录", "process_info"),
                s.PartFacts(False, "投标人项目经理的身份证号码", "third_party", "属于个人信息"),
            ],
        )
    case.refresh_from_db()
    text = text_of(s.issue_case_letter(actor=clerk_a, case=case, kind="reply_partial"))
    assert text.count("经查，本机关保存有该工程的招标文件及其附件") == 1
    assert "第十六条第二款" in text and "第十五条" in text and "招标公告和招标文件正文" in text
    assert "见答复内容" not in text


# -- notices by e-mail, with the letter ----------------------------------------------------------


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def test_extension_and_fee_notices_are_emailed_with_the_letter(
    agency_a, clerk_a, mailoutbox, django_capture_on_commit_callbacks, immediate_tasks
):
    head = MembershipFactory(agency=agency_a, role=Role.OFFICE_HEAD).user
    case = register(agency_a, received_on=D(2026, 11, 2), email="zhangsan@example.com").case
    with on_day(D(2026, 11, 20)), django_capture_on_commit_callbacks(execute=True):
        s.extend_deadline(actor=head, case=case, days=10, reason="需调取档案")
        s.issue_fee_notice(actor=clerk_a, case=case, method="per_volume", pages=120)
    subjects = [m.subject for m in mailoutbox]
    assert subjects == ["您的政府信息公开申请延期答复", "您的政府信息公开申请需缴纳信息处理费"]
    for message in mailoutbox:
        ((name, content, mimetype),) = message.attachments
        assert mimetype == "application/pdf" and content.startswith(b"%PDF") and name.endswith(".pdf")
    case.refresh_from_db()
    extension = case.case_letters.get(kind="extension")
    assert extension.emailed_at is not None and extension.letter.context["issued_on"] == "2026年11月20日"
    assert f"{case.due_on.year}年{case.due_on.month}月{case.due_on.day}日" in mailoutbox[0].body


def test_a_provisional_due_date_says_so_in_the_receipt_and_the_email(
    agency_a, clerk_a, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = register(agency_a, received_on=D(2026, 12, 4), email="zhangsan@example.com").case
    assert case.due_provisional  # runs into 2027, whose schedule is not loaded
    assert "暂定" in mailoutbox[0].body
    assert "暂定" in text_of(s.issue_case_letter(actor=clerk_a, case=case, kind="receipt"))


def test_the_ledger_shows_current_deadlines_first_and_folds_the_superseded(client, agency_a, clerk_a):
    case = register(agency_a, received_on=D(2026, 11, 2)).case
    with on_day(D(2026, 11, 3)):
        for n in range(3):
            consultation = s.start_consultation(
                actor=clerk_a, case=case, party_kind="third_party", party_name=f"第{n}家公司", sent_on=D(2026, 11, 3)
            )
            s.record_opinion(actor=clerk_a, consultation=consultation, replied_on=D(2026, 11, 3), opinion="consent")
    client.force_login(clerk_a)
    html = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    ledger = html.split('id="ledger-title"')[1].split("</section>")[0]
    current, folded = ledger.split("<details")
    assert "已失效）</th>" not in current and current.count(">答复期限</th>") == 1
    assert "已失效的期限（" in folded and folded.count(">答复期限（已失效）</th>") >= 3
