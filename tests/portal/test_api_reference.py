"""The readable API reference at /api/v1/docs, rendered from the app's OpenAPI document."""

import re
from html import unescape

from portal.api.reference import reference_html


def test_the_reference_page_lists_every_operation_without_sign_in(client):
    answer = client.get("/api/v1/docs")
    assert answer.status_code == 200 and answer.mimetype == "text/html"
    page = answer.get_data(as_text=True)
    document = client.get("/api/v1/openapi.json").json
    shown = set(re.findall(r'<span class="badge">(\w+)</span> <code>([^<]+)</code>', page))
    listed = {(method.upper(), path) for path, ops in document["paths"].items() for method in ops}
    assert {(method, unescape(path)) for method, path in shown} == listed
    for name in document["components"]["schemas"]:
        assert f'id="schema-{name}"' in page
    assert "Idempotency-Key" in page and "Roles: underwriter" in page
    assert "<script" not in page  # nothing runs, nothing is fetched from elsewhere


def test_the_reference_page_groups_operations_by_tag(client):
    page = client.get("/api/v1/docs").get_data(as_text=True)
    limits = page[page.index('id="tag-limits"'):page.index('id="tag-claims"')]
    assert "/api/v1/limit-requests/{request_id}/decision" in limits
    assert "/api/v1/claims/{claim_id}/assess" not in limits
    alone = client.get("/api/v1/docs?tag=claims").get_data(as_text=True)
    assert "/api/v1/claims/{claim_id}/assess" in alone
    assert "/api/v1/limit-requests/{request_id}/decision" not in alone


def test_an_unknown_area_is_404_and_a_bad_one_422(client):
    missing = client.get("/api/v1/docs?tag=nowhere")
    assert missing.status_code == 404 and missing.json["error"]["code"] == "not_found"
    assert client.get("/api/v1/docs?tag=").status_code == 422
    assert client.get("/api/v1/docs?colour=blue").status_code == 422


def test_the_reference_page_escapes_the_text_it_shows(app):
    hostile = '<script>alert("x")</script>'
    document = {
        "info": {"title": f"API {hostile}", "version": "1", "description": hostile},
        "paths": {"/api/v1/things/{thing_id}": {"get": {
            "summary": f"A thing {hostile}", "tags": [hostile],
            "description": f"Roles: {hostile}",
            "parameters": [{"in": "query", "name": hostile, "description": hostile,
                            "schema": {"type": "string", "enum": [hostile]}}],
            "responses": {"200": {"description": hostile, "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Thing"}}}}},
        }}},
        "components": {"schemas": {"Thing": {"properties": {
            "name": {"type": "string", "description": hostile}}}}},
    }
    with app.test_request_context("/api/v1/docs"):
        page = reference_html(document)
    assert "<script" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    assert 'href="#schema-Thing"' in page
