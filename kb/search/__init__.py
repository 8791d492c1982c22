"""Search across every searchable content type, in German and English.

The index (kb.search.models) holds a document per public record of each type whose
registry declaration has a `search` part; kb.search.sync keeps it in step with the
records in the same transaction, `flask search reindex` rebuilds it.
"""

from __future__ import annotations

from flask import Blueprint, Flask

blueprint = Blueprint("search", __name__)


def init_app(app: Flask) -> None:
    from kb import registry
    from kb.search import cli, declarations, sync, views  # noqa: F401  (routes)

    sync.install()
    declarations.register(registry.of(app))
    app.register_blueprint(blueprint)
    app.cli.add_command(cli.search)
