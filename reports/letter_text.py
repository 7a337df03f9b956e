"""The words of the credit-limit decision letter in English and Simplified Chinese, and the
locale-aware formatting of its amounts, dates and countries (Babel; no Flask here)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_currency

from core.catalogue import Words

LANGUAGES = ("en", "zh")
LOCALES = {"en": "en_GB", "zh": "zh_Hans_CN"}

# The insurer's letterhead: a setting of the deployment, kept neutral here.
LETTERHEAD = Words("letter", {
    "name": "Trade Credit Insurer", "department": "Credit Limits Department",
})

TEXT = Words("letter", {
    "title": "Credit limit decision",
    "date": "Date", "limit_no": "Credit limit no.", "to": "To",
    "registration": "Reg. no.", "policy": "Policy", "currency": "Currency",
    "buyer": "Buyer", "name": "Name", "country": "Country",
    "decision": "Decision", "type": "Type", "amount": "Amount",
    "effective_from": "Effective from", "status": "Status",
    "pending": "Scheduled change", "pending_line": "{change} to {amount} from {date}",
    "conditions": "Conditions", "max_terms": "Maximum payment terms",
    "days": "{days} days", "policy_terms": "{days} days (the policy's maximum credit period)",
    "expiry": "Expiry", "no_expiry": "None: runs with the policy, to {date}",
    "history": "History of changes", "decided_on": "Decided on", "change": "Change",
    "reasons": "Reasons", "no_reasons": "No reason codes were given for this limit.",
    "scheduled": "scheduled", "notes": "Notes from the underwriter",
    "cover_insurer": (
        "Under policy {policy}, this limit covers your deliveries to the buyer made on or "
        "after the effective date, on payment terms no longer than the maximum above, up to "
        "the amount shown at any one time. The insurer may reduce or withdraw it by notice "
        "to you: a reduction or withdrawal applies to deliveries made from {days} days after "
        "the notice, and deliveries made before stay covered by the previous amount."),
    "cover_discretionary": (
        "This is a discretionary limit, set by you under policy {policy} within its "
        "discretionary limit clause. It covers your deliveries to the buyer from the "
        "effective date and lapses as soon as the insurer decides a limit on this buyer."),
    "closing": "Yours faithfully,",
    "footer": "Produced electronically; valid without signature.",
    "page": '"Page " counter(page) " of " counter(pages)',
})

TYPES = Words("letter", {
    "insurer": "Insurer's credit limit", "discretionary": "Discretionary limit",
})

STATUSES = Words("letter", {
    "active": "Active", "cancelled": "Cancelled", "withdrawn": "Withdrawn",
    "expired": "Expired", "lapsed": "Lapsed",
})

CHANGES = Words("letter change", {
    "granted": "Granted", "increased": "Increased", "reduced": "Reduced",
    "withdrawn": "Withdrawn", "cancelled": "Cancelled", "lapsed": "Lapsed",
    "changed": "Changed", "decreased": "Decreased at your request",
})


def money(amount: Decimal, currency: str, lang: str) -> str:
    return str(format_currency(amount, currency, locale=LOCALES[lang]))


def day(value: dt.date, lang: str) -> str:
    return str(format_date(value, format="long", locale=LOCALES[lang]))


def country(code: str, lang: str) -> str:
    return str(Locale.parse(LOCALES[lang]).territories.get(code.upper(), code))


def word(table: Words, key: str, lang: str) -> str:
    """`key` in words, or the key itself for one the table does not know yet."""
    return str(table[lang].get(key, key))
