"""The states of collection cases, disputes and claims, and the moves allowed between them.

Each machine is data (core.states.Machine): an enum of states and a table of
(state, action) -> next state; its one `transition()` refuses any other move with
`InvalidTransition` (409) and records the audit row in the same transaction as the change.
"""

from __future__ import annotations

import enum

from core.outbox import EventType
from core.states import Machine


class CaseStatus(enum.StrEnum):
    OPEN = "open"          # collecting
    CLAIMED = "claimed"    # a claim is in progress on the case
    CLOSED = "closed"      # paid in full, or settled by a paid claim


class DisputeStatus(enum.StrEnum):
    OPEN = "open"
    RESOLVED = "resolved"
    CARRIED_OVER = "carried_over"  # still open when a paid claim closed its case


class DisputeOutcome(enum.StrEnum):
    OWED = "owed"            # the buyer was wrong: the amount is owed and back in the case
    NOT_OWED = "not_owed"    # the buyer was right: the amount is no longer owed


class ClaimStatus(enum.StrEnum):
    OPEN = "open"
    ASSESSED = "assessed"
    APPROVED = "approved"
    REJECTED = "rejected"
    PAID = "paid"


CASE = Machine("collection_case", {
    (CaseStatus.OPEN, "claim"): CaseStatus.CLAIMED,
    (CaseStatus.OPEN, "close"): CaseStatus.CLOSED,
    (CaseStatus.CLAIMED, "reopen"): CaseStatus.OPEN,    # the claim was rejected
    (CaseStatus.CLAIMED, "close"): CaseStatus.CLOSED,   # the claim was paid
})

DISPUTE = Machine("dispute", {
    (DisputeStatus.OPEN, "resolve"): DisputeStatus.RESOLVED,
    # the claim paid without the disputed part: it stays the insured's, outside the claim
    (DisputeStatus.OPEN, "carry_over"): DisputeStatus.CARRIED_OVER,
})

CLAIM = Machine("claim", {
    (ClaimStatus.OPEN, "assess"): ClaimStatus.ASSESSED,
    (ClaimStatus.ASSESSED, "assess"): ClaimStatus.ASSESSED,   # again, on newer facts
    (ClaimStatus.ASSESSED, "approve"): ClaimStatus.APPROVED,
    (ClaimStatus.OPEN, "reject"): ClaimStatus.REJECTED,
    (ClaimStatus.ASSESSED, "reject"): ClaimStatus.REJECTED,
    (ClaimStatus.APPROVED, "pay"): ClaimStatus.PAID,
}, event=EventType.CLAIM_STATUS_CHANGED)
