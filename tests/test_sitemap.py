"""/sitemap.xml and /robots.txt: valid against the official schemas, exactly the records
anonymous readers may see, an index of parts past the limit, and rules that keep crawlers
off the endless addresses but never off a page the sitemap lists."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from lxml import etree
from sqlalchemy import event as sa_event
from sqlalchemy import select
from werkzeug.test import TestResponse

from kb import registry
from kb.articles.models import Article
from kb.cases.models import CaseStudy
from kb.community.models import Comment
from kb.content.models import PublishState
from kb.directory import Authority, Kind, Level, Review, SocialAccount
from kb.events.models import Event
from kb.events.models import Review as EventReview
from kb.extensions import db
from kb.site import sitemap
from kb.standing import Standing
from kb.taxonomy import Platform, seed_taxonomy
from kb.users import Role
from tests.conftest import Auth, Client

DATA = Path(__file__).parent / "data"
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
SITE = "http://localhost"
CHANGED = datetime(2026, 12, 3, 10, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def schemas() -> dict[str, etree.XMLSchema]:
    return {
        "urlset": etree.XMLSchema(etree.parse(DATA / "sitemap.xsd")),
        "sitemapindex": etree.XMLSchema(etree.parse(DATA / "siteindex.xsd")),
    }


def parse(response: TestResponse, schemas: dict[str, etree.XMLSchema]) -> Any:
    """The document, after checking status, type and its schema."""
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/xml; charset=utf-8"
    document = etree.fromstring(response.data)
    root = etree.QName(document).localname
    schema = schemas[root]
    assert schema.validate(document), schema.error_log
    return document


def locations(document: Any) -> list[str]:
    return [str(loc) for loc in document.xpath("//sm:loc/text()", namespaces=NS)]


def lastmods(document: Any) -> dict[str, str | None]:
    found = {}
    for url in document.xpath("/sm:urlset/sm:url", namespaces=NS):
        lastmod = url.find("sm:lastmod", NS)
        found[url.findtext("sm:loc", namespaces=NS)] = lastmod.text if lastmod is not None else None
    return found


def all_listed(client: Client, schemas: dict[str, etree.XMLSchema]) -> list[str]:
    """Every address, following the index into its parts when there is one."""
    document = parse(client.get("/sitemap.xml"), schemas)
    if etree.QName(document).localname == "urlset":
        return locations(document)
    listed = []
    for part in locations(document):
        assert part.startswith(f"{SITE}/sitemap-")
        listed += locations(parse(client.get(part.removeprefix(SITE)), schemas))
    return listed


# --- one record in every state --------------------------------------------------------------

PUBLIC = {
    f"{SITE}/": None,
    f"{SITE}/articles/oeffentlicher-eintrag": "2026-12-03T10:00:00+00:00",
    f"{SITE}/authorities/bestaetigtes-amt": "2026-12-03T13:00:00+00:00",
    f"{SITE}/cases/oeffentliche-fallstudie": "2026-12-03T11:00:00+00:00",
    f"{SITE}/events/sichtbarer-termin": "2026-12-03T12:00:00+00:00",
}


@pytest.fixture
def world(app: Flask, make_user: Any) -> None:
    """Each listed type public and not: drafts, a held event, a proposed authority, and
    rows of the types the sitemap leaves out (accounts, comments, profiles)."""
    owner = make_user()
    with app.app_context():
        seed_taxonomy()
        starts = datetime(2027, 3, 1, 17, 0, tzinfo=UTC)
        common = {"creator_id": owner.id}
        published = Article(
            slug="oeffentlicher-eintrag",
            title="Öffentlich",
            status=PublishState.PUBLISHED,
            updated_at=CHANGED,
            **common,
        )
        db.session.add_all(
            [
                published,
                Article(slug="entwurf", title="Entwurf", status=PublishState.DRAFT, **common),
                CaseStudy(
                    slug="oeffentliche-fallstudie",
                    title="Öffentlich",
                    status=PublishState.PUBLISHED,
                    # Stored in UTC whatever zone it was given in.
                    updated_at=datetime(2026, 12, 3, 12, 0, tzinfo=ZoneInfo("Europe/Berlin")),
                    **common,
                ),
                CaseStudy(slug="fall-entwurf", title="Entwurf", **common),
                Event(
                    slug="sichtbarer-termin",
                    title="Sichtbar",
                    starts_at=starts,
                    ends_at=starts + timedelta(hours=1),
                    review=EventReview.VISIBLE,
                    updated_at=CHANGED + timedelta(hours=2),
                    **common,
                ),
                Event(
                    slug="zurueckgehaltener-termin",
                    title="Zurückgehalten",
                    starts_at=starts,
                    ends_at=starts + timedelta(hours=1),
                    review=EventReview.HELD,
                    **common,
                ),
                Authority(
                    slug="bestaetigtes-amt",
                    name="Bestätigt",
                    kind=Kind.OTHER,
                    level=Level.OTHER,
                    review=Review.APPROVED,
                    updated_at=CHANGED + timedelta(hours=3),
                ),
                Authority(
                    slug="vorgeschlagenes-amt",
                    name="Vorgeschlagen",
                    kind=Kind.OTHER,
                    level=Level.OTHER,
                    review=Review.PROPOSED,
                    proposed_by_id=owner.id,
                ),
            ]
        )
        db.session.flush()
        authority_id = db.session.scalar(
            select(Authority.id).where(Authority.slug == "bestaetigtes-amt")
        )
        db.session.add_all(
            [
                SocialAccount(
                    authority_id=authority_id,
                    platform_id=db.session.scalar(select(Platform.id).limit(1)),
                    url="https://social.example/@amt",
                    review=Review.APPROVED,
                ),
                Comment(
                    target_type="article",
                    target_id=published.id,
                    author_id=owner.id,
                    body="Versteckt",
                    body_html="<p>Versteckt</p>",
                    submission_key="v" * 32,
                    moderation=Standing.HIDDEN,
                ),
            ]
        )
        db.session.commit()


def test_sitemap_lists_exactly_the_public_records(
    world: None, client: Client, schemas: dict[str, etree.XMLSchema]
) -> None:
    response = client.get("/sitemap.xml")
    document = parse(response, schemas)
    assert etree.QName(document).localname == "urlset"
    # The start page first, then the types by name, each in the order of its ids.
    assert lastmods(document) == PUBLIC
    assert locations(document) == list(PUBLIC)
    assert "Set-Cookie" not in response.headers


def test_the_listed_types_are_those_with_a_time_of_change(app: Flask) -> None:
    with_lastmod = {item.name for item in registry.of(app) if item.lastmod is not None}
    assert with_lastmod == {"article", "authority", "case", "event"}


def test_lastmod_is_a_w3c_datetime_in_utc() -> None:
    berlin = datetime(2026, 7, 1, 12, 0, 30, 123456, tzinfo=ZoneInfo("Europe/Berlin"))
    assert sitemap.w3c_datetime(berlin) == "2026-07-01T10:00:30+00:00"


def test_a_draft_appears_once_published_and_goes_when_unpublished(
    app: Flask, world: None, client: Client
) -> None:
    url = f"{SITE}/articles/entwurf"
    assert url not in client.get("/sitemap.xml").get_data(as_text=True)
    with app.app_context():
        draft = db.session.scalar(select(Article).where(Article.slug == "entwurf"))
        assert draft is not None
        draft.status = PublishState.PUBLISHED
        db.session.commit()
    assert url in client.get("/sitemap.xml").get_data(as_text=True)


def test_a_first_event_is_listed_only_once_a_moderator_approved_it(
    app: Flask, client: Client, auth: Auth, make_user: Any
) -> None:
    with app.app_context():
        seed_taxonomy()
        db.session.commit()
    member, moderator = make_user(trusted=False), make_user(role=Role.MODERATOR)
    next_year = datetime.now(UTC).year + 1
    assert auth.login(member.email).status_code == 303
    response = client.post_form(
        "/events/new",
        {
            "title": "Erster Stammtisch",
            "description": "Wir tauschen uns aus.",
            "format": "meetup",
            "starts_at": f"{next_year}-07-01T19:00",
            "ends_at": f"{next_year}-07-01T21:00",
            "timezone": "Europe/Berlin",
            "attendance_mode": "online",
            "online_url": "https://meet.example/stammtisch",
            "is_free": "y",
            "language": "de",
            "topics": ["strategie"],
        },
    )
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    path = response.headers["Location"].removeprefix(SITE)
    # Not even for the organiser: the sitemap is what anonymous readers may see.
    assert path not in client.get("/sitemap.xml").get_data(as_text=True)
    auth.logout()
    assert path not in client.get("/sitemap.xml").get_data(as_text=True)

    assert auth.login(moderator.email).status_code == 303
    with app.app_context():
        event_id = db.session.scalar(
            select(Event.id).where(Event.slug == path.removeprefix("/events/"))
        )
    approve = f"/moderation/items/event/{event_id}/approve"
    assert client.post_form(approve, {"facts": "Passt."}).status_code == 303
    auth.logout()
    assert f"{SITE}{path}<" in client.get("/sitemap.xml").get_data(as_text=True)


# --- many records: an index of parts ---------------------------------------------------------


@pytest.fixture
def many(app: Flask, make_user: Any) -> Iterator[list[str]]:
    """Seven public articles between drafts, three events, an authority: eleven public
    addresses plus the start page, in the order the sitemap lists them."""
    owner = make_user()
    expected = [f"{SITE}/"]
    with app.app_context():
        starts = datetime(2027, 3, 1, 17, 0, tzinfo=UTC)
        for number in range(10):
            public = number % 3 != 1
            db.session.add(
                Article(
                    slug=f"eintrag-{number}",
                    title=f"Eintrag {number}",
                    status=PublishState.PUBLISHED if public else PublishState.DRAFT,
                    creator_id=owner.id,
                )
            )
            if public:
                expected.append(f"{SITE}/articles/eintrag-{number}")
        db.session.add(Authority(slug="amt", name="Amt", kind=Kind.OTHER, level=Level.OTHER))
        expected.append(f"{SITE}/authorities/amt")
        for number in range(3):
            db.session.add(
                Event(
                    slug=f"termin-{number}",
                    title=f"Termin {number}",
                    creator_id=owner.id,
                    starts_at=starts,
                    ends_at=starts + timedelta(hours=1),
                )
            )
            expected.append(f"{SITE}/events/termin-{number}")
        db.session.commit()
    yield expected


@pytest.mark.parametrize("limit", [1, 2, 3, 5, 11, 12, 13])
@pytest.mark.parametrize("batch_size", [1, 2, 1000])
def test_parts_together_list_every_address_once_in_order(
    many: list[str],
    client: Client,
    schemas: dict[str, etree.XMLSchema],
    monkeypatch: pytest.MonkeyPatch,
    limit: int,
    batch_size: int,
) -> None:
    monkeypatch.setattr(sitemap, "MAX_URLS", limit)
    monkeypatch.setattr(sitemap, "BATCH_SIZE", batch_size)
    parts = -(-len(many) // limit)
    document = parse(client.get("/sitemap.xml"), schemas)
    if parts == 1:
        assert etree.QName(document).localname == "urlset"
    else:
        assert etree.QName(document).localname == "sitemapindex"
        assert locations(document) == [f"{SITE}/sitemap-{n}.xml" for n in range(1, parts + 1)]
        for number in range(1, parts + 1):
            part = parse(client.get(f"/sitemap-{number}.xml"), schemas)
            assert 1 <= len(locations(part)) <= limit
    assert all_listed(client, schemas) == many


@pytest.mark.parametrize(
    "path",
    [
        "/sitemap-0.xml",
        "/sitemap-5.xml",
        "/sitemap--1.xml",
        "/sitemap-x.xml",
        "/sitemap-.xml",
        "/sitemap-1.5.xml",
        "/sitemap-99999999999999999999999999.xml",
        "/sitemap-4",
    ],
)
def test_unknown_parts_are_404(
    many: list[str], client: Client, monkeypatch: pytest.MonkeyPatch, path: str
) -> None:
    monkeypatch.setattr(sitemap, "MAX_URLS", 4)  # three parts
    assert client.get("/sitemap-3.xml").status_code == 200
    assert client.get(path).status_code == 404


def test_no_parts_while_one_file_holds_everything(world: None, client: Client) -> None:
    assert client.get("/sitemap-1.xml").status_code == 404


def test_an_empty_site_still_has_a_valid_sitemap(
    client: Client, schemas: dict[str, etree.XMLSchema]
) -> None:
    assert locations(parse(client.get("/sitemap.xml"), schemas)) == [f"{SITE}/"]


def count_queries(app: Flask, client: Client, url: str) -> int:
    with app.app_context():
        engine = db.engine
    statements: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if not statement.startswith(("BEGIN", "SAVEPOINT", "RELEASE")):
            statements.append(statement)

    sa_event.listen(engine, "before_cursor_execute", record)
    try:
        assert client.get(url).status_code == 200
    finally:
        sa_event.remove(engine, "before_cursor_execute", record)
    return len(statements)


def test_queries_do_not_grow_with_the_records(
    app: Flask, world: None, client: Client, make_user: Any
) -> None:
    before = count_queries(app, client, "/sitemap.xml")
    owner = make_user()
    with app.app_context():
        for number in range(40):
            db.session.add(
                Article(
                    slug=f"mehr-{number}",
                    title="Mehr",
                    status=PublishState.PUBLISHED,
                    creator_id=owner.id,
                )
            )
        db.session.commit()
    assert count_queries(app, client, "/sitemap.xml") == before


# --- the host, the cache and bad input -------------------------------------------------------


def test_addresses_are_the_sites_own_whatever_the_host(app_factory: Any, world: None) -> None:
    app = app_factory(KB_BASE_URL="https://amtsnetz.example")
    client = app.test_client()
    for path in ("/sitemap.xml", "/robots.txt"):
        for base_url in ("http://evil.example", "https://amtsnetz.example", "http://localhost"):
            body = client.get(path, base_url=base_url).get_data(as_text=True)
            assert "https://amtsnetz.example/" in body, (path, base_url)
            assert "evil.example" not in body and "localhost" not in body, (path, base_url)


@pytest.mark.parametrize("path", ["/sitemap.xml", "/sitemap-2.xml", "/robots.txt"])
@pytest.mark.parametrize(
    "query",
    ["?page=2", "?%ff%fe=%ff", "?a=%00&a=%0d%0a", "?" + "x" * 5000, "?=&&==", "?q=<script>"],
)
def test_query_strings_change_nothing(
    many: list[str],
    client: Client,
    monkeypatch: pytest.MonkeyPatch,
    path: str,
    query: str,
) -> None:
    monkeypatch.setattr(sitemap, "MAX_URLS", 5)
    plain = client.get(path)
    assert plain.status_code == 200
    response = client.get(path + query)
    assert response.status_code == 200
    assert response.data == plain.data
    assert "Set-Cookie" not in response.headers


# --- robots.txt ------------------------------------------------------------------------------


def robots_rules(text: str) -> list[tuple[bool, str]]:
    return [
        (field.lower() == "allow", value.strip())
        for field, _, value in (line.partition(":") for line in text.splitlines())
        if field.lower() in ("allow", "disallow")
    ]


def rule_matches(pattern: str, path: str) -> bool:
    """RFC 9309 matching, as Google and Bing do it: a prefix, `*` for any characters,
    `$` for the end."""
    anchored = pattern.endswith("$")
    body = pattern[:-1] if anchored else pattern
    regex = ".*".join(re.escape(part) for part in body.split("*"))
    return re.match(regex + ("$" if anchored else ""), path) is not None


def allowed(rules: list[tuple[bool, str]], path: str) -> bool:
    """The longest matching rule wins; on a tie, Allow."""
    matching = [(len(pattern), allow) for allow, pattern in rules if rule_matches(pattern, path)]
    if not matching:
        return True
    return max(matching)[1]


def test_the_rule_matcher_of_these_tests() -> None:
    assert rule_matches("/*?", "/articles/?topic=x")
    assert not rule_matches("/*?", "/articles/")
    assert rule_matches("/articles/new$", "/articles/new")
    assert not rule_matches("/articles/new$", "/articles/newsletter")
    assert allowed([(False, "/*?"), (True, "/static/")], "/static/x.css?v=1")


def test_robots_txt(world: None, client: Client, schemas: dict[str, etree.XMLSchema]) -> None:
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert "Set-Cookie" not in response.headers
    text = response.get_data(as_text=True)
    lines = text.splitlines()
    assert lines[0] == "User-agent: *"
    assert lines[-1] == f"Sitemap: {SITE}/sitemap.xml"
    for line in lines[1:]:
        assert re.fullmatch(r"((Allow|Disallow): /\S*|Sitemap: https?://\S+|)", line), line
    rules = robots_rules(text)

    kept_off = [
        "/search",
        "/search?q=datenschutz&type=article",
        "/articles/?topic=datenschutz&platform=mastodon",
        "/articles/?sort=popular&after=abc",
        "/cases/?land=BY",
        "/authorities/?level=bund",
        "/authorities/census?level=land",
        "/events/?topic=strategie&when=past",
        "/events/calendar?month=2031-05",
        "/events.ics",
        "/events.ics?topic=strategie",
        "/events/feed.atom?format=webinar",
        "/events/sichtbarer-termin.ics",
        "/cases/compare?c=a&c=b",
        "/articles/oeffentlicher-eintrag/diff?a=1&b=2",
        "/articles/oeffentlicher-eintrag/history",
        "/cases/oeffentliche-fallstudie/diff",
        "/authorities/export.csv",
        "/authorities/census.json",
        "/account/export",
        "/account/bookmarks",
        "/auth/login",
        "/auth/register",
        "/auth/login?next=/articles/new",
        "/moderation/",
        "/admin/users",
        "/notifications",
        "/articles/new",
        "/events/review",
        "/language/en?next=/",
    ]
    for path in kept_off:
        assert not allowed(rules, path), path

    open_to_crawlers = [
        *(url.removeprefix(SITE) for url in all_listed(client, schemas)),
        "/articles/",
        "/cases/",
        "/events/",
        "/events/calendar",
        "/authorities/",
        "/authorities/census",
        "/articles/feed.atom",
        "/events/feed.atom",
        "/impressum",
        "/static/css/site.css",
        "/static/css/site.css?v=2",
        # slugs that begin like the private pages next to them
        "/articles/newsletter-strategie",
        "/events/review-workshop",
        "/cases/mine-und-deine",
        "/cases/compare-tiktok-and-instagram",
        "/articles/history-of-hate-speech",
        "/articles/diff",
    ]
    for path in open_to_crawlers:
        assert allowed(rules, path), path
