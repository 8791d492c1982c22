"""What the directory of authorities is to the rest of the app: content types for
authorities and their accounts, and what a member proposed."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from kb.authorities import demo, policy, search, service
from kb.directory import Authority, Review, SocialAccount
from kb.extensions import db
from kb.registry import (
    ContentType,
    DemoStep,
    OnDelete,
    PersonalData,
    Registry,
    ReviewItem,
    ReviewSource,
)
from kb.users import User


def authority_url(authority: Authority) -> str:
    return url_for("authorities.show", slug=authority.slug)


def account_url(account: SocialAccount) -> str:
    return url_for("authorities.show", slug=account.authority.slug) + "#accounts"


AUTHORITY = ContentType(
    name="authority",
    model=Authority,
    label=_l("Authority"),
    title=Authority.name,
    summary=Authority.short_name,
    url=authority_url,
    url_columns=(Authority.slug,),
    visible=policy.visible,
    can_view=policy.can_view,
    owner_ids=policy.owner_ids,
    lastmod=Authority.updated_at,
    search=search.SEARCH,
)

SOCIAL_ACCOUNT = ContentType(
    name="social_account",
    model=SocialAccount,
    label=_l("Social-media account"),
    title=SocialAccount.handle,
    summary=SocialAccount.url,
    url=account_url,
    url_columns=(SocialAccount.authority_id,),
    visible=policy.visible_accounts,
    can_view=policy.can_view,
    owner_ids=policy.owner_ids,
)


def export_authorities(user: User) -> list[dict[str, Any]]:
    authorities = db.session.scalars(
        select(Authority).where(Authority.proposed_by_id == user.id).order_by(Authority.id)
    )
    return [
        {"slug": item.slug, "name": item.name, "review": item.review.value} for item in authorities
    ]


def export_accounts(user: User) -> list[dict[str, Any]]:
    accounts = db.session.scalars(
        select(SocialAccount)
        .where(SocialAccount.proposed_by_id == user.id)
        .order_by(SocialAccount.id)
    )
    return [
        {"url": item.url, "handle": item.handle, "review": item.review.value} for item in accounts
    ]


PERSONAL_DATA = (
    PersonalData(
        "proposed_authorities", Authority.proposed_by_id, export_authorities, OnDelete.ANONYMISE
    ),
    PersonalData(
        "proposed_accounts", SocialAccount.proposed_by_id, export_accounts, OnDelete.ANONYMISE
    ),
)


def count_proposals() -> int:
    """Proposed authorities and accounts: two counts on indexed columns."""
    return sum(
        db.session.scalar(
            select(func.count()).select_from(model).where(model.review == Review.PROPOSED)
        )
        or 0
        for model in (Authority, SocialAccount)
    )


def pending_proposals(limit: int) -> list[ReviewItem]:
    """The oldest proposals for the moderation queue; they are decided on the review page."""
    pending = service.pending_proposals(limit)
    review_url = url_for("authorities.review")
    items = [
        ReviewItem(
            title=authority.name,
            url=review_url,
            created_at=authority.created_at,
            detail=str(_l("New authority proposed")),
        )
        for authority in pending.authorities
    ]
    items += [
        ReviewItem(
            title=f"{account.authority.name}: {account.handle or account.url}",
            url=review_url,
            created_at=account.created_at,
            detail=str(
                _l(
                    "New social-media account proposed (%(platform)s)",
                    platform=account.platform.name,
                )
            ),
        )
        for account in pending.accounts
    ]
    items.sort(key=lambda item: item.created_at or datetime.min.replace(tzinfo=UTC))
    return items[:limit]


REVIEW_SOURCE = ReviewSource(
    name="authorities",
    label=_l("Registry proposal"),
    count=count_proposals,
    pending=pending_proposals,
)


def register(registry: Registry) -> None:
    registry.add_type(AUTHORITY)
    registry.add_type(SOCIAL_ACCOUNT)
    registry.add_personal_data(*PERSONAL_DATA)
    registry.add_demo_step(DemoStep("authorities", demo.load, order=50))
    registry.add_review_source(REVIEW_SOURCE)
