"""Free addresses ("slugs") for new records: "stadt-koeln", then "stadt-koeln-2", …."""

from __future__ import annotations

from collections.abc import Collection
from functools import lru_cache
from typing import Any

from flask import current_app
from sqlalchemy import or_, select
from werkzeug.routing import Map

from kb.extensions import db


def reserved(prefix: str) -> frozenset[str]:
    """The path segments the app's own routes use right below `prefix` ("/articles/"):
    a record with one of them as its slug would be hidden behind that route (an entry
    titled "Drafts" behind the list of drafts)."""
    return _reserved(current_app.url_map, prefix)


@lru_cache(maxsize=64)
def _reserved(url_map: Map, prefix: str) -> frozenset[str]:
    segments = set()
    for rule in url_map.iter_rules():
        if rule.rule.startswith(prefix):
            segment = rule.rule[len(prefix) :].split("/", 1)[0]
            if segment and "<" not in segment:
                segments.add(segment)
    return frozenset(segments)


def first_free(base: str, taken: Collection[str]) -> str:
    """`base`, or `base-2`, `base-3`, … whichever is not in `taken`."""
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def taken_like(
    column: Any, base: str, id_column: Any = None, own_id: int | None = None
) -> set[str]:
    """The values of `column` that are `base` or `base-…`, leaving out the record `own_id`."""
    query = select(column).where(or_(column == base, column.like(f"{base}-%")))
    if own_id is not None:
        query = query.where(id_column != own_id)
    return set(db.session.scalars(query))


def free_slug(column: Any, base: str, id_column: Any = None, own_id: int | None = None) -> str:
    """The first free slug from `base` in `column` (a record keeps its own)."""
    return first_free(base, taken_like(column, base, id_column, own_id))
