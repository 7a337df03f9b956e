"""The columns of the tables on a buyer's page and a limit's page, as they download."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from core.clock import today
from portal.pages import labels
from portal.pages.columns import status_today, word
from portal.pages.downloads import Column, Table
from portal.pages.labels import reason_text

BUYER_LIMITS = Table("buyer-limits", [
    Column(_l("Insured"), lambda r: r.insured_name, staff=True),
    Column(_l("Policy"), lambda r: r.policy),
    Column(_l("Type"), lambda r: word(labels.LIMIT_TYPES, r.CreditLimit.type.value)),
    Column(_l("Status"), lambda r: word(labels.LIMIT_STATUSES, status_today(r.CreditLimit))),
    Column(_l("Amount"), lambda r: r.CreditLimit.amount_on(today())),
    Column(_l("Currency"), lambda r: r.CreditLimit.currency),
    Column(_l("Effective from"), lambda r: r.CreditLimit.effective_from),
])

FACTORS = Table("grade-factors", [
    Column(_l("Factor"), lambda f: word(labels.FACTORS, f[0])),
    Column(_l("Contribution"), lambda f: f[1]),
])

GRADE_HISTORY = Table("grade-history", [
    Column(_l("Date"), lambda c: c.as_of),
    Column(_l("From"), lambda c: c.previous_grade),
    Column(_l("To"), lambda c: c.grade),
])

FINANCIALS = Table("financial-statements", [
    Column(_l("Year"), lambda s: s.fiscal_year),
    Column(_l("Currency"), lambda s: s.currency),
    Column(_l("Revenue"), lambda s: s.revenue),
    Column(_l("EBIT"), lambda s: s.ebit),
    Column(_l("Net income"), lambda s: s.net_income),
    Column(_l("Total assets"), lambda s: s.total_assets),
    Column(_l("Equity"), lambda s: s.equity),
    Column(_l("Total liabilities"), lambda s: s.total_liabilities),
])

EVENTS = Table("legal-events", [
    Column(_l("Date"), lambda e: e.date),
    Column(_l("Event"), lambda e: word(labels.EVENTS, e.type.value)),
    Column(_l("Detail"), lambda e: e.detail),
])

LIMIT_HISTORY = Table("limit-history", [
    Column(_l("Applies from"), lambda v: v.effective_from),
    Column(_l("Amount"), lambda v: v.amount),
    Column(_l("Currency"), lambda v: v.credit_limit.currency),
    Column(_l("Change"), lambda v: word(labels.CHANGES, v.change)),
    Column(_l("Reasons"), lambda v: "; ".join(reason_text(code) for code in v.reason_codes)),
    Column(_l("Decided on"), lambda v: v.decided_on),
])

