"""Another insured's case or claim answers 404 on every overdue, case and claim page, and
nothing changes; the table must name every such page route with an id."""

from __future__ import annotations

import pytest

from tests.factories import audit_count
from tests.portal.test_pages import post, sign_in, text
from tests.reports.claims_documents_world import BUYER, assessed_claim, notified_case

PAGES = ("collection_pages", "claim_pages")

# (method, rule, form); ids filled from A's case, claim and dispute
ROUTES = [
    ("GET", "/cases/<int:case_id>", None),
    ("GET", "/cases/<int:case_id>/acknowledgement.pdf", None),
    ("POST", "/cases/<int:case_id>/payments", {"amount": "1", "received_on": "2026-06-15"}),
    ("POST", "/cases/<int:case_id>/credit-notes",
     {"amount": "1", "issued_on": "2026-06-15", "number": "CN-X"}),
    ("POST", "/cases/<int:case_id>/disputes",
     {"invoice_number": "A-1", "amount": "1", "reason": "No"}),
    ("POST", "/cases/<int:case_id>/disputes/<int:dispute_id>/resolve", {"outcome": "owed"}),
    ("POST", "/cases/<int:case_id>/claim", {"cause": "insolvency"}),
    ("GET", "/claims/<int:claim_id>", None),
    ("GET", "/claims/<int:claim_id>/statement.pdf", None),
]
HANDLER_ROUTES = [
    ("POST", f"/claims/<int:claim_id>/{action}", form)
    for action, form in (("assess", {}), ("approve", {}), ("reject", {"reason": "No"}),
                         ("pay", {"paid_on": "2026-06-15"}),
                         ("recoveries", {"amount": "1", "received_on": "2026-06-15"}))
]


@pytest.fixture(autouse=True)
def business_date(monkeypatch):
    monkeypatch.setenv("TCI_TODAY", "2026-06-15")


@pytest.fixture
def ids(client, session, world):
    case_id = notified_case(client, session, world)
    made = client.post(f"/api/v1/collection-cases/{case_id}/disputes",
                       json={"invoice_number": "A-2", "amount": "100.00", "reason": "Short"},
                       headers=world.as_("a.user"))
    assert made.status_code == 201, made.json
    return {"case_id": case_id, "claim_id": assessed_claim(client, world, case_id),
            "dispute_id": made.json["id"]}


def _path(rule, ids):
    for name, value in ids.items():
        rule = rule.replace(f"<int:{name}>", str(value))
    return rule


@pytest.mark.parametrize(("method", "rule", "form"), ROUTES + HANDLER_ROUTES,
                         ids=[f"{m} {r}" for m, r, _f in ROUTES + HANDLER_ROUTES])
@pytest.mark.parametrize("intruder", ["b.user", "b.admin"])
def test_other_insureds_get_404_on_every_page(client, session, world, ids, method, rule, form,
                                              intruder):
    sign_in(client, world.b.admin if intruder == "b.admin" else world.b.user)
    before = audit_count(session)
    path = _path(rule, ids)
    answer = client.get(path) if method == "GET" else post(client, path, form, page="/cases")
    # Handler-only actions refuse an insured's role before looking (403, the same for its own
    # claim); everything else hides the claim or case as if it did not exist.
    expected = 403 if (method, rule, form) in HANDLER_ROUTES else 404
    assert answer.status_code == expected, (path, answer.status_code)
    assert BUYER not in text(answer) and world.a.insured.name not in text(answer)
    assert audit_count(session) == before


def test_handler_actions_refuse_insureds_on_their_own_claims_alike(client, world, ids):
    sign_in(client, world.a.user)
    for _method, rule, form in HANDLER_ROUTES:
        assert post(client, _path(rule, ids), form, page="/cases").status_code == 403


def test_lists_show_only_the_insureds_own(client, world, ids):
    sign_in(client, world.b.user)
    for page in ("/cases", "/claims"):
        shown = text(client.get(page))
        assert BUYER not in shown and f"/cases/{ids['case_id']}" not in shown
    assert BUYER not in text(client.get("/overdue/report"))


def test_every_claims_page_route_with_an_id_is_in_the_table(app):
    covered = {(m, r) for m, r, _f in ROUTES + HANDLER_ROUTES}
    routes = {(method, rule.rule) for rule in app.url_map.iter_rules()
              if rule.endpoint.split(".")[0] in PAGES and "<" in rule.rule
              for method in rule.methods - {"HEAD", "OPTIONS"}}
    assert routes - covered == set()
