"""Extension objects, created unbound and wired to the app in create_app()."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Response, current_app, request, session
from flask_babel import Babel
from flask_compress import Compress
from flask_limiter import Limiter
from flask_login import LoginManager, current_user
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    # Stable constraint names let Alembic's batch mode rebuild SQLite tables and drop
    # constraints by name on both engines.
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


def client_address() -> str:
    # ProxyFix (configured by KB_TRUSTED_PROXIES) has already put the real client in remote_addr.
    return request.remote_addr or "unknown"


db = SQLAlchemy(model_class=Base)

# mypy cannot subclass the class attribute db.Model (Flask-SQLAlchemy #1186), so models
# subclass this name: Base for the type checker, the real db.Model at run time.
if TYPE_CHECKING:
    Model = Base
else:
    Model = db.Model

migrate = Migrate()
login_manager = LoginManager()
babel = Babel()
csrf = CSRFProtect()
limiter = Limiter(key_func=client_address)


def per_member() -> str:
    """Rate limits per account (colleagues in one authority often share one address);
    per address for requests without a session."""
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return client_address()


def _post_limit() -> str:
    return str(current_app.config["KB_POST_LIMIT"])


def _is_new_post(response: Response) -> bool:
    """What counts against the posting limit: a member's request that stored something
    (not a refused form, a preview or a logged-out reader sent to log in)."""
    return (
        current_user.is_authenticated
        and response.status_code < 400
        and request.form.get("action") != "preview"
    )


# One budget of new posts per member, shared by entries, case studies, events and
# comments (KB_POST_LIMIT): whoever floods one kind of content cannot go on with the next.
post_limit = limiter.shared_limit(
    _post_limit, scope="posting", key_func=per_member, methods=["POST"], deduct_when=_is_new_post
)


class PublicPageCompress(Compress):
    """Compresses only pages that carry no secret of the reader's.

    A compressed page that holds a secret (the CSRF token of a session) next to text the
    request chose (a search query) leaks the secret through its length to whoever watches
    the traffic (BREACH). Readers without a session get pages without secrets, and they are
    most of the traffic; pages for a session go out as they are.
    """

    def after_request(self, response: Response | None) -> Response:
        if response is not None and (
            current_app.config["SESSION_COOKIE_NAME"] in request.cookies or session
        ):
            return response
        return super().after_request(response)


compress = PublicPageCompress()
