"""What the results page offers next to the hits: facets that narrow the search, and
for a search without hits, the topics and the newest entries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import url_for
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from kb import registry
from kb.directory import LEVEL_LABELS
from kb.extensions import db
from kb.policy import ANONYMOUS
from kb.regions import BY_CODE
from kb.registry import Described
from kb.search.arguments import Arguments
from kb.search.models import SearchDocument
from kb.search.service import Results
from kb.taxonomy import Platform, Topic

NEWEST = 5
MAX_OPTIONS = 20  # values shown per facet, the most frequent first

TITLES: dict[str, LazyString] = {
    "type": _l("Type"),
    "topic": _l("Topic"),
    "platform": _l("Platform"),
    "level": _l("Level"),
    "land": _l("Land"),
}


@dataclass(frozen=True)
class Option:
    label: str
    count: int
    url: str
    selected: bool


@dataclass(frozen=True)
class Group:
    name: str
    title: LazyString
    options: list[Option]


def _labels(name: str, values: list[str]) -> dict[str, str]:
    if name == "type":
        types = registry.current()
        return {value: str(t.label) for value in values if (t := types.get(value))}
    if name == "level":
        return {value: str(LEVEL_LABELS[value]) for value in values if value in LEVEL_LABELS}
    if name == "land":
        return {value: str(BY_CODE[value].name) for value in values if value in BY_CODE}
    model: Any = Topic if name == "topic" else Platform
    terms = db.session.scalars(select(model).where(model.slug.in_(values)))
    return {term.slug: term.name for term in terms}


def groups(results: Results, arguments: Arguments) -> list[Group]:
    """The facets of the results; choosing a value narrows the search (page 1), the
    chosen one takes the filter off again."""
    shown = []
    for name in ("type", "topic", "platform", "level", "land"):
        counted = results.facets.get(name, [])[:MAX_OPTIONS]
        if not counted:
            continue
        labels = _labels(name, [value for value, _count in counted])
        current = arguments.kind if name == "type" else arguments.facets.get(name, "")
        options = []
        for value, count in counted:
            if value not in labels:
                continue
            selected = value == current
            params = arguments.params(**{name: None if selected else value, "page": None})
            options.append(
                Option(labels[value], count, url_for("search.index", **params), selected)
            )
        if options:
            shown.append(Group(name, TITLES[name], options))
    return shown


def fallback() -> dict[str, Any]:
    """For a search without hits: every topic, and the newest entries."""
    topics = list(db.session.scalars(select(Topic).order_by(Topic.position)))
    newest: list[Described] = []
    articles = registry.current().get("article")
    if articles is not None:
        ids = list(
            db.session.scalars(
                select(SearchDocument.record_id)
                .where(SearchDocument.kind == "article")
                .order_by(SearchDocument.date.desc(), SearchDocument.id.desc())
                .limit(NEWEST)
            )
        )
        described = articles.describe(ids, ANONYMOUS)
        newest = [described[record_id] for record_id in ids if record_id in described]
    return {"topics": topics, "newest": newest}
