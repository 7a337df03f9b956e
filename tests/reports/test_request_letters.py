"""Letters answering limit requests: every decided request has one, a refusal (a zero decision
included) never reads as a grant, the underwriter's note is printed, and the amount in force
is the ledger's."""

import pytest

from tests.limits_world import graded_buyer
from tests.reports.test_letters import _poppler, _saved


@pytest.fixture(autouse=True)
def business_date(monkeypatch):
    monkeypatch.setenv("TCI_TODAY", "2026-03-02")


def _ask(client, world, buyer, amount, **extra):
    made = client.post("/api/v1/limit-requests", headers=world.as_("a.user"), json={
        "policy_id": world.a.policy.id, "buyer_id": buyer.id, "amount": amount,
        "payment_terms_days": 60, **extra})
    assert made.status_code == 201, made.json
    return made.json


def _decide(client, world, request_id, **decision):
    decided = client.post(f"/api/v1/limit-requests/{request_id}/decision",
                          headers=world.as_("underwriter"), json=decision)
    assert decided.status_code == 200, decided.json
    return decided.json


def _text(client, world, request_id, tmp_path, lang="en", who="a.user"):
    answer = client.get(f"/api/v1/limit-requests/{request_id}/letter.pdf?lang={lang}",
                        headers=world.as_(who))
    assert answer.status_code == 200 and answer.mimetype == "application/pdf", answer.data[:200]
    text = _poppler("pdftotext", _saved(answer.data, tmp_path), "-")
    return " ".join(text.split()) if lang == "en" else "".join(text.split())


def test_a_zero_decision_letter_is_a_refusal_with_the_note(client, session, world, tmp_path):
    buyer = graded_buyer(session)
    asked = _ask(client, world, buyer, "70000.00", comment="New customer")
    _decide(client, world, asked["id"], outcome="zero", reason_codes=["NFI"],
            note="Send us the 2025 accounts and we will look again.")
    text = _text(client, world, asked["id"], tmp_path)
    for expected in ("Decision on your credit limit request", "Decision: Refused",
                     "We cannot grant this request.", "€70,000.00",
                     "No financial information on the buyer", "Note from the underwriter",
                     "Send us the 2025 accounts and we will look again."):
        assert expected in text, expected
    assert "Granted" not in text and "€0.00" not in text
    zh = _text(client, world, asked["id"], tmp_path, lang="zh")
    for expected in ("信用限额申请决定书", "拒绝", "核保员附言", "Sendusthe2025accounts"):
        assert expected in zh, expected


def test_a_refused_increase_keeps_the_limit_in_force(client, session, world, tmp_path):
    buyer = graded_buyer(session)
    _ask(client, world, buyer, "50000.00")
    more = _ask(client, world, buyer, "90000.00", comment="Peak season")
    _decide(client, world, more["id"], outcome="refused", reason_codes=["API"])
    text = _text(client, world, more["id"], tmp_path)
    assert "Increase" in text and "Decision: Refused" in text
    assert "Your limit of €50,000.00 on this buyer stays in force as it was." in text
    assert "Limit in force today €50,000.00" in text and "Granted" not in text


def test_an_instant_grant_prints_the_amount_in_force_from_the_ledger(
        client, session, world, tmp_path):
    buyer = graded_buyer(session)
    granted = _ask(client, world, buyer, "100000.00", reference="PO-88")
    limit = granted["credit_limit"]["id"]
    reduced = client.post(f"/api/v1/credit-limits/{limit}/reduce",
                          headers=world.as_("underwriter"),
                          json={"amount": "40000.00", "reason_codes": ["RED"]})
    assert reduced.status_code == 200, reduced.json
    text = _text(client, world, granted["id"], tmp_path)
    for expected in ("Decision: Approved", "Granted €100,000.00", "PO-88",
                     "Limit in force today €100,000.00", "reduced to €40,000.00 from",
                     f"Credit limit no. {limit}"):
        assert expected in text, expected


def test_a_partial_grant_prints_its_conditions_in_chinese(client, session, world, tmp_path):
    buyer = graded_buyer(session)
    asked = _ask(client, world, buyer, "100000.00", comment="Big order")
    _decide(client, world, asked["id"], outcome="partial", amount="60000.00",
            reason_codes=["SPT"], conditions={"max_payment_terms_days": 45,
                                              "expires_on": "2026-09-30"},
            note="分批发货。")
    zh = _text(client, world, asked["id"], tmp_path, lang="zh")
    for expected in ("部分核准", "核准金额", "€60,000.00", "45天", "2026年9月30日", "分批发货。"):
        assert expected in zh, expected


def test_a_referred_request_has_no_letter_yet_and_another_tenant_none_at_all(
        client, session, world):
    buyer = graded_buyer(session)
    asked = _ask(client, world, buyer, "70000.00", comment="Please look")
    path = f"/api/v1/limit-requests/{asked['id']}/letter.pdf"
    waiting = client.get(path, headers=world.as_("a.user"))
    assert waiting.status_code == 409 and waiting.json["error"]["code"] == "conflict"
    _decide(client, world, asked["id"], outcome="refused", reason_codes=["API"])
    for who in ("b.user", "b.admin"):
        hidden = client.get(path, headers=world.as_(who))
        assert hidden.status_code == 404 and hidden.json["error"]["code"] == "not_found"
    assert client.get(f"{path}?lang=fr", headers=world.as_("a.user")).status_code == 422
    assert client.get(path, headers=world.as_("underwriter")).status_code == 200
