"""Information-processing fees (国办函〔2020〕109号): the notice, its receipt, payment or lapse."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.letters.models import LetterKind
from gongkai.statute.fees import FeeMethod, per_request_price, per_volume_fee
from gongkai.statute.periods import FEE_PAYMENT_WORKING_DAYS

from ..models import Applicant, Case, Deadline, FeeNotice, Status
from . import clock
from .notify import notify_applicant
from .replies import close_case
from .steps import CLOCK_FIELDS, check_step, event, lock, not_before, not_future, reclock, save, today

# More pages than any real request; stops absurd figures before they reach the arithmetic.
MAX_PAGES = 1_000_000


def fee_amount(case: Case, method: str, units: int) -> Decimal:
    """Per request: the price of this request's place among the applicant's requests of that
    calendar month; per volume: the page bands."""
    if method == FeeMethod.PER_VOLUME:
        return Decimal(per_volume_fee(units))
    return Decimal(per_request_price(units))


def nth_request_in_month(case: Case) -> int:
    """This case's position among the same applicant's requests to the agency in its month."""
    applicant = Applicant.objects.filter(case=case).first()
    same = Case.objects.filter(
        agency=case.agency, received_on__year=case.received_on.year, received_on__month=case.received_on.month
    )
    if applicant and applicant.id_number:
        same = same.filter(applicant__id_number=applicant.id_number)
    else:
        same = same.filter(applicant_name=case.applicant_name)
    return same.filter(received_on__lte=case.received_on, pk__lte=case.pk).count()


@transaction.atomic
def issue_fee_notice(
    *, actor, case: Case, method: str, pages: int = 0, on: dt.date | None = None, revision: int | None = None
) -> FeeNotice:
    case = lock(case, revision)
    now = today()
    check_step(case, "fee_notice", actor=actor, now=now)
    on = on or now
    not_future(on, "on", "收费通知发出日期", now=now)
    not_before(on, case.clock_started_on, "on", "收费通知发出日期不能早于答复期限起算日")
    if on > case.due_on:
        raise ValidationError({"on": f"收费通知应当在答复期限（{case.due_on.isoformat()}）内发出"})
    if method not in FeeMethod:
        raise ValidationError({"method": "收费方式应为按件计收或按量计收（不得同时适用）"})
    if method == FeeMethod.PER_VOLUME and not 0 <= pages <= MAX_PAGES:
        raise ValidationError({"pages": f"页数应在0至{MAX_PAGES:,}之间"})
    units = nth_request_in_month(case) if method == FeeMethod.PER_REQUEST else pages
    amount = fee_amount(case, method, units)
    if amount <= 0:
        where = f"本月第{units}件申请" if method == FeeMethod.PER_REQUEST else f"{units}页"
        raise ValidationError({"method": f"{FeeMethod(method).label}，本申请（{where}）在免费范围内，不收费"})
    notice = FeeNotice.objects.create(case=case, method=method, units=units, amount=amount, issued_on=on)
    case.status = Status.FEE_NOTIFIED
    reclock(case, now=now)
    save(case, "status", *CLOCK_FIELDS)
    event(
        case,
        "case.fee_notified",
        f"发出收费通知，{FeeMethod(method).label}，金额 {amount} 元",
        actor,
        method=method,
        units=units,
        amount=str(amount),
    )
    notify_applicant(case, "fee", letter=LetterKind.FEE)
    return notice


@transaction.atomic
def record_fee_notice_received(*, actor, case: Case, received_on: dt.date, revision: int | None = None) -> FeeNotice:
    """The applicant received the notice: 20 working days to pay, from the next day."""
    case = lock(case, revision)
    now = today()
    check_step(case, "fee_received", actor=actor, now=now)
    notice = case.fee_notice
    not_future(received_on, "received_on", "申请人收到收费通知的日期", now=now)
    not_before(received_on, notice.issued_on, "received_on", f"收到日期不能早于发出日期（{notice.issued_on}）")
    notice.received_on = received_on
    notice.pay_by = clock.span(received_on, FEE_PAYMENT_WORKING_DAYS).end
    notice.save(update_fields=["received_on", "pay_by"])
    clock.add_deadline(
        case,
        Deadline.Kind.FEE_PAYMENT,
        received_on,
        FEE_PAYMENT_WORKING_DAYS,
        prefix="申请人应自收到收费通知次日起20个工作日内缴费：",
    )
    reclock(case, now=now, was_running=False)
    save(case, *CLOCK_FIELDS)
    event(
        case,
        "case.fee_notice_received",
        f"申请人 {received_on.isoformat()} 收到收费通知，缴费期限 {notice.pay_by.isoformat()}",
        actor,
        pay_by=notice.pay_by,
    )
    return notice


@transaction.atomic
def record_payment(*, actor, case: Case, paid_on: dt.date, revision: int | None = None) -> Case:
    case = lock(case, revision)
    now = today()
    check_step(case, "payment", actor=actor, now=now)
    notice = case.fee_notice
    not_future(paid_on, "paid_on", "缴费日期", now=now)
    first = notice.received_on or notice.issued_on
    not_before(paid_on, first, "paid_on", f"缴费日期不能早于申请人收到收费通知的日期（{first.isoformat()}）")
    notice.paid_on = paid_on
    notice.save(update_fields=["paid_on"])
    clock.meet(case, Deadline.Kind.FEE_PAYMENT, paid_on)
    case.status = Status.REGISTERED
    reclock(case, now=now, was_running=False)
    save(case, "status", *CLOCK_FIELDS)
    event(
        case,
        "case.fee_paid",
        f"申请人已缴费 {notice.amount} 元，答复期限 {case.due_on.isoformat()}",
        actor,
        paid_on=paid_on,
        due_on=case.due_on,
    )
    return case


@transaction.atomic
def close_unpaid(*, actor, case: Case, on: dt.date | None = None, revision: int | None = None) -> Case:
    """No payment within 20 working days of receiving the notice: processing stops (（六）2)."""
    case = lock(case, revision)
    now = today()
    on = on or now
    check_step(case, "close_unpaid", actor=actor, now=on)
    not_future(on, "on", "终止办理日期", now=now)
    close_case(case, "other_unpaid_fee", on, actor, "申请人逾期未缴纳信息处理费，视为放弃申请，不再处理")
    return case
