"""A broker's pages: its clients' dashboard, the client switcher, and the insured's pages used
for a client within the permissions it gave. Another insured's pages answer 404 to a broker as
to anyone outside that insured: see the page sweep in test_cross_tenant."""

from __future__ import annotations

import re

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.actor import Permission
from core.audit import AuditEntry
from core.tenancy import Scope, tenant_scope
from tests.endpoints import Objects
from tests.factories import World, appoint, make_insured, make_policy
from tests.portal.test_pages import post, sign_in


def _third_client(session: Session, world: World) -> int:
    third = make_insured(session, "Third Trading Ltd", "GB")
    make_policy(session, third)
    appoint(session, world.broker, third, (Permission.READ,))
    session.commit()
    return third.id


def test_the_broker_home_lists_its_clients_and_what_each_allows(
    client: FlaskClient, session: Session, world: World, found: Objects
) -> None:
    third = _third_client(session, world)
    assert sign_in(client, world.broker_user).status_code == 302
    home = client.get("/").get_data(as_text=True)
    assert world.broker.name in home
    assert world.a.insured.name in home and "Third Trading Ltd" in home
    assert world.b.insured.name not in home
    assert "Request limits" in home  # what tenant a allows, in words
    table = client.get("/?download=clients&format=csv").get_data(as_text=True)
    assert "Third Trading Ltd" in table and world.b.insured.name not in table
    switched = post(client, "/clients/switch", {"insured_id": str(third)})
    assert switched.status_code == 302
    assert "Third Trading Ltd" in client.get("/").get_data(as_text=True)
    refused = post(client, "/clients/switch", {"insured_id": str(world.b.insured.id)})
    assert refused.status_code == 404


def test_a_broker_requests_a_limit_for_its_client_on_the_insureds_page(
    client: FlaskClient, session: Session, world: World, found: Objects
) -> None:
    third = _third_client(session, world)
    sign_in(client, world.broker_user)
    buyer = found.a["buyer_id"]
    assert client.get(f"/limits/request?buyer_id={buyer}").status_code == 403  # which client?
    post(client, "/clients/switch", {"insured_id": str(third)})
    assert client.get(f"/limits/request?buyer_id={buyer}").status_code == 403  # read only
    post(client, "/clients/switch", {"insured_id": str(world.a.insured.id)})
    page = client.get(f"/limits/request?buyer_id={buyer}")
    assert page.status_code == 200
    form = page.get_data(as_text=True).split('name="policy_id"', 1)[1]
    policy = re.search(r'<option value="(\d+)"', form)
    assert policy is not None and int(policy.group(1)) == world.a.policy.id
    sent = post(client, f"/limits/request?buyer_id={buyer}", {
        "policy_id": str(world.a.policy.id), "buyer_id": str(buyer), "amount": "30000.00",
        "payment_terms_days": "60"}, page=f"/limits/request?buyer_id={buyer}")
    assert sent.status_code == 302, sent.get_data(as_text=True)[:500]
    session.expire_all()
    with tenant_scope(Scope.everyone()):
        entry = session.scalars(select(AuditEntry).where(
            AuditEntry.action == "limit_request.create").order_by(AuditEntry.id.desc())).first()
    assert entry is not None
    assert (entry.actor_user_id, entry.on_behalf_of) == (world.broker_user.id, world.a.insured.id)


def test_a_broker_opens_its_clients_objects_without_choosing_first(
    client: FlaskClient, session: Session, world: World, found: Objects
) -> None:
    _third_client(session, world)
    sign_in(client, world.broker_user)
    assert client.get(f"/cases/{found.a['case_id']}").status_code == 200
    assert client.get(f"/cases/{found.b['case_id']}").status_code == 404
    assert client.get(f"/claims/{found.a['claim_id']}").status_code == 200
