"""The role tests, generated from the one declaration of who may do each thing: every API
write whose endpoint names a service's `Action` refuses (403, changing nothing) every role the
action does not name, and the endpoint admits exactly the action's roles (and brokers, where
the action names their permission)."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from core.actor import BROKER_ROLES, Role
from portal.api.endpoint import REGISTRY, EndpointSpec
from tests.dump import changes, dump
from tests.endpoints import EXAMPLES, Objects, body_for
from tests.factories import World
from tests.portal.test_bad_input import call

WHO = {"insurer_admin": Role.INSURER_ADMIN, "underwriter": Role.UNDERWRITER,
       "claims_handler": Role.CLAIMS_HANDLER, "a.admin": Role.INSURED_ADMIN,
       "a.user": Role.INSURED_USER}
DECLARED = [spec for spec in REGISTRY if spec.action is not None and spec.method != "GET"
            and (spec.method, spec.rule) in EXAMPLES]


def test_the_writes_that_act_for_someone_declare_their_action() -> None:
    """A write an insured's user or a broker may call names the action it does."""
    undeclared = [f"{s.method} {s.rule}" for s in REGISTRY
                  if s.method != "GET" and s.roles and Role.INSURED_USER in s.roles
                  and s.action is None and s.roles != frozenset(Role)]
    assert undeclared == []


@pytest.mark.parametrize("spec", DECLARED, ids=lambda s: f"{s.method} {s.rule}")
def test_the_endpoint_admits_the_roles_of_its_action(spec: EndpointSpec) -> None:
    assert spec.action is not None and spec.roles is not None
    brokers = BROKER_ROLES if spec.action.broker else frozenset()
    assert spec.roles == spec.action.roles | brokers


@pytest.mark.parametrize("spec", DECLARED, ids=lambda s: f"{s.method} {s.rule}")
def test_every_role_the_action_does_not_name_is_refused(
    client: FlaskClient, session: Session, world: World, found: Objects, spec: EndpointSpec
) -> None:
    assert spec.action is not None
    example = EXAMPLES[(spec.method, spec.rule)]
    refused = [who for who, role in WHO.items() if role not in spec.action.roles]
    before = dump(session)
    for who in refused:
        answer = call(client, world, spec, found, who, body=body_for(example, found, who))
        assert answer.status_code == 403, (who, answer.get_json())
    assert changes(before, dump(session)) == {}
