"""claims desk: who assessed and approved a claim, documents and messages on cases and claims

Revision ID: c1a1d35c0e19
Revises: c4d2a81f0e3b
Create Date: 2026-11-24 09:00:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = 'c1a1d35c0e19'
down_revision = 'c4d2a81f0e3b'
branch_labels = None
depends_on = None

ONE_SUBJECT = '(case_id IS NULL) <> (claim_id IS NULL)'


def _subject_columns(table: str) -> list:
    return [
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=True),
        sa.Column('claim_id', sa.Integer(), nullable=True),
        sa.Column('insured_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['collection_cases.id'],
                                name=op.f(f'fk_{table}_case_id_collection_cases')),
        sa.ForeignKeyConstraint(['claim_id'], ['claims.id'], name=op.f(f'fk_{table}_claim_id_claims')),
        sa.ForeignKeyConstraint(['insured_id'], ['insureds.id'],
                                name=op.f(f'fk_{table}_insured_id_insureds')),
        sa.PrimaryKeyConstraint('id', name=op.f(f'pk_{table}')),
        sa.CheckConstraint(ONE_SUBJECT, name=op.f(f'ck_{table}_one_subject')),
    ]


def _indexes(table: str) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        for column in ('case_id', 'claim_id', 'insured_id'):
            batch_op.create_index(batch_op.f(f'ix_{table}_{column}'), [column], unique=False)


def upgrade() -> None:
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.add_column(sa.Column('assessed_by', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('approved_by', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_claims_assessed_by_users'), 'users',
                                    ['assessed_by'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_claims_approved_by_users'), 'users',
                                    ['approved_by'], ['id'])

    op.create_table('documents', *_subject_columns('documents'),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('media_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('storage_key', sa.String(length=128), nullable=False),
    sa.Column('uploaded_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['uploaded_by'], ['users.id'], name=op.f('fk_documents_uploaded_by_users')),
    sa.CheckConstraint('size > 0', name=op.f('ck_documents_size_positive')),
    sa.UniqueConstraint('storage_key', name=op.f('uq_documents_storage_key'))
    )
    _indexes('documents')

    op.create_table('messages', *_subject_columns('messages'),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_messages_author_id_users')),
    )
    _indexes('messages')


def downgrade() -> None:
    op.drop_table('messages')
    op.drop_table('documents')
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_claims_approved_by_users'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_claims_assessed_by_users'), type_='foreignkey')
        batch_op.drop_column('approved_by')
        batch_op.drop_column('assessed_by')
