"""brokers: broker firms, their users, the insureds' appointments, and on whose behalf an act
was done in the audit trail

Revision ID: 7c2e9b4a1d36
Revises: 5d7e1a9c3f20
Create Date: 2026-12-13 09:00:00.000000
"""

import sqlalchemy as sa
from alembic import op


revision = '7c2e9b4a1d36'
down_revision = '5d7e1a9c3f20'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'brokers',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=255), nullable=False),
        sa.Column('country', sa.String(length=2), nullable=False),
        sa.Column('registration_number', sa.String(length=64), nullable=False),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_brokers')),
        sa.UniqueConstraint('country', 'registration_number',
                            name=op.f('uq_brokers_country_registration_number')),
    )
    op.create_table(
        'broker_appointments',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('broker_id', sa.Integer(), nullable=False),
        sa.Column('insured_id', sa.Integer(), nullable=False),
        sa.Column('permissions', sa.JSON(), nullable=False),
        sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['broker_id'], ['brokers.id'],
                                name=op.f('fk_broker_appointments_broker_id_brokers')),
        sa.ForeignKeyConstraint(['insured_id'], ['insureds.id'],
                                name=op.f('fk_broker_appointments_insured_id_insureds')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_broker_appointments')),
    )
    op.create_index(op.f('ix_broker_appointments_broker_id'), 'broker_appointments',
                    ['broker_id'])
    op.create_index(op.f('ix_broker_appointments_insured_id'), 'broker_appointments',
                    ['insured_id'])
    with op.batch_alter_table('users') as batch_op:
        batch_op.add_column(sa.Column('broker_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(op.f('fk_users_broker_id_brokers'), 'brokers',
                                    ['broker_id'], ['id'])
        batch_op.create_index(op.f('ix_users_broker_id'), ['broker_id'])
        batch_op.create_check_constraint(
            op.f('ck_users_broker_roles_have_broker'),
            "(role IN ('broker_user', 'broker_admin')) = (broker_id IS NOT NULL)")
    with op.batch_alter_table('audit_entries') as batch_op:
        batch_op.add_column(sa.Column('on_behalf_of', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(op.f('fk_audit_entries_on_behalf_of_insureds'),
                                    'insureds', ['on_behalf_of'], ['id'])
    _keep_the_audit_trail_append_only()


def _keep_the_audit_trail_append_only() -> None:
    """SQLite rebuilds the table in a batch, and its triggers go with the old one: they are
    made again as the append-only revision made them."""
    if op.get_bind().dialect.name != 'sqlite':
        return
    for change in ('UPDATE', 'DELETE'):
        op.execute(f"""
            CREATE TRIGGER IF NOT EXISTS audit_entries_no_{change.lower()}
            BEFORE {change} ON audit_entries
            BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END
        """)


def downgrade() -> None:
    with op.batch_alter_table('audit_entries') as batch_op:
        batch_op.drop_constraint(op.f('fk_audit_entries_on_behalf_of_insureds'),
                                 type_='foreignkey')
        batch_op.drop_column('on_behalf_of')
    _keep_the_audit_trail_append_only()
    with op.batch_alter_table('users') as batch_op:
        batch_op.drop_constraint(op.f('ck_users_broker_roles_have_broker'), type_='check')
        batch_op.drop_index(op.f('ix_users_broker_id'))
        batch_op.drop_constraint(op.f('fk_users_broker_id_brokers'), type_='foreignkey')
        batch_op.drop_column('broker_id')
    op.drop_index(op.f('ix_broker_appointments_insured_id'), table_name='broker_appointments')
    op.drop_index(op.f('ix_broker_appointments_broker_id'), table_name='broker_appointments')
    op.drop_table('broker_appointments')
    op.drop_table('brokers')
