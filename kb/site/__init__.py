"""The start page, the legal pages, the language switch and the health check."""

from flask import Blueprint

blueprint = Blueprint("site", __name__)

from kb.site import views  # noqa: E402, F401  (routes register on import)


@blueprint.app_context_processor
def navigation() -> dict[str, object]:
    from kb.site.sections import available_sections

    return {"nav_sections": available_sections()}
