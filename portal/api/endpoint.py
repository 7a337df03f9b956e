"""One way to write an API view: declare its schemas, roles and status; write only the call.

The decorator authenticates, checks the role, parses the body or query with the schema (400 for
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

from core.actor import Actor, Role
from core.errors import Forbidden
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
    roles: Iterable[Role] | None = ANYONE_SIGNED_IN,
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

    `roles=None` means no sign-in is needed. A paginated view returns a `Select`. `upload`
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
        roles=frozenset(roles) if roles is not None else None,
        body=body, query=query, response=response, status=status,
        paginated=paginated, idempotent=method == "POST" and status == 201, rehearsal=rehearsal,
        upload=upload, form=form, produces=produces, tags=(blueprint.name,),
        downloads=tuple(downloads), errors=tuple(errors),
    )

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        def handler(**path_args: Any) -> Response:
            actor = _authorised(spec.roles)
            kwargs = dict(path_args)
            if spec.body is not None:
                kwargs["body"] = spec.body.load(_json_object())
            if spec.form is not None:
                kwargs["form"] = spec.form.load(_form_fields(spec.upload))
            if spec.query is not None:
                kwargs["query"] = spec.query.load(_filters())
            elif _filters():  # as a query schema would: a parameter we do not know is refused
                raise ValidationError({name: ["Unknown field."] for name in _filters()})
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


def _filters() -> dict[str, str]:
    return {k: v for k, v in request.args.items() if k not in ("page", "per_page")}


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
