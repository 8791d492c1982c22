"""`flask --app wsgi events extend`: keep every series filled ahead (run daily by cron)."""

from __future__ import annotations

from datetime import datetime

import click
from flask.cli import AppGroup

from kb.events import series
from kb.extensions import db

events_cli = AppGroup("events", help="Maintain events and series.")


@events_cli.command("extend")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Extend as if it were this day (default: today, UTC).",
)
def extend_series(today: datetime | None) -> None:
    """Make the next occurrences of every running series (run daily, e.g. by cron)."""
    made = series.extend_all_series(today.date() if today else None)
    db.session.commit()
    click.echo(f"Made {made} new occurrence{'' if made == 1 else 's'}.")
