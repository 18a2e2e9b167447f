"""Demo docket for the seed township (called by the demo app; built through the services)."""

from __future__ import annotations

import datetime as dt

from gongkai.cases.models import Case
from gongkai.cases.services.letters import reconsideration_body
from gongkai.organizations.models import Agency, Membership, Role

from . import services as s
from .models import Kind, Outcome, RemedyCase

D = dt.date


def _actor(agency: Agency):
    """An acting member of the agency (a clerk if there is one): the services refuse anyone else."""
    members = Membership.objects.filter(agency=agency).exclude(role=Role.SUPERVISOR).select_related("user")
    membership = members.filter(role=Role.CLERK).order_by("id").first() or members.order_by("id").first()
    if membership is None:
        raise LookupError(f"{agency.name} 没有工作人员，无法生成复议诉讼示例")
    return membership.user


def _closed(agency: Agency, **filters) -> Case | None:
    return Case.objects.filter(agency=agency, **filters).order_by("received_on", "id").first()


def load_demo_remedies(agency: Agency) -> int:
    """Three remedy cases for ``agency``, once (nothing happens if it already has any).

    A 2024 reconsideration of the third-party refusal, maintained; a 2025 lawsuit pending whose
    defence period ends on National Day and moves to 9 October; a 2025 reconsideration corrected.
    """
    if RemedyCase.objects.filter(agency=agency).exists():
        return 0
    actor = _actor(agency)
    government = reconsideration_body(agency)

    refused = _closed(agency, outcome="withheld_third_party")
    remedy = s.register_remedy(
        actor=actor,
        agency=agency,
        kind=Kind.RECONSIDERATION,
        number="门政复〔2024〕37号",
        body=government,
        applicant_name=refused.applicant_name if refused else "北京潭柘建设工程有限公司",
        filed_on=D(2024, 8, 20),
        served_on=D(2024, 8, 23),
        cases=[refused] if refused else [],
    )
    s.record_reply(actor=actor, remedy=remedy, replied_on=D(2024, 9, 3))
    s.add_hearing(actor=actor, remedy=remedy, on=D(2024, 9, 20), note="复议机构听取双方意见")
    s.record_outcome(actor=actor, remedy=remedy, outcome=Outcome.MAINTAINED, decided_on=D(2024, 10, 15))

    unavailable = _closed(agency, outcome__startswith="unavailable_", replied_on__year=2025)
    remedy = s.register_remedy(
        actor=actor,
        agency=agency,
        kind=Kind.LITIGATION_DIRECT,
        number="（2025）京0109行初56号",
        body="北京市门头沟区人民法院",
        applicant_name=unavailable.applicant_name if unavailable else "刘淑芬",
        filed_on=D(2025, 9, 10),
        served_on=D(2025, 9, 16),  # 15 days end on 1 October: moved to 9 October
        cases=[unavailable] if unavailable else [],
    )
    s.record_reply(actor=actor, remedy=remedy, replied_on=D(2025, 9, 26))
    s.add_hearing(actor=actor, remedy=remedy, on=D(2025, 11, 20), note="第一次开庭")

    # A refusal as "process information" that the reconsideration body found unfounded.
    withheld = _closed(agency, outcome="withheld_process_info", replied_on__year=2025) or _closed(
        agency, outcome__startswith="withheld_", replied_on__year=2025
    )
    remedy = s.register_remedy(
        actor=actor,
        agency=agency,
        kind=Kind.RECONSIDERATION,
        number="门政复〔2025〕12号",
        body=government,
        applicant_name=withheld.applicant_name if withheld else "王志刚",
        filed_on=D(2025, 7, 1),
        served_on=D(2025, 7, 3),  # simplified procedure: 5 working days, due 10 July
        simplified=True,
        cases=[withheld] if withheld else [],
    )
    s.record_reply(actor=actor, remedy=remedy, replied_on=D(2025, 7, 8))
    s.record_outcome(actor=actor, remedy=remedy, outcome=Outcome.CORRECTED, decided_on=D(2025, 8, 15))
    return 3
