"""Premium invoices through the API: lists by tenant, one invoice with its lines, on-demand
invoicing by staff, and the PDF in English and Chinese read back with poppler."""

import datetime as dt
import shutil
import subprocess

import pytest

from tests.premium_world import declare, run_premium_day
from tests.tenancy import assert_hidden


@pytest.fixture(autouse=True)
def business_date(monkeypatch):
    monkeypatch.setenv("TCI_TODAY", "2026-03-02")


@pytest.fixture
def invoice_id(app, client, world):
    declare(client, world, "2026-01", "123456.78")  # 308.64
    declare(client, world, "2026-02", "1002.00")    # 2.51
    run_premium_day(app, dt.date(2026, 3, 1))
    listed = client.get("/api/v1/premium-invoices", headers=world.as_("a.user")).json
    return listed["items"][0]["id"]


def _text(pdf, tmp_path):
    path = tmp_path / "invoice.pdf"
    path.write_bytes(pdf)
    tool = shutil.which("pdftotext")
    assert tool, "pdftotext is missing: run bin/install test"
    done = subprocess.run([tool, str(path), "-"], check=True, capture_output=True, text=True)  # noqa: S603
    return done.stdout


def test_an_invoice_shows_its_lines_and_total(client, world, invoice_id):
    invoice = client.get(f"/api/v1/premium-invoices/{invoice_id}", headers=world.as_("a.user"))
    assert invoice.status_code == 200
    body = invoice.json
    assert (body["amount"], body["kind"], body["issued_on"], body["due_on"]) == (
        "311.15", "declarations", "2026-03-01", "2026-03-31")
    assert [(line["period"], line["insured_turnover"], line["premium_rate"], line["premium"])
            for line in body["lines"]] == [("2026-01", "123456.78", "0.25", "308.64"),
                                           ("2026-02", "1002.00", "0.25", "2.51")]
    assert body["true_up"] is None and body["policy_year_start"] == "2026-01-01"


def test_invoice_lists_are_by_tenant(client, world, invoice_id):
    theirs = client.get("/api/v1/premium-invoices", headers=world.as_("b.user")).json
    assert theirs["total"] == 0
    staff = client.get(f"/api/v1/premium-invoices?policy_id={world.a.policy.id}",
                       headers=world.as_("claims_handler")).json
    assert [i["id"] for i in staff["items"]] == [invoice_id]


def test_staff_invoice_on_demand(client, world):
    declare(client, world, "2026-02", "20000.00")
    answer = client.post(f"/api/v1/policies/{world.a.policy.id}/premium-invoices",
                         headers=world.as_("insurer_admin"))
    assert answer.status_code == 201, answer.json
    assert (answer.json["amount"], [line["period"] for line in answer.json["lines"]]) == (
        "50.00", ["2026-02"])
    again = client.post(f"/api/v1/policies/{world.a.policy.id}/premium-invoices",
                        headers=world.as_("insurer_admin"))
    assert again.status_code == 422
    insured = client.post(f"/api/v1/policies/{world.a.policy.id}/premium-invoices",
                          headers=world.as_("a.admin"))
    assert insured.status_code == 403


def test_the_english_invoice_pdf(client, world, invoice_id, tmp_path):
    answer = client.get(f"/api/v1/premium-invoices/{invoice_id}/invoice.pdf",
                        headers=world.as_("a.user"))
    assert answer.status_code == 200 and answer.mimetype == "application/pdf"
    assert answer.headers["Content-Disposition"] == \
        f"inline; filename=premium-invoice-{invoice_id}-en.pdf"
    text = " ".join(_text(answer.data, tmp_path).split())
    for expected in ("Premium invoice", f"{world.a.policy.number}-P001", world.a.insured.name,
                     "January 2026", "February 2026", "€123,456.78", "€308.64", "€2.51",
                     "0.25 %", "Total due €311.15", "1 March 2026", "31 March 2026",
                     "1 January 2026 to 31 December 2026"):
        assert expected in text, expected


def test_the_chinese_invoice_pdf(client, world, invoice_id, tmp_path):
    answer = client.get(f"/api/v1/premium-invoices/{invoice_id}/invoice.pdf?lang=zh",
                        headers=world.as_("underwriter"))
    text = "".join(_text(answer.data, tmp_path).split())
    for expected in ("保费发票", "贸易信用保险公司", "2026年1月", "€308.64", "应付总额",
                     "€311.15", "2026年3月31日", world.a.insured.name):
        assert expected in text, expected


def test_the_minimum_premium_adjustment_pdf(app, client, world, tmp_path, monkeypatch):
    monkeypatch.setenv("TCI_TODAY", "2027-01-10")
    declare(client, world, "2026-12", "800000.00")  # 2,000.00
    run_premium_day(app, dt.date(2027, 2, 1))
    items = client.get("/api/v1/premium-invoices", headers=world.as_("a.user")).json["items"]
    adjustment = next(i for i in items if i["kind"] == "minimum_premium")
    assert adjustment["amount"] == "3000.00"
    assert adjustment["true_up"]["declared_premium"] == "2000.00"
    pdf = client.get(f"/api/v1/premium-invoices/{adjustment['id']}/invoice.pdf",
                     headers=world.as_("a.user")).data
    text = " ".join(_text(pdf, tmp_path).split())
    for expected in ("minimum premium adjustment", "Minimum premium of the policy year €5,000.00",
                     "Premium declared for the policy year €2,000.00",
                     "Adjustment to the minimum premium €3,000.00", "Total due €3,000.00"):
        assert expected in text, expected


def test_an_other_tenants_invoice_is_hidden(client, session, world, invoice_id):
    for path in (f"/api/v1/premium-invoices/{invoice_id}",
                 f"/api/v1/premium-invoices/{invoice_id}/invoice.pdf"):
        assert_hidden(client, session, "GET", path, world.as_("b.user"))


def test_invoices_come_in_english_and_chinese_only(client, world, invoice_id):
    answer = client.get(f"/api/v1/premium-invoices/{invoice_id}/invoice.pdf?lang=de",
                        headers=world.as_("a.user"))
    assert answer.status_code == 422 and "lang" in answer.json["error"]["fields"]
