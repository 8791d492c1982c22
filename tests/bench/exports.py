"""Open-data exports at scale: a request for an export against one for a static file of the
same size, through the same gunicorn.

Usage: .venv/bin/python tests/bench/exports.py [--sizes 10000,50000] [--engines sqlite]
                                               [--repeat 50] [--json FILE]

For each engine and size: a new database, `flask demo --authorities N` (synthetic
authorities with about three accounts each), gunicorn with the settings of run.py, then:
the first GET of each export (it builds the file), then `--repeat` GETs of each export
and of a static file of the same size (a copy of the export's bytes put in static/ for
the run and removed afterwards), alternating, one client; median and p95 of each, and the
time of a 304 answer. Only 127.0.0.1 is contacted; PostgreSQL databases are created and
dropped here.
"""

from __future__ import annotations

import argparse
import json
import secrets
import statistics
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from run import (
    REPO_ROOT,
    VENV_BIN,
    BenchError,
    Server,
    analyze_postgres,
    bench_env,
    free_port,
    gunicorn_cmd,
    running,
    wait_until_ready,
)
from search import PG_ADMIN_URL, percentile, timed_step

PG_BENCH_DB = "amtsnetz_bench_exports"
EXPORTS = ["/authorities/export.csv", "/authorities/export.json", "/authorities/datapackage.json"]
STATIC_DIR = REPO_ROOT / "static"
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def get(url: str, headers: dict[str, str] | None = None) -> tuple[float, int, bytes, str]:
    """(milliseconds, status, body, ETag) of one GET, the body read whole."""
    request = urllib.request.Request(url, headers=headers or {})
    started = time.perf_counter()
    try:
        with OPENER.open(request, timeout=120) as response:
            body = response.read()
            status, etag = response.status, response.headers.get("ETag", "")
    except urllib.error.HTTPError as error:  # 304 arrives as an "error"
        body, status, etag = error.read(), error.code, error.headers.get("ETag", "")
    return (time.perf_counter() - started) * 1000, status, body, etag


def summary(samples: list[float]) -> dict[str, float]:
    return {
        "p50_ms": round(statistics.median(samples), 2),
        "p95_ms": round(percentile(samples, 0.95), 2),
    }


def measure(server: Server, path: str, repeat: int) -> dict[str, object]:
    first_ms, status, body, etag = get(server.url(path))
    if status != 200:
        raise BenchError(f"{path} answered {status}")
    static_name = f"bench-export-{secrets.token_hex(6)}.bin"
    static_file = STATIC_DIR / static_name
    static_file.write_bytes(body)
    try:
        export, static, not_modified = [], [], []
        for _ in range(repeat):
            elapsed, status, _body, _etag = get(server.url(path))
            export.append(elapsed)
            elapsed, status_static, _body, _etag = get(server.url(f"/static/{static_name}"))
            static.append(elapsed)
            elapsed, status_304, _body, _etag = get(
                server.url(path), headers={"If-None-Match": etag}
            )
            not_modified.append(elapsed)
            if (status, status_static, status_304) != (200, 200, 304):
                raise BenchError(f"{path}: {status}, static {status_static}, 304? {status_304}")
    finally:
        static_file.unlink(missing_ok=True)
    export_summary, static_summary = summary(export), summary(static)
    return {
        "path": path,
        "bytes": len(body),
        "first_request_ms": round(first_ms, 1),
        "export": export_summary,
        "static_same_size": static_summary,
        "not_modified_304": summary(not_modified),
        "p50_ratio_to_static": round(export_summary["p50_ms"] / static_summary["p50_ms"], 2),
    }


def pg_database(action: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {PG_BENCH_DB} WITH (FORCE)"))
            if action == "create":
                conn.execute(text(f"CREATE DATABASE {PG_BENCH_DB}"))
    finally:
        engine.dispose()


def run_one(engine: str, size: int, repeat: int, tmp: Path) -> dict[str, object]:
    instance = tmp / f"{engine}-{size}"
    instance.mkdir()
    if engine == "postgresql":
        pg_database("create")
        url = PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + PG_BENCH_DB
    else:
        url = f"sqlite:///{instance / 'bench.db'}"
    env = bench_env(url, instance, None)
    flask = [str(VENV_BIN / "flask"), "--app", "wsgi"]
    try:
        timed_step([*flask, "db", "upgrade"], env, 300)
        load = timed_step([*flask, "demo", "--authorities", str(size)], env, 3600)
        if engine == "postgresql":
            analyze_postgres(url)
        port = free_port()
        server = Server("app", gunicorn_cmd("wsgi:app", port, None), env, instance / "app.log")
        with running([server]):
            wait_until_ready(server, "/healthz")
            exports = [measure(server, path, repeat) for path in EXPORTS]
    finally:
        if engine == "postgresql":
            pg_database("drop")
    result = {
        "engine": engine,
        "authorities": size,
        "load_s": round(load, 1),
        "repeat": repeat,
        "exports": exports,
    }
    print(json.dumps(result), flush=True)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,50000")
    parser.add_argument("--engines", default="sqlite")
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    results = []
    with tempfile.TemporaryDirectory(prefix="kb-bench-exports-") as tmp:
        for engine in args.engines.split(","):
            for size in (int(value) for value in args.sizes.split(",")):
                results.append(run_one(engine, size, args.repeat, Path(tmp)))
    print()
    print(
        f"{'engine':<11}{'authorities':>12}  {'export':<32}{'MB':>7}{'first s':>9}"
        f"{'p50/p95 ms':>16}{'static p50/p95':>18}{'304 p50':>9}"
    )
    for result in results:
        for export in result["exports"]:  # type: ignore[attr-defined]
            own, static = export["export"], export["static_same_size"]
            print(
                f"{result['engine']:<11}{result['authorities']:>12}  {export['path']:<32}"
                f"{export['bytes'] / 1e6:>7.2f}{export['first_request_ms'] / 1000:>9.2f}"
                f"{own['p50_ms']:>8} / {own['p95_ms']:<6}"
                f"{static['p50_ms']:>9} / {static['p95_ms']:<6}"
                f"{export['not_modified_304']['p50_ms']:>9}"
            )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
