"""Names people read for the platform's codes, in the page's language."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask import Flask
from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l

ROLES = {
    "insured_user": _l("Insured user"),
    "insured_admin": _l("Insured administrator"),
    "underwriter": _l("Underwriter"),
    "claims_handler": _l("Claims handler"),
    "insurer_admin": _l("Insurer administrator"),
}

STATUSES = {
    "pending": _l("Not yet in force"),
    "in_force": _l("In force"),
    "expired": _l("Expired"),
}

TERMS = {
    "insured_pct_insurer_limit": _l("Insured % (insurer limit)"),
    "insured_pct_discretionary": _l("Insured % (discretionary)"),
    "max_credit_period_days": _l("Max. credit period (days)"),
    "max_extension_period_days": _l("Max. extension period (days)"),
    "notification_deadline_days": _l("Overdue notification deadline (days)"),
    "waiting_period_days": _l("Waiting period (days)"),
    "claim_filing_deadline_days": _l("Claim filing deadline (days)"),
    "discretionary_limit_max": _l("Discretionary limit max."),
    "threshold": _l("Threshold"),
    "deductible_per_buyer": _l("Deductible per buyer"),
    "minimum_retention": _l("Minimum retention"),
    "deductible_order": _l("Deductible order"),
    "vat_covered": _l("VAT covered"),
    "aggregate_first_loss": _l("Aggregate first loss"),
    "max_liability": _l("Maximum liability"),
    "max_liability_premium_multiple": _l("Max. liability (× premium)"),
    "recovery_sharing": _l("Recovery sharing"),
    "limit_reduction_notice_days": _l("Limit reduction notice (days)"),
    "premium_rate": _l("Premium rate %"),
    "minimum_premium": _l("Minimum premium"),
    "collection_ladder": _l("Collection ladder"),
}

VALUES = {
    "pct_then_deduct": _l("percentage, then deductible"),
    "deduct_then_pct": _l("deductible, then percentage"),
    "loss_share": _l("share of the loss"),
    "receivable_ratio": _l("receivable ratio"),
    "reminder": _l("reminder"),
    "call": _l("call"),
    "formal_demand": _l("formal demand"),
    "legal": _l("legal action"),
}

FACTORS = {
    "wc_ta": _l("Working capital / total assets"),
    "re_ta": _l("Retained earnings / total assets"),
    "ebit_ta": _l("EBIT / total assets"),
    "equity_tl": _l("Equity / total liabilities"),
    "liquidity": _l("Current ratio"),
    "leverage": _l("Liabilities / total assets"),
    "ni_ta": _l("Net income / total assets"),
    "size": _l("Size (total assets)"),
    "revenue_ta": _l("Revenue / total assets"),
    "country": _l("Country risk"),
    "sector": _l("Sector risk"),
    "overdue": _l("Overdue notifications"),
    "claims": _l("Claims"),
    "litigation": _l("Litigation"),
    "company_age": _l("Company age"),
    "financials": _l("Missing or stale financials"),
}

EVENTS = {
    "insolvency": _l("Insolvency"),
    "litigation": _l("Litigation"),
    "ownership_change": _l("Change of ownership"),
    "ceased_trading": _l("Ceased trading"),
}

MONEY_TERMS = {
    "discretionary_limit_max", "threshold", "deductible_per_buyer", "minimum_retention",
    "aggregate_first_loss", "max_liability", "minimum_premium",
}


def term_value(key: str, value: Any, currency: str) -> str:
    if value is None:
        return str(_l("none (premium multiple applies)"))
    if isinstance(value, bool):
        return str(_l("yes") if value else _l("no"))
    if key == "collection_ladder":
        return ", ".join(f"{step['days']}: {VALUES[step['stage']]}" for step in value)
    if key in MONEY_TERMS:
        return f"{format_decimal(Decimal(value), format='#,##0.00')} {currency}"
    return str(VALUES.get(value, value))


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(
        role_label=lambda code: ROLES.get(code, code),
        status_label=lambda code: STATUSES.get(code, code),
        term_label=lambda key: TERMS.get(key, key),
        term_value=term_value,
        factor_label=lambda key: FACTORS.get(key, key),
        event_label=lambda key: EVENTS.get(key, key),
    )
