"""The letter answering a decided limit request, refusals included, in English or Chinese.

A refusal (a zero decision is one) never reads as a grant: it says no limit was granted and
which limit, if any, stays in force. The amount in force is read from the limit's ledger on
the day the letter is printed, so a reduction still waiting for its date shows as such."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TypedDict

from sqlalchemy.orm import Session

from buyers_db.services import get_buyer
from core.accounts.models import Insured
from core.actor import Actor
from core.clock import today
from core.errors import Conflict, RuleViolation
from core.tenancy import owned_or_404
from reports import letter_text as words
from reports import request_letter_text as request_words
from reports.letters import buyer_party, decision, party
from reports.pdf import render_pdf, templates
from underwriting.limits import grants
from underwriting.limits.models import CreditLimit, LimitRequest, RequestStatus
from underwriting.limits.reasons import REASONS
from underwriting.limits.requests import get_request
from underwriting.policies.services import get_policy


def request_letter(session: Session, request_id: int, *, actor: Actor, lang: str) -> bytes:
    """The decision letter of a limit request as PDF. Another tenant's request is NotFound; one
    still waiting for an underwriter has no letter yet (Conflict)."""
    if lang not in words.LANGUAGES:
        raise RuleViolation("No letters in this language.",
                            fields={"lang": [f"One of: {', '.join(words.LANGUAGES)}."]})
    return render_pdf(request_letter_html(session, request_id, actor=actor, lang=lang))


def request_letter_html(session: Session, request_id: int, *, actor: Actor, lang: str) -> str:
    asked = get_request(session, request_id, actor=actor)
    if asked.status is RequestStatus.REFERRED:
        raise Conflict("The request is not decided yet: its letter comes with the decision.")
    policy = get_policy(session, asked.policy_id, actor=actor)
    insured = owned_or_404(session.get(Insured, asked.insured_id), actor, "Insured")
    limit = asked.credit_limit or grants.insurer_limit(session, asked.policy_id, asked.buyer_id)
    return templates.get_template("request_letter.html").render(
        lang=lang, t={**words.TEXT[lang], **request_words.TEXT[lang]},
        letterhead=words.LETTERHEAD[lang], date=words.day(today(), lang), req=asked,
        insured=party(insured.name, insured.country, insured.registration_number, lang),
        policy={"number": policy.number, "currency": policy.currency},
        buyer=buyer_party(get_buyer(session, asked.buyer_id), lang),
        answer=_answer(asked, limit, lang),
        limit=decision(limit, lang) if limit is not None else None, limit_id=_id(limit),
        reasons=[{"code": code, "text": getattr(REASONS[code], lang) if code in REASONS
                  else code} for code in asked.reason_codes],
    )


class Answer(TypedDict):
    """A request's answer in the letter's words; `max_terms` and `expiry` only on a grant."""

    kind: str
    outcome: str
    asked: str
    terms: str
    granted: str | None
    in_force: str
    decided_on: str
    lines: list[str]
    max_terms: str | None
    expiry: str | None


def _answer(asked: LimitRequest, limit: CreditLimit | None, lang: str) -> Answer:
    text = request_words.TEXT[lang]
    granted = asked.decided_amount or Decimal(0)
    refused = asked.status is RequestStatus.REFUSED or granted == 0
    in_force = limit.amount_on(today()) if limit is not None else Decimal(0)
    lines = []
    if refused:
        lines.append(text["refused_line"])
        if in_force > 0:
            lines.append(text["kept_line"].format(
                amount=words.money(in_force, asked.currency, lang)))
    elif asked.kind.value == "decrease":
        lines.append(text["decrease_line"].format(
            amount=words.money(granted, asked.currency, lang)))
    granted_on = {} if refused else _conditions(asked, lang)
    return {
        "kind": words.word(request_words.KINDS, asked.kind.value, lang),
        "outcome": words.word(request_words.OUTCOMES, "refused" if refused
                              else asked.status.value, lang),
        "asked": words.money(asked.amount, asked.currency, lang),
        "terms": words.TEXT[lang]["days"].format(days=asked.payment_terms_days),
        "granted": None if refused else words.money(granted, asked.currency, lang),
        "in_force": words.money(in_force, asked.currency, lang) if in_force > 0
        else text["no_limit"],
        "decided_on": words.day((asked.decided_at or asked.created_at).date(), lang),
        "lines": lines,
        "max_terms": granted_on.get("max_terms"), "expiry": granted_on.get("expiry"),
    }


def _conditions(asked: LimitRequest, lang: str) -> dict[str, str]:
    """The underwriter's conditions on a grant, in the letter's words."""
    found: dict[str, str] = {}
    terms, expires = asked.conditions.get("max_payment_terms_days"), asked.conditions.get(
        "expires_on")
    if terms:
        found["max_terms"] = words.TEXT[lang]["days"].format(days=terms)
    if expires:
        found["expiry"] = words.day(dt.date.fromisoformat(expires), lang)
    return found


def _id(limit: CreditLimit | None) -> int | None:
    return limit.id if limit is not None else None


def filename(request_id: int, lang: str) -> str:
    return f"limit-request-{request_id}-{lang}.pdf"
