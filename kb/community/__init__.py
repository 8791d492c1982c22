"""Comments, likes and bookmarks on any kind of content (entries now; cases and events later)."""

from flask import Blueprint

blueprint = Blueprint("community", __name__)

from kb.community import models, views  # noqa: E402, F401  (routes register on import)
