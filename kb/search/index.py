"""Writing the index: a record's document follows the record, in the same transaction.

Only records that anonymous readers may see (the content type's `visible`) have a
document: a draft, a held event or hidden content has none, so it can appear neither
in results nor in facet counts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.dialects import postgresql, sqlite

from kb import registry
from kb.extensions import db
from kb.policy import ANONYMOUS
from kb.registry import ContentType, SearchText
from kb.search import analysis
from kb.search.models import SearchDocument, SearchFacet, SearchWord

BATCH = 500
WORD_BATCH = 5000
MAX_TEXT = 50_000  # characters of a body that are indexed and kept for snippets
MAX_FACET = 64


def searchable_types() -> list[ContentType]:
    return [content_type for content_type in registry.current() if content_type.search]


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


def refresh(kind: str, ids: Iterable[int], words: Counter[str] | None = None) -> None:
    """Bring the documents of these records in line with the records.

    With `words`, the vocabulary's new counts are added there for the caller to write
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
            if words is None:
                _count_words(added, +1)
            else:
                words.update(added)


def _remove(kind: str, record_ids: Sequence[int]) -> None:
    old = db.session.execute(
        select(SearchDocument.id, SearchDocument.words).where(
            SearchDocument.kind == kind, SearchDocument.record_id.in_(record_ids)
        )
    ).all()
    if not old:
        return
    ids = [row.id for row in old]
    db.session.execute(delete(SearchFacet).where(SearchFacet.document_id.in_(ids)))
    db.session.execute(delete(SearchDocument).where(SearchDocument.id.in_(ids)))
    gone: Counter[str] = Counter()
    for row in old:
        gone.update(row.words.split())
    _count_words(gone, -1)


def _add(kind: str, texts: Sequence[tuple[int, SearchText]]) -> Counter[str]:
    """Write the documents (one statement for the batch); returns their words."""
    if not texts:
        return Counter()
    added: Counter[str] = Counter()
    rows = []
    for record_id, text in texts:
        row, words = _document(kind, record_id, text)
        rows.append(row)
        added.update(words)
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


def _count_words(counts: Counter[str], sign: int) -> None:
    """Add (or take away) documents to the vocabulary's counts; forget unused words."""
    if not counts:
        return
    # Sorted: concurrent writers take the rows' locks in the same order.
    rows = [
        {"word": word, "reversed": word[::-1], "documents": sign * count}
        for word, count in sorted(counts.items())
        if len(word) <= 64
    ]
    dialect = db.session.get_bind().dialect.name
    module: Any = postgresql if dialect == "postgresql" else sqlite
    for start in range(0, len(rows), WORD_BATCH):
        statement = module.insert(SearchWord)
        statement = statement.on_conflict_do_update(
            index_elements=[SearchWord.word],
            set_={"documents": SearchWord.documents + statement.excluded.documents},
        )
        db.session.execute(statement, rows[start : start + WORD_BATCH])
    if sign < 0:
        db.session.execute(
            delete(SearchWord).where(SearchWord.word.in_(list(counts)), SearchWord.documents <= 0)
        )


def clear() -> None:
    db.session.execute(delete(SearchFacet))
    db.session.execute(delete(SearchDocument))
    db.session.execute(delete(SearchWord))


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
    words: Counter[str] = Counter()
    for content_type in searchable_types():
        batches = list(missing_ids(content_type))
        total = sum(len(batch) for batch in batches)
        done = 0
        for batch in batches:
            refresh(content_type.name, batch, words)
            done += len(batch)
            written += len(batch)
            if progress:
                progress(content_type.name, done, total)
    _count_words(words, +1)
    return written
