"""search: PostgreSQL keeps each document's tsvector in its row (lz4), GIN without a pending list

Finding the newest matches of a common word walks the documents from the newest and
tests each one's tsvector. Stored out of line (TOAST) and compressed with pglz, each
test cost about 4 µs at 100,000 entries (a lookup in the TOAST table and a slow
decompression); kept in the row (STORAGE MAIN: the long texts move out of line first)
and compressed with lz4 where the server has it, a third of that. The rows are written
again so that the documents already indexed get the new storage.

The GIN indexes stop collecting new entries in a pending list (fastupdate): every
search reads the whole list until a VACUUM merges it (up to 4 MB, several milliseconds
a query after a rebuild), while a document is written one at a time. SQLite: nothing to
do.

Revision ID: 0008_search_vectors_inline
Revises: 0007_search_terms
Create Date: 2026-12-03 14:30:00

"""
from alembic import op


revision = '0008_search_vectors_inline'
down_revision = '0007_search_terms'
branch_labels = None
depends_on = None


GIN_INDEXES = ('ix_search_documents_tsv', 'ix_search_documents_title_tsv')


def _has_lz4():
    return bool(
        op.get_bind().exec_driver_sql(
            "SELECT 'lz4' = ANY(enumvals) FROM pg_settings"
            " WHERE name = 'default_toast_compression'"
        ).scalar()
    )


def upgrade():
    if op.get_bind().dialect.name != 'postgresql':
        return
    op.execute('ALTER TABLE search_documents ALTER COLUMN tsv SET STORAGE MAIN')
    if _has_lz4():
        op.execute('ALTER TABLE search_documents ALTER COLUMN tsv SET COMPRESSION lz4')
    # A stored generated column is computed again when its row is updated.
    op.execute('UPDATE search_documents SET terms_title = terms_title')
    for index in GIN_INDEXES:
        op.execute(f'ALTER INDEX {index} SET (fastupdate = off)')
        op.execute(f"SELECT gin_clean_pending_list('{index}'::regclass)")


def downgrade():
    if op.get_bind().dialect.name != 'postgresql':
        return
    op.execute('ALTER TABLE search_documents ALTER COLUMN tsv SET STORAGE EXTENDED')
    op.execute('ALTER TABLE search_documents ALTER COLUMN tsv SET COMPRESSION default')
    for index in GIN_INDEXES:
        op.execute(f'ALTER INDEX {index} RESET (fastupdate)')
