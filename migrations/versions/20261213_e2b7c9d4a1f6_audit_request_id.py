"""audit entries name the web request that made the change

Revision ID: e2b7c9d4a1f6
Revises: e2b9c7a4d615
Create Date: 2026-12-13 10:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = 'e2b7c9d4a1f6'
down_revision = 'e2b9c7a4d615'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('audit_entries', sa.Column('request_id', sa.String(length=64), nullable=True))


def downgrade() -> None:
    op.drop_column('audit_entries', 'request_id')
