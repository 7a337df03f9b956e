"""Documents and messages on the case and claim pages (CSRF on): the insured attaches an
invoice PDF and writes; the claims handler reads both and answers; a file that is no accepted
type is refused on the page; another tenant's pages and documents are 404."""

from __future__ import annotations

import io

import pytest

from tests.endpoint_objects import PDF
from tests.portal.test_pages import csrf_token, post, sign_in, text
from tests.reports.claims_documents_world import filed_claim, notified_case


@pytest.fixture(autouse=True)
def business_date(monkeypatch):
    monkeypatch.setenv("TCI_TODAY", "2026-06-15")


def attach(client, path, content, page):
    return client.post(path, data={"csrf_token": csrf_token(client, page),
                                   "file": (io.BytesIO(content), "invoice.pdf")},
                       content_type="multipart/form-data")


def sign_out(client):
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/")})


@pytest.mark.parametrize("kind", ["case", "claim"])
def test_the_insured_attaches_and_writes_and_the_handler_reads_and_answers(
        client, session, world, kind):
    case_id = notified_case(client, session, world)
    subject = case_id if kind == "case" else filed_claim(client, world, case_id)
    here = f"/cases/{subject}" if kind == "case" else f"/claims/{subject}"
    sign_in(client, world.a.user)
    assert "No documents yet." in text(client.get(here))
    attached = attach(client, f"{here}/documents", PDF, here)
    assert attached.status_code == 302 and attached.location.endswith(f"{here}#documents")
    written = post(client, f"{here}/messages", {"body": "发票原件已上传，请查收。"}, page=here)
    assert written.status_code == 302
    page = text(client.get(here))
    assert "Message sent." in page and "PDF" in page and "发票原件已上传，请查收。" in page
    link = page[page.index('href="/documents/'):].split('"')[1]
    sign_out(client)
    sign_in(client, world.claims_handler)
    seen = text(client.get(here))
    assert f"{world.a.user.email} (Insured)" in seen and link in seen
    got = client.get(link)
    assert got.status_code == 200 and got.data == PDF
    assert got.headers["Cache-Control"] == "no-store"
    assert post(client, f"{here}/messages", {"body": "Thank you, assessing."},
                page=here).status_code == 302
    thread = text(client.get(here))
    assert thread.index("发票原件已上传") < thread.index("Thank you, assessing.")
    assert f"{world.claims_handler.email} (Insurer)" in thread
    sign_out(client)
    sign_in(client, world.b.user)
    assert client.get(here).status_code == 404
    assert client.get(link).status_code == 404


def test_a_file_of_another_type_or_an_empty_message_is_refused_on_the_page(
        client, session, world):
    here = f"/cases/{notified_case(client, session, world)}"
    sign_in(client, world.a.user)
    refused = attach(client, f"{here}/documents", b"MZ\x90\x00" + bytes(60), here)
    assert refused.status_code == 422
    assert "Not a PDF, PNG, JPEG, CSV or XLSX file." in text(refused)
    blank = post(client, f"{here}/messages", {"body": "   "}, page=here)
    assert blank.status_code == 422
    assert "No documents yet." in text(client.get(here))


def test_the_underwriter_reads_but_does_not_attach(client, session, world):
    here = f"/cases/{notified_case(client, session, world)}"
    sign_in(client, world.underwriter)
    page = text(client.get(here))
    assert "Documents" in page and 'name="file"' not in page
    assert attach(client, f"{here}/documents", PDF, here).status_code == 403
