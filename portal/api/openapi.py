"""The OpenAPI 3 document, generated from the endpoint declarations and their schemas."""

from __future__ import annotations

import re
from typing import Any

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from flask import Blueprint, Response, current_app, jsonify

from core.fields import LARGEST_ID
from portal.api.endpoint import MAX_PAGE, REGISTRY, EndpointSpec
from portal.api.schemas import ErrorSchema

bp = Blueprint("openapi", __name__, url_prefix="/api/v1")

ERRORS = {
    "400": "Malformed request",
    "401": "Not signed in",
    "403": "This role may not do this",
    "404": "Not found, or another tenant's",
    "409": "Not allowed in this state, or a duplicate",
    "413": "The body is larger than the service accepts",
    "422": "Valid JSON that breaks a rule",
    "429": "Too many failed sign-ins: wait as Retry-After says",
    "503": "The database is unavailable: try again shortly",
}
_CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>")


@bp.get("/openapi.json")
def openapi_document() -> Response:
    return jsonify(document())


def document() -> dict[str, Any]:
    """The app's OpenAPI document, built once per app (the declarations do not change)."""
    if "openapi_document" not in current_app.extensions:
        current_app.extensions["openapi_document"] = build_document()
    built: dict[str, Any] = current_app.extensions["openapi_document"]
    return built


def build_document() -> dict[str, Any]:
    plugin = MarshmallowPlugin()
    spec = APISpec(
        title="Trade credit insurance platform API", version="1.0.0", openapi_version="3.0.3",
        plugins=[plugin],
        info={"description": "Credit limits, overdue notifications, claims and reports."},
    )
    spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    spec.components.schema("Error", schema=ErrorSchema)
    paths: dict[str, dict[str, Any]] = {}
    for endpoint in REGISTRY:
        path = _CONVERTER.sub(r"{\2}", endpoint.rule)
        paths.setdefault(path, {})[endpoint.method.lower()] = _operation(endpoint, plugin)
    for path, operations in paths.items():
        spec.path(path=path, operations=operations)
    return spec.to_dict()


def _operation(endpoint: EndpointSpec, plugin: MarshmallowPlugin) -> dict[str, Any]:
    operation: dict[str, Any] = {
        "summary": endpoint.summary,
        "operationId": endpoint.view_name,
        "tags": list(endpoint.tags),
        "parameters": _path_parameters(endpoint.rule) + _query_parameters(endpoint),
        "responses": {str(endpoint.status): _success(endpoint), **_errors(endpoint)},
    }
    if endpoint.roles is None:
        operation["security"] = []
    else:
        operation["security"] = [{"bearer": []}]
        operation["description"] = "Roles: " + ", ".join(sorted(r.value for r in endpoint.roles))
    if endpoint.body is not None:
        operation["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": endpoint.body}},
        }
    if endpoint.upload is not None:
        operation["requestBody"] = {"required": True, "content": {"multipart/form-data": {
            "schema": _multipart(endpoint, plugin)}}}
    if endpoint.idempotent:
        operation["parameters"].append({
            "in": "header", "name": "Idempotency-Key", "required": False,
            "schema": {"type": "string", "maxLength": 255},
            "description": "The same key and body again returns the first answer.",
        })
    return operation


def _multipart(endpoint: EndpointSpec, plugin: MarshmallowPlugin) -> dict[str, Any]:
    """The file field, and the form's other fields from its schema."""
    assert endpoint.upload is not None
    schema: dict[str, Any] = {"type": "object", "required": [endpoint.upload], "properties": {
        endpoint.upload: {"type": "string", "format": "binary"}}}
    if endpoint.form is not None:
        assert plugin.converter is not None
        fields = plugin.converter.schema2jsonschema(endpoint.form)  # type: ignore[no-untyped-call]
        schema["properties"].update(fields.get("properties", {}))
        schema["required"] += fields.get("required", [])
        schema["additionalProperties"] = False
    return schema


def _path_parameters(rule: str) -> list[dict[str, Any]]:
    return [
        {"in": "path", "name": name, "required": True,
         "schema": {"type": "integer", "minimum": 0, "maximum": LARGEST_ID} if kind == "int"
         else {"type": "string"}}
        for kind, name in _CONVERTER.findall(rule)
    ]


def _query_parameters(endpoint: EndpointSpec) -> list[dict[str, Any]]:
    parameters: list[dict[str, Any]] = []
    if endpoint.query is not None:
        parameters.append({"in": "query", "schema": endpoint.query})
    if endpoint.paginated:
        parameters += [
            {"in": "query", "name": "page",
             "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE}},
            {"in": "query", "name": "per_page", "description": "At most 200 are returned.",
             "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE}},
        ]
    return parameters


def _success(endpoint: EndpointSpec) -> dict[str, Any]:
    binary = {"type": "string", "format": "binary"}
    if endpoint.produces != "application/json":
        return {"description": "OK", "content": {
            media: {"schema": binary} for media in (endpoint.produces, *endpoint.downloads)}}
    if endpoint.response is None:
        return {"description": "OK"}
    downloads = {media: {"schema": binary} for media in endpoint.downloads}
    schema: Any = endpoint.response
    if endpoint.paginated:
        schema = {
            "type": "object",
            "required": ["items", "total", "page"],
            "properties": {
                "items": {"type": "array", "items": endpoint.response},
                "total": {"type": "integer"},
                "page": {"type": "integer"},
                "per_page": {"type": "integer"},
            },
        }
    return {"description": "OK",
            "content": {"application/json": {"schema": schema}, **downloads}}


def _errors(endpoint: EndpointSpec) -> dict[str, Any]:
    takes_input = endpoint.paginated or any(
        x is not None for x in (endpoint.body, endpoint.query, endpoint.upload, endpoint.form))
    wanted = ["400", "413", "422"] if takes_input or endpoint.idempotent else []
    if endpoint.roles is not None:
        wanted += ["401", "403"]
    names_objects = any(schema is not None and any(name.endswith("_id") for name in schema.fields)
                        for schema in (endpoint.body, endpoint.form))
    if "<" in endpoint.rule or names_objects:  # an id in the path or the body may name nothing
        wanted.append("404")
    if endpoint.method == "POST":
        wanted.append("409")
    if endpoint.roles is None and endpoint.method == "POST":
        wanted += ["401", "429"]  # sign-in: wrong credentials, then throttled
    wanted += [str(code) for code in endpoint.errors]
    wanted.append("503")
    return {
        code: {"description": ERRORS[code],
               "content": {"application/json": {"schema": "Error"}}}
        for code in sorted(set(wanted))
    }
