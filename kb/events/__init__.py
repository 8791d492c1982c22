"""Events (Veranstaltungen): meetups, conferences and series, with calendar feeds."""

from flask import Blueprint

# No URL prefix: the subscribable feed lives at /events.ics beside /events/.
blueprint = Blueprint("events", __name__)

from kb.events import models, views  # noqa: E402, F401  (routes register on import)
