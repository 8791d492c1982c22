"""The Atom feed of published entries."""

from __future__ import annotations

from typing import Any, cast

from feedgen.feed import FeedGenerator
from flask import current_app, url_for
from flask_babel import gettext
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from kb.articles.models import Article
from kb.articles.service import ListQuery, list_statement
from kb.extensions import db
from kb.taxonomy import Platform, Topic

FEED_SIZE = 30


def atom(topic: str | None = None, platform: str | None = None) -> bytes:
    """The newest published entries, narrowed like the list (`?topic=`, `?platform=`)."""
    articles = list(
        db.session.scalars(
            list_statement(ListQuery(topic=topic, platform=platform))
            .options(selectinload(Article.creator), selectinload(Article.coauthors))
            .limit(FEED_SIZE)
        )
    )
    generator = FeedGenerator()
    site = current_app.config["KB_SITE_NAME"]
    names = [_name(Topic, topic), _name(Platform, platform)]
    narrowed = ", ".join(name for name in names if name)
    filters = {"topic": topic, "platform": platform}
    generator.id(url_for("articles.index", _external=True, **filters))
    generator.title(f"{site} – Praxiswissen" + (f": {narrowed}" if narrowed else ""))
    generator.subtitle("Praxiswissen für Social Media in Behörden")
    generator.link(href=url_for("articles.atom_feed", _external=True, **filters), rel="self")
    generator.link(href=url_for("articles.index", _external=True, **filters), rel="alternate")
    generator.language("de")
    if articles:
        generator.updated(max(article.updated_at for article in articles))
    for article in reversed(articles):  # feedgen prepends: add oldest first
        link = url_for("articles.show", slug=article.slug, _external=True)
        entry = generator.add_entry()
        entry.id(link)
        entry.title(article.title)
        entry.link(href=link)
        entry.published(article.published_at)
        entry.updated(article.updated_at)
        for author in article.authors:
            entry.author(name=author.display_name)
        if article.creator is None:  # kept under "deleted account" (account deletion)
            entry.author(name=gettext("deleted account"))
        if article.summary:
            entry.summary(article.summary)
        # body_html was sanitised on save; feed readers get the same safe HTML.
        entry.content(article.body_html, type="html")
    # feedgen is untyped; atom_str() returns the encoded XML.
    return cast(bytes, generator.atom_str(pretty=False))


def _name(model: Any, slug: str | None) -> str | None:
    if not slug:
        return None
    term = db.session.scalar(select(model).where(model.slug == slug))
    return str(term.name) if term is not None else None
