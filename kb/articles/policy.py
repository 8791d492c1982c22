"""Who may see and change best-practice entries."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, bindparam, event, inspect, or_, select, true

from kb.articles.models import Article, article_coauthors
from kb.content.models import PublishState
from kb.extensions import db
from kb.policy import is_member, is_moderator, is_user
from kb.standing import Standing

# The ids of the co-authors who accepted, without loading them as members: an entry's page
# asks who its authors are twice (the edit button, the report link) and shows their names
# only in its kept text (kb.templating.shared_html).
COAUTHOR_IDS = select(article_coauthors.c.user_id).where(
    article_coauthors.c.article_id == bindparam("article_id"),
    article_coauthors.c.accepted_at.is_not(None),
)
_COAUTHOR_IDS_INFO = "kb.coauthor_ids"


def coauthor_ids(article: Article) -> frozenset[int]:
    """The co-authors who accepted: from article.coauthors where it is loaded (it holds
    only them), else read once and kept with the row while the session holds it."""
    state = inspect(article)
    if "coauthors" in state.dict or state.key is None:
        return frozenset(user.id for user in article.coauthors)
    ids: frozenset[int] | None = state.info.get(_COAUTHOR_IDS_INFO)
    if ids is None:
        ids = frozenset(db.session.scalars(COAUTHOR_IDS, {"article_id": article.id}))
        state.info[_COAUTHOR_IDS_INFO] = ids
    return ids


@event.listens_for(Article, "expire")
def _forget_coauthor_ids(article: Article, attrs: Any) -> None:
    """A commit, or a change of the co-authors (service.accept_invitation …), expires them."""
    if attrs is None or "coauthors" in attrs:
        inspect(article).info.pop(_COAUTHOR_IDS_INFO, None)


def owner_ids(article: Article) -> set[int]:
    """The creator and the co-authors who accepted."""
    ids = set(coauthor_ids(article))
    if article.creator_id is not None:
        ids.add(article.creator_id)
    return ids


def is_author(viewer: Any, article: Article) -> bool:
    """The creator or a co-author who accepted; an invitation alone gives no rights."""
    return is_member(viewer) and (
        is_user(viewer, article.creator_id) or viewer.id in coauthor_ids(article)
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
