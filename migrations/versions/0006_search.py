"""search: one index over every searchable content type

`search_documents` holds the public text of each searchable record with its analysed
terms; the engine's full-text index is built on it: on SQLite FTS5 tables (all
fields, and the titles alone) with external content, kept in step by triggers; on PostgreSQL a generated, weighted
tsvector column with a GIN index. `flask search reindex` (and `flask demo`) fill it.

Revision ID: 0006_search
Revises: 0005_content_core
Create Date: 2026-12-03 10:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0006_search'
down_revision = '0005_content_core'
branch_labels = None
depends_on = None


SQLITE_FTS = [
    # External content: the text lives once, in search_documents.
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        terms_title, terms_summary, terms_body,
        content='search_documents', content_rowid='id',
        tokenize='unicode61 remove_diacritics 0'
    )""",
    # The titles alone: finding the title matches of common words among all matches
    # would read every match's positions.
    """CREATE VIRTUAL TABLE search_titles USING fts5(
        terms_title, content='search_documents', content_rowid='id',
        tokenize='unicode61 remove_diacritics 0'
    )""",
    """CREATE TRIGGER search_documents_ai AFTER INSERT ON search_documents BEGIN
        INSERT INTO search_fts(rowid, terms_title, terms_summary, terms_body)
        VALUES (new.id, new.terms_title, new.terms_summary, new.terms_body);
        INSERT INTO search_titles(rowid, terms_title) VALUES (new.id, new.terms_title);
    END""",
    """CREATE TRIGGER search_documents_ad AFTER DELETE ON search_documents BEGIN
        INSERT INTO search_fts(search_fts, rowid, terms_title, terms_summary, terms_body)
        VALUES ('delete', old.id, old.terms_title, old.terms_summary, old.terms_body);
        INSERT INTO search_titles(search_titles, rowid, terms_title)
        VALUES ('delete', old.id, old.terms_title);
    END""",
    """CREATE TRIGGER search_documents_au AFTER UPDATE OF terms_title, terms_summary,
        terms_body ON search_documents BEGIN
        INSERT INTO search_fts(search_fts, rowid, terms_title, terms_summary, terms_body)
        VALUES ('delete', old.id, old.terms_title, old.terms_summary, old.terms_body);
        INSERT INTO search_fts(rowid, terms_title, terms_summary, terms_body)
        VALUES (new.id, new.terms_title, new.terms_summary, new.terms_body);
        INSERT INTO search_titles(search_titles, rowid, terms_title)
        VALUES ('delete', old.id, old.terms_title);
        INSERT INTO search_titles(rowid, terms_title) VALUES (new.id, new.terms_title);
    END""",
]

# Terms arrive analysed (kb.search.analysis: folded, stemmed, compounds split), the same
# on both engines, so PostgreSQL takes them as they are ('simple') and weights the fields.
POSTGRES_TSV = [
    """ALTER TABLE search_documents ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, terms_title), 'A')
        || setweight(to_tsvector('simple'::regconfig, terms_summary), 'B')
        || setweight(to_tsvector('simple'::regconfig, terms_body), 'C')
    ) STORED""",
    "CREATE INDEX ix_search_documents_tsv ON search_documents USING gin (tsv)",
    # The titles alone (a GIN index keeps no weights, so `tsv @@ 'word':A` would check
    # every match's row).
    """ALTER TABLE search_documents ADD COLUMN title_tsv tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, terms_title), 'A')
    ) STORED""",
    "CREATE INDEX ix_search_documents_title_tsv ON search_documents USING gin (title_tsv)",
]


def upgrade():
    op.create_table(
        'search_documents',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=32), nullable=False),
        sa.Column('record_id', sa.Integer(), nullable=False),
        sa.Column('title', sa.Text(), nullable=False),
        sa.Column('summary', sa.Text(), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('terms_title', sa.Text(), nullable=False),
        sa.Column('terms_summary', sa.Text(), nullable=False),
        sa.Column('terms_body', sa.Text(), nullable=False),
        sa.Column('words', sa.Text(), nullable=False),
        sa.Column('date', sa.DateTime(timezone=True), nullable=True),
        sa.Column('popularity', sa.Integer(), nullable=False),
        sa.Column('starts_at', sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_search_documents')),
        sa.UniqueConstraint('kind', 'record_id', name='uq_search_documents_record'),
    )
    op.create_index('ix_search_documents_kind_id', 'search_documents', ['kind', 'id'])
    op.create_index('ix_search_documents_starts_at', 'search_documents', ['starts_at'])
    op.create_table(
        'search_facets',
        sa.Column('name', sa.String(length=16), nullable=False),
        sa.Column('value', sa.String(length=64), nullable=False),
        sa.Column('document_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ['document_id'], ['search_documents.id'],
            name=op.f('fk_search_facets_document_id_search_documents'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('name', 'value', 'document_id', name=op.f('pk_search_facets')),
    )
    op.create_index('ix_search_facets_document', 'search_facets', ['document_id'])
    op.create_table(
        'search_words',
        sa.Column('word', sa.String(length=64), nullable=False),
        sa.Column('reversed', sa.String(length=64), nullable=False),
        sa.Column('documents', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('word', name=op.f('pk_search_words')),
    )
    op.create_index('ix_search_words_reversed', 'search_words', ['reversed'])
    dialect = op.get_bind().dialect.name
    for statement in SQLITE_FTS if dialect == 'sqlite' else POSTGRES_TSV:
        op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == 'sqlite':
        for trigger in ('ai', 'ad', 'au'):
            op.execute(f'DROP TRIGGER IF EXISTS search_documents_{trigger}')
        op.execute('DROP TABLE IF EXISTS search_titles')
        op.execute('DROP TABLE IF EXISTS search_fts')
    op.drop_index('ix_search_words_reversed', table_name='search_words')
    op.drop_table('search_words')
    op.drop_index('ix_search_facets_document', table_name='search_facets')
    op.drop_table('search_facets')
    op.drop_index('ix_search_documents_starts_at', table_name='search_documents')
    op.drop_index('ix_search_documents_kind_id', table_name='search_documents')
    op.drop_table('search_documents')
