"""Pages: each user's notification settings, an admin's webhooks with their delivery log, and
an insured's watch list."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from marshmallow import Schema, fields, validate
from sqlalchemy import select

from buyers_db.models import Buyer
from core.actor import Role
from core.fields import Id, Text
from core.outbox import PUBLIC_EVENTS
from notifications import preferences, webhooks
from notifications.models import Mode
from portal.auth.current import sign_in_required
from portal.database import db
from portal.pages.forms import acting, submit
from underwriting import watchlist
from underwriting.watchlist import WATCH

bp = Blueprint("notification_pages", __name__)
EVENTS = [event.value for event in PUBLIC_EVENTS]


class SettingsForm(Schema):
    language = Text(validate=validate.OneOf(["en", "zh"]))


class HookForm(Schema):
    url = Text(required=True, validate=validate.Length(min=1, max=2000))
    events = fields.List(Text(validate=validate.OneOf(EVENTS)), required=True,
                         validate=validate.Length(min=1))


class WatchForm(Schema):
    buyer_id = Id(strict=False, required=True)


@bp.route("/account/notifications", methods=["GET", "POST"])
@sign_in_required
def settings() -> ResponseReturnValue:
    actor = acting(*Role)
    errors: dict[str, Any] = {}
    if request.method == "POST":
        choices = {event: request.form[event] for event in EVENTS if event in request.form}
        if not all(mode in {m.value for m in Mode} for mode in choices.values()):
            errors = {"_form": [_("Choose e-mail, daily digest or none for each event.")]}
        else:
            errors = submit(SettingsForm(), lambda body: (
                preferences.set_preferences(db.session, actor=actor, choices=choices),
                body.get("language") and preferences.set_language(
                    db.session, actor=actor, language=body["language"])),
                _("Notification settings saved."),
                body={"language": request.form.get("language", "en")})
        if not errors:
            return redirect(url_for("notification_pages.settings"))
    shown = render_template("pages/notifications.html", errors=errors, events=EVENTS,
                            chosen=preferences.preferences(db.session, actor=actor),
                            modes=[m.value for m in Mode])
    return shown, 422 if errors else 200


@bp.route("/account/webhooks", methods=["GET", "POST"])
@sign_in_required
def hooks() -> ResponseReturnValue:
    actor = acting(webhooks.MANAGE)
    errors: dict[str, Any] = {}
    made: list[str] = []
    if request.method == "POST":
        body = {"url": request.form.get("url", ""), "events": request.form.getlist("events")}
        errors = submit(HookForm(), lambda b: made.append(webhooks.create_hook(
            db.session, actor=actor, url=b["url"], events=b["events"],
            allow_local=bool(current_app.config.get("WEBHOOKS_ALLOW_LOCAL"))).secret),
            _("Webhook added. Copy its secret now: it will not be shown again."), body=body)
    listed = [(hook, db.session.scalars(webhooks.deliveries_query(hook).limit(20)).all())
              for hook in db.session.scalars(webhooks.hooks_query(actor))]
    shown = render_template("pages/webhooks.html", hooks=listed, events=EVENTS, errors=errors,
                            secret=made[0] if made and not errors else None)
    return shown, 422 if errors else 200


@bp.post("/account/webhooks/<int:webhook_id>/delete")
@sign_in_required
def delete_hook(webhook_id: int) -> ResponseReturnValue:
    webhooks.delete_hook(db.session, webhook_id, actor=acting(webhooks.MANAGE))
    db.session.commit()
    return redirect(url_for("notification_pages.hooks"))


@bp.post("/account/webhooks/<int:webhook_id>/deliveries/<int:delivery_id>/redeliver")
@sign_in_required
def redeliver(webhook_id: int, delivery_id: int) -> ResponseReturnValue:
    webhooks.redeliver(db.session, webhook_id, delivery_id, actor=acting(webhooks.MANAGE))
    db.session.commit()
    return redirect(url_for("notification_pages.hooks"))


@bp.route("/watchlist", methods=["GET", "POST"])
@sign_in_required
def watched() -> ResponseReturnValue:
    actor = acting(WATCH)
    errors: dict[str, Any] = {}
    if request.method == "POST":
        errors = submit(WatchForm(), lambda b: watchlist.watch(
            db.session, b["buyer_id"], actor=actor), _("The buyer is on your watch list."))
        if not errors:
            return redirect(url_for("notification_pages.watched"))
    watched_buyer = watchlist.WatchedBuyer
    rows = db.session.execute(select(watched_buyer, Buyer).join(
        Buyer, Buyer.id == watched_buyer.buyer_id).order_by(Buyer.name)).all()
    shown = render_template("pages/watchlist.html", rows=rows, errors=errors)
    return shown, 422 if errors else 200


@bp.post("/watchlist/<int:buyer_id>/remove")
@sign_in_required
def unwatch(buyer_id: int) -> ResponseReturnValue:
    watchlist.unwatch(db.session, buyer_id, actor=acting(WATCH))
    db.session.commit()
    return redirect(url_for("notification_pages.watched"))
