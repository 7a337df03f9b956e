"""The premium invoice's words, in English (their Chinese is in the catalogue). Amounts, dates
and countries are formatted by `letter_text`, the same as the decision letter."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_skeleton

from core.catalogue import Words
from reports.letter_text import LOCALES

LETTERHEAD = Words("invoice", {
    "name": "Trade Credit Insurer", "department": "Premium Accounting",
})

TEXT = Words("invoice", {
    "title_declarations": "Premium invoice",
    "title_minimum_premium": "Premium invoice: minimum premium adjustment",
    "to": "To", "registration": "Reg. no.", "invoice_no": "Invoice no.",
    "issued_on": "Date of issue", "due_on": "Payable by", "policy": "Policy",
    "currency": "Currency", "policy_year": "Policy year", "year_span": "{start} to {end}",
    "period": "Month", "turnover": "Insured turnover", "rate": "Premium rate",
    "premium": "Premium", "total": "Total due",
    "declared": "Premium declared for the policy year",
    "minimum": "Minimum premium of the policy year",
    "adjustment": "Adjustment to the minimum premium",
    "explain_declarations": (
        "Premium on the insured turnover you declared under policy {policy}: each month's "
        "turnover times the premium rate of the terms in force that month. Invoiced "
        "declarations are final."),
    "explain_minimum_premium": (
        "The policy year is over: the premium declared for it falls short of the policy's "
        "minimum premium, and the difference is due. No further declarations are taken for "
        "this policy year."),
    "payment": "Please pay the total due by {date}, quoting the invoice number.",
    "pay_to": "Payment instructions", "beneficiary": "Beneficiary", "iban": "IBAN",
    "bic": "BIC / SWIFT", "bank": "Bank", "reference": "Payment reference",
    "footer": "Produced electronically; valid without signature.",
    "page": '"Page " counter(page) " of " counter(pages)',
})


def month(year: int, number: int, lang: str) -> str:
    """The month as its language writes it ("March 2026" in English), from Babel."""
    return str(format_skeleton("yMMMM", dt.date(year, number, 1), locale=LOCALES[lang]))
