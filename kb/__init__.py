"""Amtsnetz: knowledge base and event directory for social media in public authorities."""

from __future__ import annotations

import os
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from kb import addresses, assets, limits
from kb import config as kb_config


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    app = addresses.CanonicalApp(
        __name__,
        instance_path=os.environ.get("KB_INSTANCE_PATH") or None,
        instance_relative_config=True,
        template_folder="../templates",
        static_folder="../static",
    )
    # Every form's body is bounded, urlencoded ones too (kb.limits).
    app.request_class = limits.BoundedRequest
    configure(app, test_config)
    register_extensions(app)
    register_features(app)
    register_errorhandlers(app)
    register_commands(app)
    register_response_hooks(app)
    return app


def configure(app: Flask, test_config: dict[str, Any] | None) -> None:
    app.config.update(kb_config.defaults(app.instance_path))
    app.config.update(kb_config.from_environment(os.environ))
    if test_config:
        app.config.update(test_config)
    if app.config["KB_ENV"] == "testing":
        app.testing = True
    kb_config.finalise(app.config, app.instance_path)
    addresses.configure(app.config)
    # Static files are answered innermost, after the middleware below has checked the
    # host and taken the prefix off the path.
    assets.init_app(app)
    from kb import cache_wsgi

    # Cached pages for readers without a session are answered before Flask and the static
    # files, inside the host check and the prefix middleware (kb.cache_wsgi).
    app.wsgi_app = cache_wsgi.PageCacheMiddleware(  # type: ignore[method-assign]
        app.wsgi_app, app
    )
    if app.config["APPLICATION_ROOT"] != "/":
        app.wsgi_app = addresses.PrefixMiddleware(  # type: ignore[method-assign]
            app.wsgi_app, app.config["APPLICATION_ROOT"]
        )
    if app.config.get("KB_ANSWERED_HOSTS"):
        app.wsgi_app = addresses.TrustedHostMiddleware(  # type: ignore[method-assign]
            app.wsgi_app, app.config["KB_ANSWERED_HOSTS"]
        )
    if app.config["KB_TRUSTED_PROXIES"]:
        # The proxies' client address and scheme only: the host and the prefix come from
        # KB_BASE_URL (kb.addresses), so forwarded host, port and prefix headers are
        # ignored whoever sets them.
        hops = app.config["KB_TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=0, x_port=0, x_prefix=0
        )


def register_extensions(app: Flask) -> None:
    from kb import cache, database, datetimes, i18n, pagemeta, registry, templating
    from kb.extensions import compress, csrf, db, limiter, migrate

    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///"):
        os.makedirs(app.instance_path, exist_ok=True)
    app.jinja_env.add_extension("jinja2.ext.do")
    templating.init_app(app)
    db.init_app(app)
    with app.app_context():
        database.configure_engine(app, db.engine)
        database.refresh_statistics_at_start(app, db.engine)
    migrate.init_app(app, db, render_as_batch=True, compare_type=True)
    # First of the before_request hooks: a cached page is answered before the others run.
    cache.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    if app.config["KB_COMPRESS_PAGES"]:
        # Registered first, so its after_request hook runs last, on the finished page.
        compress.init_app(app)
    i18n.init_app(app)
    datetimes.init_app(app)
    pagemeta.init_app(app)
    registry.init_app(app)


def register_features(app: Flask) -> None:
    """Each feature registers its blueprint, commands and declarations; none imports
    another. The order is the order of their panels and demo content where it ties."""
    from kb import (
        accounts,
        admin,
        articles,
        authorities,
        cases,
        community,
        events,
        moderation,
        notifications,
        search,
        site,
    )
    from kb.http import IdConverter

    app.url_map.converters["int"] = IdConverter  # before any route is added

    for feature in (
        site,
        accounts,
        articles,
        community,
        events,
        authorities,
        cases,
        search,
        moderation,
        notifications,
        admin,
    ):
        feature.init_app(app)


def register_errorhandlers(app: Flask) -> None:
    from kb import errors, unavailable

    errors.init_app(app)
    unavailable.init_app(app)


def register_commands(app: Flask) -> None:
    from kb import cli

    cli.init_app(app)


def register_response_hooks(app: Flask) -> None:
    from kb import htmx, security

    security.init_app(app)
    htmx.init_app(app)
