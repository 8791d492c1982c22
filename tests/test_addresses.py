"""The site's own address comes from KB_BASE_URL, never from the request (kb.addresses)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from kb.config import ConfigError
from tests.conftest import Client

BASE = "https://amtsnetz.example"
STRONG_KEY = "3f1c9a7e5b2d8046f1e3a5c7b9d0e2f4a6c8e0b1d3f5a7c9"
# What an attacker can put in a request: its own Host, and every forwarded header a
# proxy might pass on unchecked.
HOSTILE_HEADERS = [
    {},
    {"Host": "evil.example"},
    {"X-Forwarded-Host": "evil.example", "X-Forwarded-Port": "8443"},
    {"X-Forwarded-Prefix": "/evil", "X-Forwarded-Proto": "http"},
    {
        "Host": "evil.example:8080",
        "X-Forwarded-Host": "evil.example",
        "X-Forwarded-Proto": "http",
        "X-Forwarded-Prefix": "/evil",
        "Forwarded": "host=evil.example;proto=http",
    },
]


def test_the_mailed_reset_link_is_the_configured_address_whatever_the_request_says(
    app_factory: Any, make_user: Any, sent_mail: list[dict[str, str]]
) -> None:
    # Without CSRF: the attacker's own session would do, but the test client keeps
    # cookies per host, and a foreign Host would leave the session behind.
    app = app_factory(KB_BASE_URL=BASE, KB_TRUSTED_PROXIES=1, WTF_CSRF_ENABLED=False)
    for number, headers in enumerate(HOSTILE_HEADERS):
        user = make_user(email=f"anna{number}@stadt-beispiel.de")
        client: Client = app.test_client()  # type: ignore[assignment]
        response = client.post("/auth/forgot", data={"email": user.email}, headers=headers)
        response.close()
        assert response.status_code == 303, headers
    assert len(sent_mail) == len(HOSTILE_HEADERS)
    for mail in sent_mail:
        links = re.findall(r"\S+/auth/reset/\S+", mail["body"])
        assert len(links) == 1 and links[0].startswith(f"{BASE}/auth/reset/"), mail["body"]
        assert "evil" not in mail["body"]


ABSOLUTE_LINKS = [
    "/opensearch.xml",
    "/sitemap.xml",
    "/robots.txt",
    "/articles/feed.atom",
    "/cases/feed.atom",
    "/events/feed.atom",
    "/events.ics",
]


@pytest.mark.parametrize("url", ABSOLUTE_LINKS)
def test_absolute_links_in_feeds_and_files_are_the_configured_address(
    app_factory: Any, url: str
) -> None:
    """What may be cached and served to others never carries a request's host."""
    app = app_factory(KB_BASE_URL=BASE, KB_TRUSTED_PROXIES=1)
    client = app.test_client()
    for headers in HOSTILE_HEADERS:
        response = client.get(url, headers=headers)
        assert response.status_code == 200, (url, headers)
        body = response.get_data(as_text=True)
        assert BASE in body, (url, body[:300])
        assert "evil" not in body and "http://localhost" not in body, (url, headers)


def test_production_answers_only_its_own_hosts(app_factory: Any) -> None:
    app = app_factory(
        KB_ENV="production",
        SECRET_KEY=STRONG_KEY,
        KB_BASE_URL=BASE,
        KB_TRUSTED_HOSTS=("10.0.0.5", " "),
        KB_TRUSTED_PROXIES=1,
    )
    client = app.test_client()
    assert client.get("/healthz", headers={"Host": "amtsnetz.example"}).status_code == 200
    # The address a load balancer's health check uses, when configured.
    assert client.get("/healthz", headers={"Host": "10.0.0.5:8000"}).status_code == 200
    for host in ("evil.example", "amtsnetz.example.evil.example", "localhost"):
        response = client.get("/healthz", headers={"Host": host})
        assert response.status_code == 400, host
    # A forwarded host does not get a foreign Host in, nor the real one out.
    forwarded = client.get(
        "/healthz", headers={"Host": "amtsnetz.example", "X-Forwarded-Host": "evil.example"}
    )
    assert forwarded.status_code == 200


def test_production_refuses_to_start_without_a_valid_base_url(app_factory: Any) -> None:
    with pytest.raises(ConfigError, match="KB_BASE_URL is not set"):
        app_factory(KB_ENV="production", SECRET_KEY=STRONG_KEY)
    for value in (
        "amtsnetz.example",
        "ftp://amtsnetz.example",
        "https://",
        "https://user:pw@amtsnetz.example",
        "https://amtsnetz.example/?x=1",
        "https://amtsnetz.example:99999",
    ):
        with pytest.raises(ConfigError, match="KB_BASE_URL"):
            app_factory(KB_ENV="production", SECRET_KEY=STRONG_KEY, KB_BASE_URL=value)


def test_development_and_tests_have_a_local_default(app_factory: Any) -> None:
    assert app_factory(KB_ENV="development").config["KB_BASE_URL"] == "http://127.0.0.1:5000"
    assert app_factory().config["KB_BASE_URL"] == "http://localhost"


def test_a_base_url_with_a_path_serves_and_links_under_it(app_factory: Any) -> None:
    app = app_factory(KB_BASE_URL="https://www.stadt.example/amtsnetz/")
    assert app.config["KB_BASE_URL"] == "https://www.stadt.example/amtsnetz"
    client = app.test_client()
    # Whether the proxy strips the prefix or passes it on.
    for path in ("/amtsnetz/articles/", "/articles/"):
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.get_data(as_text=True)
        assert 'href="/amtsnetz/static/' in html and 'href="/amtsnetz/events/' in html
    feed = client.get("/amtsnetz/articles/feed.atom").get_data(as_text=True)
    assert "https://www.stadt.example/amtsnetz/articles/" in feed


def test_production_refuses_weak_secret_keys(app_factory: Any) -> None:
    for key in (
        "test-secret",
        "x" * 64,
        "my-super-secret-key-for-amtsnetz-production",
        "changeme-changeme-changeme-changeme",
        "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5",  # 30 characters
    ):
        with pytest.raises(ConfigError, match="SECRET_KEY is too weak"):
            app_factory(KB_ENV="production", KB_BASE_URL=BASE, SECRET_KEY=key)
    assert app_factory(KB_ENV="production", KB_BASE_URL=BASE, SECRET_KEY=STRONG_KEY)
    # Development and tests keep their short keys.
    assert app_factory(KB_ENV="development", SECRET_KEY="dev")


def test_hsts_in_production_over_https_only(app_factory: Any) -> None:
    secure = app_factory(KB_ENV="production", KB_BASE_URL=BASE, SECRET_KEY=STRONG_KEY)
    response = secure.test_client().get("/healthz", base_url=BASE)
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"
    plain = app_factory(
        KB_ENV="production", KB_BASE_URL="http://intranet.example", SECRET_KEY=STRONG_KEY
    )
    assert (
        "Strict-Transport-Security"
        not in plain.test_client().get("/healthz", base_url="http://intranet.example").headers
    )
    development = app_factory(KB_ENV="development")
    assert "Strict-Transport-Security" not in development.test_client().get("/healthz").headers
