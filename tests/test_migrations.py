"""Migrations go up and down on the engine under test, and match the models."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from kb.extensions import db
from tests.conftest import make_app

MIGRATIONS = str(Path(__file__).parent.parent / "migrations")


def table_names() -> set[str]:
    return set(inspect(db.engine).get_table_names())


def test_upgrade_downgrade_upgrade(empty_database: str) -> None:
    app = make_app(empty_database)
    model_tables = {table.name for table in db.metadata.sorted_tables}
    with app.app_context():
        upgrade(directory=MIGRATIONS)
        assert table_names() == model_tables | {"alembic_version"}
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"render_as_batch": True})
            differences = compare_metadata(context, db.metadata)
        assert differences == [], f"models and migrations differ: {differences}"

        downgrade(directory=MIGRATIONS, revision="base")
        assert table_names() <= {"alembic_version"}

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
