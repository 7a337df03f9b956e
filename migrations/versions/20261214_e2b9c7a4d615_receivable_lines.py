"""the insured's receivables ledger: open invoices per policy and buyer, replaced per upload

Revision ID: e2b9c7a4d615
Revises: 7c2e9b4a1d36
Create Date: 2026-12-14 10:00:00.000000
"""

import sqlalchemy as sa
from alembic import op


revision = 'e2b9c7a4d615'
down_revision = '7c2e9b4a1d36'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'receivable_lines',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('policy_id', sa.Integer(), nullable=False),
        sa.Column('buyer_id', sa.Integer(), nullable=False),
        sa.Column('invoice_number', sa.String(length=64), nullable=False),
        sa.Column('invoice_date', sa.Date(), nullable=False),
        sa.Column('delivery_date', sa.Date(), nullable=False),
        sa.Column('due_date', sa.Date(), nullable=False),
        sa.Column('amount', sa.Numeric(precision=18, scale=2), nullable=False),
        sa.Column('vat_amount', sa.Numeric(precision=18, scale=2), nullable=False),
        sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('uploaded_by', sa.Integer(), nullable=True),
        sa.Column('insured_id', sa.Integer(), nullable=False),
        sa.CheckConstraint('amount > 0', name=op.f('ck_receivable_lines_amount_positive')),
        sa.CheckConstraint('due_date >= invoice_date',
                           name=op.f('ck_receivable_lines_due_after_invoice')),
        sa.CheckConstraint('vat_amount >= 0 AND vat_amount <= amount',
                           name=op.f('ck_receivable_lines_vat_within_amount')),
        sa.ForeignKeyConstraint(['buyer_id'], ['buyers.id'],
                                name=op.f('fk_receivable_lines_buyer_id_buyers')),
        sa.ForeignKeyConstraint(['insured_id'], ['insureds.id'],
                                name=op.f('fk_receivable_lines_insured_id_insureds')),
        sa.ForeignKeyConstraint(['policy_id'], ['policies.id'],
                                name=op.f('fk_receivable_lines_policy_id_policies')),
        sa.ForeignKeyConstraint(['uploaded_by'], ['users.id'],
                                name=op.f('fk_receivable_lines_uploaded_by_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_receivable_lines')),
        sa.UniqueConstraint('policy_id', 'buyer_id', 'invoice_number',
                            name=op.f('uq_receivable_lines_policy_id_buyer_id_invoice_number')),
    )
    op.create_index('ix_receivable_lines_policy_buyer', 'receivable_lines',
                    ['policy_id', 'buyer_id'])
    op.create_index(op.f('ix_receivable_lines_insured_id'), 'receivable_lines', ['insured_id'])


def downgrade() -> None:
    op.drop_index(op.f('ix_receivable_lines_insured_id'), table_name='receivable_lines')
    op.drop_index('ix_receivable_lines_policy_buyer', table_name='receivable_lines')
    op.drop_table('receivable_lines')
