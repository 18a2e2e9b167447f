"""Every change to a case goes through these functions (guard → save → audit event → side effects)."""

from .duplicates import similar_cases
from .extensions import decide_extension, extend_deadline, request_extension
from .fees import close_unpaid, issue_fee_notice, record_fee_notice_received, record_payment
from .intake import lookup_case, register_case, reissue_query_code
from .letters import available_letters, issue_case_letter
from .replies import PartFacts, issue_reply, record_delivery, withdraw_case
from .steps import CaseStateError, StaleForm, check_step, refusal
from .workflow import (
    assign_case,
    claim_case,
    deem_abandoned,
    record_opinion,
    record_reasons,
    record_supplement,
    request_reasons,
    request_supplement,
    start_consultation,
    view_applicant,
)

__all__ = [
    "CaseStateError",
    "PartFacts",
    "StaleForm",
    "assign_case",
    "available_letters",
    "check_step",
    "claim_case",
    "close_unpaid",
    "decide_extension",
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
    "refusal",
    "register_case",
    "reissue_query_code",
    "request_extension",
    "request_reasons",
    "request_supplement",
    "similar_cases",
    "start_consultation",
    "view_applicant",
    "withdraw_case",
]
