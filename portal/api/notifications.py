"""Notification preferences and language, webhooks with their delivery log, and the watch list."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app
from marshmallow import Schema, fields, validate
from sqlalchemy import Select
from sqlalchemy.orm import Session

from core.accounts.models import User
from core.actor import INSURED_ROLES, Actor
from core.fields import Id, Text
from core.outbox import PUBLIC_EVENTS
from notifications import preferences, webhooks
from notifications.models import Delivery, Mode, Webhook
from portal.api.accounts import UserSchema
from portal.api.endpoint import endpoint
from underwriting import watchlist

bp = Blueprint("notifications", __name__, url_prefix="/api/v1")
EVENT_NAMES = [event.value for event in PUBLIC_EVENTS]

# Event names hold a dot, which marshmallow would read as a path: each field is named with an
# underscore and keyed in JSON by the event's name.
PreferencesSchema = Schema.from_dict(
    {event.replace(".", "_"): Text(
        data_key=event, validate=validate.OneOf([mode.value for mode in Mode]))
     for event in EVENT_NAMES}, name="NotificationPreferencesSchema")


def _by_attribute(choices: dict[str, str]) -> dict[str, str]:
    return {event.replace(".", "_"): mode for event, mode in choices.items()}


def _by_event(loaded: dict[str, str]) -> dict[str, str]:
    return {name: loaded[name.replace(".", "_")] for name in EVENT_NAMES
            if name.replace(".", "_") in loaded}


class LanguageSchema(Schema):
    language = Text(required=True, validate=validate.OneOf(["en", "zh"]))


class WebhookCreateSchema(Schema):
    url = Text(required=True, validate=validate.Length(min=1, max=2000))
    events = fields.List(Text(validate=validate.OneOf(EVENT_NAMES)), required=True,
                         validate=validate.Length(min=1, max=len(EVENT_NAMES)))


class WebhookSchema(Schema):
    id = fields.Integer()
    url = fields.String()
    events = fields.List(fields.String())
    active = fields.Boolean()
    disabled_at = fields.DateTime(allow_none=True)
    created_at = fields.DateTime()


class WebhookCreatedSchema(WebhookSchema):
    secret = fields.String()


class DeliverySchema(Schema):
    id = fields.Integer()
    event_id = fields.Integer()
    type = fields.Function(lambda d: d.event.event_type)
    message_id = fields.String()
    status = fields.String()
    attempts = fields.Integer()
    response_code = fields.Integer(allow_none=True)
    error = fields.String(allow_none=True)
    last_attempt_at = fields.DateTime(allow_none=True)
    next_attempt_at = fields.DateTime()
    delivered_at = fields.DateTime(allow_none=True)


class WatchSchema(Schema):
    buyer_id = Id(required=True)


class WatchedSchema(Schema):
    buyer_id = fields.Integer()
    created_at = fields.DateTime()


@endpoint(bp, "/users/me", "PATCH", summary="Set the signed-in user's language (e-mail follows)",
          body=LanguageSchema(), response=UserSchema())
def set_language(session: Session, actor: Actor, *, body: dict[str, Any]) -> User:
    return preferences.set_language(session, actor=actor, language=body["language"])


@endpoint(bp, "/users/me/notifications", "GET", summary="How you hear of each event",
          response=PreferencesSchema())
def get_preferences(session: Session, actor: Actor) -> dict[str, str]:
    return _by_attribute(preferences.preferences(session, actor=actor))


@endpoint(bp, "/users/me/notifications", "PUT",
          summary="Choose e-mail, digest or none per event", body=PreferencesSchema(),
          response=PreferencesSchema())
def put_preferences(session: Session, actor: Actor, *, body: dict[str, str]) -> dict[str, str]:
    return _by_attribute(preferences.set_preferences(session, actor=actor,
                                                     choices=_by_event(body)))


@endpoint(bp, "/webhooks", "POST", summary="Add a webhook (the secret is shown once)",
          roles=webhooks.MANAGE, body=WebhookCreateSchema(), response=WebhookCreatedSchema(),
          status=201)
def create_webhook(session: Session, actor: Actor, *, body: dict[str, Any]) -> Webhook:
    return webhooks.create_hook(session, actor=actor, url=body["url"], events=body["events"],
                                allow_local=bool(current_app.config.get("WEBHOOKS_ALLOW_LOCAL")))


@endpoint(bp, "/webhooks", "GET", summary="Your feed's webhooks", roles=webhooks.MANAGE,
          response=WebhookSchema(), paginated=True)
def list_webhooks(session: Session, actor: Actor) -> Select[tuple[Webhook]]:
    return webhooks.hooks_query(actor)


@endpoint(bp, "/webhooks/<int:webhook_id>", "DELETE", summary="Remove a webhook",
          roles=webhooks.MANAGE, status=204)
def delete_webhook(session: Session, actor: Actor, webhook_id: int) -> Response:
    webhooks.delete_hook(session, webhook_id, actor=actor)
    return Response(status=204)


@endpoint(bp, "/webhooks/<int:webhook_id>/deliveries", "GET",
          summary="A webhook's delivery log, latest first", roles=webhooks.MANAGE,
          response=DeliverySchema(), paginated=True)
def list_deliveries(session: Session, actor: Actor, webhook_id: int) -> Select[tuple[Delivery]]:
    return webhooks.deliveries_query(webhooks.get_hook(session, webhook_id, actor=actor))


@endpoint(bp, "/webhooks/<int:webhook_id>/deliveries/<int:delivery_id>/redeliver", "POST",
          summary="Send a message again, with the same id", roles=webhooks.MANAGE,
          response=DeliverySchema(), status=202)
def redeliver(session: Session, actor: Actor, webhook_id: int, delivery_id: int) -> Delivery:
    return webhooks.redeliver(session, webhook_id, delivery_id, actor=actor)


@endpoint(bp, "/watchlist", "GET", summary="The buyers your insured watches",
          roles=INSURED_ROLES, response=WatchedSchema(), paginated=True)
def list_watched(session: Session, actor: Actor) -> Select[tuple[watchlist.WatchedBuyer]]:
    return watchlist.watchlist_query()


@endpoint(bp, "/watchlist", "POST", summary="Watch a buyer: its grade changes are alerted",
          roles=watchlist.WATCH, body=WatchSchema(), response=WatchedSchema(), status=201)
def watch(session: Session, actor: Actor, *, body: dict[str, Any]) -> watchlist.WatchedBuyer:
    return watchlist.watch(session, body["buyer_id"], actor=actor)


@endpoint(bp, "/watchlist/<int:buyer_id>", "DELETE", summary="Stop watching a buyer",
          roles=watchlist.WATCH, status=204)
def unwatch(session: Session, actor: Actor, buyer_id: int) -> Response:
    watchlist.unwatch(session, buyer_id, actor=actor)
    return Response(status=204)
