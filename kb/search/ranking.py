"""How well a candidate matches: Okapi BM25 over its three fields, the same on both engines.

The formula is the one SQLite's FTS5 uses for bm25() (k1 = 1.2, b = 0.75, the fields
weighted title 10, summary 4, body 1, the length of a document counted over all its
fields). Both engines' own ranking functions first count every document that holds a
term, which is what made common words slow: at 100,000 entries FTS5 spends 15–30 ms on
that count for a word most of them hold, while finding the newest hundred matches takes
half a millisecond. Here the counts come from `search_terms`, which the index keeps in
the same transaction as the documents, and only the candidates are scored.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select

from kb.extensions import db
from kb.search.models import ALL_DOCUMENTS, SearchTerm

K1 = 1.2
B = 0.75
WEIGHTS = (10.0, 4.0, 1.0)  # title, summary, body
MIN_IDF = 1e-6  # a term in more than half of the documents still counts a little


@dataclass(frozen=True)
class Statistics:
    """What the scores of one query need to know about the whole index."""

    documents: int
    average_length: float
    idf: dict[str, float]

    @classmethod
    def of(cls, terms: Iterable[str]) -> Statistics:
        """The statistics of the index for these terms (one query)."""
        wanted = sorted(set(terms) | {ALL_DOCUMENTS})
        counts = {
            row.term: (row.documents, row.tokens)
            for row in db.session.execute(
                select(SearchTerm.term, SearchTerm.documents, SearchTerm.tokens).where(
                    SearchTerm.term.in_(wanted)
                )
            )
        }
        documents, tokens = counts.pop(ALL_DOCUMENTS, (0, 0))
        holding = {term: counts.get(term, (0, 0))[0] for term in wanted if term != ALL_DOCUMENTS}
        return cls.from_counts(documents, tokens, holding)

    @classmethod
    def from_counts(cls, documents: int, tokens: int, holding: dict[str, int]) -> Statistics:
        """From the number of documents, of their terms, and of the documents holding
        each term of the query."""
        documents = max(documents, 1)
        idf = {
            term: max(MIN_IDF, math.log((documents - count + 0.5) / (count + 0.5)))
            for term, count in holding.items()
        }
        return cls(documents, max(tokens / documents, 1.0), idf)


def _spaced(text: str) -> str:
    # Every term between spaces of its own, so that str.count() (which does not
    # overlap) counts a term that follows itself twice.
    return "  " + text.replace(" ", "  ") + "  "


def score(fields: Sequence[str], statistics: Statistics) -> float:
    """BM25 of a document's analysed fields (title, summary, body) for the query's terms."""
    length = sum(text.count(" ") + 1 for text in fields if text)
    spaced = [_spaced(text) for text in fields]
    norm = K1 * (1.0 - B + B * length / statistics.average_length)
    total = 0.0
    for term, idf in statistics.idf.items():
        needle = f" {term} "
        frequency = sum(
            weight * text.count(needle) for weight, text in zip(WEIGHTS, spaced, strict=True)
        )
        if frequency:
            total += idf * frequency * (K1 + 1.0) / (frequency + norm)
    return total
