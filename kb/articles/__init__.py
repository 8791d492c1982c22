"""Best-practice entries (Praxiswissen): writing, revisions, the list and the feed."""

from __future__ import annotations

from flask import Blueprint, Flask

from kb import registry

blueprint = Blueprint("articles", __name__, url_prefix="/articles")


def init_app(app: Flask) -> None:
    from kb.articles import declarations, views  # noqa: F401  (views: routes on the blueprint)

    app.register_blueprint(blueprint)
    declarations.register(registry.of(app))
