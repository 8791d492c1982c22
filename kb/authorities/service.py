"""Proposals and review of the registry, and its version.

Members propose authorities and accounts; moderators' own entries and everything they
approve count at once. Every flush that changes the registry raises its version in the
same transaction (kb.authorities.changes), so each worker's cached census
(kb.authorities.census) and the export files (kb.authorities.exports) are made again on
the next request and never served stale.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from kb.authorities import changes, policy
from kb.authorities.models import RegistryVersion
from kb.authorities.validation import (
    AccountInput,
    AuthorityInput,
    InvalidEntry,
    account_problems,
    authority_problems,
    unique_slug,
)
from kb.directory import Authority, Review, SocialAccount
from kb.extensions import db
from kb.timeutil import utcnow
from kb.users import User


def _apply_authority(authority: Authority, data: AuthorityInput) -> None:
    authority.name = data.name.strip()
    authority.short_name = data.short_name.strip()
    authority.kind = data.kind
    authority.level = data.level
    authority.land = data.land
    authority.parent_id = data.parent_id
    authority.ags = data.ags or None
    authority.website = data.website
    authority.source = data.source
    authority.updated_at = utcnow()


def _apply_account(account: SocialAccount, data: AccountInput) -> None:
    account.platform_id = data.platform.id
    account.platform = data.platform
    account.url = data.url
    account.handle = data.handle.strip()
    account.since = data.since
    account.until = data.until
    account.last_checked = data.last_checked
    account.source = data.source


def _review_for(user: User) -> Review:
    return Review.APPROVED if policy.counts_at_once(user) else Review.PROPOSED


def propose_authority(user: User, data: AuthorityInput) -> Authority:
    """A member's proposal waits for review; a moderator's entry counts at once.

    Raises InvalidEntry when `data` does not pass authority_problems().
    """
    problems = authority_problems(data)
    if problems:
        raise InvalidEntry(problems)
    authority = Authority(review=_review_for(user), proposed_by_id=user.id)
    _apply_authority(authority, data)
    authority.slug = unique_slug(data.name)
    db.session.add(authority)
    db.session.flush()
    return authority


def propose_account(user: User, authority: Authority, data: AccountInput) -> SocialAccount:
    """Like propose_authority(); raises InvalidEntry when the account does not pass."""
    problems = account_problems(data)
    if problems:
        raise InvalidEntry(problems)
    account = SocialAccount(
        authority_id=authority.id, review=_review_for(user), proposed_by_id=user.id
    )
    _apply_account(account, data)
    authority.accounts.append(account)
    db.session.flush()
    return account


def update_authority(authority: Authority, data: AuthorityInput) -> None:
    """Save an edit (moderators, or the proposer while it waits); raises InvalidEntry."""
    problems = authority_problems(data, own_id=authority.id)
    if problems:
        raise InvalidEntry(problems)
    _apply_authority(authority, data)


def update_account(account: SocialAccount, data: AccountInput) -> None:
    """Save an edit of an account (e.g. its end date); raises InvalidEntry."""
    problems = account_problems(data)
    if problems:
        raise InvalidEntry(problems)
    _apply_account(account, data)


def approve_authority(authority: Authority, with_accounts: bool = False) -> None:
    """Let a proposed authority count; with `with_accounts` its proposed accounts too."""
    authority.review = Review.APPROVED
    authority.updated_at = utcnow()
    if with_accounts:
        for account in authority.accounts:
            account.review = Review.APPROVED


def approve_account(account: SocialAccount) -> None:
    """Let a proposed account count (once its authority is approved, too)."""
    account.review = Review.APPROVED


def reject(proposal: Authority | SocialAccount) -> None:
    """Delete a proposal (an authority goes with its accounts). Approved records are
    not proposals: ValueError."""
    if proposal.review != Review.PROPOSED:
        raise ValueError("only proposals can be rejected")
    db.session.delete(proposal)
    db.session.flush()


@dataclass
class Proposals:
    authorities: list[Authority]
    accounts: list[SocialAccount]  # proposed accounts, also those of proposed authorities
    # Who proposed what, by user id (loaded in one query for the whole queue).
    proposers: dict[int, User] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.authorities) + len(self.accounts)

    def proposer_of(self, record: Authority | SocialAccount) -> User | None:
        if record.proposed_by_id is None:
            return None
        return self.proposers.get(record.proposed_by_id)


def pending_proposals(limit: int = 100) -> Proposals:
    """What waits for a moderator, oldest first (at most `limit` of each)."""
    authorities = list(
        db.session.scalars(
            select(Authority)
            .where(Authority.review == Review.PROPOSED)
            .options(selectinload(Authority.accounts).joinedload(SocialAccount.platform))
            .order_by(Authority.created_at, Authority.id)
            .limit(limit)
        )
    )
    accounts = list(
        db.session.scalars(
            select(SocialAccount)
            .where(SocialAccount.review == Review.PROPOSED)
            .options(joinedload(SocialAccount.authority), joinedload(SocialAccount.platform))
            .order_by(SocialAccount.created_at, SocialAccount.id)
            .limit(limit)
        )
    )
    records: list[Authority | SocialAccount] = [*authorities, *accounts]
    user_ids = {record.proposed_by_id for record in records if record.proposed_by_id}
    proposers: dict[int, User] = {}
    if user_ids:
        proposers = {
            user.id: user for user in db.session.scalars(select(User).where(User.id.in_(user_ids)))
        }
    return Proposals(authorities, accounts, proposers)


def bump_version() -> int:
    """Raise the registry version in the current transaction; returns the new number.

    Every flush that changes an authority, an account or a platform raises it already
    (kb.authorities.changes); call this after writes that bypass the session (Core
    inserts of the demo data and the benchmarks).
    """
    db.session.flush()
    return changes.bump(db.session.connection())


def current_version() -> tuple[int, datetime | None]:
    """(version, changed_at) — one small query; (0, None) before the first change.

    The time tells two versions apart that got the same number in transactions of which
    one was rolled back.
    """
    row = db.session.execute(
        select(RegistryVersion.version, RegistryVersion.changed_at).where(
            RegistryVersion.id == changes.VERSION_ROW
        )
    ).first()
    if row is None:
        return 0, None
    return row[0], row[1]
