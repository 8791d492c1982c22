"""Administration under /admin/: members and roles, topics and platforms, the audit log."""

from __future__ import annotations

from flask import Blueprint, Flask

from kb import registry

blueprint = Blueprint("admin", __name__)


def init_app(app: Flask) -> None:
    from kb.admin import declarations, views  # noqa: F401  (views registers the routes)

    app.register_blueprint(blueprint)
    declarations.register(registry.of(app))
