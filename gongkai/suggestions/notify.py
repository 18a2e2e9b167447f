"""E-mail to the writer of a message, sent after the transaction commits (a rollback sends nothing).

Only the reply is mailed. A receipt mail is deliberately not sent: the public form would then mail
any address typed into it, which makes the box a tool for flooding strangers' inboxes; the done
page shows the number and query code instead.
"""

from __future__ import annotations

import logging

from django.core.mail import send_mail
from django.db import transaction

from .models import Message

log = logging.getLogger(__name__)


def _body(message: Message) -> str:
    agency = message.agency
    lines = [
        f"{message.name or '您好'}：",
        "",
        f"您于{message.received_on:%Y年%m月%d日}在{agency.name}意见箱的留言（编号 {message.number}，"
        f"标题“{message.subject}”）已于{message.replied_on:%Y年%m月%d日}答复：",
        "",
        message.reply,
        "",
        "您也可以凭留言编号和查询码在本机关网站意见箱查询答复。",
        "",
        agency.ogi_office_name or agency.name,
    ]
    return "\n".join(lines)


def notify_writer_of_reply(message: Message) -> None:
    if not message.contact_is_email:
        return
    address = message.contact

    def send() -> None:
        try:
            send_mail(f"您的留言已答复（{message.number}）", _body(message), None, [address])
        except OSError:
            # A mail server that is down must not undo the reply; the writer can still look it up.
            log.warning("mail to writer of message %s failed", message.pk)  # no address in logs

    transaction.on_commit(send)
