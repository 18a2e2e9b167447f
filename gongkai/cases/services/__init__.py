"""Every change to a case goes through these functions (guard → save → audit event → side effects)."""

from .duplicates import similar_cases
from .intake import lookup_case, register_case
from .letters import available_letters, issue_case_letter
from .workflow import (
    CaseStateError,
    assign_case,
    claim_case,
    close_unpaid,
    deem_abandoned,
    extend_deadline,
    issue_fee_notice,
    issue_reply,
    record_delivery,
    record_fee_notice_received,
    record_opinion,
    record_payment,
    record_reasons,
    record_supplement,
    request_reasons,
    request_supplement,
    start_consultation,
    view_applicant,
    withdraw_case,
)

__all__ = [
    "CaseStateError",
    "assign_case",
    "available_letters",
    "claim_case",
    "close_unpaid",
    "deem_abandoned",
    "extend_deadline",
    "issue_case_letter",
    "issue_fee_notice",
    "issue_reply",
    "lookup_case",
    "record_delivery",
    "record_fee_notice_received",
    "record_opinion",
    "record_payment",
    "record_reasons",
    "record_supplement",
    "register_case",
    "request_reasons",
    "request_supplement",
    "similar_cases",
    "start_consultation",
    "view_applicant",
    "withdraw_case",
]
