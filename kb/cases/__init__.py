"""Case studies (Fallstudien): authorities' real projects, structured to be compared."""

from __future__ import annotations

from flask import Blueprint, Flask

from kb import registry

blueprint = Blueprint("cases", __name__, url_prefix="/cases")


def init_app(app: Flask) -> None:
    from kb.cases import declarations, views  # noqa: F401  (views: routes on the blueprint)

    app.register_blueprint(blueprint)
    declarations.register(registry.of(app))
