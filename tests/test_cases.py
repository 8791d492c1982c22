"""Case studies: the step-by-step editor, publishing, revisions and conflicts, who may do
what, the list with its facets, the comparison, and comments and likes on a case."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import feedparser
import pytest
from flask import Flask
from sqlalchemy import event, func, select

from kb.cases import service
from kb.cases.models import Budget, CaseRevision, CaseStudy, TeamUnit
from kb.community.models import Bookmark, Comment
from kb.content.models import PublishState as Status
from kb.directory import Authority, Kind, Level, Review, SocialAccount
from kb.extensions import db
from kb.taxonomy import Platform, Topic, seed_taxonomy
from kb.timeutil import utcnow
from kb.users import Role, User
from tests.conftest import Auth, Client

THIS_YEAR = utcnow().year

# A complete case, section by section, as a browser sends it.
SECTION_INPUT: dict[str, dict[str, Any]] = {
    "overview": {
        "title": "Mastodon in Musterstadt",
        "summary": "Die Stadt Musterstadt startet eine eigene Mastodon-Instanz.",
        "authority": "Stadt Musterstadt",
        "start_year": "2019",
        "running": "y",
        "topics": ["strategie"],
    },
    "team": {
        "team_fte": "1,5",
        "team_unit": "press_office",
        "team_note": "Zwei Personen in der Pressestelle",
        "budget": "under_10k",
        "platforms": ["mastodon"],
    },
    "goals": {
        "goals": "Mehr **Bürgernähe** ohne Tracking.",
        "approach": "## Schritte\n\n- Instanz aufsetzen\n- Netiquette schreiben\n",
    },
    "results": {
        "results": "2.300 Follower nach einem Jahr.",
        "results_measured_on": "2024-03-31",
    },
    "experience": {
        "challenges": "Die Moderation am Wochenende.",
        "success_conditions": "Rückendeckung der Leitung.",
        "lessons": "Früh mit dem Datenschutz reden.",
    },
    "legal": {
        "dpia_done": "yes",
        "joint_controller_agreement": "no",
        "netiquette": "yes",
        "imprint": "unknown",
        "legal_notes": "",
    },
    "contact": {"last_verified": "2025-01-15", "contact_name": "", "contact_email": ""},
}
SECTION_KEYS = list(SECTION_INPUT)

# A complete case as model values, for cases built directly through the service.
CASE_VALUES: dict[str, Any] = {
    "title": "Ein Fall aus Musterstadt",
    "summary": "Kurz gesagt.",
    "start_year": 2019,
    "end_year": None,
    "team_fte": Decimal("1.5"),
    "team_unit": TeamUnit.PRESS_OFFICE,
    "team_note": "",
    "budget": Budget.UNDER_10K,
    "goals": "Ziele",
    "approach": "Vorgehen",
    "results": "Ergebnisse",
    "results_measured_on": date(2024, 3, 31),
    "challenges": "",
    "success_conditions": "",
    "lessons": "Lehren",
    "legal_notes": "",
    "dpia_done": True,
    "joint_controller_agreement": None,
    "netiquette": True,
    "imprint": None,
    "last_verified": date(2025, 1, 15),
}
VERSION = re.compile(r'name="version" type="hidden" value="(\d+)"')


# --- fixtures and helpers -------------------------------------------------------------------


def add_authority(slug: str, name: str, kind: Kind, level: Level, land: str, **extra: Any) -> Any:
    authority = Authority(slug=slug, name=name, kind=kind, level=level, land=land, **extra)
    db.session.add(authority)
    return authority


@pytest.fixture
def registry(app: Flask) -> None:
    """A small registry: approved authorities on each level, a proposal, a repeated name."""
    with app.app_context():
        seed_taxonomy()
        platforms = {p.slug: p for p in db.session.scalars(select(Platform))}
        muster = add_authority(
            "stadt-musterstadt",
            "Stadt Musterstadt",
            Kind.MUNICIPALITY,
            Level.LOCAL,
            "BY",
            short_name="Musterstadt",
        )
        for slug, url in (
            ("mastodon", "https://social.example/@musterstadt"),
            ("instagram", "https://www.instagram.com/musterstadt"),
        ):
            db.session.add(
                SocialAccount(
                    authority=muster, platform=platforms[slug], handle="musterstadt", url=url
                )
            )
        uba = add_authority(
            "umweltbundesamt",
            "Umweltbundesamt",
            Kind.FEDERAL_AGENCY,
            Level.FEDERAL,
            "",
            short_name="UBA",
        )
        db.session.add(
            SocialAccount(
                authority=uba, platform=platforms["youtube"], url="https://youtube.com/@uba"
            )
        )
        add_authority(
            "landesamt-beispiel", "Landesamt für Beispiele", Kind.STATE_AGENCY, Level.STATE, "NW"
        )
        add_authority("stadt-koeln", "Stadt Köln", Kind.MUNICIPALITY, Level.LOCAL, "NW")
        add_authority("stadt-neustadt-by", "Stadt Neustadt", Kind.MUNICIPALITY, Level.LOCAL, "BY")
        add_authority("stadt-neustadt-sn", "Stadt Neustadt", Kind.MUNICIPALITY, Level.LOCAL, "SN")
        add_authority(
            "vorgeschlagenes-amt",
            "Vorgeschlagenes Amt",
            Kind.OTHER,
            Level.OTHER,
            "",
            review=Review.PROPOSED,
        )
        db.session.commit()


@pytest.fixture
def make_case(app: Flask, registry: None, make_user: Any) -> Any:
    """Build a case through the service (not the forms); returns its slug."""

    def factory(
        author: Any = None,
        publish: bool = True,
        authority: str = "stadt-musterstadt",
        topics: tuple[str, ...] = ("strategie",),
        platforms: tuple[str, ...] = ("mastodon",),
        **overrides: Any,
    ) -> str:
        author = author or make_user()
        with app.app_context():
            user = db.session.get(User, author.id)
            values = {**CASE_VALUES, **overrides}
            values["authority"] = db.session.scalar(
                select(Authority).where(Authority.slug == authority)
            )
            values["topics"] = list(db.session.scalars(select(Topic).where(Topic.slug.in_(topics))))
            values["platforms"] = list(
                db.session.scalars(select(Platform).where(Platform.slug.in_(platforms)))
            )
            case = service.create_case(user, values)
            if publish:
                service.publish_case(case, user)
            db.session.commit()
            return case.slug

    return factory


def login(client: Client, user: Any) -> None:
    assert Auth(client).login(user.email).status_code == 303


def get_case(app: Flask, slug: str) -> CaseStudy | None:
    with app.app_context():
        case = db.session.scalar(select(CaseStudy).where(CaseStudy.slug == slug))
        if case is not None:
            db.session.expunge(case)
        return case


def case_count(app: Flask) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(CaseStudy)) or 0


def current_version(client: Client, slug: str, section: str) -> str:
    page = client.get(f"/cases/{slug}/edit/{section}")
    assert page.status_code == 200
    match = VERSION.search(page.get_data(as_text=True))
    assert match
    return match.group(1)


def save_section(
    client: Client, slug: str, section: str, version: str | None = None, **fields: Any
) -> Any:
    data = {**SECTION_INPUT[section], **fields}
    data.setdefault("action", "continue")
    data["version"] = version or current_version(client, slug, section)
    return client.post_form(f"/cases/{slug}/edit/{section}", data)


def create_draft(client: Client, **overview: Any) -> str:
    response = client.post_form(
        "/cases/new", {**SECTION_INPUT["overview"], "action": "continue", **overview}
    )
    assert response.status_code == 303, response.get_data(as_text=True)
    return response.headers["Location"].split("/")[2]


def enter_complete_case(client: Client) -> str:
    slug = create_draft(client)
    for section in SECTION_KEYS[1:]:
        assert save_section(client, slug, section).status_code == 303
    return slug


# --- writing step by step ---------------------------------------------------------------------


def test_step_by_step_from_draft_to_published(
    app: Flask, client: Client, make_user: Any, registry: None
) -> None:
    login(client, make_user(display_name="Anna Autorin"))
    assert client.get("/cases/new").status_code == 200
    response = client.post_form("/cases/new", {**SECTION_INPUT["overview"], "action": "continue"})
    assert response.status_code == 303
    assert response.headers["Location"] == "/cases/mastodon-in-musterstadt/edit/team"
    slug = "mastodon-in-musterstadt"
    following = [*SECTION_KEYS[2:], None]
    for section, next_section in zip(SECTION_KEYS[1:], following, strict=True):
        response = save_section(client, slug, section)
        assert response.status_code == 303, (section, response.get_data(as_text=True))
        expected = f"/cases/{slug}/edit/{next_section}" if next_section else f"/cases/{slug}/edit"
        assert response.headers["Location"] == expected

    overview = client.get(f"/cases/{slug}/edit").get_data(as_text=True)
    assert overview.count("Vollständig") >= 7 and "Bitte prüfen" not in overview
    case = get_case(app, slug)
    assert case.status == Status.DRAFT and case.team_fte == Decimal("1.50")
    assert "<strong>Bürgernähe</strong>" in case.goals_html  # rendered once, on save
    assert case.end_year is None and case.start_year == 2019

    response = client.post_form(f"/cases/{slug}/publish")
    assert response.status_code == 303 and response.headers["Location"] == f"/cases/{slug}"
    case = get_case(app, slug)
    assert case.status == Status.PUBLISHED and case.published_at is not None
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(CaseRevision)) == 1

    page = app.test_client().get(f"/cases/{slug}").get_data(as_text=True)
    assert 'href="/authorities/stadt-musterstadt"' in page
    assert "1,5" in page and "Anna Autorin" in page and "CC BY 4.0" in page
    assert "seit 2019" in page or "since 2019" in page
    assert 'id="community"' in page


def test_save_without_continue_goes_to_the_overview(
    client: Client, make_user: Any, registry: None
) -> None:
    login(client, make_user())
    response = client.post_form("/cases/new", {**SECTION_INPUT["overview"], "action": "save"})
    assert response.headers["Location"] == "/cases/mastodon-in-musterstadt/edit"


def test_english_form_accepts_a_decimal_point(
    app: Flask, client: Client, make_user: Any, registry: None
) -> None:
    login(client, make_user())
    slug = create_draft(client)
    assert save_section(client, slug, "team", team_fte="0.25").status_code == 303
    assert get_case(app, slug).team_fte == Decimal("0.25")
    page = client.get(f"/cases/{slug}/edit/team", headers={"Accept-Language": "en"})
    assert 'value="0.25"' in page.get_data(as_text=True)
    page = client.get(f"/cases/{slug}/edit/team", headers={"Accept-Language": "de"})
    assert 'value="0,25"' in page.get_data(as_text=True)


def test_markdown_is_rendered_inert(
    app: Flask, client: Client, make_user: Any, registry: None
) -> None:
    login(client, make_user())
    slug = create_draft(client)
    hostile = "Ziel <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>"
    assert save_section(client, slug, "goals", goals=hostile).status_code == 303
    html = get_case(app, slug).goals_html
    # Shown as text, never as markup: no script, no javascript: link, no handler.
    assert "<script" not in html and 'href="javascript' not in html and "<img" not in html
    page = client.get(f"/cases/{slug}").get_data(as_text=True)
    assert "<script>alert(1)" not in page


def test_authority_by_short_name_slug_or_any_case(
    app: Flask, client: Client, make_user: Any, registry: None
) -> None:
    login(client, make_user())
    for text, expected in (
        ("UBA", "umweltbundesamt"),
        ("stadt-musterstadt", "stadt-musterstadt"),
        ("STADT KÖLN", "stadt-koeln"),
        ("stadt-neustadt-sn", "stadt-neustadt-sn"),
    ):
        slug = create_draft(client, authority=text, title=f"Fall {expected}")
        with app.app_context():
            case = db.session.scalar(select(CaseStudy).where(CaseStudy.slug == slug))
            assert case.authority.slug == expected


def test_authority_suggestions_fill_a_datalist(client: Client, registry: None) -> None:
    html = client.get(
        "/cases/authorities?authority=stadt", headers={"HX-Request": "true"}
    ).get_data(as_text=True)
    assert '<option value="Stadt Musterstadt">' in html
    # The repeated name is offered by its unique short address.
    assert (
        '<option value="stadt-neustadt-by">' in html
        and '<option value="stadt-neustadt-sn">' in html
    )
    assert "Vorgeschlagenes" not in client.get("/cases/authorities?authority=vorgesch").get_data(
        as_text=True
    )
    assert client.get("/cases/authorities?authority=%25").get_data(as_text=True).strip() == ""


def test_accounts_come_from_the_authority_and_add_their_platform(
    app: Flask, client: Client, make_user: Any, registry: None
) -> None:
    login(client, make_user())
    slug = create_draft(client)
    page = client.get(f"/cases/{slug}/edit/team").get_data(as_text=True)
    assert "Instagram: musterstadt" in page and "youtube.com/@uba" not in page
    with app.app_context():
        accounts = {a.url: a.id for a in db.session.scalars(select(SocialAccount))}
    instagram = accounts["https://www.instagram.com/musterstadt"]
    response = save_section(client, slug, "team", accounts=[str(instagram)])
    assert response.status_code == 303
    with app.app_context():
        case = db.session.scalar(select(CaseStudy).where(CaseStudy.slug == slug))
        assert [a.id for a in case.accounts] == [instagram]
        assert {p.slug for p in case.platforms} == {"mastodon", "instagram"}
    # Another authority's account is not a choice.
    uba = accounts["https://youtube.com/@uba"]
    response = save_section(client, slug, "team", accounts=[str(uba)])
    assert response.status_code == 422
    # Moving the case to another authority drops the accounts that no longer fit.
    assert save_section(client, slug, "overview", authority="Umweltbundesamt").status_code == 303
    with app.app_context():
        case = db.session.scalar(select(CaseStudy).where(CaseStudy.slug == slug))
        assert case.authority.slug == "umweltbundesamt" and case.accounts == []


# --- validation, section by section -------------------------------------------------------------

NEW_CASE_ERRORS = [
    ({"start_year": "20x9"}, "start_year", "20x9"),
    ({"start_year": "1850"}, "start_year", "1850"),
    ({"start_year": str(THIS_YEAR + 1)}, "start_year", str(THIS_YEAR + 1)),
    ({"start_year": ""}, "start_year", "Mastodon in Musterstadt"),
    ({"start_year": "2020", "end_year": "2018", "running": ""}, "end_year", "2018"),
    ({"end_year": "2021", "running": "y"}, "end_year", "2021"),
    ({"running": ""}, "end_year", "Mastodon in Musterstadt"),
    ({"end_year": str(THIS_YEAR + 2), "running": ""}, "end_year", str(THIS_YEAR + 2)),
    ({"authority": "Gibt es nicht"}, "authority", "Gibt es nicht"),
    ({"authority": "Vorgeschlagenes Amt"}, "authority", "Vorgeschlagenes Amt"),
    ({"authority": "Stadt Neustadt"}, "authority", "Stadt Neustadt"),
    ({"authority": ""}, "authority", "Mastodon in Musterstadt"),
    ({"title": "x" * 161}, "title", "x" * 161),
    ({"summary": "Zu lang " * 100}, "summary", "Zu lang Zu lang"),
    ({"topics": ["gibt-es-nicht"]}, "topics", "Mastodon in Musterstadt"),
]


@pytest.mark.parametrize(("change", "field", "kept"), NEW_CASE_ERRORS)
def test_first_section_errors_keep_input_and_store_nothing(
    app: Flask, client: Client, make_user: Any, registry: None, change: dict, field: str, kept: str
) -> None:
    login(client, make_user())
    response = client.post_form("/cases/new", {**SECTION_INPUT["overview"], **change})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert f'id="{field}-error"' in html
    assert 'class="kern-alert kern-alert--danger error-summary"' in html
    assert f'href="#{field}"' in html or field == "topics"
    assert kept in html
    assert case_count(app) == 0


def test_ambiguous_and_unknown_authorities_are_explained(
    client: Client, make_user: Any, registry: None
) -> None:
    login(client, make_user())
    english = {"Accept-Language": "en"}
    html = client.post_form(
        "/cases/new", {**SECTION_INPUT["overview"], "authority": "Stadt Neustadt"}, headers=english
    ).get_data(as_text=True)
    assert "Several authorities in the registry have this name" in html
    # Without JavaScript, the suggestions come with the error.
    assert '<option value="stadt-neustadt-by">' in html
    html = client.post_form(
        "/cases/new", {**SECTION_INPUT["overview"], "authority": "Gibt es nicht"}, headers=english
    ).get_data(as_text=True)
    assert "There is no authority of this name in the registry" in html


SECTION_ERRORS = [
    ("team", {"team_fte": "anderthalb"}, "team_fte", "anderthalb"),
    ("team", {"team_fte": "-1"}, "team_fte", "-1"),
    ("team", {"team_fte": "NaN"}, "team_fte", "NaN"),
    ("team", {"team_fte": "1,234"}, "team_fte", "1,234"),
    ("team", {"team_fte": "1000"}, "team_fte", "1000"),
    ("team", {"team_fte": ""}, "team_fte", "Zwei Personen"),
    ("team", {"team_unit": ""}, "team_unit", "Zwei Personen"),
    ("team", {"team_unit": "keller"}, "team_unit", "Zwei Personen"),
    ("team", {"platforms": []}, "platforms", "Zwei Personen"),
    ("team", {"team_note": "n" * 301}, "team_note", "n" * 301),
    ("goals", {"goals": ""}, "goals", "Instanz aufsetzen"),
    ("goals", {"approach": "z" * 20_001}, "approach", "Bürgernähe"),
    ("results", {"results_measured_on": ""}, "results_measured_on", "2.300 Follower"),
    ("results", {"results_measured_on": "31.02.2024"}, "results_measured_on", "31.02.2024"),
    (
        "results",
        {"results_measured_on": (date.today() + timedelta(days=3)).isoformat()},
        "results_measured_on",
        "2.300 Follower",
    ),
    ("experience", {"lessons": ""}, "lessons", "Die Moderation am Wochenende"),
    ("experience", {"challenges": "c" * 20_001}, "challenges", "Früh mit dem Datenschutz"),
    ("legal", {"dpia_done": "vielleicht"}, "dpia_done", "yes"),
    ("contact", {"last_verified": ""}, "last_verified", "kontakt@musterstadt.example"),
    ("contact", {"last_verified": "2999-01-01"}, "last_verified", "2999-01-01"),
    (
        "contact",
        {"contact_email": "kein-at-zeichen", "contact_consent": "y"},
        "contact_email",
        "kein-at-zeichen",
    ),
]


@pytest.mark.parametrize(("section", "change", "field", "kept"), SECTION_ERRORS)
def test_each_section_validates_on_its_own_and_stores_nothing(
    app: Flask,
    client: Client,
    make_user: Any,
    make_case: Any,
    section: str,
    change: dict,
    field: str,
    kept: str,
) -> None:
    author = make_user()
    slug = make_case(author=author, publish=False)
    before = get_case(app, slug)
    login(client, author)
    data = {**change}
    if section == "contact":
        data.setdefault("contact_email", "kontakt@musterstadt.example")
        data.setdefault("contact_consent", "y")
    response = save_section(client, slug, section, **data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert f'id="{field}-error"' in html
    assert 'aria-invalid="true"' in html or field in ("platforms", "dpia_done")
    assert kept in html
    after = get_case(app, slug)
    assert after.version == before.version
    assert after.team_fte == before.team_fte and after.goals == before.goals
    assert after.last_verified == before.last_verified


def test_contact_email_needs_consent(
    app: Flask, client: Client, make_user: Any, make_case: Any
) -> None:
    author = make_user()
    slug = make_case(author=author, publish=True)
    login(client, author)
    response = save_section(
        client,
        slug,
        "contact",
        contact_email="presse@musterstadt.example",
        contact_name="Eva Muster",
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="contact_email-error"' in html and 'id="contact_name-error"' in html
    assert get_case(app, slug).contact_email == ""
    response = save_section(
        client,
        slug,
        "contact",
        contact_email="presse@musterstadt.example",
        contact_name="Eva Muster",
        contact_consent="y",
    )
    assert response.status_code == 303
    case = get_case(app, slug)
    assert case.contact_consent and case.contact_email == "presse@musterstadt.example"
    page = app.test_client().get(f"/cases/{slug}").get_data(as_text=True)
    assert 'href="mailto:presse@musterstadt.example"' in page and "Eva Muster" in page


def test_messages_follow_the_language(client: Client, make_user: Any, registry: None) -> None:
    login(client, make_user())
    html = client.post_form(
        "/cases/new",
        {**SECTION_INPUT["overview"], "start_year": "20x9"},
        headers={"Accept-Language": "en"},
    ).get_data(as_text=True)
    assert "Please enter a year with four digits, e.g. 2019." in html


# --- publishing ---------------------------------------------------------------------------------


def test_publishing_is_blocked_until_every_section_is_complete(
    app: Flask, client: Client, make_user: Any, registry: None
) -> None:
    login(client, make_user())
    slug = create_draft(client)
    response = client.post_form(f"/cases/{slug}/publish", headers={"Accept-Language": "en"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "The case study cannot be published yet" in html
    problems = html[html.index('id="publish-problems"') : html.index('id="sections-title"')]
    for section in ("team", "goals", "experience", "contact"):
        assert f"/cases/{slug}/edit/{section}?check=1" in problems
    # Sections where everything is optional do not block it.
    for section in ("overview", "results", "legal"):
        assert f"/cases/{slug}/edit/{section}?check" not in problems
    assert get_case(app, slug).status == Status.DRAFT
    # The link shows what is missing right away.
    check = client.get(f"/cases/{slug}/edit/team?check=1", headers={"Accept-Language": "en"})
    assert check.status_code == 200 and 'id="team_fte-error"' in check.get_data(as_text=True)


def test_unpublish_hides_it_again(
    app: Flask, client: Client, make_user: Any, make_case: Any
) -> None:
    author = make_user()
    slug = make_case(author=author)
    login(client, author)
    assert client.post_form(f"/cases/{slug}/unpublish").status_code == 303
    assert get_case(app, slug).status == Status.DRAFT
    assert app.test_client().get(f"/cases/{slug}").status_code == 404


# --- revisions and the lost update ---------------------------------------------------------------


def test_every_save_of_a_published_case_keeps_a_revision(
    app: Flask, client: Client, make_user: Any, make_case: Any
) -> None:
    author = make_user()
    slug = make_case(author=author, goals="Zeile eins\nZeile zwei\n")
    login(client, author)
    for number, goals in enumerate(
        ["Zeile eins\nZeile zwei geändert\n", "Zeile eins\nZeile drei\n"]
    ):
        response = save_section(client, slug, "goals", goals=goals, note=f"Änderung {number}")
        assert response.status_code == 303
    assert (
        save_section(client, slug, "team", note="Team gewachsen", team_fte="3").status_code == 303
    )
    history = client.get(f"/cases/{slug}/history").get_data(as_text=True)
    assert "Änderung 0" in history and "Änderung 1" in history and "Team gewachsen" in history
    diff = client.get(f"/cases/{slug}/diff?from=1&to=3")
    assert diff.status_code == 200
    html = diff.get_data(as_text=True)
    assert "<del>zwei</del>" in html and "<ins>drei</ins>" in html
    assert client.get(f"/cases/{slug}/diff?from=1&to=9").status_code == 404
    assert client.get(f"/cases/{slug}/diff?from=x&to=1").status_code == 400
    with app.app_context():
        notes = list(db.session.scalars(select(CaseRevision.note).order_by(CaseRevision.number)))
    assert notes == ["", "Änderung 0", "Änderung 1", "Team gewachsen"]
    # Readers see the history of a published case too.
    assert app.test_client().get(f"/cases/{slug}/history").status_code == 200


def test_restore_brings_an_old_text_back_as_a_new_revision(
    app: Flask, client: Client, make_user: Any, make_case: Any
) -> None:
    author, other = make_user(), make_user()
    slug = make_case(author=author, goals="Erste Fassung\n")
    login(client, author)
    assert save_section(client, slug, "goals", goals="Zweite Fassung\n").status_code == 303
    history = client.get(f"/cases/{slug}/history").get_data(as_text=True)
    assert f'action="/cases/{slug}/revisions/1/restore"' in history
    # Readers and other members may look, not restore.
    assert f"/cases/{slug}/revisions/1/restore" not in app.test_client().get(
        f"/cases/{slug}/history"
    ).get_data(as_text=True)
    stranger = app.test_client()
    login(stranger, other)
    assert stranger.post_form(f"/cases/{slug}/revisions/1/restore").status_code == 403
    assert client.post_form(f"/cases/{slug}/revisions/9/restore").status_code == 404

    response = client.post_form(f"/cases/{slug}/revisions/1/restore")
    assert response.status_code == 303
    case = get_case(app, slug)
    assert case is not None and case.goals == "Erste Fassung\n"
    with app.app_context():
        revisions = list(
            db.session.execute(
                select(CaseRevision.number, CaseRevision.goals, CaseRevision.note).order_by(
                    CaseRevision.number
                )
            )
        )
    assert [row.number for row in revisions] == [1, 2, 3]
    assert revisions[-1].goals == "Erste Fassung\n"
    assert revisions[-1].note == "Version 1 wiederhergestellt"


def test_the_service_refuses_to_publish_an_incomplete_case(
    app: Flask, make_user: Any, make_case: Any
) -> None:
    author = make_user()
    slug = make_case(author=author, publish=False, lessons="")
    with app.test_request_context():
        case = db.session.scalar(select(CaseStudy).where(CaseStudy.slug == slug))
        user = db.session.get(User, author.id)
        assert case is not None and user is not None
        with pytest.raises(service.Incomplete) as refused:
            service.publish_case(case, user)
        assert refused.value.sections  # the headings of what is missing
        db.session.rollback()
    assert get_case(app, slug).status == Status.DRAFT


def test_drafts_keep_no_revisions(
    app: Flask, client: Client, make_user: Any, make_case: Any
) -> None:
    author = make_user()
    slug = make_case(author=author, publish=False)
    login(client, author)
    assert save_section(client, slug, "goals", goals="Neu").status_code == 303
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(CaseRevision)) == 0


def test_two_editors_one_conflict_nothing_lost(app: Flask, make_user: Any, make_case: Any) -> None:
    author = make_user()
    moderator = make_user(role=Role.MODERATOR)
    slug = make_case(author=author, goals="Absatz A\n")
    first, second = app.test_client(), app.test_client()
    login(first, author)
    login(second, moderator)
    base = current_version(first, slug, "goals")
    assert current_version(second, slug, "goals") == base
    assert (
        save_section(first, slug, "goals", version=base, goals="Absatz A von Anna\n").status_code
        == 303
    )
    response = save_section(second, slug, "goals", version=base, goals="Absatz A von Bernd\n")
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Absatz A von Bernd" in html  # kept in the form to merge
    assert "Absatz A von Anna" in html  # the saved text is shown
    assert "<del>" in html and "<ins>" in html
    assert get_case(app, slug).goals == "Absatz A von Anna\n"
    new_version = VERSION.search(html)
    assert new_version and new_version.group(1) != base
    merged = save_section(
        second, slug, "goals", version=new_version.group(1), goals="Absatz A von Anna und Bernd\n"
    )
    assert merged.status_code == 303
    assert get_case(app, slug).goals == "Absatz A von Anna und Bernd\n"


def test_stale_form_of_another_section_is_a_conflict_too(
    app: Flask, client: Client, make_user: Any, make_case: Any
) -> None:
    author = make_user()
    slug = make_case(author=author)
    login(client, author)
    stale = current_version(client, slug, "team")
    assert save_section(client, slug, "team", team_fte="2").status_code == 303
    response = save_section(client, slug, "team", version=stale, team_fte="4")
    assert response.status_code == 409
    assert get_case(app, slug).team_fte == Decimal("2")


# --- who may do what ------------------------------------------------------------------------------


def test_others_get_403_on_a_published_case(
    app: Flask, client: Client, make_user: Any, make_case: Any
) -> None:
    slug = make_case()
    login(client, make_user())
    assert client.get(f"/cases/{slug}").status_code == 200
    for url in (f"/cases/{slug}/edit", f"/cases/{slug}/edit/goals"):
        assert client.get(url).status_code == 403
    assert save_section(client, slug, "goals", version="99", goals="Fremd").status_code == 403
    assert client.post_form(f"/cases/{slug}/publish").status_code == 403
    assert client.post_form(f"/cases/{slug}/unpublish").status_code == 403
    case = get_case(app, slug)
    assert case.goals == "Ziele" and case.status == Status.PUBLISHED


def test_moderators_may_edit_and_unpublish(
    app: Flask, client: Client, make_user: Any, make_case: Any
) -> None:
    slug = make_case()
    login(client, make_user(role=Role.MODERATOR))
    assert save_section(client, slug, "goals", goals="Vom Moderator").status_code == 303
    assert client.post_form(f"/cases/{slug}/unpublish").status_code == 303
    assert get_case(app, slug).status == Status.DRAFT
    assert client.get(f"/cases/{slug}").status_code == 200


def test_drafts_are_invisible_to_everyone_else(
    app: Flask, client: Client, make_user: Any, make_case: Any
) -> None:
    author = make_user()
    slug = make_case(author=author, publish=False, title="Geheimer Entwurf")
    anonymous = app.test_client()
    for url in (f"/cases/{slug}", f"/cases/{slug}/history", f"/cases/{slug}/edit"):
        assert anonymous.get(url).status_code in (404, 302)
    assert anonymous.get(f"/cases/{slug}").status_code == 404
    assert "Geheimer Entwurf" not in anonymous.get("/cases/").get_data(as_text=True)
    assert b"Geheimer Entwurf" not in anonymous.get("/cases/feed.atom").data
    login(client, make_user())
    for url in (f"/cases/{slug}", f"/cases/{slug}/edit", f"/cases/{slug}/edit/goals"):
        assert client.get(url).status_code == 404
    assert client.post_form(f"/cases/{slug}/publish").status_code == 404
    assert anonymous.get(f"/cases/compare?c={slug}&c={make_case()}").status_code == 404
    owner = app.test_client()
    login(owner, author)
    assert owner.get(f"/cases/{slug}").status_code == 200
    mine = owner.get("/cases/mine").get_data(as_text=True)
    assert "Geheimer Entwurf" in mine and f"/cases/{slug}/edit" in mine


def test_unknown_things_are_404(client: Client, make_user: Any, make_case: Any) -> None:
    author = make_user()
    slug = make_case(author=author)
    for url in (
        "/cases/gibt-es-nicht",
        "/cases/gibt-es-nicht/history",
        "/cases/gibt-es-nicht/diff?from=1&to=1",
    ):
        assert client.get(url).status_code == 404
    login(client, author)
    assert client.get("/cases/gibt-es-nicht/edit").status_code == 404
    assert client.get(f"/cases/{slug}/edit/gibt-es-nicht").status_code == 404


def test_anonymous_writers_are_sent_to_log_in(client: Client, make_case: Any) -> None:
    slug = make_case()
    assert client.get("/cases/new").status_code == 302
    assert client.get("/cases/mine").status_code == 302
    assert client.get(f"/cases/{slug}/edit").status_code == 302


def test_csrf_is_required(app: Flask, client: Client, make_user: Any, make_case: Any) -> None:
    author = make_user()
    slug = make_case(author=author, publish=False)
    login(client, author)
    assert client.post("/cases/new", data=SECTION_INPUT["overview"]).status_code == 400
    assert case_count(app) == 1
    assert client.post(f"/cases/{slug}/publish").status_code == 400
    response = client.post(
        f"/cases/{slug}/edit/goals", data={**SECTION_INPUT["goals"], "version": "2"}
    )
    assert response.status_code == 400
    case = get_case(app, slug)
    assert case.status == Status.DRAFT and case.goals == "Ziele"


def test_reserved_paths_are_never_slugs(client: Client, make_user: Any, registry: None) -> None:
    login(client, make_user())
    assert create_draft(client, title="Compare") == "compare-2"
    assert create_draft(client, title="Mine") == "mine-2"


# --- the list and its facets ---------------------------------------------------------------------


@pytest.fixture
def facet_cases(make_case: Any) -> dict[str, str]:
    return {
        "muster": make_case(
            title="Musterstadt auf Mastodon",
            platforms=("mastodon",),
            topics=("strategie",),
            start_year=2019,
            end_year=None,
        ),
        "uba": make_case(
            title="UBA auf YouTube",
            authority="umweltbundesamt",
            platforms=("youtube", "mastodon"),
            topics=("monitoring-kennzahlen",),
            start_year=2012,
            end_year=2016,
        ),
        "koeln": make_case(
            title="Köln auf Instagram",
            authority="stadt-koeln",
            platforms=("instagram",),
            topics=("strategie", "buergerservice"),
            start_year=2015,
            end_year=2020,
        ),
        "land": make_case(
            title="Landesamt auf Facebook",
            authority="landesamt-beispiel",
            platforms=("facebook",),
            topics=("datenschutz-recht",),
            start_year=2021,
            end_year=None,
        ),
    }


def titles(html: str) -> set[str]:
    return set(
        re.findall(r'id="case-\d+-title"><a class="kern-link" href="[^"]+">([^<]+)</a>', html)
    )


def option_count(html: str, select_id: str, value: str) -> int:
    block = html[html.index(f'id="{select_id}"') :]
    block = block[: block.index("</select>")]
    match = re.search(
        rf'<option[^>]*value="{re.escape(value)}"[^>]*>[^<]*\((\d+)\)</option>', block
    )
    assert match, (value, block)
    return int(match.group(1))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "",
            {
                "Musterstadt auf Mastodon",
                "UBA auf YouTube",
                "Köln auf Instagram",
                "Landesamt auf Facebook",
            },
        ),
        ("level=bund", {"UBA auf YouTube"}),
        ("level=kommune", {"Musterstadt auf Mastodon", "Köln auf Instagram"}),
        ("land=NW", {"Köln auf Instagram", "Landesamt auf Facebook"}),
        ("platform=mastodon", {"Musterstadt auf Mastodon", "UBA auf YouTube"}),
        ("topic=strategie", {"Musterstadt auf Mastodon", "Köln auf Instagram"}),
        ("year=2016", {"UBA auf YouTube", "Köln auf Instagram"}),
        ("year=2020", {"Musterstadt auf Mastodon", "Köln auf Instagram"}),
        ("year=2011", set()),
        ("level=kommune&land=NW", {"Köln auf Instagram"}),
        ("land=NW&platform=facebook&topic=datenschutz-recht", {"Landesamt auf Facebook"}),
    ],
)
def test_each_facet_filters(
    client: Client, facet_cases: dict[str, str], query: str, expected: set[str]
) -> None:
    html = client.get(f"/cases/?{query}").get_data(as_text=True)
    assert titles(html) == expected


def test_facet_counts_ignore_their_own_choice(client: Client, facet_cases: dict[str, str]) -> None:
    html = client.get("/cases/").get_data(as_text=True)
    assert option_count(html, "level", "kommune") == 2
    assert option_count(html, "level", "bund") == 1
    assert option_count(html, "land", "NW") == 2
    assert option_count(html, "land", "BY") == 1
    assert option_count(html, "land", "HH") == 0
    assert option_count(html, "platform", "mastodon") == 2
    assert option_count(html, "topic", "strategie") == 2
    assert option_count(html, "year", "2016") == 2
    assert option_count(html, "year", "2012") == 1
    assert option_count(html, "year", str(THIS_YEAR)) == 2
    assert "4 case studies" in client.get("/cases/", headers={"Accept-Language": "en"}).get_data(
        as_text=True
    )

    html = client.get("/cases/?level=kommune").get_data(as_text=True)
    # The other levels still show what choosing them would give ...
    assert option_count(html, "level", "bund") == 1
    assert option_count(html, "level", "kommune") == 2
    # ... and the other facets count within the choice.
    assert option_count(html, "land", "NW") == 1
    assert option_count(html, "platform", "mastodon") == 1
    assert option_count(html, "platform", "youtube") == 0
    assert option_count(html, "year", "2016") == 1
    assert re.search(r'<option selected value="kommune">|<option value="kommune" selected>', html)


def test_wrong_filter_values_are_dropped_with_a_message(
    client: Client, facet_cases: dict[str, str]
) -> None:
    response = client.get(
        "/cases/?level=mond&land=XX&platform=myspace&year=zwanzig",
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert len(titles(html)) == 4
    for name in ("level", "land", "platform", "year"):
        assert f'id="{name}-error"' in html
    assert "Unknown value; showing all." in html


def test_facets_answer_htmx_with_the_region_only(
    client: Client, facet_cases: dict[str, str]
) -> None:
    page = client.get("/cases/?platform=mastodon").get_data(as_text=True)
    assert (
        'hx-get="/cases/"' in page
        and 'hx-push-url="true"' in page
        and 'hx-target="#case-finder"' in page
    )
    fragment = client.get("/cases/?platform=mastodon", headers={"HX-Request": "true"})
    html = fragment.get_data(as_text=True)
    assert html.lstrip().startswith('<div id="case-finder"') and "<html" not in html
    assert titles(html) == {"Musterstadt auf Mastodon", "UBA auf YouTube"}
    assert 'id="level"' in html  # the facets come along, with new counts
    assert "HX-Request" in fragment.headers.get("Vary", "")


def test_keyset_pagination_and_load_more(
    app: Flask, client: Client, make_case: Any, make_user: Any
) -> None:
    author = make_user()
    for number in range(25):
        make_case(author=author, title=f"Fall Nummer {number}")
    seen: list[str] = []
    url = "/cases/"
    while url:
        html = client.get(url).get_data(as_text=True)
        seen += re.findall(r">Fall Nummer (\d+)</a>", html)
        match = re.search(r'<a class="kern-btn kern-btn--secondary" href="([^"]+)"', html)
        url = match.group(1).replace("&amp;", "&") if match else ""
    assert len(seen) == 25 and len(set(seen)) == 25
    first = client.get("/cases/").get_data(as_text=True)
    after = re.search(r"after=([^\"&]+)", first).group(1)
    more = client.get(
        f"/cases/?after={after}", headers={"HX-Request": "true", "HX-Target": "load-more"}
    ).get_data(as_text=True)
    assert more.lstrip().startswith('<div id="load-more"')
    assert 'hx-swap-oob="beforeend:#case-list"' in more and "Fall Nummer 0" in more
    # A broken cursor is refused with a message, not read as the first page.
    broken = client.get("/cases/?after=kaputt", headers={"Accept-Language": "en"})
    assert broken.status_code == 400
    assert "start again from the first page" in broken.get_data(as_text=True)


def count_queries(app: Flask, client: Client, url: str) -> int:
    with app.app_context():
        engine = db.engine
    statements: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if not statement.startswith(("BEGIN", "SAVEPOINT", "RELEASE")):
            statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return len(statements)


@pytest.mark.parametrize("as_member", [False, True], ids=["anonymous", "member"])
def test_list_runs_a_constant_number_of_queries(
    app: Flask, client: Client, auth: Any, make_user: Any, make_case: Any, as_member: bool
) -> None:
    app.config["KB_PAGE_CACHE_SECONDS"] = 0  # count the queries, not the page cache
    author = make_user()
    if as_member:
        # A member's pages skip the page cache and show what only members see.
        auth.login(make_user().email)
        client.get("/")  # the welcome notice
    with app.app_context():
        # One authority per case: a lazy load of the authority would show in the count.
        for number in range(40):
            add_authority(f"amt-{number}", f"Amt {number}", Kind.MUNICIPALITY, Level.LOCAL, "BY")
        db.session.commit()
    for number in range(4):
        make_case(author=author, title=f"Fall {number}", authority=f"amt-{number}")
    urls = ("/cases/", "/cases/?level=kommune&platform=mastodon&year=2020", "/cases/?c=fall-1")
    few = [count_queries(app, client, url) for url in urls]
    for number in range(4, 40):
        make_case(
            author=author,
            title=f"Fall {number}",
            authority=f"amt-{number}",
            platforms=("mastodon", "instagram"),
            topics=("strategie", "buergerservice"),
            start_year=2010 + number % 10,
        )
    original = service.PAGE_SIZE
    service.PAGE_SIZE = 100
    try:
        many = [count_queries(app, client, url) for url in urls]
    finally:
        service.PAGE_SIZE = original
    assert few == many


# --- the comparison ------------------------------------------------------------------------------


def test_compare_two_and_three_side_by_side(client: Client, facet_cases: dict[str, str]) -> None:
    slugs = [facet_cases["muster"], facet_cases["uba"], facet_cases["koeln"]]
    for chosen in (slugs[:2], slugs):
        response = client.get(
            "/cases/compare?" + "&".join(f"c={s}" for s in chosen),
            headers={"Accept-Language": "en"},
        )
        assert response.status_code == 200
        html = response.get_data(as_text=True)
        header = html[html.index("<thead>") : html.index("</thead>")]
        assert header.count('scope="col"') == len(chosen) + 1
        for label in (
            "Authority",
            "Level",
            "Land",
            "Period",
            "Platforms",
            "Team size (FTE)",
            "Where the team sits",
            "Budget",
            "Goals",
            "Results",
            "Figures measured on",
            "Lessons learned",
            "Law and data protection",
            "Facts last verified on",
        ):
            assert f'scope="row">{label}</th>' in html, label
        body = html[html.index("<tbody>") : html.index("</tbody>")]
        row = body[body.index('scope="row">Period') :]
        row = row[: row.index("</tr>")]
        assert row.count("<td") == len(chosen)
        assert 'href="/authorities/umweltbundesamt"' in html and "2012–2016" in html


def test_the_list_offers_checkboxes_for_the_comparison(
    client: Client, facet_cases: dict[str, str]
) -> None:
    html = client.get("/cases/").get_data(as_text=True)
    assert (
        '<form id="compare-form" class="compare-bar" method="get" action="/cases/compare">' in html
    )
    uba = facet_cases["uba"]
    assert f'name="c" value="{uba}" id="compare-{uba}" form="compare-form"' in html
    # A case chosen on its own page stays chosen while filtering.
    html = client.get(f"/cases/?c={facet_cases['uba']}&level=kommune").get_data(as_text=True)
    assert f'id="compare-chosen-{facet_cases["uba"]}" checked' in html
    assert f'<input type="hidden" name="c" value="{facet_cases["uba"]}">' in html


@pytest.mark.parametrize("count", [0, 1, 4])
def test_compare_needs_two_or_three(
    client: Client, facet_cases: dict[str, str], count: int
) -> None:
    slugs = list(facet_cases.values())[:count]
    response = client.get(
        "/cases/compare?" + "&".join(f"c={s}" for s in slugs), headers={"Accept-Language": "en"}
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert ("at least two" if count < 2 else "at most three") in html
    assert "<table" not in html


def test_compare_names_unknown_cases(client: Client, facet_cases: dict[str, str]) -> None:
    response = client.get(
        f"/cases/compare?c={facet_cases['uba']}&c=gibt-es-nicht", headers={"Accept-Language": "en"}
    )
    assert response.status_code == 404
    assert "We found no published case study at: gibt-es-nicht" in response.get_data(as_text=True)
    # The same case twice is one case.
    same = client.get(f"/cases/compare?c={facet_cases['uba']}&c={facet_cases['uba']}")
    assert same.status_code == 422


# --- comments, likes and bookmarks ---------------------------------------------------------------


def test_comments_likes_and_bookmarks_on_a_case(
    app: Flask, client: Client, make_user: Any, make_case: Any
) -> None:
    slug = make_case()
    draft = make_case(publish=False, title="Noch ein Entwurf")
    case, hidden = get_case(app, slug), get_case(app, draft)
    login(client, make_user())
    response = client.post_form(f"/community/case/{case.id}/comments", {"body": "Sehr hilfreich!"})
    assert response.status_code == 303 and response.headers["Location"].startswith(f"/cases/{slug}")
    assert client.post_form(f"/community/case/{case.id}/like", {"liked": "1"}).status_code == 303
    assert client.post_form(f"/community/case/{case.id}/bookmark").status_code == 303
    stored = get_case(app, slug)
    assert stored.comment_count == 1 and stored.like_count == 1
    page = client.get(f"/cases/{slug}").get_data(as_text=True)
    assert "Sehr hilfreich!" in page
    assert slug in client.get("/account/bookmarks").get_data(as_text=True)
    assert (
        client.post_form(f"/community/case/{hidden.id}/comments", {"body": "x"}).status_code == 404
    )
    assert client.post(f"/community/case/{case.id}/like").status_code == 400  # no CSRF token
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Comment)) == 1
        assert db.session.scalar(select(func.count()).select_from(Bookmark)) == 1


# --- the feed ------------------------------------------------------------------------------------


def test_atom_feed_parses(client: Client, make_case: Any) -> None:
    make_case(title="Feed-Fall", goals="Text mit <script>alert(1)</script> und **fett**")
    make_case(title="Noch ein Entwurf", publish=False)
    response = client.get("/cases/feed.atom")
    assert response.mimetype == "application/atom+xml"
    parsed = feedparser.parse(response.data)
    assert not parsed.bozo, parsed.bozo_exception
    assert [entry.title for entry in parsed.entries] == ["Feed-Fall"]
    content = parsed.entries[0].content[0].value
    assert "<script" not in content and "<strong>fett</strong>" in content


def test_the_published_cases_of_an_authority(app: Flask, make_user: Any, make_case: Any) -> None:
    author = make_user()
    published = make_case(author=author, title="Veröffentlicht")
    make_case(author=author, title="Entwurf", publish=False)
    make_case(author=author, title="Anderes Amt", authority="umweltbundesamt")
    with app.app_context():
        muster = db.session.scalar(select(Authority).where(Authority.slug == "stadt-musterstadt"))
        cases = service.published_for_authority(muster.id)
        assert [case.slug for case in cases] == [published]
