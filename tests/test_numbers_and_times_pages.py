"""Pages read numbers, dates and times as people write them (issue 16): an event page, the
events list, a case page and the importer's report, in English (and in German where the
text comes from the date helpers rather than the catalogue)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from flask import Flask, render_template_string

from kb.authorities.importing.report import ImportReport, Problem
from kb.events.views import series_ended_text, series_saved_text
from kb.extensions import db
from kb.taxonomy import seed_taxonomy
from kb.timeutil import utcnow
from kb.users import Role
from tests.conftest import Auth, Client
from tests.test_cases import make_case, registry  # noqa: F401  (fixtures)

NEXT_YEAR = utcnow().year + 1
NB = "\u00a0"
NNB = "\u202f"
THIN = "\u2009"
WEEKDAYS = {
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "de": ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"),
}
SECONDS = re.compile(r"\b\d{1,2}:\d\d:\d\d\b")


def weekday(day: date, language: str) -> str:
    return WEEKDAYS[language][day.weekday()]


@pytest.fixture(autouse=True)
def fresh_pages(app: Flask) -> None:
    app.config["KB_PAGE_CACHE_SECONDS"] = 0
    with app.app_context():
        seed_taxonomy()
        db.session.commit()


def event_form(**overrides: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": "Social-Media-Stammtisch Leipzig",
        "description": "Austausch.",
        "format": "meetup",
        "starts_at": f"{NEXT_YEAR}-07-01T18:30",
        "ends_at": f"{NEXT_YEAR}-07-01T21:00",
        "timezone": "Europe/Berlin",
        "attendance_mode": "online",
        "online_url": "https://meet.example/stammtisch",
        "is_free": "y",
        "language": "de",
        "organiser_name": "Netzwerk Social Media (fiktiv)",
        "topics": ["strategie"],
    }
    data.update(overrides)
    return data


@pytest.fixture
def events(client: Client, auth: Auth, make_user: Any) -> dict[str, str]:
    assert auth.login(make_user(role=Role.MODERATOR).email).status_code == 303
    slugs = {}
    for name, overrides in {
        "evening": {},
        "two_days": {
            "title": "Fachtagung Verwaltungskommunikation",
            "starts_at": f"{NEXT_YEAR}-01-19T09:30",
            "ends_at": f"{NEXT_YEAR}-01-20T16:30",
        },
        # Typed the German way, as a browser without a date picker lets people do.
        "all_days": {
            "title": "Barcamp Verwaltung",
            "format": "barcamp",
            "all_day": "y",
            "starts_at": f"05.02.{NEXT_YEAR}",
            "ends_at": f"06.02.{NEXT_YEAR}",
        },
    }.items():
        response = client.post_form("/events/new", event_form(**overrides))
        assert response.status_code == 303, response.get_data(as_text=True)[:2000]
        slugs[name] = response.headers["Location"].rsplit("/", 1)[-1]
    auth.logout()
    return slugs


def page(client: Client, url: str, language: str) -> str:
    response = client.get(url, headers={"Accept-Language": language})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def expected_when(language: str) -> dict[str, str]:
    july, jan19, jan20 = (
        date(NEXT_YEAR, 7, 1),
        date(NEXT_YEAR, 1, 19),
        date(NEXT_YEAR, 1, 20),
    )
    feb5, feb6 = date(NEXT_YEAR, 2, 5), date(NEXT_YEAR, 2, 6)
    if language == "de":
        return {
            "evening": f"{weekday(july, 'de')}, 1. Juli {NEXT_YEAR}, 18:30–21:00{NB}Uhr",
            "two_days": (
                f"{weekday(jan19, 'de')}, 19. Januar {NEXT_YEAR}, 9:30{NB}Uhr, bis "
                f"{weekday(jan20, 'de')}, 20. Januar {NEXT_YEAR}, 16:30{NB}Uhr"
            ),
            "all_days": (
                f"{weekday(feb5, 'de')}, 5., bis {weekday(feb6, 'de')}, 6. Februar {NEXT_YEAR}"
            ),
        }
    return {
        "evening": (f"{weekday(july, 'en')}, July 1, {NEXT_YEAR}, 6:30{THIN}–{THIN}9:00{NNB}PM"),
        "two_days": (
            f"{weekday(jan19, 'en')}, January 19, {NEXT_YEAR}, 9:30{NNB}AM – "
            f"{weekday(jan20, 'en')}, January 20, {NEXT_YEAR}, 4:30{NNB}PM"
        ),
        "all_days": (
            f"{weekday(feb5, 'en')}, February 5 – {weekday(feb6, 'en')}, February 6, {NEXT_YEAR}"
        ),
    }


@pytest.mark.parametrize("language", ["en", "de"])
def test_event_pages_say_when_as_people_write_it(
    client: Client, events: dict[str, str], language: str
) -> None:
    for name, expected in expected_when(language).items():
        html = page(client, f"/events/{events[name]}", language)
        assert f">{expected}</time>" in html, name
        assert not SECONDS.search(html)


@pytest.mark.parametrize("language", ["en", "de"])
def test_the_events_list_says_when_as_people_write_it(
    client: Client, events: dict[str, str], language: str
) -> None:
    html = page(client, "/events/", language)
    for name, expected in expected_when(language).items():
        assert f">{expected}</time>" in html, name
    assert not SECONDS.search(html)


@pytest.mark.parametrize(
    ("language", "said", "never"),
    [
        ("en", "Nobody has said yet that they are taking part.", "0 people take part"),
        ("de", "Noch keine Teilnahme angegeben.", "0 Personen nehmen teil"),
    ],
)
def test_an_event_nobody_attends_yet_says_so(
    client: Client, events: dict[str, str], language: str, said: str, never: str
) -> None:
    html = page(client, f"/events/{events['evening']}", language)
    assert said in html
    assert never not in html


@pytest.mark.parametrize(
    ("language", "fte", "long_text", "short_text", "no_likes"),
    [
        ("en", Decimal("1"), "1 full-time equivalent<", "1 FTE", "0 likes"),
        ("en", Decimal("1.5"), "1.5 full-time equivalents<", "1.5 FTE", "0 likes"),
        ("de", Decimal("1"), "1 Vollzeitäquivalent<", f"1{NB}VZÄ", "0 „Gefällt"),
        ("de", Decimal("1.5"), "1,5 Vollzeitäquivalente<", f"1,5{NB}VZÄ", "0 „Gefällt"),
    ],
)
def test_a_case_gives_its_team_size_with_the_right_plural(
    client: Client,
    make_case: Any,  # noqa: F811  (the fixture imported above)
    language: str,
    fte: Decimal,
    long_text: str,
    short_text: str,
    no_likes: str,
) -> None:
    slug = make_case(team_fte=fte, start_year=2024, end_year=2024)
    html = page(client, f"/cases/{slug}", language)
    assert long_text in html
    # A one-year project: "2024", never "2024–2024".
    assert "2024–2024" not in html
    assert re.search(r">\s*2024\s*<|· 2024\b|>2024<", html)
    listing = page(client, "/cases/", language)
    assert short_text in listing
    assert "2024–2024" not in listing
    # No likes yet: no "0 likes" in the list.
    assert no_likes not in listing


def test_a_case_shows_dates_long_in_text(
    client: Client,
    make_case: Any,  # noqa: F811  (the fixture imported above)
) -> None:
    slug = make_case(results_measured_on=date(2024, 3, 31), last_verified=date(2025, 1, 15))
    html = page(client, f"/cases/{slug}", "en")
    assert ">March 31, 2024</time>" in html
    assert ">January 15, 2025</time>" in html


ONE_ROW = ImportReport(
    rows=1, authorities_created=1, authorities_updated=0, accounts_created=1, accounts_updated=0
)
MANY_ROWS = ImportReport(
    rows=1250,
    authorities_created=2,
    authorities_updated=3,
    accounts_created=1200,
    accounts_updated=48,
)
ONE_PROBLEM = ImportReport(rows=3, problems=[Problem(line=2, column="name", message="empty")])
THREE_PROBLEMS = ImportReport(
    rows=3,
    problems=[
        Problem(line=2, column="name", message="empty"),
        Problem(line=2, column="kind", message="unknown"),
        Problem(line=3, column="name", message="empty"),
    ],
)


@pytest.mark.parametrize(
    ("language", "report", "expected"),
    [
        (
            "en",
            ONE_ROW,
            "1 row: 1 authority new, 0 changed; 1 social media account new, 0 changed.",
        ),
        (
            "en",
            MANY_ROWS,
            "1,250 rows: 2 authorities new, 3 changed; 1,200 social media accounts new, "
            "48 changed.",
        ),
        ("en", ONE_PROBLEM, "1 problem in 1 row; nothing was imported."),
        ("en", THREE_PROBLEMS, "3 problems in 2 rows; nothing was imported."),
        (
            "de",
            ONE_ROW,
            "1 Zeile: 1 Behörde neu, 0 geändert; 1 Social-Media-Konto neu, 0 geändert.",
        ),
        (
            "de",
            MANY_ROWS,
            "1.250 Zeilen: 2 Behörden neu, 3 geändert; 1.200 Social-Media-Konten neu, 48 geändert.",
        ),
        ("de", ONE_PROBLEM, "1 Fehler in 1 Zeile; es wurde nichts importiert."),
        ("de", THREE_PROBLEMS, "3 Fehler in 2 Zeilen; es wurde nichts importiert."),
    ],
)
def test_the_importer_report_counts_with_plural_forms(
    app: Flask, language: str, report: ImportReport, expected: str
) -> None:
    with app.test_request_context(headers={"Accept-Language": language}):
        assert report.summary() == expected


@pytest.mark.parametrize(
    ("count", "saved", "ended"),
    [
        (
            0,
            "Die Reihe ist gespeichert; kein kommender Termin musste angepasst werden.",
            "Die Reihe ist beendet; es gab keine kommenden Termine mehr.",
        ),
        (
            1,
            "Die Reihe ist gespeichert; 1 kommender Termin wurde angepasst.",
            "Die Reihe ist beendet; 1 kommender Termin ist abgesagt.",
        ),
        (
            1200,
            "Die Reihe ist gespeichert; 1.200 kommende Termine wurden angepasst.",
            "Die Reihe ist beendet; 1.200 kommende Termine sind abgesagt.",
        ),
    ],
)
def test_series_messages_count_in_german(app: Flask, count: int, saved: str, ended: str) -> None:
    with app.test_request_context(headers={"Accept-Language": "de"}):
        assert series_saved_text(count) == saved
        assert series_ended_text(count) == ended


@pytest.mark.parametrize(
    ("language", "count", "expected"),
    [
        ("de", 1, "1 „Gefällt mir“-Angabe"),
        ("de", 1200, "1.200 „Gefällt mir“-Angaben"),
        ("en", 1200, "1,200 likes"),
    ],
)
def test_template_plurals_write_the_number_as_the_language_does(
    app: Flask, language: str, count: int, expected: str
) -> None:
    template = '{{ ngettext("%(num)s like", "%(num)s likes", count) }}'
    with app.test_request_context(headers={"Accept-Language": language}):
        assert render_template_string(template, count=count) == expected
