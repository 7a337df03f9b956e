"""the words of buyers' names, for searches that stay fast as the buyer table grows

On PostgreSQL, statement-level triggers keep the words of every inserted or renamed buyer (a
bulk COPY costs one INSERT ... SELECT, not one per row), and the words of existing buyers are
filled in here. SQLite searches its FTS5 table and leaves this one empty.

Revision ID: 3a9d6c0e7f15
Revises: 8e3f5a1c2b74
Create Date: 2026-12-10 10:00:00.000000
"""

import sqlalchemy as sa
from alembic import op


revision = '3a9d6c0e7f15'
down_revision = '8e3f5a1c2b74'
branch_labels = None
depends_on = None

WORDS = "SELECT DISTINCT b.id, w FROM {rows} b, unnest(string_to_array(b.search_name, ' ')) w " \
        "WHERE w <> ''"


def upgrade() -> None:
    op.create_table(
        'buyer_words',
        sa.Column('buyer_id', sa.Integer(), nullable=False),
        sa.Column('word', sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(['buyer_id'], ['buyers.id'],
                                name=op.f('fk_buyer_words_buyer_id_buyers'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('buyer_id', 'word', name=op.f('pk_buyer_words')),
    )
    op.create_index('ix_buyer_words_word', 'buyer_words', ['word', 'buyer_id'], unique=False,
                    postgresql_ops={'word': 'text_pattern_ops'})
    if op.get_bind().dialect.name != 'postgresql':
        return
    op.execute(f"INSERT INTO buyer_words (buyer_id, word) {WORDS.format(rows='buyers')}")
    op.execute(f"""
        CREATE FUNCTION buyer_words_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO buyer_words (buyer_id, word) {WORDS.format(rows='new_buyers')};
            RETURN NULL;
        END $$""")
    op.execute("""
        CREATE FUNCTION buyer_words_renamed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            DELETE FROM buyer_words w USING new_buyers n, old_buyers o
                WHERE n.id = o.id AND o.search_name <> n.search_name AND w.buyer_id = n.id;
            INSERT INTO buyer_words (buyer_id, word)
                SELECT DISTINCT n.id, x FROM new_buyers n JOIN old_buyers o ON o.id = n.id,
                    unnest(string_to_array(n.search_name, ' ')) x
                WHERE o.search_name <> n.search_name AND x <> '';
            RETURN NULL;
        END $$""")
    op.execute("CREATE TRIGGER buyer_words_on_insert AFTER INSERT ON buyers "
               "REFERENCING NEW TABLE AS new_buyers "
               "FOR EACH STATEMENT EXECUTE FUNCTION buyer_words_inserted()")
    op.execute("CREATE TRIGGER buyer_words_on_rename AFTER UPDATE ON buyers "
               "REFERENCING OLD TABLE AS old_buyers NEW TABLE AS new_buyers "
               "FOR EACH STATEMENT EXECUTE FUNCTION buyer_words_renamed()")


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("DROP TRIGGER buyer_words_on_rename ON buyers")
        op.execute("DROP TRIGGER buyer_words_on_insert ON buyers")
        op.execute("DROP FUNCTION buyer_words_renamed()")
        op.execute("DROP FUNCTION buyer_words_inserted()")
    op.drop_index('ix_buyer_words_word', table_name='buyer_words')
    op.drop_table('buyer_words')
