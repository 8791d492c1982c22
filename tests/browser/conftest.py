"""Fixtures for the browser suite: a throwaway app instance and headless Chromium.

Run with ``.venv/bin/pytest tests/browser``. Needs Debian's Chromium (/usr/bin/chromium,
override with CHROMIUM), java and the Nu checker jar (npm ``vnu-jar``, override with
VNU_JAR); ``.ci/install-browser-deps`` installs them. When one is missing the tests
skip, or fail when CI=true.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .helpers import (
    CHROMIUM_ARGS,
    DEMO_ADMIN_EMAIL,
    DEMO_PASSWORD,
    REPO_ROOT,
    chromium_executable,
    free_port,
    login,
    missing_tool,
    new_context,
)

SECRET_KEY = "browser-suite-secret-key-not-for-production-0123456789"
# Variables that would point the throwaway server at shared state.
_STRIPPED_ENV = ("REDIS_URL", "DATABASE_URL", "TEST_DATABASE_URL", "TEST_REDIS_URL", "FLASK_APP")


def _tail(path: Path, lines: int = 60) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


class AppServer:
    def __init__(
        self, base_url: str, log_path: Path, proc: subprocess.Popen[bytes], database: Path
    ) -> None:
        self.base_url = base_url
        self.log_path = log_path
        self.proc = proc
        # The server's SQLite file, for states no page can make (a suspended member).
        self.database = database
        # The page cache's key prefix in Redis (TEST_APP_REDIS_URL), or None.
        self.page_cache_prefix: str | None = None

    def log_tail(self, lines: int = 60) -> str:
        return _tail(self.log_path, lines)


@pytest.fixture(scope="session")
def app_server() -> Iterator[AppServer]:
    if not (REPO_ROOT / "wsgi.py").is_file():
        pytest.fail(f"no wsgi.py in {REPO_ROOT}: the app is missing", pytrace=False)
    with tempfile.TemporaryDirectory(prefix="amtsnetz-browser-") as tmp:
        tmpdir = Path(tmp)
        env = {k: v for k, v in os.environ.items() if k not in _STRIPPED_ENV}
        env.update(
            DATABASE_URL=f"sqlite:///{tmpdir / 'app.db'}",
            SECRET_KEY=SECRET_KEY,
            KB_ENV="development",
            RATELIMIT_ENABLED="0",
            PYTHONUNBUFFERED="1",
        )
        # CI runs the suite as the scale-out set-up does: page cache in Redis (REDIS_URL),
        # under a key prefix of this run's own.
        prefix = None
        if os.environ.get("TEST_APP_REDIS_URL"):
            prefix = f"amtsnetz-browser-{uuid.uuid4().hex[:12]}:"
            env.update(REDIS_URL=os.environ["TEST_APP_REDIS_URL"], KB_PAGE_CACHE_PREFIX=prefix)
        for step in (["db", "upgrade"], ["demo"]):
            cmd = [sys.executable, "-m", "flask", "--app", "wsgi", *step]
            proc = subprocess.run(
                cmd, cwd=REPO_ROOT, env=env, capture_output=True, text=True, check=False
            )
            if proc.returncode != 0:
                pytest.fail(
                    f"setup step {' '.join(cmd[2:])} failed (exit {proc.returncode}):\n"
                    f"{proc.stdout}\n{proc.stderr}",
                    pytrace=False,
                )

        port = free_port()
        base_url = f"http://127.0.0.1:{port}"
        env["KB_BASE_URL"] = base_url  # the address its absolute links carry
        log_path = tmpdir / "gunicorn.log"
        with log_path.open("wb") as log:
            server = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "-w",
                    "2",
                    "-b",
                    f"127.0.0.1:{port}",
                    "--access-logfile",
                    "-",
                    "wsgi:app",
                ],
                cwd=REPO_ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        try:
            _wait_healthy(base_url, server, log_path)
            running = AppServer(base_url, log_path, server, tmpdir / "app.db")
            running.page_cache_prefix = prefix
            yield running
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(timeout=5)


def _wait_healthy(base_url: str, server: subprocess.Popen[bytes], log_path: Path) -> None:
    deadline = time.monotonic() + 30
    last_error = ""
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(
                f"gunicorn exited with {server.returncode} before /healthz answered:\n"
                f"{_tail(log_path)}",
                pytrace=False,
            )
        try:
            with urllib.request.urlopen(f"{base_url}/healthz", timeout=2) as resp:
                if resp.status == 200:
                    return
                last_error = f"status {resp.status}"
        except urllib.error.HTTPError as exc:
            last_error = f"status {exc.code}"
        except OSError as exc:
            last_error = str(exc)
        time.sleep(0.2)
    pytest.fail(
        f"{base_url}/healthz did not answer 200 within 30 s ({last_error}):\n{_tail(log_path)}",
        pytrace=False,
    )


@pytest.fixture(scope="session")
def base_url(app_server: AppServer) -> str:
    return app_server.base_url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    executable = chromium_executable()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        missing_tool(f"the Python package playwright is not installed ({exc})")
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
    except Exception as exc:
        playwright.stop()
        missing_tool(f"Chromium at {executable} could not be launched: {exc}")
    try:
        yield browser
    finally:
        browser.close()
        playwright.stop()


@pytest.fixture(scope="session")
def admin_storage_state(browser: Any, base_url: str) -> dict[str, Any]:
    """Cookies of a logged-in demo admin, for pages registered with login=True."""
    context = new_context(browser, "de")
    try:
        page = context.new_page()
        login(page, base_url, DEMO_ADMIN_EMAIL, DEMO_PASSWORD)
        return context.storage_state()
    finally:
        context.close()


@pytest.fixture
def context_for(browser: Any) -> Iterator[Any]:
    """Makes browser contexts, with or without JavaScript, closed after the test."""
    contexts: list[Any] = []

    def make(js: bool = True, lang: str = "de") -> Any:
        context = new_context(browser, lang, java_script_enabled=js)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()
