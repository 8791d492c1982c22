"""Error pages in the layout and in the user's language."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import Flask, Response, render_template
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError
from werkzeug.wrappers import Response as WerkzeugResponse

from kb.cursors import CURSOR_TEXT, InvalidCursor
from kb.datetimes import clock, timestamp
from kb.extensions import db, limiter
from kb.htmx import render, wants_fragment

# Each title names the situation in plain words, each text says what to do next.
ERROR_TEXTS = {
    400: (
        _l("Bad request"),
        _l("The request could not be understood. Please go back, reload the page and try again."),
    ),
    403: (
        _l("Access denied"),
        _l(
            "You are not allowed to do this. If you think you should be, log in, or ask the "
            "moderators."
        ),
    ),
    404: (
        _l("Page not found"),
        _l(
            "There is no page at this address. Perhaps it has been moved or deleted. Check the "
            "address, or search for what you were looking for."
        ),
    ),
    405: (
        _l("Method not allowed"),
        _l("This address does not accept this kind of request. Please go back and try again."),
    ),
    409: (
        _l("Changed in the meantime"),
        _l(
            "Someone else changed this in the meantime. Reload the page to see the current "
            "version, then make your change again."
        ),
    ),
    413: (
        _l("Too much data"),
        _l("What you sent is too large. Please shorten the text and send it again."),
    ),
    422: (_l("Please check your input"), _l("Please check your input and send the form again.")),
    429: (
        _l("Too many requests"),
        _l("You have sent too many requests in a short time. Please wait a minute and try again."),
    ),
    500: (
        _l("Server error"),
        _l(
            "Something went wrong on our side. We have been notified. Please try again in a few "
            "minutes; if it keeps happening, the imprint says how to reach us."
        ),
    ),
}

CSRF_TEXT = _l(
    "Your form could not be sent because its security token was missing or invalid. "
    "Please reload the page and send it again."
)


def retry_text() -> str | None:
    """When a member who hit a rate limit may try again, in their language and time zone."""
    limit = limiter.current_limit
    if limit is None or not limit.breached:
        return None
    retry_at = datetime.fromtimestamp(limit.reset_at, UTC)
    if retry_at - datetime.now(UTC) < timedelta(hours=20):
        when = clock(retry_at)
    else:
        when = timestamp(retry_at)
    text: str = _(
        "You have sent too many requests in a short time. You can try again at %(time)s.",
        time=when,
    )
    return text


def render_error(code: int, detail: str | None = None) -> Response:
    title, text = ERROR_TEXTS.get(code, ERROR_TEXTS[500])
    if wants_fragment():
        # An htmx request keeps the page as it is and hears the error in the live region.
        body = render_template(
            "_live_region.html", oob=True, messages=[("danger", f"{title}. {detail or text}")]
        )
        response = Response(body, status=code, mimetype="text/html")
        response.headers["HX-Reswap"] = "none"
        return response
    return render("errors/error.html", code=code, title=title, text=detail or text, status=code)


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> Response:
        db.session.rollback()
        return render_error(400, str(CSRF_TEXT))

    @app.errorhandler(InvalidCursor)
    def cursor_error(error: InvalidCursor) -> Response:
        return render_error(400, str(CURSOR_TEXT))

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> WerkzeugResponse:
        code = error.code or 500
        if code not in ERROR_TEXTS or code < 400:
            return error.get_response()
        response = render_error(code, retry_text() if code == 429 else None)
        for name in ("Retry-After", "Allow"):
            value = error.get_response().headers.get(name)
            if value:
                response.headers[name] = value
        return response

    @app.errorhandler(InternalServerError)
    def server_error(error: InternalServerError) -> Response:
        db.session.rollback()
        return render_error(500)
