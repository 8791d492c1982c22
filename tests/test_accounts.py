from __future__ import annotations

import re
from typing import Any

import pytest
from argon2 import PasswordHasher
from flask import Flask
from sqlalchemy import func, select

from kb.accounts import passwords
from kb.accounts.models import UserSession
from kb.extensions import db
from kb.users import User
from tests.conftest import PASSWORD, Auth, Client, without_csrf_tokens


def count(app: Flask, model: Any) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def get_user(app: Flask, email: str) -> User | None:
    with app.app_context():
        return db.session.scalar(select(User).where(User.email == email))


def register(client: Client, **fields: str) -> Any:
    data = {"email": "neu@stadt-beispiel.de", "password": PASSWORD, "display_name": "Anna Neu"}
    data.update(fields)
    return client.post_form("/auth/register", data)


# --- registration ------------------------------------------------------------------


def test_register_creates_account_and_logs_in(app: Flask, client: Client) -> None:
    response = register(client, email="Anna.Neu@Stadt-Beispiel.de")
    assert response.status_code == 303
    assert response.headers["Location"] == "/account/profile"
    user = get_user(app, "anna.neu@stadt-beispiel.de")
    assert user is not None and user.name == "anna-neu"
    assert user.password_hash.startswith("$argon2id$")
    page = client.get("/").get_data(as_text=True)
    assert "Anna Neu" in page and "/auth/logout" in page


@pytest.mark.parametrize(
    ("fields", "field", "german", "english"),
    [
        ({"email": ""}, "email", "Bitte geben Sie Ihre E-Mail-Adresse ein", "Please enter your"),
        ({"email": "kein-at-zeichen"}, "email", "gültige E-Mail-Adresse", "valid e-mail address"),
        ({"password": "kurz1"}, "password", "mindestens 8 Zeichen", "at least 8 characters"),
        ({"password": "password123"}, "password", "häufigsten", "most common"),
        ({"password": "passwort"}, "password", "häufigsten", "most common"),
        ({"password": "aaaaaaaaaaaa"}, "password", "zu leicht zu erraten", "too easy to guess"),
        ({"display_name": ""}, "display_name", "Namen ein", "name others will see"),
    ],
)
def test_register_rejects_bad_input_next_to_the_field(
    app: Flask, client: Client, fields: dict[str, str], field: str, german: str, english: str
) -> None:
    for language, expected in (("de", german), ("en", english)):
        response = client.post_form(
            "/auth/register",
            {"email": "anna@stadt-beispiel.de", "password": PASSWORD, "display_name": "Anna"}
            | fields,
            headers={"Accept-Language": language},
        )
        assert response.status_code == 422
        html = response.get_data(as_text=True)
        error = re.search(rf'id="{field}-error"[^>]*>(.*?)</p>', html, re.S)
        assert error, f"no error next to {field}"
        assert expected in error.group(1)
        assert f'aria-describedby="{field}-hint {field}-error"' in html or (
            f'aria-describedby="{field}-error"' in html
        )
    assert count(app, User) == 0


@pytest.mark.parametrize(
    "name",
    [
        "Anna Schmidt",  # the same
        "Anna Schrnidt",  # "rn" for "m"
        "\u0410nna Schmidt",  # Cyrillic capital A
        "Anna Schmidt".replace("a", "\u0430"),  # Cyrillic small a
        "ANNA SCHMIDT",  # case only
        "anna schmidt",
        "Anna  Schmidt",  # two spaces
        "\uff21nna Schmidt",  # fullwidth A (NFKC)
        "Anna Schmidt".replace("i", "\u0456"),  # Ukrainian i
    ],
)
def test_names_that_look_like_another_members_are_refused(
    app: Flask, client: Client, auth: Auth, make_user: Any, name: str
) -> None:
    make_user(display_name="Anna Schmidt")
    for language, expected in (("de", "eines anderen Mitglieds"), ("en", "another member")):
        response = client.post_form(
            "/auth/register",
            {"email": "neu@stadt-beispiel.de", "password": PASSWORD, "display_name": name},
            headers={"Accept-Language": language},
        )
        assert response.status_code == 422
        html = response.get_data(as_text=True)
        error = re.search(r'id="display_name-error"[^>]*>(.*?)</p>', html, re.S)
        assert error and expected in error.group(1)
        assert "anna-schmidt" not in html  # which member is not said
    assert count(app, User) == 1
    # Changing one's name later: the same rule.
    make_user(email="jonas@stadt-beispiel.de", display_name="Jonas Weber")
    auth.login("jonas@stadt-beispiel.de")
    response = client.post_form("/account/profile", {"display_name": name})
    assert response.status_code == 422
    assert 'id="display_name-error"' in response.get_data(as_text=True)
    assert get_user(app, "jonas@stadt-beispiel.de").display_name == "Jonas Weber"


def test_a_name_unlike_others_and_ones_own_name_are_accepted(
    app: Flask, client: Client, auth: Auth, make_user: Any
) -> None:
    make_user(display_name="Anna Schmidt")
    assert register(client, display_name="Anna Schmitt").status_code == 303
    user = get_user(app, "neu@stadt-beispiel.de")
    assert user is not None
    for own in ("Anna Schmitt", "ANNA SCHMITT", "Anna Schmitt-Berg"):
        response = client.post_form("/account/profile", {"display_name": own})
        assert response.status_code == 303, own
    assert get_user(app, "neu@stadt-beispiel.de").display_name == "Anna Schmitt-Berg"
    # The stored skeleton follows the name: the old one is free again.
    client.post_form("/auth/logout")
    assert (
        register(client, email="b@stadt-beispiel.de", display_name="Anna Schmitt").status_code
        == 303
    )


def test_register_keeps_input_but_not_the_password(client: Client) -> None:
    response = register(client, email="anna@stadt-beispiel.de", password="kurz")
    html = response.get_data(as_text=True)
    assert 'value="anna@stadt-beispiel.de"' in html
    assert 'value="Anna Neu"' in html
    assert 'value="kurz"' not in html


def test_register_refuses_a_known_address_in_any_case(
    app: Flask, client: Client, make_user: Any
) -> None:
    make_user(email="anna@stadt-beispiel.de")
    response = register(client, email="ANNA@stadt-beispiel.de")
    assert response.status_code == 422
    assert "bereits registriert" in response.get_data(as_text=True)
    assert count(app, User) == 1


@pytest.mark.parametrize(
    "name",
    [
        "Anna\u202eNeu",  # right-to-left override: displays as another name
        "Anna\u2066Neu\u2069",  # isolates
        "Anna\u200bNeu",  # zero-width space
        "Anna\u200dNeu",  # zero-width joiner
        "Anna\u00adNeu",  # soft hyphen
        "Anna\ufeffNeu",  # byte order mark
        "Anna\ue000Neu",  # private use
    ],
)
def test_display_names_refuse_invisible_and_direction_changing_characters(
    app: Flask, client: Client, auth: Auth, make_user: Any, name: str
) -> None:
    response = register(client, display_name=name)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="display_name-error"' in html and "unsichtbaren" in html
    assert count(app, User) == 0
    # The same rule when the name is changed later.
    user = make_user()
    auth.login(user.email)
    profile = client.post_form("/account/profile", {"display_name": name})
    assert profile.status_code == 422 and "unsichtbaren" in profile.get_data(as_text=True)


@pytest.mark.parametrize(
    "name",
    ["Jörg Müller-Lüdenscheidt", "Anna-Lena O’Brien", "Zoë Ñúñez", "李小龍", "Anna\u2028 Neu"],
)
def test_display_names_keep_every_visible_script(client: Client, name: str) -> None:
    assert register(client, display_name=name).status_code == 303


def test_register_refuses_password_equal_to_address(client: Client) -> None:
    response = register(client, email="anna.lang@stadt-beispiel.de", password="anna.lang")
    assert response.status_code == 422
    assert "nicht Ihre E-Mail-Adresse" in response.get_data(as_text=True)


def test_long_passphrase_is_accepted(app: Flask, client: Client) -> None:
    passphrase = "Im Rathaus riecht es montags nach Filterkaffee und Druckerpapier " * 4
    assert register(client, password=passphrase).status_code == 303
    assert get_user(app, "neu@stadt-beispiel.de") is not None


def test_profile_names_are_unique_and_transliterated(app: Flask, client: Client) -> None:
    register(client, email="a@stadt-beispiel.de", display_name="Jürgen Groß")
    client.post_form("/auth/logout")
    # The same name would be refused (it looks like the first); a full stop is enough.
    register(client, email="b@stadt-beispiel.de", display_name="Jürgen Groß.")
    assert get_user(app, "a@stadt-beispiel.de").name == "juergen-gross"
    assert get_user(app, "b@stadt-beispiel.de").name == "juergen-gross-2"


# --- inline validation (htmx) ------------------------------------------------------


def test_inline_check_reports_a_malformed_address(client: Client) -> None:
    response = client.htmx_post("/auth/register/check/email", {"email": "kein-at-zeichen"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "<html" not in html
    assert html.lstrip().startswith('<div class="kern-form-input kern-form-input--error"')
    assert 'id="email-field"' in html
    assert "gültige E-Mail-Adresse" in html
    # The message is announced through the permanent live region, swapped out of band.
    assert (
        '<div id="live-region" class="live-region" role="status" hx-swap-oob="innerHTML">' in html
    )
    assert "Vary" in response.headers and "HX-Request" in response.headers["Vary"]


def test_inline_check_never_tells_whether_an_address_is_registered(
    client: Client, make_user: Any
) -> None:
    make_user(email="anna@stadt-beispiel.de")
    known = client.htmx_post("/auth/register/check/email", {"email": "anna@stadt-beispiel.de"})
    unknown = client.htmx_post("/auth/register/check/email", {"email": "anke@stadt-beispiel.de"})
    assert known.status_code == unknown.status_code == 200
    known_html = known.get_data(as_text=True)
    assert "bereits registriert" not in known_html
    assert known_html.replace("anna@", "anke@") == unknown.get_data(as_text=True)


def test_inline_check_reports_password_strength(client: Client) -> None:
    response = client.htmx_post(
        "/auth/register/check/password",
        {"password": "Zwölf Möwen kreisen über dem Amtsgericht", "email": "a@b.de"},
    )
    assert response.status_code == 200
    assert "Passwortstärke: sehr stark" in response.get_data(as_text=True)


def test_inline_check_for_weak_password(client: Client) -> None:
    response = client.htmx_post("/auth/register/check/password", {"password": "123456789"})
    assert response.status_code == 422
    assert "häufigsten" in response.get_data(as_text=True)


def test_inline_check_for_unknown_field_is_404(client: Client) -> None:
    assert client.htmx_post("/auth/register/check/role", {"role": "admin"}).status_code == 404


def test_register_page_sends_token_in_htmx_header(client: Client) -> None:
    html = client.get("/auth/register").get_data(as_text=True)
    token = TOKEN_RE.search(html).group(1)
    assert f'hx-headers="{{&#34;X-CSRFToken&#34;: &#34;{token}&#34;}}"' in html


TOKEN_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


# --- login and logout ------------------------------------------------------------------


def test_login_and_logout(app: Flask, client: Client, auth: Auth, make_user: Any) -> None:
    user = make_user(display_name="Katrin Beispiel")
    response = auth.login(user.email)
    assert response.status_code == 303
    assert "Katrin Beispiel" in client.get("/").get_data(as_text=True)
    assert count(app, UserSession) == 1
    response = auth.logout()
    assert response.status_code == 303
    assert count(app, UserSession) == 0
    assert "Katrin Beispiel" not in client.get("/").get_data(as_text=True)


def test_login_is_case_insensitive_for_the_address(
    client: Client, auth: Auth, make_user: Any
) -> None:
    make_user(email="anna@stadt-beispiel.de")
    assert auth.login("  Anna@Stadt-Beispiel.DE ").status_code == 303


def test_logout_needs_post(client: Client) -> None:
    assert client.get("/auth/logout").status_code == 405


def test_unknown_address_and_wrong_password_answer_alike(
    client: Client, auth: Auth, make_user: Any
) -> None:
    make_user(email="anna@stadt-beispiel.de")
    wrong_password = auth.login("anna@stadt-beispiel.de", "falsches-passwort")
    unknown = auth.login("niemand@stadt-beispiel.de", "falsches-passwort")
    assert wrong_password.status_code == unknown.status_code == 422

    def normalised(response: Any, email: str) -> str:
        html = response.get_data(as_text=True).replace(email, "EMAIL")
        return TOKEN_RE.sub("TOKEN", html)

    assert normalised(wrong_password, "anna@stadt-beispiel.de") == normalised(
        unknown, "niemand@stadt-beispiel.de"
    )


def test_unknown_address_costs_a_password_check_too(
    client: Client, auth: Auth, make_user: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Timing: both answers run one argon2 verification."""
    make_user(email="anna@stadt-beispiel.de")
    calls: list[str] = []

    class CountingHasher(PasswordHasher):
        def verify(self, hash: str | bytes, password: str | bytes) -> bool:
            calls.append(str(hash))
            return super().verify(hash, password)

    monkeypatch.setattr(
        passwords, "hasher", lambda: CountingHasher(time_cost=1, memory_cost=8, parallelism=1)
    )
    auth.login("anna@stadt-beispiel.de", "falsches-passwort")
    auth.login("niemand@stadt-beispiel.de", "falsches-passwort")
    assert len(calls) == 2
    assert all(call.startswith("$argon2id$") for call in calls)


@pytest.mark.parametrize("existing", [True, False])
def test_sixth_wrong_login_within_a_minute_gets_429(
    client: Client, auth: Auth, make_user: Any, existing: bool
) -> None:
    if existing:
        make_user(email="anna@stadt-beispiel.de")
    for _attempt in range(5):
        assert auth.login("anna@stadt-beispiel.de", "falsch-falsch").status_code == 422
    response = auth.login("anna@stadt-beispiel.de", "falsch-falsch")
    assert response.status_code == 429
    assert 1 <= int(response.headers["Retry-After"]) <= 60
    assert "Zu viele" in response.get_data(as_text=True)
    # While blocked even the right password gets the same answer.
    assert auth.login("anna@stadt-beispiel.de", PASSWORD).status_code == 429
    # Another address is not affected.
    assert auth.login("jemand@stadt-beispiel.de", "falsch-falsch").status_code == 422


def test_block_ends_after_a_minute(
    app: Flask, client: Client, auth: Auth, make_user: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import timedelta

    from kb.accounts import auth as auth_module
    from kb.timeutil import utcnow

    make_user(email="anna@stadt-beispiel.de")
    for _attempt in range(6):
        auth.login("anna@stadt-beispiel.de", "falsch-falsch")
    later = utcnow() + timedelta(seconds=61)
    monkeypatch.setattr(auth_module, "utcnow", lambda: later)
    assert auth.login("anna@stadt-beispiel.de").status_code == 303


def test_client_address_limit_from_flask_limiter(app_factory: Any) -> None:
    from kb.extensions import limiter

    app = app_factory(KB_LOGIN_IP_LIMIT="3 per minute")
    limiter.reset()
    client = app.test_client()
    for number in range(3):
        response = client.post_form(
            "/auth/login", {"email": f"p{number}@stadt-beispiel.de", "password": "x-y-z-x-y-z"}
        )
        assert response.status_code == 422
    response = client.post_form(
        "/auth/login", {"email": "p9@stadt-beispiel.de", "password": "x-y-z-x-y-z"}
    )
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0
    assert "Zu viele Anfragen" in response.get_data(as_text=True)


def test_registration_is_rate_limited_per_address(app_factory: Any) -> None:
    from kb.extensions import limiter

    app = app_factory(KB_REGISTER_IP_LIMIT="2 per hour")
    limiter.reset()
    client = app.test_client()
    for number in range(2):
        client.post_form("/auth/register", {"email": f"r{number}@x.de"})
    response = client.post_form("/auth/register", {"email": "r3@x.de"})
    assert response.status_code == 429
    assert "Retry-After" in response.headers


@pytest.mark.parametrize(
    ("next_url", "expected"),
    [
        ("/users/anna", "/users/anna"),
        ("/account/profile?tab=1", "/account/profile?tab=1"),
        ("//evil.example", "/"),
        ("/\\evil.example", "/"),
        ("https:evil.example", "/"),
        ("https://evil.example/", "/"),
        ("javascript:alert(1)", "/"),
        ("/%09/evil.example", "/"),
        ("%2F%2Fevil.example", "/"),
        ("/%2F/evil.example", "/"),
    ],
)
def test_login_follows_next_only_to_this_site(
    client: Client, auth: Auth, make_user: Any, next_url: str, expected: str
) -> None:
    user = make_user()
    page = client.get("/auth/login", query_string={"next": next_url}).get_data(as_text=True)
    token = TOKEN_RE.search(page).group(1)
    hidden = re.search(r'id="next" name="next" type="hidden" value="([^"]*)"', page)
    response = client.post(
        "/auth/login",
        data={
            "csrf_token": token,
            "email": user.email,
            "password": PASSWORD,
            "next": hidden.group(1) if hidden else next_url,
        },
    )
    assert response.status_code == 303
    assert response.headers["Location"] == expected
    # Even a forged hidden field cannot send the user away.
    client.post_form("/auth/logout")
    response = client.post_form(
        "/auth/login", {"email": user.email, "password": PASSWORD, "next": next_url}
    )
    assert response.headers["Location"] == expected


# --- revocable sessions ------------------------------------------------------------------


def session_cookie(client: Client) -> str:
    cookie = client.get_cookie("amtsnetz_session")
    assert cookie is not None
    return cookie.value


def test_copied_cookie_is_worthless_after_logout(
    app: Flask, client: Client, auth: Auth, make_user: Any
) -> None:
    user = make_user()
    auth.login(user.email)
    stolen = session_cookie(client)
    auth.logout()
    thief = app.test_client()
    thief.set_cookie("amtsnetz_session", stolen)
    response = thief.get("/account/profile")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login")


def test_password_change_ends_other_sessions(
    app: Flask, client: Client, auth: Auth, make_user: Any
) -> None:
    user = make_user()
    other_device = app.test_client()
    Auth(other_device).login(user.email)
    auth.login(user.email)
    assert other_device.get("/account/profile").status_code == 200
    new_password = "neues-passwort-fuer-das-rathaus"
    response = client.post_form(
        "/account/password",
        {"current_password": PASSWORD, "new_password": new_password, "confirm": new_password},
    )
    assert response.status_code == 303
    assert other_device.get("/account/profile").status_code == 302
    assert client.get("/account/profile").status_code == 200
    client.post_form("/auth/logout")
    assert auth.login(user.email, PASSWORD).status_code == 422
    assert auth.login(user.email, new_password).status_code == 303


def test_log_out_on_every_other_device(
    app: Flask, client: Client, auth: Auth, make_user: Any
) -> None:
    """A lost phone: the member ends every other session; this one goes on."""
    user = make_user()
    phone, laptop = app.test_client(), app.test_client()
    Auth(phone).login(user.email)
    Auth(laptop).login(user.email)
    auth.login(user.email)
    page = client.get("/account/password", headers={"Accept-Language": "en"})
    assert "You are logged in on 3 devices (browsers)." in page.get_data(as_text=True)
    answer = client.post_form("/account/sessions/end-others")
    assert answer.status_code == 303
    assert phone.get("/account/profile").status_code == 302
    assert laptop.get("/account/profile").status_code == 302
    assert client.get("/account/profile").status_code == 200
    with app.app_context():
        count = db.session.scalar(
            select(func.count()).select_from(UserSession).where(UserSession.user_id == user.id)
        )
    assert count == 1
    page = client.get("/account/password", headers={"Accept-Language": "en"})
    assert "You are logged in on 1 device (browser)." in page.get_data(as_text=True)
    # Only for a member, and only with the form's token.
    anonymous: Client = app.test_client()  # type: ignore[assignment]
    refused = anonymous.post_form("/account/sessions/end-others")
    assert refused.status_code == 303 and "/auth/login" in refused.headers["Location"]
    assert client.post("/account/sessions/end-others").status_code == 400


def test_password_change_checks_current_password(
    client: Client, auth: Auth, make_user: Any
) -> None:
    user = make_user()
    auth.login(user.email)
    response = client.post_form(
        "/account/password",
        {"current_password": "falsch-falsch", "new_password": "a-b-c-d-e-f-g-h", "confirm": "x"},
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "stimmen nicht überein" in html


@pytest.mark.parametrize(
    ("path", "field", "extra"),
    [
        (
            "/account/password",
            "current_password",
            {"new_password": "ein-ganz-neues-passwort", "confirm": "ein-ganz-neues-passwort"},
        ),
        ("/account/delete", "password", {"contributions": "keep"}),
    ],
)
def test_forms_that_ask_for_the_password_are_throttled_like_the_login(
    app: Flask, client: Client, auth: Auth, make_user: Any, path: str, field: str, extra: Any
) -> None:
    """A session left open must not be a way to guess the password at speed: wrong
    passwords count with the login's failures for the same address."""
    user = make_user()
    assert auth.login(user.email).status_code == 303
    for _attempt in range(5):
        response = client.post_form(path, {field: "falsch-falsch", **extra})
        assert response.status_code == 422
    blocked = client.post_form(path, {field: PASSWORD, **extra})
    assert blocked.status_code == 429
    assert 1 <= int(blocked.headers["Retry-After"]) <= 60
    html = blocked.get_data(as_text=True)
    assert f'id="{field}-error"' in html and "Zu viele" in html
    # Nothing was changed, and the login of that address is blocked too.
    assert get_user(app, user.email) is not None
    assert Auth(app.test_client()).login(user.email).status_code == 429


def test_account_deletion_ends_sessions_and_removes_data(
    app: Flask, client: Client, auth: Auth, make_user: Any
) -> None:
    user = make_user()
    auth.login(user.email)
    stolen = session_cookie(client)
    assert (
        client.post_form(
            "/account/delete", {"password": "falsch", "contributions": "keep"}
        ).status_code
        == 422
    )
    assert get_user(app, user.email) is not None
    response = client.post_form("/account/delete", {"password": PASSWORD, "contributions": "keep"})
    assert response.status_code == 303
    assert get_user(app, user.email) is None
    assert count(app, UserSession) == 0
    thief = app.test_client()
    thief.set_cookie("amtsnetz_session", stolen)
    assert thief.get("/account/profile").status_code == 302


def test_export_contains_the_users_data(client: Client, auth: Auth, make_user: Any) -> None:
    user = make_user(job_title="Pressesprecherin")
    auth.login(user.email)
    response = client.get("/account/export")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    data = response.get_json()
    assert data["account"]["email"] == user.email
    assert data["account"]["job_title"] == "Pressesprecherin"
    assert len(data["sessions"]) == 1
    assert "password" not in response.get_data(as_text=True).replace("password_changed_at", "")


def test_login_rehashes_outdated_password_hash(app: Flask, auth: Auth, make_user: Any) -> None:
    user = make_user()
    weak = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1).hash(PASSWORD)
    with app.app_context():
        db.session.get(User, user.id).password_hash = weak
        db.session.commit()
    assert auth.login(user.email).status_code == 303
    stored = get_user(app, user.email).password_hash
    assert stored != weak
    with app.app_context():
        assert not passwords.needs_rehash(stored)


# --- forgotten password ---------------------------------------------------------------


def test_forgot_password_answers_alike_and_mails_a_single_use_link(
    app: Flask, client: Client, auth: Auth, make_user: Any, sent_mail: list[dict[str, str]]
) -> None:
    user = make_user(email="anna@stadt-beispiel.de")
    known = client.post_form("/auth/forgot", {"email": "anna@stadt-beispiel.de"})
    assert sent_mail == []  # not yet: the mail goes out once the answer has been sent
    known.close()
    unknown = client.post_form("/auth/forgot", {"email": "niemand@stadt-beispiel.de"})
    unknown.close()
    assert known.status_code == unknown.status_code == 303
    assert known.headers["Location"] == unknown.headers["Location"]
    assert len(sent_mail) == 1 and sent_mail[0]["to"] == "anna@stadt-beispiel.de"
    link = re.search(r"http://localhost(/auth/reset/\S+)", sent_mail[0]["body"]).group(1)

    # An open session on another device ends with the reset.
    other_device = app.test_client()
    Auth(other_device).login(user.email)

    assert client.get(link).status_code == 200
    new_password = "ein-ganz-neues-passwort"
    response = client.post_form(link, {"new_password": new_password, "confirm": new_password})
    assert response.status_code == 303
    assert client.get(link).status_code == 404
    assert other_device.get("/account/profile").status_code == 302
    assert auth.login(user.email, new_password).status_code == 303


def test_forgot_password_answers_alike_in_status_text_and_work(
    client: Client, make_user: Any, sent_mail: list[dict[str, str]], monkeypatch: Any
) -> None:
    """Nothing the client sees before the answer depends on the address: not the
    status, not the message, not even a database query (looked up after the answer)."""
    from kb.accounts import service

    make_user(email="anna@stadt-beispiel.de")
    lookups: list[str] = []
    find = service.find_user_by_email
    monkeypatch.setattr(service, "find_user_by_email", lambda e: lookups.append(e) or find(e))
    answers = []
    for email in ("anna@stadt-beispiel.de", "niemand@stadt-beispiel.de"):
        mails_before = len(sent_mail)
        response = client.post_form("/auth/forgot", {"email": email})
        assert lookups == [] and len(sent_mail) == mails_before  # nothing done yet
        answers.append((response.status_code, response.headers["Location"]))
        response.close()
        lookups.clear()
        page = client.get(response.headers["Location"]).get_data(as_text=True)
        answers.append(without_csrf_tokens(page))
    assert answers[0] == answers[2] == (303, "/auth/login")
    assert answers[1] == answers[3] and "Wenn es zu dieser Adresse ein Konto gibt" in answers[1]
    assert [mail["to"] for mail in sent_mail] == ["anna@stadt-beispiel.de"]


@pytest.mark.parametrize("email", ["anna@stadt-beispiel.de", "niemand@stadt-beispiel.de"])
def test_reset_requests_per_target_address_are_limited_whoever_asks(
    app_factory: Any, make_user: Any, sent_mail: list[dict[str, str]], email: str
) -> None:
    from kb.extensions import limiter

    app = app_factory(KB_FORGOT_ADDRESS_LIMIT="2 per hour")
    limiter.reset()
    make_user(email="anna@stadt-beispiel.de")
    statuses = []
    for number in range(3):
        # Each request from another client address: the per-client limit is not the one.
        client: Client = app.test_client()  # type: ignore[assignment]
        response = client.post_form(
            "/auth/forgot",
            {"email": email.upper() if number else email},
            environ_base={"REMOTE_ADDR": f"192.0.2.{number + 1}"},
        )
        response.close()
        statuses.append(response.status_code)
        if response.status_code == 429:
            assert 3000 < int(response.headers["Retry-After"]) <= 3600
            assert "Zu viele Anfragen" in response.get_data(as_text=True)
    assert statuses == [303, 303, 429]
    # Another address is not affected.
    other = app.test_client().post_form("/auth/forgot", {"email": "jonas@stadt-beispiel.de"})  # type: ignore[attr-defined]
    assert other.status_code == 303


def test_reset_requests_per_client_address_are_limited(app_factory: Any) -> None:
    from kb.extensions import limiter

    app = app_factory(KB_FORGOT_IP_LIMIT="3 per hour")
    limiter.reset()
    client: Client = app.test_client()  # type: ignore[assignment]
    for number in range(3):
        response = client.post_form("/auth/forgot", {"email": f"p{number}@stadt-beispiel.de"})
        assert response.status_code == 303
    response = client.post_form("/auth/forgot", {"email": "p9@stadt-beispiel.de"})
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0


def test_register_says_already_registered_only_when_all_else_is_valid(
    client: Client, make_user: Any
) -> None:
    """A stranger cannot test addresses with half-filled forms: the answer to an
    incomplete form is the same for known and unknown addresses."""
    make_user(email="anna@stadt-beispiel.de")
    pages = []
    for email in ("anna@stadt-beispiel.de", "anke@stadt-beispiel.de"):
        response = register(client, email=email, password="")
        assert response.status_code == 422
        html = response.get_data(as_text=True)
        assert "bereits registriert" not in html
        pages.append(re.sub(r'name="csrf_token" value="[^"]+"', "", html).replace(email, "@"))
    assert pages[0] == pages[1]


def test_register_limit_counts_every_post_per_client(app_factory: Any, make_user: Any) -> None:
    from kb.extensions import limiter

    app = app_factory(KB_REGISTER_IP_LIMIT="3 per hour")
    limiter.reset()
    make_user(email="anna@stadt-beispiel.de")
    client: Client = app.test_client()  # type: ignore[assignment]
    for _attempt in range(3):
        response = register(client, email="anna@stadt-beispiel.de")
        assert response.status_code == 422
        assert "bereits registriert" in response.get_data(as_text=True)
    response = register(client, email="anna@stadt-beispiel.de")
    assert response.status_code == 429
    assert 3000 < int(response.headers["Retry-After"]) <= 3600
    assert "bereits registriert" not in response.get_data(as_text=True)


def test_expired_reset_link_is_refused(
    client: Client, make_user: Any, sent_mail: list[dict[str, str]], monkeypatch: Any
) -> None:
    from datetime import timedelta

    from kb.accounts import service
    from kb.timeutil import utcnow

    make_user(email="anna@stadt-beispiel.de")
    client.post_form("/auth/forgot", {"email": "anna@stadt-beispiel.de"}).close()
    link = re.search(r"http://localhost(/auth/reset/\S+)", sent_mail[0]["body"]).group(1)
    later = utcnow() + timedelta(hours=1, seconds=1)
    monkeypatch.setattr(service, "utcnow", lambda: later)
    response = client.get(link)
    assert response.status_code == 404
    assert "nicht mehr gültig" in response.get_data(as_text=True)


def test_reset_with_made_up_token_is_404(client: Client) -> None:
    assert client.get("/auth/reset/ausgedacht").status_code == 404


# --- profiles -----------------------------------------------------------------------------


def test_profile_page_shows_public_fields(client: Client, make_user: Any) -> None:
    user = make_user(
        display_name="Jonas Weber", job_title="Online-Redakteur", bio="Zeile 1\n<b>fett</b>"
    )
    response = client.get(f"/users/{user.name}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Online-Redakteur" in html
    assert "&lt;b&gt;fett&lt;/b&gt;" in html
    assert user.email not in html


def test_unknown_profile_is_404(client: Client) -> None:
    response = client.get("/users/gibt-es-nicht")
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.get_data(as_text=True)


def test_edit_profile_without_javascript(
    app: Flask, client: Client, auth: Auth, make_user: Any
) -> None:
    user = make_user()
    auth.login(user.email)
    response = client.post_form(
        "/account/profile",
        {
            "display_name": "Anna Amt",
            "authority_text": "Stadt Musterstadt",
            "job_title": "",
            "bio": "",
        },
    )
    assert response.status_code == 303
    assert response.headers["Location"] == f"/users/{user.name}"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Stadt Musterstadt" in page and "Profil wurde gespeichert" in page


def test_edit_profile_with_htmx_swaps_the_form(client: Client, auth: Auth, make_user: Any) -> None:
    user = make_user()
    auth.login(user.email)
    response = client.htmx_post(
        "/account/profile", {"display_name": "Anna Amt", "job_title": "Referentin"}
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert html.lstrip().startswith('<form method="post" action="/account/profile"')
    assert 'value="Referentin"' in html
    assert "Profil wurde gespeichert" in html and 'hx-swap-oob="innerHTML"' in html


def test_edit_profile_errors_keep_input(client: Client, auth: Auth, make_user: Any) -> None:
    user = make_user()
    auth.login(user.email)
    response = client.htmx_post(
        "/account/profile", {"display_name": "A", "bio": "x" * 1001, "job_title": "Referentin"}
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="display_name-error"' in html and 'id="bio-error"' in html
    assert 'value="Referentin"' in html
    assert "autofocus" in html  # the error summary takes focus after the swap


def test_account_pages_need_login(client: Client) -> None:
    for path in ("/account/profile", "/account/password", "/account/delete", "/account/export"):
        response = client.get(path)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/auth/login?next=")


def test_limits_are_shared_between_workers_through_redis(app_factory: Any) -> None:
    """Two app instances (two gunicorn workers) count against one limit in Redis."""
    import os
    import uuid

    redis_url = os.environ.get("TEST_REDIS_URL")
    if not redis_url:
        if os.environ.get("CI") == "true":
            pytest.fail("TEST_REDIS_URL is not set in CI")
        pytest.skip("set TEST_REDIS_URL=redis://127.0.0.1:6379/15 to run")
    import redis

    from kb.extensions import limiter

    # A fresh key prefix keeps runs apart in a shared Redis.
    prefix = uuid.uuid4().hex
    limit = {
        "KB_LOGIN_IP_LIMIT": "2 per minute",
        "RATELIMIT_STORAGE_URI": redis_url,
        "RATELIMIT_KEY_PREFIX": prefix,
    }
    first, second = app_factory(**limit), app_factory(**limit)
    clients = [first.test_client(), second.test_client()]
    statuses = []
    for number, worker in enumerate(clients + clients):
        token = worker.csrf_token()
        response = worker.post(
            "/auth/login",
            data={"csrf_token": token, "email": f"w{number}@x.de", "password": "a-b-c-d-e-f"},
        )
        statuses.append(response.status_code)
    stored = redis.Redis.from_url(redis_url).keys(f"*{prefix}*")
    limiter.reset()
    assert statuses[:2] == [422, 422]
    assert 429 in statuses[2:]
    assert stored, "the counts are not in Redis"


def test_reset_limit_per_address_is_shared_through_redis_without_the_address(
    app_factory: Any, sent_mail: list[dict[str, str]]
) -> None:
    """Two workers count one target address together; Redis holds a hash, not the address."""
    import os
    import uuid

    redis_url = os.environ.get("TEST_REDIS_URL")
    if not redis_url:
        if os.environ.get("CI") == "true":
            pytest.fail("TEST_REDIS_URL is not set in CI")
        pytest.skip("set TEST_REDIS_URL=redis://127.0.0.1:6379/15 to run")
    import redis

    from kb.accounts.auth import token_digest
    from kb.extensions import limiter

    prefix = uuid.uuid4().hex
    limit = {
        "KB_FORGOT_ADDRESS_LIMIT": "2 per hour",
        "RATELIMIT_STORAGE_URI": redis_url,
        "RATELIMIT_KEY_PREFIX": prefix,
    }
    first, second = app_factory(**limit), app_factory(**limit)
    statuses = []
    for number, app in enumerate([first, second, first]):
        client = app.test_client()
        response = client.post(
            "/auth/forgot",
            data={"csrf_token": client.csrf_token(), "email": "anna@stadt-beispiel.de"},
            environ_base={"REMOTE_ADDR": f"198.51.100.{number + 1}"},
        )
        response.close()
        statuses.append(response.status_code)
    # Every key (the limiter is one object per process: its store may carry the prefix of
    # the app that set it up first).
    keys = [key.decode() for key in redis.Redis.from_url(redis_url).keys("*")]
    limiter.reset()
    assert statuses == [303, 303, 429]
    assert any(token_digest("anna@stadt-beispiel.de") in key for key in keys)
    assert not any("anna" in key or "stadt-beispiel" in key for key in keys)


def test_expired_sessions_end_and_are_tidied_up(
    app: Flask, client: Client, auth: Auth, make_user: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import timedelta

    from kb.accounts import auth as auth_module
    from kb.timeutil import utcnow

    user = make_user()
    auth.login(user.email)
    assert client.get("/account/profile").status_code == 200
    later = utcnow() + timedelta(days=15)
    monkeypatch.setattr(auth_module, "utcnow", lambda: later)
    assert client.get("/account/profile").status_code == 302  # expired after 14 days
    Auth(app.test_client()).login(user.email)
    assert count(app, UserSession) == 1  # the expired row went with the new login


def test_a_members_pages_set_no_cookie_once_logged_in(
    app: Flask, client: Client, auth: Auth, make_user: Any
) -> None:
    """The login lasts 14 days from its start (user_sessions.expires_at), so the cookie is
    written when it changes, not re-signed on every page (SESSION_REFRESH_EACH_REQUEST)."""
    user = make_user()
    login = auth.login(user.email)
    assert "amtsnetz_session=" in login.headers["Set-Cookie"]
    assert "Set-Cookie" in client.get("/").headers  # the welcome notice leaves the session
    for path in ("/", "/articles/", "/events/", "/account/profile"):
        answer = client.get(path)
        assert answer.status_code == 200 and "/auth/logout" in answer.get_data(as_text=True)
        assert "Set-Cookie" not in answer.headers, path


def test_control_characters_are_removed_from_text_input(
    app: Flask, client: Client, make_user: Any
) -> None:
    user = make_user()
    Auth(client).login(user.email)
    client.post_form(
        "/account/profile", {"display_name": "Anna\x00\x1b Amt\ufffe", "bio": "Zeile\x01\nZwei"}
    )
    stored = get_user(app, user.email)
    assert stored.display_name == "Anna Amt"
    assert stored.bio == "Zeile\nZwei"
