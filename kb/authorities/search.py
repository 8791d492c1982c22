"""What the search indexes of an authority: its names and its public accounts."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
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


def authority_of(account: SocialAccount) -> int | None:
    return account.authority_id


SEARCH = Searchable(texts=texts, depends_on={SocialAccount: authority_of})
