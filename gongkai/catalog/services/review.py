"""The review chain: submit, department approval, 保密审查, sign-off, return."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q

from gongkai.organizations.models import Membership, Role

from ..models import Document, Status
from ..tasks import schedule_link_check
from .common import DRAFTERS, STEP_ROLES, _acting, _event, _guard, _lock
from .versions import _version


def _move(document: Document, status: str, actor, code: str, summary: str, *, extra=(), **data) -> Document:
    document.status = status
    document.save(update_fields=["status", *extra, "updated_at"])
    _version(document, actor, summary)
    _event(document, code, summary, actor, **data)
    return document


@transaction.atomic
def submit_document(*, actor, document: Document) -> Document:
    _acting(actor, document.agency, DRAFTERS)
    document = _lock(document)
    _guard(document, "submit")
    document.rejection_reason = ""
    schedule_link_check(document)  # fresh results for the reviewers
    return _move(document, Status.SUBMITTED, actor, "catalog.submitted", "提交科室审核", extra=["rejection_reason"])


@transaction.atomic
def approve_by_department(*, actor, document: Document, opinion: str = "") -> Document:
    _acting(actor, document.agency, STEP_ROLES["approve"])
    document = _lock(document)
    _guard(document, "approve")
    if (
        document.department_id
        and not Membership.objects.filter(
            Q(department=None) | Q(department=document.department_id),
            user=actor,
            agency=document.agency,
            role=Role.DEPARTMENT_HEAD,
        ).exists()
    ):
        raise PermissionDenied(f"只有{document.department.name}的科室负责人可以审核此文件")
    return _move(document, Status.DEPT_APPROVED, actor, "catalog.dept_approved", "科室负责人审核通过", opinion=opinion)


@transaction.atomic
def record_secrecy_review(*, actor, document: Document, opinion: str) -> Document:
    """保密审查: the reviewer's opinion is recorded on the document and in the audit log."""
    _acting(actor, document.agency, STEP_ROLES["secrecy_review"])
    document = _lock(document)
    _guard(document, "secrecy_review")
    if not (opinion or "").strip():
        raise ValidationError({"opinion": "请填写保密审查意见"})
    document.secrecy_opinion = opinion.strip()
    return _move(
        document,
        Status.SECRECY_REVIEWED,
        actor,
        "catalog.secrecy_reviewed",
        "保密审查通过",
        extra=["secrecy_opinion"],
        opinion=document.secrecy_opinion,
    )


@transaction.atomic
def sign_off(*, actor, document: Document) -> Document:
    _acting(actor, document.agency, STEP_ROLES["sign_off"])
    document = _lock(document)
    _guard(document, "sign_off")
    return _move(document, Status.SIGNED, actor, "catalog.signed", "领导签发")


@transaction.atomic
def reject_document(*, actor, document: Document, reason: str) -> Document:
    """Back to the author as a draft, with the reasons."""
    _acting(actor, document.agency, STEP_ROLES["reject"])
    document = _lock(document)
    _guard(document, "reject")
    if not (reason or "").strip():
        raise ValidationError({"reason": "退回时应说明理由"})
    previous = document.get_status_display()
    document.rejection_reason = reason.strip()
    document.scheduled_at = None
    return _move(
        document,
        Status.DRAFT,
        actor,
        "catalog.rejected",
        f"退回修改（原状态：{previous}）：{document.rejection_reason}",
        extra=["rejection_reason", "scheduled_at"],
        reason=document.rejection_reason,
        previous=previous,
    )
