"""The start page, the legal pages, the language switch and the health check."""

from __future__ import annotations

from flask import Blueprint, Flask, request

blueprint = Blueprint("site", __name__)


def init_app(app: Flask) -> None:
    from kb.site import views  # noqa: F401  (routes on the blueprint)
    from kb.site.sections import available_sections

    @app.context_processor
    def navigation() -> dict[str, object]:
        return {"nav_sections": available_sections()}

    @app.template_global()
    def current_nav() -> tuple[str, ...]:
        """The navigation links marked as the current page (a key for the layout's kept
        header, kb.templating.shared_html)."""
        path = request.path
        return tuple(
            link.url for link in available_sections() if link.url and path.startswith(link.url)
        )

    app.register_blueprint(blueprint)
