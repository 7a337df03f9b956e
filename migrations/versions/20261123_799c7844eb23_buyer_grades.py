"""buyer grades

Revision ID: 799c7844eb23
Revises: 0f277478df82
Create Date: 2026-11-23 03:31:24.321852
"""

from alembic import op
import sqlalchemy as sa


revision = '799c7844eb23'
down_revision = '0f277478df82'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('grading_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('model_version', sa.String(length=32), nullable=False),
    sa.Column('as_of', sa.Date(), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('graded', sa.Integer(), nullable=False),
    sa.Column('changed', sa.Integer(), nullable=False),
    sa.Column('seconds', sa.Float(), nullable=False),
    sa.Column('started_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['started_by'], ['users.id'], name=op.f('fk_grading_runs_started_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_grading_runs'))
    )
    op.create_table('buyer_grades',
    sa.Column('buyer_id', sa.Integer(), nullable=False),
    sa.Column('grade', sa.SmallInteger(), nullable=False),
    sa.Column('pd', sa.Float(), nullable=False),
    sa.Column('model_version', sa.String(length=32), nullable=False),
    sa.Column('as_of', sa.Date(), nullable=False),
    sa.Column('graded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['buyer_id'], ['buyers.id'], name=op.f('fk_buyer_grades_buyer_id_buyers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['run_id'], ['grading_runs.id'], name=op.f('fk_buyer_grades_run_id_grading_runs')),
    sa.PrimaryKeyConstraint('buyer_id', name=op.f('pk_buyer_grades'))
    )
    op.create_table('grade_history',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('buyer_id', sa.Integer(), nullable=False),
    sa.Column('previous_grade', sa.SmallInteger(), nullable=True),
    sa.Column('grade', sa.SmallInteger(), nullable=False),
    sa.Column('pd', sa.Float(), nullable=False),
    sa.Column('model_version', sa.String(length=32), nullable=False),
    sa.Column('as_of', sa.Date(), nullable=False),
    sa.Column('graded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['buyer_id'], ['buyers.id'], name=op.f('fk_grade_history_buyer_id_buyers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['run_id'], ['grading_runs.id'], name=op.f('fk_grade_history_run_id_grading_runs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_grade_history'))
    )
    with op.batch_alter_table('grade_history', schema=None) as batch_op:
        batch_op.create_index('ix_grade_history_buyer_id_as_of', ['buyer_id', 'as_of'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('grade_history', schema=None) as batch_op:
        batch_op.drop_index('ix_grade_history_buyer_id_as_of')

    op.drop_table('grade_history')
    op.drop_table('buyer_grades')
    op.drop_table('grading_runs')
