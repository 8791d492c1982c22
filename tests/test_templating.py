"""The Jinja bytecode cache (kb.templating): compiled templates kept on disk for new workers."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from flask import Flask

from kb import config as kb_config


def test_a_new_worker_loads_compiled_templates_instead_of_compiling(
    app_factory: Any, tmp_path: Path
) -> None:
    folder = tmp_path / "jinja-cache"
    first = app_factory(KB_TEMPLATE_BYTECODE_CACHE=True, KB_TEMPLATE_CACHE_DIR=str(folder))
    page = first.test_client().get("/impressum")
    assert page.status_code == 200
    assert list(folder.glob("*.cache"))

    second = app_factory(KB_TEMPLATE_BYTECODE_CACHE=True, KB_TEMPLATE_CACHE_DIR=str(folder))
    compiled: list[str | None] = []
    compile_source = second.jinja_env.compile

    def counting_compile(source: Any, name: str | None = None, *args: Any, **kwargs: Any) -> Any:
        compiled.append(name)
        return compile_source(source, name, *args, **kwargs)

    second.jinja_env.compile = counting_compile  # type: ignore[method-assign]
    again = second.test_client().get("/impressum")
    assert again.status_code == 200
    assert again.get_data(as_text=True).count("<main") == 1
    assert "base.html" not in compiled and "site/imprint.html" not in compiled


def test_a_folder_that_cannot_be_written_leaves_it_off(app_factory: Any, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    app = app_factory(
        KB_TEMPLATE_BYTECODE_CACHE=True, KB_TEMPLATE_CACHE_DIR=str(blocker / "jinja-cache")
    )
    assert app.jinja_env.bytecode_cache is None
    assert app.test_client().get("/impressum").status_code == 200


def test_on_in_production_off_in_tests(app: Flask, tmp_path: Path) -> None:
    assert app.jinja_env.bytecode_cache is None
    settings = {**kb_config.defaults(str(tmp_path)), "SECRET_KEY": secrets.token_hex(32)}
    kb_config.finalise(settings, str(tmp_path))
    assert settings["KB_ENV"] == "production"
    assert settings["KB_TEMPLATE_BYTECODE_CACHE"] is True


def test_quick_select_writes_what_wtforms_writes(app: Flask) -> None:
    from flask_babel import lazy_gettext
    from wtforms import Form, SelectField
    from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]
    from wtforms.widgets import Select

    from kb.forms import QuickSelect, quick_select

    class Filters(Form):
        land = SelectField(
            choices=[
                SelectChoice("", lazy_gettext("All Länder")),
                SelectChoice("BY", "Bayern"),
                SelectChoice("x", '<b>"Hostile" & co</b>'),
                SelectChoice('"><script>', ""),
                SelectChoice("off", "Closed", render_kw={"disabled": True}),
            ]
        )

    with app.test_request_context(headers={"Accept-Language": "de"}):
        written = {}
        for chosen in ("", "BY", "x"):
            expected = str(Filters(data={"land": chosen}).land(class_="kern", aria_invalid="true"))
            form = Filters(data={"land": chosen})
            written[chosen] = str(quick_select(form.land, class_="kern", aria_invalid="true"))
            assert type(form.land.widget) is QuickSelect
            assert written[chosen] == expected
        assert '<option selected value="">Alle Bundesländer</option>' in written[""]
        assert '<option selected value="BY">Bayern</option>' in written["BY"]
        assert "<script>" not in written["x"] and "&lt;b&gt;" in written["x"]
        assert '<option disabled value="off">Closed</option>' in written["x"]
        # Other widgets (a multiple select, say) are left as they are.
        field = Filters().land
        field.widget = Select(multiple=True)
        quick_select(field)
        assert type(field.widget) is Select
