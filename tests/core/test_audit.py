import pytest
from sqlalchemy import select

from core.audit import AuditEntry, AuditTamper
from core.tenancy import Scope, tenant_scope
from tests.factories import audit_count, make_insured


def test_the_audit_row_lives_and_dies_with_its_change(session):
    before = audit_count(session)
    with tenant_scope(Scope.everyone()):
        make_insured(session, "Rolled Back Ltd")
        session.rollback()
    assert audit_count(session) == before
    with tenant_scope(Scope.everyone()):
        insured = make_insured(session, "Kept Ltd")
        session.commit()
    entry = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert entry.action == "insured.create" and entry.entity_id == insured.id
    assert entry.after["name"] == "Kept Ltd" and entry.actor_email == "system"


def test_audit_rows_cannot_be_changed_or_deleted(session):
    with tenant_scope(Scope.everyone()):
        make_insured(session)
        session.commit()
    entry = session.scalars(select(AuditEntry)).first()
    entry.action = "forged"
    with pytest.raises(AuditTamper):
        session.flush()
    session.rollback()
    session.delete(session.scalars(select(AuditEntry)).first())
    with pytest.raises(AuditTamper):
        session.flush()


def test_snapshots_turn_values_into_plain_json():
    import datetime as dt
    from decimal import Decimal

    from core.actor import Role
    from core.plain import plain as plain_of

    plain = plain_of({"amount": Decimal("1.50"), "day": dt.date(2026, 1, 2),
                     "role": Role.UNDERWRITER, "list": [Decimal("2")]})
    assert plain == {"amount": "1.50", "day": "2026-01-02", "role": "underwriter",
                     "list": ["2"]}


@pytest.mark.parametrize("statement", [
    "UPDATE audit_entries SET action = 'forged'",
    "DELETE FROM audit_entries",
])
def test_the_database_itself_refuses_to_change_audit_rows(session, statement):
    from sqlalchemy import text
    from sqlalchemy.exc import DatabaseError

    with tenant_scope(Scope.everyone()):
        make_insured(session)
        session.commit()
    with pytest.raises(DatabaseError, match="append-only"):
        session.execute(text(statement))
    session.rollback()
