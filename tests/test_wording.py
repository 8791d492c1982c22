"""Pages read as the glossary (docs/glossary.md) and the copy review want them: one term
per concept, names never after a preposition, public text without configuration words,
errors with a next step, feeds in the reader's language."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from kb.directory import Authority, SocialAccount
from kb.events.models import Event
from kb.extensions import db

DE = {"Accept-Language": "de"}
EN = {"Accept-Language": "en"}
NBSP = "\u00a0"


@pytest.fixture
def demo(app: Flask) -> Flask:
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    return app


def page(client: FlaskClient, path: str, headers: dict[str, str] = DE) -> str:
    response = client.get(path, headers=headers)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def test_an_event_page_keeps_logging_in_apart_from_the_organisers_registration(
    demo: Flask, client: FlaskClient
) -> None:
    with demo.app_context():
        event = db.session.scalar(
            select(Event).where(Event.registration_url != "", Event.organiser_name != "")
        )
        assert event is not None
        slug, organiser = event.slug, event.organiser_name
        creator = event.creator.display_name if event.creator else None
    html = page(client, f"/events/{slug}")
    assert "Anmeldung zur Veranstaltung" in html
    assert "Zur Anmeldung beim Veranstalter" in html
    assert "Beim Veranstalter anmelden" not in html
    # The organiser and the member who listed it are two facts.
    assert re.search(r"Veranstaltet von</dt>\s*<dd[^>]*>" + re.escape(organiser), html)
    if creator:
        assert "Eingetragen von" in html
    assert "Teilnahmeform" in html and ">Teilnahme<" not in html


def test_the_census_is_a_stocktaking_in_german_and_a_census_in_english(
    demo: Flask, client: FlaskClient
) -> None:
    german = page(client, "/authorities/census")
    assert "Bestandsaufnahme" in german and "Zensus" not in german
    assert "Mit Social-Media-Konto" in german
    assert "census" in page(client, "/authorities/census", EN).lower()


def test_names_of_authorities_do_not_follow_a_preposition(
    demo: Flask, client: FlaskClient, auth: object
) -> None:
    with demo.app_context():
        authority = db.session.scalar(
            select(Authority).join(SocialAccount).where(Authority.name.like("Stadt %")).limit(1)
        )
        assert authority is not None
        slug, name = authority.slug, authority.name
    html = page(client, f"/authorities/{slug}")
    assert f"Konten von {name}" not in html
    assert f"Social-Media-Konten, aktive und beendete: {name}" in html


def test_legal_pages_name_no_configuration(client: FlaskClient) -> None:
    for path in ("/impressum", "/datenschutz", "/barrierefreiheit"):
        html = page(client, path)
        for word in ("KB_", "Installation", "Konfiguration", "Betreiber"):
            assert word not in html, (path, word)
    imprint = page(client, "/impressum")
    assert "Herausgegeben von" in imprint
    assert "Die Kontaktdaten werden hier in Kürze veröffentlicht." in imprint


def test_the_accessibility_statement_follows_the_bitv_model(client: FlaskClient) -> None:
    html = page(client, "/barrierefreiheit")
    headings = re.findall(r"<h2[^>]*>([^<]+)</h2>", html)
    assert headings == [
        "Stand der Vereinbarkeit mit den Anforderungen",
        "Nicht barrierefreie Inhalte",
        "Erstellung dieser Erklärung",
        "Feedback und Kontaktangaben",
        "Schlichtungsverfahren",
    ]
    assert f"mit den Anforderungen der BITV{NBSP}2.0 teilweise vereinbar" in html
    # The link to the imprint sits inside the sentence, with its own text.
    assert re.search(r'finden Sie im <a class="kern-link" href="/impressum">Impressum</a>\.', html)


def test_a_conflict_page_says_what_happened_and_what_to_do(app_factory: object) -> None:
    from tests.test_site import error_app

    client = error_app(app_factory).test_client()
    html = client.get("/_test/409", headers=DE).get_data(as_text=True)
    assert "Inzwischen geändert" in html and "Konflikt" not in html
    assert "Laden Sie die Seite neu" in html
    missing = client.get("/_test/404", headers=DE).get_data(as_text=True)
    assert "Website durchsuchen" in missing  # a next step besides the start page


@pytest.mark.parametrize(
    ("path", "german", "english"),
    [
        ("/articles/feed.atom", "Praxiswissen", "Best practice"),
        ("/cases/feed.atom", "Fallstudien", "Case studies"),
    ],
)
def test_feed_titles_follow_the_language(
    client: FlaskClient, path: str, german: str, english: str
) -> None:
    for headers, title, language in ((DE, german, "de"), (EN, english, "en")):
        xml = client.get(path, headers=headers).get_data(as_text=True)
        assert re.search(rf"<title>[^<]*– {title}</title>", xml), xml[:400]
        assert f"<language>{language}</language>" in xml or f'xml:lang="{language}"' in xml


def test_german_text_keeps_abbreviations_together(client: FlaskClient) -> None:
    html = page(client, "/datenschutz")
    assert f"Art.{NBSP}6 Abs.{NBSP}1" in html
    assert "Art. 6" not in html
