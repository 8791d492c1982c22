"""The search through its pages: who sees what, facets, bad input, highlighting, htmx,
OpenSearch, the header's search box, `flask search reindex`, cookies and query counts.

Two kinds of tests:

* Tests that change state (a record is published, unpublished, deleted; an account is
  removed; the index is rebuilt) run on the suite's database, one test at a time. The
  visibility tests run for every searchable content type of the registry: each type
  names in LIFECYCLES how its records are made public and taken back, and a test fails
  for a searchable type that does not.
* Tests that only read share one module-wide world with public and non-public records
  of every type, on a database of its own.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from html import unescape
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from flask import Flask
from sqlalchemy import event as sa_event
from sqlalchemy import func, select
from werkzeug.test import TestResponse

from kb import registry
from kb.accounts import service as account_service
from kb.articles import service as article_service
from kb.authorities import service as authority_service
from kb.authorities.validation import AccountInput, AuthorityInput
from kb.cases import service as case_service
from kb.directory import Authority, Kind, Level, SocialAccount
from kb.events import service as event_service
from kb.events.editing import EventInput
from kb.events.models import Event
from kb.extensions import db
from kb.search import index
from kb.search import service as search_service
from kb.search.engines import Filters
from kb.search.models import ALL_DOCUMENTS, SearchDocument, SearchFacet, SearchTerm, SearchWord
from kb.taxonomy import Platform, Topic
from kb.timeutil import utcnow
from kb.users import Role, User
from tests.conftest import PASSWORD, Auth, Client, make_app, own_database
from tests.test_cases import CASE_VALUES

ENGLISH = {"Accept-Language": "en"}
SHARED = "Wegweiser"  # a word of every record of the module's world

# --- reading a results page -------------------------------------------------------------------

HIT = re.compile(
    r'<li class="entry-list__item search-hit">\s*'
    r'<h3 class="kern-title"><a class="kern-link" href="([^"]+)">(.*?)</a></h3>',
    re.S,
)
COUNT = re.compile(r'id="search-count" role="status" aria-live="polite">([^<]*)</p>')
FACET = re.compile(
    r'<li><a class="kern-link" href="([^"]+)"(?: aria-current="true")?>[^<]*</a> '
    r'<span class="kern-body kern-body--small">\((\d+)\)</span></li>'
)
ALERT = re.compile(r'<div class="kern-alert kern-alert--danger" role="alert">.*?</ul>', re.S)


@dataclass
class Page:
    url: str
    response: TestResponse
    html: str
    hits: list[str]  # the hits' addresses, in order
    titles: list[str]  # the hits' titles as HTML
    total: int | None  # what the count says (None: no search ran)
    # (facet, value) -> (count, address of the option)
    facets: dict[tuple[str, str], tuple[int, str]] = field(default_factory=dict)

    @property
    def status(self) -> int:
        return self.response.status_code

    @property
    def errors(self) -> str:
        found = ALERT.search(self.html)
        return unescape(found.group()) if found else ""


def search_url(**params: str) -> str:
    return "/search?" + urlencode(params) if params else "/search"


def total_of(count_text: str) -> int | None:
    if "No results" in count_text:
        return 0
    found = re.search(r"(\d+) results?\.", count_text)
    return int(found.group(1)) if found else None


def facet_of(current: dict[str, str], option: dict[str, str]) -> tuple[str, str]:
    """Which facet value an option's link chooses (or takes off again); the links carry
    the query as the search understood it, and start again on page 1."""
    added = {k: v for k, v in option.items() if k != "q" and current.get(k) != v}
    removed = {k: v for k, v in current.items() if k not in option and k not in ("q", "page")}
    ((name, value),) = (added or removed).items()
    return name, value


def fetch(client: Client, url: str, **headers: str) -> Page:
    response = client.get(url, headers={**ENGLISH, **headers})
    html = response.get_data(as_text=True)
    count = COUNT.search(html)
    current = dict(parse_qsl(urlsplit(url).query))
    facets = {}
    for href, number in FACET.findall(html):
        option = dict(parse_qsl(urlsplit(unescape(href)).query))
        facets[facet_of(current, option)] = (int(number), unescape(href))
    return Page(
        url=url,
        response=response,
        html=html,
        hits=[unescape(href) for href, _title in HIT.findall(html)],
        titles=[title for _href, title in HIT.findall(html)],
        total=total_of(count.group(1)) if count else None,
        facets=facets,
    )


def find(client: Client, query: str, **params: str) -> Page:
    page = fetch(client, search_url(q=query, **params))
    assert page.status == 200, (page.url, page.status, page.errors)
    return page


def terms(model: Any, slugs: list[str]) -> list[Any]:
    found = list(db.session.scalars(select(model).where(model.slug.in_(slugs))))
    assert len(found) == len(slugs), slugs
    return found


def document_count(kind: str | None = None) -> int:
    query = select(func.count()).select_from(SearchDocument)
    if kind:
        query = query.where(SearchDocument.kind == kind)
    return db.session.scalar(query) or 0


# --- records, as the features make them -------------------------------------------------------


def new_article(author: User, title: str, publish: bool, **texts: Any) -> Any:
    return article_service.create_article(
        author,
        article_service.ArticleInput(
            title=title,
            summary=texts.get("summary", f"Worum es geht: {title}."),
            body=texts.get("body", f"## {title}\n\nEin Text über {title}."),
            topics=terms(Topic, texts.get("topics", ["strategie"])),
            platforms=terms(Platform, texts.get("platforms", ["mastodon"])),
        ),
        publish=publish,
    )


def new_case(author: User, title: str, publish: bool, authority: Authority, **texts: Any) -> Any:
    values = {
        **CASE_VALUES,
        "title": title,
        "summary": f"Worum es geht: {title}.",
        "authority": authority,
        "topics": terms(Topic, texts.get("topics", ["buergerservice"])),
        "platforms": terms(Platform, texts.get("platforms", ["instagram"])),
    }
    case = case_service.create_case(author, values)
    if publish:
        case_service.publish_case(case, author)
    return case


def new_event(author: User, title: str, days_ahead: int = 20, **details: Any) -> Any:
    """Visible when a moderator makes it; a member's first event is held for review."""
    starts = (utcnow() + timedelta(days=days_ahead)).replace(microsecond=0)
    return event_service.create_event(
        author,
        EventInput(
            title=title,
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            description=f"Wir treffen uns: {title}.",
            venue_name="Rathaus",
            venue_city=details.get("city", "Leipzig"),
            land=details.get("land", "SN"),
            organiser_name="Netzwerk Social Media (fiktiv)",
            topics=terms(Topic, details.get("topics", ["strategie"])),
        ),
    )


def new_authority(author: User, name: str, level: Level = Level.FEDERAL, land: str = "") -> Any:
    """Approved when a moderator proposes it; a member's proposal waits for review."""
    return authority_service.propose_authority(
        author, AuthorityInput(name=name, kind=Kind.OTHER, level=level, land=land)
    )


def new_account(author: User, authority: Authority, platform: str, url: str, handle: str) -> Any:
    return authority_service.propose_account(
        author,
        authority,
        AccountInput(platform=terms(Platform, [platform])[0], url=url, handle=handle),
    )


# --- visibility, for every searchable type ----------------------------------------------------


@dataclass
class Setting:
    app: Flask
    moderator: Client  # logged in
    reader: Client  # anonymous
    member_id: int
    moderator_id: int
    town_id: int  # an approved authority, for case studies

    def user(self, public: bool) -> User:
        """Moderators' records count at once; a member's wait (or stay drafts)."""
        user = db.session.get(User, self.moderator_id if public else self.member_id)
        assert user is not None
        return user

    def post(self, url: str) -> None:
        response = self.moderator.post_form(url)
        assert response.status_code == 303, (url, response.status_code)


@pytest.fixture
def setting(app: Flask, make_user: Any) -> Setting:
    app.config["KB_PAGE_CACHE_SECONDS"] = 0
    member, moderator = make_user(trusted=False), make_user(role=Role.MODERATOR)
    with app.app_context():
        town = new_authority(
            db.session.get(User, moderator.id), "Stadt Musterhausen", Level.LOCAL, "BY"
        )
        db.session.commit()
        town_id = town.id
    client: Client = app.test_client()  # type: ignore[assignment]
    assert Auth(client).login(moderator.email).status_code == 303
    return Setting(app, client, app.test_client(), member.id, moderator.id, town_id)  # type: ignore[arg-type]


def load(kind: str, address: str) -> Any:
    model = registry.current().types[kind].model
    record = db.session.scalar(select(model).where(model.slug == address.rsplit("/", 1)[-1]))
    assert record is not None, address
    return record


def delete_record(kind: str) -> Callable[[Setting, str], None]:
    """For types without a way to delete a public record in the app: the session does."""

    def delete(setting: Setting, address: str) -> None:
        with setting.app.app_context():
            db.session.delete(load(kind, address))
            db.session.commit()

    return delete


def create_article(setting: Setting, title: str, public: bool) -> str:
    with setting.app.app_context():
        article = new_article(setting.user(public), title, publish=public)
        db.session.commit()
        return f"/articles/{article.slug}"


def create_case(setting: Setting, title: str, public: bool) -> str:
    with setting.app.app_context():
        town = db.session.get(Authority, setting.town_id)
        case = new_case(setting.user(public), title, publish=public, authority=town)
        db.session.commit()
        return f"/cases/{case.slug}"


def create_event(setting: Setting, title: str, public: bool) -> str:
    with setting.app.app_context():
        event = new_event(setting.user(public), title)
        db.session.commit()
        assert (event.review.value == "visible") is public
        return f"/events/{event.slug}"


def approve_event(setting: Setting, address: str) -> None:
    """Held events are approved in the moderation queue, with a reason."""
    with setting.app.app_context():
        event_id = db.session.scalar(
            select(Event.id).where(Event.slug == address.removeprefix("/events/"))
        )
    response = setting.moderator.post_form(
        f"/moderation/items/event/{event_id}/approve", {"facts": "Ein echtes Treffen."}
    )
    assert response.status_code == 303, (address, response.status_code)


def create_authority(setting: Setting, title: str, public: bool) -> str:
    with setting.app.app_context():
        authority = new_authority(setting.user(public), title)
        db.session.commit()
        assert authority.is_approved is public
        return f"/authorities/{authority.slug}"


@dataclass(frozen=True)
class Lifecycle:
    """How a record of one type is made, made public and taken back, as the feature does
    it (its views where the app has one, else its services or the session)."""

    create: Callable[[Setting, str, bool], str]  # (setting, title, public) -> address
    publish: Callable[[Setting, str], None]
    unpublish: Callable[[Setting, str], None] | None  # None: public records stay public
    delete: Callable[[Setting, str], None]
    make_public: Callable[[Any, User], None]  # the service call, inside a transaction


LIFECYCLES: dict[str, Lifecycle] = {
    "article": Lifecycle(
        create=create_article,
        publish=lambda s, address: s.post(f"{address}/publish"),
        unpublish=lambda s, address: s.post(f"{address}/unpublish"),
        delete=delete_record("article"),
        make_public=article_service.publish_article,
    ),
    "case": Lifecycle(
        create=create_case,
        publish=lambda s, address: s.post(f"{address}/publish"),
        unpublish=lambda s, address: s.post(f"{address}/unpublish"),
        delete=delete_record("case"),
        make_public=case_service.publish_case,
    ),
    "event": Lifecycle(
        create=create_event,
        publish=approve_event,
        unpublish=None,  # an approved event stays listed until it is deleted
        delete=lambda s, address: s.post(f"{address}/delete"),
        make_public=lambda event, _user: event_service.approve(event),
    ),
    "authority": Lifecycle(
        create=create_authority,
        publish=lambda s, address: s.post(f"{address}/approve"),
        unpublish=None,  # an approved authority stays in the directory
        delete=delete_record("authority"),
        make_public=lambda authority, _user: authority_service.approve_authority(authority),
    ),
}


def searchable_kinds(app: Flask) -> list[str]:
    return [content_type.name for content_type in registry.of(app) if content_type.search]


def test_every_searchable_type_has_a_lifecycle(app: Flask) -> None:
    """A new searchable type is covered by the visibility tests once it is listed here."""
    kinds = searchable_kinds(app)
    assert kinds, "no content type is searchable"
    missing = [kind for kind in kinds if kind not in LIFECYCLES]
    assert not missing, f"add the searchable types {missing} to LIFECYCLES"
    assert set(LIFECYCLES) <= set(kinds), "LIFECYCLES names a type that is not searchable"


def counts_of(page: Page) -> dict[tuple[str, str], int]:
    return {key: count for key, (count, _url) in page.facets.items()}


def check_only_public(setting: Setting, kind: str, control: str, record: str, public: bool) -> None:
    """What a reader finds: the control record always, the record only when public."""
    reader = setting.reader
    expected = [control, record] if public else [control]
    own = find(reader, f"Xylofant{kind}")
    assert own.hits == ([record] if public else []), (kind, public, own.hits)
    both = find(reader, SHARED)
    assert sorted(both.hits) == sorted(expected), (kind, public, both.hits)
    assert both.total == len(expected)
    # Every facet counts the public records only: here each holds the same values.
    counts = counts_of(both)
    assert counts[("type", kind)] == len(expected)
    assert set(counts.values()) == {len(expected)}, counts
    # Browsing the type without words lists the same.
    browsed = fetch(reader, search_url(type=kind))
    assert browsed.status == 200
    assert (record in browsed.hits) is public and control in browsed.hits
    with setting.app.app_context():
        assert document_count(kind) == len(browsed.hits)
        # The ranking's counts follow every change, and forget what no document holds.
        assert stored_terms() == recounted_terms()


@pytest.mark.parametrize("kind", sorted(LIFECYCLES))
def test_only_public_records_are_found_from_the_commit_that_publishes_them(
    setting: Setting, kind: str
) -> None:
    steps = LIFECYCLES[kind]
    control = steps.create(setting, f"Quarzel{kind} {SHARED}", True)
    record = steps.create(setting, f"Xylofant{kind} {SHARED}", False)
    check_only_public(setting, kind, control, record, public=False)

    steps.publish(setting, record)  # the request that commits it; the next one finds it
    check_only_public(setting, kind, control, record, public=True)

    if steps.unpublish is not None:
        steps.unpublish(setting, record)
        check_only_public(setting, kind, control, record, public=False)
        steps.publish(setting, record)
        check_only_public(setting, kind, control, record, public=True)

    steps.delete(setting, record)
    check_only_public(setting, kind, control, record, public=False)
    # Nothing of it is left in the index, and the vocabulary forgot its own word.
    with setting.app.app_context():
        assert (
            db.session.scalar(select(SearchWord).where(SearchWord.word.like("xylofant%"))) is None
        )


def snapshot() -> dict[str, Any]:
    documents = db.session.execute(
        select(
            SearchDocument.kind,
            SearchDocument.record_id,
            SearchDocument.title,
            SearchDocument.summary,
            SearchDocument.body,
            SearchDocument.terms_title,
            SearchDocument.terms_summary,
            SearchDocument.terms_body,
            SearchDocument.words,
            SearchDocument.date,
            SearchDocument.popularity,
            SearchDocument.starts_at,
        ).order_by(SearchDocument.kind, SearchDocument.record_id)
    ).all()
    facets = db.session.execute(
        select(SearchDocument.kind, SearchDocument.record_id, SearchFacet.name, SearchFacet.value)
        .join(SearchDocument, SearchDocument.id == SearchFacet.document_id)
        .order_by(
            SearchDocument.kind, SearchDocument.record_id, SearchFacet.name, SearchFacet.value
        )
    ).all()
    words = db.session.execute(
        select(SearchWord.word, SearchWord.reversed, SearchWord.documents).order_by(SearchWord.word)
    ).all()
    terms = db.session.execute(
        select(SearchTerm.term, SearchTerm.documents, SearchTerm.tokens).order_by(SearchTerm.term)
    ).all()
    return {"documents": documents, "facets": facets, "words": words, "terms": terms}


def recounted_terms() -> dict[str, tuple[int, int]]:
    """search_terms as it should be: counted afresh from the documents."""
    documents: Counter[str] = Counter()
    tokens: Counter[str] = Counter()
    for fields in db.session.execute(
        select(SearchDocument.terms_title, SearchDocument.terms_summary, SearchDocument.terms_body)
    ):
        occurrences = Counter(term for text in fields for term in text.split())
        documents.update(occurrences.keys())
        tokens.update(occurrences)
        documents[ALL_DOCUMENTS] += 1
        tokens[ALL_DOCUMENTS] += occurrences.total()
    return {term: (count, tokens[term]) for term, count in documents.items()}


def stored_terms() -> dict[str, tuple[int, int]]:
    return {
        term.term: (term.documents, term.tokens) for term in db.session.scalars(select(SearchTerm))
    }


def found_in_session(word: str) -> int:
    results = search_service.search(search_service.parse(word, Filters()))
    return results.total


@pytest.mark.parametrize("kind", sorted(LIFECYCLES))
def test_a_rollback_leaves_the_index_as_it_was(setting: Setting, kind: str) -> None:
    steps = LIFECYCLES[kind]
    control = steps.create(setting, f"Quarzel{kind} {SHARED}", True)
    record = steps.create(setting, f"Xylofant{kind} {SHARED}", False)
    app = setting.app
    with app.app_context(), app.test_request_context():
        before = snapshot()
        assert len(before["documents"]) >= 1
        # Published and flushed, then rolled back: nothing was written.
        steps.make_public(load(kind, record), setting.user(True))
        db.session.flush()
        db.session.rollback()
        assert snapshot() == before
        # Even with its document written in the transaction (as the commit would), the
        # rollback takes it back out of the table, the full-text index and the vocabulary.
        loaded = load(kind, record)
        steps.make_public(loaded, setting.user(True))
        db.session.flush()
        index.refresh(kind, [loaded.id])
        assert found_in_session(f"Xylofant{kind}") == 1
        db.session.rollback()
        assert found_in_session(f"Xylofant{kind}") == 0
        assert snapshot() == before
        # The other way round: a public record deleted, its document removed in the
        # transaction, then rolled back: the document is back as it was.
        public = load(kind, control)
        public_id = public.id
        db.session.delete(public)
        db.session.flush()
        index.refresh(kind, [public_id])
        assert found_in_session(f"Quarzel{kind}") == 0
        db.session.rollback()
        assert found_in_session(f"Quarzel{kind}") == 1
        assert snapshot() == before
    assert find(setting.reader, f"Xylofant{kind}").hits == []
    assert find(setting.reader, f"Quarzel{kind}").hits == [control]


# --- an authority by its accounts -------------------------------------------------------------


def test_an_authority_is_found_by_its_accounts_handle_while_it_has_the_account(
    setting: Setting,
) -> None:
    app, reader = setting.app, setting.reader
    with app.app_context():
        authority = new_authority(
            setting.user(True), "Kreisverwaltung Hügelland", Level.LOCAL, "TH"
        )
        db.session.commit()
        address = f"/authorities/{authority.slug}"
        # A member proposes the account: it waits for review.
        account = new_account(
            setting.user(False),
            authority,
            "mastodon",
            "https://social.example/@kreishuegelland",
            "@kreishuegelland",
        )
        db.session.commit()
        account_id = account.id
    assert find(reader, "Hügelland").hits == [address]
    assert find(reader, "@kreishuegelland").hits == []

    setting.post(f"/authorities/accounts/{account_id}/approve")
    page = find(reader, "@kreishuegelland")
    assert page.hits == [address]
    assert page.facets[("platform", "mastodon")][0] == 1
    assert find(reader, "kreishügelland").hits == [address]  # typed with the umlaut

    # The account ends: it is no longer the authority's.
    with app.app_context():
        account = db.session.get(SocialAccount, account_id)
        authority_service.update_account(
            account,
            AccountInput(
                platform=account.platform,
                url=account.url,
                handle=account.handle,
                until=date.today() - timedelta(days=1),
            ),
        )
        db.session.commit()
    assert find(reader, "@kreishuegelland").hits == []
    with app.app_context():
        account = db.session.get(SocialAccount, account_id)
        account.until = None
        db.session.commit()
    assert find(reader, "@kreishuegelland").hits == [address]

    # The account is removed.
    with app.app_context():
        db.session.delete(db.session.get(SocialAccount, account_id))
        db.session.commit()
    page = find(reader, "@kreishuegelland")
    assert page.hits == []
    assert find(reader, "Hügelland").hits == [address]  # the authority itself stays
    assert ("platform", "mastodon") not in find(reader, "Hügelland").facets


def test_a_case_study_follows_its_authoritys_name_and_land(setting: Setting) -> None:
    app, reader = setting.app, setting.reader
    with app.app_context():
        town = db.session.get(Authority, setting.town_id)
        case = new_case(setting.user(True), "Bürgerdialog im Netz", True, town)
        db.session.commit()
        address = f"/cases/{case.slug}"
    assert find(reader, "Musterhausen Bürgerdialog").hits == [address]
    assert find(reader, "Bürgerdialog", land="BY").hits == [address]

    with app.app_context():
        town = db.session.get(Authority, setting.town_id)
        authority_service.update_authority(
            town,
            AuthorityInput(name="Stadt Neuhausen", kind=town.kind, level=town.level, land="NW"),
        )
        db.session.commit()
    assert find(reader, "Neuhausen Bürgerdialog").hits == [address]
    assert find(reader, "Bürgerdialog", land="NW").hits == [address]
    assert find(reader, "Bürgerdialog", land="BY").hits == []
    assert address not in find(reader, "Musterhausen").hits


# --- the module's world: public and non-public records of every type ---------------------------


@dataclass
class World:
    app: Flask
    addresses: dict[str, str]  # name -> address

    def reader(self) -> Client:
        return self.app.test_client()  # type: ignore[return-value]


# What the public records of the world hold (q=Wegweiser): every facet value and its count.
PUBLIC_FACETS = {
    ("type", "article"): 3,
    ("type", "case"): 1,
    ("type", "event"): 2,
    ("type", "authority"): 1,
    ("topic", "strategie"): 4,
    ("topic", "datenschutz-recht"): 1,
    ("topic", "krisenkommunikation"): 1,
    ("topic", "buergerservice"): 1,
    ("platform", "mastodon"): 2,
    ("platform", "facebook"): 1,
    ("platform", "instagram"): 1,
    ("level", "kommune"): 1,
    ("level", "land"): 1,
    ("land", "BY"): 2,
    ("land", "SN"): 1,
    ("land", "NW"): 1,
    ("upcoming", "1"): 1,
}
# Facet values only the world's non-public records have.
HIDDEN_VALUES = {
    ("topic", "barrierefreiheit"),
    ("topic", "bild-urheberrecht"),
    ("topic", "monitoring-kennzahlen"),
    ("platform", "tiktok"),
    ("platform", "youtube"),
    ("platform", "threads"),
    ("level", "sonstige"),
    ("land", "HB"),
    ("land", "HH"),
}
HOSTILE_TITLE = '<script>alert("x")</script> Leuchtturm & "Wegweiser"'
HOSTILE_SUMMARY = "Ein <b>Leuchtturm</b> <img src=x onerror=alert(1)> für alle Behörden."


@pytest.fixture(scope="module")
def world(database_template: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    with own_database(database_template, tmp_path_factory.mktemp("search")) as database_url:
        app = make_app(database_url, KB_PAGE_CACHE_SECONDS=0)
        with app.app_context():
            addresses = build_world()
        yield World(app, addresses)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def build_world() -> dict[str, str]:
    moderator = account_service.create_user(
        "moderatorin@stadt-beispiel.de", PASSWORD, "Mona Moderatorin", role=Role.MODERATOR
    )
    member = account_service.create_user("mitglied@stadt-beispiel.de", PASSWORD, "Max Mitglied")
    db.session.flush()
    town = new_authority(moderator, "Stadt Musterhausen", Level.LOCAL, "BY")
    office = new_authority(moderator, f"{SHARED} Landesamt", Level.STATE, "NW")
    new_account(moderator, office, "mastodon", "https://social.example/@landesamt", "@landesamt")
    # Public: three entries, a case study, an upcoming and a past event, an authority.
    records = {
        "strategy": new_article(moderator, f"{SHARED} für Behörden", True),
        "privacy": new_article(
            moderator,
            f"{SHARED} Datenschutz",
            True,
            topics=["datenschutz-recht", "strategie"],
            platforms=["facebook"],
        ),
        "hostile": new_article(
            moderator,
            HOSTILE_TITLE,
            True,
            summary=HOSTILE_SUMMARY,
            body="Der **Leuchtturm** zeigt den Weg.",
            topics=["krisenkommunikation"],
            platforms=[],
        ),
        "case": new_case(moderator, f"{SHARED} im Rathaus", True, town),
        "upcoming": new_event(moderator, f"{SHARED} Stammtisch"),
        "past": new_event(moderator, f"{SHARED} Rückblick", -30, city="München", land="BY"),
        "office": office,
    }
    # Not public: a draft entry and case study, a held event, a proposed authority and a
    # proposed account, each with facet values no public record has.
    new_article(
        member, f"{SHARED} Entwurf", False, topics=["barrierefreiheit"], platforms=["tiktok"]
    )
    new_case(
        member,
        f"{SHARED} Entwurfsfall",
        False,
        town,
        topics=["bild-urheberrecht"],
        platforms=["youtube"],
    )
    held = new_event(
        member, f"{SHARED} Wartet", city="Bremen", land="HB", topics=["monitoring-kennzahlen"]
    )
    assert held.review.value == "held"
    proposed = authority_service.propose_authority(
        member,
        AuthorityInput(name=f"{SHARED} Vorschlag", kind=Kind.OTHER, level=Level.OTHER, land="HH"),
    )
    assert not proposed.is_approved
    new_account(member, office, "threads", "https://www.threads.net/@fadenwurm", "@fadenwurm")
    db.session.commit()
    prefixes = {
        "article": "/articles/",
        "case": "/cases/",
        "event": "/events/",
        "authority": "/authorities/",
    }
    addresses = {}
    for name, record in records.items():
        kind = registry.current().of_record(record)
        assert kind is not None
        addresses[name] = prefixes[kind.name] + record.slug
    return addresses


# --- facets -------------------------------------------------------------------------------------


def test_facets_count_the_public_hits_only(world: World) -> None:
    page = find(world.reader(), SHARED)
    assert page.total == len(page.hits) == 7
    assert sorted(page.hits) == sorted(world.addresses.values())
    counts = {key: count for key, (count, _url) in page.facets.items()}
    assert counts == PUBLIC_FACETS
    assert not HIDDEN_VALUES & set(counts)
    # The types' counts add up to the hits.
    assert sum(count for (name, _value), count in counts.items() if name == "type") == page.total


def test_each_facet_narrows_to_as_many_hits_as_it_counts(world: World) -> None:
    reader = world.reader()
    page = find(reader, SHARED)
    for (name, value), (count, url) in page.facets.items():
        narrowed = fetch(reader, url)
        assert narrowed.status == 200, url
        assert narrowed.total == len(narrowed.hits) == count, (name, value, narrowed.hits)
        assert set(narrowed.hits) <= set(page.hits)
        # The chosen value is offered to take off again, with the same count.
        assert narrowed.facets[(name, value)][0] == count
        assert 'aria-current="true"' in narrowed.html


@pytest.mark.parametrize(
    ("kind", "prefix", "count"),
    [
        ("article", "/articles/", 3),
        ("case", "/cases/", 1),
        ("event", "/events/", 2),
        ("authority", "/authorities/", 1),
    ],
)
def test_a_type_narrows_to_that_type(world: World, kind: str, prefix: str, count: int) -> None:
    reader = world.reader()
    page = find(reader, SHARED, type=kind)
    assert len(page.hits) == page.total == count
    assert all(hit.startswith(prefix) for hit in page.hits), page.hits
    # Without words, the type alone lists every public record of it.
    browsed = fetch(reader, search_url(type=kind))
    assert browsed.status == 200
    assert set(page.hits) <= set(browsed.hits)
    assert all(hit.startswith(prefix) for hit in browsed.hits)


def test_upcoming_keeps_only_future_events(world: World) -> None:
    reader = world.reader()
    page = find(reader, SHARED, upcoming="1")
    assert page.hits == [world.addresses["upcoming"]]
    assert page.total == 1
    assert ("upcoming", "1") in page.facets  # offered to take off again
    assert fetch(reader, search_url(upcoming="1")).hits == [world.addresses["upcoming"]]
    # The past event is found without the filter.
    assert world.addresses["past"] in find(reader, "Rückblick").hits
    assert find(reader, "Rückblick", upcoming="1").hits == []


def test_hidden_records_are_neither_found_nor_counted(world: World) -> None:
    reader = world.reader()
    for word in ("Entwurf", "Entwurfsfall", "Wartet", "Vorschlag", "fadenwurm"):
        page = find(reader, word)
        assert page.hits == [] and page.total == 0, (word, page.hits)
    for name, value in sorted(HIDDEN_VALUES):
        page = fetch(reader, search_url(**{name: value}))
        assert page.status == 200 and page.hits == [] and page.total == 0, (name, value)
        assert not page.facets, (name, value)


# --- bad input -------------------------------------------------------------------------------

SYNTAX = ['"', "*", "NEAR", "AND", "(", ":", "-", "^", "OR", "NOT", "'", "\\", "&", "|", "!", "<->"]
SYNTAX_AROUND_A_WORD = [
    '"Wegweiser',
    "Wegweiser*",
    "Wegweiser AND",
    "OR Wegweiser",
    "NOT Wegweiser",
    "(Wegweiser",
    "Wegweiser)",
    "title:Wegweiser",
    "terms_title:Wegweiser",
    "-Wegweiser",
    "^Wegweiser",
    "NEAR(Wegweiser Stammtisch)",
    "Wegweiser NEAR/2 Stammtisch",
    '"Wegweiser" OR "1"="1"',
    "Wegweiser' OR 1=1 --",
    "Wegweiser & | ! <-> :*",
    "{Wegweiser}",
    '*"(:-^)"*',
    "Wegweiser\\",
]
CONTROL = ["Weg\x00weiser", "Wegweiser\x1b[31m", "\x07\x08\x0b", "Wegweiser\u200b\u2028\ufeff"]


def check_sensible(page: Page, status: int) -> None:
    assert page.status == status, (page.url, page.status, page.errors)
    assert page.html.lstrip().startswith("<!DOCTYPE html>"), page.url
    assert '<form class="search-form"' in page.html
    lower = page.html.lower()
    for leak in ("traceback", "fts5", "tsquery", "syntax error", "operationalerror", "sqlalchemy"):
        assert leak not in lower, (page.url, leak)


@pytest.mark.parametrize("query", SYNTAX + SYNTAX_AROUND_A_WORD + CONTROL)
def test_query_syntax_and_control_characters_are_plain_text(world: World, query: str) -> None:
    page = fetch(world.reader(), search_url(q=query))
    check_sensible(page, 200)
    if SHARED in query:
        assert page.hits, (query, "the word in it is still searched")


def test_an_empty_query_shows_the_form_and_a_hint(world: World) -> None:
    for url in ("/search", search_url(q=""), search_url(q="   "), search_url(q="\x00")):
        page = fetch(world.reader(), url)
        check_sensible(page, 200)
        assert page.hits == [] and page.total is None
        assert "Type a word or a question" in page.html  # what the search can do


def test_only_stop_words_are_explained(world: World) -> None:
    for query in ("und der die", "the and of", "Und, der & die?"):
        page = fetch(world.reader(), search_url(q=query))
        check_sensible(page, 200)
        assert page.hits == []
        assert "only very common words" in page.html, query


def test_a_very_long_query_is_refused_with_a_message(world: World) -> None:
    page = fetch(world.reader(), search_url(q="Wegweiser " * 1000))
    check_sensible(page, 400)
    assert "too long" in page.errors
    assert page.hits == []
    # At the limit it is searched.
    assert fetch(world.reader(), search_url(q=("Wegweiser " * 20)[:200])).status == 200


@pytest.mark.parametrize(
    "raw", ["%ff%fe", "Wegweiser%ff", "%c3%28", "%ed%a0%80", "%e2%82", "%00%ff"]
)
def test_broken_utf8_in_the_address_is_no_error(world: World, raw: str) -> None:
    page = fetch(world.reader(), f"/search?q={raw}")
    check_sensible(page, 200)
    if raw.startswith("Wegweiser"):
        assert page.hits


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"type": "comment"}, "no such type"),
        ({"type": "profile"}, "no such type"),
        ({"type": "%ff"}, "no such type"),
        ({"topic": "kochen"}, "This filter does not exist: kochen"),
        ({"platform": "myspace"}, "This filter does not exist: myspace"),
        ({"level": "galaxis"}, "This filter does not exist: galaxis"),
        ({"land": "XX"}, "This filter does not exist: XX"),
        ({"land": "by"}, "This filter does not exist: by"),
        ({"topic": "x" * 300}, "This filter does not exist"),
        ({"page": "0"}, "no such page"),
        ({"page": "-1"}, "no such page"),
        ({"page": "abc"}, "no such page"),
        ({"page": "1.5"}, "no such page"),
        ({"page": "99999"}, "no such page"),
        ({"page": "١"}, "no such page"),  # an Arabic-Indic digit: a digit, not a page
    ],
)
def test_unknown_values_are_refused_with_a_message(
    world: World, params: dict[str, str], message: str
) -> None:
    page = fetch(world.reader(), search_url(q=SHARED, **params))
    check_sensible(page, 400)
    assert message in page.errors, page.errors
    assert page.hits == []
    # The message offers the search without the filters.
    assert f'href="/search?q={SHARED}"' in page.html


def test_a_page_beyond_the_last_is_not_found(world: World) -> None:
    reader = world.reader()
    assert find(reader, SHARED, page="1").total == 7
    for number in ("2", "9999"):
        page = fetch(reader, search_url(q=SHARED, page=number))
        check_sensible(page, 404)
        assert "no such page" in page.errors
    # Without a search, there are no pages to be beyond.
    check_sensible(fetch(reader, search_url(page="3")), 200)


# --- highlighting ----------------------------------------------------------------------------


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)


def results_region(html: str) -> str:
    start = html.index('<section class="search-hits"')
    return html[start : html.index("</section>", start)]


def test_matches_are_marked_and_everything_else_is_escaped(world: World) -> None:
    page = find(world.reader(), "Leuchtturm")
    assert page.hits == [world.addresses["hostile"]]
    assert page.titles == [
        "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; <mark>Leuchtturm</mark> "
        "&amp; &#34;Wegweiser&#34;"
    ]
    region = results_region(page.html)
    assert (
        "Ein &lt;b&gt;<mark>Leuchtturm</mark>&lt;/b&gt; &lt;img src=x onerror=alert(1)&gt;"
        in region
    )
    parser = Tags()
    parser.feed(region)
    assert set(parser.tags) <= {"section", "h2", "ol", "li", "h3", "a", "p", "time", "mark"}
    assert "<script>alert" not in page.html and "<img src" not in page.html


def test_inflected_forms_and_transliterations_are_marked(world: World) -> None:
    reader = world.reader()
    page = find(reader, "Behörde")  # the entry says "Behörden"
    assert world.addresses["strategy"] in page.hits
    assert "<mark>Behörden</mark>" in page.html
    page = find(reader, "Rueckblick")  # the event says "Rückblick"
    assert page.hits == [world.addresses["past"]]
    assert "<mark>Rückblick</mark>" in page.html


def test_the_query_is_shown_escaped(world: World) -> None:
    query = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
    page = fetch(world.reader(), search_url(q=query))
    check_sensible(page, 200)
    assert "<script>alert(1)" not in page.html
    assert "<img src=x" not in page.html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.html


# --- htmx -----------------------------------------------------------------------------------------


def test_htmx_gets_the_results_with_the_count_for_the_live_region(world: World) -> None:
    reader = world.reader()
    fragment = fetch(reader, search_url(q=SHARED), **{"HX-Request": "true"})
    assert fragment.status == 200
    body = fragment.html.strip()
    assert body.startswith('<div id="search-results"')
    assert "<html" not in body and "<head" not in body and 'class="search-form"' not in body
    assert 'id="search-count"' not in body  # the count goes out of band, into the region
    oob = re.search(r'<div hx-swap-oob="innerHTML:#search-count">([^<]*)</div>', body)
    assert oob and oob.group(1) == "7 results."
    assert len(fragment.hits) == 7
    assert "HX-Request" in fragment.response.headers.get("Vary", "")

    whole = fetch(reader, search_url(q=SHARED))
    assert whole.html.lstrip().startswith("<!DOCTYPE html>")
    assert 'class="search-form"' in whole.html
    assert 'id="search-count" role="status" aria-live="polite"' in whole.html
    assert 'hx-swap-oob="innerHTML:#search-count"' not in whole.html
    assert whole.hits == fragment.hits
    assert "HX-Request" in whole.response.headers.get("Vary", "")

    # An error answers htmx with the fragment too, and the live region says so.
    refused = fetch(reader, search_url(q=SHARED, topic="kochen"), **{"HX-Request": "true"})
    assert refused.status == 400
    assert refused.html.strip().startswith('<div id="search-results"')
    assert "This filter does not exist" in refused.html
    assert 'hx-swap-oob="innerHTML:#search-count">The search could not run' in refused.html


# --- OpenSearch and the header's search box -----------------------------------------------------


def test_opensearch_description_is_valid_xml(world: World) -> None:
    response = world.reader().get("/opensearch.xml")
    assert response.status_code == 200
    assert response.mimetype == "application/opensearchdescription+xml"
    root = ElementTree.fromstring(response.data)  # noqa: S314  (our own output)
    namespace = "{http://a9.com/-/spec/opensearch/1.1/}"
    assert root.tag == f"{namespace}OpenSearchDescription"
    short_name = root.findtext(f"{namespace}ShortName")
    assert short_name and len(short_name) <= 16
    (url,) = root.findall(f"{namespace}Url")
    assert url.get("type") == "text/html"
    template = url.get("template") or ""
    assert template == "http://localhost/search?q={searchTerms}"
    assert root.findtext(f"{namespace}InputEncoding") == "UTF-8"


def test_every_page_links_the_description_and_has_the_search_box(world: World) -> None:
    reader = world.reader()
    link = '<link rel="search" type="application/opensearchdescription+xml" href="/opensearch.xml"'
    pages = [
        "/",
        "/articles/",
        "/events/",
        "/cases/",
        "/authorities/",
        world.addresses["strategy"],
        world.addresses["case"],
        world.addresses["upcoming"],
        world.addresses["office"],
        "/impressum",
        "/articles/gibt-es-nicht",  # an error page, too
    ]
    for url in pages:
        response = reader.get(url)
        assert response.status_code in (200, 404), url
        html = response.get_data(as_text=True)
        head = html.split("</head>", 1)[0]
        assert link in head, url
        assert html.count('id="site-search-q"') == 1, url
        assert 'action="/search"' in html and 'role="search"' in html, url
    # The search page has its own form instead.
    html = reader.get(search_url(q=SHARED)).get_data(as_text=True)
    assert link in html.split("</head>", 1)[0]
    assert 'id="site-search-q"' not in html
    assert html.count('id="search-q"') == 1 and html.count('role="search"') == 1


# --- cookies --------------------------------------------------------------------------------------


def test_anonymous_readers_get_no_cookie(world: World) -> None:
    reader = world.reader()
    urls = [
        "/search",
        search_url(q=SHARED),
        search_url(q="Datenshutz"),
        search_url(q=SHARED, topic="strategie", page="1"),
        search_url(q=SHARED, topic="kochen"),
        search_url(q=SHARED, page="5"),
        search_url(q="x" * 300),
        "/opensearch.xml",
    ]
    for url in urls:
        response = reader.get(url)
        assert response.status_code in (200, 400, 404), url
        assert "Set-Cookie" not in response.headers, url
    response = reader.get(search_url(q=SHARED), headers={"HX-Request": "true"})
    assert "Set-Cookie" not in response.headers


# --- reindex --------------------------------------------------------------------------------------


def test_reindex_rebuilds_the_same_documents(setting: Setting) -> None:
    app = setting.app
    for kind, steps in sorted(LIFECYCLES.items()):
        steps.create(setting, f"Quarzel{kind} {SHARED}", True)
        steps.create(setting, f"Xylofant{kind} {SHARED}", False)
    with app.app_context():
        before = snapshot()
        expected = len(before["documents"])
        # Each type's public records, and nothing else (the town is an authority, too).
        assert expected == len(LIFECYCLES) + 1
        index.clear()
        db.session.commit()
        assert document_count() == 0
    assert find(setting.reader, SHARED).hits == []

    result = app.test_cli_runner().invoke(args=["search", "reindex"])
    assert result.exit_code == 0, (result.output, result.exception)
    found = re.search(r"(\d+) documents indexed in [\d.]+ s", result.output)
    assert found and int(found.group(1)) == expected, result.output
    with app.app_context():
        assert snapshot() == before
    assert len(find(setting.reader, SHARED).hits) == len(LIFECYCLES)

    # A second run rebuilds rather than adds; --missing adds only what is missing.
    again = app.test_cli_runner().invoke(args=["search", "reindex"])
    assert f"{expected} documents indexed" in again.output
    missing = app.test_cli_runner().invoke(args=["search", "reindex", "--missing"])
    assert missing.exit_code == 0 and "0 documents indexed" in missing.output
    with app.app_context():
        assert snapshot() == before


# --- the number of queries ----------------------------------------------------------------------


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


def test_a_search_runs_a_constant_number_of_queries(setting: Setting) -> None:
    """Six entries and events, then ninety: the same statements (each search below finds
    one type, so the page looks its records up the same way both times)."""
    app = setting.app

    def add(first: int, last: int) -> None:
        with app.app_context():
            author = setting.user(True)
            for number in range(first, last):
                new_article(
                    author,
                    f"{SHARED} Nummer {number}",
                    True,
                    topics=["strategie", "buergerservice"],
                    platforms=["mastodon", "facebook"],
                )
                new_event(author, f"Treffpunkt {number}", days_ahead=10 + number)
            db.session.commit()

    urls = [
        search_url(q=SHARED),
        search_url(q=f"{SHARED} Nummer"),
        search_url(q="Wegwieser"),  # a typo: corrected from the vocabulary
        search_url(q=SHARED, topic="strategie", platform="mastodon"),
        search_url(q=SHARED, page="2"),
        search_url(type="article"),
        search_url(q="Treffpunkt", upcoming="1"),
    ]
    add(0, 3)
    urls[4] = search_url(q=SHARED)  # three hits have no second page
    few = [count_queries(app, setting.reader, url) for url in urls]
    add(3, 45)
    urls[4] = search_url(q=SHARED, page="2")
    many = [count_queries(app, setting.reader, url) for url in urls]
    assert few == many
    assert find(setting.reader, SHARED).total == 45
    assert find(setting.reader, "Treffpunkt", upcoming="1").total == 45


# --- ranking --------------------------------------------------------------------------------------

RANKED_TEXTS = [
    ("Datenschutz auf Facebook", "Was Behörden beachten", "Datenschutz Datenschutz und Recht"),
    (
        "Krisenkommunikation",
        "Hochwasser an der Elbe",
        "Die Stadt informiert auf Social Media über Hochwasser",
    ),
    ("Social Media im Rathaus", "", "Social Media Social Media braucht Personal für Kommentare"),
    (
        "Netiquette",
        "Regeln für Kommentare",
        "Kommentare moderieren, Datenschutz wahren, Hassrede melden",
    ),
    ("Personalbedarf", "Wie viele Stellen?", "Redaktion, Personal, Planung und Behörde der Stadt"),
]


@pytest.mark.parametrize(
    "query", ["Datenschutz", "Social Media", "Hochwasser Stadt", "Kommentare", "Personal Behörde"]
)
def test_the_ranking_scores_as_sqlite_fts5s_bm25_does(query: str) -> None:
    """kb.search.ranking computes FTS5's bm25() from the index's counts: checked against
    FTS5 itself, on both engines' test runs (the oracle is an in-memory SQLite)."""
    import sqlite3

    from kb.search import analysis, ranking

    vocabulary: set[str] = set()
    analysed = [tuple(analysis.analyse(text, vocabulary) for text in row) for row in RANKED_TEXTS]
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE VIRTUAL TABLE fts USING fts5(t, s, b)")
    connection.executemany("INSERT INTO fts(t, s, b) VALUES (?, ?, ?)", analysed)
    terms = sorted({stem for word in analysis.words(query) for stem in analysis.stems(word.folded)})
    match = " OR ".join(f'"{term}"' for term in terms)
    expected = dict(
        connection.execute(
            "SELECT rowid, -bm25(fts, 10.0, 4.0, 1.0) FROM fts WHERE fts MATCH ?", (match,)
        ).fetchall()
    )
    assert len(expected) >= 2, expected  # the query matches several documents
    holding = {term: sum(term in " ".join(fields).split() for fields in analysed) for term in terms}
    tokens = sum(len(" ".join(fields).split()) for fields in analysed)
    statistics = ranking.Statistics.from_counts(len(analysed), tokens, holding)
    scores = {
        number: ranking.score(fields, statistics)
        for number, fields in enumerate(analysed, start=1)
        if any(term in " ".join(fields).split() for term in terms)
    }
    assert scores.keys() == expected.keys()
    for number, score in scores.items():
        assert score == pytest.approx(expected[number], rel=1e-9), (number, score, expected)
