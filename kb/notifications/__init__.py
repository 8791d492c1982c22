"""Notifications in the app (kb.notify): the list, the counter in the header, read marks."""

from __future__ import annotations

from flask import Blueprint, Flask

from kb import registry

blueprint = Blueprint("notifications", __name__)


def init_app(app: Flask) -> None:
    from kb.notifications import declarations, views  # noqa: F401  (views add the routes)
    from kb.notifications.cli import notifications_cli

    app.register_blueprint(blueprint)
    app.cli.add_command(notifications_cli)
    declarations.register(registry.of(app))
