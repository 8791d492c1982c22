"""Shared helpers for the browser suite: tool lookup, Nu checker, axe, origins, login."""

from __future__ import annotations

import atexit
import json
import os
import re
import shutil
import socket
import subprocess
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]

DEMO_ADMIN_EMAIL = "katrin.hoffmann@demo.example.org"
DEMO_PASSWORD = "demo-passwort-amtsnetz"
DEMO_ADMIN_SLUG = "katrin-hoffmann"

LANGUAGES = ("de", "en")
LOCALES = {"de": "de-DE", "en": "en-GB"}

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# htmx attributes are not in the HTML spec; the Nu checker reports them as errors.
# Only those messages are dropped.
# KERN draws the focus ring of a stretched card link on its ::after box, which covers
# the card; the ring may sit on the element or on that pseudo-element.
# Whether the focused element shows a focus ring (for page.evaluate).
FOCUS_VISIBLE = """() => {
  const el = document.activeElement;
  return [null, '::after'].some((pseudo) => {
    const style = getComputedStyle(el, pseudo);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    const shadow = style.boxShadow && style.boxShadow !== 'none';
    return outline || shadow;
  });
}"""

HX_ATTRIBUTE_MESSAGE = re.compile(r"^Attribute [“\"]hx-[^”\"]*[”\"] ")


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


def missing_tool(reason: str) -> None:
    """Fail loudly in CI, skip (with the reason) on a developer machine. Never passes."""
    if in_ci():
        pytest.fail(f"browser suite: {reason} (CI=true, so this is an error)", pytrace=False)
    pytest.skip(f"browser suite: {reason}")


def chromium_executable() -> str:
    path = os.environ.get("CHROMIUM") or "/usr/bin/chromium"
    if not (Path(path).is_file() and os.access(path, os.X_OK)):
        missing_tool(
            f"Chromium not found at {path} (set CHROMIUM, or run .ci/install-browser-deps)"
        )
    return path


def _vnu_jar_path() -> Path:
    override = os.environ.get("VNU_JAR")
    return Path(override) if override else REPO_ROOT / "node_modules/vnu-jar/build/dist/vnu.jar"


def find_nu_checker() -> tuple[str, str] | None:
    """(java, vnu.jar) when both are there, else None; never skips or fails."""
    java = shutil.which("java")
    jar = _vnu_jar_path()
    return (java, str(jar)) if java and jar.is_file() else None


def nu_checker_or_skip() -> tuple[str, str]:
    java = shutil.which("java")
    if not java:
        missing_tool("java not found on PATH (run .ci/install-browser-deps)")
    jar = _vnu_jar_path()
    if not jar.is_file():
        missing_tool(
            f"Nu HTML checker jar not found at {jar} "
            "(set VNU_JAR, or run `npm ci` at the repo root / .ci/install-browser-deps)"
        )
    return str(java), str(jar)


# --------------------------------------------------------------------------- Nu checker


# A bigger stack: the checker's schema needs more than 1 MiB.
JAVA_OPTIONS = ["-Xss8m"]
NU_SERVER_READY_SECONDS = 90


class NuServer:
    """The Nu checker as a local web service: one Java process for the whole run.

    Starting a JVM per document cost about 4 s of CPU each, most of the browser suite's
    time. The service answers in milliseconds. The documents are posted to it (it refuses
    to fetch loopback URLs itself); it listens on 127.0.0.1 only.
    """

    def __init__(self, java: str, jar: str) -> None:
        port = free_port()
        self.url = f"http://127.0.0.1:{port}/?out=json"
        self.process = subprocess.Popen(
            [
                java,
                *JAVA_OPTIONS,
                "-Dnu.validator.servlet.bind-address=127.0.0.1",
                "-cp",
                jar,
                "nu.validator.servlet.Main",
                str(port),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        atexit.register(self.stop)
        self._wait_ready()

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + NU_SERVER_READY_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                stderr = self.process.stderr.read() if self.process.stderr else b""
                raise AssertionError(f"the Nu checker service exited: {stderr[-2000:]!r}")
            try:
                self.check(b"<!DOCTYPE html><html lang=de><title>t</title></html>")
                return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise AssertionError(
            f"the Nu checker service did not answer in {NU_SERVER_READY_SECONDS} s"
        )

    def check(self, html: bytes) -> list[dict[str, Any]]:
        request = urllib.request.Request(
            self.url, data=html, headers={"Content-Type": "text/html; charset=utf-8"}
        )
        with urllib.request.urlopen(request, timeout=120) as response:
            report = json.loads(response.read().decode("utf-8"))
        return list(report.get("messages", []))

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()


_nu_servers: dict[tuple[str, str], NuServer] = {}
_nu_lock = threading.Lock()


def run_vnu(java: str, jar: str, html: bytes) -> list[dict[str, Any]]:
    """Validate a document with the Nu checker; returns its messages."""
    with _nu_lock:
        server = _nu_servers.get((java, jar))
        if server is None:
            server = _nu_servers[(java, jar)] = NuServer(java, jar)
    return server.check(html)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def vnu_errors(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    errors = []
    for msg in messages:
        is_error = msg.get("type") in ("error", "non-document-error")
        if msg.get("subType") == "fatal":
            is_error = True
        if not is_error:
            continue
        if HX_ATTRIBUTE_MESSAGE.match(msg.get("message", "")):
            continue
        errors.append(msg)
    return errors


def format_vnu(messages: list[dict[str, Any]]) -> str:
    lines = []
    for msg in messages:
        kind = msg.get("type", "?") + (f"/{msg['subType']}" if msg.get("subType") else "")
        where = f"line {msg.get('lastLine', '?')}, col {msg.get('firstColumn', '?')}"
        where += f"-{msg.get('lastColumn', '?')}"
        lines.append(f"  [{kind}] {where}: {msg.get('message', '')}")
        if msg.get("extract"):
            lines.append(f"      extract: {msg['extract']!r}")
    return "\n".join(lines)


# --------------------------------------------------------------------------- axe-core


def format_axe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"  [{v.get('id')}] impact={v.get('impact')}: {v.get('help')}")
        lines.append(f"      {v.get('helpUrl', '')}")
        for node in v.get("nodes", []):
            lines.append(f"      target: {node.get('target')}")
            html = (node.get("html") or "").strip()
            if html:
                lines.append(f"        html: {html[:300]}")
            summary = (node.get("failureSummary") or "").strip().replace("\n", " | ")
            if summary:
                lines.append(f"        {summary[:500]}")
    return "\n".join(lines)


# --------------------------------------------------------------------------- origins


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def is_same_origin(url: str, origin: str) -> bool:
    scheme = urlsplit(url).scheme
    if scheme == "data":
        return True
    if scheme == "blob":
        return origin_of(url[len("blob:") :]) == origin
    return origin_of(url) == origin


# --------------------------------------------------------------------------- browser


def new_context(browser: Any, lang: str, **kwargs: Any) -> Any:
    """A fresh browser context asking for ``lang`` (Accept-Language and navigator locale)."""
    return browser.new_context(
        locale=LOCALES[lang],
        extra_http_headers={"Accept-Language": lang},
        **kwargs,
    )


LOGOUT_NAME = re.compile(r"^\s*(Abmelden|Log out)\s*$")


def login(page: Any, base_url: str, email: str, password: str) -> None:
    """Log in through the (German) login form; works with and without JavaScript."""
    page.goto(f"{base_url}/auth/login")
    form = page.get_by_role("main").locator("form", has=page.get_by_label("Passwort", exact=True))
    form.get_by_label("E-Mail-Adresse", exact=True).fill(email)
    form.get_by_label("Passwort", exact=True).fill(password)
    form.get_by_role("button", name="Anmelden", exact=True).click()
    page.get_by_role("button", name=LOGOUT_NAME).wait_for(state="visible", timeout=10_000)


LOGIN_NAME = re.compile(r"^\s*(Anmelden|Log in)\s*$")


def logout(page: Any) -> None:
    """Log out with the header's button; the header then offers the login link again."""
    page.get_by_role("button", name=LOGOUT_NAME).click()
    page.locator("header").get_by_role("link", name=LOGIN_NAME).wait_for(
        state="visible", timeout=10_000
    )
    assert page.get_by_role("button", name=LOGOUT_NAME).count() == 0, (
        "the logout button is still shown after logging out"
    )


class Loads:
    """Counts full page loads of a tab; an htmx swap or a pushState causes none."""

    def __init__(self, page: Any) -> None:
        self.urls: list[str] = []
        page.on("load", lambda loaded: self.urls.append(loaded.url))


def settled(page: Any) -> None:
    """Wait until htmx has settled the last swap: only then does the new content react."""
    from playwright.sync_api import expect

    expect(page.locator(".htmx-request, .htmx-swapping, .htmx-settling")).to_have_count(0)


def focused_id(page: Any) -> str:
    """The focused element as "tag#id" ("none" without focus)."""
    return str(
        page.evaluate(
            "(() => { const el = document.activeElement;"
            " return el ? el.tagName.toLowerCase() + '#' + el.id : 'none'; })()"
        )
    )
