"""Trust and safety: reports on every kind of content, one moderation queue, decisions
with statements of reasons, appeals, watched words."""

from __future__ import annotations

from flask import Blueprint, Flask

from kb import registry

blueprint = Blueprint("moderation", __name__)


def init_app(app: Flask) -> None:
    from kb.moderation import declarations, watched_views  # noqa: F401  (its routes)

    app.register_blueprint(blueprint)
    declarations.register(registry.of(app))
