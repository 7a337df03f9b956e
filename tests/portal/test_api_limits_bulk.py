"""Limit requests in bulk through the API: each row of a CSV or XLSX file is a request of its
own, a failed row is reported on its line and leaves the others alone, and a file that cannot be
read as a whole (not a spreadsheet, no rows, a column missing, too many rows) changes nothing."""

import io

import openpyxl
import pytest
from sqlalchemy import func, select

from core.audit import AuditEntry
from core.tenancy import Scope, tenant_scope
from tests.dump import changes, dump
from tests.limits_world import graded_buyer
from underwriting.limits.models import LimitRequest

TODAY = "2026-03-02"
HEADER = "country,registration_number,amount,payment_terms_days,reference\n"
URL = "/api/v1/limit-requests/bulk"


@pytest.fixture(autouse=True)
def business_date(monkeypatch):
    monkeypatch.setenv("TCI_TODAY", TODAY)


def post(client, world, content, who="a.user", policy_id=None, name="limits.csv", **headers):
    tenant = world.b if who.startswith("b.") else world.a
    form = {"policy_id": str(policy_id or tenant.policy.id),
            "file": (io.BytesIO(content), name)}
    return client.post(URL, data=form, headers={**world.as_(who), **headers},
                       content_type="multipart/form-data")


def spelled_otherwise(buyer):
    """The buyer's registration number as an ERP might hold it: lower case, spaced."""
    return buyer.registration_number.lower().replace("-", " - ")


def requests_made(session):
    with tenant_scope(Scope.everyone()):
        return session.scalar(select(func.count()).select_from(LimitRequest))


def test_good_and_bad_rows_each_stand_alone(client, session, world):
    sound, doubtful = graded_buyer(session), graded_buyer(session, grade=7)
    insolvent = graded_buyer(session, insolvent=True)
    content = (HEADER
               + f"de,{spelled_otherwise(sound)},100000.00,60,PO-1\n"
               + f"DE,{doubtful.registration_number},50000,30,\n"
               + "DE,NO-SUCH-1,5000.00,30,PO-3\n"
               + f"DE,{sound.registration_number},lots,30,PO-4\n"
               + "\n"  # a blank line keeps its number
               + f"DE,{insolvent.registration_number},20000.00,30,PO-6\n"
               + f"DE,{doubtful.registration_number},100.001,30,PO-7\n").encode()
    answer = post(client, world, content)
    assert answer.status_code == 201, answer.json
    rows = answer.json["rows"]
    assert [(r["line"], r["status"]) for r in rows] == [
        (2, "approved"), (3, "referred"), (4, "failed"), (5, "failed"), (7, "refused"),
        (8, "failed")]
    assert (answer.json["decided"], answer.json["referred"], answer.json["failed"]) == (2, 1, 3)
    assert "registration number" in rows[2]["error"] and "request_id" not in rows[2]
    assert "amount" in rows[3]["error"] and "amount" in rows[5]["error"]
    assert "error" not in rows[0]
    first = client.get(f"/api/v1/limit-requests/{rows[0]['request_id']}",
                       headers=world.as_("a.user")).json
    assert (first["buyer_id"], first["amount"], first["reference"], first["status"]) == (
        sound.id, "100000.00", "PO-1", "approved")
    assert requests_made(session) == 3  # the failed rows left nothing behind


def test_each_request_is_the_same_as_one_sent_alone(client, session, world):
    buyer = graded_buyer(session)
    held = post(client, world, (HEADER + f"DE,{buyer.registration_number},80000,60,\n").encode())
    lower = post(client, world, (HEADER + f"DE,{buyer.registration_number},30000,60,\n").encode())
    request_id = lower.json["rows"][0]["request_id"]
    made = client.get(f"/api/v1/limit-requests/{request_id}", headers=world.as_("a.user")).json
    assert held.json["rows"][0]["status"] == "approved"
    assert (made["kind"], made["status"], made["credit_limit"]["amount"]) == (
        "decrease", "approved", "30000.00")


def test_an_xlsx_file_with_numbers_in_cells(client, session, world):
    buyer = graded_buyer(session)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Reference", "Country", "Registration_Number", "Amount", "Payment_Terms_Days"])
    sheet.append(["X-1", "DE", buyer.registration_number, 75000, 45])
    sheet.append([None, None, None, None, None])
    sheet.append(["X-2", "DE", buyer.registration_number, 1234.5, "sixty"])
    content = io.BytesIO()
    book.save(content)
    answer = post(client, world, content.getvalue(), name="limits.bin")
    assert answer.status_code == 201, answer.json
    rows = answer.json["rows"]
    assert [(r["line"], r["status"]) for r in rows] == [(2, "approved"), (4, "failed")]
    assert "payment_terms_days" in rows[1]["error"]
    made = client.get(f"/api/v1/limit-requests/{rows[0]['request_id']}",
                      headers=world.as_("a.user")).json
    assert (made["amount"], made["payment_terms_days"], made["reference"]) == (
        "75000.00", 45, "X-1")


@pytest.mark.parametrize(("content", "said"), [
    (b"country,registration_number,amount,reference\nDE,HRB 1,5000,PO-1\n",
     "Missing: payment_terms_days."),
    (b"%PDF-1.7\n1 0 obj << >> endobj\n", "Not a CSV or XLSX file."),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "Not a CSV or XLSX file."),
    (b"PK\x03\x04not really a workbook", "Not a CSV or XLSX file."),
    (b"just one column of words\nand another line\n", "Not a CSV or XLSX file."),
    (HEADER.encode(), "No rows."),
    (HEADER.encode() + b"\n,,,,\n", "No rows."),
    ((HEADER + "DE,HRB 1,5000,30,\n" * 1001).encode(), "At most 1,000 rows."),
    (HEADER.encode() + "DE,\xff,5000,30,\n".encode("latin-1"), "Not a CSV or XLSX file."),
    (HEADER.encode() + b"DE,HRB 1,5000,30," + b"x" * 70_000 + b"\xff\n",
     "Not a readable CSV or XLSX file."),
    (b"country;country;registration_number;amount;payment_terms_days;reference\n",
     "Duplicate columns."),
])
def test_a_file_that_cannot_be_read_whole_changes_nothing(client, session, world, content,
                                                           said):
    graded_buyer(session)
    before = dump(session)
    answer = post(client, world, content)
    assert answer.status_code == 422, answer.json
    assert answer.json["error"]["fields"]["file"] == [said]
    assert changes(before, dump(session)) == {}


def test_an_empty_or_missing_file_is_refused(client, session, world):
    assert post(client, world, b"").status_code == 422
    answer = client.post(URL, data={"policy_id": str(world.a.policy.id)},
                         headers=world.as_("a.user"), content_type="multipart/form-data")
    assert answer.status_code == 422 and "file" in answer.json["error"]["fields"]


def test_the_policy_field_is_checked(client, session, world):
    content = (HEADER + "DE,HRB 1,5000,30,\n").encode()
    for value in ("", "abc", "0", str(2**40)):
        answer = client.post(URL, data={"policy_id": value, "file": (io.BytesIO(content), "x")},
                             headers=world.as_("a.user"), content_type="multipart/form-data")
        assert answer.status_code == 422 and "policy_id" in answer.json["error"]["fields"]
    answer = client.post(URL, data={"file": (io.BytesIO(content), "x")},
                         headers=world.as_("a.user"), content_type="multipart/form-data")
    assert answer.status_code == 422 and "policy_id" in answer.json["error"]["fields"]


def test_another_insureds_policy_is_404_and_changes_nothing(client, session, world):
    buyer = graded_buyer(session)
    before = dump(session)
    content = (HEADER + f"DE,{buyer.registration_number},5000,30,\n").encode()
    answer = post(client, world, content, policy_id=world.b.policy.id)
    assert answer.status_code == 404 and answer.json["error"]["code"] == "not_found"
    answer = post(client, world, b"not a file at all", policy_id=world.b.policy.id)
    assert answer.status_code == 404
    assert changes(before, dump(session)) == {}


def test_only_insureds_send_requests(client, session, world):
    content = (HEADER + "DE,HRB 1,5000,30,\n").encode()
    for who in ("underwriter", "insurer_admin", "claims_handler"):
        assert post(client, world, content, who=who).status_code == 403


def test_the_same_idempotency_key_replays_and_a_new_file_under_it_is_refused(
    client, session, world
):
    buyer = graded_buyer(session)
    content = (HEADER + f"DE,{buyer.registration_number},5000,30,\n").encode()
    first = post(client, world, content, **{"Idempotency-Key": "bulk-1"})
    again = post(client, world, content, **{"Idempotency-Key": "bulk-1"})
    assert first.status_code == again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true" and again.json == first.json
    assert requests_made(session) == 1
    other = post(client, world, content + b"DE,HRB 2,6000,30,\n", **{"Idempotency-Key": "bulk-1"})
    assert other.json["error"]["code"] == "idempotency_key_reused"
    assert requests_made(session) == 1


def test_each_row_and_the_upload_are_audited(client, session, world):
    buyer = graded_buyer(session)
    content = (HEADER + f"DE,{buyer.registration_number},5000,30,\nDE,NOPE,1,1,\n").encode()
    assert post(client, world, content).status_code == 201
    actions = session.scalars(select(AuditEntry.action).where(
        AuditEntry.insured_id == world.a.insured.id).order_by(AuditEntry.id)).all()
    assert actions[-2:] == ["limit_request.create", "limit_request.bulk"]
    bulk = session.scalars(select(AuditEntry).where(
        AuditEntry.action == "limit_request.bulk")).one()
    assert (bulk.entity_type, bulk.entity_id) == ("Policy", world.a.policy.id)
    assert bulk.after == {"rows": 2, "decided": 1, "referred": 0, "failed": 1}
