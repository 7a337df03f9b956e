"""API conventions: pagination, Idempotency-Key, the OpenAPI document, health, headers."""

import pytest
from openapi_spec_validator import validate

from tests.factories import audit_count


def test_lists_paginate(client, world):
    admin = world.as_("insurer_admin")
    for n in range(5):
        client.post("/api/v1/insureds", headers=admin,
                    json={"name": f"Page {n}", "country": "NL", "registration_number": f"P{n}"})
    first = client.get("/api/v1/insureds?per_page=3&page=1", headers=admin).json
    second = client.get("/api/v1/insureds?per_page=3&page=2", headers=admin).json
    assert first["total"] == second["total"] == 7
    assert (len(first["items"]), len(second["items"]), second["page"]) == (3, 3, 2)
    assert not {i["id"] for i in first["items"]} & {i["id"] for i in second["items"]}
    capped = client.get("/api/v1/insureds?per_page=5000", headers=admin).json
    assert capped["per_page"] == 200
    for bad in ("page=0", "per_page=-1", "page=x"):
        answer = client.get(f"/api/v1/insureds?{bad}", headers=admin)
        assert answer.status_code == 400 and answer.json["error"]["code"] == "bad_request"
    message = client.get("/api/v1/insureds?per_page=0", headers=admin).json["error"]["message"]
    assert "200" in message and "1000000" not in message


def test_the_same_idempotency_key_and_body_returns_the_first_answer(client, session, world):
    headers = {**world.as_("insurer_admin"), "Idempotency-Key": "create-acme-1"}
    body = {"name": "Acme", "country": "ES", "registration_number": "B-1"}
    first = client.post("/api/v1/insureds", headers=headers, json=body)
    count = audit_count(session)
    again = client.post("/api/v1/insureds", headers=headers, json=body)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json == first.json and again.headers["Idempotent-Replayed"] == "true"
    assert audit_count(session) == count
    other = client.post("/api/v1/insureds", headers=headers, json={**body, "name": "Other"})
    assert other.status_code == 422
    assert other.json["error"]["code"] == "idempotency_key_reused"


def test_idempotency_keys_belong_to_their_user(client, world):
    body = {"name": "Keyed", "expires_in_days": 5}
    mine = client.post("/api/v1/auth/tokens", json=body,
                       headers={**world.as_("a.user"), "Idempotency-Key": "k"})
    theirs = client.post("/api/v1/auth/tokens", json=body,
                         headers={**world.as_("b.user"), "Idempotency-Key": "k"})
    assert mine.json["id"] != theirs.json["id"]


def test_a_failed_request_is_not_remembered_under_its_key(client, world):
    headers = {**world.as_("insurer_admin"), "Idempotency-Key": "retry-me"}
    bad = client.post("/api/v1/insureds", headers=headers, json={"name": "No country"})
    assert bad.status_code == 422
    good = client.post("/api/v1/insureds", headers=headers,
                       json={"name": "Now right", "country": "PT", "registration_number": "1"})
    assert good.status_code == 201


def test_the_openapi_document_is_valid_and_covers_every_route(client, app):
    document = client.get("/api/v1/openapi.json").json
    validate(document)
    documented = {(m.upper(), p) for p, ops in document["paths"].items() for m in ops}
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/") and rule.endpoint != "openapi.openapi_document":
            path = rule.rule.replace("<int:", "{").replace(">", "}")
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                assert (method, path) in documented
    create = document["paths"]["/api/v1/policies"]["post"]
    assert "Idempotency-Key" in {p["name"] for p in create["parameters"]}
    terms = document["components"]["schemas"]["Terms"]["properties"]
    assert terms["premium_rate"]["type"] == "string" and "collection_ladder" in terms


def test_health_answers_ok_when_the_database_is_reachable(client):
    assert client.get("/healthz").json == {"status": "ok"}


def test_health_answers_503_without_a_database(tmp_path):
    from portal import create_app

    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path}/missing/dir/x.sqlite",
                      "SECRET_KEY": "t"})
    answer = app.test_client().get("/healthz")
    assert answer.status_code == 503 and answer.json["status"] == "unavailable"


def test_unknown_api_paths_and_methods_use_the_error_shape(client, world):
    missing = client.get("/api/v1/nowhere", headers=world.as_("a.user"))
    assert missing.status_code == 404 and missing.json["error"]["code"] == "not_found"
    wrong = client.delete("/api/v1/policies", headers=world.as_("a.user"))
    assert wrong.status_code == 405 and "error" in wrong.json


def test_oversized_bodies_are_413_in_the_error_shape(app, client, world):
    app.config["MAX_CONTENT_LENGTH"] = 1024
    answer = client.post("/api/v1/insureds", headers=world.as_("insurer_admin"),
                         json={"name": "x" * 5000, "country": "DE", "registration_number": "1"})
    assert answer.status_code == 413 and answer.json["error"]["code"]


def test_json_too_deep_or_too_large_is_refused_before_parsing(client, world):
    for raw in (b"[" * 100_000 + b"]" * 100_000, b'{"a":' * 5000 + b"1" + b"}" * 5000):
        deep = client.post("/api/v1/auth/token", data=raw, content_type="application/json")
        assert deep.status_code == 400 and "nested" in deep.json["error"]["message"]
    large = client.post("/api/v1/insureds", headers=world.as_("insurer_admin"),
                        json={"name": "x" * 1_100_000, "country": "DE",
                              "registration_number": "1"})
    assert large.status_code == 413 and large.json["error"]["code"]


@pytest.mark.parametrize("turnover", ["1e999999999", "１００", "1_000.00", " 100", "1e5",
                                      "1234567890123456.78"])
def test_money_in_a_query_string_is_a_plain_decimal(client, world, turnover):
    answer = client.get("/api/v1/limit-sizing", headers=world.as_("a.user"),
                        query_string={"annual_turnover": turnover, "credit_days": "60"})
    assert answer.status_code == 422 and "annual_turnover" in answer.json["error"]["fields"]


def test_api_answers_carry_security_headers(client):
    answer = client.get("/api/v1/openapi.json")
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert answer.headers["X-Frame-Options"] == "DENY"
