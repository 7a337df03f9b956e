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
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from core.accounts import tokens
from core.tenancy import Scope, tenant_scope
from tests.factories import PASSWORD, Tenant, World
from tests.limits_world import graded_buyer

Ids = dict[str, int]
Body = Callable[[Ids], dict[str, Any]]
TODAY = "2026-03-02"  # inside the world's policy year


@dataclass(frozen=True)
class Making:
    """What the makers share: the world, and graded buyers made once (grading is the slow part
    of making objects, and two tenants may well trade with the same buyer)."""

    session: Session
    world: World
    buyers: dict[str, int]

    def buyer(self, role: str) -> int:
        if role not in self.buyers:
            self.buyers[role] = graded_buyer(self.session, name=f"{role.title()} AG").id
        return self.buyers[role]


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
    "request_id": _referred_request,
    "limit_id": _approved_limit,
    "alert_id": _alert,
}

# Ids of things every tenant shares by design (the insurer's buyer database).
SHARED: dict[str, Callable[[Making], int]] = {
    "buyer_id": lambda m: graded_buyer(m.session, name="Shared Buyer S.p.A.").id,
}


@dataclass(frozen=True)
class Objects:
    world: World
    a: Ids
    b: Ids

    def of(self, who: str) -> Ids:
        """The ids the caller `who` owns (staff act on tenant a's)."""
        return self.b if who.startswith("b.") else self.a


def objects(session: Session, world: World) -> Objects:
    made = Making(session, world, {})
    shared = {name: make(made) for name, make in SHARED.items()}
    a = {name: make(made, world.a) for name, make in OWNED.items()}
    b = {name: make(made, world.b) for name, make in OWNED.items()}
    return Objects(world, {**shared, **a}, {**shared, **b})


@dataclass(frozen=True)
class Example:
    """A call that succeeds: `who` (a key of `World.as_`, or None for nobody signed in) with
    `body`, or with `upload` as the multipart file."""

    who: str | None
    body: Body | None = None
    upload: bytes | None = None
    free_text: tuple[str, ...] = field(default_factory=tuple)
    """Fields where any script is welcome: Chinese, emoji and SQL-looking text are kept as sent."""
    bad: tuple[tuple[str, dict[str, Any], str], ...] = field(default_factory=tuple)
    """Rules beyond the schema's kinds: (what is wrong, the change to the body, the field named)."""


CSV = ("country,registration_number,name,sector,city,founded_year,employees,fiscal_year,currency,"
       "revenue,ebit,net_income,total_assets,current_assets,current_liabilities,"
       "total_liabilities,equity,retained_earnings\n"
       "CN,91330100MA27,杭州示例贸易有限公司,46.90,杭州,2012,80,2025,CNY,50000000.00,4000000.00,"
       "2500000.00,30000000.00,15000000.00,8000000.00,12000000.00,18000000.00,9000000.00\n"
       ).encode()

EXAMPLES: dict[tuple[str, str], Example] = {
    ("POST", "/api/v1/auth/token"): Example(None, lambda o: {
        "email": "", "password": PASSWORD}),  # the email is filled in by `body_for`
    ("POST", "/api/v1/auth/tokens"): Example(
        "a.user", lambda o: {"name": "ERP link", "expires_in_days": 30}, free_text=("name",)),
    ("POST", "/api/v1/auth/tokens/<int:token_id>/revoke"): Example("a.admin"),
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
             ("a date after it ends", {"effective_from": "2027-06-01"}, "effective_from"))),
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
    ("POST", "/api/v1/limit-requests/<int:request_id>/decision"): Example(
        "underwriter", lambda o: {"outcome": "partial", "amount": "800.00",
                                  "reason_codes": ["CLF"],
                                  "conditions": {"max_payment_terms_days": 20}},
        bad=(("a partial decision without an amount", {"amount": None}, "amount"),
             ("an expiry already past", {"conditions": {"expires_on": "2026-01-01"}},
              "conditions"),
             ("an unknown reason code", {"reason_codes": ["NOPE"]}, "reason_codes"))),
    ("POST", "/api/v1/credit-limits/discretionary"): Example("a.user", lambda o: {
        "policy_id": o["policy_id"], "buyer_id": o["buyer_id"], "amount": "15000.00"}),
    ("POST", "/api/v1/credit-limits/<int:limit_id>/reduce"): Example("underwriter", lambda o: {
        "amount": "500.00", "reason_codes": ["RED"]}),
    ("POST", "/api/v1/credit-limits/<int:limit_id>/cancel"): Example("a.user"),
    ("POST", "/api/v1/alerts/<int:alert_id>/read"): Example("a.user"),
}


def body_for(example: Example, found: Objects, who: str | None) -> dict[str, Any] | None:
    if example.body is None:
        return None
    body = example.body(found.of(who or "a.user"))
    if body.get("email") == "":  # sign-in: a real user's email
        body["email"] = found.world.a.user.email
    return body


def path_for(rule: str, ids: Ids) -> str:
    """`rule` with each `<int:name>` replaced by `ids[name]`."""
    path = rule
    while "<" in path:
        start, end = path.index("<"), path.index(">")
        name = path[start + 1:end].split(":")[-1]
        path = path[:start] + str(ids[name]) + path[end + 1:]
    return path
