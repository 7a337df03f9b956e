"""The columns of the dashboards' tables as they download (see `downloads`): portfolio groups,
top buyers, deteriorating buyers, premium and invoices."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask_babel import lazy_gettext as _l

from core.money import round_money
from portal.pages import labels
from portal.pages.columns import pd_percent, word
from portal.pages.downloads import Column, Table


def percent(share: Decimal) -> Decimal:
    """A share (0 to 1, four places) as the page prints it: a percentage to two places."""
    return (share * 100).quantize(Decimal("0.01"))


def grouped_table(name: str, key_header: Any, currency: str) -> Table:
    """Exposure by grade, country or sector: the rows of `reports.portfolio.tables`."""
    return Table(name, [
        Column(key_header, lambda r: r["label"]),
        Column(_l("Limits"), lambda r: r["limits"]),
        Column(_l("Buyers"), lambda r: r["buyers"]),
        Column(_l("Exposure"), lambda r: r["exposure"]),
        Column(_l("Currency"), lambda r: currency),
        Column(_l("Share (%)"), lambda r: percent(r["share"])),
        Column(_l("Expected loss"), lambda r: r["expected_loss"]),
    ])


def top_buyers_table(currency: str) -> Table:
    return Table("top-buyers", [
        Column(_l("Rank"), lambda r: r["rank"]),
        Column(_l("Buyer"), lambda r: r["name"]),
        Column(_l("Country"), lambda r: r["country_name"]),
        Column(_l("Grade"), lambda r: r["grade"]),
        Column(_l("PD (%)"), lambda r: pd_percent(r["pd"])),
        Column(_l("Exposure"), lambda r: r["exposure"]),
        Column(_l("Currency"), lambda r: currency),
        Column(_l("Share (%)"), lambda r: percent(r["share"])),
        Column(_l("Expected loss"), lambda r: r["expected_loss"]),
    ])


def moves_table(currency: str) -> Table:
    """Deteriorating buyers (`reports.watch.GradeMove`)."""
    return Table("deteriorating-buyers", [
        Column(_l("Date"), lambda m: m.as_of),
        Column(_l("Buyer"), lambda m: m.name),
        Column(_l("Country"), lambda m: m.country),
        Column(_l("Previous grade"), lambda m: m.previous_grade),
        Column(_l("Grade"), lambda m: m.grade),
        Column(_l("Exposure"), lambda m: m.exposure),
        Column(_l("Currency"), lambda m: currency),
    ])


PREMIUM = Table("premium", [
    Column(_l("Currency"), lambda p: p.currency),
    Column(_l("Months declared"), lambda p: p.declarations),
    Column(_l("Insured turnover declared"), lambda p: p.declared_turnover),
    Column(_l("Premium declared"), lambda p: p.declared_premium),
    Column(_l("Invoices issued"), lambda p: p.invoices),
    Column(_l("Amount invoiced"), lambda p: p.invoiced),
])

INVOICES = Table("premium-invoices", [
    Column(_l("Invoice"), lambda r: r.PremiumInvoice.number),
    Column(_l("Insured"), lambda r: r.insured_name, staff=True),
    Column(_l("Policy"), lambda r: r.policy),
    Column(_l("Kind"), lambda r: word(labels.INVOICE_KINDS, r.PremiumInvoice.kind.value)),
    Column(_l("Issued"), lambda r: r.PremiumInvoice.issued_on),
    Column(_l("Due"), lambda r: r.PremiumInvoice.due_on),
    Column(_l("Amount"), lambda r: round_money(r.PremiumInvoice.amount,
                                               r.PremiumInvoice.currency)),
    Column(_l("Currency"), lambda r: r.PremiumInvoice.currency),
])
