"""A premium invoice says where and how to pay: the insurer's bank account from the setting
INSURER_BANK_ACCOUNT and the invoice number as payment reference, in English and Chinese; a
yen invoice prints whole yen."""

import datetime as dt
import re

import pytest

from portal.config import DEMO_BANK_ACCOUNT, InvalidSetting, bank_account
from tests.factories import make_policy
from tests.premium_world import declare, run_premium_day
from tests.reports.poppler import pdf_text

ACCOUNT = {"beneficiary": "Assureur Crédit SA", "iban": "FR76 3000 6000 0112 3456 7890 189",
           "bic": "AGRIFRPPXXX", "bank": "Banque Exemple"}


@pytest.fixture(autouse=True)
def business_date(monkeypatch):
    monkeypatch.setenv("TCI_TODAY", "2026-03-02")


@pytest.fixture
def invoice(app, client, world):
    declare(client, world, "2026-01", "100000.00")  # 250.00
    run_premium_day(app, dt.date(2026, 3, 1))
    return client.get("/api/v1/premium-invoices", headers=world.as_("a.user")).json["items"][0]


def _pdf(client, world, invoice_id, lang="en"):
    answer = client.get(f"/api/v1/premium-invoices/{invoice_id}/invoice.pdf?lang={lang}",
                        headers=world.as_("a.user"))
    assert answer.status_code == 200
    return answer.data


def test_the_invoice_names_the_account_and_the_reference(app, client, world, invoice,
                                                         tmp_path):
    app.config["INSURER_BANK_ACCOUNT"] = ACCOUNT
    text = pdf_text(_pdf(client, world, invoice["id"]), tmp_path)
    for expected in ("Payment instructions", "Beneficiary Assureur Crédit SA",
                     "IBAN FR76 3000 6000 0112 3456 7890 189", "BIC / SWIFT AGRIFRPPXXX",
                     "Bank Banque Exemple", f"Payment reference {invoice['number']}"):
        assert expected in text, expected
    chinese = pdf_text(_pdf(client, world, invoice["id"], "zh"), tmp_path, spaces=False)
    for expected in ("付款说明", "收款人AssureurCréditSA", "FR7630006000011234567890189",
                     f"付款附言{invoice['number']}"):
        assert expected in chinese, expected


def test_outside_production_the_demo_account_is_named(client, world, invoice, tmp_path):
    text = pdf_text(_pdf(client, world, invoice["id"]), tmp_path)
    assert f"IBAN {DEMO_BANK_ACCOUNT['iban']}" in text


def test_a_yen_invoice_prints_whole_yen(app, client, session, world, tmp_path):
    policy = make_policy(session, world.a.insured, currency="JPY")
    session.commit()
    assert declare(client, world, "2026-02", "1234567", policy_id=policy.id).status_code == 201
    answer = client.post(f"/api/v1/policies/{policy.id}/premium-invoices",
                         headers=world.as_("insurer_admin"))
    assert answer.status_code == 201 and answer.json["amount"] == "3086"
    assert answer.json["lines"][0]["insured_turnover"] == "1234567"
    text = pdf_text(_pdf(client, world, answer.json["id"]), tmp_path)
    assert "JP¥1,234,567" in text and "Total due JP¥3,086" in text and ".00" not in text


@pytest.mark.parametrize(("raw", "production", "expected"), [
    (None, False, DEMO_BANK_ACCOUNT),
    (None, True, None),
    ("beneficiary=Assureur Crédit SA; IBAN=FR76 3000 6000 0112 3456 7890 189; bic=AGRIFRPPXXX;"
     " bank=Banque Exemple", True, ACCOUNT),
])
def test_the_setting_is_read(raw, production, expected):
    assert bank_account(raw, production) == expected


@pytest.mark.parametrize("raw", ["iban=FR76", "beneficiary=A; iban=B; bic=C; bank=",
                                 "beneficiary=A; iban=B; bic=C; bank=D; colour=blue"])
def test_a_setting_that_cannot_be_read_says_how_it_is_written(raw):
    written = re.escape("beneficiary=...; iban=...; bic=...; bank=...")
    with pytest.raises(InvalidSetting, match=written):
        bank_account(raw, production=False)
