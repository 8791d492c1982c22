"""A suspended member contests the suspension from the login page (DSA Art. 20): they
cannot log in, so the form carries a signed token in place of a session."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select, update

from kb.audit import AuditEntry
from kb.extensions import db
from kb.moderation import suspension_appeals
from kb.moderation.models import Appeal, Decision
from kb.users import Role, User
from tests.conftest import PASSWORD, Auth, Client

EN = {"Accept-Language": "en"}


@pytest.fixture
def moderator(make_user: Any) -> User:
    return make_user(display_name="Mona Moderatorin", role=Role.MODERATOR)


@pytest.fixture
def author(make_user: Any) -> User:
    return make_user(display_name="Arne Autor")


def suspend(client: Client, auth: Auth, moderator: User, author: User) -> None:
    assert auth.login(moderator.email).status_code == 303
    answer = client.post_form(
        f"/moderation/users/{author.id}/suspend",
        {"ground": "spam", "facts": "Nur Werbung für ein Seminar.", "duration": "permanent"},
    )
    assert answer.status_code == 303
    auth.logout()


def login_page(client: Client, author: User) -> str:
    answer = client.post_form(
        "/auth/login", {"email": author.email, "password": PASSWORD}, headers=EN
    )
    assert answer.status_code == 403
    return answer.get_data(as_text=True)


def token_in(page: str) -> str:
    found = re.search(r'name="token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="token"', page)
    assert found, "no appeal form on the page"
    return found.group(1) or found.group(2)


def appeals(app: Flask) -> list[tuple[int, int, str]]:
    with app.app_context():
        return [
            (appeal.appellant_id, appeal.decision_id, appeal.statement)
            for appeal in db.session.scalars(select(Appeal))
        ]


def appeal(client: Client, token: str, statement: str) -> Any:
    return client.post_form(
        "/moderation/suspension-appeal", {"token": token, "statement": statement}, headers=EN
    )


def test_a_suspended_member_appeals_from_the_login_page_and_reads_the_outcome(
    app: Flask, client: Client, auth: Auth, moderator: User, author: User, make_user: Any
) -> None:
    suspend(client, auth, moderator, author)
    page = login_page(client, author)
    assert "Contest the suspension" in page
    sent = appeal(client, token_in(page), "Es war eine Einladung zu einer Fachtagung.")
    assert sent.status_code == 303 and sent.headers["Location"].endswith("/auth/login")
    with app.app_context():
        decision_id = db.session.scalars(select(Decision.id)).one()
        assert [entry.action for entry in db.session.scalars(select(AuditEntry))][-1] == (
            "moderation.appeal"
        )
    assert appeals(app) == [(author.id, decision_id, "Es war eine Einladung zu einer Fachtagung.")]

    # The login page now says where the appeal stands, and offers no second form.
    waiting = login_page(client, author)
    assert "The appeal waits for a moderator" in waiting
    assert 'name="token"' not in waiting

    # Another moderator upholds it; the member reads the outcome on the login page.
    other = make_user(role=Role.MODERATOR)
    assert auth.login(other.email).status_code == 303
    with app.app_context():
        appeal_id = db.session.scalars(select(Appeal.id)).one()
    decided = client.post_form(
        f"/moderation/appeals/{appeal_id}/decide",
        {"outcome": "upheld", "note": "Die Einladung war eine Verkaufsveranstaltung."},
    )
    assert decided.status_code == 303
    auth.logout()
    outcome = login_page(client, author)
    assert "Outcome: upheld" in outcome
    assert "Die Einladung war eine Verkaufsveranstaltung." in outcome


def test_a_reversed_appeal_lets_the_member_in_again(
    app: Flask, client: Client, auth: Auth, moderator: User, author: User, make_user: Any
) -> None:
    suspend(client, auth, moderator, author)
    assert appeal(client, token_in(login_page(client, author)), "Bitte prüfen.").status_code == 303
    other = make_user(role=Role.MODERATOR)
    assert auth.login(other.email).status_code == 303
    queue = client.get("/moderation/", headers=EN).get_data(as_text=True)
    assert "Arne Autor contests the decision" in queue and "Bitte prüfen." in queue
    with app.app_context():
        appeal_id = db.session.scalars(select(Appeal.id)).one()
    client.post_form(
        f"/moderation/appeals/{appeal_id}/decide", {"outcome": "reversed", "note": "Irrtum."}
    )
    auth.logout()
    assert auth.login(author.email).status_code == 303


def test_an_empty_appeal_is_refused_next_to_the_field_and_stores_nothing(
    app: Flask, client: Client, auth: Auth, moderator: User, author: User
) -> None:
    suspend(client, auth, moderator, author)
    token = token_in(login_page(client, author))
    answer = appeal(client, token, "   ")
    page = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert "Please say why you contest the decision." in page
    assert token_in(page)  # the form is there again, ready to send
    assert appeals(app) == []


@pytest.mark.parametrize("case", ["forged", "expired", "password changed", "not suspended"])
def test_a_token_that_no_longer_stands_for_the_member_is_refused(
    app: Flask,
    client: Client,
    auth: Auth,
    moderator: User,
    author: User,
    case: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    suspend(client, auth, moderator, author)
    token = token_in(login_page(client, author))
    if case == "forged":
        token = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    elif case == "expired":
        monkeypatch.setattr(suspension_appeals, "TOKEN_MAX_AGE", -1)
    else:
        with app.app_context():
            values = (
                {"password_hash": "changed"}
                if case == "password changed"
                else {"suspended_at": None, "suspended_until": None}
            )
            db.session.execute(update(User).where(User.id == author.id).values(**values))
            db.session.commit()
    answer = appeal(client, token, "Bitte prüfen.")
    assert answer.status_code == 400
    assert "This form has expired" in answer.get_data(as_text=True)
    assert appeals(app) == []


def test_one_appeal_per_suspension_even_with_an_old_form(
    app: Flask, client: Client, auth: Auth, moderator: User, author: User
) -> None:
    suspend(client, auth, moderator, author)
    token = token_in(login_page(client, author))
    assert appeal(client, token, "Erstens.").status_code == 303
    again = appeal(client, token, "Zweitens.")
    assert again.status_code == 303
    assert [statement for _, _, statement in appeals(app)] == ["Erstens."]


def test_the_appeal_needs_the_csrf_token(
    app: Flask, client: Client, auth: Auth, moderator: User, author: User
) -> None:
    suspend(client, auth, moderator, author)
    token = token_in(login_page(client, author))
    answer = client.post(
        "/moderation/suspension-appeal", data={"token": token, "statement": "x"}, headers=EN
    )
    assert answer.status_code == 400
    assert appeals(app) == []
