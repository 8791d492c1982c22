"""Run the app as real gunicorn instances on 127.0.0.1, for the multi-instance tests
(tests/scale) and the soak (tests/bench/soak.py): a database of their own (a fresh
PostgreSQL database, created and dropped, or a SQLite file), migrated with
`flask db upgrade`, accounts seeded in one subprocess, instances started, restarted
and always stopped. Only 127.0.0.1 is contacted; every subprocess has a timeout.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import requests

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent.parent
_REPO_VENV_BIN = REPO_ROOT / ".venv" / "bin"
VENV_BIN = _REPO_VENV_BIN if _REPO_VENV_BIN.is_dir() else Path(sys.executable).parent
HOST = "127.0.0.1"
READY_TIMEOUT = 30.0
STOP_TIMEOUT = 15.0
SESSION_COOKIE = "amtsnetz_session"  # kb.config: SESSION_COOKIE_NAME


class SetupError(RuntimeError):
    """The servers or the database could not be set up."""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def app_env(
    database_url: str,
    instance: Path,
    *,
    redis_url: str | None = None,
    secret_key: str | None = None,
    extra: dict[str, str] | None = None,
) -> dict[str, str]:
    """The environment of every instance and every flask command: production mode,
    one secret key (a session signed by one instance must be valid on the others)."""
    env = dict(os.environ)
    for name in ("FLASK_APP", "FLASK_DEBUG", "FLASK_ENV", "REDIS_URL", "TEST_DATABASE_URL"):
        env.pop(name, None)
    env.update(
        DATABASE_URL=database_url,
        SECRET_KEY=secret_key or secrets.token_hex(32),
        KB_ENV="production",
        KB_BASE_URL="http://127.0.0.1",
        KB_INSTANCE_PATH=str(instance),
        PYTHONUNBUFFERED="1",
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    env.update(extra or {})
    return env


def run_flask(env: dict[str, str], *args: str, timeout: int = 300, stdin: str | None = None) -> str:
    cmd = [str(VENV_BIN / "flask"), "--app", "wsgi", *args]
    try:
        proc = subprocess.run(
            cmd,
            cwd=REPO_ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            input=stdin,
        )
    except subprocess.TimeoutExpired as exc:
        raise SetupError(f"timed out after {timeout} s: flask {' '.join(args)}") from exc
    if proc.returncode != 0:
        raise SetupError(f"flask {' '.join(args)} failed:\n{proc.stdout}{proc.stderr}")
    return proc.stdout


# --- databases ----------------------------------------------------------------------


def _sqlalchemy_url(url: str) -> str:
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


@contextmanager
def postgres_database(server_url: str, prefix: str) -> Iterator[str]:
    """A database of its own on the server of `server_url` (any database named there is
    only used to connect), dropped afterwards, whatever happens."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    url = make_url(_sqlalchemy_url(server_url))
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:
        admin.dispose()
        raise SetupError(f"PostgreSQL at {url.host}:{url.port or 5432}: {exc}") from exc
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def analyze(database_url: str) -> None:
    if not database_url.startswith("postgres"):
        return
    from sqlalchemy import create_engine, text

    engine = create_engine(_sqlalchemy_url(database_url), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text("ANALYZE"))
    finally:
        engine.dispose()


def redis_available(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_timeout=2).ping())
    except (redis.RedisError, OSError):
        return False


def flush_redis(url: str) -> None:
    import redis

    redis.Redis.from_url(url, socket_timeout=5).flushdb()


@dataclass(frozen=True)
class Account:
    email: str
    name: str
    password: str
    role: str = "member"


SEED_SCRIPT = """
import json, sys
from kb import create_app
from kb.accounts import service
from kb.extensions import db
from kb.users import Role
app = create_app()
with app.app_context():
    for account in json.load(sys.stdin):
        service.create_user(
            account["email"], account["password"], account["name"], role=Role(account["role"])
        )
    db.session.commit()
"""


def seed_accounts(env: dict[str, str], accounts: Sequence[Account], timeout: int = 300) -> None:
    """Create the accounts in one process (a `flask users create` each costs seconds)."""
    payload = json.dumps([a.__dict__ for a in accounts])
    try:
        proc = subprocess.run(
            [str(VENV_BIN / "python"), "-c", SEED_SCRIPT],
            cwd=REPO_ROOT,
            env=env,
            input=payload,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired as exc:
        raise SetupError("seeding the accounts timed out") from exc
    if proc.returncode != 0:
        raise SetupError(f"seeding the accounts failed:\n{proc.stdout}{proc.stderr}")


# --- gunicorn -------------------------------------------------------------------------


@dataclass
class Instance:
    """One gunicorn instance of wsgi:app on 127.0.0.1."""

    name: str
    env: dict[str, str]
    log: Path
    workers: int = 2
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def command(self) -> list[str]:
        return [
            str(VENV_BIN / "gunicorn"),
            "-w",
            str(self.workers),
            "-k",
            "sync",
            "--log-level",
            "warning",
            "-b",
            f"{HOST}:{self.port}",
            "wsgi:app",
        ]

    def start(self) -> None:
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(
                self.command(),
                cwd=REPO_ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def wait_ready(self, timeout: float = READY_TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc is not None and self.proc.poll() is not None:
                raise SetupError(f"{self.name} exited with {self.proc.returncode}:\n{self.tail()}")
            try:
                if requests.get(self.url("/livez"), timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise SetupError(f"{self.name} did not answer within {timeout:.0f} s:\n{self.tail()}")

    def tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self) -> None:
        """SIGTERM (gunicorn finishes the requests it holds), then SIGKILL."""
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=STOP_TIMEOUT)

    def restart(self) -> None:
        self.stop()
        self.start()
        self.wait_ready()


@contextmanager
def running(instances: Sequence[Instance]) -> Iterator[Sequence[Instance]]:
    try:
        for instance in instances:
            instance.start()
        for instance in instances:
            instance.wait_ready()
        yield instances
    finally:
        for instance in instances:
            instance.stop()


# --- HTML forms -------------------------------------------------------------------------


@dataclass
class Form:
    action: str
    method: str
    fields: dict[str, str]


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append(Form(a.get("action", ""), a.get("method", "get").lower(), {}))
        elif not self.forms:
            return
        elif tag == "input" and a.get("name"):
            kind = a.get("type", "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind in ("submit", "button", "image", "file"):
                return
            self.forms[-1].fields[a["name"]] = a.get("value", "on" if kind == "checkbox" else "")
        elif tag == "textarea" and a.get("name"):
            self._textarea = a["name"]
            self.forms[-1].fields[a["name"]] = ""
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
            self.forms[-1].fields.setdefault(a["name"], "")
        elif tag == "option" and self._select and ("selected" in a):
            self.forms[-1].fields[self._select] = a.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data: str) -> None:
        if self._textarea and self.forms:
            # The browser drops one newline right after <textarea>.
            current = self.forms[-1].fields[self._textarea]
            if not current and data.startswith("\n"):
                data = data[1:]
            self.forms[-1].fields[self._textarea] = current + data


def forms(html: str) -> list[Form]:
    parser = _FormParser()
    parser.feed(html)
    return parser.forms


def form_with(html: str, action_part: str) -> Form:
    """The first form whose action contains `action_part`."""
    for form in forms(html):
        if action_part in form.action:
            return form
    raise LookupError(f"no form with an action containing {action_part!r}")


def keep_cookies_on_http(jar: requests.cookies.RequestsCookieJar) -> None:
    """The app runs in production mode and marks its cookies Secure; the clients here
    speak plain HTTP to 127.0.0.1, as a TLS-terminating proxy in front of it would, so
    they must send them anyway (requests copies the jar per request: a cookie policy on
    the jar would not reach it)."""
    for cookie in jar:
        cookie.secure = False


class LoopbackSession(requests.Session):
    def __init__(self) -> None:
        super().__init__()
        self.trust_env = False  # never a proxy from the environment

    def send(self, request: requests.PreparedRequest, **kwargs: object) -> requests.Response:
        response = super().send(request, **kwargs)  # type: ignore[arg-type]
        keep_cookies_on_http(self.cookies)
        return response


def new_session() -> requests.Session:
    return LoopbackSession()
