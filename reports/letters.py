"""Credit-limit decision letters (domain §5, §8): one PDF per limit, in English or Chinese."""

from __future__ import annotations

from typing import TypedDict

from sqlalchemy.orm import Session

from buyers_db.models import Buyer
from buyers_db.services import get_buyer
from core.accounts.models import Insured
from core.actor import Actor
from core.clock import today
from core.errors import RuleViolation
from core.tenancy import owned_or_404
from reports import letter_text as words
from reports.pdf import render_pdf, templates
from underwriting.limits.changes import get_limit
from underwriting.limits.models import CreditLimit, CreditLimitVersion
from underwriting.limits.reasons import REASONS
from underwriting.policies.models import Policy
from underwriting.policies.services import get_policy


def decision_letter(session: Session, credit_limit_id: int, *, actor: Actor, lang: str) -> bytes:
    """The decision letter of a credit limit as PDF, in English ("en") or Simplified Chinese
    ("zh"). Another tenant's limit is NotFound, as if it did not exist."""
    if lang not in words.LANGUAGES:
        raise RuleViolation("No letters in this language.",
                            fields={"lang": [f"One of: {', '.join(words.LANGUAGES)}."]})
    return render_pdf(letter_html(session, credit_limit_id, actor=actor, lang=lang))


def letter_html(session: Session, credit_limit_id: int, *, actor: Actor, lang: str) -> str:
    """The letter as HTML, its stylesheet linked relative to the report templates."""
    limit = get_limit(session, credit_limit_id, actor=actor)
    policy = get_policy(session, limit.policy_id, actor=actor)
    insured = owned_or_404(session.get(Insured, limit.insured_id), actor, "Insured")
    buyer = get_buyer(session, limit.buyer_id)
    return templates.get_template("letter.html").render(
        lang=lang, t=words.TEXT[lang], letterhead=words.LETTERHEAD[lang],
        date=words.day(today(), lang), limit=limit,
        insured=party(insured.name, insured.country, insured.registration_number, lang),
        policy={"number": policy.number, "currency": policy.currency},
        buyer=buyer_party(buyer, lang), decision=decision(limit, lang),
        conditions=_conditions(limit, policy, lang),
        history=[_version(v, limit.currency, lang) for v in limit.versions],
        reasons=_reasons(limit.versions, lang),
        cover=_cover(limit, policy, lang),
        notes=[{"decided_on": words.day(v.decided_on, lang), "text": v.request.note}
               for v in limit.versions if v.request is not None and v.request.note],
    )


def party(name: str, country: str, registration: str, lang: str) -> dict[str, str]:
    return {"name": name, "country": words.country(country, lang),
            "registration": registration}


def buyer_party(buyer: Buyer, lang: str) -> dict[str, str]:
    found = party(buyer.name, buyer.country, buyer.registration_number, lang)
    found["address"] = ", ".join(p for p in (buyer.address, buyer.city) if p)
    return found


class Decision(TypedDict):
    """A limit as a letter states it, in the letter's words."""

    type: str
    amount: str
    effective_from: str
    status: str
    pending: str | None


class VersionShown(TypedDict):
    effective_from: str
    decided_on: str
    amount: str
    change: str
    scheduled: bool
    codes: str


def decision(limit: CreditLimit, lang: str) -> Decision:
    """The limit as it stands today, from its ledger, and the change still waiting if any."""
    change, pending = limit.pending_on(today()), None
    status = limit.status_on(today()) or limit.status
    if change is not None:
        pending = words.TEXT[lang]["pending_line"].format(
            change=words.word(words.CHANGES, change.change, lang).lower(),
            amount=words.money(change.amount, limit.currency, lang),
            date=words.day(change.effective_from, lang))
    return {
        "type": words.word(words.TYPES, limit.type.value, lang),
        "amount": words.money(limit.amount_on(today()), limit.currency, lang),
        "effective_from": words.day(limit.effective_from, lang),
        "status": words.word(words.STATUSES, status.value, lang),
        "pending": pending,
    }


def _conditions(limit: CreditLimit, policy: Policy, lang: str) -> dict[str, str]:
    text = words.TEXT[lang]
    if limit.max_payment_terms_days is not None:
        terms = text["days"].format(days=limit.max_payment_terms_days)
    else:
        policy_days = policy.terms_on(today()).terms.max_credit_period_days
        terms = text["policy_terms"].format(days=policy_days)
    if limit.expires_on is not None:
        expiry = words.day(limit.expires_on, lang)
    else:
        expiry = text["no_expiry"].format(date=words.day(policy.end_date, lang))
    return {"max_terms": terms, "expiry": expiry}


def _version(version: CreditLimitVersion, currency: str, lang: str) -> VersionShown:
    return {
        "effective_from": words.day(version.effective_from, lang),
        "decided_on": words.day(version.decided_on, lang),
        "amount": words.money(version.amount, currency, lang),
        "change": words.word(words.CHANGES, version.change, lang),
        "scheduled": version.effective_from > today(),
        "codes": ", ".join(version.reason_codes),
    }


def _reasons(versions: list[CreditLimitVersion], lang: str) -> list[dict[str, str]]:
    """Every reason code in the history, once, in the order given, with its words."""
    codes = dict.fromkeys(code for v in versions for code in v.reason_codes)
    return [{"code": code, "text": getattr(REASONS[code], lang) if code in REASONS else code}
            for code in codes]


def _cover(limit: CreditLimit, policy: Policy, lang: str) -> str:
    notice = policy.terms_on(today()).terms.limit_reduction_notice_days
    key = f"cover_{limit.type.value}"
    return str(words.TEXT[lang][key]).format(policy=policy.number, days=notice)


def filename(credit_limit_id: int, lang: str) -> str:
    return f"credit-limit-{credit_limit_id}-{lang}.pdf"
