"""notifications: the outbox, preferences, webhooks, deliveries, and the watch list

Revision ID: c3a8e5f1d2b7
Revises: c1a1d35c0e19
Create Date: 2026-11-24 09:00:00.000000
"""

import sqlalchemy as sa
from alembic import op


revision = 'c3a8e5f1d2b7'
down_revision = 'c1a1d35c0e19'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'outbox_events',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('event_type', sa.String(length=40), nullable=False),
        sa.Column('insured_id', sa.Integer(), nullable=True),
        sa.Column('object_type', sa.String(length=40), nullable=False),
        sa.Column('object_id', sa.Integer(), nullable=True),
        sa.Column('data', sa.JSON(), nullable=False),
        sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('dispatched_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('once_key', sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(['insured_id'], ['insureds.id'],
                                name=op.f('fk_outbox_events_insured_id_insureds')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_events')),
        sa.UniqueConstraint('once_key', name=op.f('uq_outbox_events_once_key')),
    )
    op.create_index('ix_outbox_events_pending', 'outbox_events', ['dispatched_at', 'id'])
    op.create_index(op.f('ix_outbox_events_insured_id'), 'outbox_events', ['insured_id'])
    op.create_table(
        'notification_preferences',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('event_type', sa.String(length=40), nullable=False),
        sa.Column('mode', sa.Enum('email', 'digest', 'none', name='mode', native_enum=False,
                                  length=16), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                                name=op.f('fk_notification_preferences_user_id_users')),
        sa.PrimaryKeyConstraint('user_id', 'event_type',
                                name=op.f('pk_notification_preferences')),
    )
    op.create_table(
        'webhooks',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('insured_id', sa.Integer(), nullable=True),
        sa.Column('url', sa.String(length=2000), nullable=False),
        sa.Column('events', sa.JSON(), nullable=False),
        sa.Column('secret', sa.String(length=80), nullable=False),
        sa.Column('created_by', sa.Integer(), nullable=True),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.Column('failing_since', sa.DateTime(timezone=True), nullable=True),
        sa.Column('disabled_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['created_by'], ['users.id'],
                                name=op.f('fk_webhooks_created_by_users')),
        sa.ForeignKeyConstraint(['insured_id'], ['insureds.id'],
                                name=op.f('fk_webhooks_insured_id_insureds')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_webhooks')),
    )
    op.create_index(op.f('ix_webhooks_insured_id'), 'webhooks', ['insured_id'])
    op.create_table(
        'deliveries',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('channel', sa.Enum('email', 'digest', 'webhook', name='channel',
                                     native_enum=False, length=16), nullable=False),
        sa.Column('insured_id', sa.Integer(), nullable=True),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('webhook_id', sa.Integer(), nullable=True),
        sa.Column('message_id', sa.String(length=120), nullable=False),
        sa.Column('status', sa.Enum('pending', 'delivered', 'failed', name='deliverystatus',
                                    native_enum=False, length=16), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('last_attempt_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('response_code', sa.Integer(), nullable=True),
        sa.Column('error', sa.Text(), nullable=True),
        sa.Column('delivered_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['event_id'], ['outbox_events.id'],
                                name=op.f('fk_deliveries_event_id_outbox_events')),
        sa.ForeignKeyConstraint(['insured_id'], ['insureds.id'],
                                name=op.f('fk_deliveries_insured_id_insureds')),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                                name=op.f('fk_deliveries_user_id_users')),
        sa.ForeignKeyConstraint(['webhook_id'], ['webhooks.id'],
                                name=op.f('fk_deliveries_webhook_id_webhooks')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_deliveries')),
    )
    op.create_index('ix_deliveries_due', 'deliveries', ['status', 'next_attempt_at'])
    for column in ('event_id', 'insured_id', 'user_id', 'webhook_id'):
        op.create_index(op.f(f'ix_deliveries_{column}'), 'deliveries', [column])
    op.create_table(
        'watched_buyers',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('buyer_id', sa.Integer(), nullable=False),
        sa.Column('insured_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['buyer_id'], ['buyers.id'],
                                name=op.f('fk_watched_buyers_buyer_id_buyers')),
        sa.ForeignKeyConstraint(['insured_id'], ['insureds.id'],
                                name=op.f('fk_watched_buyers_insured_id_insureds')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_watched_buyers')),
        sa.UniqueConstraint('insured_id', 'buyer_id',
                            name=op.f('uq_watched_buyers_insured_id_buyer_id')),
    )
    op.create_index(op.f('ix_watched_buyers_buyer_id'), 'watched_buyers', ['buyer_id'])
    op.create_index(op.f('ix_watched_buyers_insured_id'), 'watched_buyers', ['insured_id'])


def downgrade() -> None:
    op.drop_table('watched_buyers')
    op.drop_table('deliveries')
    op.drop_table('webhooks')
    op.drop_table('notification_preferences')
    op.drop_table('outbox_events')
