"""/sitemap.xml and /robots.txt: where crawlers find every public page, and where not to go.

The sitemap asks the registry, not the features: every content type with a `lastmod`
column adds the records an anonymous reader may see (`visible(ANONYMOUS)`, the rule the
lists and the search use), read in id order in batches of only the columns their address
needs. Past MAX_URLS addresses (the protocol's limit per file) /sitemap.xml becomes an
index of /sitemap-<n>.xml parts.

The addresses are absolute, built like every absolute link from KB_BASE_URL
(kb.addresses), never from the request's Host.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from flask import render_template, url_for
from sqlalchemy import Row, func, select

from kb import registry
from kb.extensions import db
from kb.policy import ANONYMOUS
from kb.registry import ContentType

# The protocol's limit of addresses in one file (tests lower it).
MAX_URLS = 50_000
# Rows per query, so memory stays flat however many records there are.
BATCH_SIZE = 1_000
XML = "application/xml; charset=utf-8"
TEMPLATE = "site/sitemap.xml"

# Always listed first: the start page. It also keeps the file valid on an empty site
# (the schema wants at least one <url>).
PAGES = ("site.index",)

# Every query string on this site is a filter, a sort order, a "load more" cursor, a
# month, a comparison, a return address or a search: none leads to a page that the
# sitemap does not list without one, and their combinations are endless. So `/*?` keeps
# crawlers off all of them; the explicit prefixes before it say the same to crawlers
# that ignore wildcards (RFC 9309 has them, not every crawler does). `Allow: /static/`
# is the longer match and wins, so stylesheets stay readable for rendering.
ROBOTS_RULES = (
    "Allow: /static/",
    # search results, and pages that need an account (login sends crawlers back here)
    "Disallow: /search",
    "Disallow: /auth/",
    "Disallow: /account/",
    "Disallow: /notifications",
    "Disallow: /moderation/",
    "Disallow: /admin/",
    "Disallow: /language/",
    # `$`: these words share the lists' paths with slugs ("newsletter-…", "review-…"),
    # which a prefix would block too.
    "Disallow: /articles/new$",
    "Disallow: /articles/drafts$",
    "Disallow: /cases/new$",
    "Disallow: /cases/mine$",
    "Disallow: /events/new$",
    "Disallow: /events/mine$",
    "Disallow: /events/review$",
    "Disallow: /authorities/new$",
    "Disallow: /authorities/review$",
    # filters, sort orders and cursors of the lists, calendar months, filtered feeds
    "Disallow: /articles/?",
    "Disallow: /cases/?",
    "Disallow: /events/?",
    "Disallow: /authorities/?",
    "Disallow: /authorities/census?",
    "Disallow: /events/calendar?",
    "Disallow: /articles/feed.atom?",
    "Disallow: /cases/feed.atom?",
    "Disallow: /events/feed.atom?",
    "Disallow: /events.ics",
    # any choice of case studies side by side, any two revisions compared
    "Disallow: /cases/compare$",
    "Disallow: /cases/authorities$",
    "Disallow: /articles/*/diff",
    "Disallow: /cases/*/diff",
    "Disallow: /articles/*/history",
    "Disallow: /cases/*/history",
    # downloads, not pages
    "Disallow: /events/*.ics$",
    "Disallow: /authorities/export.",
    "Disallow: /authorities/census.",
    "Disallow: /*?",
)


@dataclass(frozen=True)
class Entry:
    url: str  # absolute
    lastmod: str | None  # W3C datetime


def w3c_datetime(value: datetime) -> str:
    """2026-12-03T10:00:00+00:00: the W3C datetime format, in UTC."""
    return value.astimezone(UTC).isoformat(timespec="seconds")


def origin() -> str:
    """scheme://host of this site (KB_BASE_URL's), as url_for(_external=True) builds it."""
    parts = urlsplit(url_for("site.index", _external=True))
    return f"{parts.scheme}://{parts.netloc}"


def listed_types() -> list[tuple[ContentType, int]]:
    """The content types in the sitemap, with how many public records each has."""
    listed = sorted(
        (content_type for content_type in registry.current() if content_type.lastmod is not None),
        key=lambda content_type: content_type.name,
    )
    return [(content_type, count_public(content_type)) for content_type in listed]


def count_public(content_type: ContentType) -> int:
    query = (
        select(func.count()).select_from(content_type.model).where(content_type.visible(ANONYMOUS))
    )
    return int(db.session.scalar(query) or 0)


def part_count(types: list[tuple[ContentType, int]]) -> int:
    total = len(PAGES) + sum(count for _content_type, count in types)
    return math.ceil(total / MAX_URLS)


def public_rows(content_type: ContentType, skip: int, limit: int) -> Iterator[Row[Any]]:
    """Up to `limit` public records after the first `skip`, in id order: the id, the
    columns the address needs and, last, the time of the last change."""
    model = content_type.model
    if content_type.lastmod is None:
        return
    visible = content_type.visible(ANONYMOUS)
    url_columns = [column for column in content_type.url_columns if column.key != "id"]
    columns = [model.id, *url_columns, content_type.lastmod]
    query = select(*columns).where(visible)
    after = None
    if skip:
        # Where this part starts: one look-up on the primary key, then keyset pages.
        after = db.session.scalar(
            select(model.id).where(visible).order_by(model.id).offset(skip - 1).limit(1)
        )
        if after is None:
            return
    while limit > 0:
        size = min(BATCH_SIZE, limit)
        batch = query.order_by(model.id).limit(size)
        if after is not None:
            batch = batch.where(model.id > after)
        rows: Sequence[Row[Any]] = db.session.execute(batch).all()
        yield from rows
        if len(rows) < size:
            return
        limit -= size
        after = rows[-1][0]


def entries(part: int, types: list[tuple[ContentType, int]]) -> list[Entry]:
    """The addresses of part `part` (from 1): the fixed pages, then each type's records.

    Counting and reading are separate queries, so a record published in between may
    shift a part by one address; the next crawl sees it right.
    """
    base = origin()
    skip = (part - 1) * MAX_URLS
    listed: list[Entry] = []
    for endpoint in PAGES:
        if skip:
            skip -= 1
        elif len(listed) < MAX_URLS:
            listed.append(Entry(base + url_for(endpoint), None))
    for content_type, count in types:
        if skip >= count:
            skip -= count
            continue
        for row in public_rows(content_type, skip, MAX_URLS - len(listed)):
            lastmod = row[-1]
            listed.append(
                Entry(
                    base + content_type.url(row),
                    w3c_datetime(lastmod) if lastmod is not None else None,
                )
            )
        skip = 0
        if len(listed) >= MAX_URLS:
            break
    return listed


def render_sitemap() -> str:
    """/sitemap.xml: every address, or the index of the parts when they are too many."""
    types = listed_types()
    parts = part_count(types)
    if parts == 1:
        return render_template(TEMPLATE, entries=entries(1, types))
    part_urls = [
        url_for("site.sitemap_part", number=number, _external=True)
        for number in range(1, parts + 1)
    ]
    return render_template(TEMPLATE, parts=part_urls)


def render_part(number: int) -> str | None:
    """/sitemap-<number>.xml, or None when the index does not name it (also when all
    addresses fit in /sitemap.xml itself, so no address is listed twice)."""
    types = listed_types()
    parts = part_count(types)
    if parts == 1 or not 1 <= number <= parts:
        return None
    return render_template(TEMPLATE, entries=entries(number, types))


def robots_txt() -> str:
    sitemap_url = url_for("site.sitemap_xml", _external=True)
    return "\n".join(("User-agent: *", *ROBOTS_RULES, "", f"Sitemap: {sitemap_url}", ""))
