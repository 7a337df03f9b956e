"""audit entries are append-only in the database too

The session already refuses to change or delete an audit row; these triggers refuse it to any
statement at all (a bulk UPDATE, a hand-typed DELETE), on SQLite and PostgreSQL alike.

Revision ID: 5b1e0c7a9d42
Revises: 7266f685ce17
Create Date: 2026-11-23 06:30:00.000000
"""

from alembic import op


revision = '5b1e0c7a9d42'
down_revision = '7266f685ce17'
branch_labels = None
depends_on = None

MESSAGE = 'audit entries are append-only'


def upgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute(f"""
            CREATE FUNCTION audit_entries_append_only() RETURNS trigger AS $$
            BEGIN
                RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'insufficient_privilege';
            END
            $$ LANGUAGE plpgsql
        """)
        op.execute("""
            CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries
            FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only()
        """)
        return
    for change in ('UPDATE', 'DELETE'):
        op.execute(f"""
            CREATE TRIGGER audit_entries_no_{change.lower()} BEFORE {change} ON audit_entries
            BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END
        """)


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('DROP TRIGGER audit_entries_append_only ON audit_entries')
        op.execute('DROP FUNCTION audit_entries_append_only()')
        return
    for change in ('update', 'delete'):
        op.execute(f'DROP TRIGGER audit_entries_no_{change}')
