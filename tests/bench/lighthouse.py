"""Lighthouse (mobile) performance of the main pages, offline against a local gunicorn.

Usage: .venv/bin/python tests/bench/lighthouse.py [--runs 3] [--pages TEXT] [--json FILE]

Sets up the app as run.py does (a fresh SQLite database with the demo data, KB_ENV=production,
gunicorn with the same settings on 127.0.0.1), then runs the pinned Lighthouse CLI
(package-lock.json, `make node-tools`) with its default configuration: the mobile form factor
and simulated throttling (Lantern), performance category only, with Debian's Chromium. Each
page is measured `--runs` times; the table shows the median of each figure over the runs.

Nothing but 127.0.0.1 is contacted: Chromium gets a proxy on a closed loopback port for every
other address (loopback is never proxied), its background services are switched off, and the
run stops with an error if Lighthouse recorded a request to any other host.
See tests/bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import signal
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from run import (
    HOST,
    REPO_ROOT,
    BenchError,
    Server,
    Target,
    _raise_interrupt,
    bench_env,
    check_ok,
    free_port,
    gunicorn_cmd,
    gunicorn_settings,
    prepare_database,
    running,
    wait_until_ready,
)

LIGHTHOUSE = REPO_ROOT / "node_modules" / ".bin" / "lighthouse"
RUN_TIMEOUT = 180
ATTEMPTS = 3

# The pages the issue names (#13): start page, entry list, event list and one entry.
PAGES = [
    ("/", "start page"),
    ("/articles/", "entry list"),
    ("/events/", "event list"),
    ("/articles/darf-eine-behoerde-eine-facebook-seite-betreiben", "entry page"),
]

# Those of tests/browser/helpers.py, and whatever else Chromium would fetch on its own.
# The proxy catches every connection to any other address, by name or by IP (Chromium never
# sends loopback through a proxy), and it resolves no names either.
CHROME_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-domain-reliability",
    "--disable-client-side-phishing-detection",
    "--disable-default-apps",
    "--disable-extensions",
    "--no-default-browser-check",
    "--no-pings",
    "--proxy-server=http://127.0.0.1:9",
]

# Lighthouse reports these metrics in milliseconds, CLS without a unit.
METRICS = {
    "FCP": "first-contentful-paint",
    "LCP": "largest-contentful-paint",
    "TBT": "total-blocking-time",
    "CLS": "cumulative-layout-shift",
}


class LighthouseRuntimeError(BenchError):
    """Lighthouse ran but could not measure the load (a run to repeat)."""


@dataclass
class PageResult:
    path: str
    label: str
    scores: list[float] = field(default_factory=list)
    metrics: dict[str, list[float]] = field(default_factory=lambda: {m: [] for m in METRICS})
    failing: dict[str, str] = field(default_factory=dict)
    retries: int = 0


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page (3)")
    parser.add_argument(
        "--pages",
        default="",
        metavar="TEXT[,TEXT]",
        help="only the pages whose path or label contains one of these texts",
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write results as JSON")
    parser.add_argument(
        "--demo-args",
        default="",
        help='extra arguments for "flask demo" (default: none, the demo content alone)',
    )
    parser.add_argument("--setup-timeout", type=int, default=900, help=argparse.SUPPRESS)
    parser.add_argument(
        "--keep-reports",
        type=Path,
        metavar="DIR",
        help="also keep every Lighthouse JSON report in DIR (for the details of an audit)",
    )
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if not chosen_pages(args.pages):
        parser.error(f"--pages {args.pages!r} matches none of {[p for p, _ in PAGES]}")
    return args


def chosen_pages(texts: str) -> list[tuple[str, str]]:
    wanted = [text.strip() for text in texts.split(",") if text.strip()]
    if not wanted:
        return list(PAGES)
    return [(p, label) for p, label in PAGES if any(w in p or w in label for w in wanted)]


def require_tools() -> tuple[Path, str]:
    if not LIGHTHOUSE.exists():
        raise BenchError(f"{LIGHTHOUSE} not found. Install the pinned npm tools: make node-tools")
    chrome = os.environ.get("CHROME_PATH") or "/usr/bin/chromium"
    if not (Path(chrome).is_file() and os.access(chrome, os.X_OK)):
        raise BenchError(f"Chromium not found at {chrome} (apt-get install chromium)")
    return LIGHTHOUSE, chrome


def lighthouse_cmd(lighthouse: Path, url: str, output: Path) -> list[str]:
    return [
        str(lighthouse),
        url,
        "--only-categories=performance",
        "--throttling-method=simulate",  # the default, named for the record
        "--output=json",
        f"--output-path={output}",
        "--quiet",
        "--no-enable-error-reporting",
        f"--chrome-flags={shlex.join(CHROME_FLAGS)}",
    ]


def check_offline(report: dict[str, object], url: str) -> None:
    """Stops the run when the page made Chromium ask any host but 127.0.0.1."""
    audits = report["audits"]
    assert isinstance(audits, dict)
    items = audits["network-requests"]["details"]["items"]
    foreign = sorted(
        {
            item["url"]
            for item in items
            if urlsplit(item["url"]).scheme in {"http", "https", "ws", "wss"}
            and urlsplit(item["url"]).hostname != HOST
        }
    )
    if foreign:
        raise BenchError(f"{url} made requests to other hosts: {foreign}")


def run_lighthouse(
    lighthouse: Path, chrome: str, url: str, output: Path, env: dict[str, str]
) -> tuple[dict[str, object], int]:
    """The report of one run, and how many runs Lighthouse gave up on before it.

    Lighthouse sometimes loses the trace of a load in headless Chromium ("NO_NAVSTART") on
    a busy machine; such a run measured nothing, so it is run again (and counted).
    """
    for retry in range(ATTEMPTS):
        output.unlink(missing_ok=True)
        try:
            return run_lighthouse_once(lighthouse, chrome, url, output, env), retry
        except LighthouseRuntimeError as exc:
            if retry == ATTEMPTS - 1:
                raise BenchError(f"{exc} ({ATTEMPTS} attempts)") from exc
            print(f"  Lighthouse runtime error, once more: {exc}", flush=True)
    raise AssertionError("unreachable")


def run_lighthouse_once(
    lighthouse: Path, chrome: str, url: str, output: Path, env: dict[str, str]
) -> dict[str, object]:
    cmd = lighthouse_cmd(lighthouse, url, output)
    try:
        proc = subprocess.run(
            cmd,
            cwd=REPO_ROOT,
            env={**env, "CHROME_PATH": chrome},
            capture_output=True,
            text=True,
            timeout=RUN_TIMEOUT,
        )
    except subprocess.TimeoutExpired as exc:
        raise BenchError(f"Lighthouse timed out after {RUN_TIMEOUT} s on {url}") from exc
    if "Runtime error encountered" in proc.stderr:
        raise LighthouseRuntimeError(f"{url}: {proc.stderr.strip().splitlines()[-1]}")
    if proc.returncode != 0 or not output.exists():
        raise BenchError(
            f"Lighthouse failed (exit {proc.returncode}) on {url}:\n{proc.stdout}{proc.stderr}"
        )
    report: dict[str, object] = json.loads(output.read_text())
    if report.get("runtimeError"):
        raise LighthouseRuntimeError(f"{url}: {report['runtimeError']}")
    check_offline(report, url)
    return report


def record(result: PageResult, report: dict[str, object]) -> None:
    categories = report["categories"]
    audits = report["audits"]
    assert isinstance(categories, dict) and isinstance(audits, dict)
    score = categories["performance"]["score"]
    if score is None:
        raise BenchError(f"{result.path}: Lighthouse gave no performance score")
    result.scores.append(score * 100)
    for name, audit_id in METRICS.items():
        result.metrics[name].append(float(audits[audit_id]["numericValue"]))
    # What Lighthouse holds against the page (for the fixing, not for the score).
    for audit_id, audit in audits.items():
        scored = audit.get("scoreDisplayMode") in {"metricSavings", "binary", "numeric"}
        if scored and audit.get("score") is not None and audit["score"] < 0.9:
            result.failing[audit_id] = audit.get("displayValue") or audit["title"]


def format_table(results: list[PageResult]) -> str:
    width = max(len("page"), *(len(f"{r.path} ({r.label})") for r in results))
    head = f"{'page':<{width}}  {'score':>5}  {'FCP s':>6}  {'LCP s':>6}  {'TBT ms':>6}  {'CLS':>6}"
    lines = [head, "-" * len(head)]
    for r in results:
        m = {name: statistics.median(values) for name, values in r.metrics.items()}
        lines.append(
            f"{f'{r.path} ({r.label})':<{width}}  {statistics.median(r.scores):>5.0f}  "
            f"{m['FCP'] / 1000:>6.2f}  {m['LCP'] / 1000:>6.2f}  {m['TBT']:>6.0f}  {m['CLS']:>6.3f}"
        )
    return "\n".join(lines)


def results_json(results: list[PageResult], settings: dict[str, object]) -> dict[str, object]:
    return {
        "settings": settings,
        "results": [
            {
                "path": r.path,
                "label": r.label,
                "score_median": statistics.median(r.scores),
                **{f"{n}_median": statistics.median(v) for n, v in r.metrics.items()},
                "scores": r.scores,
                "metrics": r.metrics,
                "audits_below_0_9": r.failing,
                "runs_repeated_after_runtime_error": r.retries,
            }
            for r in results
        ],
    }


def bench(args: argparse.Namespace, lighthouse: Path, chrome: str, tmp: Path) -> None:
    env = bench_env(f"sqlite:///{tmp / 'bench.db'}", tmp, None)
    prepare_database(args, env)
    app = Server("app", gunicorn_cmd("wsgi:app", free_port(), None), env, tmp / "app.log")
    pages = chosen_pages(args.pages)
    results = [PageResult(path, label) for path, label in pages]
    with running([app]):
        wait_until_ready(app, "/healthz")
        for result in results:
            check_ok(Target(result.label, app.url(result.path)))
        # Pages in turn within each round, so machine noise hits them alike.
        for number in range(1, args.runs + 1):
            for result in results:
                output = tmp / "lighthouse.json"
                report, retries = run_lighthouse(
                    lighthouse, chrome, app.url(result.path), output, env
                )
                result.retries += retries
                record(result, report)
                if args.keep_reports:
                    args.keep_reports.mkdir(parents=True, exist_ok=True)
                    slug = result.path.strip("/").replace("/", "_") or "start"
                    (args.keep_reports / f"{slug}-{number}.json").write_text(output.read_text())
                print(
                    f"run {number}/{args.runs} {result.path}: score {result.scores[-1]:.0f}",
                    flush=True,
                )
    settings = {
        "lighthouse": lighthouse_version(lighthouse),
        "chromium": chrome,
        "config": "default (mobile form factor, simulated throttling), performance only",
        "runs": args.runs,
        "statistic": "median over runs, each figure on its own",
        "gunicorn": " ".join(gunicorn_settings()) + f" -b {HOST}:<port>",
        "demo_args": args.demo_args,
    }
    print()
    print(f"lighthouse {settings['lighthouse']}, {settings['config']}; Chromium {chrome}")
    print(f"gunicorn:  {settings['gunicorn']}; {args.runs} runs per page, medians shown")
    print()
    print(format_table(results))
    for r in results:
        if r.retries:
            print(f"{r.path}: {r.retries} run(s) repeated after a Lighthouse runtime error")
    for r in results:
        if r.failing:
            print(f"\n{r.path}: audits below 0.9 in some run:")
            for audit_id, shown in sorted(r.failing.items()):
                print(f"  {audit_id}: {shown}")
    if args.json is not None:
        args.json.write_text(json.dumps(results_json(results, settings), indent=2) + "\n")
        print(f"JSON written to {args.json}")


def lighthouse_version(lighthouse: Path) -> str:
    proc = subprocess.run(
        [str(lighthouse), "--version"], capture_output=True, text=True, timeout=60, check=False
    )
    return proc.stdout.strip()


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _raise_interrupt)
    try:
        lighthouse, chrome = require_tools()
        with tempfile.TemporaryDirectory(prefix="amtsnetz-lighthouse-") as tmp:
            bench(args, lighthouse, chrome, Path(tmp))
    except BenchError as exc:
        print(f"lighthouse: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("lighthouse: interrupted; server stopped", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
