"""What every catalogue step shares: the transition table, who may act, locking and the audit event."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gongkai.core.audit import record_event
from gongkai.organizations.access import roles_in
from gongkai.organizations.models import Agency, Role

from ..checks import Problem
from ..models import Document, Status

ALLOWED = {
    "edit": {Status.DRAFT},
    "submit": {Status.DRAFT},
    "withdraw": {Status.DRAFT},
    "approve": {Status.SUBMITTED},
    "secrecy_review": {Status.DEPT_APPROVED},
    "sign_off": {Status.SECRECY_REVIEWED},
    "publish": {Status.SIGNED},
    "release": {Status.SCHEDULED},
    "reject": {Status.SUBMITTED, Status.DEPT_APPROVED, Status.SECRECY_REVIEWED, Status.SIGNED, Status.SCHEDULED},
    "unpublish": {Status.PUBLISHED},
    "repeal": {Status.PUBLISHED},
}
STEP_LABELS = {
    "edit": "修改",
    "submit": "提交审核",
    "withdraw": "撤回",
    "approve": "科室审核",
    "secrecy_review": "保密审查",
    "sign_off": "签发",
    "publish": "发布",
    "release": "定时发布",
    "reject": "退回",
    "unpublish": "撤下",
    "repeal": "废止",
}
# Who may take each step (roles held in the document's own agency).
DRAFTERS = {Role.CONTRIBUTOR, Role.CLERK, Role.OFFICE_HEAD, Role.DEPARTMENT_HEAD}
STEP_ROLES = {
    "edit": DRAFTERS,
    "submit": DRAFTERS,
    # The author, or the office head (steps.py checks which).
    "withdraw": DRAFTERS,
    # The drafting department's head; the office head for a department that has none (steps.py).
    "approve": {Role.DEPARTMENT_HEAD, Role.OFFICE_HEAD},
    "secrecy_review": {Role.REVIEWER},
    "sign_off": {Role.LEADER},
    "publish": {Role.OFFICE_HEAD, Role.CLERK, Role.LEADER},
    "reject": {Role.DEPARTMENT_HEAD, Role.REVIEWER, Role.LEADER, Role.OFFICE_HEAD},
    "unpublish": {Role.OFFICE_HEAD, Role.LEADER},
    "repeal": {Role.OFFICE_HEAD, Role.LEADER},
}
EDITABLE_FIELDS = (
    "department",
    "title",
    "summary",
    "subject",
    "item",
    "kind",
    "issuing_body",
    "written_on",
    "document_number",
    "validity",
    "validity_changed_on",
    "disclosure",
    "disclosure_reason",
    "body",
    "directory_item",
)


class DocumentStateError(ValidationError):
    """A step that the document's current state does not allow."""


class PublicationBlocked(ValidationError):
    """Pre-publication checks found errors, or warnings without an override reason."""

    def __init__(self, problems: list[Problem], message: str) -> None:
        self.problems = problems
        super().__init__([message, *(p.message for p in problems)])


def _guard(document: Document, step: str) -> None:
    if document.status not in ALLOWED[step]:
        raise DocumentStateError(f"当前状态为“{document.get_status_display()}”，不能{STEP_LABELS[step]}")


def _acting(actor, agency: Agency, roles: set[str]) -> None:
    held = roles_in(actor, agency)
    if not held - {Role.SUPERVISOR}:
        raise PermissionDenied("您不是本机关的工作人员，不能办理此文件")
    if not held & roles:
        labels = "、".join(Role(r).label for r in sorted(roles))
        raise PermissionDenied(f"此操作需要以下角色之一：{labels}")


def _lock(document: Document) -> Document:
    return Document.objects.select_for_update().get(pk=document.pk)


def _today() -> dt.date:
    return timezone.localdate()


def _event(document: Document, code: str, summary: str, actor, *, actor_label: str = "", **data) -> None:
    record_event(
        code=code,
        summary=f"{document.index_number}：{summary}",
        actor=actor,
        actor_label=actor_label,
        agency=document.agency,
        target=document,
        data={k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in data.items()},
    )
