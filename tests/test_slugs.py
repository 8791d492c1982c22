"""No record's address is shadowed by one of the app's own routes (kb.slugs.reserved)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask

from kb.articles import service as article_service
from kb.articles.service import ArticleInput
from kb.authorities import validation
from kb.cases import service as case_service
from kb.events import editing
from kb.events.models import Event
from kb.extensions import db
from kb.slugs import reserved
from tests.conftest import Client

SHOWN_BELOW: dict[str, tuple[str, Callable[[str], str]]] = {
    "/articles/": ("articles.show", lambda title: article_service.unique_slug(title)),
    "/cases/": ("cases.show", lambda title: case_service.unique_slug(title)),
    "/events/": ("events.show", lambda title: editing.unique_slug(Event, title, None)),
    "/authorities/": ("authorities.show", lambda title: validation.unique_slug(title)),
}


@pytest.mark.parametrize("prefix", sorted(SHOWN_BELOW))
def test_a_title_that_names_a_route_gets_a_slug_of_its_own(app: Flask, prefix: str) -> None:
    endpoint, slug_for = SHOWN_BELOW[prefix]
    with app.test_request_context():
        words = reserved(prefix)
        # The walk over the URL map finds the type's own pages ("new" for every type).
        assert "new" in words, words
        adapter = app.url_map.bind("localhost")
        for word in sorted(words):
            title = word.replace(".", " ").title()  # "feed.atom" → "Feed Atom"
            slug = slug_for(title)
            matched, _arguments = adapter.match(prefix + slug)
            assert matched == endpoint, (title, slug, matched)


@pytest.mark.parametrize("title", ["New", "Drafts", "Preview", "Autosave"])
def test_an_entry_titled_like_a_route_is_reachable(
    app: Flask, client: Client, make_user: Any, title: str
) -> None:
    author = make_user()
    with app.test_request_context():
        assert title.lower() in reserved("/articles/")  # a route of its own
        article = article_service.create_article(
            db.session.merge(author),
            ArticleInput(title=title, summary="Kurz", body="Text des Eintrags."),
            publish=True,
        )
        db.session.commit()
        slug = article.slug
    assert slug != title.lower()
    page = client.get(f"/articles/{slug}")
    assert page.status_code == 200 and f">{title}<" in page.get_data(as_text=True)
