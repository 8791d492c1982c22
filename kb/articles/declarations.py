"""What entries are to the rest of the app: a content type, a member's data, the start
page's newest entries, the demo."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from flask import render_template, url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, and_, delete, exists, or_, select
from sqlalchemy.orm import selectinload

from kb.articles import demo, policy, search, service
from kb.articles.models import Article, ArticleDraft, ArticleRevision, article_coauthors
from kb.content.models import PublishState
from kb.extensions import db
from kb.registry import (
    ContentType,
    DemoStep,
    NotificationKind,
    OnDelete,
    Panel,
    PersonalData,
    Registry,
)
from kb.templating import shared_html
from kb.timeutil import isoformat
from kb.users import User

START_PAGE_ENTRIES = 3


def article_url(article: Article) -> str:
    return url_for("articles.show", slug=article.slug)


def owned_by(user_id: int) -> ColumnElement[bool]:
    """Entries the member alone wrote: theirs (or, their creator gone, co-written by them
    alone) with no other co-author who accepted. Shared entries stay for the others."""
    accepted = article_coauthors.c.accepted_at.is_not(None)
    of_entry = article_coauthors.c.article_id == Article.id
    coauthor = exists().where(of_entry, accepted, article_coauthors.c.user_id == user_id)
    other_coauthor = exists().where(of_entry, accepted, article_coauthors.c.user_id != user_id)
    return and_(
        or_(Article.creator_id == user_id, and_(Article.creator_id.is_(None), coauthor)),
        ~other_coauthor,
    )


def preload(articles: Sequence[Article]) -> list[Any]:
    """The accepted co-authors of many entries in one query (owner_ids reads them)."""
    ids = [article.id for article in articles]
    if not ids:
        return []
    return list(
        db.session.scalars(
            select(Article).where(Article.id.in_(ids)).options(selectinload(Article.coauthors))
        )
    )


ARTICLE = ContentType(
    name="article",
    model=Article,
    label=_l("Best-practice entry"),
    title=Article.title,
    summary=Article.summary,
    url=article_url,
    url_columns=(Article.slug,),
    visible=policy.visible,
    can_view=policy.can_view,
    owner_ids=policy.owner_ids,
    community=True,
    lastmod=Article.updated_at,
    standing=Article.moderation,
    is_post=True,
    search=search.SEARCH,
    owned_by=owned_by,
    preload=preload,
)


def export_entries(user: User) -> list[dict[str, Any]]:
    articles = db.session.scalars(
        select(Article).where(Article.creator_id == user.id).order_by(Article.created_at)
    )
    return [
        {
            "slug": article.slug,
            "status": article.status.value,
            "title": article.title,
            "summary": article.summary,
            "body": article.body,
            "created_at": isoformat(article.created_at),
            "updated_at": isoformat(article.updated_at),
            "published_at": isoformat(article.published_at),
        }
        for article in articles
    ]


def export_revisions(user: User) -> list[dict[str, Any]]:
    rows = db.session.execute(
        select(ArticleRevision, Article.slug)
        .join(Article, ArticleRevision.article_id == Article.id)
        .where(ArticleRevision.author_id == user.id)
        .order_by(ArticleRevision.created_at, ArticleRevision.id)
    )
    return [
        {
            "entry": slug,
            "number": revision.number,
            "created_at": isoformat(revision.created_at),
            "note": revision.note,
            "title": revision.title,
            "summary": revision.summary,
            "body": revision.body,
        }
        for revision, slug in rows
    ]


def export_drafts(user: User) -> list[dict[str, Any]]:
    rows = db.session.execute(
        select(ArticleDraft, Article.slug)
        .join(Article, ArticleDraft.article_id == Article.id)
        .where(ArticleDraft.user_id == user.id)
        .order_by(ArticleDraft.saved_at)
    )
    return [
        {
            "entry": slug,
            "title": draft.title,
            "summary": draft.summary,
            "body": draft.body,
            "saved_at": isoformat(draft.saved_at),
        }
        for draft, slug in rows
    ]


def export_coauthorships(user: User) -> list[dict[str, Any]]:
    """Entries the member was named on as co-author: accepted, or still to be answered."""
    rows = db.session.execute(
        select(
            Article.slug,
            Article.title,
            article_coauthors.c.invited_at,
            article_coauthors.c.accepted_at,
        )
        .join(article_coauthors, article_coauthors.c.article_id == Article.id)
        .where(article_coauthors.c.user_id == user.id)
        .order_by(Article.id)
    )
    return [
        {
            "slug": row.slug,
            "title": row.title,
            "invited_at": isoformat(row.invited_at),
            "accepted_at": isoformat(row.accepted_at),
        }
        for row in rows
    ]


def delete_unpublished_entries(user: User) -> None:
    """Drafts nobody else writes on go with their author; published entries stay. An
    invitation nobody accepted does not keep a draft: only an accepted co-author writes on it."""
    coauthored = exists().where(
        article_coauthors.c.article_id == Article.id,
        article_coauthors.c.accepted_at.is_not(None),
    )
    db.session.execute(
        delete(Article).where(
            and_(
                Article.creator_id == user.id,
                Article.status == PublishState.DRAFT,
                ~coauthored,
            )
        )
    )


PERSONAL_DATA = (
    PersonalData(
        "entries",
        Article.creator_id,
        export_entries,
        OnDelete.ANONYMISE,
        before_delete=delete_unpublished_entries,
    ),
    PersonalData(
        "entry_revisions", ArticleRevision.author_id, export_revisions, OnDelete.ANONYMISE
    ),
    PersonalData("entry_working_copies", ArticleDraft.user_id, export_drafts, OnDelete.REMOVE),
    PersonalData(
        "coauthored_entries", article_coauthors.c.user_id, export_coauthorships, OnDelete.REMOVE
    ),
)


def start_panel(**_context: Any) -> str | None:
    """The newest entries: the same for every reader, so kept (kb.templating.shared_html)."""

    def render() -> str:
        latest = service.latest_published(START_PAGE_ENTRIES)
        if not latest:
            return ""
        return render_template("articles/_start_panel.html", latest=latest)

    return shared_html(("articles.start",), render) or None


def invited_message(data: Mapping[str, Any]) -> str:
    return str(
        gettext(
            "%(name)s invites you to write on “%(title)s” as a co-author.",
            name=data.get("actor") or gettext("Deleted account"),
            title=data["title"],
        )
    )


COAUTHOR_INVITED = NotificationKind(
    service.INVITED, _l("Invitations to write on an entry"), invited_message
)


def register(registry: Registry) -> None:
    registry.add_type(ARTICLE)
    registry.add_notification_kind(COAUTHOR_INVITED)
    registry.add_personal_data(*PERSONAL_DATA)
    registry.add_panel("start", Panel("latest-entries", start_panel, order=10))
    registry.add_demo_step(DemoStep("articles", demo.load, order=30))
