"""The product's sections: the navigation and the start page show those that exist yet."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, has_request_context, request, url_for
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Section:
    endpoint: str
    title: LazyString
    description: LazyString


SECTIONS = (
    Section(
        "articles.index",
        _l("Best practice"),
        _l("What works, and what failed: practitioners write down their experience."),
    ),
    Section(
        "cases.index",
        _l("Case studies"),
        _l("Real projects of authorities, with team size, budget, results and lessons."),
    ),
    Section(
        "authorities.index",
        _l("Authorities"),
        _l("Which authority is on which platform: the registry and the census."),
    ),
    Section(
        "events.index",
        _l("Events"),
        _l("Meetups, conferences, barcamps and webinars, also as a calendar feed."),
    ),
    Section("search.index", _l("Search"), _l("Search everything at once.")),
)


@dataclass(frozen=True)
class SectionLink:
    section: Section
    url: str | None


SECTIONS_KEY = "kb.site.sections"


def available_sections() -> list[SectionLink]:
    """Every section, with a URL where the feature is already part of the app.

    Worked out once per worker and path prefix: every template rendered (the page and
    each panel in it) asks for the navigation, and the links never change while the app runs.
    """
    known: dict[str, list[SectionLink]] = current_app.extensions.setdefault(SECTIONS_KEY, {})
    root = request.script_root if has_request_context() else ""
    links = known.get(root)
    if links is None:
        views = current_app.view_functions
        links = known[root] = [
            SectionLink(section, url_for(section.endpoint) if section.endpoint in views else None)
            for section in SECTIONS
        ]
    return list(links)
