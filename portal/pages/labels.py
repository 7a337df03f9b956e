"""Names people read for the platform's codes, in the page's language."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask import Flask
from flask_babel import format_decimal, get_locale
from flask_babel import lazy_gettext as _l

from buyers_db.reference import division_name, sector_name
from core.clock import today
from core.money import minor_unit_digits
from underwriting.limits.reasons import REASONS

ROLES = {
    "insured_user": _l("Insured user"),
    "insured_admin": _l("Insured administrator"),
    "underwriter": _l("Underwriter"),
    "claims_handler": _l("Claims handler"),
    "insurer_admin": _l("Insurer administrator"),
    "broker_admin": _l("Broker administrator"),
    "broker_user": _l("Broker user"),
}

PERMISSIONS = {
    "read": _l("See the cover, cases and claims"),
    "request_limits": _l("Request limits"),
    "report_overdues": _l("Report overdues"),
    "file_claims": _l("File claims"),
    "declare": _l("Declare turnover"),
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
    "ebit_cl": _l("EBIT / current liabilities"),
    "revenue_size": _l("Size (revenue)"),
    "re_tl": _l("Retained earnings / total liabilities"),
    "cl_revenue": _l("Current liabilities / revenue"),
    "equity_ta": _l("Equity / total assets"),
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

REQUEST_STATUSES = {
    "approved": _l("Approved"),
    "partial": _l("Partially approved"),
    "refused": _l("Refused"),
    "referred": _l("Referred to an underwriter"),
}

OUTCOMES = {
    "approved": _l("Approve as asked"),
    "partial": _l("Approve in part"),
    "refused": _l("Refuse"),
    "zero": _l("Zero limit (refuse, and block a discretionary limit)"),
}

LIMIT_STATUSES = {
    "active": _l("Active"),
    "cancelled": _l("Cancelled"),
    "withdrawn": _l("Withdrawn"),
    "expired": _l("Expired"),
    "lapsed": _l("Lapsed"),
}

LIMIT_TYPES = {
    "insurer": _l("Insurer's limit"),
    "discretionary": _l("Discretionary limit"),
}

CHANGES = {
    "granted": _l("Granted"),
    "increased": _l("Increased"),
    "changed": _l("Changed"),
    "reduced": _l("Reduced"),
    "withdrawn": _l("Withdrawn"),
    "cancelled": _l("Cancelled"),
    "lapsed": _l("Lapsed"),
    "expired": _l("Expired"),
}

INVOICE_KINDS = {
    "declarations": _l("Declared months"),
    "minimum_premium": _l("Minimum premium adjustment"),
}

ALERTS = {
    "grade_worsened": _l("Grade worsened"),
    "limit_withdrawn": _l("Limit withdrawn: insolvency or ceased trading"),
}

# The services' and schemas' messages people meet on the limit forms, in the page's language.
# Messages with figures in them stay as the service wrote them.
PROBLEMS = {
    "Missing data for required field.": _l("Required."),
    "Not a valid integer.": _l("Enter a whole number."),
    "Not a valid date.": _l("Enter a date."),
    "Not a decimal number.": _l("Enter an amount, e.g. 12500.00."),
    "Must not be negative.": _l("Must not be negative."),
    "Must be greater than zero.": _l("Must be greater than zero."),
    "Too large.": _l("Too large."),
    "Give at least one.": _l("Give at least one."),
    "Not in force.": _l("Not in force."),
    "After today.": _l("After today."),
    "Must be greater than or equal to 1 and less than or equal to 3650.":
        _l("Between 1 and 3650 days."),
    "The policy is not in force today.": _l("The policy is not in force today."),
    "The amount is not valid.": _l("The amount is not valid."),
    "The amount is not allowed.": _l("The amount is not allowed."),
    "A discretionary limit is not allowed on this buyer.":
        _l("A discretionary limit is not allowed on this buyer."),
    "The buyer is insolvent or has ceased trading.":
        _l("The buyer is insolvent or has ceased trading."),
    "The buyer's grade must be 6 or better.": _l("The buyer's grade must be 6 or better."),
    "An overdue is notified on this buyer.": _l("An overdue is notified on this buyer."),
    "The insurer has decided a limit on this buyer.":
        _l("The insurer has decided a limit on this buyer."),
    "A partial decision names its amount.": _l("A partial approval needs the amount granted."),
    "A refusal needs its reasons.": _l("A refusal needs its reasons."),
    "A reduction needs its reasons.": _l("A reduction needs its reasons."),
    "The new amount is not a reduction.": _l("The new amount is not a reduction."),
    "A partial decision grants less than asked, more than nothing.":
        _l("A partial approval grants less than asked, and more than nothing."),
    "An approval grants what was asked; use partial for less.":
        _l("An approval grants what was asked; approve in part for less."),
    "Shorter payment terms must be shorter than those asked.":
        _l("Shorter payment terms must be shorter than those asked."),
    "An expiry date must be in the future.": _l("An expiry date must be in the future."),
    "The buyer's remaining capacity is smaller than this decision.":
        _l("The buyer's remaining capacity is smaller than this decision."),
    "Unknown reason codes.": _l("Unknown reason codes."),
    # Uploads of spreadsheets (core.spreadsheets) and their rows (limit requests in bulk)
    "The file is empty.": _l("The file is empty."),
    "The file is not a CSV or XLSX file.": _l("The file is not a CSV or XLSX file."),
    "Not a CSV or XLSX file.": _l("Not a CSV or XLSX file."),
    "The file cannot be read.": _l("The file cannot be read."),
    "Not a readable CSV or XLSX file.": _l("Not a readable CSV or XLSX file."),
    "The file lacks required columns.": _l("The file lacks required columns."),
    "Columns are repeated.": _l("Columns are repeated."),
    "Duplicate columns.": _l("Duplicate columns."),
    "No header row.": _l("No header row."),
    "The file has no rows below its header.": _l("The file has no rows below its header."),
    "No rows.": _l("No rows."),
    "The file holds more than 1,000 rows.": _l("The file holds more than 1,000 rows."),
    "At most 1,000 rows.": _l("At most 1,000 rows."),
    "No buyer with this registration number in this country.":
        _l("No buyer with this registration number in this country."),
    "The row is not valid.": _l("The row is not valid."),
    "Not found.": _l("Not found."),
    "Not an ISO 3166 country code.": _l("Not an ISO 3166 country code."),
    # the receivables ledger's upload (claims.receivables.upload)
    "The file holds more than 20,000 rows.": _l("The file holds more than 20,000 rows."),
    "At most 20,000 rows.": _l("At most 20,000 rows."),
    "Listed twice for this buyer.": _l("Listed twice for this buyer."),
    "Cannot be before the invoice date.": _l("Cannot be before the invoice date."),
    "Cannot exceed the invoice amount (VAT included).":
        _l("Cannot exceed the invoice amount (VAT included)."),
    "A column is chosen twice.": _l("A column is chosen twice."),

    "The code is wrong or was already used.": _l("The code is wrong or was already used."),
    "Wrong password.": _l("Wrong password."),
    "The password is wrong.": _l("The password is wrong."),
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
        return money(value, currency)
    return str(VALUES.get(value, value))


def money(value: Any, currency: str = "EUR", with_code: bool = True) -> str:
    """An amount as people read it: grouped thousands, the currency's minor unit."""
    if value is None or value == "":
        return "–"
    digits = minor_unit_digits(currency)
    shown = format_decimal(Decimal(value), format="#,##0" + ("." + "0" * digits if digits else ""))
    return f"{shown} {currency}" if with_code else shown


def amount_example(currency: str | None = None) -> str:
    """12,500 with the currency's minor-unit digits, as the page's language writes it."""
    return money(Decimal(12500), currency or "EUR", with_code=False)


def reason_text(code: str) -> str:
    """A reason code in the page's language."""
    reason = REASONS.get(code)
    if reason is None:
        return code
    return reason.zh if str(get_locale()) == "zh" else reason.en


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(
        role_label=lambda code: ROLES.get(code, code),
        permission_label=lambda code: PERMISSIONS.get(code, code),
        status_label=lambda code: STATUSES.get(code, code),
        term_label=lambda key: TERMS.get(key, key),
        term_value=term_value,
        factor_label=lambda key: FACTORS.get(key, key),
        event_label=lambda key: EVENTS.get(key, key),
        request_status_label=lambda code: REQUEST_STATUSES.get(code, code),
        outcome_label=lambda code: OUTCOMES.get(code, code),
        limit_status_label=lambda code: LIMIT_STATUSES.get(code, code),
        limit_type_label=lambda code: LIMIT_TYPES.get(code, code),
        change_label=lambda code: CHANGES.get(code, code),
        alert_label=lambda code: ALERTS.get(code, code),
        invoice_kind_label=lambda code: INVOICE_KINDS.get(code, code),
        reason_text=reason_text,
        amount_example=amount_example,
        sector_label=lambda code: sector_name(code, str(get_locale())),
        division_label=lambda code: division_name(code, str(get_locale())),
        business_date=today,
        REASONS=REASONS,
    )
    app.jinja_env.filters["money"] = money
    app.jinja_env.filters["problem"] = lambda text: PROBLEMS.get(str(text), text)
