"""The registry of authorities, their social-media accounts, and the census built on it."""

from flask import Blueprint

blueprint = Blueprint("authorities", __name__, url_prefix="/authorities")

from kb.authorities import models, views  # noqa: E402, F401  (routes register on import)
