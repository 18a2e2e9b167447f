"""Art. 31: the date an application counts as received, per channel.

Rules and their sources: regulation.md §1.3 and §9.3; our reading for non-working days is in
docs/decisions/0005-receipt-on-non-working-days.md.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .calendar import WorkCalendar

ONLINE = "online"
IN_PERSON = "in_person"
REGISTERED_POST = "registered_post"
ORDINARY_POST = "ordinary_post"
FAX = "fax"
EMAIL = "email"
IMPORTED = "imported"


class ReceiptError(ValueError):
    """A fact the channel's rule needs is missing or contradictory (message in Chinese)."""


@dataclass(frozen=True)
class Receipt:
    received_on: dt.date
    note: str
    # The other defensible reading when it gives an earlier date (shown as a risk), else None.
    earlier_reading_on: dt.date | None = None


def receipt_date(
    channel: str,
    *,
    arrived_on: dt.date,
    confirmed_on: dt.date | None = None,
    signed_on: dt.date | None = None,
    calendar: WorkCalendar | None = None,
) -> Receipt:
    """Apply Art. 31. ``arrived_on`` is when it reached the agency (the platform's confirmation
    date for online applications); ``signed_on`` the signature date for post that needs one;
    ``confirmed_on`` the date both sides confirmed (fax, e-mail) or the agency confirmed with
    the applicant (ordinary post)."""
    if channel in (ONLINE, IN_PERSON, IMPORTED):
        if channel == ONLINE:
            note = "网上申请：以平台确认提交成功之日为收到申请之日（条例第三十一条第三项，最高人民法院指导案例26号）"
            if calendar is not None and not _workday(calendar, arrived_on):
                note += "；提交日为休息日，仍以该日为准"
        elif channel == IN_PERSON:
            note = "当面提交：以提交之日为收到申请之日（条例第三十一条第一项）"
        else:
            note = "按登记簿记载的收到日期"
        return Receipt(arrived_on, note)
    if channel == REGISTERED_POST:
        if signed_on is None:
            raise ReceiptError("邮寄申请需填写本机关签收日期")
        _not_before(signed_on, arrived_on, "签收日期")
        return Receipt(signed_on, "邮寄申请：以本机关签收之日为收到申请之日（条例第三十一条第二项）")
    if channel in (ORDINARY_POST, FAX, EMAIL):
        if confirmed_on is None:
            what = "与申请人确认的日期" if channel == ORDINARY_POST else "双方确认的日期"
            raise ReceiptError(f"需填写{what}")
        _not_before(confirmed_on, arrived_on, "确认日期")
        if channel == ORDINARY_POST:
            note = "平信邮寄：以当日与申请人确认之日为收到申请之日（条例第三十一条第二项）"
            if confirmed_on != arrived_on:
                note += f"；信件 {arrived_on.isoformat()} 到达，未能当日确认"
        else:
            note = "传真、电子邮件：以双方确认之日为收到申请之日（条例第三十一条第三项）"
        earlier = arrived_on if arrived_on < confirmed_on else None
        if earlier is not None:
            note += f"；到达日 {arrived_on.isoformat()} 早于确认日，按到达日计算的期限更早，请留意"
        return Receipt(confirmed_on, note, earlier)
    raise ReceiptError(f"未知的申请方式“{channel}”")


def _workday(calendar: WorkCalendar, day: dt.date) -> bool:
    # Only a note depends on it, so an unloaded year gets the provisional answer (decision 0016).
    return calendar.is_workday_provisional(day)


def _not_before(day: dt.date, arrived_on: dt.date, label: str) -> None:
    if day < arrived_on:
        raise ReceiptError(f"{label}不能早于到达日期")
