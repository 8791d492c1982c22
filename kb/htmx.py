"""htmx support: one URL answers with a full page or, for htmx, with just one template block."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, current_app, get_flashed_messages, render_template, request

FRAGMENT_VARY = "HX-Request"


def is_htmx() -> bool:
    return request.headers.get("HX-Request") == "true"


def wants_fragment() -> bool:
    """True for htmx requests that swap part of a page.

    Boosted navigation and history restoration need the whole page.
    """
    return (
        is_htmx()
        and request.headers.get("HX-Boosted") != "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def render_block(template_name: str, block: str, **context: Any) -> str:
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    template = app.jinja_env.get_or_select_template(template_name)
    app.update_template_context(context)
    block_render = template.blocks[block]
    return "".join(block_render(template.new_context(context)))


def render(
    template_name: str, block: str | None = None, status: int = 200, **context: Any
) -> Response:
    """Render a page, or only `block` of it for an htmx request.

    Messages flashed during the request travel with a fragment as an out-of-band swap
    into the layout's permanent live region, so screen readers announce them.
    """
    if block and wants_fragment():
        body = render_block(template_name, block, **context)
        body += render_template("_live_region.html", oob=True, messages=get_flashed_messages(True))
    else:
        body = render_template(template_name, **context)
    return Response(body, status=status, mimetype="text/html")


def init_app(app: Flask) -> None:
    @app.after_request
    def vary_on_htmx(response: Response) -> Response:
        if response.mimetype == "text/html":
            # The same URL answers differently per htmx, language choice and session.
            response.vary.update((FRAGMENT_VARY, "Accept-Language", "Cookie"))
        return response
