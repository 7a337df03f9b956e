"""One way to write an API view: declare its schemas, roles and status; write only the call.

The decorator authenticates, checks the role (or the action, declared beside its service,
whose roles and broker permission it reads), narrows a broker to the client the request names
(`portal.clients`), parses the body or query with the schema (400 for
a body that is not a JSON object, 422 for one that breaks the schema), calls the view, commits,
and dumps the answer with the response schema. The same declaration feeds the OpenAPI document.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from flask import Blueprint, Response, jsonify, request
from marshmallow import Schema, ValidationError
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from core.accounts.models import Insured
from core.actor import BROKER_ROLES, Action, Actor, Permission, Role
from core.errors import Forbidden, NotFound
from core.tenancy import Scope, set_scope
from portal import clients
from portal.api.errors import BadRequest
from portal.api.idempotency import remember, replay_or_run
from portal.auth.current import require_actor
from portal.database import db

ANYONE_SIGNED_IN: frozenset[Role] = frozenset(Role)
MAX_PER_PAGE = 200
MAX_PAGE = 1_000_000  # past any real list; keeps the offset within what databases take


@dataclass(frozen=True)
class EndpointSpec:
    rule: str
    method: str
    view_name: str
    summary: str
    roles: frozenset[Role] | None
    action: Action | None
    body: Schema | None
    query: Schema | None
    response: Schema | None
    status: int
    paginated: bool
    idempotent: bool
    rehearsal: str | None = None
    upload: str | None = None
    form: Schema | None = None
    produces: str = "application/json"
    tags: tuple[str, ...] = field(default_factory=tuple)
    downloads: tuple[str, ...] = ()
    errors: tuple[int, ...] = ()


REGISTRY: list[EndpointSpec] = []


def endpoint(
    blueprint: Blueprint,
    rule: str,
    method: str = "GET",
    *,
    summary: str,
    roles: Iterable[Role] | Action | None = ANYONE_SIGNED_IN,
    body: Schema | None = None,
    query: Schema | None = None,
    response: Schema | None = None,
    status: int = 200,
    paginated: bool = False,
    upload: str | None = None,
    form: Schema | None = None,
    produces: str = "application/json",
    downloads: Iterable[str] = (),
    errors: Iterable[int] = (),
    rehearsal: str | None = None,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register `view(session, actor, **path_args, body=..., query=...)` at `rule`.

    `roles` names the roles, or the `Action` the view does; `None` means no sign-in is
    needed. A broker's user may call a view whose action names a broker permission, and a GET
    an insured's user may call (to read). A paginated view returns a `Select`. `upload`
    names the multipart file field of a view that takes a file (documented, not parsed here);
    `form` is the schema of the multipart form's other fields, loaded into `form=...`.
    A view that `produces` another media type than JSON (a PDF) returns its own `Response`;
    one that answers JSON or, when asked, `downloads` of other media types returns its own
    `Response` for those. `rehearsal` names the query flag (`dry_run`) under which a create
    stores nothing, its Idempotency-Key included. `errors` are statuses the view may answer
    beyond those the declaration implies (a GET refused with 409 in the wrong state).
    """
    spec = EndpointSpec(
        rule=blueprint.url_prefix + rule if blueprint.url_prefix else rule,
        method=method, view_name="", summary=summary,
        roles=_roles(roles, method), action=_action(roles, method),
        body=body, query=query, response=response, status=status,
        paginated=paginated, idempotent=method == "POST" and status == 201, rehearsal=rehearsal,
        upload=upload, form=form, produces=produces, tags=(blueprint.name,),
        downloads=tuple(downloads), errors=tuple(errors),
    )

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        def handler(**path_args: Any) -> Response:
            actor = _authorised(spec.roles)
            kwargs = dict(path_args)
            insured_id = _insured_named(spec, actor)
            if spec.body is not None:
                kwargs["body"] = spec.body.load(_json_object())
            if spec.form is not None:
                kwargs["form"] = spec.form.load(_form_fields(spec.upload))
            if spec.query is not None:
                kwargs["query"] = spec.query.load(_filters(spec))
            elif _filters(spec):  # as a query schema would: a parameter we do not know is refused
                raise ValidationError({name: ["Unknown field."] for name in _filters(spec)})
            if actor is not None:
                actor = _acting(spec, actor, insured_id, path_args, kwargs)
            rehearsing = spec.rehearsal is not None and kwargs["query"][spec.rehearsal]
            if spec.idempotent and not rehearsing:
                return replay_or_run(actor, lambda: _respond(spec, view, actor, kwargs))
            return _respond(spec, view, actor, kwargs)

        name = f"{view.__name__}"
        handler.__name__ = name
        handler.__doc__ = view.__doc__
        blueprint.add_url_rule(rule, endpoint=name, view_func=handler, methods=[method])
        REGISTRY.append(_named(spec, f"{blueprint.name}.{name}", view.__doc__))
        return view

    return decorate


def _named(spec: EndpointSpec, view_name: str, doc: str | None) -> EndpointSpec:
    return replace(spec, view_name=view_name, summary=spec.summary or (doc or "").strip())


def _authorised(roles: frozenset[Role] | None) -> Actor | None:
    if roles is None:
        return None
    actor = require_actor()
    if actor.role not in roles:
        raise Forbidden("Your role may not do this.")
    return actor


def _roles(roles: Iterable[Role] | Action | None, method: str) -> frozenset[Role] | None:
    action = _action(roles, method)
    if isinstance(roles, Action):
        roles = roles.roles
    if roles is None:
        return None
    brokers = BROKER_ROLES if action is not None and action.broker else frozenset()
    return frozenset(roles) | brokers


def _action(roles: Iterable[Role] | Action | None, method: str) -> Action | None:
    """The action the view does: declared, or reading what an insured's user may read."""
    if isinstance(roles, Action) or roles is None:
        return roles
    roles = frozenset(roles)
    if method == "GET" and Role.INSURED_USER in roles:
        return Action("read", roles, broker=Permission.READ)
    return None


def _insured_named(spec: EndpointSpec, actor: Actor | None) -> int | None:
    """The insured a request names with `?insured_id=` (every list takes it), unless the
    view's own query schema reads it. An insured's user may name only its own; staff narrow
    what they read to that insured; a broker acts for that client."""
    raw = request.args.get("insured_id")
    if raw is None or actor is None:
        return None
    if not _consumed(spec, "insured_id") and not actor.is_broker:
        return None  # the view's filter
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= 2**31 - 1:
        raise ValidationError({"insured_id": ["Not a valid integer."]})
    insured_id = int(raw)
    if actor.is_staff:
        if db.session.get(Insured, insured_id) is None:
            raise NotFound("Insured not found.")
        set_scope(Scope.insured(insured_id))
    elif not actor.is_broker and actor.insured_id != insured_id:
        raise NotFound("Insured not found.")
    return insured_id


def _acting(spec: EndpointSpec, actor: Actor, insured_id: int | None,
            path_args: dict[str, Any], kwargs: dict[str, Any]) -> Actor:
    """A broker acts for the client the request names, within what the client allows; an
    object of an insured it does not serve is not found."""
    if not actor.is_broker or spec.action is None:
        return actor  # a view every role may call (its own account): no client in it
    named = {**kwargs.get("form", {}), **kwargs.get("body", {}), **path_args}
    client = clients.client_named(db.session, named)
    if client is None and any(name in clients.OWNED_BY_NAME for name in named):
        raise NotFound("Not found.")
    if client is not None and insured_id is not None and client != insured_id:
        raise NotFound("Not found.")
    if client is None:
        client = insured_id if insured_id is not None else clients.only_client(actor)
    narrowed = clients.acting_for(actor, client)
    if not spec.action.admits(narrowed):
        raise Forbidden("Your appointment does not allow this for this insured.")
    return narrowed


def _filters(spec: EndpointSpec) -> dict[str, str]:
    return {k: v for k, v in request.args.items()
            if k not in ("page", "per_page") and not _consumed(spec, k)}


def _consumed(spec: EndpointSpec, name: str) -> bool:
    """`insured_id` is read by the decorator unless the view's query schema reads it."""
    return name == "insured_id" and (spec.query is None or "insured_id" not in spec.query.fields)


def _form_fields(upload: str | None) -> dict[str, str]:
    """The multipart form's text fields, the file's name aside (a file sent as text)."""
    return {k: v for k, v in request.form.items() if k != upload}


def _json_object() -> dict[str, Any]:
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        raise BadRequest("The body must be a JSON object (Content-Type: application/json).")
    return payload


def _respond(
    spec: EndpointSpec, view: Callable[..., Any], actor: Actor | None, kwargs: dict[str, Any]
) -> Response:
    session = db.session
    result = view(session, actor, **kwargs)
    answer = result if isinstance(result, Response) else _dumped(spec, session, result)
    remember(session, answer)
    session.commit()
    return answer


def _dumped(spec: EndpointSpec, session: Session, result: Any) -> Response:
    payload = _page(session, result) if spec.paginated else result
    if spec.response is not None and spec.paginated:
        payload["items"] = spec.response.dump(payload["items"], many=True)
    elif spec.response is not None:
        payload = spec.response.dump(payload)
    answer = jsonify(payload)
    answer.status_code = spec.status
    return answer


def _page(session: Session, statement: Select[Any]) -> dict[str, Any]:
    page = _positive_int("page", 1)
    per_page = min(_positive_int("per_page", 50, capped_at=MAX_PER_PAGE), MAX_PER_PAGE)
    total = session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))
    window = statement.limit(per_page).offset((page - 1) * per_page)
    one_entity = len(statement.column_descriptions) == 1
    items = list(session.scalars(window) if one_entity else session.execute(window).all())
    return {"items": items, "total": total or 0, "page": page, "per_page": per_page}


def _positive_int(name: str, default: int, capped_at: int | None = None) -> int:
    """A page number or size from the query; a size above `capped_at` is served as the cap."""
    raw = request.args.get(name)
    if raw is None:
        return default
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= MAX_PAGE:
        if capped_at is not None:
            raise BadRequest(f"'{name}' must be a whole number of at least 1 "
                             f"(at most {capped_at} are returned).")
        raise BadRequest(f"'{name}' must be a whole number from 1 to {MAX_PAGE}.")
    return int(raw)
