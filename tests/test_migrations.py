"""Migrations go up and down on the engine under test, and match the models."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from kb.extensions import db
from kb.search.models import made_by_the_engine
from tests.conftest import make_app

MIGRATIONS = str(Path(__file__).parent.parent / "migrations")


def table_names() -> set[str]:
    """The tables, without the search engine's own (FTS5 tables on SQLite)."""
    names = set(inspect(db.engine).get_table_names())
    return {name for name in names if not made_by_the_engine(name, "table")}


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    return not (reflected and compare_to is None and made_by_the_engine(name, type_))


def test_upgrade_downgrade_upgrade(empty_database: str) -> None:
    app = make_app(empty_database)
    model_tables = {table.name for table in db.metadata.sorted_tables}
    with app.app_context():
        upgrade(directory=MIGRATIONS)
        assert table_names() == model_tables | {"alembic_version"}
        with db.engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"render_as_batch": True, "include_object": include_object}
            )
            differences = compare_metadata(context, db.metadata)
        assert differences == [], f"models and migrations differ: {differences}"

        engine_tables = set(inspect(db.engine).get_table_names()) - table_names()
        if db.engine.dialect.name == "sqlite":
            assert {"search_fts", "search_titles"} <= engine_tables
        downgrade(directory=MIGRATIONS, revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}

        upgrade(directory=MIGRATIONS)
        assert table_names() == model_tables | {"alembic_version"}
        db.session.remove()
        db.engine.dispose()


def test_single_head() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", MIGRATIONS)
    assert len(ScriptDirectory.from_config(config).get_heads()) == 1
