"""credit limits as a ledger: the kind of a request and the underwriter's note

Requests already stored are "new" (the kind was not told apart before).

Revision ID: c4d2a81f0e3b
Revises: 5b1e0c7a9d42
Create Date: 2026-12-01 09:00:00.000000
"""

import sqlalchemy as sa
from alembic import op


revision = 'c4d2a81f0e3b'
down_revision = '5b1e0c7a9d42'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('limit_requests', schema=None) as batch_op:
        batch_op.add_column(sa.Column(
            'kind', sa.Enum('new', 'increase', 'decrease', name='requestkind', native_enum=False,
                            length=32), nullable=False, server_default='new'))
        batch_op.add_column(sa.Column('note', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('limit_requests', schema=None) as batch_op:
        batch_op.drop_column('note')
        batch_op.drop_column('kind')
