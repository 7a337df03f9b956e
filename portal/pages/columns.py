"""The columns of the list pages' tables as they download: the headings the page shows, in its
language, and each cell as a plain value (amounts as exact decimals beside their currency,
dates as dates, codes as the words the page prints)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from core.clock import today
from portal.pages import labels
from portal.pages.downloads import Column, Listing, Table
from portal.pages.labels import reason_text
from underwriting.limits.models import CreditLimit
from underwriting.policies import Policy


def pd_percent(pd: float | None) -> Decimal | None:
    """A probability of default as the page prints it: a percentage to two places."""
    if pd is None:
        return None
    return (Decimal(repr(pd)) * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def word(table: dict[str, Any], code: str) -> str:
    return str(table.get(code, code))


BUYERS = Table("buyers", [
    Column(_l("Name"), lambda r: r.Buyer.name),
    Column(_l("Country"), lambda r: r.Buyer.country),
    Column(_l("Registration number"), lambda r: r.Buyer.registration_number),
    Column(_l("Sector"), lambda r: r.Buyer.sector),
    Column(_l("Grade"), lambda r: r.grade),
    Column(_l("PD (%)"), lambda r: pd_percent(r.pd)),
])


def _pending(limit: CreditLimit, change: Any) -> str:
    if change is None:
        return ""
    return str(_("%(change)s to %(amount)s from %(day)s",
                 change=word(labels.CHANGES, change.change),
                 amount=labels.money(change.amount, limit.currency), day=change.effective_from))


def limits_table(pending: Any, day: dt.date | None = None) -> Table:
    """`pending(limit)`: the change decided on a limit and not yet in force, if any; status
    and amount are those of `day` (today by default)."""
    return Table("credit-limits", [
        Column(_l("Insured"), lambda r: r.insured_name, staff=True),
        Column(_l("Buyer"), lambda r: r.buyer_name),
        Column(_l("Policy"), lambda r: r.policy),
        Column(_l("Type"), lambda r: word(labels.LIMIT_TYPES, r.CreditLimit.type.value)),
        Column(_l("Status"),
               lambda r: word(labels.LIMIT_STATUSES, status_today(r.CreditLimit, day))),
        Column(_l("Amount"), lambda r: r.CreditLimit.amount_on(day or today())),
        Column(_l("Currency"), lambda r: r.CreditLimit.currency),
        Column(_l("Effective from"), lambda r: r.CreditLimit.effective_from),
        Column(_l("Pending change"),
               lambda r: _pending(r.CreditLimit, pending(r.CreditLimit))),
    ])


REQUESTS = Table("limit-requests", [
    Column(_l("Requested"), lambda r: r.LimitRequest.created_at.date()),
    Column(_l("Insured"), lambda r: r.insured_name, staff=True),
    Column(_l("Buyer"), lambda r: r.buyer_name),
    Column(_l("Policy"), lambda r: r.policy),
    Column(_l("Amount asked"), lambda r: r.LimitRequest.amount),
    Column(_l("Amount granted"), lambda r: r.LimitRequest.decided_amount),
    Column(_l("Currency"), lambda r: r.LimitRequest.currency),
    Column(_l("Terms (days)"), lambda r: r.LimitRequest.payment_terms_days),
    Column(_l("Reference"), lambda r: r.LimitRequest.reference),
    Column(_l("Status"),
           lambda r: word(labels.REQUEST_STATUSES, r.LimitRequest.status.value)),
])

QUEUE = Table("referral-queue", [
    Column(_l("Received"), lambda r: r.LimitRequest.created_at),
    Column(_l("Insured"), lambda r: r.insured_name),
    Column(_l("Buyer"), lambda r: r.buyer_name),
    Column(_l("Grade"), lambda r: r.grade),
    Column(_l("Amount"), lambda r: r.LimitRequest.amount),
    Column(_l("Currency"), lambda r: r.LimitRequest.currency),
    Column(_l("Terms (days)"), lambda r: r.LimitRequest.payment_terms_days),
    Column(_l("Why referred"), lambda r: "; ".join(
        [reason_text(code) for code in r.LimitRequest.reason_codes]
        + ([f"“{r.LimitRequest.comment}”"] if r.LimitRequest.comment else []))),
])

ALERTS = Table("alerts", [
    Column(_l("Date"), lambda r: r.Alert.as_of),
    Column(_l("Buyer"), lambda r: r.buyer_name),
    Column(_l("What happened"), lambda r: word(labels.ALERTS, r.Alert.kind)),
    Column(_l("Previous grade"), lambda r: r.Alert.previous_grade),
    Column(_l("Grade"), lambda r: r.Alert.grade),
])

INSUREDS = Table("insureds", [
    Column(_l("Name"), lambda i: i.name),
    Column(_l("Country"), lambda i: i.country),
    Column(_l("Registration number"), lambda i: i.registration_number),
])

USERS = Table("users", [
    Column(_l("Email"), lambda u: u.email),
    Column(_l("Name"), lambda u: u.full_name),
    Column(_l("Role"), lambda u: word(labels.ROLES, u.role.value)),
    Column(_l("Status"), lambda u: str(_l("Active") if u.active else _l("Suspended"))),
])

TOKENS = Table("api-tokens", [
    Column(_l("Name"), lambda t: t.name),
    Column(_l("Starts with"), lambda t: t.prefix),
    Column(_l("Created"), lambda t: t.created_at.date()),
    Column(_l("Expires"), lambda t: t.expires_at.date() if t.expires_at else str(_l("never"))),
    Column(_l("Status"), lambda t: str(_l("Revoked") if t.revoked_at else _l("Active"))),
])

INSURED_TOKENS = Table("user-api-tokens", [
    Column(_l("User"), lambda t: t.user.email),
    Column(_l("Name"), lambda t: t.name),
    Column(_l("Starts with"), lambda t: t.prefix),
    Column(_l("Created"), lambda t: t.created_at.date()),
    Column(_l("Last used"), lambda t: t.last_used_at.date() if t.last_used_at else ""),
    Column(_l("Expires"), lambda t: t.expires_at.date() if t.expires_at else str(_l("never"))),
    Column(_l("Status"), lambda t: str(_l("Revoked") if t.revoked_at else _l("Active"))),
])

SESSION_KINDS = {"browser": _l("Browser"), "session": _l("API sign-in")}

SESSIONS = Table("sessions", [
    Column(_l("Kind"), lambda s: word(SESSION_KINDS, s.kind)),
    Column(_l("Started"), lambda s: s.created_at.replace(microsecond=0, tzinfo=None)),
    Column(_l("Last used"), lambda s: s.last_used_at.replace(microsecond=0, tzinfo=None)
           if s.last_used_at else ""),
    Column(_l("Expires"), lambda s: s.expires_at.replace(microsecond=0, tzinfo=None)
           if s.expires_at else ""),
])


def _changes(values: dict[str, Any] | None) -> str:
    return json.dumps(values, ensure_ascii=False, sort_keys=True) if values is not None else ""


AUDIT = Table("audit", [
    Column(_l("When (UTC)"), lambda e: e.at.replace(microsecond=0, tzinfo=None)),
    Column(_l("Who"), lambda e: e.actor_email),
    Column(_l("Action"), lambda e: e.action),
    Column(_l("Object"), lambda e: e.entity_type),
    Column(_l("Object id"), lambda e: e.entity_id),
    Column(_l("Before"), lambda e: _changes(e.before)),
    Column(_l("After"), lambda e: _changes(e.after)),
])


def _term(key: str, value: Any) -> Any:
    """A policy term's cell: amounts and percentages as exact decimals, choices in words."""
    if isinstance(value, bool):
        return str(_l("yes") if value else _l("no"))
    if value is None or isinstance(value, int | Decimal):
        return value
    if key == "collection_ladder":
        return labels.term_value(key, value, "")
    if isinstance(value, str) and value in labels.VALUES:
        return str(labels.VALUES[value])
    return Decimal(value) if isinstance(value, str) else value


def _terms_column(key: str, day: dt.date) -> Column:
    return Column(labels.TERMS.get(key, key),
                  lambda p: _term(key, p.terms_on(day).terms.to_json()[key]))


def policies_listing(policies: Sequence[Policy], day: dt.date,
                     terms_keys: Sequence[str]) -> Listing:
    """Policies with the terms a page shows of them (see the `policy_table` macro)."""
    return Listing(Table("policies", [
        Column(_l("Policy"), lambda p: p.number),
        Column(_l("Currency"), lambda p: p.currency),
        Column(_l("Start date"), lambda p: p.start_date),
        Column(_l("End date"), lambda p: p.end_date),
        Column(_l("Status"), lambda p: word(labels.STATUSES, p.status_on(day))),
        *[_terms_column(key, day) for key in terms_keys],
    ]), policies)


def status_today(limit: Any, day: dt.date | None = None) -> str:
    """The limit's status today (or on `day`), read from its history."""
    return str((limit.status_on(day or today()) or limit.status).value)
