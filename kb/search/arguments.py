"""What /search accepts: the query, one type, facet values, upcoming, the page.

Every value is checked; what cannot be searched is told to the reader in plain words
with status 400 (and a page beyond the last one is a 404), never a 500 and never an
engine's syntax error.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from kb.directory import Level
from kb.extensions import db
from kb.numbers import number
from kb.regions import BY_CODE
from kb.search.engines import Filters
from kb.search.index import searchable_types
from kb.taxonomy import Platform, Topic
from kb.timeutil import utcnow

MAX_QUERY = 200
MAX_PAGE_DIGITS = 4
FACETS = ("topic", "platform", "level", "land")


@dataclass
class Arguments:
    query: str = ""
    kind: str = ""
    facets: dict[str, str] = field(default_factory=dict)
    upcoming: bool = False
    page: int = 1
    errors: list[str] = field(default_factory=list)

    def filters(self) -> Filters:
        return Filters(
            kind=self.kind or None,
            facets=tuple(sorted(self.facets.items())),
            starts_after=utcnow() if self.upcoming else None,
        )

    def params(self, **changes: Any) -> dict[str, Any]:
        """The URL parameters of this search, with some changed (None drops one)."""
        params: dict[str, Any] = {"q": self.query}
        if self.kind:
            params["type"] = self.kind
        params.update(self.facets)
        if self.upcoming:
            params["upcoming"] = "1"
        params.update(changes)
        return {key: value for key, value in params.items() if value not in (None, "")}

    @property
    def is_filtered(self) -> bool:
        return bool(self.kind or self.facets or self.upcoming)


def clean(text: str) -> str:
    """Control characters and other invisible marks become spaces; space is collapsed."""
    kept = [" " if unicodedata.category(char)[0] in "CZ" else char for char in text]
    return " ".join("".join(kept).split())


def parse(args: MultiDict[str, str]) -> Arguments:
    parsed = Arguments()
    raw = args.get("q", "")
    if len(raw) > MAX_QUERY:
        parsed.errors.append(
            ngettext(
                "The search is too long: at most %(max)s character, please.",
                "The search is too long: at most %(max)s characters, please.",
                MAX_QUERY,
                max=number(MAX_QUERY),
            )
        )
        raw = raw[:MAX_QUERY]
    parsed.query = clean(raw)
    kind = args.get("type", "")
    if kind:
        if kind in {content_type.name for content_type in searchable_types()}:
            parsed.kind = kind
        else:
            parsed.errors.append(_("There is no such type of content to search."))
    for name in FACETS:
        value = args.get(name, "")
        if not value:
            continue
        if _known(name, value):
            parsed.facets[name] = value
        else:
            parsed.errors.append(_("This filter does not exist: %(value)s", value=value[:40]))
    parsed.upcoming = args.get("upcoming", "") in ("1", "true", "on", "y")
    page = args.get("page", "1") or "1"
    if page.isascii() and page.isdigit() and len(page) <= MAX_PAGE_DIGITS and int(page) >= 1:
        parsed.page = int(page)
    else:
        parsed.errors.append(_("There is no such page of results."))
    return parsed


def _known(name: str, value: str) -> bool:
    if len(value) > 64:
        return False
    if name == "level":
        return value in {level.value for level in Level}
    if name == "land":
        return value in BY_CODE
    model = Topic if name == "topic" else Platform
    return db.session.scalar(select(model.id).where(model.slug == value)) is not None
