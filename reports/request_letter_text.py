"""The words of the letter answering a limit request, in English and Simplified Chinese; the
limit's own words (types, changes, closing) come from `letter_text`."""

from __future__ import annotations

from core.catalogue import Words

TEXT = Words("request letter", {
    "title": "Decision on your credit limit request",
    "request_no": "Request no.", "your_reference": "Your reference",
    "request": "Your request", "kind": "Request", "asked": "Amount asked",
    "terms_asked": "Payment terms asked", "decided_on": "Decided on",
    "outcome": "Decision", "granted": "Granted",
    "in_force": "Limit in force today", "no_limit": "None",
    "refused_line": "We cannot grant this request.",
    "kept_line": "Your limit of {amount} on this buyer stays in force as it was.",
    "decrease_line": "Your limit is decreased to {amount} at once, as you asked.",
    "note": "Note from the underwriter",
})

KINDS = Words("request letter", {
    "new": "New limit", "increase": "Increase", "decrease": "Decrease",
})

OUTCOMES = Words("request letter", {
    "approved": "Approved", "partial": "Approved in part", "refused": "Refused",
})
