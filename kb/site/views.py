from __future__ import annotations

from datetime import date

from flask import Response, abort, current_app, jsonify, request, url_for

from kb import health as health_checks
from kb import registry
from kb.cache import anonymous_page_cache
from kb.htmx import render
from kb.http import see_other
from kb.security import safe_next_url
from kb.site import blueprint, sitemap
from kb.site.sections import available_sections
from kb.templating import Deferred


@blueprint.route("/")
@anonymous_page_cache
def index() -> Response:
    return render(
        "site/index.html",
        sections=Deferred(available_sections),
        panels=registry.current().render_panels("start"),
    )


@blueprint.route("/impressum")
@anonymous_page_cache
def imprint() -> Response:
    return render("site/imprint.html")


@blueprint.route("/datenschutz")
@anonymous_page_cache
def privacy() -> Response:
    return render("site/privacy.html")


@blueprint.route("/barrierefreiheit")
@anonymous_page_cache
def accessibility() -> Response:
    statement_date = date.fromisoformat(current_app.config["KB_ACCESSIBILITY_STATEMENT_DATE"])
    return render("site/accessibility.html", statement_date=statement_date)


@blueprint.route("/language/<code>")
def switch_language(code: str) -> Response:
    """Remember the chosen language in a cookie the user asked for by clicking."""
    if code not in current_app.config["KB_LOCALES"]:
        abort(404)
    response = see_other(safe_next_url(request.args.get("next")) or url_for("site.index"))
    response.set_cookie(
        current_app.config["KB_LANGUAGE_COOKIE"],
        code,
        max_age=60 * 60 * 24 * 365,
        secure=current_app.config["SESSION_COOKIE_SECURE"],
        httponly=True,
        samesite="Lax",
    )
    return response


@blueprint.route("/sitemap.xml")
def sitemap_xml() -> Response:
    return Response(sitemap.render_sitemap(), content_type=sitemap.XML)


@blueprint.route("/sitemap-<int(min=1):number>.xml")
def sitemap_part(number: int) -> Response:
    document = sitemap.render_part(number)
    if document is None:
        abort(404)
    return Response(document, content_type=sitemap.XML)


@blueprint.route("/robots.txt")
def robots_txt() -> Response:
    return Response(sitemap.robots_txt(), content_type="text/plain; charset=utf-8")


@blueprint.route("/healthz")
def health() -> tuple[Response, int]:
    """Readiness (kb.health): the database answers at the migrations' head, and Redis
    answers where one is configured. 503 otherwise, naming what is wrong."""
    checks = {"database": health_checks.database_state()}
    redis_state = health_checks.redis_state()
    if redis_state is not None:
        checks["redis"] = redis_state
    ready = all(state == "ok" for state in checks.values())
    return jsonify(status="ok" if ready else "error", **checks), 200 if ready else 503


@blueprint.route("/livez")
def liveness() -> tuple[Response, int]:
    """Liveness: the process answers; it asks nothing else (kb.health)."""
    return jsonify(status="ok"), 200
