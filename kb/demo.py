"""Demo content, clearly marked as demo data: invented people of invented authorities,
and real authorities with no more than the source blog post says about them.

Idempotent: each record is looked up by a stable key first. Later features add their
own loaders and call them from load().
"""

from __future__ import annotations

from sqlalchemy import select

from kb.accounts import service
from kb.accounts.models import Role, User
from kb.extensions import db
from kb.text import slugify

DEMO_PASSWORD = "demo-passwort-amtsnetz"  # noqa: S105 - published on purpose, demo only
DEMO_DOMAIN = "demo.example.org"

DEMO_USERS = (
    {
        "display_name": "Katrin Hoffmann",
        "role": Role.ADMIN,
        "authority_text": "Stadt Musterstadt (fiktiv), Presse- und Öffentlichkeitsarbeit",
        "job_title": "Leiterin Social Media",
        "bio": "Betreut seit 2014 die Kanäle der Stadt auf Facebook, Instagram und Mastodon. "
        "Schwerpunkte: Krisenkommunikation und Netiquette.",
    },
    {
        "display_name": "Jonas Weber",
        "role": Role.MODERATOR,
        "authority_text": "Kreisverwaltung Beispielkreis (fiktiv)",
        "job_title": "Online-Redakteur",
        "bio": "Online-Redaktion und Social Media in einer Person. Fragt sich täglich, "
        "wie viel Personal ein guter Kanal wirklich braucht.",
    },
    {
        "display_name": "Aylin Demir",
        "role": Role.MEMBER,
        "authority_text": "Stadtwerke Musterstadt (fiktiv)",
        "job_title": "Social-Media-Managerin",
        "bio": "Kundenservice über WhatsApp und Instagram, Störungsmeldungen in Echtzeit.",
    },
    {
        "display_name": "Thomas Krüger",
        "role": Role.MEMBER,
        "authority_text": "Bundesamt für Musterverwaltung (fiktiv)",
        "job_title": "Referent Öffentlichkeitsarbeit",
        "bio": "Baut gerade den ersten Kanal seines Amtes auf und sammelt Argumente "
        "für das Gespräch mit dem Datenschutzbeauftragten.",
    },
    {
        "display_name": "Lena Schulz",
        "role": Role.MEMBER,
        "authority_text": "",
        "job_title": "Studentin Verwaltungsinformatik",
        "bio": "Schreibt eine Studienarbeit über Social Media in Kommunalverwaltungen.",
    },
)


def demo_email(display_name: str) -> str:
    return f"{slugify(display_name).replace('-', '.')}@{DEMO_DOMAIN}"


def load_users() -> int:
    created = 0
    for spec in DEMO_USERS:
        email = demo_email(spec["display_name"])
        if db.session.scalar(select(User.id).where(User.email == email)):
            continue
        profile = {key: spec[key] for key in ("authority_text", "job_title", "bio")}
        service.create_user(
            email, DEMO_PASSWORD, spec["display_name"], role=spec["role"], is_demo=True, **profile
        )
        created += 1
    return created


def load(articles: int = 0, events: int = 0, authorities: int = 0) -> list[str]:
    from kb.articles.demo import load_articles, load_synthetic
    from kb.authorities.demo import DEMO_AUTHORITIES, load_registry, load_synthetic_authorities
    from kb.cases.demo import DEMO_CASES, load_cases
    from kb.demo_articles import DEMO_ARTICLES
    from kb.events.demo import demo_event_count, load_events, load_synthetic_events
    from kb.taxonomy.service import seed_taxonomy

    users = load_users()
    terms = seed_taxonomy()
    entries = load_articles(DEMO_ARTICLES)
    synthetic = load_synthetic(articles)
    demo_events = load_events()
    synthetic_events = load_synthetic_events(events)
    registry = load_registry()
    synthetic_authorities = load_synthetic_authorities(authorities)
    cases = load_cases()
    return [
        f"Demo users: {users} created, {len(DEMO_USERS) - users} already there.",
        f"Topics and platforms: {terms} created.",
        f"Demo entries: {entries} created, {len(DEMO_ARTICLES) - entries} already there.",
        *([f"Synthetic entries: {synthetic} added."] if synthetic else []),
        f"Demo events: {demo_events} created, {demo_event_count() - demo_events} already there.",
        *([f"Synthetic events: {synthetic_events} added."] if synthetic_events else []),
        f"Demo authorities: {registry} created, {len(DEMO_AUTHORITIES) - registry} already there.",
        *(
            [f"Synthetic authorities: {synthetic_authorities} added."]
            if synthetic_authorities
            else []
        ),
        f"Demo case studies: {cases} created, {len(DEMO_CASES) - cases} already there.",
        f"Log in as {demo_email(DEMO_USERS[0]['display_name'])} "
        f"with the password {DEMO_PASSWORD!r} (admin).",
    ]
