"""A document and its 政策解读 cannot be driven into a wrong state by any sequence of review steps.

A Hypothesis state machine takes a normative document with an interpretation (drafted for a
department with a head, or for one without) and a second, plain document, and has random people take
random steps on them. At every step it asserts:

- the service accepts a step exactly when ``refusal`` (what the page offers) finds nothing against it;
- a refused step changes nothing (state, opinions, versions);
- an accepted step records an opinion, and an interpretation standing at the same step moves with it;
- 待我处理 holds exactly the documents whose next step the person may take;
- nothing withdrawn, and no interpretation without its published document, is ever public;
  a pair is published together.

More examples: GONGKAI_STATEFUL_EXAMPLES=200 pytest gongkai/catalog/tests/test_review_states.py
"""

from __future__ import annotations

import datetime as dt
import os

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from gongkai.catalog import services
from gongkai.catalog.checks import ERROR, pre_publication_checks
from gongkai.catalog.models import Document, Kind, Status
from gongkai.catalog.queues import queue_filter
from gongkai.catalog.selectors import public_documents
from gongkai.organizations.models import Role
from gongkai.organizations.tests.factories import AgencyFactory, DepartmentFactory
from gongkai.statute.calendar import WorkCalendar

from .factories import member, policy_fields

EXAMPLES = int(os.environ.get("GONGKAI_STATEFUL_EXAMPLES", "10"))
PEOPLE = ("author", "colleague", "head", "office_head", "reviewer", "leader", "clerk", "stranger")
STEPS = ("submit", "approve", "secrecy_review", "sign_off", "publish", "reject", "withdraw")
DOCUMENTS = ("policy", "reading", "plain")
CALENDAR = WorkCalendar.build([], range(2020, 2035))


class ReviewStates(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.savepoint = transaction.atomic()
        self.savepoint.__enter__()
        agency = AgencyFactory()
        other = AgencyFactory(name="北京市门头沟区王平镇人民政府")
        headed = DepartmentFactory(agency=agency, name="党政办公室")
        headless = DepartmentFactory(agency=agency, name="城乡建设办公室")
        self.people = {
            "author": member(agency, Role.CONTRIBUTOR, "s_author", "赵敏"),
            "colleague": member(agency, Role.CONTRIBUTOR, "s_colleague", "吴昊"),
            "head": member(agency, Role.DEPARTMENT_HEAD, "s_head", "钱进", department=headed),
            "office_head": member(agency, Role.OFFICE_HEAD, "s_office_head", "李建国"),
            "reviewer": member(agency, Role.REVIEWER, "s_reviewer", "孙丽"),
            "leader": member(agency, Role.LEADER, "s_leader", "李强"),
            "clerk": member(agency, Role.CLERK, "s_clerk", "王静"),
            "stranger": member(other, Role.CLERK, "s_stranger", "周婷"),
        }
        fields = policy_fields(timezone.localdate() - dt.timedelta(days=2))
        author = self.people["author"]
        self.ids = {}
        policy = services.draft_document(
            actor=author, agency=agency, department=headless, **{**fields, "kind": Kind.NORMATIVE}
        )
        self.ids["policy"] = policy.pk
        self.ids["reading"] = services.draft_document(
            actor=author, agency=agency, interprets=policy, title="《通知》政策解读", item=fields["item"]
        ).pk
        self.ids["plain"] = services.draft_document(
            actor=author, agency=agency, department=headed, **{**fields, "title": "关于秸秆禁烧的通告"}
        ).pk

    def teardown(self):
        transaction.set_rollback(True)
        self.savepoint.__exit__(None, None, None)

    def doc(self, name: str) -> Document:
        return Document.objects.select_related("agency", "department", "author", "interprets").get(pk=self.ids[name])

    def snapshot(self) -> dict:
        return {
            name: (d.status, d.opinions.count(), d.versions.count()) for name in DOCUMENTS for d in [self.doc(name)]
        }

    @rule(who=st.sampled_from(PEOPLE), step=st.sampled_from(STEPS), which=st.sampled_from(DOCUMENTS))
    def take(self, who, step, which):
        actor, document = self.people[who], self.doc(which)
        refusal = services.refusal(document, step, actor=actor)
        if step == "publish" and refusal is None:
            problems = pre_publication_checks(document, published_on=timezone.localdate(), calendar=CALENDAR)
            if any(p.severity == ERROR for p in problems):
                refusal = "发布前检查有错误"
        before = self.snapshot()
        reading_moves = which == "policy" and step in services.FORWARD and before["reading"][0] == document.status
        try:
            with transaction.atomic():
                self.call(step, actor, document)
        except (ValidationError, PermissionDenied) as refused:
            assert refusal is not None, f"{who} {step} {which}: offered but refused: {refused}"
            assert self.snapshot() == before, "a refused step changed something"
            return
        assert refusal is None, f"{who} {step} {which}: not offered ({refusal}) but accepted"
        after = self.snapshot()
        assert after[which][1] > before[which][1], "an accepted step recorded no opinion"
        if reading_moves:
            assert after["reading"][0] == after["policy"][0], "the interpretation did not move with its document"

    def call(self, step, actor, document):
        if step == "submit":
            services.submit_document(actor=actor, document=document, note="请审核")
        elif step == "approve":
            services.approve_by_department(actor=actor, document=document, opinion="同意")
        elif step == "secrecy_review":
            services.record_secrecy_review(actor=actor, document=document, opinion="不涉密")
        elif step == "sign_off":
            services.sign_off(actor=actor, document=document, opinion="同意发布")
        elif step == "publish":
            services.publish_document(actor=actor, document=document, calendar=CALENDAR)
        elif step == "reject":
            services.reject_document(actor=actor, document=document, reason="请修改")
        elif step == "withdraw":
            services.withdraw_document(actor=actor, document=document, reason="不再需要")

    @invariant()
    def queue_is_who_may_act(self):
        for who, user in self.people.items():
            queued = set(Document.objects.filter(queue_filter(user)).values_list("pk", flat=True))
            for name in DOCUMENTS:
                document = self.doc(name)
                step = services.NEXT_STEP.get(document.status)
                may = step is not None and services.refusal(document, step, actor=user) is None
                if step == "submit":
                    may = may and document.author_id == user.pk
                assert (document.pk in queued) == may, (who, name, document.status)

    @invariant()
    def nothing_wrong_is_public(self):
        public = {d.pk: d for d in public_documents()}
        for document in public.values():
            assert document.status != Status.WITHDRAWN
            if document.kind == Kind.INTERPRETATION:
                assert document.interprets_id in public
        policy, reading = self.doc("policy"), self.doc("reading")
        if policy.status == Status.PUBLISHED and reading.status not in (Status.WITHDRAWN,):
            assert reading.status == Status.PUBLISHED and reading.published_on == policy.published_on


@pytest.mark.django_db
def test_review_cannot_be_driven_into_a_wrong_state():
    run_state_machine_as_test(
        ReviewStates,
        settings=settings(
            max_examples=EXAMPLES,
            stateful_step_count=30,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
            # Each step touches the database; shrinking a long failing run can take many minutes.
            phases=[Phase.explicit, Phase.reuse, Phase.generate]
            if os.environ.get("GONGKAI_NO_SHRINK")
            else list(Phase),
        ),
    )
