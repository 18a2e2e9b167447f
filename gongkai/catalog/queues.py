"""待我处理: the documents whose next step this user may take, as database filters.

Mirrors services.steps.check_step for the step each state waits for (steps.NEXT_STEP); the test
test_queue_is_exactly_who_may_act compares the two for every role and state.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q

from gongkai.organizations.access import readable_agencies, roles_in, writable_agencies
from gongkai.organizations.models import Agency, Membership, Role

from .checks import REVIEW_CHAIN
from .models import Document, Kind, Status
from .services.common import DRAFTERS, STEP_ROLES

NOTHING = Q(pk__in=[])
# The to-do lists of the 工作台, each a filter of the list page (?view=…).
TODO_LABELS = {
    "returned": "我的草稿被退回",
    "todo_approve": "待我科室审核",
    "todo_secrecy_review": "待我保密审查",
    "todo_sign_off": "待我签发",
    "todo_publish": "待我发布",
}


def _approve(user, agency: Agency, held: set[str]) -> Q:
    heads = Membership.objects.filter(agency=agency, role=Role.DEPARTMENT_HEAD, user__is_active=True)
    q = NOTHING
    if Role.DEPARTMENT_HEAD in held:
        mine = set(heads.filter(user=user).values_list("department_id", flat=True))
        # A head registered without a department reviews every department; a document without one
        # is reviewed by any head.
        q = Q() if None in mine else Q(department__in=mine) | Q(department__isnull=True)
    if Role.OFFICE_HEAD in held:
        headed = set(heads.values_list("department_id", flat=True))
        if None not in headed:
            # Departments nobody heads come to the office head; so does a document without a
            # department when the agency has no heads at all.
            orphan = Q(department__isnull=False) & ~Q(department__in=headed)
            if not headed:
                orphan |= Q(department__isnull=True)
            q |= orphan
    return q


def _not_held_up(status: str) -> Q:
    """Documents at ``status`` none of whose 政策解读 lags behind (that step would be refused)."""
    behind = REVIEW_CHAIN[: REVIEW_CHAIN.index(status)]
    lagging = Document.objects.filter(interprets=OuterRef("pk"), status__in=behind)
    return Q(status=status) & ~Q(Exists(lagging))


def _step_filter(user, agency: Agency, step: str) -> Q:
    held = roles_in(user, agency)
    if not held - {Role.SUPERVISOR} or not held & STEP_ROLES[step]:
        return NOTHING
    if step == "approve":
        return _not_held_up(Status.SUBMITTED) & _approve(user, agency, held)
    if step == "secrecy_review":
        return _not_held_up(Status.DEPT_APPROVED)
    if step == "sign_off":
        return _not_held_up(Status.SECRECY_REVIEWED)
    # A 政策解读 is published with its document, alone only once that document is public.
    return Q(status=Status.SIGNED) & (~Q(kind=Kind.INTERPRETATION) | Q(interprets__status=Status.PUBLISHED))


def queue_filter(user, step: str | None = None) -> Q:
    """Documents waiting for ``user``: their own drafts and every review step they may take (or one)."""
    q = Q(author=user, status=Status.DRAFT) if step in (None, "submit") else NOTHING
    steps = ("approve", "secrecy_review", "sign_off", "publish") if step in (None, "all") else (step,)
    for agency in readable_agencies(user):
        for name in steps:
            if name in STEP_ROLES and name != "submit":
                agency_q = _step_filter(user, agency, name)
                if agency_q != NOTHING:
                    q |= Q(agency=agency) & agency_q
    return q


def view_filter(user, view: str) -> Q | None:
    """The filter behind a to-do view of the list page (None: not a to-do view)."""
    if view == "queue":
        return queue_filter(user)
    if view == "returned":
        return Q(author=user, status=Status.DRAFT) & ~Q(rejection_reason="")
    if view.startswith("todo_") and view[5:] in ("approve", "secrecy_review", "sign_off", "publish"):
        return queue_filter(user, view[5:])
    return None


@dataclass(frozen=True)
class Todo:
    view: str
    label: str
    count: int


def todo_counts(user) -> list[Todo]:
    """The 工作台's 主动公开 to-do counts, one per list the user's roles can have work in."""
    from .access import documents_for

    held = (
        set().union(*(roles_in(user, agency) for agency in writable_agencies(user))) if user.is_authenticated else set()
    )
    documents = documents_for(user)
    out = []
    for view, label in TODO_LABELS.items():
        roles = DRAFTERS if view == "returned" else STEP_ROLES[view[5:]]
        if held & roles:
            out.append(Todo(view, label, documents.filter(view_filter(user, view)).count()))
    return out
