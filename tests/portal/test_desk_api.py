"""Documents and messages on cases and claims, through the API: the type told by the content,
not the name; 20 MB at most (413 beyond); the bytes kept outside the database under a name of
our making and downloaded as they came; messages in order, audited, seen by both sides; another
tenant's case, claim or document is 404."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from claims.desk.documents import MAX_BYTES
from claims.desk.models import Document
from core.audit import AuditEntry
from core.tenancy import Scope, tenant_scope
from tests.endpoint_objects import PDF
from tests.portal.test_pages import sign_in, text
from tests.reports.claims_documents_world import filed_claim, notified_case

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(17)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(32)
CSV = b"invoice_number,amount\nA-1,11900.00\n"


@pytest.fixture(autouse=True)
def business_date(monkeypatch):
    monkeypatch.setenv("TCI_TODAY", "2026-06-15")


@pytest.fixture
def case_id(client, session, world):
    return notified_case(client, session, world)


def xlsx() -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["invoice_number", "amount"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client, world, path, content, name="invoice.pdf", who="a.user"):
    return client.post(path, headers=world.as_(who),
                       data={"file": (io.BytesIO(content), name)})


def test_an_invoice_pdf_is_kept_listed_and_downloaded_as_it_came(app, client, world, case_id):
    path = f"/api/v1/collection-cases/{case_id}/documents"
    added = upload(client, world, path, PDF, name="../../etc/passwd")
    assert added.status_code == 201, added.json
    document = added.json
    assert (document["kind"], document["media_type"], document["size"]) == (
        "pdf", "application/pdf", len(PDF))
    assert document["uploaded_by"] == {"id": world.a.user.id, "name": world.a.user.email,
                                       "side": "insured"}
    listed = client.get(path, headers=world.as_("claims_handler")).json
    assert [d["id"] for d in listed["items"]] == [document["id"]]
    assert listed["items"][0]["uploaded_at"] == document["uploaded_at"]
    got = client.get(f"/api/v1/documents/{document['id']}", headers=world.as_("a.admin"))
    assert got.status_code == 200 and got.data == PDF
    assert got.headers["Content-Type"] == "application/pdf"
    assert got.headers["Cache-Control"] == "no-store"
    assert got.headers["Content-Disposition"] == (
        f"attachment; filename=document-{document['id']}.pdf")
    kept = [p for p in Path(app.config["DOCUMENTS_FOLDER"]).rglob("*") if p.is_file()]
    assert [p.read_bytes() for p in kept] == [PDF]
    assert "passwd" not in str(kept[0]) and len(kept[0].name) == 32


@pytest.mark.parametrize(("content", "name", "kind"), [
    (PNG, "scan.pdf", "png"), (JPEG, "delivery-note.png", "jpeg"), (CSV, "ledger.xlsx", "csv"),
    (xlsx(), "ledger.csv", "xlsx"), (PDF, "no-extension", "pdf")])
def test_the_content_decides_the_type_not_the_name(client, world, case_id, content, name, kind):
    added = upload(client, world, f"/api/v1/collection-cases/{case_id}/documents", content, name)
    assert (added.status_code, added.json["kind"]) == (201, kind)


@pytest.mark.parametrize("content", [
    b"MZ\x90\x00" + bytes(60), b"<html><script>alert(1)</script></html>", b"just words\n",
    b"PK\x03\x04" + bytes(40), b"a,b\x00,c\n", bytes([0xC3, 0x28, 0x2C, 0x41])])
def test_anything_else_is_refused_and_nothing_is_kept(session, client, world, case_id, content):
    refused = upload(client, world, f"/api/v1/collection-cases/{case_id}/documents", content)
    assert refused.status_code == 422 and "file" in refused.json["error"]["fields"]
    with tenant_scope(Scope.everyone()):
        assert session.scalars(select(Document)).all() == []


def test_no_file_is_422(client, world, case_id):
    answer = client.post(f"/api/v1/collection-cases/{case_id}/documents",
                         headers=world.as_("a.user"), data={"other": "x"})
    assert answer.status_code == 422 and "file" in answer.json["error"]["fields"]


def test_twenty_megabytes_is_the_most(client, world, case_id):
    path = f"/api/v1/collection-cases/{case_id}/documents"
    largest = PDF + b"%" * (MAX_BYTES - len(PDF))
    assert upload(client, world, path, largest).status_code == 201
    over = upload(client, world, path, largest + b"%")
    assert over.status_code == 413 and over.json["error"]["code"] == "too_large"
    far_over = upload(client, world, path, largest + bytes(1024 * 1024))
    assert far_over.status_code == 413


def test_roles_and_tenancy(client, session, world, case_id):
    claim_id = filed_claim(client, world, case_id)
    on_claim = f"/api/v1/claims/{claim_id}/documents"
    assert upload(client, world, on_claim, PDF, who="underwriter").status_code == 403
    made = upload(client, world, on_claim, PDF, who="claims_handler").json
    assert made["claim_id"] == claim_id and made["uploaded_by"]["side"] == "insurer"
    for who in ("b.user", "b.admin"):
        assert upload(client, world, on_claim, PDF, who=who).status_code == 404
        assert client.get(on_claim, headers=world.as_(who)).status_code == 404
        got = client.get(f"/api/v1/documents/{made['id']}", headers=world.as_(who))
        assert got.status_code == 404 and got.json["error"]["code"] == "not_found"
    assert client.get(on_claim, headers=world.as_("a.user")).json["total"] == 1


def test_messages_in_order_seen_by_both_sides_and_audited(client, session, world, case_id):
    claim_id = filed_claim(client, world, case_id)
    for kind, subject in (("collection_case", f"collection-cases/{case_id}"),
                          ("claim", f"claims/{claim_id}")):
        path = f"/api/v1/{subject}/messages"
        asked = client.post(path, json={"body": "请确认收到破产文件。"},
                            headers=world.as_("a.user"))
        assert asked.status_code == 201, asked.json
        assert asked.json["author"]["side"] == "insured"
        answered = client.post(path, json={"body": "Received; assessing now."},
                               headers=world.as_("claims_handler"))
        assert answered.json["author"]["side"] == "insurer"
        for who in ("a.admin", "claims_handler", "underwriter"):
            seen = client.get(path, headers=world.as_(who)).json
            assert [m["body"] for m in seen["items"]] == ["请确认收到破产文件。",
                                                          "Received; assessing now."]
        with tenant_scope(Scope.everyone()):
            audited = session.scalars(select(AuditEntry.action).where(
                AuditEntry.action == f"{kind}.message_written")).all()
        assert len(audited) == 2
        for who in ("b.user", "b.admin"):
            assert client.get(path, headers=world.as_(who)).status_code == 404
            assert client.post(path, json={"body": "x"},
                               headers=world.as_(who)).status_code == 404
        blank = client.post(path, json={"body": " \n "}, headers=world.as_("a.user"))
        assert blank.status_code == 422 and "body" in blank.json["error"]["fields"]


def test_a_document_whose_bytes_are_lost_is_410_in_both_languages_and_on_the_page(
        app, client, world, case_id):
    added = upload(client, world, f"/api/v1/collection-cases/{case_id}/documents", PDF).json
    for kept in Path(app.config["DOCUMENTS_FOLDER"]).rglob("*"):
        if kept.is_file():
            kept.unlink()
    path = f"/api/v1/documents/{added['id']}"
    lost = client.get(path, headers=world.as_("a.user"))
    assert lost.status_code == 410 and lost.json["error"]["code"] == "content_missing"
    assert "missing from the document store" in lost.json["error"]["message"]
    chinese = client.get(path, headers={**world.as_("a.user"), "Accept-Language": "zh-CN"})
    assert chinese.status_code == 410 and "文件存储中缺失" in chinese.json["error"]["message"]
    assert client.get(path, headers=world.as_("b.user")).status_code == 404
    sign_in(client, world.a.user)
    page = client.get(f"/documents/{added['id']}")
    assert page.status_code == 410 and "missing from the document store" in text(page)
