"""scores staged by a cluster's workers for the batch re-grade that asked for them

UNLOGGED on PostgreSQL: the rows live only while their run does, and a crash loses nothing
that the run would keep.

Revision ID: 8e3f5a1c2b74
Revises: 8e3f5a1c2b7d
Create Date: 2026-12-10 09:00:00.000000
"""

import sqlalchemy as sa
from alembic import op


revision = '8e3f5a1c2b74'
down_revision = '8e3f5a1c2b7d'
branch_labels = None
depends_on = None


def upgrade() -> None:
    unlogged = ['UNLOGGED'] if op.get_bind().dialect.name == 'postgresql' else []
    op.create_table(
        'staged_scores',
        sa.Column('batch', sa.String(length=32), nullable=False),
        sa.Column('buyer_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('grade', sa.SmallInteger(), nullable=False),
        sa.Column('pd', sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint('batch', 'buyer_id', name=op.f('pk_staged_scores')),
        prefixes=unlogged,
    )


def downgrade() -> None:
    op.drop_table('staged_scores')
