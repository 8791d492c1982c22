"""Writing entries: slugs, saving with revisions, conflicts, autosave, the list query."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, delete, or_, select
from sqlalchemy.orm import defer, joinedload, selectinload

from kb import cursors
from kb.articles.models import HISTORY, Article, ArticleDraft, ArticleRevision, article_coauthors
from kb.content import revisions
from kb.content.models import PublishState
from kb.extensions import db
from kb.markdown import reading_minutes, render_markdown
from kb.slugs import first_free, reserved, taken_like
from kb.taxonomy import Platform, Topic
from kb.text import slugify
from kb.timeutil import utcnow
from kb.users import User

PAGE_SIZE = 20


# --- slugs ------------------------------------------------------------------------------


def unique_slug(title: str, article_id: int | None = None) -> str:
    base = slugify(title, max_length=80) or "eintrag"
    taken = taken_like(Article.slug, base, Article.id, article_id) | reserved("/articles/")
    return first_free(base, taken)


# --- saving -------------------------------------------------------------------------------


@dataclass
class ArticleInput:
    title: str
    summary: str
    body: str
    topics: list[Topic] = field(default_factory=list)
    platforms: list[Platform] = field(default_factory=list)
    coauthors: list[User] = field(default_factory=list)


def _apply(article: Article, data: ArticleInput) -> None:
    article.title = data.title
    article.summary = data.summary
    article.body = data.body
    article.body_html = render_markdown(data.body)
    article.reading_minutes = reading_minutes(data.body)
    article.topics = data.topics
    article.platforms = data.platforms
    article.coauthors = [user for user in data.coauthors if user.id != article.creator_id]
    if not article.is_published:
        # Until it is published the address may follow the title; afterwards it is stable.
        with db.session.no_autoflush:
            article.slug = unique_slug(data.title, article.id)


def create_article(author: User, data: ArticleInput, publish: bool) -> Article:
    article = Article(creator_id=author.id, status=PublishState.DRAFT, version=1)
    article.creator = author
    _apply(article, data)
    db.session.add(article)
    db.session.flush()
    if publish:
        publish_article(article, author)
    return article


def update_article(
    article: Article, author: User, data: ArticleInput, base_version: int, note: str = ""
) -> Article:
    """Save an edit; refuse it (EditConflict) if the entry changed since the editor
    loaded `base_version`."""
    revisions.check_version(article, base_version)
    _apply(article, data)
    revisions.saved(HISTORY, article, author, note)
    discard_working_copy(article, author)
    return article


def publish_article(article: Article, author: User) -> None:
    revisions.publish(HISTORY, article, author)


def unpublish_article(article: Article) -> None:
    revisions.unpublish(article)


def restore_revision(article: Article, revision: ArticleRevision, author: User, note: str) -> None:
    def apply(texts: dict[str, str]) -> None:
        _apply(
            article,
            ArticleInput(
                **texts,
                topics=list(article.topics),
                platforms=list(article.platforms),
                coauthors=list(article.coauthors),
            ),
        )

    revisions.restore(HISTORY, article, revision, author, note, apply)
    discard_working_copy(article, author)


# --- autosave -------------------------------------------------------------------------------


def autosave(article: Article, author: User, data: ArticleInput, base_version: int) -> datetime:
    """Keep the author's text safe while typing.

    A draft is saved in place (nobody reads it yet); a published entry gets a private
    working copy, so half-finished sentences never reach readers.
    """
    revisions.check_version(article, base_version)
    now = utcnow()
    if not article.is_published:
        _apply(article, data)
        article.updated_at = now
        return now
    copy = db.session.get(ArticleDraft, (article.id, author.id))
    if copy is None:
        copy = ArticleDraft(article_id=article.id, user_id=author.id)
        db.session.add(copy)
    copy.base_version = article.version
    copy.title, copy.summary, copy.body = data.title, data.summary, data.body
    copy.saved_at = now
    return now


def working_copy(article: Article, author: User) -> ArticleDraft | None:
    copy = db.session.get(ArticleDraft, (article.id, author.id))
    if copy is None or copy.base_version != article.version:
        return None
    return copy


def discard_working_copy(article: Article, author: User) -> None:
    db.session.execute(
        delete(ArticleDraft).where(
            ArticleDraft.article_id == article.id, ArticleDraft.user_id == author.id
        )
    )


# --- the list -------------------------------------------------------------------------------

SORTS = {
    "newest": Article.published_at,
    "liked": Article.like_count,
    "updated": Article.updated_at,
}


@dataclass
class ListQuery:
    topic: str | None = None
    platform: str | None = None
    sort: str = "newest"
    after: str | None = None


@dataclass
class ArticlePage:
    articles: list[Article]
    next_cursor: str | None


def encode_cursor(article: Article, sort: str) -> str:
    return cursors.encode(f"articles:{sort}", getattr(article, SORTS[sort].key), article.id)


def decode_cursor(cursor: str, sort: str) -> tuple[Any, int]:
    """The position in the list in this order (a cursor of another order is refused)."""
    if sort in ("newest", "updated"):
        return cursors.decode_moment(cursor, f"articles:{sort}")
    value, article_id = cursors.decode(cursor, f"articles:{sort}")
    if not isinstance(value, int):
        raise cursors.InvalidCursor()
    return value, article_id


def list_statement(query: ListQuery) -> Select[Article]:
    column = SORTS[query.sort]
    statement = select(Article).where(Article.status == PublishState.PUBLISHED)
    if query.topic:
        statement = statement.where(Article.topics.any(Topic.slug == query.topic))
    if query.platform:
        statement = statement.where(Article.platforms.any(Platform.slug == query.platform))
    if query.after:
        value, article_id = decode_cursor(query.after, query.sort)
        # Keyset pagination: page 500 costs what page 1 costs.
        statement = statement.where(
            or_(column < value, and_(column == value, Article.id < article_id))
        )
    return statement.order_by(column.desc(), Article.id.desc())


def list_articles(query: ListQuery, page_size: int = PAGE_SIZE) -> ArticlePage:
    statement = (
        list_statement(query)
        .options(
            # The list shows no text: leave the (long) body out of the query.
            defer(Article.body),
            defer(Article.body_html),
            joinedload(Article.creator),
            selectinload(Article.topics),
            selectinload(Article.platforms),
            selectinload(Article.coauthors),
        )
        .limit(page_size + 1)
    )
    articles = list(db.session.scalars(statement))
    next_cursor = None
    if len(articles) > page_size:
        articles = articles[:page_size]
        next_cursor = encode_cursor(articles[-1], query.sort)
    return ArticlePage(articles, next_cursor)


def latest_published(limit: int) -> list[Article]:
    return list_articles(ListQuery(), page_size=limit).articles


def drafts_of(user: User) -> list[Article]:
    coauthored = select(article_coauthors.c.article_id).where(
        article_coauthors.c.user_id == user.id
    )
    return list(
        db.session.scalars(
            select(Article)
            .where(
                Article.status == PublishState.DRAFT,
                or_(Article.creator_id == user.id, Article.id.in_(coauthored)),
            )
            .order_by(Article.updated_at.desc())
            .limit(100)
        )
    )
