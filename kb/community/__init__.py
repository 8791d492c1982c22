"""Comments, likes and bookmarks on every kind of content the registry marks `community`."""

from __future__ import annotations

from flask import Blueprint, Flask

from kb import registry

blueprint = Blueprint("community", __name__)


def init_app(app: Flask) -> None:
    from kb.community import declarations, views  # noqa: F401  (views: routes on the blueprint)

    app.register_blueprint(blueprint)
    declarations.register(registry.of(app))
