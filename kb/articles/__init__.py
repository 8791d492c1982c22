"""Best-practice entries (Praxiswissen): writing, revisions, the list and the feed."""

from flask import Blueprint

blueprint = Blueprint("articles", __name__, url_prefix="/articles")

from kb.articles import models, views  # noqa: E402, F401  (routes register on import)
