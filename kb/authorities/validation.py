"""What an authority or an account must look like before it is stored.

The proposal forms, the service and the importer share these checks, so a member, a
moderator and an imported file meet the same rules and the same messages.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from kb.directory import Authority, Kind, Level, SocialAccount
from kb.extensions import db
from kb.forms import at_most_characters, column_length
from kb.regions import BY_CODE
from kb.slugs import first_free, reserved, taken_like
from kb.taxonomy import Platform
from kb.text import slugify

# Words no authority takes as its slug, besides those of the routes below /authorities/
# (kb.slugs.reserved).
RESERVED_SLUGS = frozenset(
    {"census", "new", "export", "import", "review", "proposals", "propose", "feed", "search"}
)
SLUG_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
AGS_PATTERN = re.compile(r"[0-9]{8}")
# The column sizes of the models, checked before anything is stored (the same numbers
# the forms check, from the one place they are declared).
MAX_LENGTHS = {
    "slug": column_length(Authority.slug),
    "name": column_length(Authority.name),
    "short_name": column_length(Authority.short_name),
    "website": column_length(Authority.website),
    "source": column_length(Authority.source),
    "handle": column_length(SocialAccount.handle),
    "url": column_length(SocialAccount.url),
}


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


def unique_slug(base: str, taken: set[str] | None = None) -> str:
    """A free slug from a name: "Stadt Köln" -> "stadt-koeln", then "-2", "-3", ….

    `taken` replaces the database look-up (the importer knows every slug already).
    """
    base = slugify(base, max_length=90) or "behoerde"
    if base in RESERVED_SLUGS or base in reserved("/authorities/"):
        base = f"{base}-behoerde"
    if taken is None:
        taken = taken_like(Authority.slug, base)
    return first_free(base, taken)


def slug_problem(slug: str) -> LazyString | None:
    if len(slug) > MAX_LENGTHS["slug"] or not SLUG_PATTERN.fullmatch(slug):
        return _l("Use lower-case letters, digits and hyphens only.")
    if slug in RESERVED_SLUGS or slug in reserved("/authorities/"):
        return _l("This address is reserved; choose another one.")
    return None


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


# Per platform slug (kb.taxonomy.PLATFORMS): the hosts its account pages live on, and
# what their path must look like. Mastodon runs on any host (checked below).
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


def too_long(name: str, value: str) -> LazyString | None:
    """The message for a value longer than its column (a key of MAX_LENGTHS)."""
    if len(value) > MAX_LENGTHS[name]:
        return at_most_characters(MAX_LENGTHS[name])
    return None


def _length_problems(values: Mapping[str, str]) -> dict[str, LazyString]:
    problems = {}
    for name, value in values.items():
        message = too_long(name, value)
        if message is not None:
            problems[name] = message
    return problems


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
