"""Case studies (Fallstudien): authorities' real projects, structured to be compared."""

from flask import Blueprint

blueprint = Blueprint("cases", __name__, url_prefix="/cases")

from kb.cases import models, views  # noqa: E402, F401  (routes register on import)
