"""Demo entries (kb/demo_articles.py) with their revisions, comments, replies and likes.

Idempotent: an entry whose slug exists is left alone, with everything attached to it.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select

from kb.accounts.models import User
from kb.articles.models import Article, ArticleRevision, Status
from kb.community.models import Comment, Like
from kb.extensions import db
from kb.markdown import reading_minutes, render_markdown, render_plain
from kb.taxonomy.models import Platform, Topic
from kb.text import slugify
from kb.timeutil import utcnow


def _users_by_name() -> dict[str, User]:
    return {user.display_name: user for user in db.session.scalars(select(User))}


def load_articles(entries: list[dict[str, Any]]) -> int:
    users = _users_by_name()
    topics = {term.slug: term for term in db.session.scalars(select(Topic))}
    platforms = {term.slug: term for term in db.session.scalars(select(Platform))}
    now = utcnow()
    created = 0
    for entry in entries:
        slug = slugify(entry["title"], max_length=80)
        if db.session.scalar(select(Article.id).where(Article.slug == slug)):
            continue
        author = users[entry["author"]]
        published = entry["status"] == "published"
        history = entry.get("revisions", []) if published else []
        published_at = now - timedelta(days=entry["published_days_ago"] or 0) if published else None
        article = Article(
            slug=slug,
            title=entry["title"],
            summary=entry["summary"],
            body=entry["body"],
            body_html=render_markdown(entry["body"]),
            reading_minutes=reading_minutes(entry["body"]),
            status=Status.PUBLISHED if published else Status.DRAFT,
            creator_id=author.id,
            created_at=published_at or now - timedelta(days=2),
            published_at=published_at,
            updated_at=published_at or now - timedelta(days=1),
            version=1 + len(history) + (1 if published else 0),
            topics=[topics[slug] for slug in entry["topics"]],
            platforms=[platforms[slug] for slug in entry["platforms"]],
            coauthors=[users[name] for name in entry.get("coauthors", [])],
        )
        db.session.add(article)
        db.session.flush()
        if published:
            versions = [*history, {**entry, "note": "", "days_ago": None}]
            for number, version in enumerate(versions, start=1):
                saved = (
                    published_at
                    if number == 1
                    else now - timedelta(days=version["days_ago"])
                    if version["days_ago"] is not None
                    else max(published_at, now - timedelta(days=1))
                )
                db.session.add(
                    ArticleRevision(
                        article_id=article.id,
                        number=number,
                        author_id=users[version.get("author", entry["author"])].id,
                        created_at=saved,
                        note=version.get("note", ""),
                        title=version["title"],
                        summary=version["summary"],
                        body=version["body"],
                    )
                )
            if len(versions) > 1:
                article.updated_at = max(published_at, now - timedelta(days=1))
            _load_comments(article, entry.get("comments", []), users, now)
            for name in entry.get("likes", []):
                db.session.add(
                    Like(target_type="article", target_id=article.id, user_id=users[name].id)
                )
            article.like_count = len(entry.get("likes", []))
        created += 1
    db.session.flush()
    return created


def _load_comments(
    article: Article, comments: list[dict[str, Any]], users: dict[str, User], now: Any
) -> None:
    count = 0
    for spec in comments:
        parent = _comment(article, spec, users, now, None)
        count += 1
        for reply in spec.get("replies", []):
            _comment(article, reply, users, now, parent.id)
            count += 1
    article.comment_count = count


def _comment(
    article: Article, spec: dict[str, Any], users: dict[str, User], now: Any, parent_id: int | None
) -> Comment:
    comment = Comment(
        target_type="article",
        target_id=article.id,
        parent_id=parent_id,
        author_id=users[spec["author"]].id,
        body=spec["body"],
        body_html=render_plain(spec["body"]),
        submission_key=secrets.token_hex(16),
        # A fixed hour per comment: the demo is the same on every machine.
        created_at=now - timedelta(days=spec["days_ago"], hours=1 + len(spec["body"]) % 9),
    )
    db.session.add(comment)
    db.session.flush()
    return comment


def load_synthetic(count: int) -> int:
    """Add `count` plain synthetic entries (for benchmarks), marked as such in the title."""
    author = db.session.scalar(select(User).order_by(User.id))
    if author is None or count <= 0:
        return 0
    topics = list(db.session.scalars(select(Topic)))
    existing = db.session.scalar(
        select(func.count())
        .select_from(Article)
        .where(Article.slug.like("synthetischer-eintrag-%"))
    )
    now = utcnow()
    body = (
        "## Ausgangslage\n\nEin synthetischer Eintrag für Lasttests.\n\n"
        "- Punkt eins\n- Punkt zwei\n"
    )
    html = render_markdown(body)
    for number in range(existing + 1, existing + count + 1):
        when = now - timedelta(minutes=number)
        article = Article(
            slug=f"synthetischer-eintrag-{number}",
            title=f"Synthetischer Eintrag {number} (Demo)",
            summary="Automatisch erzeugt, um Listen und Suche unter Last zu messen.",
            body=body,
            body_html=html,
            status=Status.PUBLISHED,
            creator_id=author.id,
            created_at=when,
            published_at=when,
            updated_at=when,
            like_count=number % 7,
            topics=[topics[number % len(topics)]] if topics else [],
        )
        db.session.add(article)
        if number % 500 == 0:
            db.session.flush()
    db.session.flush()
    return count
