"""Schemas the API shares across domains: errors, pages of a list, tokens."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from core.accounts.passwords import MAX_LENGTH


class ErrorBodySchema(Schema):
    code = fields.String(required=True)
    message = fields.String(required=True)
    fields_ = fields.Dict(data_key="fields")


class ErrorSchema(Schema):
    error = fields.Nested(ErrorBodySchema, required=True)


class SignInSchema(Schema):
    email = fields.Email(required=True, validate=validate.Length(max=254))
    password = fields.String(required=True, validate=validate.Length(min=1, max=MAX_LENGTH))


class TokenSchema(Schema):
    token = fields.String(required=True)
    expires_at = fields.DateTime(allow_none=True)


class PersonalTokenCreateSchema(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    expires_in_days = fields.Integer(strict=True, validate=validate.Range(min=1, max=366))


class PersonalTokenSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    prefix = fields.String(metadata={"description": "The first characters, to recognise it."})
    created_at = fields.DateTime()
    expires_at = fields.DateTime(allow_none=True)
    revoked_at = fields.DateTime(allow_none=True)
    last_used_at = fields.DateTime(allow_none=True)
    token = fields.String(
        attribute="clear_text", metadata={"description": "Shown once, when the token is created."}
    )
