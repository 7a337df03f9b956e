"""The underwriter's note to the insured: written on the decision form, shown on the request and
limit pages, and the request's letter downloadable from its page; another tenant's is 404."""

from __future__ import annotations

import pytest

from tests.limits_world import graded_buyer
from tests.portal.test_limit_pages import ask, decision_path, limit_of, made_request
from tests.portal.test_pages import post, sign_in, text


@pytest.fixture(autouse=True)
def business_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TCI_TODAY", "2026-03-02")


def test_the_note_reaches_the_insureds_pages_and_letter(client, session, world):
    buyer = graded_buyer(session, name="Note Buyer GmbH")
    sign_in(client, world.a.user)
    path = decision_path(ask(client, world, buyer, comment="Big order"))
    request_id = made_request(session, path).id
    assert "/letter.pdf" not in text(client.get(path))  # referred: no letter yet
    sign_in(client, world.underwriter)
    page = f"/underwriting/requests/{request_id}"
    assert 'name="note"' in text(client.get(page))
    decided = post(client, page, {"outcome": "partial", "amount": "60000.00",
                                  "reason_codes": ["SPT"], "note": "Half now, more in June."},
                   page=page)
    assert decided.status_code == 302, text(decided)
    sign_in(client, world.a.user)
    shown = text(client.get(path))
    assert "Note from the underwriter" in shown and "Half now, more in June." in shown
    assert f"/limits/requests/{request_id}/letter.pdf" in shown
    limit_page = text(client.get(f"/limits/{limit_of(session, path)}"))
    assert "Half now, more in June." in limit_page
    letter = client.get(f"/limits/requests/{request_id}/letter.pdf?lang=zh")
    assert letter.status_code == 200 and letter.data.startswith(b"%PDF-")
    sign_in(client, world.b.user)
    for hidden in (path, f"/limits/requests/{request_id}/letter.pdf"):
        answer = client.get(hidden)
        assert answer.status_code == 404 and "Half now" not in text(answer)


def test_a_request_sent_after_compute_and_use_is_not_refused_for_the_helpers_fields(
        client, session, world):
    """The sizing helper's fields travel with the request form: they are no part of the
    request, and no longer make it fail with "Unknown field"."""
    buyer = graded_buyer(session)
    sign_in(client, world.a.user)
    form = {"buyer_id": str(buyer.id), "policy_id": str(world.a.policy.id),
            "annual_turnover": "1,200,000", "credit_days": "60"}
    sized = post(client, "/limits/request", {**form, "compute": "1"},
                 page=f"/limits/request?buyer_id={buyer.id}")
    assert 'name="amount" value="198000"' in text(sized)
    sent = post(client, "/limits/request", {**form, "amount": "198000",
                                            "payment_terms_days": "60"},
                page=f"/limits/request?buyer_id={buyer.id}")
    assert sent.status_code == 302, text(sent)
    assert made_request(session, sent.headers["Location"]).amount == 198000
