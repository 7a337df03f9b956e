"""The insurer's administration through the API: insureds, users, policies, and their rules."""

import pytest

from tests.factories import audit_count

POLICY = {"number": "EU-77", "currency": "EUR", "start_date": "2026-01-01",
          "end_date": "2026-12-31"}


def test_an_admin_sets_up_an_insured_whose_users_then_sign_in(client, world):
    admin = world.as_("insurer_admin")
    insured = client.post("/api/v1/insureds", headers=admin, json={
        "name": "Shenzhen Bright Lighting 深圳光明照明有限公司", "country": "cn",
        "registration_number": "91440300MA5F"})
    assert insured.status_code == 201 and insured.json["country"] == "CN"
    insured_id = insured.json["id"]
    policy = client.post("/api/v1/policies", headers=admin, json={
        **POLICY, "insured_id": insured_id,
        "terms": {"insured_pct_insurer_limit": "85", "max_credit_period_days": 90}})
    assert policy.status_code == 201
    assert policy.json["terms"]["insured_pct_insurer_limit"] == "85"
    assert policy.json["terms"]["insured_pct_discretionary"] == "80"  # default kept
    user = client.post(f"/api/v1/insureds/{insured_id}/users", headers=admin, json={
        "email": "Li.Na@bright.example", "password": "Bright-lights-9", "role": "insured_admin"})
    assert user.status_code == 201 and user.json["email"] == "li.na@bright.example"
    token = client.post("/api/v1/auth/token", json={
        "email": "li.na@bright.example", "password": "Bright-lights-9"}).json["token"]
    own = {"Authorization": f"Bearer {token}"}
    seen = client.get(f"/api/v1/policies/{policy.json['id']}", headers=own)
    assert seen.status_code == 200 and seen.json["number"] == "EU-77"
    listed = client.get("/api/v1/policies", headers=own).json
    assert listed["total"] == 1 and listed["items"][0]["id"] == policy.json["id"]
    colleague = client.post(f"/api/v1/insureds/{insured_id}/users", headers=own, json={
        "email": "wang@bright.example", "password": "Bright-lights-10", "role": "insured_user"})
    assert colleague.status_code == 201


def test_staff_users_are_created_with_staff_roles_only(client, world):
    admin = world.as_("insurer_admin")
    made = client.post("/api/v1/users", headers=admin, json={
        "email": "uw2@insurer.example", "password": "Under-writer-7", "role": "underwriter"})
    assert made.status_code == 201 and made.json["insured_id"] is None
    wrong = client.post("/api/v1/users", headers=admin, json={
        "email": "x@insurer.example", "password": "Under-writer-7", "role": "insured_user"})
    assert wrong.status_code == 422 and "role" in wrong.json["error"]["fields"]
    listed = client.get("/api/v1/users", headers=admin).json
    assert {"underwriter", "claims_handler", "insurer_admin"} <= {u["role"] for u in listed}


@pytest.mark.parametrize(("who", "method", "path"), [
    ("underwriter", "POST", "/api/v1/insureds"),
    ("a.admin", "POST", "/api/v1/insureds"),
    ("claims_handler", "POST", "/api/v1/policies"),
    ("a.admin", "POST", "/api/v1/users"),
    ("a.user", "GET", "/api/v1/users"),
])
def test_roles_that_may_not_act_get_403(client, session, world, who, method, path):
    before = audit_count(session)
    answer = client.open(path, method=method, headers=world.as_(who), json={})
    assert answer.status_code == 403 and answer.json["error"]["code"] == "forbidden"
    assert audit_count(session) == before


def test_an_insured_admin_cannot_create_staff_or_users_of_another_role(client, world):
    answer = client.post(f"/api/v1/insureds/{world.a.insured.id}/users",
                         headers=world.as_("a.admin"),
                         json={"email": "boss@a.example", "password": "Whatever-pass-1",
                               "role": "insurer_admin"})
    assert answer.status_code == 422 and "role" in answer.json["error"]["fields"]
    assert client.post(f"/api/v1/insureds/{world.a.insured.id}/users",
                       headers=world.as_("a.user"), json={}).status_code == 403


BAD_POLICIES = [
    ({"currency": "EURO"}, 422, "currency"),
    ({"currency": "XYZ"}, 422, "currency"),
    ({"end_date": "2025-12-31"}, 422, "end_date"),
    ({"start_date": "2026-02-30"}, 422, "start_date"),
    ({"insured_id": "1"}, 422, "insured_id"),
    ({"terms": {"threshold": 100}}, 422, "terms"),
    ({"terms": {"insured_pct_insurer_limit": "150"}}, 422, "terms"),
    ({"terms": {"max_credit_period_days": 0}}, 422, "terms"),
    ({"terms": {"deductible_order": "sideways"}}, 422, "terms"),
    ({"terms": {"threshold": "12.345"}}, 422, "terms"),
    ({"currency": "JPY", "terms": {"threshold": "12.5"}}, 422, "terms"),
    ({"number": ""}, 422, "number"),
    ({"number": "x" * 65}, 422, "number"),
]


@pytest.mark.parametrize(("change", "status", "field"), BAD_POLICIES)
def test_bad_policies_are_refused_by_field_and_write_nothing(
    client, session, world, change, status, field
):
    before = audit_count(session)
    body = {**POLICY, "insured_id": world.a.insured.id, **change}
    answer = client.post("/api/v1/policies", headers=world.as_("insurer_admin"), json=body)
    assert answer.status_code == status, answer.json
    assert answer.json["error"]["code"] in {"validation_error", "rule_violation"}
    assert field in answer.json["error"]["fields"]
    assert audit_count(session) == before


@pytest.mark.parametrize("body", ["not json", "[1, 2]", "", "null", '{"name": '])
def test_malformed_bodies_are_400(client, session, world, body):
    before = audit_count(session)
    answer = client.post("/api/v1/insureds", headers={**world.as_("insurer_admin"),
                         "Content-Type": "application/json"}, data=body)
    assert answer.status_code == 400 and answer.json["error"]["code"] == "bad_request"
    assert audit_count(session) == before


def test_missing_and_wrongly_typed_fields_are_422_with_messages(client, world):
    answer = client.post("/api/v1/insureds", headers=world.as_("insurer_admin"),
                         json={"name": 5, "country": "Germany"})
    fields = answer.json["error"]["fields"]
    assert answer.status_code == 422
    assert set(fields) == {"name", "country", "registration_number"}


def test_duplicates_are_409(client, world):
    admin = world.as_("insurer_admin")
    same = {"name": "Again", "country": world.a.insured.country,
            "registration_number": world.a.insured.registration_number}
    assert client.post("/api/v1/insureds", headers=admin, json=same).status_code == 409
    again = client.post("/api/v1/users", headers=admin, json={
        "email": world.underwriter.email.upper(), "password": "Another-pass-1",
        "role": "underwriter"})
    assert again.status_code == 409 and "email" in again.json["error"]["fields"]
    weak = client.post("/api/v1/users", headers=admin, json={
        "email": "weak@insurer.example", "password": "short", "role": "underwriter"})
    assert weak.status_code == 422 and weak.json["error"]["fields"]["password"]


def test_terms_versions_through_the_api(client, world, monkeypatch):
    monkeypatch.setenv("TCI_TODAY", "2026-03-02")
    admin, path = world.as_("insurer_admin"), f"/api/v1/policies/{world.a.policy.id}"
    made = client.post(f"{path}/terms", headers=admin, json={
        "effective_from": "2026-06-01", "terms": {"minimum_premium": "7500.00"}})
    assert made.status_code == 201 and made.json["terms"]["minimum_premium"] == "7500.00"
    versions = client.get(path, headers=world.as_("a.user")).json["versions"]
    assert [v["effective_from"] for v in versions] == ["2026-01-01", "2026-06-01"]
    assert versions[0]["terms"]["minimum_premium"] == "5000"
    late = client.post(f"{path}/terms", headers=admin, json={
        "effective_from": "2026-03-01", "terms": {}})
    assert late.status_code == 422 and "effective_from" in late.json["error"]["fields"]
    monkeypatch.setenv("TCI_TODAY", "2026-07-02")
    past = client.post(f"{path}/terms", headers=admin, json={
        "effective_from": "2026-07-01", "terms": {"waiting_period_days": 90}})
    assert past.status_code == 422, past.json
    assert past.json["error"]["fields"] == {"effective_from": ["On or after 2026-07-02."]}
    assert client.post(f"{path}/terms", headers=world.as_("a.admin"),
                       json={"effective_from": "2026-09-01", "terms": {}}).status_code == 403


def test_every_change_is_audited_with_its_actor(client, session, world):
    from sqlalchemy import select

    from core.audit import AuditEntry

    client.post("/api/v1/insureds", headers=world.as_("insurer_admin"),
                json={"name": "Audited", "country": "IT", "registration_number": "IT-1"})
    entry = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert (entry.action, entry.actor_user_id) == ("insured.create", world.insurer_admin.id)
    assert entry.after["registration_number"] == "IT-1"


def test_an_insureds_admin_cannot_learn_who_else_is_on_the_platform(client, session, world):
    """The same answer whoever holds the e-mail: another insured's user, the insurer's staff,
    or the admin's own colleague; never "in use", never 409."""
    path = f"/api/v1/insureds/{world.a.insured.id}/users"
    answers = []
    for taken in (world.b.user.email, world.underwriter.email, world.a.user.email.upper()):
        answer = client.post(path, headers=world.as_("a.admin"), json={
            "email": taken, "password": "Another-pass-77", "role": "insured_user"})
        answers.append((answer.status_code, answer.json))
    assert answers[0] == answers[1] == answers[2], answers
    status, body = answers[0]
    assert status == 422 and "email" in body["error"]["fields"]
    assert "in use" not in str(body).lower()
