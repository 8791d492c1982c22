"""Who may see and change best-practice entries."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select, true

from kb.articles.models import Article, article_coauthors
from kb.content.models import PublishState
from kb.policy import is_member, is_moderator, is_user
from kb.standing import Standing


def owner_ids(article: Article) -> set[int]:
    """The creator and the co-authors who accepted (article.coauthors holds only them)."""
    ids = {user.id for user in article.coauthors}
    if article.creator_id is not None:
        ids.add(article.creator_id)
    return ids


def is_author(viewer: Any, article: Article) -> bool:
    """The creator or a co-author who accepted; an invitation alone gives no rights."""
    return is_member(viewer) and (
        is_user(viewer, article.creator_id) or any(co.id == viewer.id for co in article.coauthors)
    )


def can_edit(viewer: Any, article: Article) -> bool:
    """Authors edit, publish and restore their entries; moderators every entry."""
    return is_moderator(viewer) or is_author(viewer, article)


def can_view(viewer: Any, article: Article) -> bool:
    """Published entries are public unless moderation holds or hides them; drafts, held
    and hidden entries only for those who may edit them."""
    return article.is_public or can_edit(viewer, article)


def visible(viewer: Any) -> ColumnElement[bool]:
    """can_view() as an SQL condition."""
    if is_moderator(viewer):
        return true()
    published = and_(
        Article.status == PublishState.PUBLISHED, Article.moderation == Standing.VISIBLE
    )
    if not is_member(viewer):
        return published
    coauthored = select(article_coauthors.c.article_id).where(
        article_coauthors.c.user_id == viewer.id, article_coauthors.c.accepted_at.is_not(None)
    )
    return or_(published, Article.creator_id == viewer.id, Article.id.in_(coauthored))
