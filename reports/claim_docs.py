"""What the claims documents share: the language check, the parties (insured, policy, buyer)
and amounts as the tables print them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TypedDict

from babel.numbers import format_decimal
from sqlalchemy.orm import Session

from buyers_db.services import get_buyer
from core.accounts.models import Insured
from core.actor import Actor
from core.errors import RuleViolation
from core.money import minor_unit_digits
from core.tenancy import owned_or_404
from reports import claim_text as claim_words
from reports import letter_text as words
from underwriting.policies.services import get_policy


def check_lang(lang: str) -> None:
    if lang not in words.LANGUAGES:
        raise RuleViolation("No documents in this language.",
                            fields={"lang": [f"One of: {', '.join(words.LANGUAGES)}."]})


class Party(TypedDict):
    name: str
    country: str
    registration: str


class BuyerParty(Party):
    address: str


class PolicyNamed(TypedDict):
    number: str
    currency: str
    start: str
    end: str


class Parties(TypedDict):
    """Who and what a claims document names, as it prints them."""

    insured: Party
    policy: PolicyNamed
    buyer: BuyerParty


class Letterhead(TypedDict):
    name: str
    department: str


class Heading(TypedDict):
    lang: str
    c: dict[str, str]
    """The words every claims document uses, in its language."""
    letterhead: Letterhead


def parties(
    session: Session, *, actor: Actor, insured_id: int, policy_id: int, buyer_id: int, lang: str
) -> Parties:
    """The insured, the policy and the buyer a claims document names, for `actor` to see."""
    insured = owned_or_404(session.get(Insured, insured_id), actor, "Insured")
    policy = get_policy(session, policy_id, actor=actor)
    buyer = get_buyer(session, buyer_id)
    return {
        "insured": {"name": insured.name, "country": words.country(insured.country, lang),
                    "registration": insured.registration_number},
        "policy": {"number": policy.number, "currency": policy.currency,
                   "start": day(policy.start_date, lang), "end": day(policy.end_date, lang)},
        "buyer": {"name": buyer.name, "country": words.country(buyer.country, lang),
                  "registration": buyer.registration_number,
                  "address": ", ".join(p for p in (buyer.address, buyer.city) if p)},
    }


def heading(lang: str) -> Heading:
    return {"lang": lang, "c": claim_words.COMMON[lang],
            "letterhead": {"name": words.LETTERHEAD[lang]["name"],
                           "department": claim_words.DEPARTMENT[lang]}}


def amount(value: Decimal | str | None, currency: str, lang: str) -> str:
    """An amount in a table: grouped, to the currency's minor unit, no symbol (the document
    names its currency once)."""
    if value is None:
        return "–"
    digits = minor_unit_digits(currency)
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return str(format_decimal(Decimal(value), format=pattern, locale=words.LOCALES[lang]))


def day(value: dt.date | str | None, lang: str) -> str:
    if value is None:
        return "–"
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    return words.day(value, lang)


def short_day(value: dt.date | str | None) -> str:
    """A date in a table column: ISO, the same in both languages."""
    if value is None:
        return "–"
    return value if isinstance(value, str) else value.isoformat()
