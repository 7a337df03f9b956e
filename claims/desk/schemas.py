"""The JSON shape of documents and messages (docs/api.md, "Claims desk")."""

from __future__ import annotations

from typing import TypedDict

from marshmallow import Schema, fields, validate

from core.accounts.models import User
from core.fields import Text

MESSAGE_LENGTH = validate.Length(min=1, max=5000)


class Person(TypedDict):
    id: int
    name: str
    side: str
    """insurer or insured"""


def person(user: User | None) -> Person | None:
    """Who wrote or brought something: the insurer's staff or the insured's people."""
    if user is None:
        return None
    return {"id": user.id, "name": user.full_name or user.email,
            "side": "insurer" if user.role.is_staff else "insured"}


PERSON = {"type": "object", "nullable": True, "properties": {
    "id": {"type": "integer"}, "name": {"type": "string"},
    "side": {"type": "string", "enum": ["insurer", "insured"]}}}


class DocumentSchema(Schema):
    id = fields.Integer()
    case_id = fields.Integer(allow_none=True)
    claim_id = fields.Integer(allow_none=True)
    kind = fields.String(metadata={"enum": ["pdf", "png", "jpeg", "csv", "xlsx"],
                                   "description": "Decided by the content, not the name."})
    media_type = fields.String()
    size = fields.Integer(metadata={"description": "In bytes."})
    sha256 = fields.String()
    uploaded_at = fields.DateTime(attribute="created_at")
    uploaded_by = fields.Function(lambda d: person(d.uploader), metadata=PERSON)


class MessageCreateSchema(Schema):
    body = Text(required=True, multiline=True, validate=MESSAGE_LENGTH)


class MessageSchema(Schema):
    id = fields.Integer()
    case_id = fields.Integer(allow_none=True)
    claim_id = fields.Integer(allow_none=True)
    body = fields.String()
    written_at = fields.DateTime(attribute="created_at")
    author = fields.Function(lambda m: person(m.author), metadata=PERSON)
