"""A case cannot be driven into a wrong state, through the services or through the pages.

A Hypothesis state machine takes one application and drives random sequences of every step —
with random dates, random people, stale forms and a "today" that moves forward — through the
services and through the case page (test client). At every step it asserts:

- nothing but the services' own refusals is raised, and no page answers 500;
- a step the page offers succeeds with ordinary input; a step it does not offer changes nothing;
- a refused submission changes nothing at all;
- no recorded date lies after the day it was recorded, and a reply never predates the facts;
- once the reply deadline has passed while the clock runs, no step moves it later;
- the stored due date is what the clock computes from the stored facts, and "overdue" is derived;
- the case page, the public status page and the reply letter name the same dates.

It runs on SQLite and on PostgreSQL (CI runs the suite on both). More examples:
GONGKAI_STATEFUL_EXAMPLES=500 make test PYTEST_ARGS=tests/test_case_states.py
"""

from __future__ import annotations

import datetime as dt
import os
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule, run_state_machine_as_test

from gongkai.cases import services as s
from gongkai.cases.models import Case, Consultation, Status
from gongkai.cases.services import clock
from gongkai.cases.services.steps import STEPS, recorded_facts
from gongkai.cases.tests.factories import register
from gongkai.cases.views import ACTIONS
from gongkai.deadlines.calendars import current_calendar
from gongkai.letters.rendering import chinese_date
from gongkai.organizations.models import Role
from gongkai.organizations.tests.factories import AgencyFactory, DepartmentFactory, MembershipFactory
from gongkai.portal.selectors import public_status
from gongkai.statute.clock import reply_due
from gongkai.statute.outcomes import OUTCOMES, PART_GROUNDS, Group
from gongkai.statute.periods import REPLY_WORKING_DAYS

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
EXAMPLES = int(os.environ.get("GONGKAI_STATEFUL_EXAMPLES", "20"))
REFUSALS = (ValidationError, PermissionDenied)  # CaseStateError is a ValidationError
REPLY_OUTCOMES = [o.key for o in OUTCOMES if o.group is not Group.OTHER and o.key != "not_processed_excessive"]
PEOPLE = ("clerk", "head", "contributor", "supervisor", "stranger")
ACTION_NAMES = sorted(ACTIONS)
CLOSING = {"reply", "withdraw", "abandoned", "unpaid", "reasons_recorded"}


def _noon(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 10, tzinfo=SHANGHAI)


class CaseStates(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.savepoint = transaction.atomic()
        self.savepoint.__enter__()
        self.today = dt.date(2026, 3, 2)
        self.travel = time_machine.travel(_noon(self.today), tick=False)
        self.frozen = self.travel.start()
        agency = AgencyFactory()
        other = AgencyFactory(name="北京市门头沟区王平镇人民政府")
        self.departments = [DepartmentFactory(agency=agency, name=n) for n in ("党政办公室", "城乡建设办公室")]
        self.people = {
            "clerk": MembershipFactory(agency=agency, role=Role.CLERK).user,
            "head": MembershipFactory(agency=agency, role=Role.OFFICE_HEAD).user,
            "contributor": MembershipFactory(agency=agency, role=Role.CONTRIBUTOR).user,
            "supervisor": MembershipFactory(agency=agency, role=Role.SUPERVISOR).user,
            "stranger": MembershipFactory(agency=other, role=Role.CLERK).user,
        }
        registration = register(agency, received_on=self.today, email="")
        self.case = registration.case
        self.code = registration.query_code
        self.client = Client()
        self.parties = 0
        self.note_clock()

    def teardown(self):
        self.travel.stop()
        transaction.set_rollback(True)
        self.savepoint.__exit__(None, None, None)

    # -- helpers ------------------------------------------------------------------------------

    def fresh(self) -> Case:
        return Case.objects.select_related("agency").get(pk=self.case.pk)

    def note_clock(self):
        case = self.fresh()
        self.last_due, self.last_running = case.due_on, case.clock_running

    def snapshot(self):
        case = self.fresh()
        return (
            case.status,
            case.due_on,
            case.revision,
            case.outcome,
            case.deadlines.count(),
            case.consultations.count(),
            case.extension_requests.count(),
            case.query_code_hash,
        )

    def offered(self, who: str) -> set[str]:
        case = self.fresh()
        return {
            name
            for name, action in ACTIONS.items()
            if s.refusal(case, action.step, actor=self.people[who], now=self.today) is None
        }

    def ordinary_input(self, action: str, data) -> dict:
        """Input a clerk would type for ``action`` in the case's present state."""
        case, today = self.fresh(), self.today
        if action == "assign":
            other = [d for d in self.departments if d.pk != case.department_id]
            return {"department": other[0].pk}
        if action == "supplement":
            return {"items": "请写明所需文件的名称或文号", "supplement_by": today + dt.timedelta(days=10)}
        if action in ("supplemented", "abandoned", "fee_received", "unpaid"):
            return {"on": today}
        if action == "reasons":
            return {"grounds": "一个月内提出30件申请", "reasons_by": today + dt.timedelta(days=10)}
        if action == "reasons_recorded":
            return {"on": today, "reasonable": data.draw(st.sampled_from(["yes", "no"]), label="reasonable")}
        if action == "consult":
            self.parties += 1
            kind = data.draw(st.sampled_from(["third_party", "co_maker"]), label="party")
            return {"party_kind": kind, "party_name": f"第{self.parties}个征求对象", "sent_on": today}
        if action == "opinion":
            pending = case.consultations.filter(opinion="").first()
            if today > pending.party_due_on and data.draw(st.booleans(), label="silent"):
                return {"consultation": pending.pk, "opinion": Consultation.Opinion.NO_REPLY}
            return {"consultation": pending.pk, "opinion": "consent", "replied_on": today}
        if action in ("extend", "request_extension"):
            return {"days": data.draw(st.integers(1, 20), label="days"), "reason": "需调取档案"}
        if action == "decide_extension":
            can = case.status == Status.REGISTERED and today <= case.due_on and not case.extension_days
            if can and data.draw(st.booleans(), label="approve"):
                return {"approve": "yes"}
            return {"approve": "no", "note": "无需延期"}
        if action == "fee":
            return {"method": "per_volume", "pages": data.draw(st.integers(31, 500), label="pages")}
        if action == "paid":
            return {"paid_on": today}
        if action == "reply":
            outcomes = [o for o in REPLY_OUTCOMES if o != "unavailable_unclear" or case.supplement_items]
            outcome = data.draw(st.sampled_from(outcomes), label="outcome")
            form = {"outcome": outcome, "body": "经查，本机关保存有该信息。", "on": today}
            if outcome == "partial":
                ground = data.draw(st.sampled_from([g.key for g in PART_GROUNDS]), label="ground")
                form |= {"provided": "工程招标公告", "withheld_1": "投标人身份证号码", "ground_1": ground}
            return form
        if action == "withdraw":
            return {"on": today}
        if action == "delivery":
            return {"method": "post", "delivered_on": today, "proof": "EMS 1127"}
        return {}

    def hostile_input(self, action: str, data) -> dict:
        """Anything: far-away dates, empty or long text, numbers out of range, markup."""
        day = st.one_of(
            st.integers(-90, 30).map(lambda n: (self.today + dt.timedelta(days=n)).isoformat()),
            st.sampled_from(["9999-12-31", "0001-01-01", "2026-02-30", "abc", ""]),
        )
        text = st.sampled_from(["", "x", "<script>alert(1)</script>", "长" * 10_000, "1. 1. 已编号。"])
        number = st.sampled_from(["", "-1", "0", "5", "21", "100000000000000000000", "abc"])
        form = ACTIONS[action].form
        return {
            name: data.draw(
                day if name == "on" or name.endswith(("_on", "_by")) else number if name in ("days", "pages") else text,
                label=name,
            )
            for name in form.base_fields
            if name != "revision"
        }

    def post(self, action: str, fields: dict, *, revision: int | None):
        payload = {f"{action}-{k}": (v.isoformat() if isinstance(v, dt.date) else str(v)) for k, v in fields.items()}
        if revision is not None:
            payload[f"{action}-revision"] = str(revision)
        return self.client.post(reverse("cases:action", args=[self.case.pk, action]), payload)

    # -- rules ----------------------------------------------------------------------------------

    @rule(days=st.integers(0, 12))
    def time_passes(self, days):
        self.note_clock()
        self.today += dt.timedelta(days=days)
        self.frozen.move_to(_noon(self.today))

    @rule(data=st.data())
    def an_offered_step_succeeds(self, data):
        """Whatever the page offers the clerk (or the head) is accepted with ordinary input."""
        who = data.draw(st.sampled_from(["clerk", "head"]), label="who")
        offered = sorted(self.offered(who))
        if not offered:
            return
        # Steps that close the case end the story: take them rarely, so the machine reaches the
        # deep states (a fee paid, a supplement answered, an extension asked and decided).
        going_on = [a for a in offered if a not in CLOSING]
        if going_on and data.draw(st.integers(0, 7), label="close?"):
            offered = going_on
        action = data.draw(st.sampled_from(offered), label="action")
        self.note_clock()
        before = self.fresh().revision
        self.client.force_login(self.people[who])
        response = self.post(action, self.ordinary_input(action, data), revision=before)
        assert response.status_code == 302, (action, response.status_code, _errors(response))
        assert self.fresh().revision == before + 1, action

    @rule(data=st.data(), action=st.sampled_from(ACTION_NAMES), who=st.sampled_from(PEOPLE))
    def any_step_through_the_page(self, data, action, who):
        """Random step, person, input and revision: refused cleanly or done; never a 500."""
        offered = action in self.offered(who)
        self.note_clock()
        before = self.snapshot()
        fields = self.hostile_input(action, data) if data.draw(st.booleans(), label="hostile") else None
        if fields is None:
            fields = self.ordinary_input(action, data) if offered else {}
        stale = data.draw(st.sampled_from([None, "current", "stale"]), label="revision")
        revision = {None: None, "current": before[2], "stale": max(before[2] - 1, 0)}[stale]
        self.client.force_login(self.people[who])
        response = self.post(action, fields, revision=revision)
        assert response.status_code in (302, 400, 404), (action, who, response.status_code)
        if self.snapshot() != before:
            assert response.status_code == 302, (action, who, "a refused submission changed the case")
            assert offered, (action, who, "a step that was not offered changed the case")
            assert not (stale == "stale" and before[2] > 0), (action, who, "a stale form changed the case")

    @rule(data=st.data(), step=st.sampled_from(sorted(STEPS)), who=st.sampled_from(PEOPLE))
    def any_step_through_the_service(self, data, step, who):
        """The services directly, with any dates: only their own refusals may be raised."""
        case, actor = self.fresh(), self.people[who]
        offered = s.refusal(case, step, actor=actor, now=self.today) is None
        self.note_clock()
        before = self.snapshot()
        day = self.today + dt.timedelta(days=data.draw(st.integers(-60, 20), label="offset"))
        try:
            with transaction.atomic():
                _call_service(step, case, actor, day, data, self)
        except REFUSALS:
            assert self.snapshot() == before, (step, who, "a refused step changed the case")
        else:
            assert offered, (step, who, "accepted although not offered")

    @precondition(lambda self: self.fresh().status == Status.CLOSED)
    @rule()
    def the_reply_letter_is_dated_with_the_reply(self):
        case = self.fresh()
        if not hasattr(case, "reply") or case.outcome == "other_misc":
            return
        kind = next(k for k, _, _ in s.available_letters(case) if k.startswith("reply_"))
        letter = s.issue_case_letter(actor=self.people["clerk"], case=case, kind=kind)
        assert letter.context["issued_on"] == chinese_date(case.replied_on)

    # -- invariants ------------------------------------------------------------------------------

    @invariant()
    def the_page_renders(self):
        self.client.force_login(self.people["clerk"])
        assert self.client.get(reverse("cases:detail", args=[self.case.pk])).status_code == 200

    @invariant()
    def no_fact_is_dated_after_today_and_replies_follow_the_facts(self):
        case = self.fresh()
        facts = recorded_facts(case)
        assert all(day <= self.today for day, _ in facts), facts
        if case.status == Status.CLOSED:
            assert case.replied_on <= self.today
            assert case.replied_on >= max(day for day, _ in facts), (case.replied_on, facts)
            assert case.reply.parts.exists() == (case.outcome == "partial")

    @invariant()
    def a_passed_deadline_never_moves_later(self):
        case = self.fresh()
        if self.last_running and self.today > self.last_due and case.clock_running:
            assert case.due_on <= self.last_due, (self.last_due, case.due_on)

    @invariant()
    def the_stored_due_date_is_what_the_facts_give(self):
        case = self.fresh()
        if not case.is_open:
            return
        result = reply_due(
            current_calendar(),
            start=case.clock_started_on,
            working_days=REPLY_WORKING_DAYS + case.extension_days,
            pauses=clock.pauses_of(case),
        )
        expected = max(result.due_on, case.delayed_due_on or result.due_on)
        assert case.due_on == expected, (case.due_on, expected)

    @invariant()
    def overdue_is_derived(self):
        case = self.fresh()
        overdue = Case.objects.overdue(self.today).filter(pk=case.pk).exists()
        assert overdue == (case.clock_running and case.due_on < self.today)

    @invariant()
    def the_public_status_page_agrees(self):
        case = self.fresh()
        status = public_status(case)
        assert status.due_on == case.due_on and status.received_on == case.received_on
        assert status.replied_on == (case.replied_on if case.status == Status.CLOSED else None)


def _errors(response) -> str:
    """The refusal as the page shows it: field messages, or the alert of a refused step."""
    html = response.content.decode(errors="replace")
    parts = [part.split("<")[0] for part in html.split('class="invalid-feedback d-block"')[1:]]
    parts += [part.split(">", 1)[-1].split("</")[0].strip() for part in html.split('class="alert alert-danger')[1:]]
    return " ".join(parts)[:300]


def _call_service(step, case, actor, day, data, machine):
    """Call the service behind ``step`` with drawn inputs (dates around today)."""
    text = data.draw(st.sampled_from(["请写明文号", "", "需调取档案"]), label="text")
    if step == "assign":
        s.assign_case(actor=actor, case=case, department=data.draw(st.sampled_from(machine.departments)))
    elif step == "claim":
        s.claim_case(actor=actor, case=case)
    elif step == "request_supplement":
        s.request_supplement(actor=actor, case=case, items=text, supplement_by=day + dt.timedelta(days=10))
    elif step == "record_supplement":
        s.record_supplement(actor=actor, case=case, received_on=day)
    elif step == "deem_abandoned":
        s.deem_abandoned(actor=actor, case=case, on=day)
    elif step == "request_reasons":
        s.request_reasons(actor=actor, case=case, reasons_by=day + dt.timedelta(days=10), on=day)
    elif step == "record_reasons":
        s.record_reasons(
            actor=actor,
            case=case,
            on=day,
            reasonable=data.draw(st.booleans()),
            new_due_on=data.draw(st.sampled_from([None, day + dt.timedelta(days=30)])),
        )
    elif step == "consult":
        s.start_consultation(actor=actor, case=case, party_kind="third_party", party_name=text or "某公司", sent_on=day)
    elif step == "opinion":
        consultation = case.consultations.filter(opinion="").first() or Consultation(case=case)
        if consultation.pk is None:
            raise ValidationError("no consultation")
        s.record_opinion(
            actor=actor,
            consultation=consultation,
            replied_on=day,
            opinion=data.draw(st.sampled_from(["consent", "object", "no_reply"])),
        )
    elif step == "extend":
        s.extend_deadline(actor=actor, case=case, days=data.draw(st.integers(-1, 25)), reason=text)
    elif step == "request_extension":
        s.request_extension(actor=actor, case=case, days=data.draw(st.integers(0, 25)), reason=text)
    elif step == "decide_extension":
        s.decide_extension(actor=actor, case=case, approve=data.draw(st.booleans()), note=text)
    elif step == "fee_notice":
        s.issue_fee_notice(
            actor=actor,
            case=case,
            method=data.draw(st.sampled_from(["per_volume", "per_request", "bogus"])),
            pages=data.draw(st.integers(-5, 10**7)),
            on=day,
        )
    elif step == "fee_received":
        s.record_fee_notice_received(actor=actor, case=case, received_on=day)
    elif step == "payment":
        s.record_payment(actor=actor, case=case, paid_on=day)
    elif step == "close_unpaid":
        s.close_unpaid(actor=actor, case=case, on=day)
    elif step == "reply":
        outcome = data.draw(st.sampled_from([*REPLY_OUTCOMES, "other_misc", "bogus"]))
        parts = [
            s.PartFacts(True, "招标公告"),
            s.PartFacts(False, "身份证号码", data.draw(st.sampled_from(["", "third_party"]))),
        ]
        s.issue_reply(actor=actor, case=case, outcome=outcome, body=text, on=day, parts=parts)
    elif step == "withdraw":
        s.withdraw_case(actor=actor, case=case, on=day)
    elif step == "delivery":
        s.record_delivery(actor=actor, case=case, method="post", delivered_on=day)
    elif step == "reissue_code":
        s.reissue_query_code(actor=actor, case=case)
    else:  # pragma: no cover - a step added to STEPS without a driver here
        raise AssertionError(f"no driver for {step}")


@pytest.mark.django_db
def test_a_case_cannot_be_driven_into_a_wrong_state():
    run_state_machine_as_test(
        CaseStates,
        settings=settings(
            max_examples=EXAMPLES,
            stateful_step_count=40,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        ),
    )
