"""The tables of the case and claim lists, as they download (see `downloads`)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from core.money import round_money
from portal.pages import claim_labels, labels
from portal.pages.columns import word
from portal.pages.downloads import Column, Table

CASES = Table("collection-cases", [
    Column(_l("Case"), lambda r: r.item.id),
    Column(_l("Insured"), lambda r: r.insured, staff=True),
    Column(_l("Buyer"), lambda r: r.buyer),
    Column(_l("Policy"), lambda r: r.policy),
    Column(_l("Notified on"), lambda r: r.item.notified_on),
    Column(_l("Status"), lambda r: word(claim_labels.CASE_STATUSES, r.item.status.value)),
    Column(_l("Stage"), lambda r: word(labels.VALUES, r.item.stage.value)
           if r.item.stage else ""),
    Column(_l("Currency"), lambda r: r.item.currency),
    Column(_l("Invoiced"), lambda r: round_money(r.balances.invoiced, r.item.currency)),
    Column(_l("Still owed"), lambda r: round_money(r.balances.outstanding, r.item.currency)),
])

CLAIMS = Table("claims", [
    Column(_l("Claim"), lambda r: r.item.id),
    Column(_l("Insured"), lambda r: r.insured, staff=True),
    Column(_l("Buyer"), lambda r: r.buyer),
    Column(_l("Policy"), lambda r: r.policy),
    Column(_l("Cause"), lambda r: word(claim_labels.CAUSES, r.item.cause.value)),
    Column(_l("Date of loss"), lambda r: r.item.date_of_loss),
    Column(_l("Filed on"), lambda r: r.item.filed_on),
    Column(_l("Status"), lambda r: word(claim_labels.CLAIM_STATUSES, r.item.status.value)),
    Column(_l("Currency"), lambda r: r.item.currency),
    Column(_l("Indemnity"), lambda r: None if r.item.indemnity is None
           else round_money(r.item.indemnity, r.item.currency)),
])
