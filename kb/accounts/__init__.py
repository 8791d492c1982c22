"""Accounts: registration, login, sessions, profiles, password changes and resets."""

from flask import Blueprint

blueprint = Blueprint("accounts", __name__)

from kb.accounts import views  # noqa: E402, F401  (routes register on import)
