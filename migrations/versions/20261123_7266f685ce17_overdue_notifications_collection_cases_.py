"""overdue notifications, collection cases and claims

Revision ID: 7266f685ce17
Revises: 15e4525cdbec
Create Date: 2026-11-23 05:50:39.528226
"""

from alembic import op
import sqlalchemy as sa


revision = '7266f685ce17'
down_revision = '15e4525cdbec'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('collection_cases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('policy_id', sa.Integer(), nullable=False),
    sa.Column('buyer_id', sa.Integer(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('notified_on', sa.Date(), nullable=False),
    sa.Column('stop_date', sa.Date(), nullable=False),
    sa.Column('status', sa.Enum('open', 'claimed', 'closed', name='casestatus', native_enum=False, length=32), nullable=False),
    sa.Column('stage', sa.Enum('reminder', 'call', 'formal_demand', 'legal', name='collectionstage', native_enum=False, length=32), nullable=True),
    sa.Column('stage_since', sa.Date(), nullable=True),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('insured_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['buyer_id'], ['buyers.id'], name=op.f('fk_collection_cases_buyer_id_buyers')),
    sa.ForeignKeyConstraint(['insured_id'], ['insureds.id'], name=op.f('fk_collection_cases_insured_id_insureds')),
    sa.ForeignKeyConstraint(['policy_id'], ['policies.id'], name=op.f('fk_collection_cases_policy_id_policies')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_collection_cases'))
    )
    with op.batch_alter_table('collection_cases', schema=None) as batch_op:
        batch_op.create_index('ix_collection_cases_buyer_status', ['buyer_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_collection_cases_insured_id'), ['insured_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_collection_cases_policy_id'), ['policy_id'], unique=False)

    op.create_table('case_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('on', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('amount', sa.Numeric(precision=18, scale=2), nullable=True),
    sa.Column('insured_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['collection_cases.id'], name=op.f('fk_case_events_case_id_collection_cases')),
    sa.ForeignKeyConstraint(['insured_id'], ['insureds.id'], name=op.f('fk_case_events_insured_id_insureds')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_events'))
    )
    with op.batch_alter_table('case_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_events_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_events_insured_id'), ['insured_id'], unique=False)

    op.create_table('case_settlements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('payment', 'credit_note', name='settlementkind', native_enum=False, length=32), nullable=False),
    sa.Column('amount', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('reference', sa.String(length=64), nullable=True),
    sa.Column('recorded_by', sa.Integer(), nullable=True),
    sa.Column('insured_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('amount > 0', name=op.f('ck_case_settlements_amount_positive')),
    sa.ForeignKeyConstraint(['case_id'], ['collection_cases.id'], name=op.f('fk_case_settlements_case_id_collection_cases')),
    sa.ForeignKeyConstraint(['insured_id'], ['insureds.id'], name=op.f('fk_case_settlements_insured_id_insureds')),
    sa.ForeignKeyConstraint(['recorded_by'], ['users.id'], name=op.f('fk_case_settlements_recorded_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_settlements'))
    )
    with op.batch_alter_table('case_settlements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_settlements_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_settlements_insured_id'), ['insured_id'], unique=False)

    op.create_table('claims',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('policy_id', sa.Integer(), nullable=False),
    sa.Column('buyer_id', sa.Integer(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('cause', sa.Enum('protracted_default', 'insolvency', name='losscause', native_enum=False, length=32), nullable=False),
    sa.Column('status', sa.Enum('open', 'assessed', 'approved', 'rejected', 'paid', name='claimstatus', native_enum=False, length=32), nullable=False),
    sa.Column('insolvency_date', sa.Date(), nullable=True),
    sa.Column('date_of_loss', sa.Date(), nullable=False),
    sa.Column('filed_on', sa.Date(), nullable=False),
    sa.Column('filing_deadline', sa.Date(), nullable=False),
    sa.Column('filed_late', sa.Boolean(), nullable=False),
    sa.Column('filed_by', sa.Integer(), nullable=True),
    sa.Column('statement', sa.JSON(), nullable=True),
    sa.Column('net_outstanding', sa.Numeric(precision=18, scale=2), nullable=True),
    sa.Column('applicable_limit', sa.Numeric(precision=18, scale=2), nullable=True),
    sa.Column('covered_amount', sa.Numeric(precision=18, scale=2), nullable=True),
    sa.Column('insured_pct', sa.Numeric(precision=7, scale=4), nullable=True),
    sa.Column('total_debt', sa.Numeric(precision=18, scale=2), nullable=True),
    sa.Column('aggregate_first_loss_absorbed', sa.Numeric(precision=18, scale=2), nullable=True),
    sa.Column('indemnity', sa.Numeric(precision=18, scale=2), nullable=True),
    sa.Column('assessed_on', sa.Date(), nullable=True),
    sa.Column('approved_on', sa.Date(), nullable=True),
    sa.Column('payable_by', sa.Date(), nullable=True),
    sa.Column('rejection_reason', sa.Text(), nullable=True),
    sa.Column('paid_on', sa.Date(), nullable=True),
    sa.Column('paid_amount', sa.Numeric(precision=18, scale=2), nullable=True),
    sa.Column('insured_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('indemnity IS NULL OR indemnity >= 0', name=op.f('ck_claims_indemnity_not_negative')),
    sa.CheckConstraint('paid_amount IS NULL OR paid_amount >= 0', name=op.f('ck_claims_paid_not_negative')),
    sa.ForeignKeyConstraint(['buyer_id'], ['buyers.id'], name=op.f('fk_claims_buyer_id_buyers')),
    sa.ForeignKeyConstraint(['case_id'], ['collection_cases.id'], name=op.f('fk_claims_case_id_collection_cases')),
    sa.ForeignKeyConstraint(['filed_by'], ['users.id'], name=op.f('fk_claims_filed_by_users')),
    sa.ForeignKeyConstraint(['insured_id'], ['insureds.id'], name=op.f('fk_claims_insured_id_insureds')),
    sa.ForeignKeyConstraint(['policy_id'], ['policies.id'], name=op.f('fk_claims_policy_id_policies')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_claims'))
    )
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_claims_buyer_id'), ['buyer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_claims_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_claims_insured_id'), ['insured_id'], unique=False)
        batch_op.create_index('ix_claims_policy_status', ['policy_id', 'status'], unique=False)

    op.create_table('overdue_notifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('policy_id', sa.Integer(), nullable=False),
    sa.Column('buyer_id', sa.Integer(), nullable=False),
    sa.Column('notified_on', sa.Date(), nullable=False),
    sa.Column('notified_by', sa.Integer(), nullable=True),
    sa.Column('insured_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['buyer_id'], ['buyers.id'], name=op.f('fk_overdue_notifications_buyer_id_buyers')),
    sa.ForeignKeyConstraint(['case_id'], ['collection_cases.id'], name=op.f('fk_overdue_notifications_case_id_collection_cases')),
    sa.ForeignKeyConstraint(['insured_id'], ['insureds.id'], name=op.f('fk_overdue_notifications_insured_id_insureds')),
    sa.ForeignKeyConstraint(['notified_by'], ['users.id'], name=op.f('fk_overdue_notifications_notified_by_users')),
    sa.ForeignKeyConstraint(['policy_id'], ['policies.id'], name=op.f('fk_overdue_notifications_policy_id_policies')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_overdue_notifications'))
    )
    with op.batch_alter_table('overdue_notifications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_overdue_notifications_buyer_id'), ['buyer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_overdue_notifications_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_overdue_notifications_insured_id'), ['insured_id'], unique=False)

    op.create_table('case_invoices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('notification_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=64), nullable=False),
    sa.Column('invoice_date', sa.Date(), nullable=False),
    sa.Column('delivery_date', sa.Date(), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('amount', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.Column('vat_amount', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.Column('notified_on', sa.Date(), nullable=False),
    sa.Column('issues', sa.JSON(), nullable=False),
    sa.Column('insured_id', sa.Integer(), nullable=False),
    sa.CheckConstraint('amount > 0', name=op.f('ck_case_invoices_amount_positive')),
    sa.CheckConstraint('due_date >= invoice_date', name=op.f('ck_case_invoices_due_after_invoice')),
    sa.CheckConstraint('vat_amount >= 0 AND vat_amount <= amount', name=op.f('ck_case_invoices_vat_within_amount')),
    sa.ForeignKeyConstraint(['case_id'], ['collection_cases.id'], name=op.f('fk_case_invoices_case_id_collection_cases')),
    sa.ForeignKeyConstraint(['insured_id'], ['insureds.id'], name=op.f('fk_case_invoices_insured_id_insureds')),
    sa.ForeignKeyConstraint(['notification_id'], ['overdue_notifications.id'], name=op.f('fk_case_invoices_notification_id_overdue_notifications')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_invoices')),
    sa.UniqueConstraint('case_id', 'number', name=op.f('uq_case_invoices_case_id_number'))
    )
    with op.batch_alter_table('case_invoices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_invoices_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_invoices_insured_id'), ['insured_id'], unique=False)

    op.create_table('recoveries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=False),
    sa.Column('amount', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('sharing', sa.String(length=32), nullable=False),
    sa.Column('insurer_share', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.Column('insured_share', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.Column('recorded_by', sa.Integer(), nullable=True),
    sa.Column('insured_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('amount > 0', name=op.f('ck_recoveries_amount_positive')),
    sa.CheckConstraint('insurer_share + insured_share = amount', name=op.f('ck_recoveries_shares_add_up')),
    sa.CheckConstraint('insurer_share >= 0 AND insured_share >= 0', name=op.f('ck_recoveries_shares_not_negative')),
    sa.ForeignKeyConstraint(['claim_id'], ['claims.id'], name=op.f('fk_recoveries_claim_id_claims')),
    sa.ForeignKeyConstraint(['insured_id'], ['insureds.id'], name=op.f('fk_recoveries_insured_id_insureds')),
    sa.ForeignKeyConstraint(['recorded_by'], ['users.id'], name=op.f('fk_recoveries_recorded_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recoveries'))
    )
    with op.batch_alter_table('recoveries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recoveries_claim_id'), ['claim_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_recoveries_insured_id'), ['insured_id'], unique=False)

    op.create_table('disputes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('invoice_id', sa.Integer(), nullable=False),
    sa.Column('amount', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('open', 'resolved', name='disputestatus', native_enum=False, length=32), nullable=False),
    sa.Column('outcome', sa.Enum('owed', 'not_owed', name='disputeoutcome', native_enum=False, length=32), nullable=True),
    sa.Column('opened_on', sa.Date(), nullable=False),
    sa.Column('resolved_on', sa.Date(), nullable=True),
    sa.Column('opened_by', sa.Integer(), nullable=True),
    sa.Column('resolved_by', sa.Integer(), nullable=True),
    sa.Column('insured_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('amount > 0', name=op.f('ck_disputes_amount_positive')),
    sa.ForeignKeyConstraint(['case_id'], ['collection_cases.id'], name=op.f('fk_disputes_case_id_collection_cases')),
    sa.ForeignKeyConstraint(['insured_id'], ['insureds.id'], name=op.f('fk_disputes_insured_id_insureds')),
    sa.ForeignKeyConstraint(['invoice_id'], ['case_invoices.id'], name=op.f('fk_disputes_invoice_id_case_invoices')),
    sa.ForeignKeyConstraint(['opened_by'], ['users.id'], name=op.f('fk_disputes_opened_by_users')),
    sa.ForeignKeyConstraint(['resolved_by'], ['users.id'], name=op.f('fk_disputes_resolved_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_disputes'))
    )
    with op.batch_alter_table('disputes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_disputes_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_disputes_insured_id'), ['insured_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('disputes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_disputes_insured_id'))
        batch_op.drop_index(batch_op.f('ix_disputes_case_id'))

    op.drop_table('disputes')
    with op.batch_alter_table('recoveries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recoveries_insured_id'))
        batch_op.drop_index(batch_op.f('ix_recoveries_claim_id'))

    op.drop_table('recoveries')
    with op.batch_alter_table('case_invoices', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_invoices_insured_id'))
        batch_op.drop_index(batch_op.f('ix_case_invoices_case_id'))

    op.drop_table('case_invoices')
    with op.batch_alter_table('overdue_notifications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_overdue_notifications_insured_id'))
        batch_op.drop_index(batch_op.f('ix_overdue_notifications_case_id'))
        batch_op.drop_index(batch_op.f('ix_overdue_notifications_buyer_id'))

    op.drop_table('overdue_notifications')
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.drop_index('ix_claims_policy_status')
        batch_op.drop_index(batch_op.f('ix_claims_insured_id'))
        batch_op.drop_index(batch_op.f('ix_claims_case_id'))
        batch_op.drop_index(batch_op.f('ix_claims_buyer_id'))

    op.drop_table('claims')
    with op.batch_alter_table('case_settlements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_settlements_insured_id'))
        batch_op.drop_index(batch_op.f('ix_case_settlements_case_id'))

    op.drop_table('case_settlements')
    with op.batch_alter_table('case_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_events_insured_id'))
        batch_op.drop_index(batch_op.f('ix_case_events_case_id'))

    op.drop_table('case_events')
    with op.batch_alter_table('collection_cases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_collection_cases_policy_id'))
        batch_op.drop_index(batch_op.f('ix_collection_cases_insured_id'))
        batch_op.drop_index('ix_collection_cases_buyer_status')

    op.drop_table('collection_cases')
