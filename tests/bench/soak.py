"""Soak: locust (tests/scale/locustfile.py) headless against real gunicorn instances,
then a check of the database against the log of writes that got a success answer.

Usage: .venv/bin/python tests/bench/soak.py [--setup pg2|sqlite1|both] [--duration 600]
       [--users 20] [--restart] [--json FILE]

  pg2      two instances on one fresh PostgreSQL database and one Redis (db 9, flushed)
  sqlite1  one instance on a fresh SQLite file, no Redis

Reports throughput, p50/p95/p99 per request type and errors; exit 1 when a write was
lost or duplicated, a conflicting edit did not get exactly one 409, or a 5xx came
outside the restart window.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import secrets
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import server
from server import Account, Instance

PG_URL = os.environ.get("SOAK_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("SOAK_REDIS_URL", "redis://127.0.0.1:6379/9")
LOCUSTFILE = server.REPO_ROOT / "tests" / "scale" / "locustfile.py"
PASSWORD = "korrekt-pferd-batterie-heftklammer"
# The soak measures the app, not its limits: the per-account and per-address limits are
# raised far above what the simulated users reach (they would only produce 429s).
GENEROUS_LIMITS = {
    "KB_LOGIN_IP_LIMIT": "100000 per minute",
    "KB_COMMENT_LIMIT": "100000 per minute",
    "KB_POST_LIMIT": "100000 per hour",
    "KB_EVENT_LIMIT": "100000 per day",
    "KB_REPORT_LIMIT": "100000 per hour",
}


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--setup", choices=("pg2", "sqlite1", "both"), default="both")
    parser.add_argument("--duration", type=int, default=600, help="seconds per setup (600)")
    parser.add_argument("--users", type=int, default=20, help="simulated users (20)")
    parser.add_argument("--spawn-rate", type=float, default=5.0)
    parser.add_argument("--members", type=int, default=12, help="member accounts (12)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per instance")
    parser.add_argument(
        "--restart", action="store_true", help="restart the first instance half-way"
    )
    parser.add_argument("--json", type=Path, help="also write the results as JSON")
    return parser.parse_args()


def accounts(members: int) -> tuple[list[Account], dict[str, list[list[str]]]]:
    made = [
        Account(f"soak.member{i}@example.org", f"Soak Mitglied {i}", PASSWORD)
        for i in range(members)
    ]
    mods = [
        Account(f"soak.moderator{i}@example.org", f"Soak Moderation {i}", PASSWORD, "moderator")
        for i in range(4)
    ]
    listing = {
        "members": [[a.email, a.password] for a in made],
        "moderators": [[a.email, a.password] for a in mods],
    }
    return made + mods, listing


def prepare(env: dict[str, str], args: argparse.Namespace, tmp: Path) -> Path:
    print("  migrate, demo content, accounts", flush=True)
    server.run_flask(env, "db", "upgrade")
    server.run_flask(env, "demo", timeout=900)
    seeded, listing = accounts(args.members)
    server.seed_accounts(env, seeded)
    server.analyze(env["DATABASE_URL"])
    path = tmp / "accounts.json"
    path.write_text(json.dumps(listing))
    return path


def run_locust(
    instances: list[Instance], args: argparse.Namespace, tmp: Path, accounts_file: Path
) -> tuple[Path, Path, dict[str, Any]]:
    write_log = tmp / "writes.jsonl"
    write_log.touch()
    env = dict(os.environ)
    env.update(
        SOAK_HOSTS=",".join(i.base_url for i in instances),
        SOAK_ACCOUNTS=str(accounts_file),
        SOAK_WRITE_LOG=str(write_log),
    )
    prefix = tmp / "locust"
    cmd = [
        str(server.VENV_BIN / "locust"),
        "-f",
        str(LOCUSTFILE),
        "--headless",
        "-u",
        str(args.users),
        "-r",
        str(args.spawn_rate),
        "-t",
        f"{args.duration}s",
        "--csv",
        str(prefix),
        "--only-summary",
        "--loglevel",
        "WARNING",
        "--exit-code-on-error",
        "0",
    ]
    restart: dict[str, Any] = {}
    proc = subprocess.Popen(cmd, cwd=server.REPO_ROOT, env=env)
    timer = None
    if args.restart:

        def restart_first() -> None:
            started = time.time()
            instances[0].restart()
            restart.update(started=started, ready=time.time())

        timer = threading.Timer(args.duration / 2, restart_first)
        timer.start()
    try:
        proc.wait(timeout=args.duration + 120)
    finally:
        if proc.poll() is None:
            proc.terminate()
            proc.wait(timeout=30)
        if timer is not None:
            timer.join()
    return prefix, write_log, restart


def read_csv(path: str) -> list[dict[str, str]]:
    with Path(path).open(newline="") as source:
        return list(csv.DictReader(source))


def read_stats(prefix: Path) -> dict[str, Any]:
    rows = read_csv(f"{prefix}_stats.csv")
    failures = read_csv(f"{prefix}_failures.csv")
    stats = []
    for row in rows:
        stats.append(
            {
                "type": row["Type"],
                "name": row["Name"],
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "rps": float(row["Requests/s"]),
                "p50": float(row["50%"] or 0),
                "p95": float(row["95%"] or 0),
                "p99": float(row["99%"] or 0),
            }
        )
    errors = [
        {"name": f["Name"], "error": f["Error"], "count": int(f["Occurrences"])} for f in failures
    ]
    refused = sum(e["count"] for e in errors if "HTTP 0," in e["error"])
    server_errors = sum(e["count"] for e in errors if "HTTP 5" in e["error"])
    return {"stats": stats, "errors": errors, "refused": refused, "answers_5xx": server_errors}


def check_database(database_url: str, write_log: Path) -> dict[str, Any]:
    """Every logged write is in the database exactly once; every conflict pair got one
    303 and one 409, the winner's text is the entry's or in its history, and the loser's
    text came back in the 409 page to merge."""
    from sqlalchemy import create_engine, text

    writes = [json.loads(line) for line in write_log.read_text().splitlines() if line]
    kinds = Counter(w["kind"] for w in writes)
    problems: list[str] = []
    engine = create_engine(server._sqlalchemy_url(database_url))
    queries = {
        "comment": "SELECT count(*) FROM comments WHERE body LIKE :pattern",
        "entry": "SELECT count(*) FROM articles WHERE title LIKE :pattern",
        "event": "SELECT count(*) FROM events WHERE title LIKE :pattern",
    }
    with engine.connect() as connection:
        for write in writes:
            query = queries.get(write["kind"])
            if query is None:
                continue
            found = connection.execute(text(query), {"pattern": f"%{write['marker']}%"}).scalar()
            if found != 1:
                problems.append(f"{write['kind']} {write['marker']}: found {found} times")
        for write in writes:
            if write["kind"] != "conflict":
                continue
            if write["statuses"] != [303, 409]:
                problems.append(f"conflict on {write['path']}: answers {write['statuses']}")
                continue
            if not write["loser_text_returned"]:
                problems.append(f"conflict on {write['path']}: the 409 page lost the text")
            winner = write["winner"]
            loser = next(m for m in write["markers"] if m != winner)
            kept = connection.execute(
                text(
                    "SELECT (SELECT count(*) FROM articles WHERE body LIKE :w)"
                    " + (SELECT count(*) FROM article_revisions WHERE body LIKE :w)"
                ),
                {"w": f"%{winner}%"},
            ).scalar()
            stored_loser = connection.execute(
                text(
                    "SELECT (SELECT count(*) FROM articles WHERE body LIKE :l)"
                    " + (SELECT count(*) FROM article_revisions WHERE body LIKE :l)"
                ),
                {"l": f"%{loser}%"},
            ).scalar()
            if not kept:
                problems.append(f"conflict on {write['path']}: the saved edit is missing")
            if stored_loser:
                problems.append(f"conflict on {write['path']}: the refused edit was stored")
        # Likes: the state each member asked for last is the state stored (one row at most
        # per member and target: the primary key).
        wanted: dict[tuple[str, str], bool] = {}
        for write in writes:
            if write["kind"] == "like" and write["fields"].get("liked") in ("0", "1"):
                wanted[(write["user"], write["target"])] = write["fields"]["liked"] == "1"
        for (email, action), state in wanted.items():
            _, _, target_type, target_id, _ = action.split("/")
            stored = connection.execute(
                text(
                    "SELECT count(*) FROM likes JOIN users ON users.id = likes.user_id"
                    " WHERE users.email = :email AND target_type = :type AND target_id = :id"
                ),
                {"email": email, "type": target_type, "id": int(target_id)},
            ).scalar()
            if bool(stored) != state:
                problems.append(f"like by {email} on {action}: asked {state}, stored {stored}")
    engine.dispose()
    return {"writes": dict(kinds), "problems": problems}


def restart_window(prefix: Path, restart: dict[str, Any]) -> dict[str, Any]:
    """Failures per second around the restart, from locust's history file."""
    if not restart:
        return {}
    history = read_csv(f"{prefix}_stats_history.csv")
    window = [
        row
        for row in history
        if row["Name"] == "Aggregated"
        and restart["started"] - 5 <= float(row["Timestamp"]) <= restart["ready"] + 5
    ]
    failures = [int(row["Total Failure Count"]) for row in window]
    return {
        "restart_seconds": round(restart["ready"] - restart["started"], 1),
        "failures_in_window": (failures[-1] - failures[0]) if failures else None,
    }


def soak_setup(name: str, args: argparse.Namespace) -> dict[str, Any]:
    print(f"== {name}: {args.duration} s, {args.users} users", flush=True)
    with tempfile.TemporaryDirectory(prefix=f"amtsnetz-soak-{name}-") as tmp_name:
        tmp = Path(tmp_name)
        key = secrets.token_hex(32)
        if name == "pg2":
            if not server.redis_available(REDIS_URL):
                raise server.SetupError(f"no Redis at {REDIS_URL}")
            server.flush_redis(REDIS_URL)
            context = server.postgres_database(PG_URL, "amtsnetz_soak")
        else:
            from contextlib import nullcontext

            context = nullcontext(f"sqlite:///{tmp / 'soak.db'}")
        with context as database_url:
            env = server.app_env(
                database_url,
                tmp,
                redis_url=REDIS_URL if name == "pg2" else None,
                secret_key=key,
                extra=GENEROUS_LIMITS,
            )
            accounts_file = prepare(env, args, tmp)
            count = 2 if name == "pg2" else 1
            instances = [
                Instance(f"{name}-{i}", env, tmp / f"gunicorn-{i}.log", workers=args.workers)
                for i in range(count)
            ]
            load_before = os.getloadavg()
            with server.running(instances):
                prefix, write_log, restart = run_locust(instances, args, tmp, accounts_file)
            load_after = os.getloadavg()
            result = read_stats(prefix)
            result.update(
                setup=name,
                instances=count,
                duration=args.duration,
                users=args.users,
                load_before=load_before,
                load_after=load_after,
                database=check_database(database_url, write_log),
                restart=restart_window(prefix, restart),
                server_5xx=sum(
                    i.log.read_text(errors="replace").count("Error handling request")
                    for i in instances
                ),
            )
            if name == "pg2":
                server.flush_redis(REDIS_URL)
            return result


def report(result: dict[str, Any]) -> None:
    print()
    print(
        f"{result['setup']}: {result['instances']} instance(s), {result['duration']} s, "
        f"{result['users']} users; load {result['load_before'][0]:.1f} -> "
        f"{result['load_after'][0]:.1f}"
    )
    print(f"{'request':<30} {'n':>6} {'fail':>5} {'req/s':>7} {'p50':>6} {'p95':>6} {'p99':>6}")
    for row in result["stats"]:
        print(
            f"{row['name'][:30]:<30} {row['requests']:>6} {row['failures']:>5} "
            f"{row['rps']:>7.2f} {row['p50']:>6.0f} {row['p95']:>6.0f} {row['p99']:>6.0f}"
        )
    for error in result["errors"]:
        print(f"error: {error['count']} x {error['name']}: {error['error']}")
    print(
        f"refused connections: {result['refused']}; 5xx answers: {result['answers_5xx']}; "
        f"tracebacks in the gunicorn logs: {result['server_5xx']}"
    )
    print(f"writes logged: {result['database']['writes']}")
    for problem in result["database"]["problems"]:
        print(f"PROBLEM: {problem}")
    if result["restart"]:
        print(f"restart: {result['restart']}")


def main() -> int:
    args = parse_args()
    setups = ["pg2", "sqlite1"] if args.setup == "both" else [args.setup]
    results = []
    try:
        for name in setups:
            result = soak_setup(name, args)
            report(result)
            results.append(result)
    except server.SetupError as exc:
        print(f"soak: error: {exc}", file=sys.stderr)
        return 1
    if len(results) == 2:
        totals = [
            next(r["rps"] for r in res["stats"] if r["name"] == "Aggregated") for res in results
        ]
        print(f"\nthroughput two instances / one: {totals[0] / totals[1]:.2f}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    failed = any(r["database"]["problems"] or r["answers_5xx"] for r in results)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
