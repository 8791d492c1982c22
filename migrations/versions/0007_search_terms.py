"""search: the terms' counts, for ranking without counting every match; the newest by type

`search_terms` holds, for each analysed term of the index, in how many documents it
occurs and how often in all; the row of the empty term counts the documents and their
terms. The ranking (kb.search.ranking) reads them instead of letting the engine count
every document that holds a term. Filled here from the documents already indexed.
An index on (kind, date) finds the newest entries for a search without hits without
sorting all of them.

Revision ID: 0007_search_terms
Revises: 0006_search
Create Date: 2026-12-03 13:40:00

"""

from collections import Counter

from alembic import op
import sqlalchemy as sa


revision = "0007_search_terms"
down_revision = "0006_search"
branch_labels = None
depends_on = None

BATCH = 2000


def upgrade():
    terms = op.create_table(
        "search_terms",
        sa.Column("term", sa.String(length=96), nullable=False),
        sa.Column("documents", sa.Integer(), nullable=False),
        sa.Column("tokens", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("term", name=op.f("pk_search_terms")),
    )
    op.create_index(
        'ix_search_documents_kind_date', 'search_documents', ['kind', 'date', 'id']
    )
    connection = op.get_bind()
    documents = sa.table(
        "search_documents",
        sa.column("id", sa.Integer()),
        sa.column("terms_title", sa.Text()),
        sa.column("terms_summary", sa.Text()),
        sa.column("terms_body", sa.Text()),
    )
    holding: Counter = Counter()
    tokens: Counter = Counter()
    last = 0
    while True:
        rows = connection.execute(
            sa.select(documents).where(documents.c.id > last).order_by(documents.c.id).limit(BATCH)
        ).all()
        if not rows:
            break
        for row in rows:
            occurrences = Counter(
                term
                for text in (row.terms_title, row.terms_summary, row.terms_body)
                for term in text.split()
            )
            holding.update(occurrences.keys())
            tokens.update(occurrences)
            holding[""] += 1
            tokens[""] += sum(occurrences.values())
        last = rows[-1].id
    values = [
        {"term": term, "documents": count, "tokens": tokens[term]}
        for term, count in sorted(holding.items())
        if len(term) <= 96
    ]
    for start in range(0, len(values), BATCH):
        op.bulk_insert(terms, values[start : start + BATCH])


def downgrade():
    op.drop_table("search_terms")
