"""The Atom feed of published entries."""

from __future__ import annotations

from typing import cast

from feedgen.feed import FeedGenerator
from flask import current_app, url_for
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from kb.articles.models import Article
from kb.content.models import PublishState
from kb.extensions import db

FEED_SIZE = 30


def atom() -> bytes:
    articles = list(
        db.session.scalars(
            select(Article)
            .where(Article.status == PublishState.PUBLISHED)
            .options(selectinload(Article.creator), selectinload(Article.coauthors))
            .order_by(Article.published_at.desc(), Article.id.desc())
            .limit(FEED_SIZE)
        )
    )
    generator = FeedGenerator()
    site = current_app.config["KB_SITE_NAME"]
    generator.id(url_for("articles.index", _external=True))
    generator.title(f"{site} – Praxiswissen")
    generator.subtitle("Praxiswissen für Social Media in Behörden")
    generator.link(href=url_for("articles.atom_feed", _external=True), rel="self")
    generator.link(href=url_for("articles.index", _external=True), rel="alternate")
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
        if article.summary:
            entry.summary(article.summary)
        # body_html was sanitised on save; feed readers get the same safe HTML.
        entry.content(article.body_html, type="html")
    # feedgen is untyped; atom_str() returns the encoded XML.
    return cast(bytes, generator.atom_str(pretty=False))
