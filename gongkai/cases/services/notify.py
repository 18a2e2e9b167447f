"""E-mail to applicants, sent after the transaction commits (a rollback sends nothing)."""

from __future__ import annotations

import logging

from django.core.mail import send_mail
from django.db import transaction

from ..models import Case

log = logging.getLogger(__name__)

SUBJECTS = {
    "registered": "您的政府信息公开申请已收到",
    "supplement": "请补正您的政府信息公开申请",
    "replied": "您的政府信息公开申请已答复",
}


def _body(case: Case, event: str) -> str:
    lines = [f"{case.applicant_name}：", ""]
    if event == "registered":
        lines.append(
            f"{case.agency.name}于{case.received_on:%Y年%m月%d日}收到您的政府信息公开申请，"
            f"受理编号 {case.number}。答复期限为{case.due_on:%Y年%m月%d日}"
            f"{'（暂定）' if case.due_provisional else ''}。"
        )
        lines.append("您可以凭受理编号和查询码在本机关政府信息公开网站查询办理进度。")
    elif event == "supplement":
        lines.append(f"您的申请（{case.number}）需要补正，补正告知书已发出，请按告知书要求在期限内补正。")
    else:
        lines.append(f"您的申请（{case.number}）已于{case.replied_on:%Y年%m月%d日}作出答复，请查收答复书。")
    lines += ["", case.agency.ogi_office_name or case.agency.name]
    return "\n".join(lines)


def notify_applicant(case: Case, event: str) -> None:
    email = getattr(getattr(case, "applicant", None), "email", "")
    if not email:
        return

    def send() -> None:
        try:
            send_mail(SUBJECTS[event], _body(case, event), None, [email])
        except OSError:
            # The mail server being down must not lose the case; the event log shows what was sent.
            log.warning("mail to applicant of case %s failed", case.pk)  # no address in logs

    transaction.on_commit(send)
