"""two-factor sign-in: a TOTP secret per user and hashed single-use recovery codes

Revision ID: 5d7e1a9c3f20
Revises: b6c1e4d9a027
Create Date: 2026-12-12 10:00:00.000000
"""

import sqlalchemy as sa
from alembic import op


revision = '5d7e1a9c3f20'
down_revision = 'b6c1e4d9a027'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'two_factor',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('status', sa.Enum('off', 'pending', 'on', name='twofactorstatus',
                                    native_enum=False, length=16), nullable=False),
        sa.Column('secret', sa.String(length=64), nullable=False),
        sa.Column('last_step', sa.Integer(), nullable=True),
        sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                                name=op.f('fk_two_factor_user_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_two_factor')),
        sa.UniqueConstraint('user_id', name=op.f('uq_two_factor_user_id')),
    )
    op.create_table(
        'recovery_codes',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('code_hash', sa.String(length=64), nullable=False),
        sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                                name=op.f('fk_recovery_codes_user_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_recovery_codes')),
    )
    op.create_index(op.f('ix_recovery_codes_user_id'), 'recovery_codes', ['user_id'])


def downgrade() -> None:
    op.drop_index(op.f('ix_recovery_codes_user_id'), table_name='recovery_codes')
    op.drop_table('recovery_codes')
    op.drop_table('two_factor')
