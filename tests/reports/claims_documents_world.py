"""A claim with something in every column of its statement of loss, through the API.

Buyer limit 100,000 EUR (insurer's, 90 %). Notified 1 Mar 2026:
  A-1  5 Jan, due 4 Feb, 11,900.00 of which VAT 1,900.00
  A-2 10 Jan, 150 days' terms (over the MCT of 120), 5,000.00
Payment of 1,900.00 on 10 Mar goes to A-1, the oldest. The buyer is insolvent on 20 May; the
insured files on 15 Jun. By hand:
  total debt 16,900 − 1,900 = 15,000.00; A-1 owes 10,000.00, its VAT 10,000 × 1,900 / 11,900 =
  1,596.64 is not covered; A-2 is out: excluded 5,000 + 1,596.64 = 6,596.64;
  net outstanding = covered = 8,403.36; indemnity 90 % = 7,563.02.
"""

from __future__ import annotations

from typing import Any

from tests.claims.claims_world import covered_buyer, insolvent, inv, notify_through_api, on_day

BUYER = "深圳华南五金制品有限公司"


def notified_case(client: Any, session: Any, world: Any, name: str = BUYER) -> int:
    buyer = covered_buyer(session, world.a, name=name)
    case_id = notify_through_api(
        client, world, buyer, inv("A-1", "2026-01-05", "11900.00", terms=30, vat="1900.00"),
        inv("A-2", "2026-01-10", "5000.00", terms=150))
    with on_day("2026-03-10"):
        paid = client.post(f"/api/v1/collection-cases/{case_id}/payments",
                           json={"amount": "1900.00", "received_on": "2026-03-10"},
                           headers=world.as_("a.user"))
    assert paid.status_code == 201, paid.json
    insolvent(session, buyer, "2026-05-20")
    return case_id


def filed_claim(client: Any, world: Any, case_id: int) -> int:
    with on_day("2026-06-15"):
        filed = client.post("/api/v1/claims", json={"case_id": case_id, "cause": "insolvency"},
                            headers=world.as_("a.user"))
    assert filed.status_code == 201, filed.json
    claim_id: int = filed.json["id"]
    return claim_id


def assessed_claim(client: Any, world: Any, case_id: int) -> int:
    claim_id = filed_claim(client, world, case_id)
    with on_day("2026-06-15"):
        done = client.post(f"/api/v1/claims/{claim_id}/assess",
                           headers=world.as_("claims_handler"))
    assert done.status_code == 200, done.json
    assert done.json["indemnity"] == "7563.02", done.json["statement"]
    return claim_id
