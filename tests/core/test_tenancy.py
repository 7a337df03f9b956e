"""The global tenant filter: fails closed, scopes insureds, lets staff see everything."""

from sqlalchemy import select

from core.accounts.models import Insured
from core.actor import SYSTEM, Actor, Role
from core.errors import NotFound
from core.tenancy import Scope, owned_or_404, tenant_scope
from underwriting.policies import Policy, PolicyTermsVersion


def _numbers(session):
    session.expire_all()
    return {p.number for p in session.scalars(select(Policy))}


def test_no_scope_sees_no_tenant_rows(session, world):
    session.expunge_all()
    assert _numbers(session) == set()
    assert list(session.scalars(select(Insured))) == []
    assert session.get(Policy, world.a.policy.id) is None


def test_an_insured_sees_only_its_own_rows(session, world):
    session.expunge_all()
    with tenant_scope(Scope.insured(world.a.insured.id)):
        assert _numbers(session) == {world.a.policy.number}
        assert [i.id for i in session.scalars(select(Insured))] == [world.a.insured.id]
        assert session.get(Policy, world.b.policy.id) is None
        versions = session.scalars(select(PolicyTermsVersion)).all()
        assert {v.insured_id for v in versions} == {world.a.insured.id}


def test_staff_see_every_tenant(session, world):
    with tenant_scope(Scope.everyone()):
        assert _numbers(session) >= {world.a.policy.number, world.b.policy.number}


def test_joins_and_subqueries_are_filtered_too(session, world):
    session.expunge_all()
    with tenant_scope(Scope.insured(world.b.insured.id)):
        joined = select(Policy.number).join(Insured, Insured.id == Policy.insured_id)
        assert set(session.scalars(joined)) == {world.b.policy.number}
        inner = select(Policy.id).scalar_subquery()
        assert session.scalars(select(Policy).where(Policy.id.in_(inner))).all()[0].insured_id \
            == world.b.insured.id


def test_a_statement_built_once_is_filtered_for_whoever_runs_it(session, world):
    session.expunge_all()
    built_once = select(Policy.number).where(Policy.id.in_(
        [world.a.policy.id, world.b.policy.id]))
    for _ in range(2):  # the second round runs the filtered copies kept from the first
        for tenant, number in ((world.a, world.a.policy.number),
                               (world.b, world.b.policy.number)):
            with tenant_scope(Scope.insured(tenant.insured.id)):
                assert set(session.scalars(built_once)) == {number}
        assert set(session.scalars(built_once)) == set()
        with tenant_scope(Scope.everyone()):
            assert set(session.scalars(built_once)) == {world.a.policy.number,
                                                        world.b.policy.number}


def test_scope_of_an_actor():
    assert Scope.of(Actor(1, "u@x", Role.INSURED_USER, insured_id=7)) == Scope.insured(7)
    assert Scope.of(Actor(2, "s@x", Role.UNDERWRITER)).all_tenants
    assert Scope.of(SYSTEM).all_tenants
    assert Scope.of(Actor(3, "odd@x", None)) == Scope()


def test_the_edge_check_hides_other_tenants_objects(world):
    a_actor = world.a.user.as_actor()
    assert owned_or_404(world.a.policy, a_actor) is world.a.policy
    for foreign in (world.b.policy, world.b.insured, None):
        try:
            owned_or_404(foreign, a_actor)
        except NotFound:
            continue
        raise AssertionError(f"{foreign!r} was visible to another tenant")
    assert owned_or_404(world.b.policy, world.underwriter.as_actor()) is world.b.policy


def test_bulk_reads_of_plain_tuples_are_filtered_the_same_way(session, world):
    from core.tenancy import ACROSS_TENANTS, fetch_tuples

    numbers = select(Policy.number, Policy.insured_id).where(Policy.id.in_(
        [world.a.policy.id, world.b.policy.id])).order_by(Policy.id)
    assert fetch_tuples(session, numbers) == []  # no scope: fails closed
    with tenant_scope(Scope.insured(world.a.insured.id)):
        assert fetch_tuples(session, numbers) == [(world.a.policy.number, world.a.insured.id)]
        assert len(fetch_tuples(session, numbers, execution_options=ACROSS_TENANTS)) == 2
    with tenant_scope(Scope.everyone()):
        rows = fetch_tuples(session, numbers)
        assert [type(row) for row in rows] == [tuple, tuple] and len(rows) == 2
