"""The registry: who sees what, validation, proposals and review, the list query, versions.

Members propose authorities and accounts; moderators' own entries and everything they
approve count at once. Every change that can move a census figure calls `bump_version()`
in the same transaction, so each worker's cached census (kb.authorities.census) is
recomputed on its next request and never served stale.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, Select, and_, exists, or_, select, true, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from kb import cursors
from kb.accounts.models import User
from kb.authorities.models import (
    Authority,
    Kind,
    Level,
    RegistryVersion,
    Review,
    SocialAccount,
)
from kb.extensions import db
from kb.regions import BY_CODE
from kb.slugs import first_free, taken_like
from kb.taxonomy.models import Platform
from kb.text import slugify
from kb.timeutil import utcnow

PAGE_SIZE = 50
# The registry and the census count days in Germany.
REGISTRY_TIMEZONE = ZoneInfo("Europe/Berlin")
# Addresses below /authorities/ that the app uses itself; no authority may take them.
RESERVED_SLUGS = frozenset(
    {"census", "new", "export", "import", "review", "proposals", "propose", "feed", "search"}
)
SLUG_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
AGS_PATTERN = re.compile(r"[0-9]{8}")
# Column sizes of the models, checked before anything is stored.
MAX_LENGTHS = {
    "slug": 100,
    "name": 200,
    "short_name": 40,
    "website": 300,
    "source": 300,
    "handle": 120,
    "url": 500,
}


# --- who sees what ----------------------------------------------------------------------


def _is_member(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated)


def _is_moderator(user: Any) -> bool:
    return _is_member(user) and bool(user.is_moderator)


def visible_authorities(viewer: Any) -> ColumnElement[bool]:
    """The SQL condition for authorities `viewer` may see: approved ones, the viewer's
    own proposals, and for moderators everything."""
    if _is_moderator(viewer):
        return true()
    if _is_member(viewer):
        return or_(Authority.review == Review.APPROVED, Authority.proposed_by_id == viewer.id)
    return Authority.review == Review.APPROVED


def visible_accounts(viewer: Any) -> ColumnElement[bool]:
    """The same rule for social-media accounts."""
    if _is_moderator(viewer):
        return true()
    if _is_member(viewer):
        return or_(
            SocialAccount.review == Review.APPROVED, SocialAccount.proposed_by_id == viewer.id
        )
    return SocialAccount.review == Review.APPROVED


def can_view(viewer: Any, record: Authority | SocialAccount) -> bool:
    """Whether `viewer` may see an authority or an account (the rule of the conditions)."""
    if record.review == Review.APPROVED or _is_moderator(viewer):
        return True
    return _is_member(viewer) and record.proposed_by_id == viewer.id


def can_review(viewer: Any) -> bool:
    """Approving and rejecting proposals is for moderators."""
    return _is_moderator(viewer)


def accounts_of(authority: Authority, viewer: Any) -> list[SocialAccount]:
    """The authority's accounts `viewer` may see, by platform, then oldest first."""
    return list(
        db.session.scalars(
            select(SocialAccount)
            .join(Platform, SocialAccount.platform_id == Platform.id)
            .where(SocialAccount.authority_id == authority.id, visible_accounts(viewer))
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


# --- slugs ------------------------------------------------------------------------------


def unique_slug(base: str, own_id: int | None = None, taken: set[str] | None = None) -> str:
    """A free slug from a name: "Stadt Köln" -> "stadt-koeln", then "-2", "-3", ….

    `taken` replaces the database look-up (the importer knows every slug already).
    """
    base = slugify(base, max_length=90) or "behoerde"
    if base in RESERVED_SLUGS:
        base = f"{base}-behoerde"
    if taken is None:
        taken = taken_like(Authority.slug, base, Authority.id, own_id)
    return first_free(base, taken)


def slug_problem(slug: str) -> LazyString | None:
    if len(slug) > MAX_LENGTHS["slug"] or not SLUG_PATTERN.fullmatch(slug):
        return _l("Use lower-case letters, digits and hyphens only.")
    if slug in RESERVED_SLUGS:
        return _l("This address is reserved; choose another one.")
    return None


# --- validation ----------------------------------------------------------------------------


def validate_ags(ags: str, land: str) -> LazyString | None:
    """Check an official municipality key (Amtlicher Gemeindeschlüssel) against its Land.

    An empty key is fine (most authorities have none). Otherwise it has 8 digits and its
    first two digits are the prefix of `land` (a kb.regions code). Returns the message to
    show, or None.
    """
    if not ags:
        return None
    if not AGS_PATTERN.fullmatch(ags):
        return _l("An official municipality key (AGS) has exactly 8 digits.")
    region = BY_CODE.get(land)
    if region is None:
        return _l("Choose the Land the official municipality key (AGS) belongs to.")
    if not ags.startswith(region.ags_prefix):
        return _l(
            "An official municipality key (AGS) in %(land)s begins with %(prefix)s.",
            land=region.name,
            prefix=region.ags_prefix,
        )
    return None


_HOST_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")


def _valid_host(host: str) -> bool:
    labels = host.split(".")
    return (
        len(labels) >= 2
        and len(host) <= 253
        and all(_HOST_LABEL.fullmatch(label) for label in labels)
        and not labels[-1].isdigit()
    )


def _hosts(*names: str) -> frozenset[str]:
    """The bare host names and their www. forms."""
    return frozenset(name for bare in names for name in (bare, f"www.{bare}"))


# Per platform slug (kb.taxonomy.service.PLATFORMS): the hosts its account pages live
# on, and what their path must look like. Mastodon runs on any host (checked below).
PLATFORM_HOSTS: dict[str, frozenset[str]] = {
    "facebook": _hosts("facebook.com") | {"m.facebook.com"},
    "instagram": _hosts("instagram.com"),
    "x-twitter": _hosts("x.com", "twitter.com") | {"mobile.twitter.com", "mobile.x.com"},
    "bluesky": _hosts("bsky.app"),
    "youtube": _hosts("youtube.com", "youtu.be") | {"m.youtube.com"},
    "linkedin": _hosts("linkedin.com"),
    "xing": _hosts("xing.com"),
    "whatsapp": _hosts("whatsapp.com", "wa.me"),
    "tiktok": _hosts("tiktok.com"),
    "threads": _hosts("threads.net", "threads.com"),
}
PLATFORM_NAMES = {
    "facebook": "Facebook",
    "instagram": "Instagram",
    "x-twitter": "X/Twitter",
    "mastodon": "Mastodon",
    "bluesky": "Bluesky",
    "youtube": "YouTube",
    "linkedin": "LinkedIn",
    "xing": "XING",
    "whatsapp": "WhatsApp",
    "tiktok": "TikTok",
    "threads": "Threads",
}
# LinkedIn also serves country hosts such as de.linkedin.com.
_LINKEDIN_COUNTRY = re.compile(r"[a-z]{2}\.linkedin\.com")
_MASTODON_PATH = re.compile(r"/@[A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*(?:@[A-Za-z0-9.-]+)?/?")
_BLUESKY_PATH = re.compile(r"/profile/[^/]+/?")


def account_url_problem(platform_slug: str, url: str) -> LazyString | None:
    """Check an account's address against its platform; returns the message or None.

    Always https with a host and no credentials or port. Known platforms: the host must
    be the platform's own and the path must name an account, not the start page;
    Mastodon: any host, path /@name. Platforms an admin added later: any https address.
    """
    if not url or any(ch.isspace() or ord(ch) < 32 for ch in url):
        return _l("Enter the full address, beginning with https://.")
    if len(url) > MAX_LENGTHS["url"]:
        return _l("The address is too long.")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return _l("This is not a valid web address.")
    if parts.scheme.lower() != "https":
        return _l("Use an https:// address.")
    host = (parts.hostname or "").lower().rstrip(".")
    if not host or not _valid_host(host) or parts.username or parts.password or port:
        return _l("This is not a valid web address.")
    path = parts.path
    if platform_slug == "mastodon":
        if not _MASTODON_PATH.fullmatch(path):
            return _l("A Mastodon address looks like https://social.example/@name.")
        return None
    hosts = PLATFORM_HOSTS.get(platform_slug)
    if hosts is None:
        return None
    name = PLATFORM_NAMES.get(platform_slug, platform_slug)
    on_platform = host in hosts or (
        platform_slug == "linkedin" and _LINKEDIN_COUNTRY.fullmatch(host) is not None
    )
    if not on_platform:
        return _l("This address does not belong to %(platform)s.", platform=name)
    if path.strip("/") == "":
        return _l(
            "Give the address of the account, not the start page of %(platform)s.",
            platform=name,
        )
    if platform_slug == "bluesky" and not _BLUESKY_PATH.fullmatch(path):
        return _l("A Bluesky address looks like https://bsky.app/profile/name.")
    if platform_slug == "whatsapp" and host != "wa.me" and not path.startswith("/channel/"):
        return _l("A WhatsApp address is a channel (whatsapp.com/channel/…) or a wa.me link.")
    return None


def website_problem(url: str) -> LazyString | None:
    """An authority's website: empty, or an http(s) address with a host."""
    if not url:
        return None
    if len(url) > MAX_LENGTHS["website"]:
        return _l("The address is too long.")
    if any(ch.isspace() or ord(ch) < 32 for ch in url):
        return _l("This is not a valid web address.")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return _l("This is not a valid web address.")
    if parts.scheme.lower() not in ("http", "https"):
        return _l("Use an address beginning with https:// or http://.")
    host = (parts.hostname or "").lower().rstrip(".")
    if not host or not _valid_host(host) or parts.username or parts.password or port == 0:
        return _l("This is not a valid web address.")
    return None


def period_problem(since: date | None, until: date | None) -> LazyString | None:
    if since is not None and until is not None and until < since:
        return _l("The end date must not be before the start date.")
    return None


@dataclass
class AuthorityInput:
    """An authority as a form or an import row gives it, before it is stored."""

    name: str
    kind: Kind
    level: Level
    land: str = ""
    short_name: str = ""
    parent_id: int | None = None
    ags: str = ""
    website: str = ""
    source: str = ""


@dataclass
class AccountInput:
    platform: Platform
    url: str
    handle: str = ""
    since: date | None = None
    until: date | None = None
    last_checked: date | None = None
    source: str = ""


class InvalidEntry(ValueError):
    """Input that must not be stored; `problems` maps field names to messages."""

    def __init__(self, problems: dict[str, LazyString]) -> None:
        super().__init__(", ".join(problems))
        self.problems = problems


def _length_problems(values: Mapping[str, str]) -> dict[str, LazyString]:
    return {
        name: _l("At most %(count)s characters.", count=MAX_LENGTHS[name])
        for name, value in values.items()
        if len(value) > MAX_LENGTHS[name]
    }


def authority_problems(
    data: AuthorityInput, own_id: int | None = None, check_database: bool = True
) -> dict[str, LazyString]:
    """Field name -> message for everything wrong with `data` (empty when it may be saved).

    With `check_database` the AGS must be free and the parent must exist and not be the
    authority itself or one of its descendants.
    """
    problems = _length_problems(
        {
            "name": data.name,
            "short_name": data.short_name,
            "website": data.website,
            "source": data.source,
        }
    )
    if not data.name.strip():
        problems["name"] = _l("Enter the name.")
    if data.land and data.land not in BY_CODE:
        problems["land"] = _l("Choose one of the 16 Länder.")
    elif not data.land and data.level in (Level.STATE, Level.LOCAL):
        problems["land"] = _l("Choose the Land.")
    # With the Land wrong, the key cannot be checked against it: one message is enough.
    ags_problem = validate_ags(data.ags, data.land) if "land" not in problems else None
    if ags_problem:
        problems["ags"] = ags_problem
    website = website_problem(data.website)
    if website:
        problems["website"] = website
    if check_database and data.ags and "ags" not in problems:
        query = select(Authority.id).where(Authority.ags == data.ags)
        if own_id is not None:
            query = query.where(Authority.id != own_id)
        if db.session.scalar(query) is not None:
            problems["ags"] = _l("Another authority already has this key.")
    if check_database and data.parent_id is not None:
        if data.parent_id == own_id or (
            own_id is not None and own_id in _ancestor_ids(data.parent_id)
        ):
            problems["parent_id"] = _l("An authority cannot be its own parent.")
        elif db.session.get(Authority, data.parent_id) is None:
            problems["parent_id"] = _l("Choose an authority from the registry.")
    return problems


def _ancestor_ids(authority_id: int) -> set[int]:
    seen: set[int] = set()
    current: int | None = authority_id
    while current is not None and current not in seen:
        seen.add(current)
        current = db.session.scalar(select(Authority.parent_id).where(Authority.id == current))
    return seen


def account_problems(data: AccountInput) -> dict[str, LazyString]:
    problems = _length_problems({"handle": data.handle, "source": data.source})
    url = account_url_problem(data.platform.slug, data.url)
    if url:
        problems["url"] = url
    period = period_problem(data.since, data.until)
    if period:
        problems["until"] = period
    return problems


# --- proposals and review ------------------------------------------------------------------


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
    return Review.APPROVED if _is_moderator(user) else Review.PROPOSED


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
    if authority.is_approved:
        bump_version()
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
    if account.review == Review.APPROVED and authority.is_approved:
        bump_version()
    return account


def update_authority(authority: Authority, data: AuthorityInput) -> None:
    """Save an edit (moderators, or the proposer while it waits); raises InvalidEntry."""
    problems = authority_problems(data, own_id=authority.id)
    if problems:
        raise InvalidEntry(problems)
    _apply_authority(authority, data)
    if authority.is_approved:
        bump_version()


def update_account(account: SocialAccount, data: AccountInput) -> None:
    """Save an edit of an account (e.g. its end date); raises InvalidEntry."""
    problems = account_problems(data)
    if problems:
        raise InvalidEntry(problems)
    _apply_account(account, data)
    if account.review == Review.APPROVED:
        bump_version()


def approve_authority(authority: Authority, with_accounts: bool = False) -> None:
    """Let a proposed authority count; with `with_accounts` its proposed accounts too."""
    authority.review = Review.APPROVED
    authority.updated_at = utcnow()
    if with_accounts:
        for account in authority.accounts:
            account.review = Review.APPROVED
    bump_version()


def approve_account(account: SocialAccount) -> None:
    """Let a proposed account count (once its authority is approved, too)."""
    account.review = Review.APPROVED
    bump_version()


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
    # Who proposed what, by user id (SocialAccount has no `proposed_by` relationship).
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
            .options(
                joinedload(Authority.proposed_by),
                selectinload(Authority.accounts).joinedload(SocialAccount.platform),
            )
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
    user_ids = {r.proposed_by_id for r in [*authorities, *accounts] if r.proposed_by_id}
    proposers = {}
    if user_ids:
        proposers = {
            user.id: user for user in db.session.scalars(select(User).where(User.id.in_(user_ids)))
        }
    return Proposals(authorities, accounts, proposers)


# --- the list --------------------------------------------------------------------------------


@dataclass(frozen=True)
class AuthorityQuery:
    q: str = ""
    level: Level | None = None
    land: str | None = None
    kind: Kind | None = None
    platform: str | None = None  # platform slug: has an active approved account there
    after: str | None = None  # cursor from AuthorityPage.next_cursor

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> AuthorityQuery:
        """Read a query string; unknown or malformed values are ignored, never an error."""
        land = (args.get("land") or "").upper()
        return cls(
            q=(args.get("q") or "").strip()[:100],
            level=_enum_or_none(Level, args.get("level")),
            land=land if land in BY_CODE else None,
            kind=_enum_or_none(Kind, args.get("kind")),
            platform=(args.get("platform") or "").strip()[:60] or None,
            after=(args.get("after") or "").strip()[:200] or None,
        )

    def without_cursor(self) -> AuthorityQuery:
        return replace(self, after=None)


def _enum_or_none(cls: type[Any], value: str | None) -> Any:
    try:
        return cls(value) if value else None
    except ValueError:
        return None


@dataclass
class AuthorityPage:
    authorities: list[Authority]
    next_cursor: str | None


def encode_cursor(authority: Authority) -> str:
    return cursors.encode(authority.name, authority.id)


def decode_cursor(cursor: str) -> tuple[str, int] | None:
    position = cursors.decode(cursor)
    if position is None or not isinstance(position[0], str):
        return None
    return position


def today() -> date:
    """Today in Germany: the day "active" means in lists and in the census."""
    return datetime.now(REGISTRY_TIMEZONE).date()


def active_on(on: date) -> ColumnElement[bool]:
    """An account exists on `on`: started by then (or start unknown), not yet ended."""
    return and_(
        or_(SocialAccount.since.is_(None), SocialAccount.since <= on),
        or_(SocialAccount.until.is_(None), SocialAccount.until > on),
    )


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


def list_statement(query: AuthorityQuery, viewer: Any, on: date | None = None) -> Select[Any]:
    """The list's query, ordered by name, without limit (for the page and the count)."""
    statement = select(Authority).where(visible_authorities(viewer))
    if query.level is not None:
        statement = statement.where(Authority.level == query.level)
    if query.land:
        statement = statement.where(Authority.land == query.land)
    if query.kind is not None:
        statement = statement.where(Authority.kind == query.kind)
    if query.platform:
        on = on or today()
        statement = statement.where(
            exists()
            .where(
                SocialAccount.authority_id == Authority.id,
                SocialAccount.platform_id == Platform.id,
                Platform.slug == query.platform,
                SocialAccount.review == Review.APPROVED,
                active_on(on),
            )
            .correlate(Authority)
        )
    if query.q:
        statement = statement.where(_text_condition(query.q))
    if query.after:
        position = decode_cursor(query.after)
        if position is not None:
            name, authority_id = position
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


def find_by_slug(slug: str) -> Authority | None:
    return db.session.scalar(select(Authority).where(Authority.slug == slug))


# --- the registry version -------------------------------------------------------------------

VERSION_ROW = 1


def bump_version() -> int:
    """Raise the registry version in the current transaction; returns the new number.

    Call it with every change that can move a census figure (approving, a moderator's
    entry, an import, an edit of since/until): the census cache is keyed by it.
    """
    now = utcnow()
    statement = (
        update(RegistryVersion)
        .where(RegistryVersion.id == VERSION_ROW)
        .values(version=RegistryVersion.version + 1, changed_at=now)
        .returning(RegistryVersion.version)
    )
    version = db.session.scalar(statement)
    if version is not None:
        return version
    try:
        with db.session.begin_nested():
            db.session.add(RegistryVersion(id=VERSION_ROW, version=1, changed_at=now))
    except IntegrityError:
        # Another transaction created the row first: raise it as usual.
        return db.session.scalar(statement) or 1
    return 1


def current_version() -> tuple[int, Any]:
    """(version, changed_at) — one small query; (0, None) before the first change.

    The time tells two versions apart that got the same number in transactions of which
    one was rolled back.
    """
    row = db.session.execute(
        select(RegistryVersion.version, RegistryVersion.changed_at).where(
            RegistryVersion.id == VERSION_ROW
        )
    ).first()
    if row is None:
        return 0, None
    return row[0], row[1]


# --- a member's data (GDPR export) ------------------------------------------------------------


def export_of(user: User) -> dict[str, list[dict[str, Any]]]:
    """What a member proposed to the registry (approved or still waiting)."""
    authorities = db.session.scalars(
        select(Authority).where(Authority.proposed_by_id == user.id).order_by(Authority.id)
    )
    accounts = db.session.scalars(
        select(SocialAccount)
        .where(SocialAccount.proposed_by_id == user.id)
        .order_by(SocialAccount.id)
    )
    return {
        "proposed_authorities": [
            {"slug": item.slug, "name": item.name, "review": item.review.value}
            for item in authorities
        ],
        "proposed_accounts": [
            {"url": item.url, "handle": item.handle, "review": item.review.value}
            for item in accounts
        ],
    }
