"""Trust and safety: reports on every kind of content, one moderation queue, decisions
with statements of reasons, appeals, watched words."""

from __future__ import annotations

from flask import Blueprint, Flask

from kb import registry

blueprint = Blueprint("moderation", __name__)


def init_app(app: Flask) -> None:
    from kb.moderation import (  # noqa: F401  (the views: routes on the blueprint)
        decision_views,
        declarations,
        queue_declarations,
        queue_views,
        report_views,
        reports,
        suspension_appeals,
        watched_views,
    )

    app.register_blueprint(blueprint)
    declarations.register(registry.of(app))
    reports.register(registry.of(app))
    queue_declarations.register(registry.of(app))
