"""The bulk request page and the filters of the limits page, as a browser uses them (CSRF on):
an insured uploads a CSV or Excel file and reads the answer line by line, in English or Chinese;
a file that cannot be read changes nothing and says why; filters narrow the limits."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import re
from urllib.parse import unquote

import openpyxl
import pytest
from sqlalchemy import func, select

from core.tenancy import Scope, tenant_scope
from tests.dump import changes, dump
from tests.limits_world import graded_buyer
from tests.portal.test_pages import csrf_token, post, sign_in, text
from underwriting.limits.models import CreditLimit, LimitRequest

TODAY = "2026-03-02"
HEADER = "country,registration_number,amount,payment_terms_days,reference\n"


@pytest.fixture(autouse=True)
def business_date(monkeypatch):
    monkeypatch.setenv("TCI_TODAY", TODAY)


def upload(client, world, content, policy=None, name="limits.csv"):
    policy_id = policy.id if policy is not None else world.a.policy.id
    return post(client, "/limits/bulk", {"policy_id": str(policy_id),
                                         "file": (io.BytesIO(content), name)},
                page="/limits/bulk")


def lines_of(page):
    """(line, status) of each row of the results table."""
    return [(int(line), status) for line, status in
            re.findall(r'<tr data-line="(\d+)" data-status="(\w+)">', page)]


def switch_to_chinese(client):
    assert post(client, "/language", {"lang": "zh", "next": "/"}).status_code == 302


def test_from_the_limits_page_to_the_answers_line_by_line(client, session, world):
    sound, doubtful = graded_buyer(session), graded_buyer(session, grade=7)
    sign_in(client, world.a.user)
    assert 'href="/limits/bulk"' in text(client.get("/limits"))
    form = text(client.get("/limits/bulk"))
    assert "Request limits in bulk" in form and world.a.policy.number in form
    assert 'enctype="multipart/form-data"' in form and 'href="/limits/bulk/template.csv"' in form
    template = client.get("/limits/bulk/template.csv")
    assert template.status_code == 200 and template.mimetype == "text/csv"
    assert template.get_data(as_text=True).strip() == HEADER.strip()
    assert "attachment" in template.headers["Content-Disposition"]

    content = (HEADER + f"DE,{sound.registration_number},90000.00,60,PO-1\n"
               + f"DE,{doubtful.registration_number},40000,30,\n"
               + "DE,NOBODY-1,1000,30,\n"
               + f"DE,{sound.registration_number},1000,0,\n").encode()
    answer = upload(client, world, content)
    page = text(answer)
    assert answer.status_code == 200, page
    assert lines_of(page) == [(2, "approved"), (3, "referred"), (4, "failed"), (5, "failed")]
    assert "1 decided · 1 referred to an underwriter · 2 not sent" in page
    assert "No buyer with this registration number in this country." in page
    assert "payment_terms_days" in page
    with tenant_scope(Scope.everyone()):
        made = session.scalars(select(LimitRequest).order_by(LimitRequest.id)).all()
    assert [r.reference for r in made] == ["PO-1", None]
    for request in made:
        assert f'href="/limits/requests/{request.id}"' in page
    assert "PO-1" in text(client.get(f"/limits/requests/{made[0].id}"))
    link = re.search(r'href="data:text/csv;charset=utf-8,([^"]+)" download', page)
    assert link is not None, "the answers download"
    answers = list(csv.reader(io.StringIO(unquote(html.unescape(link.group(1))))))
    assert answers[0] == ["line", "status", "request_id", "error"]
    assert [(row[0], row[1], row[2]) for row in answers[1:3]] == [
        ("2", "approved", str(made[0].id)), ("3", "referred", str(made[1].id))]
    assert answers[3][1] == "failed" and "No buyer" in answers[3][3]


def test_an_excel_file(client, session, world):
    buyer = graded_buyer(session)
    book = openpyxl.Workbook()
    book.active.append(["country", "registration_number", "amount", "payment_terms_days",
                        "reference"])
    book.active.append(["DE", buyer.registration_number, 65000, 30, "XL-1"])
    content = io.BytesIO()
    book.save(content)
    sign_in(client, world.a.user)
    answer = upload(client, world, content.getvalue(), name="limits.xlsx")
    assert answer.status_code == 200 and lines_of(text(answer)) == [(2, "approved")]


@pytest.mark.parametrize(("content", "said"), [
    (b"%PDF-1.7\n%\xe2\xe3\n", "Not a CSV or XLSX file."),
    (b"country,registration_number,amount\nDE,X,1\n",
     "Missing: payment_terms_days, reference."),
    (HEADER.encode(), "No rows."),
])
def test_a_file_that_cannot_be_read_changes_nothing_and_says_why(client, session, world,
                                                                  content, said):
    sign_in(client, world.a.user)
    before = dump(session)
    answer = upload(client, world, content)
    assert answer.status_code == 422 and said in text(answer)
    assert changes(before, dump(session)) == {}


def test_no_file_or_no_policy_is_a_message_not_an_error(client, session, world):
    sign_in(client, world.a.user)
    token = csrf_token(client, "/limits/bulk")
    answer = client.post("/limits/bulk", data={"csrf_token": token,
                                               "policy_id": str(world.a.policy.id)})
    assert answer.status_code == 422 and "The file is empty." in text(answer)
    answer = client.post("/limits/bulk", data={"csrf_token": token, "policy_id": "x",
                                               "file": (io.BytesIO(b"a,b\n"), "x.csv")})
    assert answer.status_code == 422 and "Enter a whole number." in text(answer)


def test_another_insureds_policy_is_404_and_staff_may_not_use_the_page(client, session, world):
    buyer = graded_buyer(session)
    sign_in(client, world.a.user)
    before = dump(session)
    content = (HEADER + f"DE,{buyer.registration_number},5000,30,\n").encode()
    assert upload(client, world, content, policy=world.b.policy).status_code == 404
    assert changes(before, dump(session)) == {}
    with tenant_scope(Scope.everyone()):
        assert session.scalar(select(func.count()).select_from(LimitRequest)) == 0
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/")})
    sign_in(client, world.underwriter)
    assert client.get("/limits/bulk").status_code == 403
    assert client.get("/limits/bulk/template.csv").status_code == 403
    assert 'href="/limits/bulk"' not in text(client.get("/limits"))


def test_the_page_and_its_answers_in_chinese(client, session, world):
    buyer = graded_buyer(session)
    sign_in(client, world.a.user)
    switch_to_chinese(client)
    form = text(client.get("/limits/bulk"))
    assert "批量申请信用限额" in form and "下载模板（CSV）" in form
    content = (HEADER + f"DE,{buyer.registration_number},5000,30,\nDE,NOBODY,1,1,\n").encode()
    answer = text(upload(client, world, content))
    assert "逐行答复" in answer and "该国家没有此注册号的买方。" in answer
    refused = text(upload(client, world, b"%PDF-1.7\n"))
    assert "不是 CSV 或 XLSX 文件。" in refused
    assert "批量申请信用限额" in text(client.get("/limits"))


def _limits(client, session, world):
    made = {}
    for key, name in (("alpha", "Alpha Handel GmbH"), ("beta", "Beta Bau AG")):
        buyer = graded_buyer(session, name=name)
        answer = client.post("/api/v1/limit-requests", headers=world.as_("a.user"), json={
            "policy_id": world.a.policy.id, "buyer_id": buyer.id, "amount": "20000.00",
            "payment_terms_days": 30})
        made[key] = answer.json["credit_limit"]["id"]
    with tenant_scope(Scope.everyone()):
        session.get(CreditLimit, made["beta"]).expires_on = dt.date(2026, 5, 31)
        session.commit()
    return made


def test_the_limits_page_filters(client, session, world):
    _limits(client, session, world)
    sign_in(client, world.a.user)
    page = text(client.get("/limits"))
    assert 'id="limit-filters"' in page and 'name="expiring_before"' in page
    assert "Alpha Handel" in page and "Beta Bau" in page
    by_name = text(client.get("/limits?q=alpha"))
    assert "Alpha Handel" in by_name and "Beta Bau" not in by_name
    assert "Clear the filters" in by_name
    table = client.get("/limits?q=alpha&download=credit-limits&format=csv").get_data(as_text=True)
    assert "Alpha Handel" in table and "Beta Bau" not in table
    expiring = text(client.get("/limits?expiring_before=2026-06-01&status=active"))
    assert "Beta Bau" in expiring and "Alpha Handel" not in expiring
    assert "No limits match these filters." in text(client.get("/limits?status=cancelled"))
    earlier = text(client.get("/limits?on=2026-03-01"))
    assert "Alpha Handel" not in earlier
    policy = text(client.get(f"/limits?policy_id={world.a.policy.id}&q=beta&ended=1"))
    assert "Beta Bau" in policy and "Alpha Handel" not in policy


@pytest.mark.parametrize("query", ["expiring_before=2026-02-30", "status=sleeping",
                                   "on=0001-01-01", "policy_id=x", "colour=red"])
def test_bad_filters_are_a_clean_message(client, session, world, query):
    _limits(client, session, world)
    sign_in(client, world.a.user)
    answer = client.get(f"/limits?{query}")
    assert answer.status_code == 422
    page = text(answer)
    assert "Some filters are not valid" in page and "Alpha Handel" not in page
    switch_to_chinese(client)
    assert "部分筛选条件无效" in text(client.get(f"/limits?{query}"))
