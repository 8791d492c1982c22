"""Benchmark Amtsnetz pages against a Flask hello-world under the same gunicorn.

Usage: .venv/bin/python tests/bench/run.py [--rounds 3] [--duration 5] [--json FILE]

See tests/bench/README.md. Only 127.0.0.1 is ever contacted; every subprocess
has a timeout, so the run always stops by itself.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import secrets
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from types import FrameType
from urllib.parse import parse_qs, urlencode, urlsplit

from pages import PAGES, Page

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent.parent
_REPO_VENV_BIN = REPO_ROOT / ".venv" / "bin"
VENV_BIN = _REPO_VENV_BIN if _REPO_VENV_BIN.is_dir() else Path(sys.executable).parent
HOST = "127.0.0.1"
LOOPBACK_HOSTS = {"", "127.0.0.1", "localhost", "::1"}

WORKERS = 2
WRK_THREADS = 2
WRK_CONNECTIONS = 16
WARMUP_SECONDS = 1
READY_TIMEOUT = 30.0
STOP_TIMEOUT = 10.0
HTTP_TIMEOUT = 10.0

TIME_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}
LATENCY_RE = re.compile(r"^\s*(50|99)(?:\.0+)?%\s+([\d.]+)(us|ms|s|m|h)\s*$", re.MULTILINE)
RPS_RE = re.compile(r"^Requests/sec:\s+([\d.]+)\s*$", re.MULTILINE)
NON_2XX_RE = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)")
SOCKET_ERRORS_RE = re.compile(
    r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)"
)
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')

# The member the bench logs in for the member pages (created in the bench database).
MEMBER_EMAIL = "bench.member@example.org"
MEMBER_NAME = "Bench Member"
SESSION_COOKIE = "amtsnetz_session"  # kb.config: SESSION_COOKIE_NAME
# Only a logged-in page carries the logout form: a member page rendered for an anonymous
# reader (an expired or refused session) would measure the wrong thing.
LOGGED_IN_MARK = 'action="/auth/logout"'


class BenchError(RuntimeError):
    """A failure that makes the measurement worthless; reported and exit 1."""


@dataclass(frozen=True)
class Target:
    name: str
    url: str
    # Request headers sent with every request (the member's session cookie).
    headers: tuple[str, ...] = ()
    member: bool = False


@dataclass(frozen=True)
class Sample:
    rps: float
    p50_ms: float
    p99_ms: float
    socket_errors: int


@dataclass
class Result:
    target: str
    url: str
    samples: list[Sample] = field(default_factory=list)

    @property
    def rps(self) -> float:
        return statistics.median(s.rps for s in self.samples)

    @property
    def p50_ms(self) -> float:
        return statistics.median(s.p50_ms for s in self.samples)

    @property
    def p99_ms(self) -> float:
        return statistics.median(s.p99_ms for s in self.samples)


# --- command line -----------------------------------------------------------


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3, help="rounds per target (default 3)")
    parser.add_argument(
        "--duration", type=int, default=5, help="seconds per wrk measurement (default 5)"
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write results as JSON")
    parser.add_argument(
        "--database-url",
        help="throwaway database on this machine, e.g. postgresql+psycopg://bench@127.0.0.1/bench "
        "(default: a fresh SQLite file in a temp dir). It is migrated and seeded.",
    )
    parser.add_argument(
        "--demo-args",
        # The census is measured on a registry of a realistic size. The
        # synthetic entries, events and authorities are made by synthetic.py here.
        default="--authorities 10000",
        help='extra arguments for "flask demo" (default: "--authorities 10000", i.e. '
        '10,000 synthetic authorities with about 30,000 accounts); "" for the demo alone',
    )
    parser.add_argument(
        "--pages",
        default="",
        metavar="TEXT[,TEXT]",
        help="only the pages whose path or label contains one of these texts, e.g. "
        "--pages census (default: all of pages.py)",
    )
    parser.add_argument(
        "--page-cache-seconds",
        type=int,
        metavar="S",
        help="KB_PAGE_CACHE_SECONDS for the app; 0 turns the anonymous page cache off, so "
        "the pages' own work is measured (default: the app's setting)",
    )
    parser.add_argument(
        "--setup-timeout",
        type=int,
        default=900,
        help="seconds allowed for each of db upgrade and demo (default 900)",
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="skip the app: benchmark hello.py against itself (checks the harness only)",
    )
    args = parser.parse_args(argv)
    if args.rounds < 1 or args.duration < 1:
        parser.error("--rounds and --duration must be at least 1")
    if args.page_cache_seconds is not None and args.page_cache_seconds < 0:
        parser.error("--page-cache-seconds must be 0 or more")
    if args.pages and not chosen_pages(args.pages):
        parser.error(f"--pages {args.pages!r} matches no page in pages.py")
    return args


def chosen_pages(texts: str) -> list[Page]:
    """The pages of pages.py whose path or label contains one of the comma-separated texts."""
    wanted = [text.strip() for text in texts.split(",") if text.strip()]
    if not wanted:
        return list(PAGES)
    return [page for page in PAGES if any(w in page.path or w in page.label for w in wanted)]


# --- environment and setup ----------------------------------------------------


def require_wrk() -> str:
    wrk = shutil.which("wrk")
    if wrk is None:
        raise BenchError("wrk not found. Install it with: apt-get install -y wrk")
    return wrk


def nproc() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def check_loopback_database(url: str) -> None:
    parts = urlsplit(url)
    hosts = [parts.hostname or "", *parse_qs(parts.query).get("host", [])]
    for host in hosts:
        if host not in LOOPBACK_HOSTS and not host.startswith("/"):  # "/..." = Unix socket
            raise BenchError(f"--database-url must point at this machine (127.0.0.1), not {host!r}")


# A production key must be long and random (kb.config.check_secret_key).
BENCH_SECRET_KEY = secrets.token_hex(32)


def bench_env(database_url: str, instance: Path, page_cache_seconds: int | None) -> dict[str, str]:
    env = dict(os.environ)
    if page_cache_seconds is not None:
        env["KB_PAGE_CACHE_SECONDS"] = str(page_cache_seconds)
    env.update(
        DATABASE_URL=database_url,
        SECRET_KEY=BENCH_SECRET_KEY,
        KB_ENV="production",
        # Production answers only its own host (kb.addresses); the port does not matter.
        KB_BASE_URL="http://127.0.0.1",
        KB_INSTANCE_PATH=str(instance),
        PYTHONUNBUFFERED="1",
    )
    for name in ("FLASK_APP", "FLASK_DEBUG", "FLASK_ENV"):
        env.pop(name, None)
    return env


def run_step(cmd: list[str], env: dict[str, str], timeout: int, quiet: bool = False) -> None:
    if not quiet:
        print(f"$ {shlex.join(cmd)}", flush=True)
    try:
        proc = subprocess.run(
            cmd, cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired as exc:
        raise BenchError(f"timed out after {timeout} s: {shlex.join(cmd)}") from exc
    if proc.returncode != 0:
        output = (proc.stdout + proc.stderr).strip()
        raise BenchError(f"failed (exit {proc.returncode}): {shlex.join(cmd)}\n{output}")


def analyze_postgres(database_url: str) -> None:
    from sqlalchemy import create_engine, text  # only needed for PostgreSQL

    print("$ ANALYZE", flush=True)
    for prefix in ("postgres://", "postgresql://"):  # the app does the same: psycopg 3
        if database_url.startswith(prefix):
            database_url = "postgresql+psycopg://" + database_url[len(prefix) :]
    engine = create_engine(database_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text("ANALYZE"))
    finally:
        engine.dispose()


def prepare_database(
    args: argparse.Namespace, env: dict[str, str], member_password: str | None = None
) -> None:
    """Migrate and seed; with `member_password`, also the member the member pages use."""
    flask = str(VENV_BIN / "flask")
    run_step([flask, "--app", "wsgi", "db", "upgrade"], env, args.setup_timeout)
    demo = [flask, "--app", "wsgi", "demo", *shlex.split(args.demo_args)]
    run_step(demo, env, args.setup_timeout)
    if member_password is None:
        if env["DATABASE_URL"].startswith("postgres"):
            analyze_postgres(env["DATABASE_URL"])
        return
    users = [flask, "--app", "wsgi", "users", "create", MEMBER_EMAIL, "--name", MEMBER_NAME]
    # Not echoed: run_step prints the command.
    print(f"$ {shlex.join(users)} --password ...", flush=True)
    run_step([*users, "--password", member_password], env, args.setup_timeout, quiet=True)
    if env["DATABASE_URL"].startswith("postgres"):
        analyze_postgres(env["DATABASE_URL"])


# --- servers ------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def gunicorn_settings() -> list[str]:
    """The settings shared by the app and the hello-world server."""
    return ["-w", str(WORKERS), "-k", "sync", "--log-level", "warning"]


def gunicorn_cmd(app_spec: str, port: int, pythonpath: Path | None) -> list[str]:
    cmd = [str(VENV_BIN / "gunicorn"), *gunicorn_settings(), "-b", f"{HOST}:{port}"]
    if pythonpath is not None:
        cmd += ["--pythonpath", str(pythonpath)]
    return [*cmd, app_spec]


class Server:
    def __init__(self, name: str, cmd: list[str], env: dict[str, str], log: Path) -> None:
        self.name = name
        self.cmd = cmd
        self.log = log
        self.port = int(cmd[cmd.index("-b") + 1].rsplit(":", 1)[1])
        with log.open("wb") as out:
            self.proc = subprocess.Popen(
                cmd, cwd=REPO_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
            )

    def url(self, path: str) -> str:
        return f"http://{HOST}:{self.port}{path}"

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def stop(self) -> None:
        if self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=STOP_TIMEOUT)


@contextmanager
def running(servers: list[Server]) -> Iterator[None]:
    try:
        yield
    finally:
        for server in servers:
            server.stop()


# --- HTTP checks (loopback only, no proxies, no redirects) ---------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect())


@dataclass(frozen=True)
class Answer:
    status: int
    body: str
    cookies: dict[str, str]


def http_request(
    url: str, headers: Sequence[str] = (), form: dict[str, str] | None = None
) -> Answer:
    """GET (or POST `form`) on the loopback server; `headers` as "Name: value"."""
    assert urlsplit(url).hostname == HOST, url
    data = urlencode(form).encode() if form is not None else None
    request = urllib.request.Request(url, data=data)
    for header in headers:
        name, value = header.split(":", 1)
        request.add_header(name.strip(), value.strip())
    try:
        response = _OPENER.open(request, timeout=HTTP_TIMEOUT)
    except urllib.error.HTTPError as exc:
        response = exc
    with response:
        body = response.read().decode(errors="replace")
        cookies: dict[str, str] = {}
        for set_cookie in response.headers.get_all("Set-Cookie") or []:
            jar: SimpleCookie = SimpleCookie()
            jar.load(set_cookie)
            cookies.update({name: morsel.value for name, morsel in jar.items()})
        return Answer(int(response.status), body, cookies)


def http_status(url: str) -> int:
    return http_request(url).status


def log_in(server: Server, password: str) -> str:
    """Log the bench member in through the login form, as a browser would; returns the
    Cookie header for wrk. The cookie is taken after one page has been read, so the
    "welcome back" notice has been shown and no longer travels in it."""
    form_page = http_request(server.url("/auth/login"))
    token = CSRF_RE.search(form_page.body)
    if form_page.status != 200 or token is None or SESSION_COOKIE not in form_page.cookies:
        raise BenchError(f"the login form answered HTTP {form_page.status} without a CSRF token")
    cookie = form_page.cookies[SESSION_COOKIE]
    answer = http_request(
        server.url("/auth/login"),
        [f"Cookie: {SESSION_COOKIE}={cookie}"],
        {"csrf_token": token.group(1), "email": MEMBER_EMAIL, "password": password, "next": ""},
    )
    if answer.status != 303 or SESSION_COOKIE not in answer.cookies:
        raise BenchError(f"logging the bench member in answered HTTP {answer.status}, not 303")
    cookie = answer.cookies[SESSION_COOKIE]
    start = http_request(server.url("/"), [f"Cookie: {SESSION_COOKIE}={cookie}"])
    cookie = start.cookies.get(SESSION_COOKIE, cookie)
    return f"Cookie: {SESSION_COOKIE}={cookie}"


def wait_until_ready(server: Server, path: str = "/") -> None:
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if server.proc.poll() is not None:
            raise BenchError(
                f"{server.name} server exited with {server.proc.returncode}:\n{server.log_tail()}"
            )
        try:
            http_status(server.url(path))
            return
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    raise BenchError(
        f"{server.name} server did not answer within {READY_TIMEOUT:.0f} s "
        f"on {server.url(path)}:\n{server.log_tail()}"
    )


def check_ok(target: Target) -> None:
    answer = http_request(target.url, target.headers)
    if answer.status != 200:
        raise BenchError(
            f"{target.name} ({target.url}) answered HTTP {answer.status}, not 200; "
            "benchmarking it would be worthless"
        )
    if target.member and LOGGED_IN_MARK not in answer.body:
        raise BenchError(f"{target.name} ({target.url}) was not rendered for a logged-in member")


# --- wrk ----------------------------------------------------------------------


def wrk_settings(duration: int) -> list[str]:
    return [f"-t{WRK_THREADS}", f"-c{WRK_CONNECTIONS}", f"-d{duration}s", "--latency"]


def to_ms(value: str, unit: str) -> float:
    return float(value) * TIME_UNITS_MS[unit]


def parse_wrk(output: str) -> Sample:
    rps = RPS_RE.search(output)
    latencies = {pct: to_ms(value, unit) for pct, value, unit in LATENCY_RE.findall(output)}
    if rps is None or set(latencies) != {"50", "99"}:
        raise BenchError(f"could not parse wrk output:\n{output}")
    errors = SOCKET_ERRORS_RE.search(output)
    socket_errors = sum(int(n) for n in errors.groups()) if errors else 0
    return Sample(float(rps.group(1)), latencies["50"], latencies["99"], socket_errors)


def run_wrk(wrk: str, target: Target, duration: int) -> Sample:
    url = target.url
    headers = [arg for header in target.headers for arg in ("-H", header)]
    cmd = [wrk, *wrk_settings(duration), *headers, url]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=duration + 60)
    except subprocess.TimeoutExpired as exc:
        raise BenchError(f"wrk timed out: {shlex.join(cmd)}") from exc
    if proc.returncode != 0:
        raise BenchError(f"wrk failed (exit {proc.returncode}): {proc.stdout}{proc.stderr}")
    non_2xx = NON_2XX_RE.search(proc.stdout)
    if non_2xx:
        raise BenchError(
            f"{url} gave {non_2xx.group(1)} non-2xx/3xx responses under load "
            "(rate limit? errors?); the numbers would be worthless"
        )
    return parse_wrk(proc.stdout)


def measure(wrk: str, targets: list[Target], rounds: int, duration: int) -> list[Result]:
    results = [Result(t.name, t.url) for t in targets]
    for target in targets:
        print(f"warm-up {target.name} ({WARMUP_SECONDS} s)", flush=True)
        run_wrk(wrk, target, WARMUP_SECONDS)
    for number in range(1, rounds + 1):
        for target, result in zip(targets, results, strict=True):
            sample = run_wrk(wrk, target, duration)
            result.samples.append(sample)
            print(
                f"round {number}/{rounds} {target.name}: {sample.rps:.1f} req/s, "
                f"p50 {sample.p50_ms:.2f} ms, p99 {sample.p99_ms:.2f} ms",
                flush=True,
            )
    return results


# --- report -------------------------------------------------------------------


def settings_summary(args: argparse.Namespace, database: str) -> dict[str, object]:
    return {
        "nproc": nproc(),
        "python": platform.python_version(),
        "gunicorn": " ".join(gunicorn_settings()) + f" -b {HOST}:<port>",
        "wrk": " ".join(wrk_settings(args.duration)),
        "warmup_seconds": WARMUP_SECONDS,
        "rounds": args.rounds,
        "statistic": "median over rounds",
        "database": database,
        "demo_args": args.demo_args,
        "page_cache_seconds": os.environ.get("KB_PAGE_CACHE_SECONDS", "app default")
        if args.page_cache_seconds is None
        else args.page_cache_seconds,
        "self_test": args.self_test,
    }


def format_table(results: list[Result]) -> str:
    baseline = results[0].rps
    width = max(len("target"), *(len(r.target) for r in results))
    lines = [
        f"{'target':<{width}}  {'req/s':>9}  {'p50 ms':>8}  {'p99 ms':>8}  {'vs hello':>8}",
        "-" * (width + 45),
    ]
    for r in results:
        ratio = r.rps / baseline if baseline else float("nan")
        lines.append(
            f"{r.target:<{width}}  {r.rps:>9.1f}  {r.p50_ms:>8.2f}  {r.p99_ms:>8.2f}  {ratio:>8.2f}"
        )
    return "\n".join(lines)


def warn_socket_errors(results: list[Result]) -> None:
    for r in results:
        errors = sum(s.socket_errors for s in r.samples)
        if errors:
            print(f"warning: {r.target}: {errors} wrk socket errors (timeouts?)", file=sys.stderr)


def results_json(results: list[Result], settings: dict[str, object]) -> dict[str, object]:
    baseline = results[0].rps
    return {
        "settings": settings,
        "results": [
            {
                "target": r.target,
                "url": r.url,
                "rps_median": round(r.rps, 1),
                "p50_ms_median": round(r.p50_ms, 3),
                "p99_ms_median": round(r.p99_ms, 3),
                "ratio_vs_hello": round(r.rps / baseline, 2) if baseline else None,
                "samples": [asdict(s) for s in r.samples],
            }
            for r in results
        ],
    }


def report(results: list[Result], settings: dict[str, object], json_path: Path | None) -> None:
    print()
    print(f"machine:  nproc {settings['nproc']}, Python {settings['python']}")
    print(f"gunicorn: {settings['gunicorn']} (same for app and hello world)")
    print(f"wrk:      {settings['wrk']} (warm-up {WARMUP_SECONDS} s per target)")
    print(f"database: {settings['database']}; demo args: {settings['demo_args'] or '(none)'}")
    print(f"page cache: KB_PAGE_CACHE_SECONDS {settings['page_cache_seconds']}")
    print(f"rounds:   {settings['rounds']}, targets interleaved; medians shown")
    print()
    print(format_table(results))
    warn_socket_errors(results)
    if json_path is not None:
        json_path.write_text(json.dumps(results_json(results, settings), indent=2) + "\n")
        print(f"JSON written to {json_path}")


# --- main -----------------------------------------------------------------------


def page_targets(server: Server, pages: list[Page], member_cookie: str | None) -> list[Target]:
    targets = []
    for page in pages:
        headers = (member_cookie,) if page.member and member_cookie else ()
        targets.append(
            Target(f"{page.path} ({page.label})", server.url(page.path), headers, page.member)
        )
    return targets


def start_servers(tmp: Path, env: dict[str, str], self_test: bool) -> tuple[Server, Server]:
    hello = Server(
        "hello-world", gunicorn_cmd("hello:app", free_port(), BENCH_DIR), env, tmp / "hello.log"
    )
    if self_test:
        app = Server(
            "app (self-test: hello.py)",
            gunicorn_cmd("hello:app", free_port(), BENCH_DIR),
            env,
            tmp / "app.log",
        )
    else:
        app = Server("app", gunicorn_cmd("wsgi:app", free_port(), None), env, tmp / "app.log")
    return hello, app


def bench(args: argparse.Namespace, wrk: str, tmp: Path) -> None:
    database_url = args.database_url or f"sqlite:///{tmp / 'bench.db'}"
    database = "postgresql" if database_url.startswith("postgres") else "sqlite"
    if args.self_test:
        database = "none (self-test)"
    env = bench_env(database_url, tmp, args.page_cache_seconds)
    member_password = secrets.token_urlsafe(24)
    if not args.self_test:
        prepare_database(args, env, member_password)
    pages = [Page("/", "hello.py self-test")] if args.self_test else chosen_pages(args.pages)
    hello, app = start_servers(tmp, env, args.self_test)
    with running([hello, app]):
        wait_until_ready(hello)
        wait_until_ready(app, pages[0].path)
        member_cookie = None
        if any(page.member for page in pages):
            member_cookie = log_in(app, member_password)
        targets = [
            Target("hello world", hello.url("/")),
            *page_targets(app, pages, member_cookie),
        ]
        for target in targets:
            check_ok(target)
        results = measure(wrk, targets, args.rounds, args.duration)
    report(results, settings_summary(args, database), args.json)


def _raise_interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGINT, signal.default_int_handler)  # even if started with it ignored
    signal.signal(signal.SIGTERM, _raise_interrupt)
    try:
        wrk = require_wrk()
        if args.database_url:
            check_loopback_database(args.database_url)
        with tempfile.TemporaryDirectory(prefix="amtsnetz-bench-") as tmp:
            bench(args, wrk, Path(tmp))
    except BenchError as exc:
        print(f"bench: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("bench: interrupted; servers stopped", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
