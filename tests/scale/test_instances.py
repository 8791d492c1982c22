"""Two instances, one database, one Redis: what one instance does, the other knows at
once (sessions, rate limits, the anonymous page cache), and the client address is the
one the trusted proxy saw."""

from __future__ import annotations

import re
import uuid

import redis
from limits import parse

from kb import config

from .conftest import (
    DEVICES_MEMBER,
    LOGOUT_MEMBER,
    MEMBER,
    MODERATOR,
    PASSWORD,
    PASSWORD_MEMBER,
    REDIS_URL,
    Browser,
    Cluster,
    new_address,
    server,
)

PAGE_CACHE_PREFIX = config.defaults("instance")["KB_PAGE_CACHE_PREFIX"]
ENTRY_LINK = re.compile(r'href="(/articles/[a-z0-9-]+)"')


def login_limit() -> int:
    """Login attempts allowed per client address and window, as configured."""
    return parse(config.defaults("instance")["KB_LOGIN_IP_LIMIT"]).amount


def write_entry(browser: Browser, on: str, title: str) -> str:
    answer = browser.submit(
        on,
        "/articles/new",
        "/articles/new",
        title=title,
        summary="Geschrieben im Test mit zwei Instanzen.",
        body=f"Ein Absatz: {title}.\n",
        action="publish",
    )
    assert answer.status_code == 303, answer.status_code
    return re.sub(r"^https?://[^/]+", "", answer.headers["Location"])


def marker() -> str:
    return "Skalierung " + uuid.uuid4().hex[:12]


# --- sessions ---------------------------------------------------------------------------


def test_logged_in_on_a_acts_on_b(browser: Browser) -> None:
    browser.log_in("A", MEMBER)
    assert browser.logged_in("B")
    title = marker()
    path = write_entry(browser, "B", title)
    # The author reads it back on the other instance (a new member's entry waits for a
    # moderator, so only the author and the moderators see it yet).
    page = browser.get("A", path)
    assert page.status_code == 200 and title in page.text


def test_comment_through_b_after_login_on_a(make_browser: type[Browser], cluster: Cluster) -> None:
    moderator = make_browser(cluster)
    moderator.log_in("A", MODERATOR)
    path = write_entry(moderator, "A", marker())  # a moderator's entry is public at once
    member = make_browser(cluster)
    member.log_in("A", MEMBER)
    text = marker()
    page = member.get("B", path)
    form = next(
        f
        for f in server.forms(page.text)
        if f.action.startswith("/community/") and f.action.endswith("/comments")
    )
    answer = member.session.post(
        cluster.b.url(form.action),
        data={**form.fields, "body": f"Ein Kommentar: {text}"},
        headers=member.headers(None),
        allow_redirects=False,
        timeout=30,
    )
    assert answer.status_code == 303, answer.status_code
    assert text in member.get("A", path).text


def test_logout_on_a_ends_the_session_on_b(browser: Browser) -> None:
    browser.log_in("A", LOGOUT_MEMBER)
    stolen = browser.with_cookie(browser.cookie())  # a copy of the cookie, kept elsewhere
    assert stolen.logged_in("B")
    answer = browser.submit("A", "/", "/auth/logout")
    assert answer.status_code == 303
    assert not browser.logged_in("A")
    assert not stolen.logged_in("B")
    assert not stolen.logged_in("A")


def test_log_out_other_devices_on_a_ends_them_on_b(
    make_browser: type[Browser], cluster: Cluster
) -> None:
    phone, laptop = make_browser(cluster), make_browser(cluster)
    phone.log_in("B", DEVICES_MEMBER)
    laptop.log_in("A", DEVICES_MEMBER)
    assert phone.logged_in("B") and laptop.logged_in("B")
    answer = laptop.submit("A", "/account/password", "/account/sessions/end-others")
    assert answer.status_code == 303
    assert not phone.logged_in("B")
    assert not phone.logged_in("A")
    assert laptop.logged_in("B")  # this device stays


def test_password_change_on_a_ends_the_other_sessions_on_b(
    make_browser: type[Browser], cluster: Cluster
) -> None:
    phone, laptop = make_browser(cluster), make_browser(cluster)
    phone.log_in("B", PASSWORD_MEMBER)
    laptop.log_in("A", PASSWORD_MEMBER)
    new_password = "neues-pferd-batterie-heftklammer-" + uuid.uuid4().hex[:6]
    answer = laptop.submit(
        "A",
        "/account/password",
        "/account/password",
        current_password=PASSWORD,
        new_password=new_password,
        confirm=new_password,
    )
    assert answer.status_code == 303
    assert not phone.logged_in("B")
    assert laptop.logged_in("B")
    # The new password works on the other instance, the old one no longer.
    again = make_browser(cluster)
    again.log_in("B", PASSWORD_MEMBER, password=new_password)
    refused = make_browser(cluster).submit(
        "B", "/auth/login", "/auth/login", email=PASSWORD_MEMBER.email, password=PASSWORD
    )
    assert refused.status_code != 303


# --- what readers see ---------------------------------------------------------------------


def test_entry_written_through_a_appears_at_once_through_b(
    make_browser: type[Browser], cluster: Cluster
) -> None:
    anonymous, member = make_browser(cluster), make_browser(cluster)
    member.log_in("B", MEMBER)
    # Both readers have the list from B before the write: a page cache that missed the
    # write would now serve this copy.
    for reader in (anonymous, member):
        assert reader.get("B", "/articles/").status_code == 200
    before = anonymous.get("B", "/articles/")
    # The anonymous reader holds no session, so B answered from (and filled) the page
    # cache in the shared Redis.
    assert server.SESSION_COOKIE not in anonymous.session.cookies
    assert redis.Redis.from_url(REDIS_URL).keys(f"{PAGE_CACHE_PREFIX}*")
    writer = make_browser(cluster)
    writer.log_in("A", MODERATOR)
    title = marker()
    path = write_entry(writer, "A", title)
    assert title not in before.text
    for reader in (anonymous, member):
        listing = reader.get("B", "/articles/")
        assert listing.status_code == 200 and title in listing.text
        assert path in ENTRY_LINK.findall(listing.text)
        entry = reader.get("B", path)
        assert entry.status_code == 200 and title in entry.text
    assert server.SESSION_COOKIE not in anonymous.session.cookies


# --- rate limits and the client address -------------------------------------------------------


def failed_login(browser: Browser, on: str, forwarded_for: str | None = None) -> int:
    # A fresh address each time: the per-account limit must not be what answers.
    email = f"niemand-{uuid.uuid4().hex[:8]}@example.org"
    return browser.submit(
        on, "/auth/login", "/auth/login", forwarded_for, email=email, password="falsch-falsch"
    ).status_code


def exhaust_login_limit(browser: Browser, forwarded_for: str | None = None) -> list[int]:
    """Use up the login limit of one client address, alternating between A and B."""
    return [
        failed_login(browser, "AB"[attempt % 2], forwarded_for) for attempt in range(login_limit())
    ]


def test_login_limit_counts_across_both_instances(browser: Browser, cluster: Cluster) -> None:
    answers = exhaust_login_limit(browser)
    assert 429 not in answers
    # Each instance saw only half of the attempts; together they used up the limit.
    assert failed_login(browser, "A") == 429
    assert failed_login(browser, "B") == 429
    # Another client is not affected.
    assert failed_login(Browser(cluster), "B") != 429


def test_the_address_the_trusted_proxy_saw_counts_not_a_forged_one(
    browser: Browser, cluster: Cluster
) -> None:
    client = browser.address
    exhaust_login_limit(browser)
    assert failed_login(browser, "B") == 429
    # The client puts another address in front: the proxy appends the one it saw, and
    # only that one (the last, KB_TRUSTED_PROXIES=1) counts.
    assert failed_login(browser, "A", forwarded_for=f"{new_address()}, {client}") == 429
    assert failed_login(browser, "B", forwarded_for=f"{new_address()}, {client}") == 429
    # The same forged header from another real client (the proxy saw another address)
    # is that client's own count.
    assert failed_login(browser, "B", forwarded_for=f"{client}, {new_address()}") != 429
