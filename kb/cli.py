"""Command-line tools: `flask --app wsgi users create`, `events extend`, `backup`, `demo`,
`init-secret`."""

from __future__ import annotations

import sqlite3
import sys
from datetime import datetime
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from kb.accounts import passwords, service
from kb.accounts.forms import POLICY_MESSAGES
from kb.accounts.models import Role
from kb.authorities.cli import authorities_cli
from kb.config import write_secret_key
from kb.events import service as event_service
from kb.extensions import db

users = AppGroup("users", help="Manage user accounts.")


@users.command("create")
@click.argument("email")
@click.option("--name", "display_name", help="Name shown to others (default: from the address).")
@click.option("--admin", "role", flag_value=Role.ADMIN.value, help="Give the admin role.")
@click.option(
    "--moderator", "role", flag_value=Role.MODERATOR.value, help="Give the moderator role."
)
@click.password_option(help="Prompted for when not given (reads stdin when not a terminal).")
def create_user(email: str, display_name: str | None, role: str | None, password: str) -> None:
    """Create an account for EMAIL."""
    if service.find_user_by_email(email):
        raise click.ClickException(f"{email} is already registered.")
    display_name = display_name or email.split("@")[0].replace(".", " ").title()
    problem = passwords.policy_problem(password, [email, display_name])
    if problem:
        raise click.ClickException(str(POLICY_MESSAGES[problem]))
    user = service.create_user(email, password, display_name, role=Role(role or Role.MEMBER.value))
    db.session.commit()
    click.echo(f"Created {user.role.value} {user.email} (/users/{user.name}).")


event_commands = AppGroup("events", help="Maintain events and series.")


@event_commands.command("extend")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Extend as if it were this day (default: today, UTC).",
)
def extend_series(today: datetime | None) -> None:
    """Make the next occurrences of every running series (run daily, e.g. by cron)."""
    made = event_service.extend_all_series(today.date() if today else None)
    db.session.commit()
    click.echo(f"Made {made} new occurrence{'' if made == 1 else 's'}.")


@click.command("backup")
@with_appcontext
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
def backup(target: Path) -> None:
    """Write a consistent copy of the SQLite database to TARGET (the app may keep running)."""
    engine = db.engine
    if engine.dialect.name != "sqlite":
        click.echo(
            "The database is PostgreSQL: back it up with pg_dump, for example\n"
            '  pg_dump --format=custom --file=amtsnetz.dump "$DATABASE_URL"\n'
            "and restore with pg_restore --clean --dbname=... amtsnetz.dump",
            err=True,
        )
        sys.exit(2)
    if target.exists():
        raise click.ClickException(f"{target} exists; choose a new file name.")
    source_path = engine.url.database
    if not source_path or source_path == ":memory:":
        raise click.ClickException("The database is in memory; there is nothing to back up.")
    target.parent.mkdir(parents=True, exist_ok=True)
    # The online backup API copies a consistent snapshot even while others write (WAL).
    with sqlite3.connect(source_path) as source, sqlite3.connect(target) as copy:
        source.backup(copy)
        result = copy.execute("PRAGMA integrity_check").fetchone()[0]
    if result != "ok":
        raise click.ClickException(f"The copy failed its integrity check: {result}")
    click.echo(f"Backed up {source_path} to {target}.")


@click.command("demo")
@click.option("--articles", default=0, show_default=True, help="Add this many synthetic entries.")
@click.option("--events", default=0, show_default=True, help="Add this many synthetic events.")
@click.option(
    "--authorities",
    default=0,
    show_default=True,
    help="Add this many synthetic authorities (with about three accounts each).",
)
@with_appcontext
def demo(articles: int, events: int, authorities: int) -> None:
    """Load the demo content (idempotent: running it again changes nothing)."""
    from kb import demo as demo_content

    summary = demo_content.load(articles=articles, events=events, authorities=authorities)
    db.session.commit()
    for line in summary:
        click.echo(line)


@click.command("init-secret")
@with_appcontext
def init_secret() -> None:
    """Create instance/secret_key once, for `make run` (never overwrites)."""
    path = write_secret_key(current_app.instance_path)
    click.echo(f"Secret key in {path}.")


def init_app(app: Flask) -> None:
    app.cli.add_command(users)
    app.cli.add_command(event_commands)
    app.cli.add_command(authorities_cli)
    app.cli.add_command(backup)
    app.cli.add_command(demo)
    app.cli.add_command(init_secret)
