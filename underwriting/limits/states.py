"""The moves of limit requests and credit limits: each a table in a `core.states.Machine`.

A request is created already decided by the engine (approved, partial, refused) or referred;
only a referral moves again, once, by an underwriter's decision. A limit is active until it is
cancelled, withdrawn or lapses; an insurer's new decision on a cancelled or withdrawn limit
grants it again, in the same row, so the history of a (policy, buyer) limit stays in one place.
A limit past its expiry date reads `expired` from its history: nothing moves it there.
"""

from __future__ import annotations

from core.states import Machine
from underwriting.limits.models import LimitStatus, RequestStatus

REQUEST = Machine("limit_request", {
    (RequestStatus.REFERRED, "approve"): RequestStatus.APPROVED,
    (RequestStatus.REFERRED, "approve_in_part"): RequestStatus.PARTIAL,
    (RequestStatus.REFERRED, "refuse"): RequestStatus.REFUSED,
})

DECISIONS = {"approved": "approve", "partial": "approve_in_part", "refused": "refuse",
             "zero": "refuse"}
"""The underwriter's outcome and the request's move it makes."""

LIMIT = Machine("credit_limit", {
    (LimitStatus.ACTIVE, "increase"): LimitStatus.ACTIVE,   # the insurer grants more (or as much)
    (LimitStatus.ACTIVE, "reduce"): LimitStatus.ACTIVE,     # the insurer grants less, after notice
    (LimitStatus.ACTIVE, "decrease"): LimitStatus.ACTIVE,   # the insured asks for less: at once
    (LimitStatus.ACTIVE, "change"): LimitStatus.ACTIVE,     # the insured's discretionary amount
    (LimitStatus.ACTIVE, "cancel"): LimitStatus.CANCELLED,  # the insured's, at once
    (LimitStatus.ACTIVE, "withdraw"): LimitStatus.WITHDRAWN,
    (LimitStatus.WITHDRAWN, "withdraw"): LimitStatus.WITHDRAWN,  # brought forward: insolvency
    (LimitStatus.ACTIVE, "lapse"): LimitStatus.LAPSED,      # discretionary, the insurer decided
    (LimitStatus.WITHDRAWN, "regrant"): LimitStatus.ACTIVE,
    (LimitStatus.CANCELLED, "regrant"): LimitStatus.ACTIVE,
})
