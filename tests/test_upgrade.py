"""A database made by the release before the content core upgrades with nothing lost.

tests/data/release-0004.json.gz is every table of such a database (the demo content and
a member's entry with a revision, comment, like, bookmark, event and case study, made
through the old release's pages; see tests/data/make_release_fixture.py). The test puts
it into a database at that revision, upgrades to head, and compares every row.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from flask_migrate import upgrade
from sqlalchemy import (
    Column,
    Connection,
    Date,
    DateTime,
    MetaData,
    Numeric,
    Table,
    Time,
    inspect,
    select,
    text,
)

from kb.articles.models import Article, article_coauthors
from kb.extensions import db
from kb.users import User, name_skeleton
from tests.conftest import make_app
from tests.test_migrations import MIGRATIONS

FIXTURE = Path(__file__).parent / "data" / "release-0004.json.gz"
RELEASE_REVISION = "0004_registry_cases"


def load_dump() -> dict[str, Any]:
    with gzip.open(FIXTURE, "rt", encoding="utf-8") as file:
        dump: dict[str, Any] = json.load(file)
    return dump


def typed(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    """The dump's plain JSON values as the column types want them."""
    values = {}
    for name, value in row.items():
        column_type = table.c[name].type
        impl = getattr(column_type, "impl", column_type)
        if value is not None and isinstance(impl, DateTime):
            value = datetime.fromisoformat(value)
        elif value is not None and isinstance(impl, Date):
            value = date.fromisoformat(value)
        elif value is not None and isinstance(impl, Time):
            value = time.fromisoformat(value)
        elif value is not None and isinstance(impl, Numeric):
            value = Decimal(value)
        values[name] = value
    return values


def without_foreign_key_checks(connection: Connection) -> None:
    # The dump is one consistent snapshot; users and authorities refer to each other.
    if connection.dialect.name == "postgresql":
        connection.execute(text("SET session_replication_role = replica"))
    else:
        # Outside a transaction, where SQLite honours it: on the raw connection, before
        # SQLAlchemy begins one.
        raw = connection.connection.dbapi_connection
        assert raw is not None
        raw.execute("PRAGMA foreign_keys=OFF")


# Columns the release had that later migrations replaced: a comment's hidden_at and
# hidden_by_id became its standing (0013), checked on their own below.
DROPPED = {"comments": {"hidden_at", "hidden_by_id"}}

# Topics whose names a later migration changed (0015: "und" for "&"), slug -> (de, en).
RENAMED_TOPICS = {
    "datenschutz-recht": ("Datenschutz und Recht", "Data protection and law"),
    "personal-organisation": ("Personal und Organisation", "Staff and organisation"),
    "krisenkommunikation": (
        "Krisenkommunikation und Shitstorms",
        "Crisis communication and shitstorms",
    ),
    "hate-speech-moderation": ("Hate Speech und Moderation", "Hate speech and moderation"),
    "bild-urheberrecht": ("Bild- und Urheberrecht", "Image rights and copyright"),
    "redaktion-formate": ("Redaktion und Formate", "Editorial work and formats"),
    "monitoring-kennzahlen": ("Monitoring und Kennzahlen", "Monitoring and metrics"),
}


def renamed(name: str, row: dict[str, Any]) -> dict[str, Any]:
    """A release row as the upgraded database holds it."""
    if name == "topics" and row.get("slug") in RENAMED_TOPICS:
        row = dict(row)
        row["name_de"], row["name_en"] = RENAMED_TOPICS[row["slug"]]
    return row


def release_tables() -> list[Table]:
    """The tables the release had (later migrations add others, such as the search's),
    each with the columns it had then (later migrations add some, such as
    users.name_skeleton): what the release stored must come through unchanged."""
    inspector = inspect(db.engine)
    present = set(inspector.get_table_names())
    tables = []
    for table in db.metadata.sorted_tables:
        if table.name not in present:
            continue
        reflected = {column["name"]: column for column in inspector.get_columns(table.name)}
        if set(reflected) != set(table.c.keys()):
            table = Table(
                table.name,
                MetaData(),
                *(
                    Column(
                        name,
                        table.c[name].type if name in table.c else column["type"],
                        primary_key=name in table.c and table.c[name].primary_key,
                    )
                    for name, column in reflected.items()
                ),
            )
        tables.append(table)
    return tables


def release_columns(tables: list[Table]) -> dict[str, list[str]]:
    """The columns each table had in the release (later migrations may add some)."""
    inspector = inspect(db.engine)
    return {
        table.name: [column["name"] for column in inspector.get_columns(table.name)]
        for table in tables
    }


def all_rows(tables: list[Table], columns: dict[str, list[str]]) -> dict[str, list[dict[str, Any]]]:
    rows = {}
    for table in tables:
        selected = [table.c[name] for name in columns[table.name]]
        result = db.session.execute(select(*selected).order_by(*table.primary_key.columns))
        rows[table.name] = [dict(row) for row in result.mappings()]
    return rows


@pytest.fixture
def release_database(empty_database: str) -> Iterator[str]:
    dump = load_dump()
    assert dump["revision"] == RELEASE_REVISION
    app = make_app(empty_database)
    with app.app_context():
        upgrade(directory=MIGRATIONS, revision=RELEASE_REVISION)
        with db.engine.connect() as connection:
            without_foreign_key_checks(connection)
            tables = release_tables()
            for table in reversed(tables):
                connection.execute(table.delete())  # the topics the migrations seed
            for table in tables:
                rows = dump["tables"].get(table.name, [])
                if rows:
                    connection.execute(table.insert(), [typed(table, row) for row in rows])
            connection.commit()
        db.engine.dispose()
    yield empty_database


def test_the_release_database_upgrades_with_nothing_lost(release_database: str) -> None:
    dump = load_dump()
    app = make_app(release_database)
    with app.app_context():
        tables = release_tables()
        columns = release_columns(tables)
        before = all_rows(tables, columns)
        by_name = {table.name: table for table in tables}
        expected = {
            name: [typed(by_name[name], row) for row in rows]
            for name, rows in dump["tables"].items()
        }
        assert before == expected  # the dump went in as it was
        db.session.remove()  # let the migration write
        upgrade(directory=MIGRATIONS)
        db.session.remove()
        kept = {
            name: [column for column in names if column not in DROPPED.get(name, set())]
            for name, names in columns.items()
        }
        after = all_rows(tables, kept)
        standings = dict(db.session.execute(text("SELECT id, moderation FROM comments")).all())
        head = db.session.scalar(text("SELECT version_num FROM alembic_version"))
        # What later migrations add to the release's rows.
        skeletons = list(db.session.execute(select(User.display_name, User.name_skeleton)))
        coauthors = list(
            db.session.execute(
                select(article_coauthors.c.accepted_at, Article.created_at).join(
                    Article, Article.id == article_coauthors.c.article_id
                )
            )
        )
        db.session.remove()
        db.engine.dispose()
    assert head != RELEASE_REVISION
    assert {name: len(rows) for name, rows in after.items()} == {
        name: len(rows) for name, rows in before.items()
    }
    assert after == {
        name: [
            {key: value for key, value in renamed(name, row).items() if key in kept[name]}
            for row in rows
        ]
        for name, rows in before.items()
    }
    assert sum(row["slug"] in RENAMED_TOPICS for row in before["topics"]) == len(RENAMED_TOPICS)
    # A comment hidden then is hidden now; the others are visible.
    assert standings == {
        row["id"]: "hidden" if row["hidden_at"] else "visible" for row in before["comments"]
    }
    assert skeletons and all(stored == name_skeleton(name) for name, stored in skeletons)
    # Co-authors named before invitations existed count as accepted (when the entry began).
    assert len(coauthors) == len(before["article_coauthors"]) > 0
    assert all(accepted == created for accepted, created in coauthors)
    # The member's work is among it.
    assert any(row["title"] == "Netiquette im Landkreis" for row in after["articles"])
    assert any(row["note"] == "Sachlich ergänzt" for row in after["article_revisions"])
    assert any(row["body"] == "Danke, sehr hilfreich!" for row in after["comments"])
    assert any(
        row["title"] == "Krisenkommunikation beim Hochwasser" for row in after["case_studies"]
    )


def test_the_upgraded_database_serves_the_old_content(release_database: str) -> None:
    app = make_app(release_database)
    with app.app_context():
        upgrade(directory=MIGRATIONS)
    client = app.test_client()
    entry = client.get("/articles/netiquette-im-landkreis")
    assert entry.status_code == 200
    assert "Freundlich und sachlich bleiben." in entry.get_data(as_text=True)
    history = client.get("/articles/netiquette-im-landkreis/history")
    assert "Sachlich ergänzt" in history.get_data(as_text=True)
    cases = client.get("/cases/")
    assert cases.status_code == 200
    # The search index starts empty; `search reindex` fills it from the old content.
    assert "/articles/netiquette-im-landkreis" not in client.get(
        "/search?q=Netiquette+Landkreis"
    ).get_data(as_text=True)
    result = app.test_cli_runner().invoke(args=["search", "reindex"])
    assert result.exit_code == 0, result.output
    assert "/articles/netiquette-im-landkreis" in client.get(
        "/search?q=Netiquette+Landkreis"
    ).get_data(as_text=True)
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
