"""A search: what was asked, what matched, in which order, and what to suggest."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from markupsafe import Markup
from sqlalchemy import Integer, bindparam, func, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import load_only

from kb import registry
from kb.extensions import db
from kb.policy import ANONYMOUS
from kb.search import analysis, engines, spelling
from kb.search.engines import Candidate, Filters
from kb.search.models import SearchDocument, SearchFacet
from kb.search.snippets import Wanted, highlight, snippet
from kb.timeutil import utcnow

PER_PAGE = 10
CAP = 100  # candidates ranked per query (and per title match); more is "more than"
MAX_WORDS = 12  # words of a query that are searched; the rest is ignored


@dataclass(frozen=True)
class Asked:
    """A query as the search understands it."""

    text: str
    words: list[analysis.Word]
    filters: Filters
    page: int = 1


@dataclass(frozen=True)
class Hit:
    kind: str
    label: str
    url: str
    title: Markup
    snippet: Markup
    date: datetime | None
    starts_at: datetime | None


@dataclass
class Results:
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    capped: bool = False  # more matched than were ranked
    cap: int = CAP
    per_page: int = PER_PAGE
    all_words: bool = True  # False: no document held every word; these hold some
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    upcoming: int = 0
    suggestion: str | None = None  # the query with its typos corrected
    ignored_words: int = 0
    page: int = 1

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / PER_PAGE))


def parse(text: str, filters: Filters, page: int = 1) -> Asked:
    found = list(analysis.words(text))
    return Asked(text=text, words=found, filters=filters, page=page)


def search(asked: Asked) -> Results:
    words = asked.words[:MAX_WORDS]
    results = Results(page=asked.page, ignored_words=max(0, len(asked.words) - MAX_WORDS))
    if not words:
        if asked.filters != Filters() and not asked.text:
            found = engines.browse(asked.filters, CAP, utcnow())
            return _collect(results, found, Wanted.of((), ()))
        return results
    # First every word as written: when documents hold them all, no word is unknown.
    as_written = [list(analysis.stems(word.folded)) for word in words]
    groups = as_written
    corrected: dict[str, str] = {}
    found = engines.candidates(groups, asked.filters, CAP, utcnow())
    if not found.found:
        groups, corrected = _groups(words)
        if corrected:
            results.suggestion = _suggestion(asked.text, corrected)
        if not all(groups):
            results.all_words = False  # a word nobody wrote is left out
        groups = [group for group in groups if group]
        if not groups:
            return results
        if groups != as_written:
            found = engines.candidates(groups, asked.filters, CAP, utcnow())
    wanted = Wanted.of(
        (term for group in groups for term in group),
        [word.folded for word in words] + list(corrected.values()),
    )
    if not found.found and len(groups) > 1:
        found = engines.candidates(groups, asked.filters, CAP, utcnow(), any_group=True)
        results.all_words = False
    return _collect(results, found, wanted)


def _collect(results: Results, found: engines.Candidates, wanted: Wanted) -> Results:
    ranked = _rank(found.found)
    results.total = len(ranked)
    results.capped = found.capped
    if results.total:
        results.facets, results.upcoming = _facets(ranked)
    start = (results.page - 1) * PER_PAGE
    results.hits = _hits(ranked[start : start + PER_PAGE], wanted)
    return results


def _groups(words: Sequence[analysis.Word]) -> tuple[list[list[str]], dict[str, str]]:
    """A group of alternative terms per word. A word nobody wrote stands for the known
    words one edit away (returned as typed → corrected), or else, if it is a compound,
    for its parts ("Personalbedarf" where only "Personal" and "Bedarf" are written)."""
    groups: list[list[str]] = []
    corrected: dict[str, str] = {}
    for word in words:
        # The word's own stems: documents hold the parts of their compounds as terms
        # too, so "Datenschutz" finds "Datenschutzbeauftragte", not the other way round.
        terms = list(analysis.stems(word.folded))
        if not any(engines.has_term(term) for term in terms):
            alternatives = spelling.corrections(word.folded)
            if alternatives:
                corrected[word.original] = alternatives[0]
            else:
                alternatives = list(analysis.parts(word.original))
            terms = []
            for alternative in alternatives:
                terms.extend(t for t in analysis.stems(alternative) if t not in terms)
        groups.append(terms)
    return groups, corrected


def _suggestion(text: str, corrected: dict[str, str]) -> str:
    out = []
    for match in analysis.WORD.finditer(text):
        token = match.group()
        out.append(corrected.get(token.lower(), token))
    return " ".join(out)


def _rank(found: list[Candidate]) -> list[Candidate]:
    """Best score first; scores within 1% of each other tie, and then the better liked,
    then the more recent record comes first."""
    if not found:
        return []
    best = max(candidate.score for candidate in found) or 1.0

    def key(candidate: Candidate) -> tuple[float, int, float, int]:
        return (
            -round(candidate.score / best, 2),
            -candidate.popularity,
            -candidate.when,
            -candidate.id,
        )

    return sorted(found, key=key)


def _facets(ranked: list[Candidate]) -> tuple[dict[str, list[tuple[str, int]]], int]:
    ids = [candidate.id for candidate in ranked]
    counts: dict[str, list[tuple[str, int]]] = {}
    if db.session.get_bind().dialect.name == "postgresql":
        # One array parameter instead of one per id (array() would build one per id).
        matching = SearchFacet.document_id == func.any(
            bindparam("document_ids", ids, type_=ARRAY(Integer))
        )
    else:
        matching = SearchFacet.document_id.in_(ids)
    rows = db.session.execute(
        select(SearchFacet.name, SearchFacet.value, func.count())
        .where(matching)
        .group_by(SearchFacet.name, SearchFacet.value)
    )
    for name, value, count in rows:
        counts.setdefault(name, []).append((value, count))
    for values in counts.values():
        values.sort(key=lambda item: (-item[1], item[0]))
    upcoming = sum(1 for candidate in ranked if candidate.upcoming)
    return counts, upcoming


def _hits(page: list[Candidate], wanted: Wanted) -> list[Hit]:
    if not page:
        return []
    documents: dict[int, SearchDocument] = {
        document.id: document
        for document in db.session.scalars(
            select(SearchDocument)
            .where(SearchDocument.id.in_([c.id for c in page]))
            .options(
                load_only(
                    SearchDocument.kind,
                    SearchDocument.record_id,
                    SearchDocument.title,
                    SearchDocument.summary,
                    SearchDocument.body,
                    SearchDocument.date,
                    SearchDocument.starts_at,
                )
            )
        )
    }
    types = registry.current()
    # The page's records, looked up once per type: anything no longer public drops out.
    by_kind: dict[str, list[int]] = {}
    for listed in documents.values():
        by_kind.setdefault(listed.kind, []).append(listed.record_id)
    described = {}
    for kind, ids in by_kind.items():
        content_type = types.get(kind)
        if content_type is not None:
            for record_id, item in content_type.describe(ids, ANONYMOUS).items():
                described[(kind, record_id)] = (content_type, item)
    hits = []
    for candidate in page:
        document = documents.get(candidate.id)
        if document is None or (document.kind, document.record_id) not in described:
            continue
        content_type, item = described[(document.kind, document.record_id)]
        hits.append(
            Hit(
                kind=document.kind,
                label=str(content_type.label),
                url=item.url,
                title=highlight(document.title, wanted),
                snippet=snippet((document.summary, document.body), wanted),
                date=document.date,
                starts_at=document.starts_at,
            )
        )
    return hits
