"""Registering applications: receipt date, case number, query code, first statutory dates."""

from __future__ import annotations

import datetime as dt
import re
import secrets
import unicodedata
from dataclasses import dataclass, field

from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.core.audit import record_event
from gongkai.core.sequences import take_next
from gongkai.deadlines.calendars import current_calendar
from gongkai.letters.models import LetterKind
from gongkai.organizations.models import Agency
from gongkai.statute.periods import REPLY_WORKING_DAYS, SUPPLEMENT_NOTICE_WORKING_DAYS
from gongkai.statute.receipt import ReceiptError, receipt_date

from ..models import Applicant, Attachment, Case, CaseCounter, CaseLetter, Channel, Deadline
from . import clock
from .notify import notify_applicant, send_code_notice
from .steps import check_step, event, lock, save, today

# Readable, unambiguous characters for the query code (no 0/O, 1/I/L).
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8


@dataclass
class ApplicantFacts:
    kind: str
    name: str
    id_type: str = ""
    id_number: str = ""
    legal_representative: str = ""
    contact_person: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    postcode: str = ""


@dataclass
class UploadedFile:
    name: str
    content_type: str
    data: bytes


@dataclass
class Registration:
    case: Case
    query_code: str  # shown once; only its hash is stored
    created: bool = True
    attachments: list[UploadedFile] = field(default_factory=list)


def allocate_number(agency: Agency, year: int) -> tuple[int, str]:
    """Next sequence number of the agency's year, under a row lock (no duplicates, no gaps on commit)."""
    seq = take_next(CaseCounter, agency=agency, year=year)
    prefix = agency.short_name or agency.name
    return seq, f"{prefix}依申〔{year}〕{seq}号"


def new_query_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def register_case(
    *,
    agency: Agency,
    channel: str,
    applicant: ApplicantFacts,
    description: str,
    arrived_on: dt.date,
    confirmed_on: dt.date | None = None,
    signed_on: dt.date | None = None,
    document_number: str = "",
    provision_form: str = "",
    delivery_preference: str = "",
    submission_key: str = "",
    attachments: list[UploadedFile] | None = None,
    actor=None,
    actor_label: str = "",
    submitted_at: dt.datetime | None = None,
) -> Registration:
    """Register an application (online or at the counter). A repeated submission with the same
    ``submission_key`` returns the existing case instead of a second one."""
    now = today()
    for label, day in (("到达日期", arrived_on), ("确认日期", confirmed_on), ("签收日期", signed_on)):
        if day is not None and day > now:
            raise ValidationError({"received_on": f"{label}（{day.isoformat()}）不能晚于今天（{now.isoformat()}）"})
    if submission_key:
        existing = Case.objects.filter(agency=agency, submission_key=submission_key).first()
        if existing is not None:
            return Registration(existing, "", created=False)
    try:
        receipt = receipt_date(
            channel, arrived_on=arrived_on, confirmed_on=confirmed_on, signed_on=signed_on, calendar=current_calendar()
        )
    except ReceiptError as e:
        raise ValidationError({"received_on": str(e)}) from None
    try:
        with transaction.atomic():
            return _register(
                agency,
                channel,
                applicant,
                description,
                receipt,
                document_number,
                provision_form,
                delivery_preference,
                submission_key,
                attachments or [],
                actor,
                actor_label,
                submitted_at,
            )
    except IntegrityError:
        # Two identical submissions raced: the other one won; hand back its case.
        if submission_key:
            existing = Case.objects.filter(agency=agency, submission_key=submission_key).first()
            if existing is not None:
                return Registration(existing, "", created=False)
        raise


def _register(
    agency,
    channel,
    applicant,
    description,
    receipt,
    document_number,
    provision_form,
    delivery_preference,
    submission_key,
    attachments,
    actor,
    actor_label,
    submitted_at,
):
    year = receipt.received_on.year
    seq, number = allocate_number(agency, year)
    code = new_query_code()
    case = Case(
        agency=agency,
        number=number,
        year=year,
        seq=seq,
        query_code_hash=make_password(code),
        submission_key=submission_key,
        channel=channel,
        submitted_at=submitted_at or timezone.now(),
        received_on=receipt.received_on,
        receipt_note=receipt.note,
        applicant_kind=applicant.kind,
        applicant_name=applicant.name.strip(),
        description=description.strip(),
        document_number=document_number,
        provision_form=provision_form,
        delivery_preference=delivery_preference,
        clock_started_on=receipt.received_on,
        due_on=receipt.received_on,
    )
    case.save()
    Applicant.objects.create(
        case=case,
        id_type=applicant.id_type,
        id_number=applicant.id_number,
        legal_representative=applicant.legal_representative,
        contact_person=applicant.contact_person,
        phone=applicant.phone,
        email=applicant.email,
        address=applicant.address,
        postcode=applicant.postcode,
    )
    for upload in attachments:
        Attachment.objects.create(
            case=case, name=upload.name, content_type=upload.content_type, data=upload.data, size=len(upload.data)
        )
    clock.recompute_reply_due(case)
    case.save(update_fields=["due_on", "due_provisional", "due_explanation"])
    clock.add_deadline(
        case,
        Deadline.Kind.SUPPLEMENT_NOTICE,
        case.received_on,
        SUPPLEMENT_NOTICE_WORKING_DAYS,
        prefix="补正告知应在收到申请后7个工作日内一次性发出：",
    )
    record_event(
        code="case.registered",
        summary=f"登记申请 {number}（{Channel(channel).label}，收到日期 {case.received_on.isoformat()}）",
        actor=actor,
        actor_label=actor_label or ("申请人（网上）" if channel == Channel.ONLINE else ""),
        agency=agency,
        target=case,
        data={
            "channel": channel,
            "received_on": case.received_on.isoformat(),
            "due_on": case.due_on.isoformat(),
            "receipt_note": receipt.note,
        },
    )
    notify_applicant(case, "registered")
    return Registration(case, code)


@transaction.atomic
def reissue_query_code(*, actor, case: Case, revision: int | None = None) -> tuple[str, CaseLetter]:
    """Give the case a new query code (the old one stops working) and a new 受理回执 carrying it.

    For an applicant who lost the code. The code itself is never logged; the new receipt is the
    one record of it, and it is e-mailed to the applicant's own address when there is one.
    """
    from .letters import issue_case_letter, issued_case_letter

    case = lock(case, revision)
    check_step(case, "reissue_code", actor=actor)
    code = new_query_code()
    case.query_code_hash = make_password(code)
    save(case, "query_code_hash")
    event(case, "case.query_code_reissued", "重新生成查询码（原查询码停止使用），出具新的受理回执", actor)
    issue_case_letter(actor=actor, case=case, kind=LetterKind.RECEIPT, query_code=code)
    receipt = issued_case_letter(case, LetterKind.RECEIPT)
    send_code_notice(case, receipt)
    return code, receipt


def lookup_case(*, agency: Agency, number: str, code: str) -> Case | None:
    """The case whose number and query code match, else None (the caller rate-limits).

    The number may be typed loosely ("2024-12", "2024年第12号"): its year and sequence decide.
    """
    match = re.search(r"(\d{4})\D+(\d+)", unicodedata.normalize("NFKC", number or ""))
    case = None
    if match:
        case = Case.objects.filter(agency=agency, year=int(match[1]), seq=int(match[2])).first()
    if case is None or not case.query_code_hash:
        make_password(code or "")  # same work either way: no timing oracle for valid numbers
        return None
    return case if check_password((code or "").strip().upper(), case.query_code_hash) else None


__all__ = [
    "REPLY_WORKING_DAYS",
    "ApplicantFacts",
    "Registration",
    "UploadedFile",
    "lookup_case",
    "register_case",
    "reissue_query_code",
]
