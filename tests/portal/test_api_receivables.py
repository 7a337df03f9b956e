"""The receivables ledger through the API: an upload replaces the last, bad rows are reported
by line and field, a file unreadable as a whole changes nothing, and the ledger's ageing,
uncovered amounts and warnings are the figures worked by hand in receivables_world."""

import io

import openpyxl
import pytest
from sqlalchemy import func, select

from claims.receivables.ledger import receivables
from claims.receivables.models import ReceivableLine
from claims.receivables.schemas import BuyerReceivablesSchema, buyer_json
from core.tenancy import Scope, tenant_scope
from tests.claims.receivables_world import HEADER, TODAY, ledger_buyers, ledger_csv


@pytest.fixture(autouse=True)
def business_date(monkeypatch):
    monkeypatch.setenv("TCI_TODAY", TODAY)


def url(world, who="a.user"):
    tenant = world.b if who.startswith("b.") else world.a
    return f"/api/v1/policies/{tenant.policy.id}/receivables"


def upload(client, world, content, who="a.user", name="ledger.csv"):
    return client.post(url(world, who), data={"file": (io.BytesIO(content), name)},
                       headers=world.as_(who), content_type="multipart/form-data")


def read(client, world, who="a.user"):
    answer = client.get(url(world, who), headers=world.as_(who))
    assert answer.status_code == 200, answer.json
    return answer.json


def lines_stored(session):
    with tenant_scope(Scope.everyone()):
        return session.scalar(select(func.count()).select_from(ReceivableLine))


def test_the_ledger_is_aged_with_what_is_uncovered(client, session, world):
    buyers = ledger_buyers(session, world.a)
    answer = upload(client, world, ledger_csv(buyers))
    assert answer.status_code == 201, answer.json
    assert (answer.json["stored"], answer.json["rejected"], answer.json["errors"]) == (8, 0, [])
    ledger = read(client, world)
    assert (ledger["as_of"], ledger["currency"]) == (TODAY, "EUR")
    by_id = {entry["buyer_id"]: entry for entry in ledger["buyers"]}
    a, b, c = (by_id[buyers[k].id] for k in "abc")
    # A: 4,000 + 1,000 not due; A-2 21 days late; A-3 77 days late
    assert a["ageing"] == {"not_due": "5000.00", "1-30": "3000.00", "31-60": "0.00",
                           "61-90": "2500.00", "over_90": "0.00"}
    assert (a["open_balance"], a["overdue"], a["limit"], a["uncovered"]) == (
        "10500.00", "5500.00", "10000.00", "500.00")  # 10,500 − 10,000
    # B: B-1 51 days late, B-2 122 days late; no limit: all of it uncovered
    assert b["ageing"] == {"not_due": "0.00", "1-30": "0.00", "31-60": "1234.56",
                           "61-90": "0.00", "over_90": "800.00"}
    assert (b["open_balance"], b["limit"], b["uncovered"]) == ("2034.56", "0.00", "2034.56")
    # C: the limit was cancelled on 1 February: nothing in force on 2 March
    assert (c["open_balance"], c["limit"], c["uncovered"]) == ("1000.00", "0.00", "1000.00")
    assert c["ageing"]["not_due"] == "700.00" and c["ageing"]["1-30"] == "300.00"
    assert (a["buyer_name"], a["country"], a["registration_number"], a["invoices"]) == (
        "Alpha Handel GmbH", "DE", buyers["a"].registration_number, 4)
    # the largest uncovered first
    assert [e["buyer_id"] for e in ledger["buyers"]] == [buyers["b"].id, buyers["c"].id,
                                                         buyers["a"].id]


def test_each_warning_kind_is_found(client, session, world):
    buyers = ledger_buyers(session, world.a)
    upload(client, world, ledger_csv(buyers))
    by_id = {entry["buyer_id"]: entry for entry in read(client, world)["buyers"]}
    warned = {k: [(w["kind"], w["invoice_number"], w["due_on"], w["days_left"])
                  for w in by_id[buyers[k].id]["warnings"]] for k in "abc"}
    # due 15 Dec + 60 MEP = 13 Feb (passed: cover stopped), + 30 = 15 Mar, 13 days on;
    # A-1 delivered 20 Feb, after the stop of 13 Feb; A-4 on 150-day terms, over MCT 120
    assert warned["a"] == [
        ("notification_deadline", "A-3", "2026-03-15", 13),
        ("after_stop", "A-1", "2026-03-22", None),
        ("terms_over_mct", "A-4", "2026-06-04", None),
    ]
    # B-1: due 10 Jan + 60 = 11 Mar, 9 days on; B-2's deadline (29 Jan) has passed, and B-1
    # was delivered (11 Dec) before B-2's MEP expired (30 Dec)
    assert warned["b"] == [("mep_expiry", "B-1", "2026-03-11", 9)]
    # C-1 delivered 10 Feb, after the limit was cancelled on 1 Feb; C-2 (20 Jan) was covered
    assert warned["c"] == [("after_stop", "C-1", "2026-03-12", None)]


def test_an_upload_replaces_the_previous_one(client, session, world):
    buyers = ledger_buyers(session, world.a)
    upload(client, world, ledger_csv(buyers))
    again = (HEADER + f"DE,{buyers['b'].registration_number},B-9,2026-02-01,2026-02-01,"
             "2026-03-03,99.00,\n").encode()
    assert upload(client, world, again).json["stored"] == 1
    ledger = read(client, world)
    assert [(e["buyer_id"], e["open_balance"]) for e in ledger["buyers"]] == [
        (buyers["b"].id, "99.00")]
    assert lines_stored(session) == 1


def test_bad_rows_are_reported_by_line_and_field(client, session, world):
    buyers = ledger_buyers(session, world.a)
    a = buyers["a"].registration_number
    content = (HEADER
               + f"DE,{a},OK-1,2026-02-01,2026-02-01,2026-03-03,100.00,\n"
               + "DE,NO-SUCH-1,X-1,2026-02-01,2026-02-01,2026-03-03,100.00,\n"
               + f"DE,{a},X-2,2026-02-01,2026-02-01,2026-01-03,100.00,\n"
               + f"DE,{a},X-3,2026-02-01,2026-02-01,2026-03-03,lots,\n"
               + f"DE,{a},X-4,2026-02-01,2026-02-01,2026-03-03,100.00,150.00\n"
               + f"DE,{a},OK-1,2026-02-01,2026-02-01,2026-03-03,100.00,\n"
               + f"DE,{a},X-6,someday,2026-02-01,2026-03-03,100.00,\n").encode()
    answer = upload(client, world, content)
    assert answer.status_code == 201, answer.json
    assert answer.json["stored"] == 1 and answer.json["rejected"] == 6
    assert [(e["line"], e["field"]) for e in answer.json["errors"]] == [
        (3, "registration_number"), (4, "due_date"), (5, "amount"), (6, "vat_amount"),
        (7, "invoice_number"), (8, "invoice_date")]
    assert "registration number" in answer.json["errors"][0]["message"]


def test_an_xlsx_ledger_reads_as_the_csv(client, session, world):
    buyers = ledger_buyers(session, world.a)
    book = openpyxl.Workbook()
    for line in ledger_csv(buyers).decode().splitlines():
        book.active.append(line.split(","))
    content = io.BytesIO()
    book.save(content)
    answer = upload(client, world, content.getvalue(), name="ledger.bin")
    assert (answer.status_code, answer.json["stored"]) == (201, 8)
    by_id = {e["buyer_id"]: e for e in read(client, world)["buyers"]}
    assert by_id[buyers["a"].id]["open_balance"] == "10500.00"


@pytest.mark.parametrize("content, problem", [
    (b"", "empty"),
    (b"%PDF-1.4 not a ledger", "not a csv"),
    (b"country,registration_number,invoice_number\nDE,1,2\n", "lacks"),
])
def test_a_file_unreadable_as_a_whole_changes_nothing(client, session, world, content, problem):
    buyers = ledger_buyers(session, world.a)
    upload(client, world, ledger_csv(buyers))
    answer = upload(client, world, content)
    assert answer.status_code == 422, answer.json
    assert "file" in answer.json["error"]["fields"]
    assert problem in answer.json["error"]["message"].lower()
    assert lines_stored(session) == 8


def test_another_insureds_ledger_is_not_found(client, session, world):
    buyers = ledger_buyers(session, world.a)
    upload(client, world, ledger_csv(buyers))
    theirs = f"/api/v1/policies/{world.a.policy.id}/receivables"
    assert client.get(theirs, headers=world.as_("b.user")).status_code == 404
    answer = client.post(theirs, data={"file": (io.BytesIO(ledger_csv(buyers)), "l.csv")},
                         headers=world.as_("b.user"), content_type="multipart/form-data")
    assert answer.status_code == 404
    assert read(client, world, "b.user")["buyers"] == []
    assert lines_stored(session) == 8


def test_a_notified_invoice_has_no_deadline_left_to_warn_of(client, session, world):
    buyers = ledger_buyers(session, world.a)
    upload(client, world, ledger_csv(buyers))
    notified = client.post("/api/v1/overdue-notifications", headers=world.as_("a.user"), json={
        "policy_id": world.a.policy.id, "buyer_id": buyers["a"].id, "invoices": [
            {"number": "A-3", "invoice_date": "2025-11-15", "delivery_date": "2025-11-15",
             "due_date": "2025-12-15", "amount": "2500.00"}]})
    assert notified.status_code == 201, notified.json
    by_id = {e["buyer_id"]: e for e in read(client, world)["buyers"]}
    # A-3's deadline is met; the case's stop date is A-3's MEP expiry (13 February), before
    # the notification (2 March): A-1, delivered 20 February, is still after the stop
    assert [(w["kind"], w["invoice_number"]) for w in by_id[buyers["a"].id]["warnings"]] == [
        ("after_stop", "A-1"), ("terms_over_mct", "A-4")]


def test_the_ledger_is_dumped_as_its_schema_says(client, session, world):
    buyers = ledger_buyers(session, world.a)
    upload(client, world, ledger_csv(buyers))
    with tenant_scope(Scope.insured(world.a.insured.id)):
        ledger = receivables(session, world.a.policy.id, actor=world.a.user.as_actor())
    assert len(ledger.buyers) == 3
    for entry in ledger.buyers:
        assert buyer_json(entry) == BuyerReceivablesSchema().dump(entry)
