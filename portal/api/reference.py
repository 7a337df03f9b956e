"""The API reference as a page to read: `GET /api/v1/docs` renders the app's own OpenAPI
document on the server, operations grouped by tag, then the schemas they name. No script and
nothing fetched from elsewhere: one stylesheet from the app's static files. In English, as the
document is."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Response, render_template
from marshmallow import Schema, validate
from sqlalchemy.orm import Session

from core.errors import NotFound
from core.fields import Text
from portal.api import openapi
from portal.api.endpoint import endpoint

bp = Blueprint("reference", __name__, url_prefix="/api/v1")
METHODS = ("get", "post", "put", "patch", "delete")
REF = "#/components/schemas/"


@dataclass(frozen=True)
class Parameter:
    where: str
    name: str
    required: bool
    kind: str
    note: str


@dataclass(frozen=True)
class Shape:
    """A body in one media type: its schema in a few words, and the named schema it shows."""

    media: str
    words: str
    ref: str | None


@dataclass(frozen=True)
class Answer:
    status: str
    description: str
    shapes: tuple[Shape, ...]


@dataclass(frozen=True)
class Operation:
    anchor: str
    method: str
    path: str
    summary: str
    roles: str
    parameters: tuple[Parameter, ...]
    body: tuple[Shape, ...]
    answers: tuple[Answer, ...]


@dataclass(frozen=True)
class Field:
    name: str
    kind: str
    ref: str | None
    required: bool
    note: str


class ReferenceQuerySchema(Schema):
    tag = Text(validate=validate.Length(min=1, max=40), metadata={
        "description": "Only the operations of this area (a tag of the document), e.g. limits."})


@endpoint(bp, "/docs", summary="This reference as a page to read (HTML)", roles=None,
          query=ReferenceQuerySchema(), produces="text/html", errors=(404,))
def reference_page(_session: Session, _actor: None, *, query: dict[str, Any]) -> Response:
    return Response(reference_html(openapi.document(), query.get("tag")), mimetype="text/html")


def reference_html(document: dict[str, Any], tag: str | None = None) -> str:
    """The page of `document`, or of one of its tags; every text in it is escaped by the
    template."""
    tags = operations_by_tag(document)
    if tag is not None and tag not in tags:
        raise NotFound("No such area in this reference.")
    schemas = document.get("components", {}).get("schemas", {})
    return render_template(
        "api_reference.html", info=document["info"], tags=tags, shown=tag,
        schemas={name: fields_of(schema) for name, schema in sorted(schemas.items())})


def operations_by_tag(document: dict[str, Any]) -> dict[str, list[Operation]]:
    """Tags in the order the document first names them, each with its operations."""
    tags: dict[str, list[Operation]] = {}
    for path, operations in document["paths"].items():
        for method in (m for m in METHODS if m in operations):
            found = operations[method]
            tag = (found.get("tags") or ["other"])[0]
            tags.setdefault(tag, []).append(_operation(path, method, found))
    return tags


def _operation(path: str, method: str, found: dict[str, Any]) -> Operation:
    return Operation(
        anchor=re.sub(r"[^a-z0-9]+", "-", f"{method} {path}".lower()).strip("-"),
        method=method.upper(), path=path, summary=found.get("summary", ""),
        roles=found.get("description", ""),
        parameters=tuple(_parameter(p) for p in found.get("parameters", [])),
        body=_shapes(found.get("requestBody", {})),
        answers=tuple(Answer(status, answer.get("description", ""), _shapes(answer))
                      for status, answer in sorted(found.get("responses", {}).items())),
    )


def _shapes(found: dict[str, Any]) -> tuple[Shape, ...]:
    return tuple(Shape(media, kind(c.get("schema", {})), ref_of(c.get("schema", {})))
                 for media, c in found.get("content", {}).items())


def _parameter(found: dict[str, Any]) -> Parameter:
    schema = found.get("schema", {})
    note = _sentences(found.get("description", ""), _bounds(schema))
    return Parameter(where=found.get("in", ""), name=found.get("name", ""),
                     required=bool(found.get("required")), kind=kind(schema), note=note)


def fields_of(schema: dict[str, Any]) -> list[Field]:
    required = set(schema.get("required", []))
    return [Field(name, kind(prop), ref_of(prop), name in required,
                  _sentences(prop.get("description", ""), _bounds(prop)))
            for name, prop in schema.get("properties", {}).items()]


def kind(schema: dict[str, Any]) -> str:
    """A schema in a few words: `CreditLimit`, `array of Reason`, `string (date)`."""
    if "$ref" in schema:
        return str(schema["$ref"]).removeprefix(REF)
    if schema.get("type") == "array":
        return "array of " + kind(schema.get("items", {}))
    if _is_page(schema):
        return "page of " + kind(schema["properties"]["items"].get("items", {}))
    words = " ".join(filter(None, [schema.get("type", ""), _format(schema)]))
    if "enum" in schema:
        words += (", " if words else "") + "one of " + ", ".join(map(str, schema["enum"]))
    return (words or "any") + (", or null" if schema.get("nullable") else "")


def _format(schema: dict[str, Any]) -> str:
    return f"({schema['format']})" if "format" in schema else ""


def ref_of(schema: dict[str, Any]) -> str | None:
    """The named schema `schema` is, or lists (an array's, a page's items)."""
    if "$ref" in schema:
        return str(schema["$ref"]).removeprefix(REF)
    if schema.get("type") == "array":
        return ref_of(schema.get("items", {}))
    if _is_page(schema):
        return ref_of(schema["properties"]["items"].get("items", {}))
    return None


def _is_page(schema: dict[str, Any]) -> bool:
    return schema.get("type") == "object" and "items" in schema.get("properties", {})


def _bounds(schema: dict[str, Any]) -> str:
    ranges = (("From ", "minimum", "maximum"), ("Length ", "minLength", "maxLength"))
    return " ".join(_range(words, schema.get(low), schema.get(high)) + "."
                    for words, low, high in ranges if low in schema or high in schema)


def _range(words: str, low: object, high: object) -> str:
    if low is not None and high is not None:
        return f"{words}{low}" if low == high else f"{words}{low} to {high}"
    return f"{words}at least {low}" if low is not None else f"{words}at most {high}"


def _sentences(*parts: str) -> str:
    return " ".join(part if part.endswith(".") else part + "."
                    for part in (p.strip() for p in parts) if part)
