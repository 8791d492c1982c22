"""Topics and platforms as admins edit them: create, rename, merge, retire.

Merging moves every reference to the merged term onto the one kept, found in the
database's metadata (every foreign key to the term's table), so the entries, case
studies, events, series and registry accounts of features this module never imports
move with it, and so will tables added later. A row that would then exist twice (an
entry with both topics) is dropped instead of moved.

Every change writes an audit entry; the page cache follows by itself, because the
terms' tables are public (kb.generation raises the generation on every write to them).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from sqlalchemy import Column, Table, UniqueConstraint, delete, exists, func, select, update
from sqlalchemy.orm import Mapper
from sqlalchemy.orm.attributes import flag_dirty

from kb import audit
from kb.extensions import Model, db
from kb.slugs import free_slug
from kb.taxonomy import Platform, Topic
from kb.text import slugify
from kb.timeutil import utcnow

TermModel = type[Topic] | type[Platform]
Term = Topic | Platform


@dataclass(frozen=True)
class Vocabulary:
    """One of the two vocabularies: its model and what the pages call it."""

    kind: str  # "topics", "platforms": the URL segment
    target_type: str  # "topic", "platform": the audit log's name for one
    model: TermModel
    title: LazyString
    singular: LazyString


VOCABULARIES = {
    "topics": Vocabulary("topics", "topic", Topic, _l("Topics"), _l("Topic")),
    "platforms": Vocabulary("platforms", "platform", Platform, _l("Platforms"), _l("Platform")),
}
BY_TARGET_TYPE = {vocabulary.target_type: vocabulary for vocabulary in VOCABULARIES.values()}


class NameTaken(Exception):
    def __init__(self, field: str) -> None:
        super().__init__(field)
        self.field = field


def terms(vocabulary: Vocabulary) -> list[Term]:
    model = vocabulary.model
    return list(db.session.scalars(select(model).order_by(model.position, model.id)))


def usage(vocabulary: Vocabulary) -> dict[int, int]:
    """How many rows refer to each term, over every table that refers to it (one query
    per referring table: a handful, not one per term)."""
    counts: dict[int, int] = {}
    for _table, column in references(vocabulary.model):
        for term_id, count in db.session.execute(
            select(column, func.count()).where(column.is_not(None)).group_by(column)
        ):
            counts[term_id] = counts.get(term_id, 0) + count
    return counts


def _check_names(vocabulary: Vocabulary, name_de: str, name_en: str, own_id: int | None) -> None:
    model = vocabulary.model
    for field, column, name in (
        ("name_de", model.name_de, name_de),
        ("name_en", model.name_en, name_en),
    ):
        query = select(model.id).where(func.lower(column) == name.lower())
        if own_id is not None:
            query = query.where(model.id != own_id)
        if db.session.scalar(query.limit(1)) is not None:
            raise NameTaken(field)


def create_term(actor: Any, vocabulary: Vocabulary, name_de: str, name_en: str) -> Term:
    model = vocabulary.model
    _check_names(vocabulary, name_de, name_en, None)
    slug = free_slug(model.slug, slugify(name_de) or vocabulary.target_type)
    position = (db.session.scalar(select(func.max(model.position))) or 0) + 1
    term = model(slug=slug, name_de=name_de, name_en=name_en, position=position)
    db.session.add(term)
    db.session.flush()
    audit.record(
        actor,
        f"admin.{vocabulary.target_type}.create",
        target_type=vocabulary.target_type,
        target_id=term.id,
        label=name_de,
        details=f"{name_de} / {name_en} ({slug})",
    )
    return term


def rename_term(actor: Any, vocabulary: Vocabulary, term: Term, name_de: str, name_en: str) -> bool:
    """New names; the slug stays, so addresses and saved filters keep working."""
    if (term.name_de, term.name_en) == (name_de, name_en):
        return False
    _check_names(vocabulary, name_de, name_en, term.id)
    details = f"{term.name_de} / {term.name_en} → {name_de} / {name_en}"
    term.name_de, term.name_en = name_de, name_en
    audit.record(
        actor,
        f"admin.{vocabulary.target_type}.rename",
        target_type=vocabulary.target_type,
        target_id=term.id,
        label=name_de,
        details=details,
    )
    return True


def set_retired(actor: Any, vocabulary: Vocabulary, term: Term, retired: bool, reason: str) -> bool:
    if term.is_retired == retired:
        return False
    term.retired_at = utcnow() if retired else None
    audit.record(
        actor,
        f"admin.{vocabulary.target_type}.{'retire' if retired else 'restore'}",
        target_type=vocabulary.target_type,
        target_id=term.id,
        label=term.name_de,
        reason=reason,
    )
    return True


# --- merging -----------------------------------------------------------------------------


def references(model: TermModel) -> list[tuple[Table, Column[Any]]]:
    """Every (table, column) with a foreign key to the term's table."""
    target = model.__table__
    found = []
    for table in db.metadata.sorted_tables:
        for foreign_key in table.foreign_keys:
            if foreign_key.column.table is target:
                found.append((table, foreign_key.parent))
    return found


def _unique_sets(table: Table, column: Column[Any]) -> list[list[Column[Any]]]:
    """The column sets that must stay unique and hold `column`: where moving a row onto
    the kept term can make a duplicate."""
    sets = []
    if column in table.primary_key.columns.values():
        sets.append(list(table.primary_key.columns))
    for constraint in table.constraints:
        if isinstance(constraint, UniqueConstraint) and column in constraint.columns.values():
            sets.append(list(constraint.columns))
    for index in table.indexes:
        if index.unique and column in index.columns.values():
            sets.append(list(index.columns))
    return sets


def _mapper_of(table: Table) -> Mapper[Any] | None:
    for mapper in Model.registry.mappers:
        if mapper.local_table is table:
            found: Mapper[Any] = mapper
            return found
    return None


def _owners(table: Table, column: Column[Any], term_id: int) -> dict[Mapper[Any], set[Any]]:
    """The mapped records whose rows refer to the term: the rows themselves (an account)
    or, for an association table, the records on its other side (an entry)."""
    found: dict[Mapper[Any], set[Any]] = {}
    mapper = _mapper_of(table)
    if mapper is not None and len(mapper.primary_key) == 1:
        found[mapper] = set(
            db.session.scalars(select(mapper.primary_key[0]).where(column == term_id))
        )
        return found
    for foreign_key in table.foreign_keys:
        if foreign_key.parent is column:
            continue
        other = _mapper_of(foreign_key.column.table)
        if other is not None and len(other.primary_key) == 1:
            ids = db.session.scalars(select(foreign_key.parent).where(column == term_id))
            found.setdefault(other, set()).update(ids)
    return found


def _touch(owners: dict[Mapper[Any], set[Any]]) -> None:
    """Let the session's listeners see the records whose references moved: the search
    index rewrites their documents (facets name the terms) in this transaction."""
    for mapper, ids in owners.items():
        if not ids:
            continue
        key = mapper.primary_key[0]
        for record in db.session.scalars(select(mapper.class_).where(key.in_(ids))):
            flag_dirty(record)


def _count(result: Any) -> int:
    """The rows a bulk statement touched (a CursorResult's rowcount)."""
    return int(result.rowcount)


def merge_terms(actor: Any, vocabulary: Vocabulary, merged: Term, kept: Term, reason: str) -> int:
    """Move every reference from `merged` to `kept`, then delete `merged`. Returns how
    many rows referred to the merged term."""
    if merged.id == kept.id:
        raise ValueError("a term cannot be merged into itself")
    merged_id, kept_id = merged.id, kept.id
    label, details = (
        merged.name_de,
        f"{merged.name_de} ({merged.slug}) → {kept.name_de} ({kept.slug})",
    )
    owners: dict[Mapper[Any], set[Any]] = {}
    moved = 0
    db.session.flush()
    for table, column in references(vocabulary.model):
        for mapper, ids in _owners(table, column, merged_id).items():
            owners.setdefault(mapper, set()).update(ids)
        for unique in _unique_sets(table, column):
            others = [other for other in unique if other is not column]
            twin = table.alias("twin")
            duplicate = exists().where(
                twin.c[column.name] == kept_id,
                *(twin.c[other.name] == other for other in others),
            )
            moved += _count(db.session.execute(delete(table).where(column == merged_id, duplicate)))
        moved += _count(
            db.session.execute(
                update(table).where(column == merged_id).values({column.name: kept_id})
            )
        )
    # What the session holds of these rows (an entry's topics) is stale now.
    db.session.expire_all()
    db.session.execute(delete(vocabulary.model).where(vocabulary.model.id == merged_id))
    _touch(owners)
    audit.record(
        actor,
        f"admin.{vocabulary.target_type}.merge",
        target_type=vocabulary.target_type,
        target_id=kept_id,
        label=label,
        reason=reason,
        details=details,
    )
    return moved


def active_terms(vocabulary: Vocabulary, leave_out: Iterable[int] = ()) -> list[Term]:
    left_out = set(leave_out)
    return [term for term in terms(vocabulary) if term.id not in left_out]
