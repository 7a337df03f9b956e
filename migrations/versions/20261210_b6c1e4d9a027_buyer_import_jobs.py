"""buyer files uploaded on a page, imported in parts with their progress

Revision ID: b6c1e4d9a027
Revises: 3a9d6c0e7f15
Create Date: 2026-12-10 11:00:00.000000
"""

import sqlalchemy as sa
from alembic import op


revision = 'b6c1e4d9a027'
down_revision = '3a9d6c0e7f15'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'buyer_import_jobs',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('filename', sa.String(length=255), nullable=False),
        sa.Column('content', sa.LargeBinary(), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('rows_total', sa.Integer(), nullable=False),
        sa.Column('rows_done', sa.Integer(), nullable=False),
        sa.Column('created', sa.Integer(), nullable=False),
        sa.Column('updated', sa.Integer(), nullable=False),
        sa.Column('rejected', sa.Integer(), nullable=False),
        sa.Column('errors', sa.JSON(), nullable=False),
        sa.Column('error', sa.Text(), nullable=True),
        sa.Column('started_by', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('heartbeat_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['started_by'], ['users.id'],
                                name=op.f('fk_buyer_import_jobs_started_by_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_buyer_import_jobs')),
    )


def downgrade() -> None:
    op.drop_table('buyer_import_jobs')
