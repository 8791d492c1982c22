"""The data export holds the trust-and-safety tables too: the reports a member made, the
decisions about them, their appeals, notifications, the audit entries about them and the
watched words they created, and the account's own standing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Flask

from kb.accounts.service import EXPORT_VERSION
from kb.extensions import db
from kb.users import Role, User
from tests.conftest import Auth, Client
from tests.test_registry import make_rows_of_every_kind

EN = {"Accept-Language": "en"}


def test_the_export_has_a_section_for_each_trust_and_safety_table(
    app: Flask, client: Client, auth: Auth, make_user: Any
) -> None:
    member = make_user(role=Role.MODERATOR)
    other = make_user()
    with app.app_context():
        make_rows_of_every_kind(member.id, other.id)
    auth.login(member.email)

    export = client.get("/account/export").get_json()

    assert export["version"] == EXPORT_VERSION
    assert [(row["reason"], row["title"]) for row in export["reports"]] == [("spam", "Versteckt")]
    assert [row["kind"] for row in export["notifications"]] == ["test"]
    assert [row["data"] for row in export["notifications"]] == [{"title": "Hallo"}]
    assert [row["facts"] for row in export["moderation_decisions_about_me"]] == ["Beleidigung"]
    assert [row["statement"] for row in export["appeals"]] == ["Das war keine Beleidigung."]
    assert [row["action"] for row in export["actions_about_me"]] == ["admin.role"]
    assert [(row["pattern"], row["action"]) for row in export["watched_words"]] == [
        ("wort", "hold")
    ]
    # The member also took these as a moderator.
    assert export["moderation_decisions_taken"] and export["appeals_decided"]
    assert export["actions_taken"]


def test_the_export_says_how_the_account_stands(
    app: Flask, client: Client, auth: Auth, make_user: Any
) -> None:
    member = make_user()
    auth.login(member.email)
    account = client.get("/account/export").get_json()["account"]
    assert account["suspended_at"] is None and account["suspended_until"] is None
    assert account["profile_moderation"] == "visible"
    assert "trusted_at" in account

    with app.app_context():
        user = db.session.get(User, member.id)
        assert user is not None
        user.trusted_at = user.created_at + timedelta(days=1)
        db.session.commit()
    account = client.get("/account/export").get_json()["account"]
    assert account["trusted_at"].startswith(str((member.created_at + timedelta(days=1)).date()))


def test_every_account_page_offers_the_download(client: Client, auth: Auth, make_user: Any) -> None:
    auth.login(make_user().email)
    for path in ("/account/profile", "/account/password", "/account/delete"):
        html = client.get(path, headers=EN).get_data(as_text=True)
        assert 'href="/account/export" download' in html, path
    response = client.get("/account/export")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    assert response.headers["Cache-Control"] == "no-store"
