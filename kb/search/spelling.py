"""Typos: a word of five letters or more that the index does not know is looked up in
the index's own vocabulary (`search_words`) among the words one edit away.

A word one edit (insertion, deletion, substitution or swap of neighbours) away from
the typed one keeps either its first or its second half, so the candidates are the
words that start with the first half or end with the second (two index range scans,
the same on both engines), and rapidfuzz's optimal string alignment distance picks
those exactly one edit away. The most frequent wins.
"""

from __future__ import annotations

from rapidfuzz.distance import OSA
from sqlalchemy import func, or_, select

from kb.extensions import db
from kb.search.models import SearchWord

MIN_LENGTH = 5
MAX_CANDIDATES = 2000
# Above every character a folded word holds ([a-z0-9]): the end of a prefix range.
_AFTER = "{"


def corrections(word: str, limit: int = 3) -> list[str]:
    """Known words one edit away from `word`, the most frequent first."""
    if len(word) < MIN_LENGTH or len(word) > 64:
        return []
    half = len(word) // 2
    head, tail = word[:half], word[half + 1 :][::-1]
    rows = db.session.execute(
        select(SearchWord.word, SearchWord.documents)
        .where(
            or_(
                SearchWord.word.between(head, head + _AFTER),
                SearchWord.reversed.between(tail, tail + _AFTER),
            ),
            func.length(SearchWord.word).between(len(word) - 1, len(word) + 1),
        )
        .limit(MAX_CANDIDATES)
    ).all()
    close = [
        (row.documents, row.word)
        for row in rows
        if abs(len(row.word) - len(word)) <= 1
        and row.word != word
        and OSA.distance(word, row.word, score_cutoff=1) <= 1
    ]
    close.sort(key=lambda item: (-item[0], item[1]))
    return [found for _count, found in close[:limit]]
