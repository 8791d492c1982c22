"""When the database does not answer (restarting, failing over, unreachable): a 503 page
that needs nothing from it, instead of a 500.

SQLAlchemy marks the connections of a dropped server invalid and the pool makes new ones,
so once the database is back the next request succeeds: no restart of the app.
"""

from __future__ import annotations

from flask import Flask, Response, current_app
from flask_babel import get_locale
from sqlalchemy.exc import InterfaceError, OperationalError

from kb.extensions import db

# Seconds a client is asked to wait before trying again (RFC 9110, Retry-After).
RETRY_AFTER = 30


def unavailable_page() -> Response:
    """The page in the reader's language, rendered without the layout (whose header reads
    the session and the notifications from the database) and without the context
    processors (Flask-Login's loads the member from the database)."""
    template = current_app.jinja_env.get_template("errors/unavailable.html")
    body = template.render(config=current_app.config, current_locale=str(get_locale()))
    response = Response(body, status=503, mimetype="text/html")
    response.headers["Retry-After"] = str(RETRY_AFTER)
    response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    def database_unavailable(error: Exception) -> Response:
        current_app.logger.warning("database unavailable: %s", error)
        try:
            db.session.rollback()
        except Exception:  # the connection may be gone; the session is reset anyway
            db.session.remove()
        return unavailable_page()
