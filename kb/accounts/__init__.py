"""Accounts: registration, login, sessions, profiles, password changes and resets, the
data export and deletion."""

from __future__ import annotations

from flask import Blueprint, Flask

from kb import registry

blueprint = Blueprint("accounts", __name__)


def init_app(app: Flask) -> None:
    from kb.accounts import auth, declarations, views  # noqa: F401  (views: routes)
    from kb.accounts.cli import users_cli

    auth.init_app(app)
    app.register_blueprint(blueprint)
    app.cli.add_command(users_cli)
    declarations.register(registry.of(app))
