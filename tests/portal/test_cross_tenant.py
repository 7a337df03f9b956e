"""Another tenant's ids answer 404 on every endpoint that takes an id, and nothing changes.

The table below must name every API route with an id: a new route without a case here fails
`test_every_id_route_has_an_other_tenant_case`.
"""

import datetime as dt
from decimal import Decimal

import pytest

from buyers_db.models import Buyer
from core.accounts import tokens
from tests.tenancy import assert_hidden

NEW_USER = {"email": "intruder@example.test", "password": "Intruder-pass-1",
            "role": "insured_user"}

# (method, rule, who acts, how to find the other tenant's id, body)
CASES = [
    ("GET", "/api/v1/insureds/<int:insured_id>", "a.user", lambda w, s: w.b.insured.id, None),
    ("GET", "/api/v1/insureds/<int:insured_id>/users", "a.admin",
     lambda w, s: w.b.insured.id, None),
    ("POST", "/api/v1/insureds/<int:insured_id>/users", "a.admin",
     lambda w, s: w.b.insured.id, NEW_USER),
    ("POST", "/api/v1/users/<int:user_id>/suspend", "a.admin", lambda w, s: w.b.user.id, None),
    ("POST", "/api/v1/users/<int:user_id>/reinstate", "a.admin", lambda w, s: w.b.user.id, None),
    ("GET", "/api/v1/policies/<int:policy_id>", "a.user", lambda w, s: w.b.policy.id, None),
    ("POST", "/api/v1/auth/tokens/<int:token_id>/revoke", "a.admin",
     lambda w, s: _personal_token_of(s, w.b.admin), None),
    ("GET", "/api/v1/limit-requests/<int:request_id>", "a.user",
     lambda w, s: _b_request(s, w).id, None),
    ("GET", "/api/v1/credit-limits/<int:limit_id>", "a.admin",
     lambda w, s: _b_request(s, w).credit_limit_id, None),
    ("POST", "/api/v1/credit-limits/<int:limit_id>/cancel", "a.admin",
     lambda w, s: _b_request(s, w).credit_limit_id, None),
    ("GET", "/api/v1/credit-limits/<int:limit_id>/letter.pdf", "a.user",
     lambda w, s: _b_request(s, w).credit_limit_id, None),
    ("POST", "/api/v1/alerts/<int:alert_id>/read", "a.user", lambda w, s: _b_alert(s, w), None),
    ("POST", "/api/v1/policies/<int:policy_id>/declarations", "a.user",
     lambda w, s: w.b.policy.id, {"period": "2026-01", "insured_turnover": "1000.00"}),
    ("GET", "/api/v1/policies/<int:policy_id>/declarations", "a.user",
     lambda w, s: w.b.policy.id, None),
    ("GET", "/api/v1/premium-invoices/<int:invoice_id>", "a.user",
     lambda w, s: _b_premium_invoice(s, w), None),
    ("GET", "/api/v1/premium-invoices/<int:invoice_id>/invoice.pdf", "a.admin",
     lambda w, s: _b_premium_invoice(s, w), None),
    ("GET", "/api/v1/collection-cases/<int:case_id>", "a.user",
     lambda w, s: _case_of(s, w.b).id, None),
    ("GET", "/api/v1/collection-cases/<int:case_id>/pre-check", "a.user",
     lambda w, s: _case_of(s, w.b).id, None),
    ("POST", "/api/v1/collection-cases/<int:case_id>/payments", "a.user",
     lambda w, s: _case_of(s, w.b).id, {"amount": "1.00", "received_on": "2026-03-02"}),
    ("POST", "/api/v1/collection-cases/<int:case_id>/credit-notes", "a.admin",
     lambda w, s: _case_of(s, w.b).id,
     {"amount": "1.00", "issued_on": "2026-03-02", "number": "CN-X"}),
    ("POST", "/api/v1/collection-cases/<int:case_id>/disputes", "a.user",
     lambda w, s: _case_of(s, w.b).id,
     {"invoice_number": "X-1", "amount": "1.00", "reason": "Not mine"}),
    ("POST", "/api/v1/collection-cases/<int:case_id>/disputes/<int:dispute_id>/resolve",
     "a.user", lambda w, s: _b_dispute(s, w), {"outcome": "not_owed"}),
    ("GET", "/api/v1/claims/<int:claim_id>", "a.user", lambda w, s: _claim_of(s, w.b).id, None),
]

# Staff-only routes (underwriters decide for every insured): an insured's role is refused (403)
# whatever the id, so the answer for another tenant's id is the same as for its own and
# discloses nothing.
STAFF_ONLY = [
    ("POST", "/api/v1/policies/<int:policy_id>/terms", "a.admin",
     lambda w, s: (w.a.policy.id, w.b.policy.id),
     {"effective_from": "2026-06-01", "terms": {}}),
    ("POST", "/api/v1/buyers/<int:buyer_id>/financials", "a.admin",
     lambda w, s: (_buyer(s),) * 2, {"fiscal_year": 2025, "currency": "EUR"}),
    ("POST", "/api/v1/limit-requests/<int:request_id>/decision", "a.admin",
     lambda w, s: (_a_request(s, w).id, _b_request(s, w).id),
     {"outcome": "refused", "reason_codes": ["API"]}),
    ("POST", "/api/v1/credit-limits/<int:limit_id>/reduce", "a.admin",
     lambda w, s: (_a_request(s, w).credit_limit_id, _b_request(s, w).credit_limit_id),
     {"amount": "1.00", "reason_codes": ["RED"]}),
    ("POST", "/api/v1/policies/<int:policy_id>/premium-invoices", "a.admin",
     lambda w, s: (w.a.policy.id, w.b.policy.id), None),
    ("POST", "/api/v1/buyers/<int:buyer_id>/events", "a.user",
     lambda w, s: (_buyer(s),) * 2, {"type": "litigation", "date": "2026-01-01"}),
    *[("POST", f"/api/v1/claims/<int:claim_id>/{action}", "a.admin",
       lambda w, s: (_claim_of(s, w.a).id, _claim_of(s, w.b).id), body)
      for action, body in (("assess", None), ("approve", None),
                           ("reject", {"reason": "Not covered."}),
                           ("pay", {"paid_on": "2026-06-01"}),
                           ("recoveries", {"amount": "1.00", "received_on": "2026-06-01"}))],
]

# The insurer's buyer database is shared by design: every insured sees a buyer's identity,
# grade and PD, and never the staff-only parts (factors, figures, events, history).
SHARED = [("GET", "/api/v1/buyers/<int:buyer_id>")]


def _buyer(session):
    from buyers_db.services import create_buyer
    from core.actor import SYSTEM

    buyer = create_buyer(session, actor=SYSTEM, country="IT", registration_number="IT-SHARED",
                         name="Shared Buyer S.p.A.")
    session.commit()
    return buyer.id


def _request_of(session, tenant, name):
    from core.tenancy import Scope, tenant_scope
    from tests.limits_world import graded_buyer
    from underwriting.limits.requests import request_limit

    buyer = graded_buyer(session, name=name)
    with tenant_scope(Scope.insured(tenant.insured.id)):
        made = request_limit(session, actor=tenant.user.as_actor(), policy_id=tenant.policy.id,
                             buyer_id=buyer.id, amount=Decimal("1000"), payment_terms_days=30)
        session.commit()
    return made


def _a_request(session, world):
    return _request_of(session, world.a, "A's buyer")


def _b_request(session, world):
    return _request_of(session, world.b, "B's buyer")


def _b_alert(session, world):
    from underwriting.limits.models import Alert

    made = _b_request(session, world)
    alert = Alert(insured_id=world.b.insured.id, buyer_id=made.buyer_id, kind="grade_worsened",
                  previous_grade=3, grade=5, as_of=dt.date(2026, 3, 2))
    session.add(alert)
    session.commit()
    return alert.id


def _b_premium_invoice(session, world):
    from core.tenancy import Scope, tenant_scope
    from underwriting.premium.declarations import declare_turnover
    from underwriting.premium.invoicing import invoice_declarations

    with tenant_scope(Scope.everyone()):
        declare_turnover(session, world.b.policy.id, actor=world.b.user.as_actor(),
                         period=dt.date(2026, 1, 1), insured_turnover=Decimal("1000.00"))
        [invoice] = invoice_declarations(session, world.b.policy, actor=world.b.user.as_actor(),
                                         issued_on=dt.date(2026, 2, 1))
        session.commit()
    return invoice.id


def _case_of(session, tenant):
    from tests.claims.claims_world import covered_buyer, inv, notify

    buyer = covered_buyer(session, tenant, name=f"Overdue buyer of {tenant.insured.name}")
    return notify(session, tenant, buyer, inv("X-1", "2026-01-05", "5000", terms=30),
                  on="2026-03-01").case


def _b_dispute(session, world):
    from claims.collection import open_dispute
    from core.tenancy import Scope, tenant_scope
    from tests.claims.claims_world import on_day

    case = _case_of(session, world.b)
    with on_day("2026-03-02"), tenant_scope(Scope.insured(world.b.insured.id)):
        dispute = open_dispute(session, case.id, actor=world.b.user.as_actor(),
                               invoice_number="X-1", amount=Decimal("100"), reason="Short")
        session.commit()
    return case.id, dispute.id


def _claim_of(session, tenant):
    from claims.filing import file_claim
    from claims.indemnity import LossCause
    from core.tenancy import Scope, tenant_scope
    from tests.claims.claims_world import insolvent, on_day

    case = _case_of(session, tenant)
    insolvent(session, session.get(Buyer, case.buyer_id), "2026-03-10")
    with on_day("2026-03-11"), tenant_scope(Scope.insured(tenant.insured.id)):
        claim = file_claim(session, actor=tenant.user.as_actor(), case_id=case.id,
                           cause=LossCause.INSOLVENCY)
        session.commit()
    return claim


def _personal_token_of(session, user):
    _clear, row = tokens.issue_token(session, user, kind="personal", name="theirs")
    session.commit()
    return row.id


def _path(rule, object_id):
    """The rule with its ids filled in, in order (one id, or a tuple for nested routes)."""
    for one in object_id if isinstance(object_id, tuple) else (object_id,):
        rule = rule.split("<", 1)[0] + str(one) + rule.split(">", 1)[1]
    return rule


@pytest.mark.parametrize(("method", "rule", "who", "other_id", "body"), CASES,
                         ids=[f"{c[0]} {c[1]}" for c in CASES])
def test_other_tenant_ids_are_404(client, session, world, method, rule, who, other_id, body):
    assert_hidden(client, session, method, _path(rule, other_id(world, session)),
                  world.as_(who), body)


@pytest.mark.parametrize(("method", "rule", "who", "ids", "body"), STAFF_ONLY,
                         ids=[f"{c[0]} {c[1]}" for c in STAFF_ONLY])
def test_staff_only_routes_answer_insureds_alike_for_any_tenant(
    client, session, world, method, rule, who, ids, body
):
    own, other = ids(world, session)
    answers = [client.open(_path(rule, i), method=method, headers=world.as_(who), json=body)
               for i in (own, other)]
    assert [a.status_code for a in answers] == [403, 403]


def test_shared_buyers_show_insureds_identity_and_grade_only(client, session, world):
    buyer_id = _buyer(session)
    for who in ("a.user", "b.admin"):
        seen = client.get(_path(SHARED[0][1], buyer_id), headers=world.as_(who)).json
        assert seen["name"] == "Shared Buyer S.p.A." and "grade" in seen
        assert not {"factors", "financials", "events", "grade_history"} & set(seen)


def test_every_id_route_has_an_other_tenant_case(app):
    covered = {(m, r) for m, r, *_ in CASES + STAFF_ONLY} | set(SHARED)
    routes = {
        (method, rule.rule)
        for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/") and "<" in rule.rule
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert routes - covered == set()


def test_lists_show_only_the_tenants_own_rows(client, world):
    headers = world.as_("a.user")
    policies = client.get(f"/api/v1/policies?insured_id={world.b.insured.id}", headers=headers)
    assert policies.json["total"] == 0
    mine = client.get("/api/v1/policies", headers=headers).json
    assert {p["insured_id"] for p in mine["items"]} == {world.a.insured.id}
    insureds = client.get("/api/v1/insureds", headers=headers).json
    assert [i["id"] for i in insureds["items"]] == [world.a.insured.id]
    staff = client.get("/api/v1/policies", headers=world.as_("underwriter")).json
    assert {world.a.insured.id, world.b.insured.id} <= {p["insured_id"] for p in staff["items"]}


def test_an_other_tenant_user_cannot_be_created_through_the_body(client, world):
    # the insured comes from the path only; a smuggled insured_id in the body is refused
    answer = client.post(f"/api/v1/insureds/{world.a.insured.id}/users",
                         headers=world.as_("a.admin"),
                         json={**NEW_USER, "insured_id": world.b.insured.id})
    assert answer.status_code == 422 and "insured_id" in answer.json["error"]["fields"]
