"""What the search indexes of an authority: its names and its public accounts."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import inspect, select
from sqlalchemy.orm import selectinload

from kb.directory import Authority, Review, SocialAccount
from kb.extensions import db
from kb.registry import Searchable, SearchText


def texts(ids: Sequence[int]) -> dict[int, SearchText]:
    authorities = db.session.scalars(
        select(Authority)
        .where(Authority.id.in_(ids))
        .options(selectinload(Authority.accounts).joinedload(SocialAccount.platform))
    )
    found = {}
    for authority in authorities:
        accounts = [
            account
            for account in authority.accounts
            if account.review == Review.APPROVED and account.until is None
        ]
        found[authority.id] = SearchText(
            title=authority.name,
            summary=authority.short_name,
            body="\n".join(
                f"{account.platform.name_de} {account.handle} {account.url}" for account in accounts
            ),
            date=authority.updated_at,
            facets={
                "level": [authority.level.value],
                "land": [authority.land] if authority.land else [],
                "platform": [account.platform.slug for account in accounts],
            },
        )
    return found


def authorities_of(account: SocialAccount) -> set[int]:
    """The authority an account belongs to, and the one it belonged to if it moved."""
    ids = {account.authority_id} if account.authority_id is not None else set()
    ids.update(inspect(account).attrs.authority_id.history.deleted or ())
    return {authority_id for authority_id in ids if authority_id is not None}


SEARCH = Searchable(texts=texts, depends_on={SocialAccount: authorities_of})
