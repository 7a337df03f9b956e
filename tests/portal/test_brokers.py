"""Brokers through the API: the insurer's admin registers a firm, its users and the insureds'
appointments; a broker's users see the appointed insureds' objects and act for them within the
permissions each gave; every act on behalf is audited with the broker's user as the actor and
the insured as `on_behalf_of`; ending an appointment ends the access at once.

The sweep of every route with another tenant's ids includes the broker (tenant b did not
appoint it): see test_cross_tenant. Here: the permission matrix, generated from the endpoints'
declared actions and the example calls of tests/endpoints.py.
"""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.accounts import brokers
from core.accounts.models import BrokerAppointment
from core.actor import SYSTEM, Permission
from core.audit import AuditEntry
from core.outbox import OutboxEvent
from core.tenancy import Scope, tenant_scope
from portal.api.endpoint import REGISTRY, EndpointSpec
from tests.dump import changes, dump
from tests.endpoints import EXAMPLES, Objects, body_for, prepare
from tests.factories import World, appoint, make_insured, make_policy
from tests.portal.test_bad_input import call

BROKER = "broker.user"


def _permissions(session: Session, world: World, *granted: Permission) -> None:
    """Tenant a's appointment of the broker, with exactly `granted` (and reading)."""
    with tenant_scope(Scope.everyone()):
        brokers.appoint(session, world.broker.id, actor=SYSTEM, insured_id=world.a.insured.id,
                        permissions=granted)
    session.commit()


def test_the_insurer_admin_registers_a_broker_its_users_and_appointments(
    client: FlaskClient, world: World
) -> None:
    admin = world.as_("insurer_admin")
    firm = client.post("/api/v1/brokers", headers=admin, json={
        "name": "Lion Rock Brokers", "country": "hk", "registration_number": "BR-1"})
    assert firm.status_code == 201 and firm.json["country"] == "HK", firm.json
    broker_id = firm.json["id"]
    user = client.post(f"/api/v1/brokers/{broker_id}/users", headers=admin, json={
        "email": "mei@lionrock.example", "password": "Another-pass-77", "role": "broker_user"})
    assert user.status_code == 201 and user.json["broker_id"] == broker_id, user.json
    appointed = client.post(f"/api/v1/brokers/{broker_id}/appointments", headers=admin, json={
        "insured_id": world.b.insured.id, "permissions": ["request_limits"]})
    assert appointed.status_code == 201
    assert appointed.json["permissions"] == ["read", "request_limits"]
    listed = client.get(f"/api/v1/brokers/{broker_id}/appointments", headers=admin).json
    assert [a["insured_id"] for a in listed["items"]] == [world.b.insured.id]
    again = client.post("/api/v1/brokers", headers=admin, json={
        "name": "Copy", "country": "HK", "registration_number": "BR-1"})
    assert again.status_code == 409


@pytest.mark.parametrize("who", ["a.admin", "a.user", "underwriter", BROKER])
def test_only_the_insurer_admin_registers_brokers_and_appointments(
    client: FlaskClient, world: World, who: str
) -> None:
    headers = world.as_(who)
    assert client.post("/api/v1/brokers", headers=headers, json={
        "name": "X", "country": "GB", "registration_number": "X-1"}).status_code == 403
    answer = client.post(f"/api/v1/brokers/{world.broker.id}/appointments", headers=headers,
                         json={"insured_id": world.b.insured.id, "permissions": ["read"]})
    assert answer.status_code == 403


def test_a_broker_sees_the_appointed_insureds_only_and_lists_take_insured_id(
    client: FlaskClient, session: Session, world: World
) -> None:
    third = make_insured(session, "Third Trading Ltd", "GB")
    make_policy(session, third)
    appoint(session, world.broker, third, (Permission.READ,))
    session.commit()
    headers = world.as_(BROKER)
    policies = client.get("/api/v1/policies", headers=headers).json
    assert {p["insured_id"] for p in policies["items"]} == {world.a.insured.id, third.id}
    insureds = client.get("/api/v1/insureds", headers=headers).json
    assert {i["id"] for i in insureds["items"]} == {world.a.insured.id, third.id}
    one = client.get(f"/api/v1/policies?insured_id={third.id}", headers=headers).json
    assert {p["insured_id"] for p in one["items"]} == {third.id}
    theirs = client.get(f"/api/v1/policies?insured_id={world.b.insured.id}", headers=headers)
    assert theirs.status_code == 404
    staff = client.get(f"/api/v1/policies?insured_id={third.id}",
                       headers=world.as_("underwriter")).json
    assert {p["insured_id"] for p in staff["items"]} == {third.id}
    # an insured's user naming another insured finds nothing: the policies' own filter
    # answers an empty list, and a list without such a filter answers 404
    own = client.get(f"/api/v1/policies?insured_id={world.b.insured.id}",
                     headers=world.as_("a.user"))
    assert own.status_code == 200 and own.json["total"] == 0
    limits = client.get(f"/api/v1/credit-limits?insured_id={world.b.insured.id}",
                        headers=world.as_("a.user"))
    assert limits.status_code == 404


def test_ending_an_appointment_ends_the_access_at_once(
    client: FlaskClient, session: Session, world: World
) -> None:
    headers = world.as_(BROKER)
    path = f"/api/v1/policies/{world.a.policy.id}"
    assert client.get(path, headers=headers).status_code == 200
    ended = client.delete(f"/api/v1/brokers/{world.broker.id}/appointments/{world.a.insured.id}",
                          headers=world.as_("a.admin"))
    assert ended.status_code == 204
    assert client.get(path, headers=headers).status_code == 404
    assert client.get("/api/v1/policies", headers=headers).json["total"] == 0
    assert client.delete(f"/api/v1/brokers/{world.broker.id}/appointments/{world.a.insured.id}",
                         headers=world.as_("insurer_admin")).status_code == 404
    with tenant_scope(Scope.everyone()):
        row = session.scalar(select(BrokerAppointment).where(
            BrokerAppointment.insured_id == world.a.insured.id))
        assert row is not None and row.ended_at is not None


def test_another_insureds_admin_cannot_end_the_appointment(
    client: FlaskClient, world: World
) -> None:
    answer = client.delete(
        f"/api/v1/brokers/{world.broker.id}/appointments/{world.a.insured.id}",
        headers=world.as_("b.admin"))
    assert answer.status_code == 404


def _acts(spec: EndpointSpec) -> bool:
    action = spec.action
    return (action is not None and action.broker not in (None, Permission.READ)
            and (spec.method, spec.rule) in EXAMPLES
            and EXAMPLES[(spec.method, spec.rule)].who in ("a.user", "a.admin"))


ACTS = [spec for spec in REGISTRY if _acts(spec)]


@pytest.mark.parametrize("spec", ACTS, ids=lambda s: f"{s.method} {s.rule}")
def test_a_broker_without_the_permission_is_refused_and_nothing_changes(
    client: FlaskClient, session: Session, world: World, found: Objects, spec: EndpointSpec
) -> None:
    assert spec.action is not None and spec.action.broker is not None
    _permissions(session, world, *(set(Permission) - {spec.action.broker}))
    example = EXAMPLES[(spec.method, spec.rule)]
    prepare(example, session, found, BROKER)
    before = dump(session)
    answer = call(client, world, spec, found, BROKER, body=body_for(example, found, BROKER))
    assert answer.status_code == 403, answer.get_json()
    assert answer.json["error"]["code"] == "forbidden"
    assert changes(before, dump(session)) == {}


@pytest.mark.parametrize("spec", ACTS, ids=lambda s: f"{s.method} {s.rule}")
def test_a_broker_with_the_permission_acts_for_its_client_on_its_behalf(
    client: FlaskClient, session: Session, world: World, found: Objects, spec: EndpointSpec
) -> None:
    assert spec.action is not None and spec.action.broker is not None
    _permissions(session, world, spec.action.broker)
    example = EXAMPLES[(spec.method, spec.rule)]
    prepare(example, session, found, BROKER)
    latest = _latest_audit_id(session)
    answer = call(client, world, spec, found, BROKER, body=body_for(example, found, BROKER))
    assert answer.status_code == spec.status, answer.get_json()
    with tenant_scope(Scope.everyone()):
        written = session.scalars(select(AuditEntry).where(AuditEntry.id > latest)).all()
    assert written, "an act on behalf leaves an audit row"
    for entry in written:
        assert entry.actor_user_id == world.broker_user.id, entry.action
        assert entry.insured_id == world.a.insured.id, entry.action
        assert entry.on_behalf_of == world.a.insured.id, entry.action


def _latest_audit_id(session: Session) -> int:
    session.expire_all()
    with tenant_scope(Scope.everyone()):
        return max(session.scalars(select(AuditEntry.id)).all(), default=0)


def test_what_a_broker_does_is_told_to_the_insured(
    client: FlaskClient, session: Session, world: World, found: Objects
) -> None:
    answer = client.post("/api/v1/limit-requests", headers=world.as_(BROKER), json={
        "policy_id": world.a.policy.id, "buyer_id": found.a["buyer_id"], "amount": "20000.00",
        "payment_terms_days": 60})
    assert answer.status_code == 201, answer.json
    session.expire_all()
    with tenant_scope(Scope.everyone()):
        told = session.scalars(select(OutboxEvent).order_by(OutboxEvent.id.desc())).first()
    assert told is not None and told.insured_id == world.a.insured.id
    entries = client.get("/api/v1/audit?object_type=limit_request",
                         headers=world.as_("a.admin")).json["items"]
    assert entries and entries[0]["actor"]["email"] == world.broker_user.email
    assert entries[0]["on_behalf_of"] == world.a.insured.id


def test_a_broker_naming_another_insureds_policy_in_a_body_gets_404(
    client: FlaskClient, session: Session, world: World, found: Objects
) -> None:
    before = dump(session)
    answer = client.post("/api/v1/limit-requests", headers=world.as_(BROKER), json={
        "policy_id": world.b.policy.id, "buyer_id": found.a["buyer_id"], "amount": "20000.00",
        "payment_terms_days": 60})
    assert answer.status_code == 404, answer.json
    assert changes(before, dump(session)) == {}


def test_the_insureds_news_reaches_its_brokers_users_too_and_stops_with_the_appointment(
    client: FlaskClient, session: Session, world: World
) -> None:
    from core import outbox
    from core.clock import utcnow
    from notifications.fanout import dispatch
    from notifications.models import Channel, Delivery

    def readers() -> set[int]:
        outbox.record(session, outbox.EventType.LIMIT_DECIDED, world.a.insured.id, {"id": 1},
                      object_type="limit_request", object_id=1)
        with tenant_scope(Scope.everyone()):
            latest = max(session.scalars(select(Delivery.id)).all(), default=0)
            dispatch(session, utcnow())
            session.commit()
            return {d.user_id for d in session.scalars(select(Delivery).where(
                Delivery.id > latest, Delivery.channel == Channel.EMAIL))}

    told = readers()
    assert {world.a.user.id, world.a.admin.id, world.broker_user.id,
            world.broker_admin.id} <= told
    assert world.b.user.id not in told
    client.delete(f"/api/v1/brokers/{world.broker.id}/appointments/{world.a.insured.id}",
                  headers=world.as_("insurer_admin"))
    assert world.broker_user.id not in readers()
