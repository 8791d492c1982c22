"""Events (Veranstaltungen): meetups, conferences and series, with calendar feeds."""

from __future__ import annotations

from flask import Blueprint, Flask

from kb import registry

# No URL prefix: the subscribable feed lives at /events.ics beside /events/.
blueprint = Blueprint("events", __name__)


def init_app(app: Flask) -> None:
    from kb.events import declarations, display, views  # noqa: F401  (views: routes)
    from kb.events.cli import events_cli

    app.register_blueprint(blueprint)
    display.init_app(app)
    app.cli.add_command(events_cli)
    declarations.register(registry.of(app))
