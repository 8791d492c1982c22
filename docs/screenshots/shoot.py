"""Screenshots of the pages issues 16 and 17 are judged by (320 CSS px, a phone, unless
--width says otherwise).

Starts the app the way the browser suite does (tests/browser/conftest.py): a throwaway
SQLite database with the demo content, gunicorn on a free port of 127.0.0.1, then takes a
full-page screenshot of each page with Debian's Chromium (mobile emulation, 320 × 640,
German) and prints each page's height. The demo content is dated relative to today, so
a run on another day shows other dates but the same pages.

    .venv/bin/python docs/screenshots/shoot.py   # phone-320/<page>-after.png, each page
    .venv/bin/python docs/screenshots/shoot.py --label before --only comparison
    # wide pages of an older checkout (issue 16's before and after):
    .venv/bin/python docs/screenshots/shoot.py --width 1280 --out docs/screenshots/words \
        --only event case census --label before --repo /tmp/old-checkout

Needs what the browser suite needs (Playwright, /usr/bin/chromium or CHROMIUM) and the
compiled catalogues (make translations), or the German pages come out in English.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_ROOT))

from tests.browser.helpers import (  # noqa: E402
    CHROMIUM_ARGS,
    DEMO_ADMIN_EMAIL,
    DEMO_PASSWORD,
    chromium_executable,
    free_port,
    login,
    new_context,
)
from tests.browser.pages import (  # noqa: E402
    DEMO_ARTICLE,
    DEMO_CASE,
    DEMO_CASE_OTHER,
    DEMO_CASE_THIRD,
    DEMO_EVENT,
    DEMO_EVENT_MONTH,
)

OUT = Path(__file__).resolve().parent / "phone-320"
WIDTH, HEIGHT = 320, 640
# name -> (path, needs the demo admin's login)
PAGES: dict[str, tuple[str, bool]] = {
    "comparison": (
        f"/cases/compare?c={DEMO_CASE_THIRD}&c={DEMO_CASE_OTHER}&c={DEMO_CASE}",
        False,
    ),
    "start": ("/", False),
    "entry": (f"/articles/{DEMO_ARTICLE}", False),
    "history": (f"/articles/{DEMO_ARTICLE}/history", True),
    "calendar": (f"/events/calendar?month={DEMO_EVENT_MONTH}", False),
    "census": ("/authorities/census", False),
    "event-form": ("/events/new", True),
    "event": (f"/events/{DEMO_EVENT}", False),
    "case": (f"/cases/{DEMO_CASE}", False),
}


def start_server(tmpdir: Path, repo: Path) -> tuple[str, subprocess.Popen[bytes]]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("REDIS_URL", "DATABASE_URL", "TEST_DATABASE_URL", "FLASK_APP")
    }
    env.update(
        DATABASE_URL=f"sqlite:///{tmpdir / 'app.db'}",
        SECRET_KEY="screenshots-secret-key-not-for-production-0123456789",  # noqa: S106
        KB_ENV="development",
        RATELIMIT_ENABLED="0",
    )
    for step in (["db", "upgrade"], ["demo"]):
        subprocess.run(  # noqa: S603 (this interpreter, fixed arguments)
            [sys.executable, "-m", "flask", "--app", "wsgi", *step],
            cwd=repo,
            env=env,
            check=True,
            capture_output=True,
        )
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    env["KB_BASE_URL"] = base_url
    server = subprocess.Popen(  # noqa: S603 (this interpreter, fixed arguments)
        [sys.executable, "-m", "gunicorn", "-w", "1", "-b", f"127.0.0.1:{port}", "wsgi:app"],
        cwd=repo,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base_url}/healthz", timeout=2):  # noqa: S310
                return base_url, server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit(f"{base_url}/healthz did not answer within 30 s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--label", default="after", help="file name suffix (before, after)")
    parser.add_argument("--only", nargs="*", choices=sorted(PAGES), help="these pages only")
    parser.add_argument("--width", type=int, default=WIDTH, help="CSS px; wider is a desktop")
    parser.add_argument("--out", type=Path, default=OUT, help="folder for the PNG files")
    parser.add_argument(
        "--repo", type=Path, default=REPO_ROOT, help="the checkout to serve (another version)"
    )
    args = parser.parse_args()
    phone = args.width <= 480
    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="amtsnetz-shots-") as tmp:
        base_url, server = start_server(Path(tmp), args.repo.resolve())
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=chromium_executable(), args=CHROMIUM_ARGS
                )
                # Device scale 1 keeps the files small; the layout is the phone's.
                context = new_context(
                    browser,
                    "de",
                    viewport={"width": args.width, "height": HEIGHT if phone else 900},
                    is_mobile=phone,
                    has_touch=phone,
                    device_scale_factor=1,
                )
                # Logged in on a wide screen: on a phone the logout button that tells the
                # login worked sits in the folded menu.
                wide = new_context(browser, "de")
                login(wide.new_page(), base_url, DEMO_ADMIN_EMAIL, DEMO_PASSWORD)
                cookies = wide.cookies()
                wide.close()
                page = context.new_page()
                for name in args.only or PAGES:
                    path, needs_login = PAGES[name]
                    context.clear_cookies()
                    if needs_login:
                        context.add_cookies(cookies)
                    page.goto(base_url + path, wait_until="networkidle")
                    page.evaluate("document.fonts.ready.then(() => document.fonts.size)")
                    height = page.evaluate("document.documentElement.scrollHeight")
                    width = page.evaluate("document.documentElement.scrollWidth")
                    target = args.out / f"{name}-{args.label}.png"
                    page.screenshot(path=str(target), full_page=True)
                    print(f"{name}: {path} height {height} px, width {width} px -> {target}")
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=15)


if __name__ == "__main__":
    main()
