"""Provisional dates are recomputed, and the clerk told, once their year's schedule is loaded."""

import datetime as dt

import pytest
from django.core.management import call_command

from gongkai.cases.models import Deadline
from gongkai.cases.services import record_opinion, start_consultation
from gongkai.cases.services.recalc import CATCH_UP_LABEL, CONFIRMED, RECALCULATED, recompute_provisional_dates
from gongkai.cases.tasks import recompute_stale_provisional_dates
from gongkai.cases.tests.factories import register
from gongkai.core.clock import recording_as_of
from gongkai.core.models import AuditEvent
from gongkai.deadlines.services import load_schedule, parse_schedule_csv, seed_from_chinesecalendar

pytestmark = pytest.mark.django_db
D = dt.date

# A made-up 2027 notice: 元旦 01-01 (Friday) with Monday 01-04 off as well, no make-up day.
BRIDGE = "日期,类型,名称\n2027-01-01,休息日,元旦\n2027-01-04,休息日,元旦\n"
# … or just what the law gives: 元旦 alone.
BY_LAW = "日期,类型,名称\n2027-01-01,休息日,元旦\n"


def load_2027(text, **kwargs):
    return load_schedule(
        years=parse_schedule_csv(text.encode()), source="国办发明电〔2026〕X号", day_source="file", **kwargs
    )


@pytest.fixture
def clerk_with_mail(clerk_a):
    clerk_a.email = "wangjing@example.gov.cn"
    clerk_a.save()
    return clerk_a


def test_provisional_reply_date_skips_new_years_day(agency_a):
    case = register(agency_a, received_on=D(2026, 12, 4)).case
    # Monday–Friday alone gave 2027-01-01, a statutory holiday (the clerk's report).
    assert case.due_on == D(2027, 1, 4) and case.due_provisional
    assert "已按《全国年节及纪念日放假办法》排除法定节假日" in case.due_explanation


def test_loading_the_year_recomputes_and_tells_the_clerk(
    agency_a, clerk_with_mail, mailoutbox, django_capture_on_commit_callbacks
):
    case = register(agency_a, received_on=D(2026, 12, 4)).case
    report: list[str] = []
    with django_capture_on_commit_callbacks(execute=True):
        assert load_2027(BRIDGE, actor_label="测试", report=report.append) == [2027]
    case.refresh_from_db()
    assert case.due_on == D(2027, 1, 5) and not case.due_provisional
    assert "2027年节假日安排未录入" not in case.due_explanation
    reply = case.deadlines.get(kind=Deadline.Kind.REPLY, superseded=False)
    assert (reply.due_on, reply.provisional) == (D(2027, 1, 5), False)
    event = AuditEvent.objects.get(code=RECALCULATED, target_id=str(case.pk))
    assert "录入2027年节假日安排后重算：答复期限由 2027-01-04 改为 2027-01-05" in event.summary
    assert event.agency == agency_a and event.data["years"] == [2027]
    assert [m.to for m in mailoutbox] == [["wangjing@example.gov.cn"]]
    assert case.number in mailoutbox[0].subject and "2027-01-05" in mailoutbox[0].body
    assert "依申请公开：重算 1 件申请的暂定期限，其中 1 件日期有变化" in report


def test_a_date_the_notice_confirms_loses_its_flag_quietly(
    agency_a, clerk_with_mail, mailoutbox, django_capture_on_commit_callbacks
):
    case = register(agency_a, received_on=D(2026, 12, 4)).case
    with django_capture_on_commit_callbacks(execute=True):
        load_2027(BY_LAW, actor_label="测试")
    case.refresh_from_db()
    assert case.due_on == D(2027, 1, 4) and not case.due_provisional
    assert case.deadlines.get(kind=Deadline.Kind.REPLY, superseded=False).provisional is False
    event = AuditEvent.objects.get(target_id=str(case.pk), code__in=[RECALCULATED, CONFIRMED])
    assert event.code == CONFIRMED and "答复期限 2027-01-04 不变" in event.summary
    assert mailoutbox == []


def test_consultation_and_reply_clock_follow_the_loaded_year(agency_a, clerk_a, django_capture_on_commit_callbacks):
    case = register(agency_a, received_on=D(2026, 12, 4)).case
    with recording_as_of(D(2026, 12, 15)):
        consultation = start_consultation(
            actor=clerk_a,
            case=case,
            party_kind="third_party",
            party_name="某建设公司",
            sent_on=D(2026, 12, 14),
            received_by_party_on=D(2026, 12, 15),
        )
    assert consultation.party_due_on == D(2027, 1, 6)  # 15 working days, 01-01 skipped by law
    case.refresh_from_db()
    assert case.due_on == D(2027, 1, 27) and case.due_provisional
    with django_capture_on_commit_callbacks(execute=True):
        load_2027(BRIDGE, actor_label="测试")
    consultation.refresh_from_db()
    case.refresh_from_db()
    assert consultation.party_due_on == D(2027, 1, 7)  # 01-04 off in the notice
    ledger = case.deadlines.filter(kind=Deadline.Kind.CONSULTATION)
    assert ledger.get(superseded=True).due_on == D(2027, 1, 6)
    current = ledger.get(superseded=False)
    assert (current.due_on, current.provisional) == (D(2027, 1, 7), False)
    assert current.explanation.startswith("某建设公司应在收到征求意见书后15个工作日内答复：")
    # The pause now ends on 01-07, and 01-04 is off: 2027-01-28.
    assert case.due_on == D(2027, 1, 28) and not case.due_provisional
    event = AuditEvent.objects.get(code=RECALCULATED, target_id=str(case.pk))
    assert "答复期限由 2027-01-27 改为 2027-01-28" in event.summary
    assert "征求意见答复期限由 2027-01-06 改为 2027-01-07" in event.summary
    # The clock keeps working on the recomputed facts.
    with recording_as_of(D(2026, 12, 18)):
        record_opinion(actor=clerk_a, consultation=consultation, replied_on=D(2026, 12, 18), opinion="consent")
    case.refresh_from_db()
    assert not case.due_provisional


def test_catch_up_handles_a_lost_announcement_once(agency_a, clerk_a, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    case = register(agency_a, received_on=D(2026, 12, 4)).case
    load_2027(BRIDGE, actor_label="测试")  # its on-commit announcement never runs in this test
    case.refresh_from_db()
    assert case.due_provisional  # still the provisional date
    assert recompute_stale_provisional_dates.enqueue().return_value == 1
    case.refresh_from_db()
    assert case.due_on == D(2027, 1, 5) and not case.due_provisional
    assert AuditEvent.objects.get(code=RECALCULATED, target_id=str(case.pk)).actor_label == CATCH_UP_LABEL
    assert recompute_provisional_dates(actor_label=CATCH_UP_LABEL).cases == 0  # nothing twice


def test_dates_not_reaching_into_the_loaded_year_are_left_alone(agency_a):
    case = register(agency_a, received_on=D(2026, 12, 4)).case
    load_2028 = "日期,类型\n2028-01-03,休息日\n"
    load_schedule(years=parse_schedule_csv(load_2028.encode()), source="x", day_source="file", actor_label="测试")
    assert recompute_provisional_dates(years=[2028], actor_label="测试").cases == 0
    assert recompute_provisional_dates(actor_label="测试").cases == 0  # 2027 is still not loaded
    case.refresh_from_db()
    assert case.due_on == D(2027, 1, 4) and case.due_provisional


def test_a_reply_date_set_by_the_clerk_is_not_recomputed(agency_a):
    case = register(agency_a, received_on=D(2026, 12, 4)).case
    # Art. 35: a reasonable delayed reply date fixed by the clerk, not counted on the calendar.
    case.due_on = D(2027, 3, 1)
    case.save(update_fields=["due_on"])
    load_2027(BRIDGE, actor_label="测试")
    recompute_provisional_dates(actor_label="测试")
    case.refresh_from_db()
    assert case.due_on == D(2027, 3, 1)


def test_closed_cases_are_left_alone(agency_a, clerk_a):
    from gongkai.cases.services import withdraw_case

    case = register(agency_a, received_on=D(2026, 12, 4)).case
    withdraw_case(actor=clerk_a, case=case, on=D(2026, 12, 5))
    load_2027(BRIDGE, actor_label="测试")
    assert recompute_provisional_dates(actor_label="测试").cases == 0


# A real commit (no test transaction around the command), so the on-commit announcement runs
# inside `workdays load` exactly as it does for an operator.
@pytest.mark.django_db(transaction=True)
def test_workdays_load_prints_how_many_case_dates_were_recomputed(tmp_path, capsys, agency_a):
    seed_from_chinesecalendar()  # an earlier transactional test may have flushed the seed data
    case = register(agency_a, received_on=dt.date(2026, 12, 4)).case
    assert case.due_on == dt.date(2027, 1, 4) and case.due_provisional
    file = tmp_path / "2027.csv"
    file.write_text(BRIDGE, encoding="utf-8")
    capsys.readouterr()
    call_command("workdays", "load", str(file), "--source", "国务院办公厅通知")
    assert capsys.readouterr().out.splitlines() == [
        "已录入：2027年",
        "依申请公开：重算 1 件申请的暂定期限，其中 1 件日期有变化",
    ]
    case.refresh_from_db()
    assert case.due_on == dt.date(2027, 1, 5) and not case.due_provisional
