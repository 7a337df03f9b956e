"""The buyer database through the API: what each role sees, and how data changes grades."""

import io

import pytest

from buyers_db.import_checks import COLUMNS
from tests.factories import audit_count

ALPHA = {"country": "DE", "registration_number": "HRB 4711", "name": "Alpha Werkzeuge GmbH",
         "sector": "25.73", "city": "Köln", "founded_year": 1975, "employees": 240}
STATEMENT = {"fiscal_year": 2025, "currency": "EUR", "revenue": "48000000.00",
             "ebit": "3900000.00", "net_income": "2600000.00", "total_assets": "31000000.00",
             "current_assets": "14000000.00", "current_liabilities": "7000000.00",
             "total_liabilities": "15000000.00", "equity": "16000000.00",
             "retained_earnings": "9000000.00"}


@pytest.fixture
def alpha(client, world):
    made = client.post("/api/v1/buyers", json=ALPHA, headers=world.as_("underwriter"))
    assert made.status_code == 201, made.json
    return made.json


def test_a_new_buyer_is_graded_at_once(alpha):
    assert 1 <= alpha["grade"] <= 10 and 0 < alpha["pd"] < 1
    assert alpha["sector_name"] == "Manufacturing"


def test_insureds_may_add_buyers_and_see_identity_and_grade_only(client, world, alpha):
    made = client.post("/api/v1/buyers", headers=world.as_("a.user"), json={
        "country": "CN", "registration_number": "91330100ABC", "name": "杭州西湖茶业有限公司"})
    assert made.status_code == 201 and made.json["name"] == "杭州西湖茶业有限公司"
    seen = client.get(f"/api/v1/buyers/{alpha['id']}", headers=world.as_("b.user")).json
    assert seen["grade"] == alpha["grade"] and seen["pd"] == alpha["pd"]
    for hidden in ("factors", "financials", "events", "grade_history", "country_risk"):
        assert hidden not in seen


def test_staff_see_factors_figures_events_and_history(client, world, alpha):
    headers = world.as_("underwriter")
    path = f"/api/v1/buyers/{alpha['id']}"
    assert client.post(f"{path}/financials", json=STATEMENT, headers=headers).status_code == 201
    seen = client.get(path, headers=headers).json
    assert seen["financials"][0]["revenue"] == "48000000.00"
    assert seen["factors"] and all(isinstance(v, float) for v in seen["factors"].values())
    assert seen["country_risk"]["crc"] == 0 and "OECD" in seen["country_risk"]["source"]
    assert seen["grade_history"][-1]["previous_grade"] is None


def test_insolvency_sends_the_grade_to_ten_and_keeps_history(client, world, alpha):
    headers = world.as_("underwriter")
    path = f"/api/v1/buyers/{alpha['id']}"
    event = client.post(f"{path}/events", headers=headers,
                        json={"type": "insolvency", "date": "2026-03-01", "detail": "Court"})
    assert event.status_code == 201
    seen = client.get(path, headers=headers).json
    assert seen["grade"] == 10
    assert seen["grade_history"][0]["grade"] == 10
    assert seen["grade_history"][0]["previous_grade"] == alpha["grade"]
    assert seen["grade_set_by"] == {**event.json, "type": "insolvency", "date": "2026-03-01"}


def test_a_buyer_without_a_legal_event_has_no_grade_set_by_one(client, world, alpha):
    seen = client.get(f"/api/v1/buyers/{alpha['id']}", headers=world.as_("underwriter")).json
    assert seen["grade_set_by"] is None


@pytest.mark.parametrize(("who", "path", "body"), [
    ("a.user", "/financials", STATEMENT),
    ("a.admin", "/events", {"type": "litigation", "date": "2026-01-01"}),
])
def test_insureds_may_not_change_the_insurers_figures(client, session, world, alpha, who,
                                                      path, body):
    before = audit_count(session)
    answer = client.post(f"/api/v1/buyers/{alpha['id']}{path}", json=body,
                         headers=world.as_(who))
    assert answer.status_code == 403 and audit_count(session) == before


@pytest.mark.parametrize(("body", "field", "status"), [
    ({**ALPHA, "country": "XX"}, "country", 422),
    ({**ALPHA, "country": "Germany"}, "country", 422),
    ({**ALPHA, "sector": "99.999"}, "sector", 422),
    ({**ALPHA, "founded_year": 1066}, "founded_year", 422),
    ({**ALPHA, "employees": -1}, "employees", 422),
    ({**ALPHA, "name": ""}, "name", 422),
    ({k: v for k, v in ALPHA.items() if k != "registration_number"}, "registration_number", 422),
])
def test_bad_buyers_are_refused_by_field(client, session, world, body, field, status):
    before = audit_count(session)
    answer = client.post("/api/v1/buyers", json=body, headers=world.as_("underwriter"))
    assert answer.status_code == status and field in answer.json["error"]["fields"]
    assert audit_count(session) == before


def test_a_buyer_already_in_the_database_is_409(client, world, alpha):
    again = client.post("/api/v1/buyers", json={**ALPHA, "country": "de"},
                        headers=world.as_("a.user"))
    assert again.status_code == 409


@pytest.mark.parametrize(("change", "field"), [
    ({"revenue": 48000000.0}, "revenue"),
    ({"revenue": "-1.00"}, "revenue"),
    ({"current_assets": "99000000.00"}, "current_assets"),
    ({"currency": "EURO"}, "currency"),
    ({"fiscal_year": 1850}, "fiscal_year"),
])
def test_bad_statements_are_refused(client, world, alpha, change, field):
    answer = client.post(f"/api/v1/buyers/{alpha['id']}/financials",
                         json={**STATEMENT, **change}, headers=world.as_("underwriter"))
    assert answer.status_code == 422 and field in answer.json["error"]["fields"]


def test_a_second_statement_for_the_same_year_is_409(client, world, alpha):
    path, headers = f"/api/v1/buyers/{alpha['id']}/financials", world.as_("underwriter")
    assert client.post(path, json=STATEMENT, headers=headers).status_code == 201
    assert client.post(path, json=STATEMENT, headers=headers).status_code == 409


def test_search_through_the_api(client, world, alpha):
    found = client.get("/api/v1/buyers?q=werkzeuge alpha", headers=world.as_("a.user")).json
    assert found["total"] == 1 and found["items"][0]["grade"] == alpha["grade"]
    item = found["items"][0]  # enough to tell apart buyers of one name
    assert (item["city"], item["registration_number"], item["sector_name"]) == (
        "Köln", "HRB 4711", "Manufacturing")
    none = client.get("/api/v1/buyers?q=alpha&country=FR", headers=world.as_("a.user")).json
    assert none["total"] == 0
    exact = client.get("/api/v1/buyers?registration_number=HRB 4711",
                       headers=world.as_("b.user")).json
    assert [b["id"] for b in exact["items"]] == [alpha["id"]]


def test_unknown_buyers_are_404(client, world):
    assert client.get("/api/v1/buyers/999999", headers=world.as_("a.user")).status_code == 404


def _csv(*rows):
    return io.BytesIO(("\n".join([",".join(COLUMNS), *rows]) + "\n").encode())


def test_import_through_the_api_reports_counts_and_row_errors(client, world):
    rows = ("NL,KVK 1,Gamma B.V.,46.90,Utrecht,2001,30,2025,EUR,900000,40000,30000,500000,"
            "300000,150000,250000,250000,90000", "NL,,No number,C,,,,,,,,,,,,,,")
    answer = client.post("/api/v1/buyers/import", headers=world.as_("underwriter"),
                         data={"file": (_csv(*rows), "buyers.csv")},
                         content_type="multipart/form-data")
    assert answer.status_code == 200, answer.json
    assert (answer.json["created"], answer.json["rejected"]) == (1, 1)
    assert answer.json["errors"] == [{"line": 3, "reason": "registration_number is empty"}]
    assert answer.json["graded"] >= 1


def test_import_refuses_a_missing_file_or_a_wrong_role(client, world):
    staff = client.post("/api/v1/buyers/import", headers=world.as_("underwriter"), data={},
                        content_type="multipart/form-data")
    assert staff.status_code == 422 and "file" in staff.json["error"]["fields"]
    insured = client.post("/api/v1/buyers/import", headers=world.as_("a.admin"),
                          data={"file": (_csv(), "b.csv")}, content_type="multipart/form-data")
    assert insured.status_code == 403


def test_a_grading_run_reports_counts_and_seconds(client, world, alpha):
    run = client.post("/api/v1/grading/runs", headers=world.as_("underwriter"))
    assert run.status_code == 201 and run.json["graded"] >= 1 and run.json["changed"] == 0
    assert run.json["seconds"] >= 0 and run.json["model_version"]
    assert client.post("/api/v1/grading/runs", headers=world.as_("claims_handler")).status_code \
        == 403
