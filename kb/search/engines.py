"""The two engines' full-text queries, with one contract: the best candidates of a query.

A candidate is a document that matches, with a score (higher is better). Ranking every
match is what makes a common word slow, so each engine returns at most `cap` of the
most recently indexed matches, plus at most `cap` matches in the title (the strongest
field, with an index of its own), and only those are ranked, by kb.search.ranking, the
same on both engines. `Candidates.capped` says whether more matched.

Terms reach the engines as analysed words of [a-z0-9] only, and each is quoted: what
a reader types is never query syntax.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import Dialect, text

from kb.extensions import db
from kb.search import ranking
from kb.search.models import SearchTerm
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
    when: float  # the document's date in seconds since 1970 (0 without one)
    popularity: int
    upcoming: bool  # an event that has not started yet


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


def _fts5(groups: Groups, any_group: bool) -> str:
    return (" OR " if any_group else " AND ").join(
        "(" + " OR ".join(f'"{term}"' for term in group) + ")" for group in groups
    )


def _tsquery(groups: Groups, any_group: bool) -> str:
    return (" | " if any_group else " & ").join(
        "(" + " | ".join(f"'{term}'" for term in group) + ")" for group in groups
    )


def _check(groups: Groups) -> None:
    for group in groups:
        for term in group:
            if not (term.isascii() and term.isalnum()):
                raise ValueError(f"not an analysed term: {term!r}")


# The columns of a candidate, computed in SQL: cheaper than converting dates in Python.
SQLITE_COLUMNS = (
    "COALESCE(CAST(strftime('%s', d.date) AS REAL), 0) AS moment, d.popularity,"
    " COALESCE(d.starts_at >= :now, 0) AS upcoming"
)
POSTGRES_COLUMNS = (
    "COALESCE(EXTRACT(EPOCH FROM d.date), 0) AS moment, d.popularity,"
    " COALESCE(d.starts_at >= :now, false) AS upcoming"
)

# Each part finds the ids of its newest matches (a match in both counts as part 1); only
# those are ranked, by kb.search.ranking from their analysed fields.
SQLITE_CANDIDATES = """
SELECT d.id, {columns}, d.terms_title, d.terms_summary, d.terms_body, hit.part FROM (
  SELECT id, min(part) AS part FROM (
    SELECT * FROM (
      SELECT rowid AS id, 1 AS part FROM search_fts WHERE search_fts MATCH :match{filters}
      ORDER BY rowid DESC LIMIT :cap)
    UNION ALL
    SELECT * FROM (
      SELECT rowid AS id, 2 AS part FROM search_titles WHERE search_titles MATCH :match{filters}
      ORDER BY rowid DESC LIMIT :cap)
  ) GROUP BY id
) AS hit JOIN search_documents AS d ON d.id = hit.id
"""

# {order_body} and {order_title} are chosen per query by _postgres_order(); each
# candidate is looked up by its key (LATERAL: a join could hash the whole table).
POSTGRES_CANDIDATES = """
SELECT found.* FROM (
  SELECT id, min(part) AS part FROM (
    (SELECT id, 1 AS part FROM search_documents AS d
     WHERE d.tsv @@ to_tsquery('simple', :match){filters} ORDER BY {order_body} DESC LIMIT :cap)
    UNION ALL
    (SELECT id, 2 AS part FROM search_documents AS d
     WHERE d.title_tsv @@ to_tsquery('simple', :match){filters}
     ORDER BY {order_title} DESC LIMIT :cap)
  ) AS parts GROUP BY id
) AS hit CROSS JOIN LATERAL (
  SELECT d.id, {columns}, d.terms_title, d.terms_summary, d.terms_body, hit.part
  FROM search_documents AS d WHERE d.id = hit.id
) AS found
"""
POSTGRES_ESTIMATE = """
EXPLAIN (FORMAT JSON)
SELECT 1 FROM search_documents WHERE tsv @@ to_tsquery('simple', :match)
UNION ALL
SELECT 1 FROM search_documents WHERE title_tsv @@ to_tsquery('simple', :match)
"""
# Measured at 120,000 documents: testing one document while walking the key costs about
# twice what reading one match through the GIN index does.
WALK_COST = 2.0


def _postgres_order(params: dict[str, Any], documents: int) -> tuple[str, str]:
    """How each part walks to its newest matches.

    Walking the primary key backwards and testing each document is fast when most
    documents match, and reads the whole table when few do (a rare pair of words: 170 ms
    at 100,000 documents); the GIN index is the other way round. PostgreSQL's planner
    does not know what testing a large tsvector costs, so it is asked for its estimate
    of the matches only, and "ORDER BY id + 0" (which the primary key cannot serve)
    sends it to the GIN index when they are few.
    """
    plan = db.session.execute(text(POSTGRES_ESTIMATE), {"match": params["match"]}).scalar_one()
    parts = plan[0]["Plan"].get("Plans", [])
    if len(parts) != 2:  # the planner saw that one part finds nothing: either walk is cheap
        return ("d.id", "d.id")
    orders = []
    for part in parts:
        matches = max(1.0, float(part["Plan Rows"]))
        # Walking tests about cap / (matches / documents) documents; the GIN index
        # reads every match.
        walk = WALK_COST * params["cap"] * max(documents, 1) / matches
        orders.append("d.id + 0" if matches < walk else "d.id")
    return orders[0], orders[1]


def _postgres() -> bool:
    return bool(db.session.get_bind().dialect.name == "postgresql")


def candidates(
    groups: Groups, filters: Filters, cap: int, now: datetime, any_group: bool = False
) -> Candidates:
    _check(groups)
    statistics = ranking.Statistics.of(term for group in groups for term in group)
    params: dict[str, Any] = {"cap": cap, "now": now}
    if _postgres():
        params["match"] = _tsquery(groups, any_group)
        order_body, order_title = _postgres_order(params, statistics.documents)
        sql = POSTGRES_CANDIDATES.format(
            columns=POSTGRES_COLUMNS,
            filters=_filter_sql(filters, "d.id", params),
            order_body=order_body,
            order_title=order_title,
        )
    else:
        params["match"] = _fts5(groups, any_group)
        sql = SQLITE_CANDIDATES.format(
            columns=SQLITE_COLUMNS, filters=_filter_sql(filters, "rowid", params)
        )
    rows = db.session.execute(text(sql), _bound(params)).all()
    found = [
        Candidate(
            row.id,
            ranking.score((row.terms_title, row.terms_summary, row.terms_body), statistics),
            float(row.moment),
            row.popularity,
            bool(row.upcoming),
        )
        for row in rows
    ]
    return Candidates(found, capped=sum(row.part == 1 for row in rows) >= cap)


@cache
def _date_processor(dialect: Dialect) -> Callable[[Any], Any] | None:
    return UTCDateTime().bind_processor(dialect)


def _bound(params: dict[str, Any]) -> dict[str, Any]:
    """Dates as the column type stores them (text on SQLite, timestamptz on PostgreSQL)."""
    processor = _date_processor(db.session.get_bind().dialect)
    return {
        key: processor(value) if processor and isinstance(value, datetime) else value
        for key, value in params.items()
    }


def browse(filters: Filters, cap: int, now: datetime) -> Candidates:
    """Without words: the documents the filters leave, the most recently indexed first."""
    params: dict[str, Any] = {"cap": cap, "now": now}
    columns = POSTGRES_COLUMNS if _postgres() else SQLITE_COLUMNS
    sql = (
        f"SELECT d.id, 0.0 AS score, {columns} FROM search_documents AS d"  # noqa: S608
        f" WHERE 1 = 1{_filter_sql(filters, 'd.id', params)} ORDER BY d.id DESC LIMIT :cap"
    )
    found = [
        Candidate(row.id, 0.0, float(row.moment), row.popularity, bool(row.upcoming))
        for row in db.session.execute(text(sql), _bound(params))
    ]
    return Candidates(found, capped=len(found) >= cap)


def has_term(term: str) -> bool:
    """Whether any document holds this analysed term."""
    _check([[term]])
    return db.session.get(SearchTerm, term) is not None
