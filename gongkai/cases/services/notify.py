"""Telling the applicant (and the office head) what happened, after the transaction commits.

A step whose written notice is a letter (补正告知书, 说明理由告知书, 延期答复告知书, 收费通知书, the reply)
has that letter issued in the background, dated the day of the step, and e-mailed to an applicant
who gave an address, with the letter's PDF attached: rendering a letter takes most of a second, too
long to hold the clerk's click or the case's row lock. A rollback sends and issues nothing. The
e-mail prints the same dates as the case page, the public status page and the letter.
"""

from __future__ import annotations

import logging

from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, send_mail
from django.db import transaction
from django.utils import timezone

from gongkai.letters.rendering import chinese_date
from gongkai.organizations.models import Role

from ..models import Case, CaseLetter

log = logging.getLogger(__name__)

SUBJECTS = {
    "registered": "您的政府信息公开申请已收到",
    "supplement": "请补正您的政府信息公开申请",
    "reasons": "请说明您的政府信息公开申请的理由",
    "extended": "您的政府信息公开申请延期答复",
    "fee": "您的政府信息公开申请需缴纳信息处理费",
    "replied": "您的政府信息公开申请已答复",
    "withdrawn": "您的政府信息公开申请已撤回",
    "code_reissued": "您的政府信息公开申请查询码已重新生成",
}
AUTO_ISSUER = "系统（随办理步骤出具）"


def due_text(case: Case) -> str:
    """The reply due date as every notice prints it, 暂定 included."""
    text = chinese_date(case.due_on)
    if case.due_provisional:
        text += f"（暂定，{case.due_on.year}年节假日安排公布后如有变化，将另行告知）"
    return text


def _body(case: Case, event: str, letter_number: str = "") -> str:
    lines = [f"{case.applicant_name}：", ""]
    number = f"（受理编号 {case.number}）"
    if event == "registered":
        lines.append(
            f"{case.agency.name}于{chinese_date(case.received_on)}收到您的政府信息公开申请{number}，"
            f"答复期限为{due_text(case)}。"
        )
        lines.append("您可以凭受理编号和查询码在本机关政府信息公开网站查询办理进度。")
    elif event == "supplement":
        lines.append(f"您的申请{number}需要补正，请按所附补正告知书的要求在期限内补正。")
    elif event == "reasons":
        lines.append(f"请按所附告知书的要求，在期限内说明您的申请{number}的理由。")
    elif event == "extended":
        lines.append(f"您的申请{number}的答复期限经批准延长至{due_text(case)}，详见所附延期答复告知书。")
    elif event == "fee":
        lines.append(f"您的申请{number}需缴纳信息处理费，金额、计算方法和缴费方式见所附收费通知书。")
    elif event == "withdrawn":
        lines.append(f"您的申请{number}已按您的要求于{chinese_date(case.replied_on)}撤回，本机关不再处理。")
    elif event == "code_reissued":
        lines.append(f"您的申请{number}的查询码已重新生成，原查询码已停止使用。新的查询码见所附受理回执。")
    else:
        lines.append(f"您的申请{number}已于{chinese_date(case.replied_on)}作出答复，答复书见附件。")
    if letter_number:
        lines.append(f"附件：{letter_number}")
    lines += ["", case.agency.ogi_office_name or case.agency.name]
    return "\n".join(lines)


def _email(case: Case) -> str:
    return getattr(getattr(case, "applicant", None), "email", "")


def notify_applicant(case: Case, event: str, *, letter: str | None = None) -> None:
    """After commit: issue the step's letter (if any) and e-mail the applicant (if an address)."""
    if letter is None:
        if not _email(case):
            return
        transaction.on_commit(lambda: _send(case, event))
        return
    from ..tasks import send_case_notice

    transaction.on_commit(lambda: send_case_notice.enqueue(case.pk, event, letter))


def _send(case: Case, event: str, letter=None, case_letter: CaseLetter | None = None) -> None:
    email = _email(case)
    if not email:
        return
    message = EmailMessage(SUBJECTS[event], _body(case, event, letter.number if letter else ""), None, [email])
    if letter is not None:
        message.attach(letter.filename("pdf"), bytes(letter.pdf), "application/pdf")
    try:
        message.send()
    except OSError:
        # The mail server being down must not lose the case; the event log shows what was sent.
        log.warning("mail to applicant of case %s failed", case.pk)  # no address in logs
        return
    if case_letter is not None:
        CaseLetter.objects.filter(pk=case_letter.pk).update(emailed_at=timezone.now())


def deliver_notice(case_id: int, event: str, kind: str) -> str:
    """The background half of notify_applicant: issue the letter once, then e-mail it once."""
    from .letters import issue_case_letter, issued_case_letter

    case = Case.objects.select_related("agency", "applicant").filter(pk=case_id).first()
    if case is None:
        return "case gone"
    existing = issued_case_letter(case, kind)
    if existing is None:
        try:
            issue_case_letter(actor=None, actor_label=AUTO_ISSUER, case=case, kind=kind)
        except Exception:  # a broken agency template must not kill the worker; the clerk sees no letter
            log.exception("automatic %s letter for case %s failed", kind, case_id)
            return "letter failed"
        existing = issued_case_letter(case, kind)
    if existing is not None and existing.emailed_at is None:
        _send(case, event, existing.letter, existing)
    return "done"


def send_code_notice(case: Case, case_letter: CaseLetter) -> None:
    """After commit: e-mail the new receipt (with the new query code) to the applicant's address."""
    transaction.on_commit(lambda: _send(case, "code_reissued", case_letter.letter, case_letter))


def notify_extension_request(request) -> None:
    """After commit: tell the agency's office heads that a clerk asks for an extension."""
    case = request.case
    User = get_user_model()
    heads = User.objects.filter(
        memberships__agency=case.agency, memberships__role=Role.OFFICE_HEAD, is_active=True
    ).exclude(email="")
    addresses = sorted(set(heads.values_list("email", flat=True)))
    if not addresses:
        return
    body = (
        f"{request.requested_by} 申请将 {case.number} 的答复期限延长{request.days}个工作日"
        f"（现答复期限 {chinese_date(case.due_on)}）。\n理由：{request.reason}\n\n"
        "请登录工作台审批；答复期限届满后将不能再同意延期。"
    )

    def send() -> None:
        try:
            send_mail(f"延期审批：{case.number}", body, None, addresses)
        except OSError:
            log.warning("mail to office heads about case %s failed", case.pk)

    transaction.on_commit(send)
