"""buyer identifiers: a normalised registration key, a VAT number, duplicates merged

Registration numbers were compared as typed, so "HRB 98211", "hrb98211" and "HRB98211" became
three buyers, each with its own capacity. Every buyer gets the key its number is compared in
(compatibility forms folded, case ignored, spaces and punctuation dropped); buyers already
stored that share (country, key) are merged into the oldest of them: their limits, requests,
alerts, overdue notifications, collection cases, claims, legal events, grade history and the
statements of years the survivor lacks move to it, the rest goes with the duplicate. A report
of each merge is printed. The key's rule is frozen here as it stood when the data was merged.

Revision ID: 8e3f5a1c2b7d
Revises: c3a8e5f1d2b7
Create Date: 2026-12-03 09:30:00.000000
"""

import unicodedata
from collections import defaultdict

import sqlalchemy as sa
from alembic import op


revision = '8e3f5a1c2b7d'
down_revision = 'c3a8e5f1d2b7'
branch_labels = None
depends_on = None

MOVED = ('credit_limits', 'limit_requests', 'alerts', 'overdue_notifications',
         'collection_cases', 'claims', 'legal_events', 'grade_history')


def _key(number: str) -> str:
    folded = unicodedata.normalize('NFKC', number).upper()
    return ''.join(ch for ch in folded if ch.isalnum())


def upgrade() -> None:
    with op.batch_alter_table('buyers', schema=None, recreate='never') as batch_op:
        batch_op.add_column(sa.Column('registration_key', sa.String(length=64), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('vat_number', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('vat_key', sa.String(length=32), nullable=True))
    bind = op.get_bind()
    groups = _keyed(bind)
    for (country, key), buyers in sorted(groups.items()):
        if len(buyers) > 1:
            _merge(bind, country, key, buyers)
    if bind.dialect.name == 'postgresql':
        op.alter_column('buyers', 'registration_key', server_default=None)
    op.create_index('ix_buyers_country_registration_key', 'buyers',
                    ['country', 'registration_key'], unique=True)
    op.create_index('ix_buyers_registration_key', 'buyers', ['registration_key'])
    op.create_index('ix_buyers_vat_key', 'buyers', ['vat_key'])


def _keyed(bind: sa.engine.Connection) -> dict[tuple[str, str], list[tuple[int, str]]]:
    """Store each buyer's key; the buyers of each (country, key), oldest first."""
    rows = bind.execute(sa.text(
        'SELECT id, country, registration_number FROM buyers ORDER BY id')).all()
    groups: dict[tuple[str, str], list[tuple[int, str]]] = defaultdict(list)
    keyed = []
    for buyer_id, country, number in rows:
        key = _key(number) or number
        groups[(country, key)].append((buyer_id, number))
        keyed.append({'id': buyer_id, 'key': key})
    if keyed:
        bind.execute(sa.text('UPDATE buyers SET registration_key = :key WHERE id = :id'), keyed)
    return groups


def _merge(bind: sa.engine.Connection, country: str, key: str,
           buyers: list[tuple[int, str]]) -> None:
    (survivor, kept), *duplicates = buyers
    for duplicate, number in duplicates:
        moved = {table: bind.execute(sa.text(
            f'UPDATE {table} SET buyer_id = :survivor WHERE buyer_id = :duplicate'),  # noqa: S608
            {'survivor': survivor, 'duplicate': duplicate}).rowcount for table in MOVED}
        moved['financial_statements'] = bind.execute(sa.text(
            'UPDATE financial_statements SET buyer_id = :survivor WHERE buyer_id = :duplicate '
            'AND fiscal_year NOT IN (SELECT fiscal_year FROM financial_statements '
            'WHERE buyer_id = :survivor)'),
            {'survivor': survivor, 'duplicate': duplicate}).rowcount
        params = {'survivor': survivor, 'duplicate': duplicate}
        # A watch moves too, unless the insured watches the survivor already (one watch each).
        bind.execute(sa.text(
            'DELETE FROM watched_buyers WHERE buyer_id = :duplicate AND insured_id IN '
            '(SELECT insured_id FROM watched_buyers WHERE buyer_id = :survivor)'), params)
        moved['watched_buyers'] = bind.execute(sa.text(
            'UPDATE watched_buyers SET buyer_id = :survivor WHERE buyer_id = :duplicate'),
            params).rowcount
        bind.execute(sa.text('DELETE FROM financial_statements WHERE buyer_id = :duplicate'),
                     params)
        has_grade = bind.execute(sa.text(
            'SELECT 1 FROM buyer_grades WHERE buyer_id = :survivor'), params).first()
        bind.execute(sa.text(
            'DELETE FROM buyer_grades WHERE buyer_id = :duplicate' if has_grade else
            'UPDATE buyer_grades SET buyer_id = :survivor WHERE buyer_id = :duplicate'), params)
        if bind.dialect.name == 'sqlite':
            bind.execute(sa.text('DELETE FROM buyers_fts WHERE rowid = :duplicate'), params)
        bind.execute(sa.text('DELETE FROM buyers WHERE id = :duplicate'), params)
        counts = ', '.join(f'{table} {count}' for table, count in moved.items() if count)
        print(f'Merged buyer {duplicate} ({country} {number!r}) into {survivor} '  # noqa: T201
              f'({country} {kept!r}, key {key}): {counts or "nothing attached"}.')


def downgrade() -> None:
    op.drop_index('ix_buyers_vat_key', table_name='buyers')
    op.drop_index('ix_buyers_registration_key', table_name='buyers')
    op.drop_index('ix_buyers_country_registration_key', table_name='buyers')
    with op.batch_alter_table('buyers', schema=None) as batch_op:
        batch_op.drop_column('vat_key')
        batch_op.drop_column('vat_number')
        batch_op.drop_column('registration_key')
