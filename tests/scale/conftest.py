"""Two gunicorn instances of the app on one PostgreSQL database and one Redis, for the
multi-instance tests (`make test-scale`; not part of `make test`).

SCALE_DATABASE_URL names the PostgreSQL server (a database of its own is created there
and dropped afterwards; default: postgres@127.0.0.1:5432); SCALE_REDIS_URL the Redis
database, flushed before and after (default: redis://127.0.0.1:6379/9). Without them the
tests are skipped, and fail when CI=true.
"""

from __future__ import annotations

import os
import secrets
import sys
import uuid
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import server

PG_URL = os.environ.get(
    "SCALE_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
REDIS_URL = os.environ.get("SCALE_REDIS_URL", "redis://127.0.0.1:6379/9")
PASSWORD = "korrekt-pferd-batterie-heftklammer"
MEMBER = server.Account("scale.member@example.org", "Scale Mitglied", PASSWORD)
MODERATOR = server.Account("scale.moderator@example.org", "Scale Moderation", PASSWORD, "moderator")
# Each session test ends sessions of an account of its own.
LOGOUT_MEMBER = server.Account("scale.logout@example.org", "Scale Abmeldung", PASSWORD)
DEVICES_MEMBER = server.Account("scale.devices@example.org", "Scale Geraete", PASSWORD)
PASSWORD_MEMBER = server.Account("scale.password@example.org", "Scale Kennwort", PASSWORD)
ACCOUNTS = [MEMBER, MODERATOR, LOGOUT_MEMBER, DEVICES_MEMBER, PASSWORD_MEMBER]
# Behind one proxy: X-Forwarded-For's last address is the client's (kb.config).
TRUSTED_PROXIES = "1"


def unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"make test-scale needs {reason} in CI", pytrace=False)
    pytest.skip(f"needs {reason}")


@dataclass(frozen=True)
class Cluster:
    a: server.Instance
    b: server.Instance
    database_url: str


@pytest.fixture(scope="session")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    if not server.redis_available(REDIS_URL):
        unavailable(f"Redis at {REDIS_URL}")
    tmp = tmp_path_factory.mktemp("scale")
    with ExitStack() as cleanup:
        try:
            database_url = cleanup.enter_context(server.postgres_database(PG_URL, "amtsnetz_scale"))
        except server.SetupError as exc:
            unavailable(f"PostgreSQL ({exc})")
        server.flush_redis(REDIS_URL)
        cleanup.callback(server.flush_redis, REDIS_URL)
        env = server.app_env(
            database_url,
            tmp,
            redis_url=REDIS_URL,
            secret_key=secrets.token_hex(32),
            extra={"KB_TRUSTED_PROXIES": TRUSTED_PROXIES},
        )
        server.run_flask(env, "db", "upgrade")
        server.seed_accounts(env, ACCOUNTS)
        a = server.Instance("A", env, tmp / "a.log")
        b = server.Instance("B", env, tmp / "b.log")
        with server.running([a, b]):
            yield Cluster(a, b, database_url)
            for instance in (a, b):
                assert "Traceback" not in instance.log.read_text(errors="replace"), instance.tail()


class Browser:
    """One browser (one cookie jar) behind the proxy, at its own client address; it
    may speak to either instance."""

    def __init__(self, cluster: Cluster, address: str | None = None) -> None:
        self.cluster = cluster
        self.session = server.new_session()
        self.address = address or new_address()

    def instance(self, name: str) -> server.Instance:
        return {"A": self.cluster.a, "B": self.cluster.b}[name]

    def headers(self, forwarded_for: str | None) -> dict[str, str]:
        return {"X-Forwarded-For": forwarded_for or self.address}

    def get(self, on: str, path: str, forwarded_for: str | None = None) -> requests.Response:
        return self.session.get(
            self.instance(on).url(path),
            headers=self.headers(forwarded_for),
            allow_redirects=False,
            timeout=30,
        )

    def submit(
        self,
        on: str,
        page: str,
        form_action: str,
        forwarded_for: str | None = None,
        **fields: str,
    ) -> requests.Response:
        """Read the form (and its CSRF token) from `page`, fill it in, post it."""
        form_page = self.get(on, page, forwarded_for)
        assert form_page.status_code == 200, (page, form_page.status_code)
        form = server.form_with(form_page.text, form_action)
        form.fields.update(fields)
        return self.session.post(
            self.instance(on).url(form.action),
            data=form.fields,
            headers=self.headers(forwarded_for),
            allow_redirects=False,
            timeout=30,
        )

    def log_in(self, on: str, account: server.Account, password: str | None = None) -> None:
        answer = self.submit(
            on, "/auth/login", "/auth/login", email=account.email, password=password or PASSWORD
        )
        assert answer.status_code == 303, answer.status_code

    def logged_in(self, on: str) -> bool:
        """Only a logged-in member may open the form for a new entry."""
        status = self.get(on, "/articles/new").status_code
        assert status in (200, 302, 303), status
        return status == 200

    def cookie(self) -> str:
        return self.session.cookies[server.SESSION_COOKIE]

    def with_cookie(self, value: str) -> Browser:
        """Another browser holding a copy of this one's session cookie."""
        other = Browser(self.cluster, self.address)
        other.session.cookies.set(server.SESSION_COOKIE, value, domain=server.HOST, path="/")
        return other


def new_address() -> str:
    number = uuid.uuid4().int
    return f"10.{number % 250 + 1}.{(number >> 8) % 250 + 1}.{(number >> 16) % 250 + 1}"


@pytest.fixture
def browser(cluster: Cluster) -> Browser:
    return Browser(cluster)


@pytest.fixture
def make_browser(cluster: Cluster) -> type[Browser]:
    return Browser
