"""`flask --app wsgi notifications prune`: delete read notifications past their time
(run daily, e.g. by cron)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from kb.extensions import db
from kb.notifications import service

notifications_cli = AppGroup("notifications", help="Maintain members' notifications.")


@notifications_cli.command("prune")
def prune() -> None:
    """Delete read notifications older than 180 days (unread ones stay)."""
    removed = service.prune()
    db.session.commit()
    click.echo(f"Deleted {removed} read notification{'' if removed == 1 else 's'}.")
