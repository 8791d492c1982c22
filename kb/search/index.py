"""Writing the index: a record's document follows the record, in the same transaction.

Only records that anonymous readers may see (the content type's `visible`) have a
document: a draft, a held event or hidden content has none, so it can appear neither
in results nor in facet counts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.dialects import postgresql, sqlite

from kb import registry
from kb.extensions import db
from kb.policy import ANONYMOUS
from kb.registry import ContentType, SearchText
from kb.search import analysis
from kb.search.models import ALL_DOCUMENTS, SearchDocument, SearchFacet, SearchTerm, SearchWord

BATCH = 500
WORD_BATCH = 5000
MAX_TEXT = 50_000  # characters of a body that are indexed and kept for snippets
MAX_FACET = 64


def searchable_types() -> list[ContentType]:
    return [content_type for content_type in registry.current() if content_type.search]


@dataclass
class Counts:
    """What documents add to (or take from) the vocabulary and the terms' statistics."""

    words: Counter[str] = field(default_factory=Counter)
    documents: Counter[str] = field(default_factory=Counter)  # documents holding a term
    tokens: Counter[str] = field(default_factory=Counter)  # its occurrences in them

    def add(self, words: Iterable[str], *terms: str) -> None:
        """One document: its folded words and its fields' analysed terms."""
        self.words.update(words)
        occurrences = Counter(term for text in terms for term in text.split())
        self.documents.update(occurrences.keys())
        self.tokens.update(occurrences)
        self.documents[ALL_DOCUMENTS] += 1
        self.tokens[ALL_DOCUMENTS] += occurrences.total()

    def update(self, other: Counts) -> None:
        self.words.update(other.words)
        self.documents.update(other.documents)
        self.tokens.update(other.tokens)


def _document(kind: str, record_id: int, text: SearchText) -> tuple[dict[str, Any], set[str]]:
    body = text.body[:MAX_TEXT]
    words: set[str] = set()
    row = {
        "kind": kind,
        "record_id": record_id,
        "title": text.title,
        "summary": text.summary,
        "body": body,
        "terms_title": analysis.analyse(text.title, words),
        "terms_summary": analysis.analyse(text.summary, words),
        "terms_body": analysis.analyse(body, words),
        "date": text.date,
        "popularity": text.popularity,
        "starts_at": text.starts_at,
    }
    row["words"] = " ".join(sorted(words))
    return row, words


def _facets(document_id: int, kind: str, text: SearchText) -> list[dict[str, Any]]:
    rows = [{"document_id": document_id, "name": "type", "value": kind}]
    for name, values in text.facets.items():
        for value in dict.fromkeys(values):
            if value and len(value) <= MAX_FACET:
                rows.append({"document_id": document_id, "name": name, "value": value})
    return rows


def public_ids(content_type: ContentType, ids: Iterable[int] | None = None) -> Any:
    query = select(content_type.model.id).where(content_type.visible(ANONYMOUS))
    if ids is not None:
        query = query.where(content_type.model.id.in_(list(ids)))
    return query


def refresh(kind: str, ids: Iterable[int], counts: Counts | None = None) -> None:
    """Bring the documents of these records in line with the records.

    With `counts`, the new documents' counts are added there for the caller to write
    once (a rebuild), instead of after every batch.
    """
    content_type = registry.current().get(kind)
    if content_type is None or content_type.search is None:
        return
    wanted = sorted(set(ids))
    for start in range(0, len(wanted), BATCH):
        batch = wanted[start : start + BATCH]
        public = list(db.session.scalars(public_ids(content_type, batch)))
        _remove(kind, batch)
        if public:
            texts = content_type.search.texts(public)
            found = [(record_id, texts[record_id]) for record_id in public if record_id in texts]
            added = _add(kind, found)
            if counts is None:
                _write_counts(added, +1)
            else:
                counts.update(added)


def _remove(kind: str, record_ids: Sequence[int]) -> None:
    old = db.session.execute(
        select(
            SearchDocument.id,
            SearchDocument.words,
            SearchDocument.terms_title,
            SearchDocument.terms_summary,
            SearchDocument.terms_body,
        ).where(SearchDocument.kind == kind, SearchDocument.record_id.in_(record_ids))
    ).all()
    if not old:
        return
    ids = [row.id for row in old]
    db.session.execute(delete(SearchFacet).where(SearchFacet.document_id.in_(ids)))
    db.session.execute(delete(SearchDocument).where(SearchDocument.id.in_(ids)))
    gone = Counts()
    for row in old:
        gone.add(row.words.split(), row.terms_title, row.terms_summary, row.terms_body)
    _write_counts(gone, -1)


def _add(kind: str, texts: Sequence[tuple[int, SearchText]]) -> Counts:
    """Write the documents (one statement for the batch); returns their counts."""
    added = Counts()
    if not texts:
        return added
    rows = []
    for record_id, text in texts:
        row, words = _document(kind, record_id, text)
        rows.append(row)
        added.add(words, row["terms_title"], row["terms_summary"], row["terms_body"])
    inserted = db.session.execute(
        insert(SearchDocument).returning(SearchDocument.id, SearchDocument.record_id), rows
    )
    document_ids = {row.record_id: row.id for row in inserted}
    facets: list[dict[str, Any]] = []
    for record_id, text in texts:
        facets.extend(_facets(document_ids[record_id], kind, text))
    if facets:
        db.session.execute(insert(SearchFacet), facets)
    return added


def _write_counts(counts: Counts, sign: int) -> None:
    """Add (or take away) documents to the vocabulary's and the terms' counts; forget
    words and terms no document holds any more."""
    # Sorted: concurrent writers take the rows' locks in the same order.
    words = [
        {"word": word, "reversed": word[::-1], "documents": sign * count}
        for word, count in sorted(counts.words.items())
        if len(word) <= 64
    ]
    _upsert(SearchWord, words, ("documents",))
    terms = [
        {"term": term, "documents": sign * count, "tokens": sign * counts.tokens[term]}
        for term, count in sorted(counts.documents.items())
        if len(term) <= 96
    ]
    _upsert(SearchTerm, terms, ("documents", "tokens"))
    if sign < 0:
        for start in range(0, len(words), WORD_BATCH):
            gone = [row["word"] for row in words[start : start + WORD_BATCH]]
            db.session.execute(
                delete(SearchWord).where(SearchWord.word.in_(gone), SearchWord.documents <= 0)
            )
        for start in range(0, len(terms), WORD_BATCH):
            gone = [row["term"] for row in terms[start : start + WORD_BATCH]]
            db.session.execute(
                delete(SearchTerm).where(SearchTerm.term.in_(gone), SearchTerm.documents <= 0)
            )


def _upsert(model: Any, rows: list[dict[str, Any]], added: tuple[str, ...]) -> None:
    """Insert the rows, or add their counts to the rows that exist."""
    if not rows:
        return
    dialect = db.session.get_bind().dialect.name
    module: Any = postgresql if dialect == "postgresql" else sqlite
    key = [column for column in model.__table__.primary_key.columns]
    for start in range(0, len(rows), WORD_BATCH):
        statement = module.insert(model)
        statement = statement.on_conflict_do_update(
            index_elements=key,
            set_={name: getattr(model, name) + getattr(statement.excluded, name) for name in added},
        )
        db.session.execute(statement, rows[start : start + WORD_BATCH])


def clear() -> None:
    db.session.execute(delete(SearchFacet))
    db.session.execute(delete(SearchDocument))
    db.session.execute(delete(SearchWord))
    db.session.execute(delete(SearchTerm))


def missing_ids(content_type: ContentType) -> Iterator[list[int]]:
    """The public records of a type that have no document yet, in batches."""
    indexed = select(SearchDocument.record_id).where(SearchDocument.kind == content_type.name)
    query = public_ids(content_type).where(content_type.model.id.not_in(indexed))
    ids = list(db.session.scalars(query.order_by(content_type.model.id)))
    for start in range(0, len(ids), BATCH):
        yield ids[start : start + BATCH]


def build(
    only_missing: bool = False, progress: Callable[[str, int, int], None] | None = None
) -> int:
    """(Re)build the index of every searchable type; returns the documents written.

    `progress(kind, done, total)` is called after each batch.
    """
    if not only_missing:
        clear()
    written = 0
    counts = Counts()
    for content_type in searchable_types():
        batches = list(missing_ids(content_type))
        total = sum(len(batch) for batch in batches)
        done = 0
        for batch in batches:
            refresh(content_type.name, batch, counts)
            done += len(batch)
            written += len(batch)
            if progress:
                progress(content_type.name, done, total)
    _write_counts(counts, +1)
    return written
