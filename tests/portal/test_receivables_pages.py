"""The receivables page as a browser uses it (CSRF on): from the home page to the ledger, an
upload with its row errors, the column mapping step for a file whose header names the columns
otherwise, the ageing table in English and Chinese, and a buyer's overdue lines opened in the
overdue report, previewed and reported."""

from __future__ import annotations

import html
import io
import re

import pytest

from tests.claims.receivables_world import HEADER, TODAY, ledger_buyers, ledger_csv
from tests.portal.test_pages import csrf_token, post, sign_in, text


@pytest.fixture(autouse=True)
def business_date(monkeypatch):
    monkeypatch.setenv("TCI_TODAY", TODAY)


def page_of(world):
    return f"/policies/{world.a.policy.id}/receivables"


def upload(client, world, content, name="ledger.csv"):
    return post(client, page_of(world), {"file": (io.BytesIO(content), name)},
                page=page_of(world))


def row_of(page, buyer):
    start = page.index(f'<tr data-buyer="{buyer.id}">')
    return page[start:page.index("</tr>", start)]


def test_from_home_to_the_aged_ledger(client, session, world):
    buyers = ledger_buyers(session, world.a)
    sign_in(client, world.a.user)
    assert f'href="{page_of(world)}"' in text(client.get("/"))
    empty = text(client.get(page_of(world)))
    assert "No open invoices" in empty and 'enctype="multipart/form-data"' in empty
    answer = upload(client, world, ledger_csv(buyers))
    assert answer.status_code == 200
    page = text(answer)
    assert "8 invoices in the ledger · 0 rows left out" in page
    a = row_of(page, buyers["a"])
    # open 10,500.00; 5,000.00 not due, 3,000.00 1-30, 2,500.00 61-90; limit 10,000.00
    assert re.findall(r'<td class="num nowrap[^"]*">([^<]+)</td>', a) == [
        "10,500.00", "5,000.00", "3,000.00", "0.00", "2,500.00", "0.00", "10,000.00", "500.00"]
    assert "Notify the overdue by: A-3 · 2026-03-15 (13 days)" in html.unescape(a)
    assert "Delivered after cover stopped: A-1" in a and "Terms over the maximum credit" in a
    assert "Maximum extension period ends: B-1 · 2026-03-11 (9 days)" in html.unescape(
        row_of(page, buyers["b"]))
    assert "Report the overdue invoices" in a


def test_the_ledger_in_chinese(client, session, world):
    buyers = ledger_buyers(session, world.a)
    sign_in(client, world.a.user)
    upload(client, world, ledger_csv(buyers))
    assert post(client, "/language", {"lang": "zh", "next": "/"}).status_code == 302
    page = text(client.get(page_of(world)))
    assert "应收账款" in page and "未到期" in page and "通知逾期的截止日" in page
    assert "10,500.00" in row_of(page, buyers["a"])


def test_bad_rows_are_shown_by_line(client, session, world):
    buyers = ledger_buyers(session, world.a)
    sign_in(client, world.a.user)
    content = (HEADER + f"DE,{buyers['a'].registration_number},OK-1,2026-02-01,2026-02-01,"
               "2026-03-03,100.00,\nDE,NO-SUCH-1,X-1,2026-02-01,2026-02-01,2026-03-03,1.00,\n")
    page = text(upload(client, world, content.encode()))
    assert "1 invoices in the ledger · 1 rows left out" in page
    assert '<tr data-line="3">' in page and "No buyer with this registration number" in page


def test_an_unreadable_file_changes_nothing(client, session, world):
    buyers = ledger_buyers(session, world.a)
    sign_in(client, world.a.user)
    upload(client, world, ledger_csv(buyers))
    answer = upload(client, world, b"%PDF-1.4 no ledger")
    assert answer.status_code == 422
    assert "Not a CSV or XLSX file." in text(answer)
    assert "10,500.00" in row_of(text(answer), buyers["a"])


def test_a_file_with_other_headers_goes_through_the_mapping_step(client, session, world):
    buyers = ledger_buyers(session, world.a)
    sign_in(client, world.a.user)
    theirs = ledger_csv(buyers).decode().replace(
        HEADER, "Land,Reg No,Invoice Number,Inv Date,Delivered,Due,Gross,VAT\n").encode()
    step = text(upload(client, world, theirs))
    assert 'id="column-mapping"' in step
    assert re.findall(r'<select name="map\.(\w+)">', step) == [
        "country", "registration_number", "invoice_number", "invoice_date", "delivery_date",
        "due_date", "amount", "vat_amount"]
    assert '<option value="Invoice Number" selected>' in step  # the same name, spelled otherwise
    carried = re.search(r'name="content" value="([^"]+)"', step).group(1)
    chosen = {"country": "Land", "registration_number": "Reg No",
              "invoice_number": "Invoice Number", "invoice_date": "Inv Date",
              "delivery_date": "Delivered", "due_date": "Due", "amount": "Gross",
              "vat_amount": "VAT"}
    twice = {f"map.{k}": v for k, v in {**chosen, "vat_amount": "Gross"}.items()}
    again = post(client, page_of(world), {"content": carried, **twice}, page=page_of(world))
    assert again.status_code == 422 and 'id="column-mapping"' in text(again)
    assert "A column is chosen twice." in text(again)
    done = post(client, page_of(world), {"content": carried, **{
        f"map.{k}": v for k, v in chosen.items()}}, page=page_of(world))
    assert done.status_code == 200, text(done)
    assert "8 invoices in the ledger" in text(done)
    assert "10,500.00" in row_of(text(done), buyers["a"])
    forged = post(client, page_of(world), {"content": "not base64!", **{
        f"map.{k}": v for k, v in chosen.items()}}, page=page_of(world))
    assert forged.status_code == 422 and "The file cannot be read." in text(forged)


def test_a_buyers_overdue_lines_open_the_report_prefilled(client, session, world):
    buyers = ledger_buyers(session, world.a)
    sign_in(client, world.a.user)
    page = text(upload(client, world, ledger_csv(buyers)))
    link = html.unescape(re.search(r'href="(/overdue/report\?[^"]+)"',
                                   row_of(page, buyers["a"])).group(1))
    form = text(client.get(link))
    # A-2 (due 9 Feb) and A-3 (due 15 Dec) are past due; are not
    numbers = re.findall(r'name="invoices\.\d+\.number" value="([^"]*)"', form)
    assert numbers[:2] == ["A-3", "A-2"] and set(numbers[2:]) <= {""}
    assert 'name="invoices.0.amount" value="2500.00"' in form
    assert f'<option value="{buyers["a"].id}" selected>' in form
    typed = {key: html.unescape(value) for key, value in re.findall(
        r'name="(invoices\.\d+\.\w+|notified_on)" value="([^"]*)"', form)}
    sent = {"policy_id": str(world.a.policy.id), "buyer_id": str(buyers["a"].id), **typed}
    preview = post(client, "/overdue/report", {**sent, "preview": "1"}, page=link)
    assert preview.status_code == 200 and "Preview: nothing is reported yet" in text(preview)
    reported = post(client, "/overdue/report", sent, page=link)
    assert reported.status_code == 302 and "/cases/" in reported.headers["Location"]


def test_another_insureds_prefill_is_not_found(client, session, world):
    buyers = ledger_buyers(session, world.a)
    sign_in(client, world.a.user)
    upload(client, world, ledger_csv(buyers))
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/")})
    sign_in(client, world.b.user)
    assert client.get(page_of(world)).status_code == 404
    link = (f"/overdue/report?policy_id={world.a.policy.id}&buyer_id={buyers['a'].id}"
            "&from_ledger=1")
    assert client.get(link).status_code == 404
