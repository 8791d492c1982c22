"""Static checks over every template: the CSP forbids inline scripts and handlers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

TEMPLATES = sorted((Path(__file__).parent.parent / "templates").rglob("*.html"))
# Inline scripts are forbidden (CSP script-src 'self'); a JSON-LD data block is not a script.
INLINE_SCRIPT = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/ld\+json\")[^>]*>", re.I
)
HANDLER = re.compile(r"\s(on[a-z]+|hx-on[:\-a-z]*)\s*=", re.I)
FOREIGN_ASSET = re.compile(r"<(script|link|img|iframe)[^>]+(src|href)=\"(https?:)?//", re.I)


def test_templates_exist() -> None:
    assert len(TEMPLATES) >= 10


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: path.name)
def test_no_inline_script_or_handler(template: Path) -> None:
    source = template.read_text("utf-8")
    assert not INLINE_SCRIPT.search(source), f"inline <script> in {template}"
    assert not HANDLER.search(source), f"event-handler attribute in {template}"
    assert not FOREIGN_ASSET.search(source), f"asset from another host in {template}"


def test_the_checks_catch_what_they_should() -> None:
    assert INLINE_SCRIPT.search("<script>alert(1)</script>")
    assert not INLINE_SCRIPT.search('<script src="/static/x.js" defer></script>')
    assert HANDLER.search('<a href="#" onclick="x()">')
    assert HANDLER.search('<div hx-on:click="x()">')
    assert FOREIGN_ASSET.search('<script src="https://cdn.example/x.js">')
