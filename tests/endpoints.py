"""The one table of what each API endpoint needs to be called for real: the ids its path may
name, and a valid example of its body. The cross-tenant sweep, the bad-input catalogue and the
schemathesis run are generated from the app's routes and read only this table, so a new endpoint
is covered once it has (1) a maker for each new kind of id in its path and (2) an example here.

`objects(...)` builds, for each tenant, one object of every kind a path may name; an `Example`
says who may call the endpoint with success and with which body (a function of the caller's
tenant's ids, so that bodies can name them).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from claims.desk.storage import DocumentStore
from core.accounts import tokens
from core.actor import SYSTEM
from core.tenancy import Scope, tenant_scope
from portal import import_jobs
from tests import endpoint_objects as made_for
from tests.endpoint_objects import TODAY, Ids, Making
from tests.examples import ANOTHER_CURRENCY, BULK, CSV, INVOICE, RECEIVABLES, Example
from tests.factories import PASSWORD, Tenant, World
from tests.limits_world import graded_buyer
from tests.notification_objects import delivery as _delivery
from tests.notification_objects import watching as _watching
from tests.notification_objects import webhook as _webhook

__all__ = ["TODAY", "Making"]


def _referred_request(made: Making, tenant: Tenant) -> int:
    return _request(made, tenant, made.buyer("referred"), comment="Please look at this.").id


def _approved_limit(made: Making, tenant: Tenant) -> int:
    request = _request(made, tenant, made.buyer("approved"))
    assert request.credit_limit_id is not None, request.status
    return int(request.credit_limit_id)


def _request(made: Making, tenant: Tenant, buyer_id: int, comment: str | None = None) -> Any:
    from underwriting.limits.requests import request_limit

    with tenant_scope(Scope.insured(tenant.insured.id)):
        request = request_limit(made.session, actor=tenant.user.as_actor(),
                                policy_id=tenant.policy.id, buyer_id=buyer_id,
                                amount=Decimal("1000"), payment_terms_days=30, comment=comment)
        made.session.commit()
    return request


def _alert(made: Making, tenant: Tenant) -> int:
    from underwriting.limits.models import Alert

    alert = Alert(insured_id=tenant.insured.id, buyer_id=made.buyer("approved"),
                  kind="grade_worsened", previous_grade=3, grade=5, as_of=dt.date(2026, 3, 1))
    made.session.add(alert)
    made.session.commit()
    return alert.id


def _admins_token(made: Making, tenant: Tenant) -> int:
    _clear, row = tokens.issue_token(made.session, tenant.admin, kind="personal", name="theirs")
    made.session.commit()
    return row.id


# How to make one tenant's object for each kind of id a path names. Another tenant's object of
# the same kind must answer 404 to this tenant on every route that names it.
OWNED: dict[str, Callable[[Making, Tenant], int]] = {
    "insured_id": lambda m, t: t.insured.id,
    "user_id": lambda m, t: t.user.id,
    "policy_id": lambda m, t: t.policy.id,
    "token_id": _admins_token,  # the tenant admin's own personal token
    "session_id": made_for.user_session,  # a session token of the tenant's user
    "request_id": _referred_request,
    "limit_id": _approved_limit,
    "alert_id": _alert,
    "case_id": made_for.case,
    "dispute_id": made_for.dispute,  # on the tenant's case
    "claim_id": made_for.claim,
    "document_id": made_for.document,  # on the tenant's case
    "invoice_id": made_for.premium_invoice,
    "webhook_id": _webhook,
    "delivery_id": _delivery,
}

# Ids of things every tenant shares by design (the insurer's buyer database).
SHARED: dict[str, Callable[[Making], int]] = {
    "buyer_id": lambda m: graded_buyer(m.session, name="Shared Buyer S.p.A.").id,
    # an upload of the buyer database, which staff share (insureds never reach the page)
    # a broker firm: the insurer's admin manages it, and every insured alike is refused
    "broker_id": lambda m: m.world.broker.id,
    "job_id": lambda m: import_jobs.queue_import(
        m.session, b"country,registration_number,name\n", "shared.csv", actor=SYSTEM).id,
}

# Path parts that name no object but a choice open to every caller (a download's format).
CHOICES: dict[str, str] = {
    "kind": "xlsx",
}


@dataclass(frozen=True)
class Objects:
    world: World
    a: Ids
    b: Ids

    def of(self, who: str) -> Ids:
        """The ids the caller `who` owns (staff act on tenant a's)."""
        return self.b if who.startswith("b.") else self.a


def objects(session: Session, world: World, store: DocumentStore | None = None) -> Objects:
    made = Making(session, world, {}, {}, store)
    shared = {name: make(made) for name, make in SHARED.items()}
    a = {name: make(made, world.a) for name, make in OWNED.items()}
    b = {name: make(made, world.b) for name, make in OWNED.items()}
    return Objects(world, {**shared, **a}, {**shared, **b})




def _not_yet(name: str) -> tuple[str, dict[str, Any], str]:
    return (f"{name}: a day not yet come", {name: "2026-03-03"}, name)


PREMIUM: dict[tuple[str, str], Example] = {
    ("POST", "/api/v1/policies/<int:policy_id>/declarations"): Example("a.user", lambda o: {
        "period": "2026-02", "insured_turnover": "120000.00"},
        bad=(("a month outside the policy period", {"period": "2025-12"}, "period"),
             ("a month not yet begun", {"period": "2026-04"}, "period"))),
    ("POST", "/api/v1/policies/<int:policy_id>/premium-invoices"): Example("insurer_admin"),
}

COLLECTION: dict[tuple[str, str], Example] = {
    ("POST", "/api/v1/overdue-notifications"): Example("a.user", lambda o: {
        "policy_id": o["policy_id"], "buyer_id": o["buyer_id"], "invoices": [INVOICE]},
        bad=(_not_yet("notified_on"), ANOTHER_CURRENCY,
             ("notified_on: backdated (a late notice made timely)", {"notified_on": "2026-02-01"},
              "notified_on"),
             ("notified_on: the first day of the calendar", {"notified_on": "0001-01-01"},
              "notified_on"),
             ("invoice dates at the calendar's ends", {"invoices": [
                 {**INVOICE, "invoice_date": "0001-01-01", "due_date": "9999-12-31"}]},
              "invoices"),
             ("no invoices", {"invoices": []}, "invoices"),
             ("due before it was issued", {"invoices": [{**INVOICE, "due_date": "2026-01-01"}]},
              "invoices"),
             ("VAT above the amount", {"invoices": [{**INVOICE, "vat_amount": "2600.00"}]},
              "invoices"),
             ("an invoice listed twice", {"invoices": [INVOICE, INVOICE]}, "invoices"))),
    ("POST", "/api/v1/collection-cases/<int:case_id>/payments"): Example("a.user", lambda o: {
        "amount": "500.00", "received_on": "2026-03-01", "reference": "Bank transfer 1"},
        free_text=("reference",),
        bad=(_not_yet("received_on"), ANOTHER_CURRENCY,
             ("more than the buyer owes", {"amount": "5000.01"}, "amount"))),
    ("POST", "/api/v1/collection-cases/<int:case_id>/credit-notes"): Example("a.admin", lambda o: {
        "amount": "200.00", "issued_on": "2026-03-01", "number": "CN-1"},
        free_text=("number",),
        bad=(_not_yet("issued_on"), ANOTHER_CURRENCY,
             ("more than the buyer owes", {"amount": "5000.01"}, "amount"))),
    ("POST", "/api/v1/collection-cases/<int:case_id>/disputes"): Example("a.user", lambda o: {
        "invoice_number": "X-1", "amount": "300.00", "reason": "Goods damaged in transit"},
        free_text=("reason",),
        bad=(ANOTHER_CURRENCY,
             ("an invoice not on the case", {"invoice_number": "X-404"}, "invoice_number"),
             ("more than is left to dispute", {"amount": "4900.01"}, "amount"))),
    ("POST", "/api/v1/collection-cases/<int:case_id>/disputes/<int:dispute_id>/resolve"):
        Example("a.user", lambda o: {"outcome": "not_owed"}),
}

CLAIMS: dict[tuple[str, str], Example] = {
    ("POST", "/api/v1/claims"): Example("a.user", lambda o: {
        "case_id": o["case_id"], "cause": "insolvency"},
        bad=(("a protracted default before its date of loss", {"cause": "protracted_default"},
              "cause"),)),
    ("POST", "/api/v1/claims/<int:claim_id>/assess"): Example("claims_handler"),
    ("POST", "/api/v1/claims/<int:claim_id>/approve"): Example(
        "claims_handler", given=made_for.assessed),
    ("POST", "/api/v1/claims/<int:claim_id>/reject"): Example("claims_handler", lambda o: {
        "reason": "The buyer disputes the whole debt."}, free_text=("reason",),
        bad=(("a reason of spaces only", {"reason": "   "}, "reason"),)),
    ("POST", "/api/v1/claims/<int:claim_id>/pay"): Example(
        "claims_handler", lambda o: {"paid_on": TODAY}, given=made_for.approved,
        bad=(_not_yet("paid_on"), ("a day before the approval", {"paid_on": "2026-03-01"},
                                   "paid_on"))),
    ("POST", "/api/v1/claims/<int:claim_id>/recoveries"): Example(
        "claims_handler", lambda o: {"amount": "100.00", "received_on": TODAY},
        given=made_for.paid,
        bad=(_not_yet("received_on"), ANOTHER_CURRENCY,
             ("a day before the claim was paid", {"received_on": "2026-03-01"}, "received_on"),
             ("more than the buyer owed", {"amount": "5000.01"}, "amount"))),
}

MESSAGE = {"body": "The buyer's administrator confirmed the debt; the proof is attached."}
BLANK_MESSAGE = ("a message of spaces only", {"body": "   "}, "body")

DESK: dict[tuple[str, str], Example] = {
    ("POST", "/api/v1/collection-cases/<int:case_id>/documents"): Example(
        "a.user", upload=made_for.PDF),
    ("POST", "/api/v1/claims/<int:claim_id>/documents"): Example(
        "claims_handler", upload=made_for.PDF),
    ("POST", "/api/v1/collection-cases/<int:case_id>/messages"): Example(
        "a.user", lambda o: MESSAGE, free_text=("body",), bad=(BLANK_MESSAGE,)),
    ("POST", "/api/v1/claims/<int:claim_id>/messages"): Example(
        "claims_handler", lambda o: MESSAGE, free_text=("body",), bad=(BLANK_MESSAGE,)),
}

NOTIFICATIONS: dict[tuple[str, str], Example] = {
    ("PATCH", "/api/v1/users/me"): Example("a.user", lambda o: {"language": "zh"}),
    ("PUT", "/api/v1/users/me/notifications"): Example("a.user", lambda o: {
        "limit.decided": "digest", "buyer.grade_changed": "none"}),
    ("POST", "/api/v1/webhooks"): Example("a.admin", lambda o: {
        "url": "https://93.184.215.14/tci", "events": ["limit.decided"]},
        bad=(("a URL that is not https", {"url": "http://93.184.215.14/tci"}, "url"),
             ("a loopback address", {"url": "https://127.0.0.1/tci"}, "url"),
             ("a private address", {"url": "https://10.1.2.3/tci"}, "url"))),
    ("DELETE", "/api/v1/webhooks/<int:webhook_id>"): Example("a.admin"),
    ("POST", "/api/v1/webhooks/<int:webhook_id>/deliveries/<int:delivery_id>/redeliver"):
        Example("a.admin"),
    ("POST", "/api/v1/watchlist"): Example("a.user", lambda o: {"buyer_id": o["buyer_id"]}),
    ("DELETE", "/api/v1/watchlist/<int:buyer_id>"): Example("a.user", given=_watching),
}

ACCOUNTS: dict[tuple[str, str], Example] = {
    ("POST", "/api/v1/users/me/password"): Example("a.user", lambda o: {
        "current_password": PASSWORD, "new_password": "Fresh-meadow-93"}, bad=(
        ("a wrong current password", {"current_password": "Not-it-1"}, "current_password"),)),
    ("POST", "/api/v1/auth/password-reset"): Example(None, lambda o: {"email": ""}),
    ("POST", "/api/v1/auth/password-reset/confirm"): Example(None, lambda o: {"token": o.get(
        "reset_key", "tci_none"), "new_password": "Fresh-meadow-93"}, given=made_for.reset_key,
        bad=(("a token that was never issued", {"token": "tci_never"}, "token"),)),
    ("PATCH", "/api/v1/users/<int:user_id>"): Example("a.admin", lambda o: {
        "role": "insured_admin"}),
    ("POST", "/api/v1/users/me/sessions/<int:session_id>/end"): Example("a.user"),

    ("POST", "/api/v1/users/me/totp"): Example("a.user"),
    ("POST", "/api/v1/users/me/totp/confirm"): Example("a.user", lambda o: {"code": o.get(
        "totp_code", "000000")}, given=made_for.totp_enrolment,
        bad=(("a code the app never showed", {"code": "abcdef"}, "code"),)),
}

BROKERS: dict[tuple[str, str], Example] = {
    ("POST", "/api/v1/brokers"): Example("insurer_admin", lambda o: {
        "name": "Lion Rock Assurance Brokers", "country": "HK", "registration_number": "BR 88"},
        free_text=("name", "registration_number")),
    ("POST", "/api/v1/brokers/<int:broker_id>/users"): Example("insurer_admin", lambda o: {
        "email": "new.broker@example.test", "password": "Another-pass-77",
        "role": "broker_user", "full_name": "Chan Tai Man"}, free_text=("full_name",)),
    ("POST", "/api/v1/brokers/<int:broker_id>/appointments"): Example(
        "insurer_admin", lambda o: {"insured_id": o["insured_id"],
                                    "permissions": ["read", "request_limits"]}),
    ("DELETE", "/api/v1/brokers/<int:broker_id>/appointments/<int:insured_id>"): Example(
        "insurer_admin"),
}

EXAMPLES: dict[tuple[str, str], Example] = {
    ("POST", "/api/v1/auth/token"): Example(None, lambda o: {
        "email": "", "password": PASSWORD}),  # the email is filled in by `body_for`
    ("POST", "/api/v1/auth/tokens"): Example(
        "a.user", lambda o: {"name": "ERP link", "expires_in_days": 30}, free_text=("name",)),
    ("POST", "/api/v1/auth/tokens/<int:token_id>/revoke"): Example("a.admin"),
    ("POST", "/api/v1/auth/sign-out"): Example("a.user"),
    ("POST", "/api/v1/insureds"): Example("insurer_admin", lambda o: {
        "name": "Neue Handels GmbH", "country": "AT", "registration_number": "FN 1234"},
        free_text=("name", "registration_number")),
    ("POST", "/api/v1/insureds/<int:insured_id>/users"): Example("a.admin", lambda o: {
        "email": "new.user@example.test", "password": "Another-pass-77",
        "role": "insured_user", "full_name": "Li Wei"}, free_text=("full_name",)),
    ("POST", "/api/v1/users"): Example("insurer_admin", lambda o: {
        "email": "new.staff@example.test", "password": "Another-pass-77",
        "role": "underwriter"}),
    ("POST", "/api/v1/users/<int:user_id>/suspend"): Example("a.admin"),
    ("POST", "/api/v1/users/<int:user_id>/reinstate"): Example("a.admin"),
    ("POST", "/api/v1/policies"): Example("insurer_admin", lambda o: {
        "insured_id": o["insured_id"], "number": "POL-NEW-1", "currency": "EUR",
        "start_date": "2026-04-01", "end_date": "2027-03-31",
        "terms": {"threshold": "500.00", "premium_rate": "0.30"}}, free_text=("number",),
        bad=(("dates out of order", {"start_date": "2027-03-31", "end_date": "2026-04-01"},
              "end_date"),
             ("a period of no days", {"end_date": "2026-04-01"}, "end_date"),
             ("a currency without a reference rate", {"currency": "XAU"}, "currency"),
             ("a ladder out of order", {"terms": {"collection_ladder": [
                 {"days": 30, "stage": "call"}, {"days": 7, "stage": "reminder"}]}},
              "terms"))),
    ("POST", "/api/v1/policies/<int:policy_id>/terms"): Example("insurer_admin", lambda o: {
        "effective_from": "2026-07-01", "terms": {"discretionary_limit_max": "25000.00"}},
        bad=(("a date before the policy starts", {"effective_from": "2025-06-01"},
              "effective_from"),
             ("a date after it ends", {"effective_from": "2027-06-01"}, "effective_from"),
             ("a date already past", {"effective_from": "2026-03-01"}, "effective_from"))),
    ("POST", "/api/v1/buyers"): Example("a.user", lambda o: {
        "country": "CN", "registration_number": "91310000X", "name": "上海新建材有限公司",
        "sector": "46.90", "city": "上海", "founded_year": 2015, "employees": 40},
        free_text=("name", "registration_number", "city", "address")),
    ("POST", "/api/v1/buyers/<int:buyer_id>/financials"): Example("underwriter", lambda o: {
        "fiscal_year": 2024, "currency": "EUR", "revenue": "9000000.00",
        "ebit": "-120000.00", "total_assets": "4000000.00"},
        bad=(("an unknown currency", {"currency": "QQQ"}, "currency"),
             ("a period end outside its year", {"period_end": "2019-12-31"}, "period_end"))),
    ("POST", "/api/v1/buyers/<int:buyer_id>/events"): Example("underwriter", lambda o: {
        "type": "litigation", "date": "2026-02-01", "detail": "Supplier dispute"},
        free_text=("detail",)),
    ("POST", "/api/v1/buyers/import"): Example("underwriter", upload=CSV),
    ("POST", "/api/v1/grading/runs"): Example("underwriter"),
    ("POST", "/api/v1/limit-requests"): Example("a.user", lambda o: {
        "policy_id": o["policy_id"], "buyer_id": o["buyer_id"], "amount": "50000.00",
        "payment_terms_days": 60, "reference": "ERP-1"}, free_text=("reference",)),
    ("POST", "/api/v1/limit-requests/bulk"): Example("a.user", upload=BULK, form=lambda o: {
        "policy_id": str(o["policy_id"])}),
    ("POST", "/api/v1/policies/<int:policy_id>/receivables"): Example(
        "a.user", upload=RECEIVABLES),
    ("POST", "/api/v1/limit-requests/<int:request_id>/decision"): Example(
        "underwriter", lambda o: {"outcome": "partial", "amount": "800.00",
                                  "reason_codes": ["CLF"],
                                  "conditions": {"max_payment_terms_days": 20}},
        bad=(("a partial decision without an amount", {"amount": None}, "amount"),
             ("an expiry already past", {"conditions": {"expires_on": "2026-01-01"}},
              "conditions"),
             ("an unknown reason code", {"reason_codes": ["NOPE"]}, "reason_codes"))),
    ("GET", "/api/v1/limit-requests/<int:request_id>/letter.pdf"): Example(
        "a.user", given=made_for.refused_request),
    ("POST", "/api/v1/credit-limits/discretionary"): Example("a.user", lambda o: {
        "policy_id": o["policy_id"], "buyer_id": o["buyer_id"], "amount": "15000.00"}),
    ("POST", "/api/v1/credit-limits/<int:limit_id>/reduce"): Example("underwriter", lambda o: {
        "amount": "500.00", "reason_codes": ["RED"]}),
    ("POST", "/api/v1/credit-limits/<int:limit_id>/cancel"): Example("a.user"),
    ("POST", "/api/v1/alerts/<int:alert_id>/read"): Example("a.user"),
    **PREMIUM,
    **COLLECTION,
    **CLAIMS,
    **DESK,
    **NOTIFICATIONS,
    **ACCOUNTS,
    **BROKERS,
}


def prepare(example: Example, session: Session, found: Objects, who: str | None) -> None:
    """Bring the caller's objects to where the example's endpoint acts on them."""
    if example.given is not None:
        example.given(session, found.world, found.of(who or "a.user"))


def form_for(example: Example, found: Objects, who: str | None) -> dict[str, str]:
    return example.form(found.of(who or "a.user")) if example.form is not None else {}


def body_for(example: Example, found: Objects, who: str | None) -> dict[str, Any] | None:
    if example.body is None:
        return None
    body = example.body(found.of(who or "a.user"))
    if body.get("email") == "":  # sign-in: a real user's email
        body["email"] = found.world.a.user.email
    return body


def path_for(rule: str, ids: Ids) -> str:
    """`rule` with each `<int:name>` replaced by `ids[name]`, and each other `<name>` by its
    choice in CHOICES."""
    path = rule
    while "<" in path:
        start, end = path.index("<"), path.index(">")
        name = path[start + 1:end].split(":")[-1]
        value = ids[name] if name in ids else CHOICES[name]
        path = path[:start] + str(value) + path[end + 1:]
    return path
