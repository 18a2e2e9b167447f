"""Every change to a catalogue document: guarded by the transition table, versioned and audited.

One module per part of the work: ``drafting``, ``review``, ``publishing``, ``versions``, ``words``,
``declarations``; ``common`` holds the transition table and who may act. Callers import from this package.
"""

from .common import (
    ALLOWED,
    DRAFTERS,
    EDITABLE_FIELDS,
    STEP_LABELS,
    STEP_ROLES,
    DocumentStateError,
    PublicationBlocked,
    _acting,
    _event,
    _guard,
    _lock,
    _today,
)
from .declarations import declare_no_information, withdraw_declaration
from .drafting import allocate_index_number, draft_document, mask_personal_data, update_document
from .publishing import publish_document, release_scheduled, repeal_document, unpublish_document
from .review import (
    approve_by_department,
    record_secrecy_review,
    reject_document,
    sign_off,
    submit_document,
    withdraw_document,
)
from .steps import FORWARD, NEXT_STEP, check_step, companions, department_heads, refusal
from .versions import _version, diff_versions, may_read_originals, read_masked_original, snapshot
from .words import add_check_word, remove_check_word

__all__ = [
    "ALLOWED",
    "DRAFTERS",
    "EDITABLE_FIELDS",
    "FORWARD",
    "NEXT_STEP",
    "STEP_LABELS",
    "STEP_ROLES",
    "DocumentStateError",
    "PublicationBlocked",
    "_acting",
    "_event",
    "_guard",
    "_lock",
    "_today",
    "_version",
    "add_check_word",
    "allocate_index_number",
    "approve_by_department",
    "check_step",
    "companions",
    "declare_no_information",
    "department_heads",
    "diff_versions",
    "draft_document",
    "mask_personal_data",
    "may_read_originals",
    "publish_document",
    "read_masked_original",
    "record_secrecy_review",
    "refusal",
    "reject_document",
    "release_scheduled",
    "remove_check_word",
    "repeal_document",
    "sign_off",
    "snapshot",
    "submit_document",
    "unpublish_document",
    "update_document",
    "withdraw_declaration",
    "withdraw_document",
]
