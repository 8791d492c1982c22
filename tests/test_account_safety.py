"""Registration's honeypot, and suspended members: no login, sessions ended, told until
when and how to contest, and a password reset does not lift the suspension."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from kb.accounts.models import UserSession
from kb.extensions import db
from kb.timeutil import utcnow
from kb.users import User
from tests.conftest import PASSWORD, Auth, Client

EN = {"Accept-Language": "en"}


def users(app: Flask) -> int:
    with app.app_context():
        return int(db.session.scalar(select(func.count()).select_from(User)) or 0)


# --- the honeypot ------------------------------------------------------------------------


def test_the_honeypot_is_hidden_from_sight_and_tab_order_but_labelled(client: Client) -> None:
    html = client.get("/auth/register", headers=EN).get_data(as_text=True)
    hidden = re.search(r'<div class="kern-sr-only">(.*?)</div>', html, re.S)
    assert hidden is not None
    field = re.search(r"<input[^>]*>", hidden.group(1))
    assert field is not None
    assert 'name="website"' in field.group(0)
    assert 'tabindex="-1"' in field.group(0) and 'autocomplete="off"' in field.group(0)
    assert '<label for="website">Leave this field empty' in hidden.group(1)


def test_a_filled_honeypot_stores_nothing_and_says_not_why(app: Flask, client: Client) -> None:
    data = {
        "email": "roboter@stadt-beispiel.de",
        "display_name": "Robo Ter",
        "password": PASSWORD,
        "website": "https://spam.example",
    }
    response = client.post_form("/auth/register", data, headers=EN)

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "The account could not be created. Please try again." in html
    assert "honeypot" not in html.lower() and "spam.example" not in html
    assert PASSWORD not in html
    assert users(app) == 0
    assert client.get("/account/profile").status_code == 302  # not logged in


def test_an_empty_honeypot_registers_as_before(app: Flask, client: Client) -> None:
    data = {
        "email": "mensch@stadt-beispiel.de",
        "display_name": "Anna Mensch",
        "password": PASSWORD,
        "website": "",
    }
    assert client.post_form("/auth/register", data).status_code == 303
    assert users(app) == 1


# --- suspended members ---------------------------------------------------------------------


def suspend(app: Flask, user_id: int, until: datetime | None) -> None:
    with app.app_context():
        user = db.session.get(User, user_id)
        assert user is not None
        user.suspended_at = utcnow()
        user.suspended_until = until
        db.session.commit()


@pytest.mark.parametrize(
    ("days", "said"),
    [(7, "Your account is suspended until"), (None, "Your account is suspended for good.")],
)
def test_a_suspended_member_is_told_until_when_and_how_to_contest(
    app: Flask, client: Client, auth: Auth, make_user: Any, days: int | None, said: str
) -> None:
    member = make_user()
    until = utcnow() + timedelta(days=days) if days else None
    suspend(app, member.id, until)

    response = auth.login(member.email, headers=EN)

    assert response.status_code == 403
    html = response.get_data(as_text=True)
    assert said in html
    if until is not None:
        assert str(until.year) in html
    # Without a recorded decision there is no appeal form; the page says whom to write to.
    assert "write to us from the address of your account" in html and 'href="/impressum"' in html
    assert client.get("/account/profile").status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(UserSession)) == 0


def test_the_contact_for_contesting_is_the_imprints_address(
    app: Flask, client: Client, auth: Auth, make_user: Any
) -> None:
    app.config["KB_IMPRINT_EMAIL"] = "moderation@amtsnetz.example"
    member = make_user()
    suspend(app, member.id, None)
    html = auth.login(member.email, headers=EN).get_data(as_text=True)
    assert 'href="mailto:moderation@amtsnetz.example"' in html


def test_a_wrong_password_does_not_reveal_a_suspension(
    app: Flask, auth: Auth, make_user: Any
) -> None:
    member = make_user()
    suspend(app, member.id, None)
    response = auth.login(member.email, "falsches-passwort", headers=EN)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "The e-mail address or the password is wrong." in html
    assert "suspended" not in html


def test_an_ended_suspension_lets_the_member_in_again(
    app: Flask, client: Client, auth: Auth, make_user: Any
) -> None:
    member = make_user()
    suspend(app, member.id, utcnow() - timedelta(minutes=1))
    assert auth.login(member.email).status_code == 303
    assert client.get("/account/profile").status_code == 200


def test_suspension_ends_the_members_sessions_at_once(
    app: Flask, client: Client, auth: Auth, make_user: Any
) -> None:
    member = make_user()
    assert auth.login(member.email).status_code == 303
    assert client.get("/account/profile").status_code == 200

    suspend(app, member.id, utcnow() + timedelta(days=3))
    assert client.get("/account/profile").status_code == 302

    # When the suspension is over, the old login does not come back to life.
    with app.app_context():
        user = db.session.get(User, member.id)
        assert user is not None
        user.suspended_until = utcnow() - timedelta(seconds=1)
        db.session.commit()
    assert client.get("/account/profile").status_code == 302
    assert auth.login(member.email).status_code == 303
    assert client.get("/account/profile").status_code == 200


def test_a_password_reset_does_not_lift_a_suspension(
    app: Flask, client: Client, auth: Auth, make_user: Any, sent_mail: list[dict[str, str]]
) -> None:
    member = make_user()
    suspend(app, member.id, None)
    client.post_form("/auth/forgot", {"email": member.email}).close()  # then it mails
    (mail,) = sent_mail
    link = re.search(r"http://localhost(/auth/reset/\S+)", mail["body"])
    assert link is not None
    new_password = "ein-ganz-neues-passwort"
    response = client.post_form(
        link.group(1), {"new_password": new_password, "confirm": new_password}
    )
    assert response.status_code == 303

    refused = auth.login(member.email, new_password, headers=EN)
    assert refused.status_code == 403
    assert "Your account is suspended for good." in refused.get_data(as_text=True)
    with app.app_context():
        user = db.session.get(User, member.id)
        assert user is not None and user.is_suspended
