"""Reading the registry: the list with its filters and keyset pages, an authority's
accounts, and what "active" means on a day in Germany."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Select, and_, exists, or_, select
from sqlalchemy.orm import joinedload, selectinload

from kb import cursors
from kb.authorities import policy
from kb.directory import Authority, Kind, Level, Review, SocialAccount
from kb.extensions import db
from kb.taxonomy import Platform

PAGE_SIZE = 50
# The registry and the census count days in Germany.
REGISTRY_TIMEZONE = ZoneInfo("Europe/Berlin")


def today() -> date:
    """Today in Germany: the day "active" means in lists and in the census."""
    return datetime.now(REGISTRY_TIMEZONE).date()


def active_on(on: date) -> ColumnElement[bool]:
    """An account exists on `on`: started by then (or start unknown), not yet ended."""
    return and_(
        or_(SocialAccount.since.is_(None), SocialAccount.since <= on),
        or_(SocialAccount.until.is_(None), SocialAccount.until > on),
    )


def accounts_of(authority: Authority, viewer: Any) -> list[SocialAccount]:
    """The authority's accounts `viewer` may see, by platform, then oldest first."""
    return list(
        db.session.scalars(
            select(SocialAccount)
            .join(Platform, SocialAccount.platform_id == Platform.id)
            .where(SocialAccount.authority_id == authority.id, policy.visible_accounts(viewer))
            .options(joinedload(SocialAccount.platform))
            .order_by(
                Platform.position,
                Platform.id,
                SocialAccount.since.is_(None),
                SocialAccount.since,
                SocialAccount.id,
            )
        )
    )


@dataclass(frozen=True)
class AuthorityQuery:
    q: str = ""
    level: Level | None = None
    land: str | None = None
    kind: Kind | None = None
    platform: str | None = None  # platform slug: has an active approved account there
    after: str | None = None  # cursor from AuthorityPage.next_cursor

    def params(self) -> dict[str, Any]:
        """The filters as query-string values (for links that keep them), without the cursor."""
        values = {
            "q": self.q,
            "level": self.level.value if self.level else None,
            "land": self.land,
            "kind": self.kind.value if self.kind else None,
            "platform": self.platform,
        }
        return {key: value for key, value in values.items() if value}


@dataclass
class AuthorityPage:
    authorities: list[Authority]
    next_cursor: str | None


def encode_cursor(authority: Authority) -> str:
    return cursors.encode("authorities", authority.name, authority.id)


def decode_cursor(cursor: str) -> tuple[str, int]:
    name, authority_id = cursors.decode(cursor, "authorities")
    if not isinstance(name, str):
        raise cursors.InvalidCursor()
    return name, authority_id


def _text_condition(text: str) -> ColumnElement[bool]:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    # SQLite folds only ASCII letters; "öffentlich" must still find "Öffentliche …".
    variants = {escaped, escaped.lower(), escaped.capitalize(), escaped.upper()}
    return or_(
        *(
            column.ilike(f"%{variant}%", escape="\\")
            for variant in sorted(variants)
            for column in (Authority.name, Authority.short_name)
        )
    )


def list_statement(query: AuthorityQuery, viewer: Any) -> Select[Authority]:
    """The list's query, ordered by name, without limit."""
    statement = select(Authority).where(policy.visible(viewer))
    if query.level is not None:
        statement = statement.where(Authority.level == query.level)
    if query.land:
        statement = statement.where(Authority.land == query.land)
    if query.kind is not None:
        statement = statement.where(Authority.kind == query.kind)
    if query.platform:
        statement = statement.where(
            exists()
            .where(
                SocialAccount.authority_id == Authority.id,
                SocialAccount.platform_id == Platform.id,
                Platform.slug == query.platform,
                SocialAccount.review == Review.APPROVED,
                active_on(today()),
            )
            .correlate(Authority)
        )
    if query.q:
        statement = statement.where(_text_condition(query.q))
    if query.after:
        name, authority_id = decode_cursor(query.after)
        # Keyset pagination: the last page costs what the first one costs.
        statement = statement.where(
            or_(
                Authority.name > name,
                and_(Authority.name == name, Authority.id > authority_id),
            )
        )
    return statement.order_by(Authority.name, Authority.id)


def list_authorities(
    query: AuthorityQuery, viewer: Any, page_size: int = PAGE_SIZE
) -> AuthorityPage:
    """One page of the registry `viewer` may see, by name; accounts and parent loaded."""
    statement = (
        list_statement(query, viewer)
        .options(
            selectinload(Authority.accounts).joinedload(SocialAccount.platform),
            joinedload(Authority.parent),
        )
        .limit(page_size + 1)
    )
    authorities = list(db.session.scalars(statement))
    next_cursor = None
    if len(authorities) > page_size:
        authorities = authorities[:page_size]
        next_cursor = encode_cursor(authorities[-1])
    return AuthorityPage(authorities, next_cursor)
