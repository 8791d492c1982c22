"""Watched words: how text is matched (case, umlauts, ß and their transliterations, whole
words and word parts), the admin page at /admin/watched-words, the compiled words kept
per process and renewed on every change, and block, hold and flag through the real forms
of comments, entries, events, case studies and profiles."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from kb import registry, screening
from kb.articles import service as article_service
from kb.articles.models import Article, ArticleDraft
from kb.audit import AuditEntry
from kb.cases.models import CaseStudy
from kb.community.models import Comment
from kb.directory import Authority, Kind, Level
from kb.events.models import Event
from kb.extensions import db
from kb.moderation import watched
from kb.moderation.models import Reason, Report, ReportSource, WatchedWord, WordAction
from kb.standing import Standing
from kb.taxonomy import seed_taxonomy
from kb.timeutil import utcnow
from kb.users import Role, User
from tests.conftest import Auth, Client

EN = {"Accept-Language": "en"}
PAGE = "/admin/watched-words"
NEXT_YEAR = datetime.now(UTC).year + 1


@pytest.fixture(autouse=True)
def world(app: Flask) -> None:
    # Pages are looked at right after changes; the forms need topics and platforms.
    app.config["KB_PAGE_CACHE_SECONDS"] = 0
    with app.app_context():
        seed_taxonomy()
        db.session.add(
            Authority(
                slug="stadt-musterstadt",
                name="Stadt Musterstadt",
                kind=Kind.MUNICIPALITY,
                level=Level.LOCAL,
                land="BY",
            )
        )
        db.session.commit()


def names(word: str, note: str) -> bool:
    """The report's note quotes the word, in the quotation marks of the language the post
    was written in (German „…“, English “…”)."""
    return f"„{word}“" in note or f"“{word}”" in note


def watch(app: Flask, pattern: str, action: WordAction, whole_word: bool = True) -> int:
    with app.app_context():
        word = WatchedWord(pattern=pattern, action=action, whole_word=whole_word)
        db.session.add(word)
        db.session.commit()
        return word.id


@pytest.fixture
def admin(make_user: Any) -> User:
    user: User = make_user(role=Role.ADMIN, display_name="Ada Admin")
    return user


@pytest.fixture
def member(app: Flask, make_user: Any) -> User:
    """A trusted member: their posts are not held as first posts, only for the words."""
    user: User = make_user(display_name="Mia Mitglied")
    with app.app_context():
        stored = db.session.get(User, user.id)
        assert stored is not None
        stored.trusted_at = utcnow()
        db.session.commit()
    return user


def login(client: Client, user: User) -> None:
    assert Auth(client).login(user.email).status_code == 303


def count(app: Flask, model: Any, *where: Any) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where)) or 0


def watched_word_reports(app: Flask) -> list[Report]:
    with app.app_context():
        reports = list(
            db.session.scalars(
                select(Report).where(Report.source == ReportSource.WATCHED_WORD).order_by(Report.id)
            )
        )
        for report in reports:
            db.session.expunge(report)
        return reports


def blocked(app: Flask, text: str) -> str | None:
    with app.test_request_context(headers=EN):
        return screening.blocked(text)


# --- matching ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "whole_word", "text", "found"),
    [
        ("Idiot", True, "Idiot", True),
        ("Idiot", True, "IDIOT", True),
        ("Idiot", True, "Du bist ein idiot!", True),
        ("idiot", True, "So ein Voll-Idiot.", True),  # each part of a hyphenated compound
        ("Idiot", True, "Vollidiot", False),  # a whole word only
        ("Idiot", True, "Idioten", False),
        ("Idiot", False, "Vollidiot", True),  # also as a part
        ("Idiot", False, "VOLLIDIOTEN", True),
        ("idiot*", True, "Idioten", True),  # * for any letters
        ("idiot*", True, "Vollidiot", False),
        ("*idiot", True, "Vollidiot", True),
        ("f*ck", False, "So ein Fuck!", True),  # inside a word
        ("f*ck", False, "Fck", True),
        ("idiot*", False, "Vollidiot", True),  # as a part, an end * means nothing
        ("Scheiße", True, "Schei\u00dfe", True),
        ("Scheiße", True, "Scheisse", True),
        ("Scheiße", True, "SCHEISSE", True),
        ("Scheiße", True, "SCHEI\u1e9eE", True),  # capital ẞ
        ("Scheisse", True, "Scheiße!", True),
        ("Mädchen", True, "Maedchen", True),
        ("Maedchen", True, "MÄDCHEN", True),
        ("Mädchen", True, "Ma\u0308dchen", True),  # decomposed ä
        ("Ärger", True, "AERGER", True),
        ("AERGER", True, "Ärger", True),
        ("straße", True, "strasse", True),
        ("straße", True, "STRASSE", True),
        ("strasse", False, "Hauptstraße", True),
        ("straße", True, "Hauptstraße", False),
        ("blöde Kuh", True, "Blöde-Kuh", True),  # spaces and hyphens alike
        ("blöde Kuh", True, "BLOEDE   KUH", True),
        ("Idiot", True, "\uff29\uff44\uff49\uff4f\uff54", True),  # fullwidth: NFKC
        ("Idiot", True, "\u0456d\u0456\u043et", True),  # Cyrillic і and о
        ("Idiot", True, "Id\u00adiot", True),  # soft hyphen
        ("Idiot", True, "Id\u200biot", True),  # zero-width space
        ("Idiot", True, "Idiotie", False),
        ("Idiot", True, "Ein ganz harmloser Satz.", False),
    ],
)
def test_words_match_across_case_umlauts_and_sharp_s(
    app: Flask, pattern: str, whole_word: bool, text: str, found: bool
) -> None:
    watch(app, pattern, WordAction.BLOCK, whole_word)
    message = blocked(app, text)
    assert (message is not None) is found, (pattern, text, message)


def test_the_block_message_names_the_word_found_not_the_list(app: Flask) -> None:
    watch(app, "Idiot", WordAction.BLOCK)
    watch(app, "Schwachkopf", WordAction.BLOCK)
    watch(app, "Vollpfosten", WordAction.HOLD)
    message = blocked(app, "Du IDIOT")
    assert message is not None
    assert "“Idiot”" in message
    assert "Schwachkopf" not in message and "Vollpfosten" not in message


def test_words_to_hold_and_flag_do_not_block(app: Flask) -> None:
    watch(app, "Scheiße", WordAction.HOLD)
    watch(app, "Mädchen", WordAction.FLAG)
    assert blocked(app, "Scheisse und Maedchen") is None
    with app.test_request_context(headers=EN):
        verdict = watched.check("SCHEISSE, MÄDCHEN")
    assert verdict.block is None
    assert verdict.hold is not None and "“Scheiße”" in verdict.hold
    assert len(verdict.flags) == 1 and "“Mädchen”" in verdict.flags[0]


@pytest.mark.parametrize(
    ("first", "second"),
    [("Idiot", "IDIOT"), ("Scheiße", "SCHEISSE"), ("Mädchen", "Maedchen"), ("straße", "Strasse")],
)
def test_two_spellings_are_one_word(first: str, second: str) -> None:
    assert watched.folded_key(first) == watched.folded_key(second) != ""


@pytest.mark.parametrize("pattern", ["***", "--", " . ", "\u200b"])
def test_a_word_of_no_letters_folds_to_nothing(pattern: str) -> None:
    assert watched.folded_key(pattern) == ""


@pytest.mark.parametrize(
    ("pattern", "whole_word"),
    [("f*ck", False), ("*f*ck*", True), ("*idiot*", True), ("a*b", True)],
)
def test_a_crafted_text_cannot_make_a_wildcard_slow(
    app: Flask, pattern: str, whole_word: bool
) -> None:
    # Unbounded, "f*ck" took seconds on 10,000 letters "f": backtracking at each of them.
    watch(app, pattern, WordAction.BLOCK, whole_word)
    with app.test_request_context(headers=EN):
        watched.check("warm up")
        started = datetime.now(UTC)
        for text in ("f" * 100_000, "fa" * 50_000, "a" * 100_000, "ab " * 30_000):
            watched.check(text)
        elapsed = (datetime.now(UTC) - started).total_seconds()
    assert elapsed < 5  # without the bound: minutes


# --- compiled once per change, on every process -------------------------------------------------


@pytest.fixture
def compilations(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    made: list[int] = []
    original = watched.Matcher.__init__

    def counting(self: watched.Matcher, rules: Any) -> None:
        made.append(len(rules))
        original(self, rules)

    monkeypatch.setattr(watched.Matcher, "__init__", counting)
    yield made


def test_words_are_compiled_once_per_change(
    app: Flask, client: Client, admin: User, compilations: list[int]
) -> None:
    watch(app, "Idiot", WordAction.BLOCK)
    for _ in range(3):
        assert blocked(app, "Idiot") is not None
    assert compilations == [1]
    login(client, admin)
    client.post_form(PAGE, {"pattern": "Schwachkopf", "action": "block", "whole_word": "y"})
    assert blocked(app, "Schwachkopf") is not None
    assert blocked(app, "Idiot") is not None
    assert compilations == [1, 2]


def test_a_change_on_one_process_is_seen_by_the_next_request_on_another(
    app: Flask, app_factory: Any
) -> None:
    other = app_factory()  # a second app process on the same database, its own cache
    word_id = watch(app, "Idiot", WordAction.BLOCK)
    assert blocked(other, "Idiot") is not None
    with app.app_context():  # only the action changes: same count, same ids
        word = db.session.get(WatchedWord, word_id)
        assert word is not None
        word.action = WordAction.FLAG
        db.session.commit()
    assert blocked(other, "Idiot") is None
    with app.app_context():
        db.session.execute(WatchedWord.__table__.delete())
        db.session.commit()
    word_id = watch(app, "Schwachkopf", WordAction.BLOCK)  # maybe the same id again
    assert blocked(other, "Idiot") is None
    assert blocked(other, "Schwachkopf") is not None


def test_a_word_written_in_the_same_request_counts_at_once(app: Flask) -> None:
    with app.test_request_context(headers=EN):
        assert screening.blocked("Idiot") is None
        db.session.add(WatchedWord(pattern="Idiot", action=WordAction.BLOCK, whole_word=True))
        db.session.commit()
        assert screening.blocked("Idiot") is not None


def test_a_long_text_against_a_full_list_stays_quick(app: Flask) -> None:
    with app.app_context():
        db.session.add_all(
            WatchedWord(
                pattern=f"wort{number}x", action=WordAction.HOLD, whole_word=number % 2 == 0
            )
            for number in range(watched.MAX_WORDS)
        )
        db.session.commit()
    text = "Ein ganz gewöhnlicher Satz über Mastodon und Datenschutz. " * 1700  # ~100,000
    with app.test_request_context(headers=EN):
        watched.check("warm up")  # compiles
        started = datetime.now(UTC)
        verdict = watched.check(text + " wort998x")
        elapsed = (datetime.now(UTC) - started).total_seconds()
    assert verdict.hold is not None and "wort998x" in verdict.hold
    assert elapsed < 5  # generous on a shared machine: it is about 0.1 s here


# --- the admin page ---------------------------------------------------------------------------


def test_only_admins_see_and_change_the_words(
    app: Flask, client: Client, make_user: Any, admin: User
) -> None:
    word_id = watch(app, "Idiot", WordAction.BLOCK)
    posts = {
        PAGE: {"pattern": "Schwachkopf", "action": "block"},
        f"{PAGE}/{word_id}": {"action": "hold"},
        f"{PAGE}/{word_id}/delete": {},
    }
    anonymous = client.get(PAGE)
    assert anonymous.status_code == 302 and "/auth/login" in anonymous.headers["Location"]
    for url, data in posts.items():
        response = client.post_form(url, data)
        assert response.status_code == 303 and "/auth/login" in response.headers["Location"]
    for role in (Role.MEMBER, Role.MODERATOR):
        login(client, make_user(role=role))
        assert client.get(PAGE).status_code == 403
        for url, data in posts.items():
            assert client.post_form(url, data).status_code == 403
        Auth(client).logout()
    with app.app_context():
        word = db.session.get(WatchedWord, word_id)
        assert word is not None and word.action == WordAction.BLOCK
    assert count(app, WatchedWord) == 1
    login(client, admin)
    assert client.get(PAGE, headers=EN).status_code == 200


def test_admin_adds_changes_and_deletes_a_word_each_in_the_audit_log(
    app: Flask, client: Client, admin: User
) -> None:
    login(client, admin)
    page = client.get(PAGE, headers=EN).get_data(as_text=True)
    assert "No words are watched yet." in page
    added = client.post_form(
        PAGE, {"pattern": "  Vollpfosten ", "action": "flag", "whole_word": "y"}, headers=EN
    )
    assert added.status_code == 303 and added.headers["Location"] == PAGE
    with app.app_context():
        word = db.session.scalar(select(WatchedWord))
        assert word is not None
        assert (word.pattern, word.action, word.whole_word) == (
            "Vollpfosten",
            WordAction.FLAG,
            True,
        )
        assert word.created_by_id == admin.id
        word_id = word.id
    page = client.get(PAGE, headers=EN).get_data(as_text=True)
    assert "Vollpfosten" in page and "Ada Admin" in page and "Whole word" in page
    assert '<option value="flag" selected>' in page

    changed = client.post_form(f"{PAGE}/{word_id}", {"action": "hold"}, headers=EN)
    assert changed.status_code == 303
    with app.app_context():
        word = db.session.get(WatchedWord, word_id)
        assert word is not None and word.action == WordAction.HOLD

    deleted = client.post_form(f"{PAGE}/{word_id}/delete", headers=EN)
    assert deleted.status_code == 303
    assert count(app, WatchedWord) == 0

    with app.app_context():
        entries = list(db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)))
        assert [entry.action for entry in entries] == [
            "watched_word.add",
            "watched_word.change",
            "watched_word.delete",
        ]
        assert all(entry.actor_id == admin.id for entry in entries)
        assert all(entry.target_type == "watched_word" for entry in entries)
        assert all(entry.target_id == word_id for entry in entries)
        assert all(entry.target_label == "Vollpfosten" for entry in entries)
        assert entries[0].details == "action: flag, whole word"
        assert entries[1].details == "action: flag → hold"


def test_a_word_as_part_of_words(app: Flask, client: Client, admin: User) -> None:
    login(client, admin)
    # An unticked checkbox is not sent at all.
    assert client.post_form(PAGE, {"pattern": "idiot", "action": "block"}).status_code == 303
    with app.app_context():
        word = db.session.scalar(select(WatchedWord))
        assert word is not None and word.whole_word is False
    assert "Also part of a word" in client.get(PAGE, headers=EN).get_data(as_text=True)
    assert blocked(app, "Vollidiot") is not None


@pytest.mark.parametrize(
    ("pattern", "action", "message"),
    [
        ("", "block", "Please enter a word."),
        ("   ", "block", "Please enter a word."),
        ("x" * 101, "block", "Use at most 100 characters."),
        ("***", "block", "at least one letter or digit"),
        ("- -", "hold", "at least one letter or digit"),
        ("STRASSE", "block", "is on the list already (as “Straße”)"),
        ("strasse", "flag", "is on the list already"),
        ("Lügenpresse", "delete", "Please choose block, hold or flag."),
        ("a*b*c", "block", "at most once"),  # as part of words: one * inside
    ],
)
def test_invalid_words_are_refused_next_to_the_field(
    app: Flask, client: Client, admin: User, pattern: str, action: str, message: str
) -> None:
    watch(app, "Straße", WordAction.HOLD)
    login(client, admin)
    response = client.post_form(PAGE, {"pattern": pattern, "action": action}, headers=EN)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    field = "action" if action == "delete" else "pattern"
    error = html.split(f'id="{field}-error"', 1)[1].split("</p>", 1)[0]
    assert message in error.replace("&#34;", '"')
    assert 'id="error-summary"' in html
    assert count(app, WatchedWord) == 1
    assert count(app, AuditEntry) == 0


def test_a_whole_word_takes_two_wildcards_not_three(
    app: Flask, client: Client, admin: User
) -> None:
    login(client, admin)
    data = {"action": "block", "whole_word": "y"}
    refused = client.post_form(PAGE, {**data, "pattern": "*a*b*c"}, headers=EN)
    assert refused.status_code == 422
    assert "at most twice" in field_error(refused.get_data(as_text=True), "pattern")
    assert client.post_form(PAGE, {**data, "pattern": "*idiot*"}).status_code == 303
    assert blocked(app, "Vollidioten") is not None


def test_the_list_is_bounded(
    app: Flask, client: Client, admin: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(watched, "MAX_WORDS", 2)
    watch(app, "eins", WordAction.BLOCK)
    watch(app, "zwei", WordAction.BLOCK)
    login(client, admin)
    response = client.post_form(PAGE, {"pattern": "drei", "action": "block"}, headers=EN)
    assert response.status_code == 422
    assert "The list is full" in response.get_data(as_text=True)
    assert count(app, WatchedWord) == 2


def test_a_wrong_action_or_unknown_word_changes_nothing(
    app: Flask, client: Client, admin: User
) -> None:
    word_id = watch(app, "Idiot", WordAction.BLOCK)
    login(client, admin)
    response = client.post_form(f"{PAGE}/{word_id}", {"action": "explode"}, headers=EN)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert (
        f'id="word-{word_id}-action-error"' in html and "Please choose block, hold or flag." in html
    )
    assert client.post_form(f"{PAGE}/{word_id + 1}", {"action": "hold"}).status_code == 404
    assert client.post_form(f"{PAGE}/{word_id + 1}/delete").status_code == 404
    assert client.post_form(f"{PAGE}/99999999999/delete").status_code == 404
    with app.app_context():
        word = db.session.get(WatchedWord, word_id)
        assert word is not None and word.action == WordAction.BLOCK
    assert count(app, AuditEntry) == 0


def test_changes_need_the_csrf_token(app: Flask, client: Client, admin: User) -> None:
    word_id = watch(app, "Idiot", WordAction.BLOCK)
    login(client, admin)
    assert client.post(PAGE, data={"pattern": "Schwachkopf", "action": "block"}).status_code == 400
    assert client.post(f"{PAGE}/{word_id}/delete").status_code == 400
    assert count(app, WatchedWord) == 1


def test_the_admin_index_links_to_the_page(app: Flask, admin: User) -> None:
    watch(app, "Idiot", WordAction.BLOCK)
    with app.test_request_context(headers=EN):
        from flask_login import login_user

        with_admin = db.session.get(User, admin.id)
        login_user(with_admin)
        panels = registry.current().render_panels("admin.index")
    html = "".join(panels)
    assert f'href="{PAGE}"' in html and "1 word is watched." in html


def test_the_demo_words_are_loaded_once(app: Flask, admin: User) -> None:
    with app.app_context():
        (step,) = [s for s in registry.current().demo_steps if s.name == "watched_words"]
        assert "4 added" in step.load()
        assert "0 added" in step.load()
        words = list(db.session.scalars(select(WatchedWord)))
        assert len(words) == 4 and all(word.created_by_id == admin.id for word in words)
        assert {word.action for word in words} == set(WordAction)


# --- hold and flag through kb.screening.admit, on a stored record ------------------------------


def stored_article(app: Flask, author: User, body: str) -> int:
    with app.app_context():
        user = db.session.get(User, author.id)
        data = article_service.ArticleInput(
            title="Ein Eintrag", summary="", body=body, topics=[], platforms=[]
        )
        article = article_service.create_article(user, data, publish=True)
        db.session.commit()
        return article.id


def test_admit_holds_a_post_with_a_word_to_hold(app: Flask, member: User) -> None:
    watch(app, "Scheiße", WordAction.HOLD)
    article_id = stored_article(app, member, "Was für eine SCHEISSE.")
    with app.test_request_context(headers=EN):
        article = db.session.get(Article, article_id)
        author = db.session.get(User, member.id)
        assert article is not None and author is not None
        admission = screening.admit("article", article, author, [article.title, article.body])
        db.session.commit()
        assert admission.held
        assert any("“Scheiße”" in reason for reason in admission.held_because)
    with app.app_context():
        article = db.session.get(Article, article_id)
        assert article is not None and article.moderation == Standing.HELD
    assert watched_word_reports(app) == []


def test_admit_reports_a_post_with_a_word_to_flag_once(app: Flask, member: User) -> None:
    watch(app, "Mädchen", WordAction.FLAG)
    watch(app, "straße", WordAction.FLAG, whole_word=False)
    article_id = stored_article(app, member, "Das Maedchen.")
    with app.test_request_context(headers=EN):
        article = db.session.get(Article, article_id)
        author = db.session.get(User, member.id)
        assert article is not None and author is not None
        admission = screening.admit("article", article, author, [article.title, article.body])
        db.session.commit()
        assert not admission.held and admission.flagged_because
        # Edited again with another flagged word: the open report names both.
        screening.admit("article", article, author, ["MÄDCHEN in der Hauptstrasse"], new=False)
        db.session.commit()
    with app.app_context():
        article = db.session.get(Article, article_id)
        assert article is not None and article.moderation == Standing.VISIBLE
    (report,) = watched_word_reports(app)
    assert report.reporter_id is None and report.reason == Reason.OTHER
    assert (report.target_type, report.target_id) == ("article", article_id)
    assert report.target_label == "Ein Eintrag" and report.resolved_at is None
    assert names("Mädchen", report.note) and names("straße", report.note)


def test_a_moderators_post_is_never_held_but_still_flagged(app: Flask, make_user: Any) -> None:
    moderator = make_user(role=Role.MODERATOR)
    watch(app, "Scheiße", WordAction.HOLD)
    watch(app, "Mädchen", WordAction.FLAG)
    article_id = stored_article(app, moderator, "Scheisse, Maedchen")
    with app.test_request_context(headers=EN):
        article = db.session.get(Article, article_id)
        author = db.session.get(User, moderator.id)
        assert article is not None and author is not None
        admission = screening.admit("article", article, author, [article.body])
        db.session.commit()
        assert not admission.held
    assert len(watched_word_reports(app)) == 1


# --- block, hold and flag through the forms ----------------------------------------------------


ENTRY = {"title": "Shitstorm überstehen", "summary": "Was hilft.", "body": "Ruhig bleiben."}
EVENT = {
    "title": "Social-Media-Stammtisch Leipzig",
    "description": "Wir tauschen uns über Mastodon aus.",
    "format": "meetup",
    "starts_at": f"{NEXT_YEAR}-07-01T19:00",
    "ends_at": f"{NEXT_YEAR}-07-01T21:00",
    "timezone": "Europe/Berlin",
    "attendance_mode": "in_person",
    "venue_name": "Stadtbibliothek",
    "venue_city": "Leipzig",
    "land": "SN",
    "is_free": "y",
    "language": "de",
    "topics": ["strategie"],
}
CASE = {
    "title": "Mastodon in Musterstadt",
    "summary": "Die Stadt Musterstadt startet eine eigene Mastodon-Instanz.",
    "authority": "Stadt Musterstadt",
    "start_year": "2019",
    "running": "y",
    "topics": ["strategie"],
    "action": "continue",
}


@pytest.fixture
def article_id(app: Flask, make_user: Any) -> int:
    """A published entry to comment on, by someone else."""
    return stored_article(app, make_user(role=Role.MODERATOR), "Ein Text zum Kommentieren.")


def comment_url(article_id: int) -> str:
    return f"/community/article/{article_id}/comments"


def field_error(html: str, field_id: str) -> str:
    assert f'id="{field_id}-error"' in html, html[:3000]
    return html.split(f'id="{field_id}-error"', 1)[1].split("</p>", 1)[0]


@pytest.mark.parametrize(
    ("pattern", "whole_word", "text"),
    [
        ("Idiot", True, "Du Idiot"),
        ("Idiot", True, "DU IDIOT"),
        ("idiot", True, "du idiot"),
        ("Idiot", False, "Du Vollidiot"),
        ("Schei\u00dfe", True, "So eine Scheisse"),
        ("Scheisse", True, "So eine Schei\u00dfe"),
        ("Scheiße", True, "SO EINE SCHEISSE"),
        ("Mädchen", True, "Das Maedchen"),
        ("Ärger", True, "Nur AERGER"),
        ("straße", True, "Die STRASSE"),
    ],
)
def test_a_comment_with_a_blocked_word_is_refused_and_not_stored(
    app: Flask,
    client: Client,
    member: User,
    article_id: int,
    pattern: str,
    whole_word: bool,
    text: str,
) -> None:
    watch(app, pattern, WordAction.BLOCK, whole_word)
    login(client, member)
    response = client.post_form(
        comment_url(article_id), {"body": text, "submission_key": "k" * 32}, headers=EN
    )
    assert response.status_code == 422
    assert f"“{pattern}”" in field_error(response.get_data(as_text=True), "comment-body")
    assert count(app, Comment) == 0


def test_a_comment_without_one_is_published(
    app: Flask, client: Client, member: User, article_id: int
) -> None:
    watch(app, "Idiot", WordAction.BLOCK)
    login(client, member)
    response = client.post_form(
        comment_url(article_id), {"body": "Vollidiot ist ein anderes Wort."}, headers=EN
    )
    assert response.status_code == 303
    assert count(app, Comment) == 1


def test_a_blocked_comment_with_htmx_is_refused_next_to_the_field(
    app: Flask, client: Client, member: User, article_id: int
) -> None:
    watch(app, "Idiot", WordAction.BLOCK)
    login(client, member)
    response = client.htmx_post(comment_url(article_id), {"body": "Idiot"}, headers=EN)
    assert response.status_code == 422
    assert "“Idiot”" in response.get_data(as_text=True)
    assert count(app, Comment) == 0


def test_editing_a_comment_to_a_blocked_word_is_refused(
    app: Flask, client: Client, member: User, article_id: int
) -> None:
    login(client, member)
    assert client.post_form(comment_url(article_id), {"body": "Freundlich."}).status_code == 303
    watch(app, "Idiot", WordAction.BLOCK)
    with app.app_context():
        comment_id = db.session.scalar(select(Comment.id))
    response = client.post_form(f"/comments/{comment_id}/edit", {"body": "IDIOT"}, headers=EN)
    assert response.status_code == 422
    assert "“Idiot”" in field_error(response.get_data(as_text=True), "comment-body")
    with app.app_context():
        comment = db.session.get(Comment, comment_id)
        assert comment is not None and comment.body == "Freundlich."


@pytest.mark.parametrize("field", ["title", "summary", "body"])
def test_an_entry_with_a_blocked_word_is_refused_and_not_stored(
    app: Flask, client: Client, member: User, field: str
) -> None:
    watch(app, "Scheiße", WordAction.BLOCK)
    login(client, member)
    data = {**ENTRY, field: f"{ENTRY[field]} Scheisse", "action": "publish"}
    response = client.post_form("/articles/new", data, headers=EN)
    assert response.status_code == 422
    assert "“Scheiße”" in field_error(response.get_data(as_text=True), field)
    assert count(app, Article) == 0


def test_autosave_and_preview_refuse_a_blocked_word_as_saving_does(
    app: Flask, client: Client, member: User
) -> None:
    watch(app, "Idiot", WordAction.BLOCK)
    login(client, member)
    autosave = client.htmx_post(
        "/articles/autosave", {**ENTRY, "body": "Ein IDIOT schrieb das."}, headers=EN
    )
    assert autosave.status_code == 422
    assert "“Idiot”" in autosave.get_data(as_text=True)
    assert count(app, Article) == 0 and count(app, ArticleDraft) == 0
    preview = client.htmx_post("/articles/preview", {"body": "idiot"}, headers=EN)
    assert preview.status_code == 422 and "“Idiot”" in preview.get_data(as_text=True)
    no_js = client.post_form("/articles/new", {**ENTRY, "body": "Idiot", "action": "preview"})
    assert no_js.status_code == 422
    assert count(app, Article) == 0

    # Autosave of a stored draft keeps the stored text.
    saved = client.htmx_post("/articles/autosave", {**ENTRY, "title": "Mein Entwurf"})
    assert saved.status_code == 200
    with app.app_context():
        article = db.session.scalar(select(Article))
        assert article is not None
        slug, version = article.slug, article.version
    refused = client.htmx_post(
        "/articles/autosave",
        {**ENTRY, "title": "Mein Entwurf", "body": "Idiot", "draft_slug": slug, "version": version},
    )
    assert refused.status_code == 422
    with app.app_context():
        article = db.session.scalar(select(Article))
        assert article is not None and article.body == ENTRY["body"]
    assert count(app, ArticleDraft) == 0


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", "Stammtisch für Idioten"),
        ("description", "Nur für **IDIOTEN**."),
        ("venue_name", "Idiotenhaus"),
        ("organiser_name", "Idiot e. V."),
    ],
)
def test_an_event_with_a_blocked_word_is_refused_and_not_stored(
    app: Flask, client: Client, member: User, field: str, value: str
) -> None:
    watch(app, "Idiot", WordAction.BLOCK, whole_word=False)
    login(client, member)
    response = client.post_form("/events/new", {**EVENT, field: value}, headers=EN)
    assert response.status_code == 422
    assert "“Idiot”" in field_error(response.get_data(as_text=True), field)
    assert count(app, Event) == 0


def test_a_case_study_with_a_blocked_word_is_refused_in_every_section(
    app: Flask, client: Client, member: User
) -> None:
    watch(app, "Ärger", WordAction.BLOCK)
    login(client, member)
    response = client.post_form("/cases/new", {**CASE, "summary": "Viel AERGER."}, headers=EN)
    assert response.status_code == 422
    assert "“Ärger”" in field_error(response.get_data(as_text=True), "summary")
    assert count(app, CaseStudy) == 0

    created = client.post_form("/cases/new", CASE)
    assert created.status_code == 303
    slug = created.headers["Location"].split("/")[2]
    with app.app_context():
        case = db.session.scalar(select(CaseStudy))
        assert case is not None
        version = case.version
    for section, field in (
        ("goals", "approach"),
        ("experience", "lessons"),
        ("team", "team_note"),
        ("legal", "legal_notes"),
    ):
        response = client.post_form(
            f"/cases/{slug}/edit/{section}",
            {field: "Nur Ärger", "version": version, "action": "save"},
            headers=EN,
        )
        assert response.status_code == 422, section
        assert "“Ärger”" in field_error(response.get_data(as_text=True), field)
    with app.app_context():
        case = db.session.scalar(select(CaseStudy))
        assert case is not None
        assert "rger" not in f"{case.approach}{case.lessons}{case.team_note}{case.legal_notes}"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("display_name", "Straßen Idiot"),
        ("job_title", "Oberidiot"),
        ("bio", "Ich bin ein IDIOT."),
    ],
)
def test_a_profile_with_a_blocked_word_is_refused(
    app: Flask, client: Client, member: User, field: str, value: str
) -> None:
    watch(app, "idiot", WordAction.BLOCK, whole_word=False)
    login(client, member)
    data = {"display_name": "Mia Mitglied", "job_title": "", "bio": "", field: value}
    response = client.post_form("/account/profile", data, headers=EN)
    assert response.status_code == 422
    assert "“idiot”" in field_error(response.get_data(as_text=True), field)
    with app.app_context():
        user = db.session.get(User, member.id)
        assert user is not None
        assert (user.display_name, user.job_title, user.bio) == ("Mia Mitglied", "", "")


# Hold and flag through the forms: each post is stored, then kb.screening.admit decides
# (the calls in the features' save paths, beside the first-post hold).


def test_a_comment_with_a_word_to_hold_waits_and_one_to_flag_is_reported(
    app: Flask, client: Client, member: User, article_id: int
) -> None:
    watch(app, "Scheiße", WordAction.HOLD)
    watch(app, "Mädchen", WordAction.FLAG)
    login(client, member)
    assert client.post_form(comment_url(article_id), {"body": "SCHEISSE"}).status_code == 303
    assert client.post_form(comment_url(article_id), {"body": "Das Maedchen"}).status_code == 303
    with app.app_context():
        held, flagged = db.session.scalars(select(Comment).order_by(Comment.id)).all()
        assert held.moderation == Standing.HELD
        assert flagged.moderation == Standing.VISIBLE
        flagged_id = flagged.id
    (report,) = watched_word_reports(app)
    assert (report.target_type, report.target_id) == ("comment", flagged_id)
    assert report.reporter_id is None and names("Mädchen", report.note)


def test_an_entry_with_a_word_to_hold_waits_and_one_to_flag_is_reported(
    app: Flask, client: Client, member: User
) -> None:
    watch(app, "straße", WordAction.HOLD)
    watch(app, "Ärger", WordAction.FLAG)
    login(client, member)
    held = client.post_form("/articles/new", {**ENTRY, "body": "STRASSE", "action": "publish"})
    assert held.status_code == 303
    flagged = client.post_form(
        "/articles/new",
        {**ENTRY, "title": "Zweiter Eintrag", "body": "AERGER", "action": "publish"},
    )
    assert flagged.status_code == 303
    with app.app_context():
        first, second = db.session.scalars(select(Article).order_by(Article.id)).all()
        assert first.moderation == Standing.HELD
        assert second.moderation == Standing.VISIBLE
        second_id = second.id
    (report,) = watched_word_reports(app)
    assert (report.target_type, report.target_id) == ("article", second_id)
    assert names("Ärger", report.note)


def test_an_event_with_a_word_to_hold_waits_and_one_to_flag_is_reported(
    app: Flask, client: Client, member: User
) -> None:
    login(client, member)
    # An approved event before: the events' own first-event review is not what is tested.
    assert client.post_form("/events/new", EVENT).status_code == 303
    with app.app_context():
        approved = db.session.scalar(select(Event))
        assert approved is not None
        approved.review = Standing.VISIBLE
        db.session.commit()
    watch(app, "Idiot", WordAction.HOLD)
    watch(app, "Mädchen", WordAction.FLAG)
    held = client.post_form("/events/new", {**EVENT, "description": "Für IDIOTEN? Nein: Idiot."})
    assert held.status_code == 303
    later = {"starts_at": f"{NEXT_YEAR}-08-01T19:00", "ends_at": f"{NEXT_YEAR}-08-01T21:00"}
    flagged = client.post_form("/events/new", {**EVENT, "title": "Maedchen-Treff", **later})
    assert flagged.status_code == 303
    with app.app_context():
        _approved, first, second = db.session.scalars(select(Event).order_by(Event.id)).all()
        assert first.review == Standing.HELD
        assert second.review == Standing.VISIBLE
        second_id = second.id
    (report,) = watched_word_reports(app)
    assert (report.target_type, report.target_id) == ("event", second_id)
    assert names("Mädchen", report.note)


# The other sections of a complete case study, as a browser sends them.
CASE_SECTIONS: dict[str, dict[str, Any]] = {
    "team": {
        "team_fte": "1,5",
        "team_unit": "press_office",
        "team_note": "",
        "budget": "under_10k",
        "platforms": ["mastodon"],
    },
    "goals": {"goals": "Mehr Bürgernähe.", "approach": "Eine Instanz aufsetzen."},
    "results": {"results": "2.300 Follower.", "results_measured_on": "2024-03-31"},
    "experience": {
        "challenges": "",
        "success_conditions": "",
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


def publish_case(app: Flask, client: Client, **overview: Any) -> int:
    """A case study entered section by section and published, as its author does."""
    created = client.post_form("/cases/new", {**CASE, **overview})
    assert created.status_code == 303
    slug = created.headers["Location"].split("/")[2]
    for section, data in CASE_SECTIONS.items():
        with app.app_context():
            case = db.session.scalar(select(CaseStudy).where(CaseStudy.slug == slug))
            assert case is not None
            version = case.version
        saved = client.post_form(
            f"/cases/{slug}/edit/{section}", {**data, "version": version, "action": "save"}
        )
        assert saved.status_code == 303, saved.get_data(as_text=True)[:2000]
    assert client.post_form(f"/cases/{slug}/publish").status_code == 303
    with app.app_context():
        case = db.session.scalar(select(CaseStudy).where(CaseStudy.slug == slug))
        assert case is not None and case.is_published
        return case.id


def test_a_case_study_with_a_word_to_hold_waits_and_one_to_flag_is_reported(
    app: Flask, client: Client, member: User
) -> None:
    watch(app, "Scheiße", WordAction.HOLD)
    watch(app, "straße", WordAction.FLAG)
    login(client, member)
    held_id = publish_case(app, client, summary="Scheisse gelaufen.")
    flagged_id = publish_case(
        app, client, title="Die Strasse als Bühne", summary="Auf der STRASSE."
    )
    with app.app_context():
        held = db.session.get(CaseStudy, held_id)
        flagged = db.session.get(CaseStudy, flagged_id)
        assert held is not None and held.moderation == Standing.HELD
        assert flagged is not None and flagged.moderation == Standing.VISIBLE
    (report,) = watched_word_reports(app)
    assert (report.target_type, report.target_id) == ("case", flagged_id)
    assert names("straße", report.note)
