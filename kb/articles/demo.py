"""The demo entries (kb/demo_data/articles/) with their revisions.

One folder per entry, loaded in the order of the folder names: `entry.md` is the current
version, `revision-1.md`, `revision-2.md`, … are the earlier ones, oldest first. Each file
is Markdown under a YAML front matter (title, summary, and for the entry its author,
co-authors, status, moderation ("hidden", else visible), topics, platforms; for a revision
its author, note and `days_ago`).
Days count back from the day the demo is loaded; drafts have `published_days_ago: null`
and keep only their current version. Comments and likes on the entries are the community
feature's (kb/demo_data/community.yaml).

Idempotent: an entry whose slug exists is left alone, with everything attached to it.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

import yaml
from sqlalchemy import insert, select

from kb.articles.models import Article, ArticleRevision, article_coauthors
from kb.content.models import PublishState as Status
from kb.extensions import db
from kb.markdown import reading_minutes, render_markdown
from kb.standing import Standing
from kb.taxonomy import Platform, Topic
from kb.text import slugify
from kb.timeutil import utcnow
from kb.users import User

DATA = resources.files("kb") / "demo_data" / "articles"
FRONT_MATTER = "---\n"


def read_markdown(file: Traversable) -> dict[str, Any]:
    """The front matter of a Markdown file, with the text under it as "body"."""
    text = file.read_text(encoding="utf-8")
    if not text.startswith(FRONT_MATTER):
        raise ValueError(f"{file.name}: no front matter")
    meta, separator, body = text.removeprefix(FRONT_MATTER).partition(f"\n{FRONT_MATTER}")
    if not separator:
        raise ValueError(f"{file.name}: the front matter does not end")
    fields = yaml.safe_load(meta)
    if not isinstance(fields, dict):
        raise ValueError(f"{file.name}: the front matter is not a mapping")
    return {**fields, "body": body}


def _revision_number(file: Traversable) -> int:
    return int(file.name.removeprefix("revision-").removesuffix(".md"))


def demo_entries() -> list[dict[str, Any]]:
    """Each entry's fields, with its earlier versions under "revisions", oldest first."""
    entries = []
    for folder in sorted((item for item in DATA.iterdir() if item.is_dir()), key=lambda f: f.name):
        revisions = sorted(
            (file for file in folder.iterdir() if file.name.startswith("revision-")),
            key=_revision_number,
        )
        entry = read_markdown(folder / "entry.md")
        entry["revisions"] = [read_markdown(file) for file in revisions]
        entries.append(entry)
    return entries


def load() -> str:
    entries = demo_entries()
    created = load_articles(entries)
    return f"Demo entries: {created} created, {len(entries) - created} already there."


def load_articles(entries: list[dict[str, Any]]) -> int:
    users = {user.display_name: user for user in db.session.scalars(select(User))}
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
        history = entry["revisions"] if published else []
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
            # Hidden by the moderation (a demo of the notice readers get in its place).
            moderation=Standing(entry.get("moderation", Standing.VISIBLE)),
        )
        db.session.add(article)
        db.session.flush()
        # The demo's co-authors wrote with the author: they accepted long ago. Those
        # "invited" have not answered yet.
        named = [(name, True) for name in entry.get("coauthors") or []]
        named += [(name, False) for name in entry.get("invited") or []]
        if named:
            db.session.execute(
                insert(article_coauthors),
                [
                    {
                        "article_id": article.id,
                        "user_id": users[name].id,
                        "invited_at": article.created_at,
                        "accepted_at": article.created_at if accepted else None,
                    }
                    for name, accepted in named
                ],
            )
        if published_at is not None:
            _add_revisions(article, [*history, entry], published_at, users, now)
        created += 1
    db.session.flush()
    return created


def _add_revisions(
    article: Article,
    versions: list[dict[str, Any]],
    published_at: datetime,
    users: dict[str, User],
    now: datetime,
) -> None:
    """The history of a published entry: the first version on the day it was published,
    the current one (the last) a day ago at most."""
    latest = max(published_at, now - timedelta(days=1))
    for number, version in enumerate(versions, start=1):
        current = number == len(versions)
        if number == 1:
            saved = published_at
        elif current:
            saved = latest
        else:
            saved = now - timedelta(days=version["days_ago"])
        db.session.add(
            ArticleRevision(
                article_id=article.id,
                number=number,
                author_id=users[version["author"]].id,
                created_at=saved,
                note="" if current else version.get("note", ""),
                title=version["title"],
                summary=version["summary"],
                body=version["body"],
            )
        )
    if len(versions) > 1:
        article.updated_at = latest
