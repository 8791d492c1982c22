"""Notifications in the app (kb.notify): the list, the counter in the header, read marks."""

from __future__ import annotations

from flask import Blueprint, Flask

from kb import registry

blueprint = Blueprint("notifications", __name__)


def init_app(app: Flask) -> None:
    from kb.notifications import declarations

    app.register_blueprint(blueprint)
    declarations.register(registry.of(app))
