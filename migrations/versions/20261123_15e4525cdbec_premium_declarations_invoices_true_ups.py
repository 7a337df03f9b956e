"""premium: turnover declarations, premium invoices and year-end true-ups

Revision ID: 15e4525cdbec
Revises: ad05d9286960
Create Date: 2026-11-23 05:50:46.979371
"""

from alembic import op
import sqlalchemy as sa


revision = '15e4525cdbec'
down_revision = 'ad05d9286960'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('premium_invoices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('policy_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=80), nullable=False),
    sa.Column('kind', sa.Enum('declarations', 'minimum_premium', name='invoicekind', native_enum=False, length=32), nullable=False),
    sa.Column('policy_year_start', sa.Date(), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('amount', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('issued_by', sa.Integer(), nullable=True),
    sa.Column('insured_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('amount >= 0', name=op.f('ck_premium_invoices_amount_not_negative')),
    sa.ForeignKeyConstraint(['insured_id'], ['insureds.id'], name=op.f('fk_premium_invoices_insured_id_insureds')),
    sa.ForeignKeyConstraint(['issued_by'], ['users.id'], name=op.f('fk_premium_invoices_issued_by_users')),
    sa.ForeignKeyConstraint(['policy_id'], ['policies.id'], name=op.f('fk_premium_invoices_policy_id_policies')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_premium_invoices')),
    sa.UniqueConstraint('number', name=op.f('uq_premium_invoices_number'))
    )
    with op.batch_alter_table('premium_invoices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_premium_invoices_insured_id'), ['insured_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_premium_invoices_policy_id'), ['policy_id'], unique=False)

    op.create_table('premium_declarations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('policy_id', sa.Integer(), nullable=False),
    sa.Column('period', sa.Date(), nullable=False),
    sa.Column('insured_turnover', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.Column('premium_rate', sa.Numeric(precision=9, scale=4), nullable=False),
    sa.Column('premium', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('declared_by', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('invoice_id', sa.Integer(), nullable=True),
    sa.Column('insured_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('insured_turnover >= 0', name=op.f('ck_premium_declarations_turnover_not_negative')),
    sa.CheckConstraint('premium >= 0', name=op.f('ck_premium_declarations_premium_not_negative')),
    sa.ForeignKeyConstraint(['declared_by'], ['users.id'], name=op.f('fk_premium_declarations_declared_by_users')),
    sa.ForeignKeyConstraint(['insured_id'], ['insureds.id'], name=op.f('fk_premium_declarations_insured_id_insureds')),
    sa.ForeignKeyConstraint(['invoice_id'], ['premium_invoices.id'], name=op.f('fk_premium_declarations_invoice_id_premium_invoices')),
    sa.ForeignKeyConstraint(['policy_id'], ['policies.id'], name=op.f('fk_premium_declarations_policy_id_policies')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_premium_declarations')),
    sa.UniqueConstraint('policy_id', 'period', name=op.f('uq_premium_declarations_policy_id_period'))
    )
    with op.batch_alter_table('premium_declarations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_premium_declarations_insured_id'), ['insured_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_premium_declarations_invoice_id'), ['invoice_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_premium_declarations_policy_id'), ['policy_id'], unique=False)

    op.create_table('premium_true_ups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('policy_id', sa.Integer(), nullable=False),
    sa.Column('policy_year_start', sa.Date(), nullable=False),
    sa.Column('policy_year_end', sa.Date(), nullable=False),
    sa.Column('declared_premium', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.Column('minimum_premium', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.Column('adjustment', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('closed_on', sa.Date(), nullable=False),
    sa.Column('invoice_id', sa.Integer(), nullable=True),
    sa.Column('insured_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('adjustment >= 0', name=op.f('ck_premium_true_ups_adjustment_not_negative')),
    sa.ForeignKeyConstraint(['insured_id'], ['insureds.id'], name=op.f('fk_premium_true_ups_insured_id_insureds')),
    sa.ForeignKeyConstraint(['invoice_id'], ['premium_invoices.id'], name=op.f('fk_premium_true_ups_invoice_id_premium_invoices')),
    sa.ForeignKeyConstraint(['policy_id'], ['policies.id'], name=op.f('fk_premium_true_ups_policy_id_policies')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_premium_true_ups')),
    sa.UniqueConstraint('policy_id', 'policy_year_start', name=op.f('uq_premium_true_ups_policy_id_policy_year_start'))
    )
    with op.batch_alter_table('premium_true_ups', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_premium_true_ups_insured_id'), ['insured_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_premium_true_ups_policy_id'), ['policy_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('premium_true_ups', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_premium_true_ups_policy_id'))
        batch_op.drop_index(batch_op.f('ix_premium_true_ups_insured_id'))

    op.drop_table('premium_true_ups')
    with op.batch_alter_table('premium_declarations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_premium_declarations_policy_id'))
        batch_op.drop_index(batch_op.f('ix_premium_declarations_invoice_id'))
        batch_op.drop_index(batch_op.f('ix_premium_declarations_insured_id'))

    op.drop_table('premium_declarations')
    with op.batch_alter_table('premium_invoices', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_premium_invoices_policy_id'))
        batch_op.drop_index(batch_op.f('ix_premium_invoices_insured_id'))

    op.drop_table('premium_invoices')
