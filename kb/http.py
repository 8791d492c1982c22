"""What views share: answers (303, 404, 403), loading or 404, and requiring a login.

A POST from a logged-out reader (a like button, a comment form in a page cached for
readers) must come back to the page it was sent from after logging in, not to the
POST-only address: `login_required` knows both cases and answers htmx with HX-Redirect.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from flask import Response, abort, flash, make_response, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import Select
from werkzeug.routing import IntegerConverter, Map

from kb.extensions import db, login_manager
from kb.htmx import is_htmx
from kb.security import safe_next_url

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")

# A form that fails validation is re-rendered with this status, its messages by the fields.
INVALID_FORM = 422
CONFLICT = 409


def see_other(url: str) -> Response:
    """The answer to a successful POST: go to `url` with GET (post/redirect/get)."""
    # redirect() already builds the app's Response, but is annotated with Werkzeug's base
    # class; make_response() passes it through unchanged, typed as Flask's.
    return make_response(redirect(url, code=303))


def one_or_404(statement: Select[T]) -> T:
    record = db.session.scalar(statement)
    if record is None:
        abort(404)
    return record


def require(allowed: bool) -> None:
    """403 unless the policy allows it (use after the record was found and may be seen)."""
    if not allowed:
        abort(403)


def ask_to_log_in(return_to: str | None = None) -> Response:
    """Send a logged-out reader to the login page, coming back to `return_to`."""
    flash(_("Please log in first."), "info")
    login_url = url_for("accounts.login", next=return_to or _coming_from())
    if is_htmx():
        response = Response(status=204)
        response.headers["HX-Redirect"] = login_url
        return response
    return see_other(login_url)


def _coming_from() -> str:
    if request.method in ("GET", "HEAD"):
        return request.full_path.rstrip("?")
    # A POST-only address cannot be shown after the login: go back to the page the form
    # was on, if it is ours.
    return safe_next_url(_same_site_path(request.referrer)) or url_for("site.index")


def _same_site_path(referrer: str | None) -> str | None:
    if not referrer:
        return None
    host_url = request.host_url
    if not referrer.startswith(host_url):
        return None
    return "/" + referrer[len(host_url) :]


def _unauthorised() -> Any:
    if request.method in ("GET", "HEAD") and not is_htmx():
        # Flask-Login's redirect (302, with ?next= and its message).
        return login_manager.unauthorized()
    return ask_to_log_in()


def login_required(view: F) -> F:
    """Only for members; others go to the login page and come back afterwards."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_authenticated:
            return _unauthorised()
        return view(*args, **kwargs)

    return cast(F, wrapped)


def permission_required(allowed: Callable[[Any], bool]) -> Callable[[F], F]:
    """Only for members the policy function `allowed(viewer)` lets in; others get 403."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return _unauthorised()
            require(allowed(current_user))
            return view(*args, **kwargs)

        return cast(F, wrapped)

    return decorator


# The largest id a column holds: PostgreSQL's integer (SQLite's goes further).
MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """`<int:…>` in every route: a number beyond MAX_ID is no address (404), where the
    database would have failed on it (a 500)."""

    def __init__(
        self,
        map: Map,  # Werkzeug's names, min and max too
        fixed_digits: int = 0,
        min: int | None = None,
        max: int | None = MAX_ID,
        signed: bool = False,
    ) -> None:
        super().__init__(map, fixed_digits, min, max, signed)
