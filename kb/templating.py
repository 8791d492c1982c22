"""Jinja settings and helpers that make rendering cheaper.

Templates are compiled once per worker anyway (Flask's environment keeps them, and
reloading is off outside debug mode); the bytecode cache also saves that compilation
when a worker starts, which with gunicorn's restarts and several workers adds up.
Jinja checks each cached file against its template's source, so an edited template is
never served from a stale entry.
"""

from __future__ import annotations

import logging
import os

from flask import Flask
from flask_login import current_user
from jinja2 import FileSystemBytecodeCache
from markupsafe import Markup
from sqlalchemy.exc import SQLAlchemyError

from kb import forms, registry

# The panels features add to the header's account menu for logged-in members (the
# notifications with their counter, the moderation queue, the administration): each
# renders one <li> of that list, and is given `user`.
HEADER_MEMBER_SLOT = "header.member"

log = logging.getLogger(__name__)


def header_member_panels() -> list[Markup]:
    """The header's member panels; nothing (and no query) for readers who are not logged in."""
    if not current_user.is_authenticated:
        return []
    try:
        return registry.current().render_panels(
            HEADER_MEMBER_SLOT,
            user=current_user._get_current_object(),
        )
    except SQLAlchemyError:
        # The error page of a failing database still renders, without the counters.
        log.warning("header panels left out: the database did not answer", exc_info=True)
        return []


def bytecode_cache_dir(app: Flask) -> str:
    return app.config.get("KB_TEMPLATE_CACHE_DIR") or os.path.join(app.instance_path, "jinja-cache")


def report_url(type_name: str, record_id: int) -> str | None:
    """Where a reader reports a record (kb.registry.Registry.report_url), for templates
    that show another feature's records (a comment's report link)."""
    return registry.current().reporting_url(type_name, record_id)


def init_app(app: Flask) -> None:
    app.add_template_global(forms.quick_select, "quick_select")
    app.add_template_global(report_url, "report_url")
    app.add_template_global(header_member_panels, "header_member_panels")
    if not app.config["KB_TEMPLATE_BYTECODE_CACHE"]:
        return
    directory = bytecode_cache_dir(app)
    try:
        os.makedirs(directory, exist_ok=True)
    except OSError:
        directory = ""
    if not directory or not os.access(directory, os.W_OK):
        # A read-only instance folder costs only the start-up compilation; Jinja would
        # fail on every first render if it could not write its cache files.
        app.logger.warning("Template bytecode cache off: cannot write to %s", directory)
        return
    app.jinja_env.bytecode_cache = FileSystemBytecodeCache(directory)
