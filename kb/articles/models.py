from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Index, Integer, String, Table, Text, and_
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kb.content.models import Publishable, RevisionRecord
from kb.content.revisions import History
from kb.extensions import Model, db
from kb.taxonomy import Platform, Topic
from kb.timeutil import UTCDateTime, utcnow
from kb.users import User

article_topics = Table(
    "article_topics",
    db.metadata,
    Column("article_id", ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("topic_id", ForeignKey("topics.id", ondelete="CASCADE"), primary_key=True, index=True),
)

article_platforms = Table(
    "article_platforms",
    db.metadata,
    Column("article_id", ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "platform_id", ForeignKey("platforms.id", ondelete="CASCADE"), primary_key=True, index=True
    ),
)

# Naming a member as co-author invites them; until they accept (accepted_at), they are
# neither shown as an author nor allowed to edit: nobody can be made to appear as the
# author of a text they never agreed to.
article_coauthors = Table(
    "article_coauthors",
    db.metadata,
    Column("article_id", ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True),
    Column("invited_at", UTCDateTime, default=utcnow, nullable=False),
    Column("accepted_at", UTCDateTime, nullable=True),
)


class Article(Publishable, Model):
    """A best-practice entry (Praxiswissen)."""

    __tablename__ = "articles"
    __table_args__ = (
        # One index per sort order of the list, each ending in id for keyset pagination.
        Index("ix_articles_status_published", "status", "published_at", "id"),
        Index("ix_articles_status_liked", "status", "like_count", "id"),
        Index("ix_articles_status_updated", "status", "updated_at", "id"),
        Index("ix_articles_moderation", "moderation"),  # the moderation queue
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(90), unique=True)
    title: Mapped[str] = mapped_column(String(160))
    summary: Mapped[str] = mapped_column(String(400), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    # Rendered and sanitised once on save, never on view.
    body_html: Mapped[str] = mapped_column(Text, default="")
    reading_minutes: Mapped[int] = mapped_column(Integer, default=1)
    like_count: Mapped[int] = mapped_column(Integer, default=0)
    comment_count: Mapped[int] = mapped_column(Integer, default=0)

    # Only those who accepted; written through the service (invitations), never here.
    coauthors: Mapped[list[User]] = relationship(
        secondary=article_coauthors,
        primaryjoin=lambda: Article.id == article_coauthors.c.article_id,
        secondaryjoin=lambda: and_(
            User.id == article_coauthors.c.user_id, article_coauthors.c.accepted_at.is_not(None)
        ),
        order_by=lambda: article_coauthors.c.accepted_at,
        viewonly=True,
    )
    # Invited, not (yet) accepted: seen only by those who may edit the entry.
    invitees: Mapped[list[User]] = relationship(
        secondary=article_coauthors,
        primaryjoin=lambda: Article.id == article_coauthors.c.article_id,
        secondaryjoin=lambda: and_(
            User.id == article_coauthors.c.user_id, article_coauthors.c.accepted_at.is_(None)
        ),
        order_by=lambda: article_coauthors.c.invited_at,
        viewonly=True,
    )
    topics: Mapped[list[Topic]] = relationship(secondary=article_topics, order_by=Topic.position)
    platforms: Mapped[list[Platform]] = relationship(
        secondary=article_platforms, order_by=Platform.position
    )
    revisions: Mapped[list[ArticleRevision]] = relationship(
        back_populates="article",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="ArticleRevision.number",
    )

    @property
    def authors(self) -> list[User]:
        return [user for user in [self.creator, *self.coauthors] if user is not None]


class ArticleRevision(RevisionRecord, Model):
    """The full text of a published entry as it was after one save."""

    __tablename__ = "article_revisions"
    __table_args__ = (
        Index("ix_article_revisions_article_number", "article_id", "number", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(160))
    summary: Mapped[str] = mapped_column(String(400), default="")
    body: Mapped[str] = mapped_column(Text, default="")

    article: Mapped[Article] = relationship(back_populates="revisions")


class ArticleDraft(Model):
    """An author's autosaved working copy while editing (never shown to readers)."""

    __tablename__ = "article_drafts"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    base_version: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(160), default="")
    summary: Mapped[str] = mapped_column(String(400), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


HISTORY = History(ArticleRevision, "article_id", ("title", "summary", "body"))
