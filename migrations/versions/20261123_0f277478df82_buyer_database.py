"""buyer database

Revision ID: 0f277478df82
Revises: 46bb44563b32
Create Date: 2026-11-23 03:22:03.305019
"""

from alembic import op
import sqlalchemy as sa


revision = '0f277478df82'
down_revision = '46bb44563b32'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('buyers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('registration_number', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('search_name', sa.String(length=300), nullable=False),
    sa.Column('sector', sa.String(length=8), nullable=True),
    sa.Column('city', sa.String(length=120), nullable=True),
    sa.Column('address', sa.String(length=300), nullable=True),
    sa.Column('founded_year', sa.Integer(), nullable=True),
    sa.Column('employees', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('employees IS NULL OR employees >= 0', name=op.f('ck_buyers_employees_not_negative')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_buyers')),
    sa.UniqueConstraint('country', 'registration_number', name=op.f('uq_buyers_country_registration_number'))
    )
    op.create_index('ix_buyers_registration_number', 'buyers', ['registration_number'])
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('CREATE EXTENSION IF NOT EXISTS pg_trgm')
        op.create_index('ix_buyers_search_trgm', 'buyers', ['search_name'], postgresql_using='gin',
                        postgresql_ops={'search_name': 'gin_trgm_ops'})
    else:
        # Substring search for any script, Chinese included; kept in step by buyers_db.search.
        op.execute("CREATE VIRTUAL TABLE buyers_fts USING fts5(search_name, tokenize='trigram')")

    op.create_table('financial_statements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('buyer_id', sa.Integer(), nullable=False),
    sa.Column('fiscal_year', sa.Integer(), nullable=False),
    sa.Column('period_end', sa.Date(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('revenue', sa.Numeric(precision=20, scale=2), nullable=True),
    sa.Column('ebit', sa.Numeric(precision=20, scale=2), nullable=True),
    sa.Column('net_income', sa.Numeric(precision=20, scale=2), nullable=True),
    sa.Column('total_assets', sa.Numeric(precision=20, scale=2), nullable=True),
    sa.Column('current_assets', sa.Numeric(precision=20, scale=2), nullable=True),
    sa.Column('current_liabilities', sa.Numeric(precision=20, scale=2), nullable=True),
    sa.Column('total_liabilities', sa.Numeric(precision=20, scale=2), nullable=True),
    sa.Column('equity', sa.Numeric(precision=20, scale=2), nullable=True),
    sa.Column('retained_earnings', sa.Numeric(precision=20, scale=2), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['buyer_id'], ['buyers.id'], name=op.f('fk_financial_statements_buyer_id_buyers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_financial_statements')),
    sa.UniqueConstraint('buyer_id', 'fiscal_year', name=op.f('uq_financial_statements_buyer_id_fiscal_year'))
    )
    with op.batch_alter_table('financial_statements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_financial_statements_buyer_id'), ['buyer_id'], unique=False)

    op.create_table('legal_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('buyer_id', sa.Integer(), nullable=False),
    sa.Column('type', sa.Enum('insolvency', 'litigation', 'ownership_change', 'ceased_trading', name='legaleventtype', native_enum=False, length=32), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['buyer_id'], ['buyers.id'], name=op.f('fk_legal_events_buyer_id_buyers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_legal_events'))
    )
    with op.batch_alter_table('legal_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_legal_events_buyer_id'), ['buyer_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('legal_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_legal_events_buyer_id'))

    op.drop_table('legal_events')
    with op.batch_alter_table('financial_statements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_financial_statements_buyer_id'))

    op.drop_table('financial_statements')
    if op.get_bind().dialect.name == 'postgresql':
        op.drop_index('ix_buyers_search_trgm', 'buyers')
    else:
        op.execute('DROP TABLE buyers_fts')
    op.drop_index('ix_buyers_registration_number', 'buyers')

    op.drop_table('buyers')
