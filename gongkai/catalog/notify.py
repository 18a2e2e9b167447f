"""Telling people there is review work: who must act next, and the author when the document comes back,
is signed or is published. Sent by a background task after the step commits; only to addresses on file.

Who "must act next" is decided by services.steps.refusal, the same check the page and the 待我处理
queue use, so a notice never goes to someone who would be refused.
"""

from __future__ import annotations

import logging

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.urls import reverse

from .checks import book_title
from .models import Document, Status

log = logging.getLogger(__name__)

# step → (subject, line for the people who act next, line for the author or None)
NOTICES = {
    "submit": ("待科室审核", "提交了", None),
    "approve": ("待保密审查", "已通过科室审核，", None),
    "secrecy_review": ("待领导签发", "已通过保密审查，", None),
    "sign_off": ("待发布", "已由领导签发，", "已由领导签发，等待发布。"),
    "reject": ("退回修改", None, "被退回修改。"),
    "publish": ("已发布", None, "已发布。"),
}
_NEXT_LINE = {
    Status.SUBMITTED: "请进行科室审核",
    Status.DEPT_APPROVED: "请进行保密审查",
    Status.SECRECY_REVIEWED: "请审核签发",
    Status.SIGNED: "请核对发布前检查后发布",
}


def next_actors(document: Document) -> list:
    """Active users of the agency who may take the step the document now waits for."""
    from .services.steps import NEXT_STEP, refusal

    step = NEXT_STEP.get(document.status)
    if step is None or document.status == Status.DRAFT:
        return []
    users = get_user_model().objects.filter(memberships__agency=document.agency_id, is_active=True).distinct()
    return [user for user in users if refusal(document, step, actor=user) is None]


def _link(document: Document) -> str:
    return f"请登录系统办理（主动公开 · 待我处理，页面地址 {reverse('catalog:detail', args=[document.pk])}）。"


def deliver_review_notice(document_id: int, step: str) -> int:
    document = Document.objects.select_related("agency", "author", "department").filter(pk=document_id).first()
    if document is None or step not in NOTICES:
        return 0
    subject, next_line, author_line = NOTICES[step]
    name = book_title(document.title)
    pair = list(document.interpretations.filter(status=document.status).values_list("title", flat=True))
    with_pair = "（连同政策解读" + "、".join(book_title(t) for t in pair) + "）" if pair else ""
    sent = 0
    messages: list[tuple[str, str, list[str]]] = []
    if next_line is not None:
        actors = [u for u in next_actors(document) if u.email]
        if actors:
            who = f"{document.author}" if step == "submit" else ""
            body = (
                f"{who}{next_line}{name}{with_pair}（索引号 {document.index_number}），"
                f"{_NEXT_LINE.get(document.status, '请办理')}。\n\n{_link(document)}\n"
            )
            messages.append((f"主动公开{subject}：{document.title}", body, sorted({u.email for u in actors})))
    if author_line is not None and document.author.email and document.author.is_active:
        body = f"您起草的{name}{with_pair}（索引号 {document.index_number}）{author_line}\n"
        if step == "reject" and document.rejection_reason:
            body += f"退回理由：{document.rejection_reason}\n"
        body += f"\n{_link(document)}\n"
        messages.append((f"主动公开{subject}：{document.title}", body, [document.author.email]))
    for subject_line, body, addresses in messages:
        try:
            send_mail(subject_line, body, None, addresses)
        except OSError:
            # A mail server being down must not fail the worker; the page and the 工作台 still show the work.
            log.warning("review notice for document %s failed", document.pk)
            continue
        sent += len(addresses)
    return sent
