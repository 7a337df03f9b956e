"""Schemas the API shares across domains: errors, pages of a list, tokens."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from core.accounts.passwords import MAX_LENGTH
from core.fields import Email, Text


class ErrorBodySchema(Schema):
    code = Text(required=True)
    message = Text(required=True)
    fields_ = fields.Dict(data_key="fields")


class ErrorSchema(Schema):
    error = fields.Nested(ErrorBodySchema, required=True)


class SignInSchema(Schema):
    email = Email(required=True, validate=validate.Length(max=254))
    password = Text(required=True, validate=validate.Length(min=1, max=MAX_LENGTH))
    totp = Text(validate=validate.Length(max=16))
    """The current code of the authenticator app, with two-factor sign-in on."""
    recovery_code = Text(validate=validate.Length(max=64))
    """Or one of the single-use recovery codes instead."""


class TokenSchema(Schema):
    token = Text(required=True)
    expires_at = fields.DateTime(allow_none=True)


class PersonalTokenCreateSchema(Schema):
    name = Text(required=True, validate=validate.Length(min=1, max=100))
    expires_in_days = fields.Integer(strict=True, validate=validate.Range(min=1, max=366))


class TokenRowSchema(Schema):
    id = fields.Integer()
    name = Text()
    prefix = Text(metadata={"description": "The first characters, to recognise it."})
    created_at = fields.DateTime()
    expires_at = fields.DateTime(allow_none=True)
    revoked_at = fields.DateTime(allow_none=True)
    last_used_at = fields.DateTime(allow_none=True)


class PersonalTokenSchema(TokenRowSchema):
    token = Text(
        attribute="clear_text", metadata={"description": "Shown once, when the token is created."}
    )
