"""The census figures (issue 5, done-when 2): a small registry built by hand, every number
and percentage checked, and the per-version cache."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import event, select

from kb.authorities import census as census_module
from kb.authorities import service
from kb.authorities.census import CensusFilter, Coverage, compute, timeline
from kb.directory import Authority, Kind, Level, Review, SocialAccount
from kb.extensions import db
from kb.taxonomy import Platform, seed_taxonomy

ON = date(2025, 6, 30)


def platform(slug: str) -> Platform:
    found = db.session.scalar(select(Platform).where(Platform.slug == slug))
    assert found is not None
    return found


def authority(
    slug: str,
    kind: Kind,
    level: Level,
    land: str = "",
    review: Review = Review.APPROVED,
    **extra: Any,
) -> Authority:
    record = Authority(
        slug=slug, name=slug.upper(), kind=kind, level=level, land=land, review=review, **extra
    )
    db.session.add(record)
    return record


def account(
    owner: Authority,
    platform_slug: str,
    since: date | None,
    until: date | None = None,
    review: Review = Review.APPROVED,
) -> SocialAccount:
    number = len(owner.accounts) + 1
    record = SocialAccount(
        platform=platform(platform_slug),
        url=f"https://example.org/{owner.slug}/{platform_slug}/{number}",
        since=since,
        until=until,
        review=review,
    )
    owner.accounts.append(record)
    return record


def build_registry() -> None:
    """3 federal ministries, 2 federal agencies, 2 Länder bodies, 3 municipalities, and a
    proposed municipality; accounts on Facebook, Instagram and X/Twitter."""
    seed_taxonomy()  # PostgreSQL runs empty every table between tests
    m1 = authority("m1", Kind.FEDERAL_MINISTRY, Level.FEDERAL)
    account(m1, "facebook", date(2012, 3, 1))
    account(m1, "x-twitter", date(2009, 5, 1), until=date(2023, 7, 20))  # ended
    m2 = authority("m2", Kind.FEDERAL_MINISTRY, Level.FEDERAL)
    account(m2, "instagram", date(2015, 1, 10))
    account(m2, "x-twitter", date(2011, 2, 1))
    m3 = authority("m3", Kind.FEDERAL_MINISTRY, Level.FEDERAL)
    account(m3, "facebook", date(2026, 1, 1))  # starts after ON
    a1 = authority("a1", Kind.FEDERAL_AGENCY, Level.FEDERAL)
    account(a1, "facebook", None)  # start unknown: counts
    account(a1, "instagram", date(2020, 1, 1), review=Review.PROPOSED)  # does not count
    authority("a2", Kind.FEDERAL_AGENCY, Level.FEDERAL)
    l1 = authority("l1", Kind.STATE_MINISTRY, Level.STATE, "BY")
    account(l1, "x-twitter", date(2014, 5, 1), until=ON)  # `until` is the first day gone
    l2 = authority("l2", Kind.STATE_AGENCY, Level.STATE, "NW")
    account(l2, "facebook", date(2018, 1, 1))
    account(l2, "instagram", date(2019, 1, 1))
    k1 = authority("k1", Kind.MUNICIPALITY, Level.LOCAL, "BY", ags="09162000")
    account(k1, "facebook", date(2010, 1, 1))
    account(k1, "facebook", date(2016, 4, 1))  # a second page: still one authority
    account(k1, "x-twitter", date(2010, 1, 1))
    k2 = authority("k2", Kind.MUNICIPALITY, Level.LOCAL, "NW", ags="05315000")
    account(k2, "instagram", date(2020, 2, 2))
    k3 = authority("k3", Kind.MUNICIPALITY, Level.LOCAL, "BY", ags="09564000")
    account(k3, "facebook", date(2013, 1, 1), until=date(2020, 1, 1))  # ended
    proposed = authority("p1", Kind.MUNICIPALITY, Level.LOCAL, "BY", review=Review.PROPOSED)
    account(proposed, "facebook", date(2010, 1, 1))  # approved, but its authority is not
    db.session.commit()


@pytest.fixture
def registry(app: Flask) -> Iterator[None]:
    with app.app_context():
        build_registry()
        yield


def levels(bund: tuple[int, int], land: tuple[int, int], kommune: tuple[int, int]) -> dict:
    """Coverage per level as (present, total); Sonstige is always empty here."""
    return {
        Level.FEDERAL: Coverage(total=bund[1], present=bund[0]),
        Level.STATE: Coverage(total=land[1], present=land[0]),
        Level.LOCAL: Coverage(total=kommune[1], present=kommune[0]),
        Level.OTHER: Coverage(total=0, present=0),
    }


def percents(coverages: dict[Level, Coverage]) -> dict[Level, float | None]:
    return {level: coverage.percent for level, coverage in coverages.items()}


@pytest.mark.usefixtures("registry")
def test_census_without_filter_counts_every_figure() -> None:
    result = compute(CensusFilter(), ON)

    assert result.as_of == ON
    # Any platform: m1, m2, a1 of 5 federal; l2 of 2 Länder bodies; k1, k2 of 3 municipalities.
    assert result.by_level == levels(bund=(3, 5), land=(1, 2), kommune=(2, 3))
    assert percents(result.by_level) == {
        Level.FEDERAL: 60.0,
        Level.STATE: 50.0,
        Level.LOCAL: 66.7,
        Level.OTHER: None,
    }
    assert result.overall == Coverage(total=10, present=6)
    assert result.overall.percent == 60.0
    # m1 1, m2 2, a1 1, l2 2, k1 3, k2 1: ended, future, proposed and p1's do not count.
    assert result.active_accounts == 10

    rows = {row.platform_slug: row for row in result.platforms}
    assert [row.platform_slug for row in result.platforms] == ["facebook", "instagram", "x-twitter"]
    assert rows["facebook"].platform_name == "Facebook"
    assert rows["facebook"].by_level == levels(bund=(2, 5), land=(1, 2), kommune=(1, 3))
    assert percents(rows["facebook"].by_level) == {
        Level.FEDERAL: 40.0,
        Level.STATE: 50.0,
        Level.LOCAL: 33.3,
        Level.OTHER: None,
    }
    assert rows["facebook"].overall == Coverage(total=10, present=4)
    assert rows["facebook"].overall.percent == 40.0

    assert rows["instagram"].by_level == levels(bund=(1, 5), land=(1, 2), kommune=(1, 3))
    assert percents(rows["instagram"].by_level) == {
        Level.FEDERAL: 20.0,
        Level.STATE: 50.0,
        Level.LOCAL: 33.3,
        Level.OTHER: None,
    }
    assert rows["instagram"].overall == Coverage(total=10, present=3)
    assert rows["instagram"].overall.percent == 30.0

    assert rows["x-twitter"].by_level == levels(bund=(1, 5), land=(0, 2), kommune=(1, 3))
    assert percents(rows["x-twitter"].by_level) == {
        Level.FEDERAL: 20.0,
        Level.STATE: 0.0,
        Level.LOCAL: 33.3,
        Level.OTHER: None,
    }
    assert rows["x-twitter"].overall == Coverage(total=10, present=2)
    assert rows["x-twitter"].overall.percent == 20.0


@pytest.mark.usefixtures("registry")
def test_census_for_one_land() -> None:
    result = compute(CensusFilter(land="BY"), ON)

    # l1 (its account ended on ON), k1, k3 (ended 2020); no federal body has a Land.
    assert result.by_level == levels(bund=(0, 0), land=(0, 1), kommune=(1, 2))
    assert percents(result.by_level) == {
        Level.FEDERAL: None,
        Level.STATE: 0.0,
        Level.LOCAL: 50.0,
        Level.OTHER: None,
    }
    assert result.overall == Coverage(total=3, present=1)
    assert result.overall.percent == 33.3
    assert result.active_accounts == 3

    rows = {row.platform_slug: row for row in result.platforms}
    # The rows stay the same under a filter: every platform in the registry.
    assert list(rows) == ["facebook", "instagram", "x-twitter"]
    assert rows["facebook"].by_level == levels(bund=(0, 0), land=(0, 1), kommune=(1, 2))
    assert rows["facebook"].overall == Coverage(total=3, present=1)
    assert rows["facebook"].overall.percent == 33.3
    assert rows["instagram"].by_level == levels(bund=(0, 0), land=(0, 1), kommune=(0, 2))
    assert rows["instagram"].overall == Coverage(total=3, present=0)
    assert rows["instagram"].overall.percent == 0.0
    assert rows["x-twitter"].by_level == levels(bund=(0, 0), land=(0, 1), kommune=(1, 2))
    assert rows["x-twitter"].overall == Coverage(total=3, present=1)
    assert rows["x-twitter"].by_level[Level.LOCAL].percent == 50.0


@pytest.mark.usefixtures("registry")
def test_census_for_one_kind() -> None:
    result = compute(CensusFilter(kind=Kind.FEDERAL_MINISTRY), ON)

    assert result.by_level == levels(bund=(2, 3), land=(0, 0), kommune=(0, 0))
    assert result.by_level[Level.FEDERAL].percent == 66.7
    assert result.overall == Coverage(total=3, present=2)
    assert result.overall.percent == 66.7
    assert result.active_accounts == 3  # m1 Facebook, m2 Instagram and X

    rows = {row.platform_slug: row for row in result.platforms}
    for slug in ("facebook", "instagram", "x-twitter"):
        assert rows[slug].by_level == levels(bund=(1, 3), land=(0, 0), kommune=(0, 0)), slug
        assert rows[slug].overall == Coverage(total=3, present=1), slug
        assert rows[slug].overall.percent == 33.3, slug


@pytest.mark.usefixtures("registry")
def test_census_for_land_and_kind_together() -> None:
    result = compute(CensusFilter(land="NW", kind=Kind.MUNICIPALITY), ON)

    assert result.by_level == levels(bund=(0, 0), land=(0, 0), kommune=(1, 1))
    assert result.overall.percent == 100.0
    assert result.active_accounts == 1


def test_empty_registry_has_no_percentages(app: Flask) -> None:
    with app.app_context():
        seed_taxonomy()
        result = compute(CensusFilter(), ON)
    assert result.overall == Coverage(total=0, present=0)
    assert result.overall.percent is None
    assert result.platforms == []
    assert result.active_accounts == 0


def points(found: Any) -> dict[int, tuple[int, int]]:
    return {point.year: (point.present, point.total) for point in found.points}


@pytest.mark.usefixtures("registry")
def test_default_timelines_federal_ministries() -> None:
    result = compute(CensusFilter(), ON)

    assert [t.platform_slug for t in result.timelines] == [
        "facebook",
        "x-twitter",
        "instagram",
        "mastodon",
    ]
    by_slug = {t.platform_slug: t for t in result.timelines}
    for found in result.timelines:
        assert found.level == Level.FEDERAL
        assert found.kind == Kind.FEDERAL_MINISTRY
        # From 2009, m1's first account (earlier than 2010), to ON; out of 3 ministries.
        assert [p.year for p in found.points] == list(range(2009, 2026))
        assert {p.total for p in found.points} == {3}
    assert by_slug["x-twitter"].platform_name == "X/Twitter"
    # m1 on Facebook from March 2012; m3's page starts in 2026, after ON.
    assert points(by_slug["facebook"]) == {
        year: (0 if year < 2012 else 1, 3) for year in range(2009, 2026)
    }
    # m1 2009 until July 2023, m2 from 2011.
    expected_x = {2009: 1, 2010: 1} | dict.fromkeys(range(2011, 2023), 2) | {2023: 1, 2024: 1}
    expected_x[2025] = 1
    assert points(by_slug["x-twitter"]) == {year: (n, 3) for year, n in expected_x.items()}
    assert points(by_slug["instagram"]) == {
        year: (0 if year < 2015 else 1, 3) for year in range(2009, 2026)
    }
    assert points(by_slug["mastodon"]) == {year: (0, 3) for year in range(2009, 2026)}


@pytest.mark.usefixtures("registry")
def test_timeline_of_municipalities_counts_each_authority_once() -> None:
    found = timeline(Level.LOCAL, None, "facebook", 2012, ON)

    # k1 all along (two pages, counted once); k3 from 2013 until 1 Jan 2020; p1 proposed.
    expected = {2012: 1} | dict.fromkeys(range(2013, 2020), 2) | dict.fromkeys(range(2020, 2026), 1)
    assert points(found) == {year: (n, 3) for year, n in expected.items()}
    # The current year counts on ON: k1's account exists, l1's ended on ON.
    assert timeline(Level.STATE, None, "x-twitter", 2024, ON).points[-1].present == 0
    assert timeline(Level.STATE, None, "x-twitter", 2024, ON).points[0].present == 1


@pytest.mark.usefixtures("registry")
def test_timeline_of_unknown_platform_raises() -> None:
    with pytest.raises(LookupError):
        timeline(Level.FEDERAL, None, "myspace", 2010, ON)


@contextmanager
def count_queries() -> Iterator[list[str]]:
    statements: list[str] = []

    def record(*args: Any) -> None:
        # SQLite's BEGIN (kb.database) is transaction control, not a query.
        if not args[2].startswith("BEGIN"):
            statements.append(args[2])

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


@pytest.mark.usefixtures("registry")
def test_census_is_cached_per_version_and_bump_invalidates() -> None:
    filters = CensusFilter()
    first = census_module.census(filters, ON)
    with count_queries() as statements:
        second = census_module.census(filters, ON)
    assert second is first
    assert len(statements) <= 1

    # A moderator approves a1's Instagram account: a new version, new figures.
    proposal = db.session.scalar(
        select(SocialAccount).where(SocialAccount.review == Review.PROPOSED)
    )
    service.approve_account(proposal)
    db.session.commit()
    with count_queries() as statements:
        third = census_module.census(filters, ON)
    assert len(statements) > 1
    assert third is not first
    instagram = next(row for row in third.platforms if row.platform_slug == "instagram")
    assert instagram.by_level[Level.FEDERAL] == Coverage(total=5, present=2)
    assert third.active_accounts == 11

    # Other filters and days are cached on their own.
    assert census_module.census(CensusFilter(land="BY"), ON).overall == Coverage(3, 1)
    assert census_module.census(filters, ON) is third


@pytest.mark.usefixtures("registry")
def test_rolled_back_bump_does_not_poison_the_cache() -> None:
    before = census_module.census(CensusFilter(), ON)
    # A change and its bump that are rolled back, while a census was computed inside.
    db.session.add(
        SocialAccount(
            authority_id=db.session.scalar(select(Authority.id).where(Authority.slug == "a2")),
            platform=platform("facebook"),
            url="https://www.facebook.com/a2",
        )
    )
    service.bump_version()
    inside = census_module.census(CensusFilter(), ON)
    assert inside.active_accounts == 11
    db.session.rollback()
    # The next real change gets the same number, but is a different version.
    service.bump_version()
    db.session.commit()
    after = census_module.census(CensusFilter(), ON)
    assert after.active_accounts == before.active_accounts == 10


def test_cold_census_costs_the_same_number_of_queries_at_any_size(app: Flask) -> None:
    with app.app_context():
        build_registry()
        with count_queries() as small:
            compute(CensusFilter(), ON)
        for number in range(60):
            extra = authority(f"extra-{number}", Kind.MUNICIPALITY, Level.LOCAL, "HE")
            account(extra, "facebook", date(2015, 1, 1))
            account(extra, "mastodon", date(2023, 1, 1))
        db.session.commit()
        with count_queries() as large:
            result = compute(CensusFilter(), ON)
        assert result.by_level[Level.LOCAL] == Coverage(total=63, present=62)
        assert len(large) == len(small) <= 8


@pytest.mark.usefixtures("registry")
def test_cache_is_bounded(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(census_module, "CACHE_SIZE", 2)
    for land in ("BY", "NW", "HE", "SN"):
        census_module.census(CensusFilter(land=land), ON)
    cache = app.extensions[census_module.CACHE_KEY]
    assert len(cache) == 2
    assert {key[1].land for key in cache} == {"HE", "SN"}  # the oldest went first


def test_unknown_start_is_not_backfilled_into_history(app: Flask) -> None:
    """An account seen on 2014-01-31 with no start date counts from 2014 on, not before;
    one with neither start nor check date counts only in the current year."""
    with app.app_context():
        seed_taxonomy()
        seen = authority("ministerium-a", Kind.FEDERAL_MINISTRY, Level.FEDERAL)
        account(seen, "facebook", None).last_checked = date(2014, 1, 31)
        unknown = authority("ministerium-b", Kind.FEDERAL_MINISTRY, Level.FEDERAL)
        account(unknown, "facebook", None)
        db.session.commit()
        found = timeline(Level.FEDERAL, Kind.FEDERAL_MINISTRY, "facebook", 2012, ON)
        assert points(found) == {
            2012: (0, 2),
            2013: (0, 2),
            **{year: (1, 2) for year in range(2014, 2025)},
            2025: (2, 2),
        }
        # Today's census counts both: they are known to exist.
        assert compute(CensusFilter(), ON).by_level[Level.FEDERAL] == Coverage(2, 2)
