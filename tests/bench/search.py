"""Search at scale: indexing time and query latency through the whole HTTP stack.

Usage: .venv/bin/python tests/bench/search.py [--sizes 10000,100000] [--engines sqlite,postgresql]
                                              [--repeat 5] [--json FILE]

For each engine and size: a new database, `flask demo --articles N --events N/5`
(varied synthetic German text, tests/bench/synthetic.py), then `flask search reindex`
timed on its own, then gunicorn (the same settings as run.py) and one client asking
one- and two-word queries in turn, each `--repeat` times; p50 and p95 per kind of
query. Only 127.0.0.1 is contacted; PostgreSQL databases are created and dropped here.
"""

from __future__ import annotations

import argparse
import json
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
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

PG_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
PG_BENCH_DB = "amtsnetz_bench_search"

# Words most synthetic documents hold (tests/bench/vocabulary_de.txt is Zipf-ordered),
# words of middle frequency, rare words, and words in their inflected, folded or
# compound forms: what people type.
ONE_WORD = [
    "Behörde",
    "Kommunikation",
    "Social",
    "Bürger",
    "Verwaltung",
    "Datenschutz",
    "Krisenkommunikation",
    "Netiquette",
    "Barrierefreiheit",
    "Behoerden",
    "Veranstaltungen",
    "Shitstorm",
    "Redaktionsplan",
    "Personalbedarf",
    "engagement",
]
TWO_WORDS = [
    "Social Media",
    "Behörde Kommunikation",
    "Datenschutz Facebook",
    "Krise Hochwasser",
    "Bürgerservice WhatsApp",
    "Netiquette Kommentare",
    "Personal Redaktion",
    "Stadtverwaltung Instagram",
    "Hassrede melden",
    "Pressestelle Leitung",
]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def timed_step(cmd: list[str], env: dict[str, str], timeout: int) -> float:
    print(f"$ {shlex.join(cmd)}", flush=True)
    started = time.perf_counter()
    proc = subprocess.run(
        cmd, cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        raise BenchError(f"failed: {shlex.join(cmd)}\n{proc.stdout}\n{proc.stderr}")
    tail = (proc.stdout.strip().splitlines() or [""])[-1]
    print(f"  {elapsed:.1f} s  {tail}", flush=True)
    return elapsed


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


def latency(server: Server, query: str) -> float:
    url = server.url("/search?" + urllib.parse.urlencode({"q": query}))
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=30) as response:
        body = response.read()
        if response.status != 200 or b"search-results" not in body:
            raise BenchError(f"unexpected answer for {query!r}: {response.status}")
    return (time.perf_counter() - started) * 1000


def measure(server: Server, queries: list[str], repeat: int) -> dict[str, float]:
    for query in queries:  # warm up: caches, the stemmer, the compound model
        latency(server, query)
    samples = [latency(server, query) for _ in range(repeat) for query in queries]
    return {
        "p50_ms": round(statistics.median(samples), 1),
        "p95_ms": round(percentile(samples, 0.95), 1),
        "n": len(samples),
    }


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
        events = size // 5
        load = timed_step(
            [*flask, "demo", "--articles", str(size), "--events", str(events)], env, 3600
        )
        index = timed_step([*flask, "search", "reindex"], env, 3600)
        if engine == "postgresql":
            analyze_postgres(url)
        port = free_port()
        server = Server("app", gunicorn_cmd("wsgi:app", port, None), env, instance / "app.log")
        with running([server]):
            wait_until_ready(server, "/search?q=Beh%C3%B6rde")
            one = measure(server, ONE_WORD, repeat)
            two = measure(server, TWO_WORDS, repeat)
    finally:
        if engine == "postgresql":
            pg_database("drop")
    result = {
        "engine": engine,
        "entries": size,
        "events": events,
        "load_and_first_index_s": round(load, 1),
        "reindex_s": round(index, 1),
        "one_word": one,
        "two_words": two,
    }
    print(json.dumps(result), flush=True)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    results = []
    with tempfile.TemporaryDirectory(prefix="kb-bench-search-") as tmp:
        for engine in args.engines.split(","):
            for size in (int(value) for value in args.sizes.split(",")):
                results.append(run_one(engine, size, args.repeat, Path(tmp)))
    print()
    print(
        f"{'engine':<11}{'entries':>9}{'reindex s':>11}{'1 word p50/p95 ms':>20}"
        f"{'2 words p50/p95 ms':>21}"
    )
    for result in results:
        one, two = result["one_word"], result["two_words"]
        assert isinstance(one, dict) and isinstance(two, dict)
        print(
            f"{result['engine']:<11}{result['entries']:>9}{result['reindex_s']:>11}"
            f"{one['p50_ms']:>11} / {one['p95_ms']:<7}{two['p50_ms']:>12} / {two['p95_ms']:<7}"
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
