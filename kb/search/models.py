"""The search index: one document per public record, its facets, and the vocabulary.

The engines' own full-text indexes are built on `search_documents` by the migrations:
on SQLite an FTS5 table over its `terms_*` columns kept in step by triggers, on
PostgreSQL a generated, weighted `tsvector` column with a GIN index.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kb.extensions import Model
from kb.timeutil import UTCDateTime

# What the migrations build for the engines' full-text search beside the models: SQLite's
# FTS5 tables (and their shadow tables), PostgreSQL's generated tsvector columns and
# their GIN indexes. Schema comparisons (autogenerate, tests) leave them alone.
ENGINE_TABLE_PREFIXES = ("search_fts", "search_titles")
ENGINE_COLUMNS = frozenset({"tsv", "title_tsv"})
ENGINE_INDEXES = frozenset({"ix_search_documents_tsv", "ix_search_documents_title_tsv"})


def made_by_the_engine(name: str | None, type_: str) -> bool:
    """Whether a schema object belongs to the engine's full-text index, not to a model."""
    if name is None:
        return False
    if type_ == "table":
        return name.startswith(ENGINE_TABLE_PREFIXES)
    if type_ == "column":
        return name in ENGINE_COLUMNS
    if type_ == "index":
        return name in ENGINE_INDEXES
    return False


class SearchDocument(Model):
    __tablename__ = "search_documents"
    __table_args__ = (
        UniqueConstraint("kind", "record_id", name="uq_search_documents_record"),
        Index("ix_search_documents_kind_id", "kind", "id"),
        # The newest of a type (the page for a search without hits).
        Index("ix_search_documents_kind_date", "kind", "date", "id"),
        Index("ix_search_documents_starts_at", "starts_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))  # the content type's name
    record_id: Mapped[int] = mapped_column(Integer)
    # The text as readers see it, for snippets.
    title: Mapped[str] = mapped_column(Text)
    summary: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")
    # The analysed terms (kb.search.analysis), weighted title > summary > body.
    terms_title: Mapped[str] = mapped_column(Text, default="")
    terms_summary: Mapped[str] = mapped_column(Text, default="")
    terms_body: Mapped[str] = mapped_column(Text, default="")
    # The document's distinct folded words, to keep the vocabulary's counts right.
    words: Mapped[str] = mapped_column(Text, default="")
    date: Mapped[datetime | None] = mapped_column(UTCDateTime)
    popularity: Mapped[int] = mapped_column(Integer, default=0)
    starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class SearchFacet(Model):
    __tablename__ = "search_facets"
    __table_args__ = (Index("ix_search_facets_document", "document_id"),)

    name: Mapped[str] = mapped_column(String(16), primary_key=True)
    value: Mapped[str] = mapped_column(String(64), primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("search_documents.id", ondelete="CASCADE"), primary_key=True
    )


class SearchWord(Model):
    """A folded word of the public texts and in how many documents it occurs: what
    spelling suggestions choose from. `reversed` finds words by their ending."""

    __tablename__ = "search_words"
    __table_args__ = (Index("ix_search_words_reversed", "reversed"),)

    word: Mapped[str] = mapped_column(String(64), primary_key=True)
    reversed: Mapped[str] = mapped_column(String(64))
    documents: Mapped[int] = mapped_column(Integer, default=0)


# The term every document holds, once per word: its row counts the documents and the
# words of the whole index.
ALL_DOCUMENTS = ""


class SearchTerm(Model):
    """An analysed term and in how many documents (and how often in all) it occurs:
    how much a match of a rare term weighs in the ranking (kb.search.ranking), and
    whether a word of a query occurs at all."""

    __tablename__ = "search_terms"

    term: Mapped[str] = mapped_column(String(96), primary_key=True)
    documents: Mapped[int] = mapped_column(Integer, default=0)
    tokens: Mapped[int] = mapped_column(BigInteger, default=0)
