"""Writing entries: slugs, saving with revisions, conflicts, autosave, the list query."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask import url_for
from sqlalchemy import Select, and_, delete, insert, or_, select, update
from sqlalchemy.orm import defer, joinedload, selectinload

from kb import cursors, screening
from kb.articles import policy
from kb.articles.models import HISTORY, Article, ArticleDraft, ArticleRevision, article_coauthors
from kb.content import revisions
from kb.content.models import PublishState
from kb.extensions import db
from kb.markdown import reading_minutes, render_markdown
from kb.notify import notify
from kb.policy import ANONYMOUS
from kb.screening import Admission
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
    # None: leave the co-authors and invitations as they are (autosave, restoring).
    coauthors: list[User] | None = field(default_factory=list)


def _apply(article: Article, data: ArticleInput) -> None:
    article.title = data.title
    article.summary = data.summary
    article.body = data.body
    article.body_html = render_markdown(data.body)
    article.reading_minutes = reading_minutes(data.body)
    article.topics = data.topics
    article.platforms = data.platforms
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
    if data.coauthors is not None:
        name_coauthors(article, data.coauthors, author)
    if publish:
        publish_article(article, author)
    return article


def update_article(
    article: Article, author: User, data: ArticleInput, base_version: int, note: str = ""
) -> Article:
    """Save an edit; refuse it (EditConflict) if the entry changed since the editor
    loaded `base_version`. An edit of a published entry is screened again (watched words)."""
    revisions.check_version(article, base_version)
    _apply(article, data)
    if data.coauthors is not None:
        name_coauthors(article, data.coauthors, author)
    revisions.saved(HISTORY, article, author, note)
    discard_working_copy(article, author)
    if article.is_published:
        screen(article, author, new=False)
    return article


def screen(article: Article, author: User, new: bool) -> Admission:
    """Hold the entry for review if it must wait (kb.screening): a new member's first
    publication, a watched word."""
    return screening.admit(
        "article", article, author, [article.title, article.summary, article.body], new=new
    )


def publish_article(article: Article, author: User) -> Admission:
    """Publish a draft; the first publication of an entry is a new post, which a new
    member's waits for review. Publishing again after unpublishing is screened like an
    edit."""
    if article.is_published:
        return Admission(article.moderation)
    first = article.published_at is None
    revisions.publish(HISTORY, article, author)
    return screen(article, author, new=first)


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
                coauthors=None,
            ),
        )

    revisions.restore(HISTORY, article, revision, author, note, apply)
    discard_working_copy(article, author)
    if article.is_published:
        screen(article, author, new=False)


# --- co-authors ----------------------------------------------------------------------------


# The notification a member gets when someone names them as co-author of an entry.
INVITED = "coauthor.invited"


def name_coauthors(article: Article, users: list[User], inviter: User) -> None:
    """The co-authors the form names: new names are invited (and notified), names left
    out lose their invitation or co-authorship, and those named before keep what they had
    (an accepted co-author stays accepted when someone saves the entry again)."""
    wanted = {user.id for user in users if user.id != article.creator_id}
    rows = article_coauthors.c
    named = set(db.session.scalars(select(rows.user_id).where(rows.article_id == article.id)))
    if named - wanted:
        db.session.execute(
            delete(article_coauthors).where(
                rows.article_id == article.id, rows.user_id.in_(named - wanted)
            )
        )
    if wanted - named:
        db.session.execute(
            insert(article_coauthors),
            [
                {"article_id": article.id, "user_id": user_id, "invited_at": utcnow()}
                for user_id in sorted(wanted - named)
            ],
        )
        # The invitations wait on the invitee's drafts page, with accept and decline.
        notify(
            wanted - named,
            INVITED,
            url=url_for("articles.drafts"),
            actor_id=inviter.id,
            data={"actor": inviter.display_name, "title": article.title},
        )
    db.session.expire(article, ["coauthors", "invitees"])


def _invitation(article_id: int, user: User) -> Any:
    rows = article_coauthors.c
    return and_(rows.article_id == article_id, rows.user_id == user.id, rows.accepted_at.is_(None))


def has_invitation(article: Article, user: User) -> bool:
    found = db.session.scalar(
        select(article_coauthors.c.user_id).where(_invitation(article.id, user))
    )
    return found is not None


def accept_invitation(article: Article, user: User) -> None:
    db.session.execute(
        update(article_coauthors).where(_invitation(article.id, user)).values(accepted_at=utcnow())
    )
    db.session.expire(article, ["coauthors", "invitees"])


def decline_invitation(article: Article, user: User) -> None:
    db.session.execute(delete(article_coauthors).where(_invitation(article.id, user)))
    db.session.expire(article, ["coauthors", "invitees"])


def invitations_for(user: User) -> list[Article]:
    """The entries `user` has been invited to write on and has not answered yet."""
    rows = article_coauthors.c
    return list(
        db.session.scalars(
            select(Article)
            .join(article_coauthors, rows.article_id == Article.id)
            .where(rows.user_id == user.id, rows.accepted_at.is_(None))
            .options(defer(Article.body), defer(Article.body_html), joinedload(Article.creator))
            .order_by(rows.invited_at.desc())
            .limit(100)
        )
    )


def accepted_coauthorships(user: User) -> Select[tuple[int]]:
    """The ids of the entries `user` writes on as an accepted co-author."""
    rows = article_coauthors.c
    return select(rows.article_id).where(rows.user_id == user.id, rows.accepted_at.is_not(None))


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
    # Published and neither held nor hidden by moderation: what every reader may see.
    statement = select(Article).where(policy.visible(ANONYMOUS))
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
            # The cards name the authors and nothing else of them: a whole user row
            # (profile text, password hash) per author was most of the loading.
            joinedload(Article.creator).load_only(User.display_name),
            selectinload(Article.topics),
            selectinload(Article.platforms),
            selectinload(Article.coauthors).load_only(User.display_name),
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
    coauthored = accepted_coauthorships(user)
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
