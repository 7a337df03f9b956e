"""credit limits

Revision ID: ad05d9286960
Revises: 799c7844eb23
Create Date: 2026-11-23 03:47:20.284516
"""

from alembic import op
import sqlalchemy as sa


revision = 'ad05d9286960'
down_revision = '799c7844eb23'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('credit_limits',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('policy_id', sa.Integer(), nullable=False),
    sa.Column('buyer_id', sa.Integer(), nullable=False),
    sa.Column('type', sa.Enum('insurer', 'discretionary', name='limittype', native_enum=False, length=32), nullable=False),
    sa.Column('status', sa.Enum('active', 'cancelled', 'withdrawn', 'expired', 'lapsed', name='limitstatus', native_enum=False, length=32), nullable=False),
    sa.Column('amount', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('effective_from', sa.Date(), nullable=False),
    sa.Column('expires_on', sa.Date(), nullable=True),
    sa.Column('max_payment_terms_days', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('insured_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('amount >= 0', name=op.f('ck_credit_limits_amount_not_negative')),
    sa.ForeignKeyConstraint(['buyer_id'], ['buyers.id'], name=op.f('fk_credit_limits_buyer_id_buyers')),
    sa.ForeignKeyConstraint(['insured_id'], ['insureds.id'], name=op.f('fk_credit_limits_insured_id_insureds')),
    sa.ForeignKeyConstraint(['policy_id'], ['policies.id'], name=op.f('fk_credit_limits_policy_id_policies')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_credit_limits'))
    )
    with op.batch_alter_table('credit_limits', schema=None) as batch_op:
        batch_op.create_index('ix_credit_limits_buyer_status', ['buyer_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_credit_limits_insured_id'), ['insured_id'], unique=False)
        batch_op.create_index('ix_credit_limits_policy_buyer', ['policy_id', 'buyer_id'], unique=False)

    op.create_table('alerts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('buyer_id', sa.Integer(), nullable=False),
    sa.Column('credit_limit_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('previous_grade', sa.Integer(), nullable=True),
    sa.Column('grade', sa.Integer(), nullable=True),
    sa.Column('as_of', sa.Date(), nullable=False),
    sa.Column('read_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('insured_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['buyer_id'], ['buyers.id'], name=op.f('fk_alerts_buyer_id_buyers')),
    sa.ForeignKeyConstraint(['credit_limit_id'], ['credit_limits.id'], name=op.f('fk_alerts_credit_limit_id_credit_limits')),
    sa.ForeignKeyConstraint(['insured_id'], ['insureds.id'], name=op.f('fk_alerts_insured_id_insureds')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_alerts'))
    )
    with op.batch_alter_table('alerts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_alerts_buyer_id'), ['buyer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_alerts_insured_id'), ['insured_id'], unique=False)

    op.create_table('limit_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('policy_id', sa.Integer(), nullable=False),
    sa.Column('buyer_id', sa.Integer(), nullable=False),
    sa.Column('amount', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('payment_terms_days', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=64), nullable=True),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.Column('status', sa.Enum('approved', 'partial', 'refused', 'referred', name='requeststatus', native_enum=False, length=32), nullable=False),
    sa.Column('decided_amount', sa.Numeric(precision=18, scale=2), nullable=True),
    sa.Column('reason_codes', sa.JSON(), nullable=False),
    sa.Column('conditions', sa.JSON(), nullable=False),
    sa.Column('decided_by', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('requested_by', sa.Integer(), nullable=True),
    sa.Column('credit_limit_id', sa.Integer(), nullable=True),
    sa.Column('insured_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('amount > 0', name=op.f('ck_limit_requests_amount_positive')),
    sa.CheckConstraint('payment_terms_days > 0', name=op.f('ck_limit_requests_terms_positive')),
    sa.ForeignKeyConstraint(['buyer_id'], ['buyers.id'], name=op.f('fk_limit_requests_buyer_id_buyers')),
    sa.ForeignKeyConstraint(['credit_limit_id'], ['credit_limits.id'], name=op.f('fk_limit_requests_credit_limit_id_credit_limits')),
    sa.ForeignKeyConstraint(['decided_by'], ['users.id'], name=op.f('fk_limit_requests_decided_by_users')),
    sa.ForeignKeyConstraint(['insured_id'], ['insureds.id'], name=op.f('fk_limit_requests_insured_id_insureds')),
    sa.ForeignKeyConstraint(['policy_id'], ['policies.id'], name=op.f('fk_limit_requests_policy_id_policies')),
    sa.ForeignKeyConstraint(['requested_by'], ['users.id'], name=op.f('fk_limit_requests_requested_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_limit_requests'))
    )
    with op.batch_alter_table('limit_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_limit_requests_buyer_id'), ['buyer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_limit_requests_insured_id'), ['insured_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_limit_requests_policy_id'), ['policy_id'], unique=False)
        batch_op.create_index('ix_limit_requests_status', ['status'], unique=False)

    op.create_table('credit_limit_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('credit_limit_id', sa.Integer(), nullable=False),
    sa.Column('amount', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.Column('effective_from', sa.Date(), nullable=False),
    sa.Column('change', sa.String(length=32), nullable=False),
    sa.Column('reason_codes', sa.JSON(), nullable=False),
    sa.Column('decided_on', sa.Date(), nullable=False),
    sa.Column('decided_by', sa.Integer(), nullable=True),
    sa.Column('request_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('insured_id', sa.Integer(), nullable=False),
    sa.CheckConstraint('amount >= 0', name=op.f('ck_credit_limit_versions_amount_not_negative')),
    sa.ForeignKeyConstraint(['credit_limit_id'], ['credit_limits.id'], name=op.f('fk_credit_limit_versions_credit_limit_id_credit_limits')),
    sa.ForeignKeyConstraint(['decided_by'], ['users.id'], name=op.f('fk_credit_limit_versions_decided_by_users')),
    sa.ForeignKeyConstraint(['insured_id'], ['insureds.id'], name=op.f('fk_credit_limit_versions_insured_id_insureds')),
    sa.ForeignKeyConstraint(['request_id'], ['limit_requests.id'], name=op.f('fk_credit_limit_versions_request_id_limit_requests')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_credit_limit_versions'))
    )
    with op.batch_alter_table('credit_limit_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_credit_limit_versions_credit_limit_id'), ['credit_limit_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_credit_limit_versions_insured_id'), ['insured_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('credit_limit_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_credit_limit_versions_insured_id'))
        batch_op.drop_index(batch_op.f('ix_credit_limit_versions_credit_limit_id'))

    op.drop_table('credit_limit_versions')
    with op.batch_alter_table('limit_requests', schema=None) as batch_op:
        batch_op.drop_index('ix_limit_requests_status')
        batch_op.drop_index(batch_op.f('ix_limit_requests_policy_id'))
        batch_op.drop_index(batch_op.f('ix_limit_requests_insured_id'))
        batch_op.drop_index(batch_op.f('ix_limit_requests_buyer_id'))

    op.drop_table('limit_requests')
    with op.batch_alter_table('alerts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_alerts_insured_id'))
        batch_op.drop_index(batch_op.f('ix_alerts_buyer_id'))

    op.drop_table('alerts')
    with op.batch_alter_table('credit_limits', schema=None) as batch_op:
        batch_op.drop_index('ix_credit_limits_policy_buyer')
        batch_op.drop_index(batch_op.f('ix_credit_limits_insured_id'))
        batch_op.drop_index('ix_credit_limits_buyer_status')

    op.drop_table('credit_limits')
