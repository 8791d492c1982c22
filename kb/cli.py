"""The app's own commands: `backup`, `demo`, `init-secret`. Features add theirs
(`users`, `events`, `authorities`) in their init_app()."""

from __future__ import annotations

import importlib.util
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from types import ModuleType

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy.engine import URL

from kb import database, registry
from kb.config import write_secret_key
from kb.extensions import db
from kb.registry import DemoStep
from kb.taxonomy import seed_taxonomy


@click.command("backup")
@with_appcontext
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
def backup(target: Path) -> None:
    """Write a consistent copy of the database to TARGET while the app keeps running:
    SQLite's online backup, or on PostgreSQL `pg_dump --format=custom` (restore it with
    `pg_restore`, README "Backup and restore")."""
    if target.exists():
        raise click.ClickException(f"{target} exists; choose a new file name.")
    target.parent.mkdir(parents=True, exist_ok=True)
    engine = db.engine
    if engine.dialect.name == "postgresql":
        _pg_dump(engine.url, target)
        click.echo(f"Backed up the database {engine.url.database} to {target} (pg_dump).")
        return
    source_path = engine.url.database
    if not source_path or source_path == ":memory:":
        raise click.ClickException("The database is in memory; there is nothing to back up.")
    # The online backup API copies a consistent snapshot even while others write (WAL).
    with sqlite3.connect(source_path) as source, sqlite3.connect(target) as copy:
        source.backup(copy)
        result = copy.execute("PRAGMA integrity_check").fetchone()[0]
    if result != "ok":
        raise click.ClickException(f"The copy failed its integrity check: {result}")
    click.echo(f"Backed up {source_path} to {target}.")


def _pg_dump(url: URL, target: Path) -> None:
    """pg_dump in one consistent snapshot; the password goes in the environment, not on
    the command line (where `ps` would show it)."""
    pg_dump, pg_restore = shutil.which("pg_dump"), shutil.which("pg_restore")
    if pg_dump is None or pg_restore is None:
        raise click.ClickException("pg_dump is not installed (Debian: postgresql-client).")
    environment = dict(os.environ)
    if url.password:
        environment["PGPASSWORD"] = str(url.password)
    libpq = url.set(drivername="postgresql", password=None).render_as_string()
    # The arguments are the configured database and the operator's file name.
    dumped = subprocess.run(  # noqa: S603
        [pg_dump, "--format=custom", "--no-owner", f"--file={target}", libpq],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    if dumped.returncode != 0:
        target.unlink(missing_ok=True)
        raise click.ClickException(f"pg_dump failed: {dumped.stderr.strip()}")
    listed = subprocess.run(  # noqa: S603
        [pg_restore, "--list", str(target)], capture_output=True, text=True, check=False
    )
    if listed.returncode != 0:
        raise click.ClickException(f"The dump cannot be read back: {listed.stderr.strip()}")


@click.command("demo")
@click.option(
    "--articles",
    default=0,
    type=click.IntRange(min=0),
    show_default=True,
    help="Add this many synthetic entries.",
)
@click.option(
    "--events",
    default=0,
    type=click.IntRange(min=0),
    show_default=True,
    help="Add this many synthetic events.",
)
@click.option(
    "--authorities",
    default=0,
    type=click.IntRange(min=0),
    show_default=True,
    help="Add this many synthetic authorities (with about three accounts each).",
)
@with_appcontext
def demo(articles: int, events: int, authorities: int) -> None:
    """Load the demo content (idempotent: running it again changes nothing).

    Each feature declares its part as a demo step; the synthetic data for benchmarks
    comes from the repository's tests/bench/synthetic.py.
    """
    steps = list(registry.current().demo_steps)
    if articles or events or authorities:
        synthetic = _synthetic_module()
        steps += synthetic.demo_steps(articles=articles, events=events, authorities=authorities)
        steps.sort(key=lambda step: step.order)
    summary = [step.load() for step in steps]
    db.session.commit()
    database.refresh_statistics_after_bulk_writes()
    for line in summary:
        click.echo(line)


def synthetic_path() -> Path:
    """tests/bench/synthetic.py of the checkout the app runs from."""
    return Path(current_app.root_path).parent / "tests" / "bench" / "synthetic.py"


def _synthetic_module() -> ModuleType:
    path = synthetic_path()
    if not path.is_file():
        raise click.ClickException(
            f"--articles, --events and --authorities need {path}: the synthetic data for "
            "benchmarks comes with the repository, not with the installed app."
        )
    spec = importlib.util.spec_from_file_location("amtsnetz_synthetic", path)
    if spec is None or spec.loader is None:
        raise click.ClickException(f"{path} cannot be loaded as a Python module.")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def seed_taxonomy_step() -> str:
    return f"Topics and platforms: {seed_taxonomy()} created."


@click.command("init-secret")
@with_appcontext
def init_secret() -> None:
    """Create instance/secret_key once, for `make run` (never overwrites)."""
    path = write_secret_key(current_app.instance_path)
    click.echo(f"Secret key in {path}.")


def init_app(app: Flask) -> None:
    app.cli.add_command(backup)
    app.cli.add_command(demo)
    # Topics and platforms are the core's: after the demo users, before any content.
    registry.of(app).add_demo_step(DemoStep("taxonomy", seed_taxonomy_step, order=20))
    app.cli.add_command(init_secret)
