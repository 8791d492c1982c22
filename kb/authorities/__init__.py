"""The directory of authorities, their social-media accounts, and the census built on it."""

from __future__ import annotations

from flask import Blueprint, Flask

from kb import registry

blueprint = Blueprint("authorities", __name__, url_prefix="/authorities")


def init_app(app: Flask) -> None:
    from kb.authorities import changes, declarations, downloads, views  # noqa: F401  (routes)
    from kb.authorities.cli import authorities_cli

    changes.listen()
    app.register_blueprint(blueprint)
    app.cli.add_command(authorities_cli)
    declarations.register(registry.of(app))
