"""The portfolio report's words, in English (their Chinese is in the catalogue): titles, column
heads, and the names of NACE sections (countries come from Babel through `letter_text`)."""

from __future__ import annotations

from buyers_db.reference import SECTIONS
from core.catalogue import Words
from reports import claim_text, letter_text

TEXT = Words("portfolio", {
    "title": "Portfolio report", "insurer": "The insurer's portfolio, every insured",
    "as_of": "As of", "currency": "Currency", "scope": "Portfolio",
    "totals": "Totals", "limits": "Limits", "buyers": "Buyers", "exposure": "Exposure",
    "share": "Share", "expected_loss": "Expected loss", "grade": "Grade",
    "country": "Country", "sector": "Sector", "buyer": "Buyer", "rank": "Rank", "pd": "PD",
    "by_grade": "Exposure by grade", "by_country": "Exposure by country",
    "by_sector": "Exposure by sector", "top_buyers": "Top buyers",
    "concentration": "Concentration", "top_share": "Share of the 10 largest buyers",
    "hhi": "Herfindahl-Hirschman index (0-10,000)",
    "ungraded": "Ungraded", "unknown": "Unknown",
    "method": ("Exposure is the amount of active credit limits{converted}. Expected loss = "
               "exposure × the buyer's one-year probability of default (PD) × a loss given "
               "default of {lgd} %; ungraded buyers have no PD and count no expected loss."),
    "converted": ", converted to {currency} at the insurer's reference rates",
    "footer": "Produced electronically from the platform's data on the date shown.",
    "page": '"Page " counter(page) " of " counter(pages)',
    "claims": "Claims", "claims_by_status": "Claims by status", "status": "Status",
    "claims_count": "Number of claims", "indemnity": "Indemnity", "paid": "Paid",
    "loss_ratios": "Claims paid and loss ratio per policy year", "policy": "Policy",
    "insured": "Insured", "year": "Policy year", "claims_paid": "Claims paid",
    "recovered": "Recovered", "premium": "Premium", "loss_ratio": "Loss ratio",
    "aged_balances": "Aged balances of the open collection cases",
    "days_0_30": "0-30 days", "days_31_60": "31-60 days", "days_61_90": "61-90 days",
    "days_over_90": "Over 90 days", "total": "Total", "dso": "DSO (days)",
    "no_claims": "No claims.", "no_cases": "No open collection cases.",
    "claims_method": ("Loss ratio = claims paid ÷ the policy year's premium; a claim "
                      "counts in the policy year of its case's first notification. Aged "
                      "balances: what is still owed, by days past the invoice's due date "
                      "(an invoice not yet due counts in 0-30 days). DSO: the "
                      "amount-weighted days since invoice date of what is still owed."),
})



GRADE = Words("portfolio", "Grade {grade}")

def claim_status_label(status: str, lang: str) -> str:
    return str(claim_text.CLAIM_STATUSES[lang].get(status, status))


def grade_label(grade: int | None, lang: str) -> str:
    if grade is None:
        return str(TEXT[lang]["ungraded"])
    return str(GRADE[lang]).format(grade=grade)


def country_label(code: str | None, lang: str) -> str:
    return letter_text.country(code, lang) if code else TEXT[lang]["unknown"]


def sector_label(section: str | None, lang: str) -> str:
    if section is None:
        return str(TEXT[lang]["unknown"])
    return str(SECTIONS[lang].get(section, TEXT[lang]["unknown"]))
