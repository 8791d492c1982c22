"""The registry and the census through their pages: list, filters, authority page,
proposals and review, validation, the census figures, and the open-data downloads."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from kb.authorities import service, validation
from kb.cases.models import CaseStudy
from kb.content.models import PublishState as CaseStatus
from kb.directory import Authority, Kind, Level, Review, SocialAccount
from kb.events.models import Event
from kb.events.models import Review as EventReview
from kb.extensions import db
from kb.taxonomy import Platform, seed_taxonomy
from kb.users import Role, User
from tests.conftest import Auth, Client, without_csrf_tokens

EN = {"Accept-Language": "en"}
HTMX = {"HX-Request": "true", "Accept-Language": "en"}
FAR_FUTURE = date(2999, 1, 1)


@pytest.fixture(autouse=True)
def fresh_pages(app: Flask) -> None:
    # Anonymous pages are cached for 30 s; these tests look at changes at once.
    app.config["KB_PAGE_CACHE_SECONDS"] = 0
    with app.app_context():
        seed_taxonomy()
        db.session.commit()


# --- building a registry by hand ----------------------------------------------------------


def add_authority(
    name: str,
    kind: Kind,
    level: Level,
    land: str = "",
    review: Review = Review.APPROVED,
    **values: Any,
) -> Authority:
    authority = Authority(
        slug=validation.unique_slug(name),
        name=name,
        kind=kind,
        level=level,
        land=land,
        review=review,
        **values,
    )
    db.session.add(authority)
    db.session.flush()
    return authority


def add_account(
    authority: Authority,
    platform_slug: str,
    url: str,
    since: date | None = None,
    until: date | None = None,
    review: Review = Review.APPROVED,
    **values: Any,
) -> SocialAccount:
    platform = db.session.scalar(select(Platform).where(Platform.slug == platform_slug))
    assert platform is not None
    account = SocialAccount(
        authority=authority,
        platform=platform,
        url=url,
        since=since,
        until=until,
        review=review,
        **values,
    )
    db.session.add(account)
    db.session.flush()
    return account


@pytest.fixture
def registry(app: Flask) -> dict[str, str]:
    """Six approved authorities, one proposed one, and accounts active, ended and proposed.

    Federal: BMI (Facebook since 2014; X 2012 until mid-2023), BMF (nothing),
    UBA (Instagram)                          -> 2 of 3 present
    Länder:  Staatsministerium BW (only a proposed Mastodon account) -> 0 of 1
    Local:   Stuttgart (Facebook, Instagram), Magdeburg (Facebook, ended 2019) -> 1 of 2
    Other:   none                                                     -> 0 of 0
    Proposed (does not count at all): Stadt Köln with an approved Facebook account.
    """
    with app.app_context():
        bmi = add_authority(
            "Bundesministerium des Innern",
            Kind.FEDERAL_MINISTRY,
            Level.FEDERAL,
            short_name="BMI",
            website="https://www.bmi.bund.de/",
            source="Website, Stand 2026",
        )
        add_account(
            bmi,
            "facebook",
            "https://www.facebook.com/bmi.bund",
            since=date(2014, 3, 1),
            handle="bmi.bund",
            source="Impressum",
            last_checked=date(2026, 1, 15),
        )
        add_account(
            bmi,
            "x-twitter",
            "https://x.com/BMI_Bund",
            since=date(2012, 5, 1),
            until=date(2023, 6, 1),
            handle="@BMI_Bund",
        )
        add_authority("Bundesministerium der Finanzen", Kind.FEDERAL_MINISTRY, Level.FEDERAL)
        uba = add_authority(
            "Umweltbundesamt", Kind.FEDERAL_AGENCY, Level.FEDERAL, short_name="UBA", parent=bmi
        )
        add_account(uba, "instagram", "https://www.instagram.com/umweltbundesamt/")
        state = add_authority(
            "Staatsministerium Baden-Württemberg", Kind.STATE_MINISTRY, Level.STATE, land="BW"
        )
        add_account(state, "mastodon", "https://bawue.social/@stm", review=Review.PROPOSED)
        stuttgart = add_authority(
            "Stadt Stuttgart", Kind.MUNICIPALITY, Level.LOCAL, land="BW", ags="08111000"
        )
        add_account(
            stuttgart, "facebook", "https://www.facebook.com/stuttgart.de", date(2011, 1, 1)
        )
        add_account(
            stuttgart, "instagram", "https://www.instagram.com/stuttgart/", until=FAR_FUTURE
        )
        magdeburg = add_authority(
            "Stadt Magdeburg", Kind.MUNICIPALITY, Level.LOCAL, land="ST", ags="15003000"
        )
        add_account(
            magdeburg,
            "facebook",
            "https://www.facebook.com/magdeburg",
            since=date(2013, 1, 1),
            until=date(2019, 1, 1),
        )
        cologne = add_authority(
            "Stadt Köln", Kind.MUNICIPALITY, Level.LOCAL, land="NW", review=Review.PROPOSED
        )
        add_account(cologne, "facebook", "https://www.facebook.com/stadtkoeln")
        service.bump_version()
        db.session.commit()
        return {
            "bmi": bmi.slug,
            "uba": uba.slug,
            "stuttgart": stuttgart.slug,
            "magdeburg": magdeburg.slug,
            "cologne": cologne.slug,
        }


@pytest.fixture
def moderator(make_user: Any) -> Any:
    return make_user(role=Role.MODERATOR)


@pytest.fixture
def member(make_user: Any) -> Any:
    return make_user()


def login(auth: Auth, user: Any) -> None:
    assert auth.login(user.email).status_code == 303


def text(response: Any) -> str:
    return response.get_data(as_text=True)


def count(app: Flask, model: Any) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model)) or 0


def find(app: Flask, name: str) -> Authority | None:
    with app.app_context():
        found = db.session.scalar(select(Authority).where(Authority.name == name))
        if found is not None:
            db.session.expunge(found)
        return found


# --- reading tables back ----------------------------------------------------------------------


class Tables(HTMLParser):
    """Every <table> of a page as {caption: [[cell text, ...], ...]}; a table labelled by
    an element before it (aria-labelledby) has that element's text as its caption."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._caption: str | None = None
        self._rows: list[list[str]] | None = None
        self._cell: list[str] | None = None
        self._in_caption = False
        self._labels: dict[str, str] = {}  # id of an element before a table: its text
        self._label_id: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "table":
            self._rows = []
            self._caption = self._labels.get(found.get("aria-labelledby") or "", "")
        elif tag == "p" and found.get("id"):
            self._label_id = found["id"]
            self._labels[self._label_id] = ""
        elif tag == "caption":
            self._in_caption = True
        elif tag == "tr" and self._rows is not None:
            self._rows.append([])
        elif tag in ("td", "th") and self._rows is not None:
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "p":
            self._label_id = None
        elif tag == "caption":
            self._in_caption = False
        elif tag in ("td", "th") and self._cell is not None and self._rows is not None:
            # Collapse HTML white space only: a no-break space is part of "50 %".
            self._rows[-1].append(re.sub(r"[ \t\r\n]+", " ", "".join(self._cell)).strip())
            self._cell = None
        elif tag == "table" and self._rows is not None:
            self.tables[" ".join((self._caption or "").split())] = self._rows
            self._rows = None

    def handle_data(self, data: str) -> None:
        if self._label_id is not None:
            self._labels[self._label_id] += data
        if self._in_caption:
            self._caption = (self._caption or "") + data
        elif self._cell is not None:
            self._cell.append(data)


def tables_of(html: str) -> dict[str, list[list[str]]]:
    parser = Tables()
    parser.feed(html)
    return parser.tables


def table_rows(html: str, caption_start: str) -> dict[str, list[str]]:
    """The body rows of the table whose caption starts so, by their first cell."""
    for caption, rows in tables_of(html).items():
        if caption.startswith(caption_start):
            return {row[0]: row[1:] for row in rows[1:] if row}
    raise AssertionError(f"no table {caption_start!r} in {list(tables_of(html))}")


def listed_names(html: str) -> list[str]:
    return re.findall(
        r'<h3 class="kern-title"><a class="kern-link" href="/authorities/[^"]+">([^<]+)</a>', html
    )


# --- the pages exist ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/authorities/",
        "/authorities/census",
        "/authorities/?level=bund&land=BW&kind=kommune&platform=facebook&q=stadt",
        "/authorities/census?land=BW&kind=kommune",
    ],
)
def test_public_pages_answer(client: Client, registry: dict[str, str], url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert "<html" in text(response)


def test_authority_page_shows_everything(
    app: Flask, client: Client, registry: dict[str, str], make_user: Any
) -> None:
    shown = make_user(display_name="Erika Sichtbar")
    hidden = make_user(display_name="Max Verborgen")
    with app.app_context():
        bmi = db.session.scalar(select(Authority).where(Authority.slug == registry["bmi"]))
        assert bmi is not None
        for user, show in ((shown, True), (hidden, False)):
            row = db.session.get(User, user.id)
            assert row is not None
            row.authority_id, row.show_on_authority = bmi.id, show
        soon = datetime.now(UTC) + timedelta(days=20)
        for title, review, creator in (
            ("Stammtisch BMI", EventReview.VISIBLE, shown),
            ("Geheim", EventReview.HELD, shown),
            # By a member who did not choose to be shown: listing it would out them.
            ("Treffen Verborgen", EventReview.VISIBLE, hidden),
        ):
            db.session.add(
                Event(
                    slug=title.lower().replace(" ", "-"),
                    title=title,
                    starts_at=soon,
                    ends_at=soon + timedelta(hours=2),
                    creator_id=creator.id,
                    review=review,
                )
            )
        db.session.add(
            CaseStudy(
                slug="bmi-facebook",
                title="Facebook im BMI",
                authority_id=bmi.id,
                status=CaseStatus.PUBLISHED,
                start_year=2014,
            )
        )
        db.session.add(CaseStudy(slug="entwurf", title="Unveröffentlicht", authority_id=bmi.id))
        db.session.commit()
    response = client.get(f"/authorities/{registry['bmi']}", headers=EN)
    assert response.status_code == 200
    page = text(response)
    assert "Bundesministerium des Innern" in page and "BMI" in page
    assert "Federal ministry" in page
    assert 'href="https://www.bmi.bund.de/" rel="nofollow noopener"' in page
    assert "Website, Stand 2026" in page
    accounts = table_rows(page, "Social-media accounts of Bundesministerium des Innern")
    assert accounts["Facebook"][0] == "bmi.bund"
    assert accounts["Facebook"][1] == "Active"
    assert accounts["X/Twitter"][1] == "Ended"  # in words, not by colour alone
    assert "6/1/2023" in accounts["X/Twitter"][3]  # numeric in tables
    assert accounts["Facebook"][4] == "1/15/2026"
    assert accounts["Facebook"][5] == "Impressum"
    assert 'href="https://www.facebook.com/bmi.bund" rel="nofollow noopener"' in page
    assert "Facebook im BMI" in page and "/cases/bmi-facebook" in page
    assert "Unveröffentlicht" not in page
    assert "Stammtisch BMI" in page and "Geheim" not in page
    assert "Treffen Verborgen" not in page
    assert "Erika Sichtbar" in page and f"/users/{shown.name}" in page
    assert "Max Verborgen" not in page

    uba = text(client.get(f"/authorities/{registry['uba']}", headers=EN))
    assert f'href="/authorities/{registry["bmi"]}"' in uba  # the parent, linked


def test_unknown_authority_is_404(client: Client) -> None:
    assert client.get("/authorities/gibt-es-nicht").status_code == 404
    assert client.get("/authorities/gibt-es-nicht/accounts/new").status_code in (302, 404)


def test_proposed_authority_is_hidden_from_everyone_but_proposer_and_moderators(
    app: Flask,
    client: Client,
    auth: Auth,
    registry: dict[str, str],
    member: Any,
    moderator: Any,
) -> None:
    url = f"/authorities/{registry['cologne']}"
    assert client.get(url).status_code == 404
    login(auth, member)
    assert client.get(url).status_code == 404
    auth.logout()
    login(auth, moderator)
    page = text(client.get(url, headers=EN))
    assert "Waiting for review" in page
    assert f'action="{url}/approve"' in page


# --- the list -------------------------------------------------------------------------------


def test_list_shows_approved_authorities_with_their_active_platforms(
    client: Client, registry: dict[str, str]
) -> None:
    page = text(client.get("/authorities/", headers=EN))
    names = listed_names(page)
    assert names == sorted(names)
    assert "Stadt Köln" not in names
    assert len(names) == 6
    stuttgart = page.split(">Stadt Stuttgart<", 1)[1].split("</article>", 1)[0]
    assert "Facebook" in stuttgart and "Instagram" in stuttgart
    assert "City or municipality" in stuttgart and "Baden-Württemberg" in stuttgart
    magdeburg = page.split(">Stadt Magdeburg<", 1)[1].split("</article>", 1)[0]
    assert "Facebook" not in magdeburg  # ended: no badge
    assert 'href="/authorities/census"' in page
    assert 'href="/authorities/export.csv"' in page and 'href="/authorities/export.json"' in page
    assert "CC BY 4.0" in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "level=bund",
            ["Bundesministerium der Finanzen", "Bundesministerium des Innern", "Umweltbundesamt"],
        ),
        ("land=BW", ["Staatsministerium Baden-Württemberg", "Stadt Stuttgart"]),
        ("kind=kommune", ["Stadt Magdeburg", "Stadt Stuttgart"]),
        ("platform=facebook", ["Bundesministerium des Innern", "Stadt Stuttgart"]),
        ("platform=instagram&level=kommune", ["Stadt Stuttgart"]),
        ("q=umwelt", ["Umweltbundesamt"]),
        ("q=BMI", ["Bundesministerium des Innern"]),
    ],
)
def test_list_filters(
    client: Client, registry: dict[str, str], query: str, expected: list[str]
) -> None:
    assert listed_names(text(client.get(f"/authorities/?{query}"))) == expected


def test_unknown_filter_values_are_dropped_and_marked(
    client: Client, registry: dict[str, str]
) -> None:
    response = client.get(
        "/authorities/?level=galaxie&land=XX&kind=%00&platform=myspace", headers=EN
    )
    assert response.status_code == 200
    page = text(response)
    assert len(listed_names(page)) == 6
    assert page.count("Unknown value; showing all.") == 4


@pytest.mark.parametrize("cursor", ["!!!not-a-cursor", "A" * 500])
def test_a_broken_cursor_is_refused_with_a_message(
    client: Client, registry: dict[str, str], cursor: str
) -> None:
    response = client.get(f"/authorities/?after={cursor}", headers={"Accept-Language": "en"})
    assert response.status_code == 400
    assert "start again from the first page" in text(response)
    # The census has no pages: it ignores the parameter.
    assert client.get(f"/authorities/census?after={cursor}").status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        "q=" + "x" * 1000,
        "q=%ff%fe&land=%00",
        "level=&&&==",
    ],
)
def test_malformed_query_strings_are_harmless(
    client: Client, registry: dict[str, str], query: str
) -> None:
    response = client.get(f"/authorities/?{query}")
    assert response.status_code == 200
    assert client.get(f"/authorities/census?{query}").status_code == 200
    assert client.get(f"/authorities/census.json?{query}").status_code == 200


def test_htmx_filter_answers_with_the_results_only(
    client: Client, registry: dict[str, str]
) -> None:
    response = client.get("/authorities/?land=BW&q=stadt", headers=HTMX)
    assert response.status_code == 200
    page = text(response)
    assert "<html" not in page
    assert page.lstrip().startswith('<section id="authority-results"')
    assert listed_names(page) == ["Stadt Stuttgart"]
    assert "HX-Request" in response.headers["Vary"]
    # The full page for the same URL (what the pushed URL opens) keeps the filters.
    full = text(client.get("/authorities/?land=BW&q=stadt", headers=EN))
    assert "<html" in full
    assert '<option selected value="BW">' in full
    assert 'value="stadt"' in full
    assert 'hx-push-url="true"' in full


def test_load_more_pages_through_the_list(
    app: Flask, client: Client, registry: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("kb.authorities.views.PAGE_SIZE", 4)
    first = text(client.get("/authorities/?level=bund", headers=EN))
    assert len(listed_names(first)) == 3
    assert "More authorities" not in first
    page = text(client.get("/authorities/", headers=EN))
    names = listed_names(page)
    assert len(names) == 4
    match = re.search(r'id="load-more-link" href="([^"]+)" hx-get', page)
    assert match
    next_url = match.group(1).replace("&amp;", "&")
    assert "after=" in next_url
    more = text(client.get(next_url, headers={**HTMX, "HX-Target": "load-more"}))
    assert "<html" not in more
    assert 'hx-swap-oob="beforeend:#authority-list"' in more
    rest = listed_names(more)
    assert len(rest) == 2 and not set(rest) & set(names)
    # Without JavaScript the link opens the next page as a whole page.
    assert listed_names(text(client.get(next_url))) == rest
    # The cursor keeps the filters.
    filtered = text(client.get("/authorities/?kind=kommune&level=kommune", headers=EN))
    assert "More authorities" not in filtered


# --- proposing and reviewing ----------------------------------------------------------------


def authority_form(**overrides: Any) -> dict[str, Any]:
    data = {
        "name": "Stadt Musterstadt",
        "short_name": "",
        "kind": "kommune",
        "level": "kommune",
        "land": "BY",
        "ags": "09162000",
        "website": "https://www.musterstadt.example/",
        "source": "Demo",
        "parent": "",
    }
    data.update(overrides)
    return data


def census_total(client: Client) -> str:
    rows = table_rows(
        text(client.get("/authorities/census", headers=EN)), "Authorities with at least one"
    )
    return rows["Local"][0]


def test_member_proposal_waits_until_a_moderator_approves_it(
    app: Flask,
    client: Client,
    auth: Auth,
    registry: dict[str, str],
    member: Any,
    moderator: Any,
) -> None:
    assert census_total(client) == "2"
    login(auth, member)
    response = client.post_form("/authorities/new", authority_form(), headers=EN)
    assert response.status_code == 303
    slug = response.headers["Location"].rsplit("/", 1)[-1]
    proposal = find(app, "Stadt Musterstadt")
    assert proposal is not None and proposal.review == Review.PROPOSED
    own = text(client.get(f"/authorities/{slug}", headers=EN))
    assert "Waiting for review" in own
    assert "Stadt Musterstadt" in listed_names(text(client.get("/authorities/")))  # own proposal
    # ... but for nobody else, and the census does not count it.
    auth.logout()
    assert client.get(f"/authorities/{slug}").status_code == 404
    assert "Stadt Musterstadt" not in listed_names(text(client.get("/authorities/")))
    assert census_total(client) == "2"
    # A member cannot review.
    login(auth, member)
    assert client.get("/authorities/review").status_code == 403
    assert client.post_form(f"/authorities/{slug}/approve").status_code == 403
    assert client.post_form(f"/authorities/{slug}/reject").status_code == 403
    auth.logout()
    # The moderator sees it on the review page and approves it there.
    login(auth, moderator)
    review = text(client.get("/authorities/review", headers=EN))
    assert "Stadt Musterstadt" in review
    assert f"proposed by {member.display_name}" in review
    assert f'action="/authorities/{slug}/approve"' in review
    response = client.post_form(f"/authorities/{slug}/approve", {"return_to": "review"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/authorities/review")
    auth.logout()
    assert client.get(f"/authorities/{slug}").status_code == 200
    assert census_total(client) == "3"


def test_moderator_rejects_a_proposal(
    app: Flask, client: Client, auth: Auth, registry: dict[str, str], moderator: Any
) -> None:
    login(auth, moderator)
    response = client.post_form(
        f"/authorities/{registry['cologne']}/reject", {"return_to": "review"}
    )
    assert response.status_code == 303
    assert find(app, "Stadt Köln") is None
    # Approved entries are not proposals.
    assert client.post_form(f"/authorities/{registry['bmi']}/reject").status_code == 409
    assert find(app, "Bundesministerium des Innern") is not None


def test_moderators_entries_count_at_once(
    app: Flask, client: Client, auth: Auth, registry: dict[str, str], moderator: Any
) -> None:
    login(auth, moderator)
    response = client.post_form("/authorities/new", authority_form())
    assert response.status_code == 303
    found = find(app, "Stadt Musterstadt")
    assert found is not None and found.review == Review.APPROVED


def test_anonymous_visitors_are_sent_to_log_in(client: Client, registry: dict[str, str]) -> None:
    for url in (
        "/authorities/new",
        f"/authorities/{registry['bmi']}/accounts/new",
        "/authorities/review",
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert "/auth/login" in response.headers["Location"]


def test_proposal_forms_render(
    client: Client, auth: Auth, registry: dict[str, str], member: Any
) -> None:
    login(auth, member)
    page = text(client.get("/authorities/new", headers=EN))
    assert 'name="csrf_token"' in page and 'id="ags"' in page
    page = text(client.get(f"/authorities/{registry['bmi']}/accounts/new", headers=EN))
    assert '<option value="facebook">Facebook</option>' in page


def field_error(page: str, field: str) -> str:
    match = re.search(
        rf'<p class="kern-error" id="{field}-error">.*?<span class="kern-body">(.*?)</span>',
        page,
        re.S,
    )
    assert match, f"no error next to {field}"
    return match.group(1)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"ags": "0916200"}, "ags", "exactly 8 digits"),
        ({"ags": "08111000"}, "ags", "begins with 09"),
        ({"website": "javascript:alert(1)"}, "website", "https://"),
        (
            {"kind": "bundesministerium"},
            "level",
            "This kind of authority (Federal ministry) belongs to this level: Federal.",
        ),
        ({"level": "bund", "kind": "bundesbehoerde"}, "land", "federal body belongs to no Land"),
        ({"land": "", "ags": ""}, "land", "Please choose the Land"),
        ({"name": ""}, "name", "official name"),
        ({"kind": "galaxy"}, "kind", "Not a valid choice"),
        ({"parent": "Gibt es nicht"}, "parent", "No approved authority"),
    ],
)
def test_authority_validation_messages_stand_next_to_the_fields(
    app: Flask,
    client: Client,
    auth: Auth,
    member: Any,
    overrides: dict[str, str],
    field: str,
    message: str,
) -> None:
    login(auth, member)
    before = count(app, Authority)
    response = client.post_form("/authorities/new", authority_form(**overrides), headers=EN)
    assert response.status_code == 422
    page = text(response)
    assert message in field_error(page, field)
    assert 'id="error-summary"' in page
    assert 'value="Stadt Musterstadt"' in page or overrides.get("name") == ""  # kept
    assert count(app, Authority) == before


def test_parent_is_found_by_short_name(
    app: Flask, client: Client, auth: Auth, registry: dict[str, str], moderator: Any
) -> None:
    login(auth, moderator)
    response = client.post_form(
        "/authorities/new",
        authority_form(
            name="Bundespolizei", kind="polizei", level="bund", land="", ags="", parent="BMI"
        ),
    )
    assert response.status_code == 303
    found = find(app, "Bundespolizei")
    bmi = find(app, "Bundesministerium des Innern")
    assert found is not None and bmi is not None and found.parent_id == bmi.id


def test_taken_ags_is_reported_by_the_service(
    app: Flask, client: Client, auth: Auth, registry: dict[str, str], member: Any
) -> None:
    login(auth, member)
    response = client.post_form(
        "/authorities/new", authority_form(land="BW", ags="08111000"), headers=EN
    )
    assert response.status_code == 422
    assert "already has this key" in field_error(text(response), "ags")
    assert find(app, "Stadt Musterstadt") is None


def account_form(**overrides: Any) -> dict[str, Any]:
    data = {
        "platform": "mastodon",
        "handle": "@bmi",
        "url": "https://social.bund.de/@bmi",
        "since": "2022-11-01",
        "until": "",
        "last_checked": "2026-01-10",
        "source": "Website",
    }
    data.update(overrides)
    return data


def test_member_proposes_an_account_that_counts_after_approval(
    app: Flask,
    client: Client,
    auth: Auth,
    registry: dict[str, str],
    member: Any,
    moderator: Any,
) -> None:
    url = f"/authorities/{registry['bmi']}"

    def mastodon_row() -> list[str] | None:
        rows = table_rows(
            text(client.get("/authorities/census", headers=EN)),
            "Authorities with an active account, per platform",
        )
        return rows.get("Mastodon")

    assert mastodon_row() is None
    login(auth, member)
    response = client.post_form(f"{url}/accounts/new", account_form())
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"{url}#accounts")
    own = text(client.get(url, headers=EN))
    assert "https://social.bund.de/@bmi" in own and "Waiting for review" in own
    auth.logout()
    assert "https://social.bund.de/@bmi" not in text(client.get(url))
    assert mastodon_row() is None
    with app.app_context():
        account_id = db.session.scalar(
            select(SocialAccount.id).where(SocialAccount.url == "https://social.bund.de/@bmi")
        )
    login(auth, moderator)
    review = text(client.get("/authorities/review", headers=EN))
    approve = f"/authorities/accounts/{account_id}/approve"
    assert f'action="{approve}"' in review
    assert client.post_form(approve, {"return_to": "review"}).status_code == 303
    auth.logout()
    assert "https://social.bund.de/@bmi" in text(client.get(url))
    row = mastodon_row()
    assert row is not None and row[0] == "1 of 3 33.3%"


def test_moderator_rejects_a_proposed_account(
    app: Flask, client: Client, auth: Auth, registry: dict[str, str], moderator: Any, member: Any
) -> None:
    login(auth, moderator)
    page = text(client.get("/authorities/review", headers=EN))
    account_ids = re.findall(r'action="/authorities/accounts/(\d+)/reject"', page)
    assert len(account_ids) == 1  # the Mastodon account of the Staatsministerium
    assert "https://bawue.social/@stm" in page
    auth.logout()
    login(auth, member)
    assert client.post_form(f"/authorities/accounts/{account_ids[0]}/approve").status_code == 403
    assert client.post_form(f"/authorities/accounts/{account_ids[0]}/reject").status_code == 403
    auth.logout()
    login(auth, moderator)
    before = count(app, SocialAccount)
    assert client.post_form(f"/authorities/accounts/{account_ids[0]}/reject").status_code == 303
    assert count(app, SocialAccount) == before - 1
    assert client.post_form("/authorities/accounts/999999/approve").status_code == 404
    # Approved accounts are not proposals.
    with app.app_context():
        approved = db.session.scalar(
            select(SocialAccount.id).where(SocialAccount.handle == "bmi.bund")
        )
    assert client.post_form(f"/authorities/accounts/{approved}/reject").status_code == 409


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"platform": "facebook"}, "url", "does not belong to Facebook"),
        ({"url": "https://social.bund.de/bmi"}, "url", "https://social.example/@name"),
        ({"url": "javascript:alert(1)"}, "url", "https://"),
        ({"until": "2020-01-01"}, "until", "must not be before the start"),
        ({"since": "2022-13-40"}, "since", "like 2026-07-01"),
        ({"platform": ""}, "platform", "choose the platform"),
        ({"platform": "myspace"}, "platform", "Not a valid choice"),
    ],
)
def test_account_validation_messages_stand_next_to_the_fields(
    app: Flask,
    client: Client,
    auth: Auth,
    registry: dict[str, str],
    member: Any,
    overrides: dict[str, str],
    field: str,
    message: str,
) -> None:
    login(auth, member)
    before = count(app, SocialAccount)
    response = client.post_form(
        f"/authorities/{registry['bmi']}/accounts/new", account_form(**overrides), headers=EN
    )
    assert response.status_code == 422
    assert message in field_error(text(response), field)
    assert count(app, SocialAccount) == before


def test_csrf_is_required(
    app: Flask, client: Client, auth: Auth, registry: dict[str, str], moderator: Any
) -> None:
    login(auth, moderator)
    before = (count(app, Authority), count(app, SocialAccount))
    assert client.post("/authorities/new", data=authority_form()).status_code == 400
    assert (
        client.post(f"/authorities/{registry['bmi']}/accounts/new", data=account_form()).status_code
        == 400
    )
    assert client.post(f"/authorities/{registry['cologne']}/approve").status_code == 400
    assert client.post(f"/authorities/{registry['cologne']}/reject").status_code == 400
    assert (count(app, Authority), count(app, SocialAccount)) == before
    cologne = find(app, "Stadt Köln")
    assert cologne is not None and cologne.review == Review.PROPOSED


# --- the census ---------------------------------------------------------------------------------


LEVELS_TABLE = "Authorities with at least one active social-media account, per level"


def test_census_figures_are_right(client: Client, registry: dict[str, str]) -> None:
    page = text(client.get("/authorities/census", headers=EN))
    levels = table_rows(page, LEVELS_TABLE)
    assert levels == {
        "Federal": ["3", "2", "66.7%"],
        "Länder": ["1", "0", "0%"],
        "Local": ["2", "1", "50%"],
        "Other": ["0", "0", "–"],
        "All levels": ["6", "3", "50%"],
    }
    platforms = table_rows(page, "Authorities with an active account, per platform and level")
    # Columns: Federal, Länder, Local, Other, All levels. Mastodon has only a proposal.
    assert platforms == {
        "Facebook": ["1 of 3 33.3%", "0 of 1 0%", "1 of 2 50%", "0 of 0 –", "2 of 6 33.3%"],
        "X/Twitter": ["0 of 3 0%", "0 of 1 0%", "0 of 2 0%", "0 of 0 –", "0 of 6 0%"],
        "Instagram": ["1 of 3 33.3%", "0 of 1 0%", "1 of 2 50%", "0 of 0 –", "2 of 6 33.3%"],
    }
    assert "4 active social-media accounts in all" in page
    # The charts carry the same figures as their text alternative.
    assert "Federal: 2 of 3 authorities (66.7%)" in page
    assert page.count('role="img"') >= 3


def test_census_is_rendered_once_per_version_language_and_filter(
    app: Flask,
    client: Client,
    auth: Auth,
    registry: dict[str, str],
    member: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from kb.authorities import figures

    drawn: list[str] = []
    draw = figures.coverage_chart

    def counting_chart(census: Any) -> Any:
        drawn.append(census.filters.land or "")
        return draw(census)

    monkeypatch.setattr(figures, "coverage_chart", counting_chart)
    # A member's pages skip the anonymous page cache: this is the app's own work.
    login(auth, member)
    client.get("/")  # the welcome notice
    levels_caption = "Authorities with at least one active social-media account, per level"
    english = without_csrf_tokens(text(client.get("/authorities/census", headers=EN)))
    assert table_rows(english, levels_caption)["Länder"] == ["1", "0", "0%"]
    again = text(client.get("/authorities/census", headers=EN))
    assert without_csrf_tokens(again) == english
    assert drawn == [""]  # the second page came from the rendering kept
    german = text(client.get("/authorities/census", headers={"Accept-Language": "de"}))
    assert "Behörden mit mindestens einem aktiven Social-Media-Konto" in german
    client.get("/authorities/census?land=BW", headers=EN)
    assert drawn == ["", "", "BW"]  # each language and each filter has its own

    # A write to the registry (a moderator approves the proposed Mastodon account of the
    # Land authority) raises its version: the very next page shows the new figures.
    with app.app_context():
        proposal = db.session.scalar(
            select(SocialAccount).where(SocialAccount.review == Review.PROPOSED)
        )
        assert proposal is not None
        service.approve_account(proposal)
        db.session.commit()
    after = text(client.get("/authorities/census", headers=EN))
    assert table_rows(after, levels_caption)["Länder"] == ["1", "1", "100%"]
    assert len(drawn) == 4


def test_census_charts_scroll_in_labelled_regions(client: Client, registry: dict[str, str]) -> None:
    # Below 600 px a chart's labels would shrink under 12 px; it scrolls in its own region
    # instead, which keyboard users reach and screen readers name by the section heading.
    page = text(client.get("/authorities/census", headers=EN))
    regions = re.findall(
        r'<div class="chart-box" tabindex="0" role="region" aria-labelledby="([^"]+)">', page
    )
    assert regions[:2] == ["levels-title", "platforms-title"] and len(regions) >= 3
    for heading in regions:
        assert f'id="{heading}"' in page


def test_census_timeline_of_federal_ministries(client: Client, registry: dict[str, str]) -> None:
    page = text(client.get("/authorities/census", headers=EN))
    facebook = table_rows(page, "Federal ministries on Facebook, year by year")
    assert facebook["2013"] == ["0", "2", "0%"]
    assert facebook["2014"] == ["1", "2", "50%"]
    assert facebook[str(date.today().year)] == ["1", "2", "50%"]
    twitter = table_rows(page, "Federal ministries on X/Twitter, year by year")
    assert twitter["2011"] == ["0", "2", "0%"]
    assert twitter["2012"] == ["1", "2", "50%"]
    assert twitter["2022"] == ["1", "2", "50%"]
    assert twitter["2023"] == ["0", "2", "0%"]  # ended in June 2023


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "land=BW",
            {
                "Länder": ["1", "0", "0%"],
                "Local": ["1", "1", "100%"],
                "All levels": ["2", "1", "50%"],
            },
        ),
        ("kind=bundesministerium", {"Federal": ["2", "1", "50%"], "All levels": ["2", "1", "50%"]}),
        ("land=ST&kind=kommune", {"Local": ["1", "0", "0%"], "All levels": ["1", "0", "0%"]}),
    ],
)
def test_census_filters(
    client: Client, registry: dict[str, str], query: str, expected: dict[str, list[str]]
) -> None:
    page = text(client.get(f"/authorities/census?{query}", headers=EN))
    levels = table_rows(page, LEVELS_TABLE)
    for level, row in expected.items():
        assert levels[level] == row


def test_census_htmx_fragment_keeps_the_filters_in_its_links(
    client: Client, registry: dict[str, str]
) -> None:
    response = client.get("/authorities/census?land=BW", headers=HTMX)
    assert response.status_code == 200
    page = text(response)
    assert "<html" not in page
    assert page.lstrip().startswith('<div id="census-results"')
    assert 'href="/authorities/census.csv?land=BW"' in page
    assert 'href="/authorities/census.json?land=BW"' in page
    full = text(client.get("/authorities/census?land=BW", headers=EN))
    assert "<html" in full and '<option selected value="BW">' in full


def test_census_numbers_in_german(client: Client, registry: dict[str, str]) -> None:
    page = text(client.get("/authorities/census", headers={"Accept-Language": "de"}))
    levels = table_rows(page, "")
    assert ["3", "2", "66,7\xa0%"] in levels.values()


def test_empty_registry_census(client: Client) -> None:
    response = client.get("/authorities/census", headers=EN)
    assert response.status_code == 200
    levels = table_rows(text(response), LEVELS_TABLE)
    assert levels["All levels"] == ["0", "0", "–"]


def test_hostile_names_are_inert(app: Flask, client: Client, auth: Auth, moderator: Any) -> None:
    hostile = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    with app.app_context():
        platform = Platform(slug="evil", name_de=hostile, name_en=hostile, position=99)
        db.session.add(platform)
        authority = add_authority(hostile, Kind.OTHER, Level.OTHER, short_name="<b>x</b>")
        add_account(authority, "evil", "https://evil.example/", handle=hostile)
        service.bump_version()
        db.session.commit()
        slug = authority.slug
    for url in ("/authorities/", f"/authorities/{slug}", "/authorities/census"):
        page = text(client.get(url, headers=EN))
        assert "<script>alert" not in page
        assert "<img src=x" not in page
        assert "&lt;script&gt;" in page or "&#34;" in page


# --- open data ----------------------------------------------------------------------------------


def test_registry_exports(client: Client, registry: dict[str, str]) -> None:
    response = client.get("/authorities/export.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.mimetype_params.get("charset") == "utf-8"
    assert 'filename="amtsnetz-behoerden.csv"' in response.headers["Content-Disposition"]
    assert "creativecommons.org/licenses/by/4.0" in response.headers["Link"]
    rows = list(csv.DictReader(io.StringIO(response.get_data().decode("utf-8"))))
    names = {row["name"] for row in rows}
    assert "Stadt Köln" not in names and "Staatsministerium Baden-Württemberg" in names
    assert all("bawue.social" not in row.get("url", "") for row in rows)

    response = client.get("/authorities/export.json")
    assert response.mimetype == "application/json"
    assert 'filename="amtsnetz-behoerden.json"' in response.headers["Content-Disposition"]
    data = json.loads(response.get_data(as_text=True))
    assert data["licence"] == "CC BY 4.0"
    assert len(data["authorities"]) == 6


def test_census_exports_follow_the_filters(client: Client, registry: dict[str, str]) -> None:
    response = client.get("/authorities/census.json?land=BW")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert 'filename="amtsnetz-zensus-bw.json"' in response.headers["Content-Disposition"]
    data = json.loads(response.get_data(as_text=True))
    assert data["licence"] == "CC BY 4.0"
    assert data["filters"]["land"] == "BW"
    assert data["overall"] == {"total": 2, "present": 1, "percent": 50.0}

    response = client.get("/authorities/census-totals.csv?kind=bundesministerium")
    assert response.mimetype == "text/csv"
    assert response.mimetype_params.get("charset") == "utf-8"
    assert (
        'filename="amtsnetz-zensus-bundesministerium-summen.csv"'
        in response.headers["Content-Disposition"]
    )
    assert "creativecommons.org/licenses/by/4.0" in response.headers["Link"]
    rows = list(csv.DictReader(io.StringIO(response.get_data().decode("utf-8"))))
    overall = next(row for row in rows if row["platform"] == "" and row["level"] == "")
    assert (overall["total"], overall["present"]) == ("2", "1")


def test_census_page_names_the_licence_and_links_the_downloads(
    client: Client, registry: dict[str, str]
) -> None:
    page = text(client.get("/authorities/census?kind=kommune", headers=EN))
    assert "CC BY 4.0" in page
    assert 'href="/authorities/census.csv?kind=kommune"' in page
    assert 'href="/authorities/export.json"' in page


def test_navigation_shows_the_registry(client: Client) -> None:
    assert 'href="/authorities/"' in text(client.get("/"))
