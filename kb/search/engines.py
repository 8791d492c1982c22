"""The two engines' full-text queries, with one contract: the best candidates of a query.

A candidate is a document that matches, with a score (higher is better). Ranking every
match is what makes a common word slow, so each engine returns at most `cap` of the
most recently indexed matches, plus at most `cap` matches in the title (the strongest
field), and only those are ranked. `Candidates.capped` says whether more matched.

Terms reach the engines as analysed words of [a-z0-9] only, and each is quoted: what
a reader types is never query syntax.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import text

from kb.extensions import db
from kb.timeutil import UTCDateTime

# A query: groups of alternative terms; a document matches a group if it holds one of
# its terms, and the query if it matches every group (or, with `any_group`, one).
Groups = Sequence[Sequence[str]]


@dataclass(frozen=True)
class Filters:
    kind: str | None = None
    facets: tuple[tuple[str, str], ...] = ()  # (name, value), every one must hold
    starts_after: datetime | None = None  # upcoming events only


@dataclass(frozen=True)
class Candidate:
    id: int
    score: float
    date: datetime | None
    popularity: int
    starts_at: datetime | None


@dataclass(frozen=True)
class Candidates:
    found: list[Candidate]
    capped: bool


def _filter_sql(filters: Filters, id_column: str, params: dict[str, Any]) -> str:
    """SQL conditions on a document id for the filters, with their parameters.

    The SQL in this module is put together from constant fragments only; every value
    is a bound parameter (hence the `noqa: S608`).
    """
    conditions = []
    if filters.kind:
        params["kind"] = filters.kind
        conditions.append(f"{id_column} IN (SELECT id FROM search_documents WHERE kind = :kind)")  # noqa: S608
    for number, (name, value) in enumerate(filters.facets):
        params[f"facet_name_{number}"] = name
        params[f"facet_value_{number}"] = value
        conditions.append(
            f"{id_column} IN (SELECT document_id FROM search_facets"  # noqa: S608
            f" WHERE name = :facet_name_{number} AND value = :facet_value_{number})"
        )
    if filters.starts_after is not None:
        params["starts_after"] = filters.starts_after
        conditions.append(
            f"{id_column} IN (SELECT id FROM search_documents"  # noqa: S608
            " WHERE starts_at >= :starts_after)"
        )
    return "".join(f" AND {condition}" for condition in conditions)


def _fts5(groups: Groups, any_group: bool, column: str | None = None) -> str:
    joined = (" OR " if any_group else " AND ").join(
        "(" + " OR ".join(f'"{term}"' for term in group) + ")" for group in groups
    )
    return f"{{{column}}} : ({joined})" if column else joined


def _tsquery(groups: Groups, any_group: bool, weight: str = "") -> str:
    return (" | " if any_group else " & ").join(
        "(" + " | ".join(f"'{term}'{weight}" for term in group) + ")" for group in groups
    )


def _check(groups: Groups) -> None:
    for group in groups:
        for term in group:
            if not (term.isascii() and term.isalnum()):
                raise ValueError(f"not an analysed term: {term!r}")


SQLITE_CANDIDATES = """
SELECT d.id, hits.score, d.date, d.popularity, d.starts_at, hits.part FROM (
  SELECT * FROM (
    SELECT rowid AS id, -bm25(search_fts, 10.0, 4.0, 1.0) AS score, 1 AS part
    FROM search_fts WHERE search_fts MATCH :match{filters}
    ORDER BY rowid DESC LIMIT :cap)
  UNION ALL
  SELECT * FROM (
    SELECT rowid AS id, -bm25(search_fts, 10.0, 4.0, 1.0) AS score, 2 AS part
    FROM search_fts WHERE search_fts MATCH :title_match{filters}
    ORDER BY rowid DESC LIMIT :cap)
) AS hits JOIN search_documents AS d ON d.id = hits.id
"""

POSTGRES_CANDIDATES = """
SELECT hits.id, hits.score, d.date, d.popularity, d.starts_at, hits.part FROM (
  (SELECT id, ts_rank(tsv, to_tsquery('simple', :match)) AS score, 1 AS part
   FROM search_documents WHERE tsv @@ to_tsquery('simple', :match){filters}
   ORDER BY id DESC LIMIT :cap)
  UNION ALL
  (SELECT id, ts_rank(tsv, to_tsquery('simple', :title_match)) AS score, 2 AS part
   FROM search_documents WHERE tsv @@ to_tsquery('simple', :title_match){filters}
   ORDER BY id DESC LIMIT :cap)
) AS hits JOIN search_documents AS d ON d.id = hits.id
"""


def candidates(groups: Groups, filters: Filters, cap: int, any_group: bool = False) -> Candidates:
    _check(groups)
    params: dict[str, Any] = {"cap": cap}
    if db.session.get_bind().dialect.name == "postgresql":
        params["match"] = _tsquery(groups, any_group)
        params["title_match"] = _tsquery(groups, any_group, ":A")
        sql = POSTGRES_CANDIDATES.format(filters=_filter_sql(filters, "id", params))
    else:
        params["match"] = _fts5(groups, any_group)
        params["title_match"] = _fts5(groups, any_group, "terms_title")
        sql = SQLITE_CANDIDATES.format(filters=_filter_sql(filters, "rowid", params))
    best: dict[int, Candidate] = {}
    in_first = 0
    statement = text(sql).columns(date=UTCDateTime(), starts_at=UTCDateTime())
    for row in db.session.execute(statement, params):
        in_first += row.part == 1
        known = best.get(row.id)
        if known is None or row.score > known.score:
            best[row.id] = Candidate(
                row.id, float(row.score), row.date, row.popularity, row.starts_at
            )
    return Candidates(list(best.values()), capped=in_first >= cap)


def browse(filters: Filters, cap: int) -> Candidates:
    """Without words: the documents the filters leave, the most recently indexed first."""
    params: dict[str, Any] = {"cap": cap}
    sql = (
        "SELECT id, 0.0 AS score, date, popularity, starts_at FROM search_documents"  # noqa: S608
        f" WHERE 1 = 1{_filter_sql(filters, 'id', params)} ORDER BY id DESC LIMIT :cap"
    )
    statement = text(sql).columns(date=UTCDateTime(), starts_at=UTCDateTime())
    found = [
        Candidate(row.id, float(row.score), row.date, row.popularity, row.starts_at)
        for row in db.session.execute(statement, params)
    ]
    return Candidates(found, capped=len(found) >= cap)


def has_term(term: str) -> bool:
    """Whether any document holds this analysed term."""
    _check([[term]])
    if db.session.get_bind().dialect.name == "postgresql":
        sql = "SELECT 1 FROM search_documents WHERE tsv @@ to_tsquery('simple', :q) LIMIT 1"
        query = f"'{term}'"
    else:
        sql = "SELECT 1 FROM search_fts WHERE search_fts MATCH :q LIMIT 1"
        query = f'"{term}"'
    return db.session.execute(text(sql), {"q": query}).first() is not None
