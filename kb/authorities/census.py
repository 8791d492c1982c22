"""The census: how many authorities are present on which platform, from the registry.

Only approved authorities and approved accounts count. An account counts on a day when
it had started by then (no `since` means: known to exist, start unknown) and had not
ended (`until` is the first day it no longer exists). The year-by-year timelines do not
backfill history: an account with an unknown start counts from the day it was last seen
to exist (`last_checked`) on, and without that only in the current year.

The figures are computed once per registry version and worker (see RegistryVersion), so
the census page costs the same however large the registry is, once computed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask import current_app, has_request_context
from sqlalchemy import ColumnElement, Date, Integer, distinct, exists, func, literal, select
from sqlalchemy.sql.expression import union_all

from kb.authorities.queries import active_on, today
from kb.authorities.service import current_version
from kb.directory import Authority, Kind, Level, Review, SocialAccount
from kb.extensions import db
from kb.i18n import current_language
from kb.taxonomy import Platform

# The development shown on the census page by default: federal ministries on these.
DEFAULT_TIMELINE_LEVEL = Level.FEDERAL
DEFAULT_TIMELINE_KIND = Kind.FEDERAL_MINISTRY
DEFAULT_TIMELINE_PLATFORMS = ("facebook", "x-twitter", "instagram", "mastodon")
DEFAULT_FIRST_YEAR = 2010
# No public authority had a social-media account before this; bounds a bad `since`.
EARLIEST_YEAR = 1995
CACHE_KEY = "kb.census_cache"
CACHE_SIZE = 128


@dataclass(frozen=True)
class CensusFilter:
    land: str | None = None  # kb.regions code
    kind: Kind | None = None


@dataclass(frozen=True)
class Coverage:
    """`present` of `total` authorities have at least one active account (on a platform)."""

    total: int
    present: int

    @property
    def percent(self) -> float | None:
        """Share in percent, one decimal; None when there is nothing to divide by."""
        if self.total == 0:
            return None
        return round(100 * self.present / self.total, 1)


@dataclass(frozen=True)
class PlatformRow:
    platform_slug: str
    platform_name: str
    # Per level, in the order of Level; and over all levels.
    by_level: dict[Level, Coverage]
    overall: Coverage


@dataclass(frozen=True)
class TimelinePoint:
    year: int
    present: int  # authorities of the chosen group with an active account on 31 Dec
    total: int  # authorities of the chosen group in the registry (today)


@dataclass(frozen=True)
class Timeline:
    """E.g. federal ministries on Facebook, year by year, from since/until."""

    level: Level | None
    kind: Kind | None
    platform_slug: str
    platform_name: str
    points: list[TimelinePoint]


@dataclass(frozen=True)
class Census:
    as_of: date
    filters: CensusFilter
    # Any platform, per level (Level order), and over all levels.
    by_level: dict[Level, Coverage]
    overall: Coverage
    # One row per platform that has at least one approved account in the registry.
    platforms: list[PlatformRow]
    active_accounts: int
    timelines: list[Timeline] = field(default_factory=list)


def language() -> str:
    """The reader's language; the default one outside a request (CLI, exports)."""
    if has_request_context():
        return current_language()
    return str(current_app.config.get("BABEL_DEFAULT_LOCALE") or "de")


def _name(platform: Platform) -> str:
    return platform.name_en if language() == "en" else platform.name_de


def _filtered(filters: CensusFilter) -> list[ColumnElement[bool]]:
    conditions = [Authority.review == Review.APPROVED]
    if filters.land:
        conditions.append(Authority.land == filters.land)
    if filters.kind is not None:
        conditions.append(Authority.kind == filters.kind)
    return conditions


def _counting_accounts(on: date) -> list[ColumnElement[bool]]:
    return [SocialAccount.review == Review.APPROVED, active_on(on)]


def compute(filters: CensusFilter, on: date) -> Census:
    """The census on day `on`, straight from the database (see census() for the cache).

    Four aggregate queries, however large the registry, plus four for the default
    timelines (federal ministries on Facebook, X/Twitter, Instagram and Mastodon, the
    same under every filter): no row of the registry is looped over in Python.
    """
    authority_filter = _filtered(filters)
    totals: dict[Level, int] = dict.fromkeys(Level, 0)
    for level, count in db.session.execute(
        select(Authority.level, func.count(Authority.id))
        .where(*authority_filter)
        .group_by(Authority.level)
    ):
        totals[level] = count

    present: dict[Level, int] = dict.fromkeys(Level, 0)
    active_accounts = 0
    for level, authorities, accounts in db.session.execute(
        select(Authority.level, func.count(distinct(Authority.id)), func.count(SocialAccount.id))
        .join(SocialAccount, SocialAccount.authority_id == Authority.id)
        .where(*authority_filter, *_counting_accounts(on))
        .group_by(Authority.level)
    ):
        present[level] = authorities
        active_accounts += accounts

    per_platform: dict[tuple[int, Level], int] = {}
    for platform_id, level, count in db.session.execute(
        select(SocialAccount.platform_id, Authority.level, func.count(distinct(Authority.id)))
        .join(Authority, SocialAccount.authority_id == Authority.id)
        .where(*authority_filter, *_counting_accounts(on))
        .group_by(SocialAccount.platform_id, Authority.level)
    ):
        per_platform[(platform_id, level)] = count

    rows = []
    for platform in _platforms_in_registry():
        by_level = {
            level: Coverage(totals[level], per_platform.get((platform.id, level), 0))
            for level in Level
        }
        rows.append(
            PlatformRow(
                platform_slug=platform.slug,
                platform_name=_name(platform),
                by_level=by_level,
                overall=_sum(by_level.values()),
            )
        )

    by_level = {level: Coverage(totals[level], present[level]) for level in Level}
    return Census(
        as_of=on,
        filters=filters,
        by_level=by_level,
        overall=_sum(by_level.values()),
        platforms=rows,
        active_accounts=active_accounts,
        timelines=timelines(
            DEFAULT_TIMELINE_LEVEL, DEFAULT_TIMELINE_KIND, DEFAULT_TIMELINE_PLATFORMS, None, on
        ),
    )


def _sum(coverages: Iterable[Coverage]) -> Coverage:
    counted = list(coverages)
    return Coverage(sum(c.total for c in counted), sum(c.present for c in counted))


def _platforms_in_registry() -> list[Platform]:
    """Platforms with at least one approved account of an approved authority (any date,
    any filter), so the rows stay the same when the reader filters."""
    counted = (
        exists()
        .where(
            SocialAccount.platform_id == Platform.id,
            SocialAccount.review == Review.APPROVED,
            SocialAccount.authority_id == Authority.id,
            Authority.review == Review.APPROVED,
        )
        .correlate(Platform)
    )
    return list(
        db.session.scalars(select(Platform).where(counted).order_by(Platform.position, Platform.id))
    )


def _group(level: Level | None, kind: Kind | None) -> list[ColumnElement[bool]]:
    conditions = [Authority.review == Review.APPROVED]
    if level is not None:
        conditions.append(Authority.level == level)
    if kind is not None:
        conditions.append(Authority.kind == kind)
    return conditions


def timeline(
    level: Level | None,
    kind: Kind | None,
    platform_slug: str,
    first_year: int | None = None,
    on: date | None = None,
) -> Timeline:
    """How many authorities of a group had an active account on one platform, per year.

    Each point counts on 31 December of its year (on `on` in the current year) and
    compares with the group's size today. `first_year` defaults to 2010, or the year of
    the group's earliest account on the platform when that is earlier. Raises
    LookupError for an unknown platform.
    """
    found = timelines(level, kind, (platform_slug,), first_year, on or today())
    if not found:
        raise LookupError(platform_slug)
    return found[0]


def timelines(
    level: Level | None,
    kind: Kind | None,
    platform_slugs: Sequence[str],
    first_year: int | None,
    on: date,
) -> list[Timeline]:
    """timeline() for several platforms over the same years (for charts side by side),
    in three queries; platforms that do not exist are left out."""
    platforms = {
        platform.slug: platform
        for platform in db.session.scalars(
            select(Platform).where(Platform.slug.in_(platform_slugs))
        )
    }
    chosen = [platforms[slug] for slug in platform_slugs if slug in platforms]
    if not chosen:
        return []
    group = _group(level, kind)
    platform_ids = [platform.id for platform in chosen]
    total = db.session.scalar(select(func.count(Authority.id)).where(*group)) or 0
    if first_year is None:
        earliest = db.session.scalar(
            select(func.min(SocialAccount.since))
            .join(Authority, SocialAccount.authority_id == Authority.id)
            .where(
                *group,
                SocialAccount.review == Review.APPROVED,
                SocialAccount.platform_id.in_(platform_ids),
            )
        )
        first_year = min(DEFAULT_FIRST_YEAR, _year(earliest) or DEFAULT_FIRST_YEAR)
    first_year = min(max(first_year, EARLIEST_YEAR), on.year)
    days = {year: date(year, 12, 31) for year in range(first_year, on.year)} | {on.year: on}

    # The group's accounts first (few, found through the indexes), then one derived
    # table of (year, day) rows joined to the accounts active on that day. DISTINCT
    # keeps the accounts a table of their own, so no engine scans every account per day.
    accounts = (
        select(
            SocialAccount.authority_id,
            SocialAccount.platform_id,
            SocialAccount.since,
            SocialAccount.until,
            SocialAccount.last_checked,
        )
        .join(Authority, SocialAccount.authority_id == Authority.id)
        .where(
            *group,
            SocialAccount.review == Review.APPROVED,
            SocialAccount.platform_id.in_(platform_ids),
        )
        .distinct()
        .subquery("group_accounts")
    )
    day_rows = [
        select(literal(year, Integer).label("year"), literal(day, Date).label("day"))
        for year, day in days.items()
    ]
    day_table = (union_all(*day_rows) if len(day_rows) > 1 else day_rows[0]).subquery("days")
    # History is not backfilled: an account whose start is unknown counts from the day it
    # was last seen to exist (last_checked), and otherwise only in today's figure.
    known_from = func.coalesce(accounts.c.since, accounts.c.last_checked)
    started = (known_from <= day_table.c.day) | (
        accounts.c.since.is_(None) & (day_table.c.day == literal(on, Date))
    )
    active_that_day = started & (accounts.c.until.is_(None) | (accounts.c.until > day_table.c.day))
    counts: dict[tuple[int, int], int] = {}
    for year, platform_id, count in db.session.execute(
        select(
            day_table.c.year, accounts.c.platform_id, func.count(distinct(accounts.c.authority_id))
        )
        .select_from(day_table)
        .join(accounts, active_that_day)
        .group_by(day_table.c.year, accounts.c.platform_id)
    ):
        counts[(int(year), platform_id)] = count
    return [
        Timeline(
            level=level,
            kind=kind,
            platform_slug=platform.slug,
            platform_name=_name(platform),
            points=[
                TimelinePoint(year, counts.get((year, platform.id), 0), total) for year in days
            ],
        )
        for platform in chosen
    ]


def _year(value: date | str | None) -> int | None:
    if value is None:
        return None
    if isinstance(value, str):  # SQLite hands an aggregate's date back as text
        value = date.fromisoformat(value[:10])
    return value.year


def census(filters: CensusFilter | None = None, on: date | None = None) -> Census:
    """The census, computed once per registry version, filters, day and language in
    each worker (the platform names are in the reader's language).

    Costs one small query (the registry version) when cached. The cache lives on the
    app and holds at most CACHE_SIZE figures; the oldest goes first.
    """
    filters = filters or CensusFilter()
    on = on or today()
    version = current_version()
    key = (version, filters, on, language())
    cache: dict[Any, Census] = current_app.extensions.setdefault(CACHE_KEY, {})
    found = cache.get(key)
    if found is not None:
        return found
    result = compute(filters, on)
    if len(cache) >= CACHE_SIZE:
        cache.pop(next(iter(cache)), None)
    cache[key] = result
    return result
