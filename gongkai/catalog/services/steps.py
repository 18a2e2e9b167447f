"""What each review step needs before it can be taken, in one place (as cases/services/steps.py).

The document page offers a step only when ``refusal`` finds nothing against it, the 待我处理 queue
(catalog.queues) selects exactly the documents whose next step the user passes here, and every
service calls ``check_step`` under the row lock, so what is offered, listed and accepted agree.

Routing (decision 0028-catalog-review): the 科室审核 belongs to the heads of the drafting department
(a head registered without a department covers all); a department with no head is reviewed by the
office head (公开办负责人). A 政策解读 moves through review with the document it interprets.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q

from gongkai.organizations.access import roles_in
from gongkai.organizations.models import Membership, Role

from ..checks import book_title, review_rank
from ..models import Document, Kind, Status
from .common import ALLOWED, STEP_LABELS, STEP_ROLES, DocumentStateError

# The review chain: a forward step, the state it leaves, and the state it reaches.
FORWARD = {
    "submit": (Status.DRAFT, Status.SUBMITTED),
    "approve": (Status.SUBMITTED, Status.DEPT_APPROVED),
    "secrecy_review": (Status.DEPT_APPROVED, Status.SECRECY_REVIEWED),
    "sign_off": (Status.SECRECY_REVIEWED, Status.SIGNED),
}
# The step a document in this state waits for (what 待我处理 means).
NEXT_STEP = {Status.DRAFT: "submit", **{before: step for step, (before, _) in FORWARD.items()}}
NEXT_STEP[Status.SIGNED] = "publish"
# Companions that are gone for good neither move nor block.
CLOSED = (Status.PUBLISHED, Status.UNPUBLISHED, Status.REPEALED, Status.WITHDRAWN)


def department_heads(document: Document):
    """Memberships of the heads who review this document's department (empty: the office head does)."""
    heads = Membership.objects.filter(agency=document.agency_id, role=Role.DEPARTMENT_HEAD, user__is_active=True)
    if document.department_id:
        heads = heads.filter(Q(department=None) | Q(department=document.department_id))
    return heads


def companions(document: Document) -> list[Document]:
    """The 政策解读 still in the works that move through review with ``document``."""
    if document.kind == Kind.INTERPRETATION or document.pk is None:
        return []
    return list(document.interpretations.exclude(status__in=CLOSED).order_by("pk"))


def _approve_refusal(document: Document, actor) -> str | None:
    heads = department_heads(document)
    where = document.department.name if document.department_id else "本机关"
    if heads.exists():
        if heads.filter(user=actor).exists():
            return None
        names = "、".join(sorted({str(m.user) for m in heads.select_related("user")}))
        return f"只有{where}的科室负责人（{names}）可以审核此文件"
    if Role.OFFICE_HEAD in roles_in(actor, document.agency):
        return None
    if not Membership.objects.filter(agency=document.agency_id, role=Role.OFFICE_HEAD, user__is_active=True).exists():
        return f"{where}没有科室负责人，本机关也未设公开办负责人；请系统管理员设置其一后再审核"
    return f"{where}没有科室负责人，此文件由公开办负责人审核"


def _companion_refusal(document: Document, step: str) -> str | None:
    before, _ = FORWARD[step]
    behind = [c for c in companions(document) if review_rank(c.status) < review_rank(before)]
    if behind:
        names = "、".join(f"政策解读{book_title(c.title)}（{c.get_status_display()}）" for c in behind)
        return f"{names}尚未到达本环节，不能与文件一同{STEP_LABELS[step]}；请先将解读提交至同一环节"
    return None


def _withdraw_refusal(document: Document, actor) -> str | None:
    busy = [c for c in companions(document) if c.status != Status.DRAFT]
    if busy:
        names = "、".join(f"政策解读{book_title(c.title)}（{c.get_status_display()}）" for c in busy)
        return f"{names}正在审核中，请先将其退回后再撤回"
    return None


def _publish_refusal(document: Document, actor) -> str | None:
    if document.kind == Kind.INTERPRETATION and document.interprets.status != Status.PUBLISHED:
        return f"政策解读随所解读的文件{book_title(document.interprets.title)}一同发布，请发布该文件"
    return None


def check_step(document: Document, step: str, *, actor) -> None:
    """Raise PermissionDenied or DocumentStateError (Chinese) unless ``step`` may be taken now."""
    held = roles_in(actor, document.agency)
    if not held - {Role.SUPERVISOR}:
        raise PermissionDenied("您不是本机关的工作人员，不能办理此文件")
    roles = STEP_ROLES[step]
    if not held & roles:
        raise PermissionDenied("此操作需要以下角色之一：" + "、".join(Role(r).label for r in sorted(roles)))
    if document.status not in ALLOWED[step]:
        raise DocumentStateError(f"当前状态为“{document.get_status_display()}”，不能{STEP_LABELS[step]}")
    message = None
    if step == "approve":
        message = _approve_refusal(document, actor)
    elif step == "withdraw" and document.author_id != actor.pk and Role.OFFICE_HEAD not in held:
        message = f"只有起草人（{document.author}）或公开办负责人可以撤回此草稿"
    if message is not None:
        raise PermissionDenied(message)
    if step in FORWARD:
        message = _companion_refusal(document, step)
    elif step == "withdraw":
        message = _withdraw_refusal(document, actor)
    elif step == "publish":
        message = _publish_refusal(document, actor)
    if message is not None:
        raise DocumentStateError(message)


def refusal(document: Document, step: str, *, actor) -> str | None:
    """Why ``step`` cannot be taken now (None: it can); what the page and the queue use."""
    try:
        check_step(document, step, actor=actor)
    except (PermissionDenied, ValidationError) as e:
        return "；".join(getattr(e, "messages", None) or [str(e)])
    return None
