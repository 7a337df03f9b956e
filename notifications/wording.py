"""What each event says to a person, in English (its Chinese in the catalogue), and where it
links.

E-mail is written by the worker, outside any request, so it cannot use the portal's request
locale: the user's own `locale` chooses the language here.
"""

from __future__ import annotations

from typing import Any

from core.catalogue import Words
from core.plain import Document

LANGUAGES = ("en", "zh")

SUBJECTS = Words("e-mail", {
    "limit.decided": "Credit limit decision on request {id}: {status}",
    "limit.changed": "Credit limit {id} {change}",
    "buyer.grade_changed": "Buyer {buyer_id}: grade {previous_grade} → {grade}",
    "deadline.approaching": "Deadline in {days_left} days: {kind} on {date}",
    "case.stage_changed": "Collection case {id} moved to {stage}",
    "claim.status_changed": "Claim {id} is now {status}",
    "premium.invoiced": "Premium invoice {number}: {amount} {currency}",
    "message.written": "New message on {object} from {sender}",
    "webhook.disabled": "Webhook {id} was disabled after failing for 3 days",
})

DEADLINE_KINDS = Words("e-mail", {
    "notification_deadline": "overdue notification deadline",
    "claim_filing_deadline": "claim filing deadline",
    "mep_expiry": "end of the maximum extension period",
})

OBJECTS = Words("e-mail", {"claim": "claim {id}", "case": "case {id}"})
SENDERS = Words("e-mail", {"insurer": "the insurer", "insured": "the insured"})
LINK_TEXT = Words("e-mail", "Open in the portal")
GREETING = Words("e-mail", "Hello {name},")
FOOTER = Words("e-mail", "You receive this because of your notification settings: {url}")
DIGEST_SUBJECT = Words("e-mail", "Your daily summary: {count} notifications")
SETTINGS_PATH = "/account/notifications"


def language(locale: str | None) -> str:
    return locale if locale in LANGUAGES else "en"


def subject(event_type: str, data: Document, lang: str) -> str:
    lang = language(lang)
    kind, sender = str(data.get("kind")), str(data.get("from"))
    claim, case = data.get("claim_id"), data.get("case_id")
    about = OBJECTS[lang]["claim"].format(id=claim) if claim else \
        OBJECTS[lang]["case"].format(id=case)
    values = _Missing({**data, "kind": DEADLINE_KINDS[lang].get(kind, kind),
                       "sender": SENDERS[lang].get(sender, "?"), "object": about})
    return str(SUBJECTS[lang][event_type]).format_map(values)


def facts(data: Document) -> list[tuple[str, str]]:
    """The event's data as (name, value) lines, for the body."""
    return [(key.replace("_", " "), _shown(value)) for key, value in data.items()
            if value is not None and value != [] and value != {}]


def object_path(object_type: str, object_id: int | None, data: Document) -> str:
    """Where in the portal the event's object is shown."""
    paths = {
        "limit_request": "/limits/requests/{id}", "credit_limit": "/limits/{id}",
        "buyer": "/buyers/{id}", "collection_case": "/cases/{id}", "claim": "/claims/{id}",
        "webhook": "/account/webhooks", "receivables": "/policies/{id}/receivables",
    }
    if object_type == "premium_invoice":
        return f"/api/v1/premium-invoices/{object_id}"
    return paths.get(object_type, "/").format(id=object_id)


def _shown(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


class _Missing(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "?"
