"""The audit trail, as the insurer's staff (all of it) and an insured's admin (its own) read it."""

from __future__ import annotations

from typing import Any

from flask import Blueprint
from marshmallow import Schema, ValidationError, fields, validate, validates_schema
from sqlalchemy import Select
from sqlalchemy.orm import Session

from core import audit
from core.actor import STAFF_ROLES, Actor, Role
from core.fields import BusinessDate, Id, Text
from portal.api.endpoint import endpoint

bp = Blueprint("audit", __name__, url_prefix="/api/v1")
READERS = STAFF_ROLES | {Role.INSURED_ADMIN}


class AuditFilterSchema(Schema):
    object_type = Text(validate=validate.Length(min=1, max=64), metadata={
        "description": "The kind of object, as entries name it (`CreditLimit`, `User`, ...) "
        "or in snake case (`credit_limit`)"})
    object_id = Id(strict=False)
    actor_id = Id(strict=False, metadata={"description": "The user who acted"})
    from_ = BusinessDate(data_key="from", metadata={"description": "From this day (UTC)"})
    to = BusinessDate(metadata={"description": "To this day, included (UTC)"})

    @validates_schema
    def _in_order(self, data: dict[str, Any], **_kwargs: Any) -> None:
        if "from_" in data and "to" in data and data["from_"] > data["to"]:
            raise ValidationError("Must not be before 'from'.", field_name="to")


class AuditActorSchema(Schema):
    id = fields.Integer(attribute="actor_user_id", allow_none=True)
    email = Text(attribute="actor_email")


class AuditObjectSchema(Schema):
    type = Text(attribute="entity_type")
    id = fields.Integer(attribute="entity_id", allow_none=True)


class AuditEntrySchema(Schema):
    id = fields.Integer()
    at = fields.DateTime()
    actor = fields.Function(lambda e: AuditActorSchema().dump(e), metadata={
        "description": "`{id, email}` of the user who acted (id null for the system)",
        "type": "object", "properties": {"id": {"type": "integer", "nullable": True},
                                         "email": {"type": "string"}}})
    on_behalf_of = fields.Integer(allow_none=True, metadata={
        "description": "The insured a broker's user acted for, when one did"})
    action = Text()
    object = fields.Function(lambda e: AuditObjectSchema().dump(e), metadata={
        "description": "`{type, id}` of what was acted on",
        "type": "object", "properties": {"type": {"type": "string"},
                                         "id": {"type": "integer", "nullable": True}}})
    before = fields.Dict(allow_none=True)
    after = fields.Dict(allow_none=True)
    request_id = Text(allow_none=True, metadata={
        "description": "The id of the web request that made the change (its `X-Request-Id`), "
        "to find its log lines; null for changes made outside a request"})


@endpoint(bp, "/audit", "GET", summary="The audit trail: staff all of it, an insured's admin "
          "its own insured's entries; newest first", roles=READERS, query=AuditFilterSchema(),
          response=AuditEntrySchema(), paginated=True)
def list_entries(session: Session, actor: Actor, *, query: dict[str, Any]) -> Select[Any]:
    return audit.entries_query(actor, **query)
