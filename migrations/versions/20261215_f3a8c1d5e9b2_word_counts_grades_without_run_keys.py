"""how many buyers' names hold each word, so that a search leads with its rarest word; grades
name their run without a foreign key

A grade's run is the run that writes it, in the same transaction; checking the key cost a
lookup and a row lock per grade and per history row, a third of a re-grade's writing.

On PostgreSQL, statement-level triggers on buyer_words keep the counts (an import's words cost
one grouped upsert, a cascade or a rename one grouped update), and the counts of the words
already indexed are filled in here. SQLite searches its FTS5 table and leaves this one empty.

Revision ID: f3a8c1d5e9b2
Revises: e2b7c9d4a1f6
Create Date: 2026-12-15 10:00:00.000000
"""

import sqlalchemy as sa
from alembic import op


revision = 'f3a8c1d5e9b2'
down_revision = 'e2b7c9d4a1f6'
branch_labels = None
depends_on = None


RUN_KEYS = (('buyer_grades', 'fk_buyer_grades_run_id_grading_runs'),
            ('grade_history', 'fk_grade_history_run_id_grading_runs'))


def upgrade() -> None:
    for table, key in RUN_KEYS:
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(key, type_='foreignkey')
    op.create_table(
        'buyer_word_counts',
        sa.Column('word', sa.String(length=300), nullable=False),
        sa.Column('buyers', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('word', name=op.f('pk_buyer_word_counts')),
    )
    op.create_index('ix_buyer_word_counts_word', 'buyer_word_counts', ['word', 'buyers'],
                    unique=False, postgresql_ops={'word': 'text_pattern_ops'})
    if op.get_bind().dialect.name != 'postgresql':
        return
    op.execute("INSERT INTO buyer_word_counts (word, buyers) "
               "SELECT word, COUNT(*) FROM buyer_words GROUP BY word")
    # In the words' order, so that two imports sharing words wait for each other, not deadlock.
    op.execute("""
        CREATE FUNCTION buyer_word_counts_added() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO buyer_word_counts (word, buyers)
                SELECT word, COUNT(*) FROM added_words GROUP BY word ORDER BY word
            ON CONFLICT (word) DO UPDATE SET buyers = buyer_word_counts.buyers + excluded.buyers;
            RETURN NULL;
        END $$""")
    op.execute("""
        CREATE FUNCTION buyer_word_counts_removed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE buyer_word_counts c SET buyers = c.buyers - r.buyers
                FROM (SELECT word, COUNT(*) AS buyers FROM removed_words GROUP BY word
                      ORDER BY word) r
                WHERE c.word = r.word;
            RETURN NULL;
        END $$""")
    op.execute("CREATE TRIGGER buyer_word_counts_on_insert AFTER INSERT ON buyer_words "
               "REFERENCING NEW TABLE AS added_words "
               "FOR EACH STATEMENT EXECUTE FUNCTION buyer_word_counts_added()")
    op.execute("CREATE TRIGGER buyer_word_counts_on_delete AFTER DELETE ON buyer_words "
               "REFERENCING OLD TABLE AS removed_words "
               "FOR EACH STATEMENT EXECUTE FUNCTION buyer_word_counts_removed()")


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("DROP TRIGGER buyer_word_counts_on_delete ON buyer_words")
        op.execute("DROP TRIGGER buyer_word_counts_on_insert ON buyer_words")
        op.execute("DROP FUNCTION buyer_word_counts_removed()")
        op.execute("DROP FUNCTION buyer_word_counts_added()")
    op.drop_index('ix_buyer_word_counts_word', table_name='buyer_word_counts')
    op.drop_table('buyer_word_counts')
    for table, key in RUN_KEYS:
        with op.batch_alter_table(table) as batch:
            batch.create_foreign_key(key, 'grading_runs', ['run_id'], ['id'])
