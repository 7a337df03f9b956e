"""Schemathesis against /api/v1/openapi.json, in-process over WSGI on the suite's database: for
every operation, signed in as each role, generated requests (valid and invalid) never get a 500
and every answer matches the document (status, content type, body schema, headers).

Bounded and derandomized so that CI sees the same requests every run. Path ids are pinned to
real objects (the caller's own and another tenant's) as often as to generated numbers, so the
run reaches the code behind the 404s.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

import portal.api  # noqa: F401 - fills the endpoint registry
from portal.api.endpoint import REGISTRY
from tests.endpoints import Objects
from tests.factories import World

ROLES = ("insurer_admin", "underwriter", "claims_handler", "a.admin", "a.user")
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance, response_headers_conformance]
EXAMPLES_PER_ROLE = {GenerationMode.POSITIVE: 4, GenerationMode.NEGATIVE: 2}
OPERATIONS = sorted({(s.method, s.rule.replace("<int:", "{").replace(">", "}"))
                     for s in REGISTRY})
OPEN_TO_ALL = {(s.method, s.rule.replace("<int:", "{").replace(">", "}"))
               for s in REGISTRY if s.roles is None}  # sign-in: the same for every caller


def _label(operation: tuple[str, str]) -> str:
    return f"{operation[0]} {operation[1]}"


@pytest.fixture
def api_schema(app: Flask) -> Any:
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


def _pin_ids(case: Any, found: Objects, who: str) -> None:
    """Each generated id becomes, in turn, the caller's own object, another tenant's, or stays
    what was generated."""
    for name, generated in list((case.path_parameters or {}).items()):
        if name not in found.a or not isinstance(generated, int):
            continue
        choice = generated % 3
        if choice < 2:
            own = found.of(who) if "." in who else found.a
            case.path_parameters[name] = (own if choice == 0 else found.b)[name]


@pytest.mark.parametrize("operation", OPERATIONS, ids=_label)
def test_no_500_and_every_answer_matches_the_document(
    app: Flask, api_schema: Any, world: World, found: Objects, operation: tuple[str, str]
) -> None:
    method, path = operation
    api_operation = api_schema[path][method]
    checks = [*CHECKS]
    for who in ROLES[-1:] if operation in OPEN_TO_ALL else ROLES:
        for mode, examples in EXAMPLES_PER_ROLE.items():
            _run(app, api_operation, world, found, who, mode, examples,
                 checks + ([negative_data_rejection] if mode is GenerationMode.NEGATIVE else []))


def _run(app: Flask, operation: Any, world: World, found: Objects, who: str,
         mode: GenerationMode, examples: int, checks: list[Any]) -> None:
    headers = world.as_(who)

    @settings(max_examples=examples, derandomize=True, database=None, deadline=None,
              phases=[Phase.generate], suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case: Any) -> None:
        if mode is GenerationMode.POSITIVE:  # a negative case may be wrong in its very ids
            _pin_ids(case, found, who)
        response = case.call(app=app, headers=headers)
        case.validate_response(response, checks=checks)

    run()
