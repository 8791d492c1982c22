"""Case studies: saving sections with revisions and conflicts, publishing when complete,
the list with its facets, the comparison."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVarTuple

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.orm import contains_eager, joinedload, load_only, selectinload

from kb import cursors, directory, screening
from kb.cases import policy
from kb.cases.models import (
    HISTORY,
    REVISION_FIELDS,
    TEXT_SECTIONS,
    CaseRevision,
    CaseStudy,
    case_platforms,
    case_topics,
)
from kb.cases.sections import incomplete_sections
from kb.content import revisions
from kb.content.models import PublishState
from kb.directory import Authority, Level
from kb.extensions import db
from kb.markdown import render_markdown
from kb.policy import ANONYMOUS
from kb.regions import LAENDER
from kb.slugs import first_free, reserved, taken_like
from kb.taxonomy import Platform, Topic
from kb.text import slugify
from kb.timeutil import utcnow
from kb.users import User

PAGE_SIZE = 20
COMPARE_MIN, COMPARE_MAX = 2, 3
# --- the authority picker ---------------------------------------------------------------


@dataclass
class AuthorityOption:
    value: str  # what the field receives: the name, or the slug where names repeat
    label: str


def suggest_authorities(text: str) -> list[AuthorityOption]:
    """Approved authorities whose name, short name or slug contains the text."""
    authorities = directory.suggest_authorities(text)
    names = [authority.name for authority in authorities]
    options = []
    for authority in authorities:
        unique = names.count(authority.name) == 1
        details = ", ".join(part for part in (authority.short_name, authority.land_name) if part)
        label = f"{authority.name} ({details})" if details else authority.name
        options.append(AuthorityOption(authority.name if unique else authority.slug, label))
    return options


# --- slugs ------------------------------------------------------------------------------


def unique_slug(title: str, case_id: int | None = None) -> str:
    base = slugify(title, max_length=90) or "fallstudie"
    # The paths under /cases/ that are not case studies ("new", "compare", …).
    taken = taken_like(CaseStudy.slug, base, CaseStudy.id, case_id) | reserved("/cases/")
    return first_free(base, taken)


# --- saving ---------------------------------------------------------------------------------


def apply_section(case: CaseStudy, values: dict[str, Any]) -> None:
    """Set the validated values of one section; Markdown is rendered once, here."""
    for name, value in values.items():
        if name == "authority":
            if value is not None and value.id != case.authority_id:
                # Accounts belong to an authority: those of another one no longer fit.
                case.accounts = [a for a in case.accounts if a.authority_id == value.id]
            case.authority = value
        else:
            setattr(case, name, value)
        if name in TEXT_SECTIONS:
            setattr(case, f"{name}_html", render_markdown(value or ""))
    if "title" in values and not case.is_published:
        # Until it is published the address may follow the title; afterwards it is stable.
        with db.session.no_autoflush:
            case.slug = unique_slug(case.title, case.id)


def create_case(author: User, values: dict[str, Any]) -> CaseStudy:
    """A new draft from the first section."""
    case = CaseStudy(creator_id=author.id, status=PublishState.DRAFT, version=1)
    case.creator = author
    case.accounts = []
    apply_section(case, values)
    db.session.add(case)
    db.session.flush()
    return case


def save_section(
    case: CaseStudy, author: User, values: dict[str, Any], base_version: int, note: str = ""
) -> None:
    """Save one section; refuse it (EditConflict) if the case changed since the editor
    loaded it."""
    revisions.check_version(case, base_version)
    apply_section(case, values)
    revisions.saved(HISTORY, case, author, note)
    if case.is_published:
        screen(case, author, new=False)


def screen(case: CaseStudy, author: User, new: bool) -> screening.Admission:
    """Hold the case study for review if it must wait (kb.screening): a new member's
    first publication, a watched word in its texts."""
    texts = [getattr(case, name) or "" for name in (*REVISION_FIELDS, "team_note")]
    return screening.admit("case", case, author, texts, new=new)


class Incomplete(ValueError):
    """A case study with sections that still need attention cannot be published."""

    def __init__(self, sections: list[str]) -> None:
        super().__init__(", ".join(sections))
        self.sections = sections


def publish_case(case: CaseStudy, author: User) -> screening.Admission:
    """Publish a case whose every section is complete, by the rules of saving it;
    Incomplete names the sections that are not. Its first publication is a new post,
    which for a new member waits for review; publishing again is screened like an edit."""
    incomplete = incomplete_sections(case)
    if incomplete:
        raise Incomplete(incomplete)
    if case.is_published:
        return screening.Admission(case.moderation)
    first = case.published_at is None
    revisions.publish(HISTORY, case, author)
    return screen(case, author, new=first)


def unpublish_case(case: CaseStudy) -> None:
    revisions.unpublish(case)


def restore_revision(case: CaseStudy, revision: CaseRevision, author: User, note: str) -> None:
    def apply(texts: dict[str, str]) -> None:
        apply_section(case, texts)

    revisions.restore(HISTORY, case, revision, author, note, apply)
    if case.is_published:
        screen(case, author, new=False)


# --- the list and its facets --------------------------------------------------------------------


@dataclass
class CaseQuery:
    level: str | None = None
    land: str | None = None
    platform: str | None = None
    topic: str | None = None
    # Cases active in that year: started in or before it, not ended before it.
    year: int | None = None
    after: str | None = None

    def params(self) -> dict[str, Any]:
        """The filters as query-string values (for links that keep them)."""
        values = {
            "level": self.level,
            "land": self.land,
            "platform": self.platform,
            "topic": self.topic,
            "year": self.year,
        }
        return {key: value for key, value in values.items() if value is not None}

    @property
    def is_filtered(self) -> bool:
        return bool(self.params())


FACETS = ("level", "land", "platform", "topic", "year")


def _conditions(query: CaseQuery, skip: str | None = None) -> list[ColumnElement[bool]]:
    """The WHERE clauses of the filters, leaving out one facet (for that facet's counts)."""
    # Published and neither held nor hidden by moderation: what every reader may see.
    conditions: list[ColumnElement[bool]] = [policy.visible(ANONYMOUS)]
    if query.level and skip != "level":
        conditions.append(Authority.level == Level(query.level))
    if query.land and skip != "land":
        conditions.append(Authority.land == query.land)
    if query.platform and skip != "platform":
        conditions.append(CaseStudy.platforms.any(Platform.slug == query.platform))
    if query.topic and skip != "topic":
        conditions.append(CaseStudy.topics.any(Topic.slug == query.topic))
    if query.year and skip != "year":
        conditions.append(
            and_(
                CaseStudy.start_year <= query.year,
                or_(CaseStudy.end_year.is_(None), CaseStudy.end_year >= query.year),
            )
        )
    return conditions


Columns = TypeVarTuple("Columns")


def _from_cases(statement: Select[*Columns]) -> Select[*Columns]:
    # Outer join: a case whose authority was deleted stays listed.
    return statement.select_from(CaseStudy).outerjoin(
        Authority, CaseStudy.authority_id == Authority.id
    )


@dataclass
class FacetOption:
    value: str
    label: str
    count: int


@dataclass
class Facets:
    level: list[FacetOption] = field(default_factory=list)
    land: list[FacetOption] = field(default_factory=list)
    platform: list[FacetOption] = field(default_factory=list)
    topic: list[FacetOption] = field(default_factory=list)
    year: list[FacetOption] = field(default_factory=list)
    total: int = 0


def facet_counts(
    query: CaseQuery,
    level_labels: dict[str, Any],
    platforms: Sequence[Platform],
    topics: Sequence[Topic],
) -> Facets:
    """How many published cases each option would show, given the other filters.

    Each facet is counted without its own filter, so choosing "Bund" still shows how
    many cases the other levels have. Six queries, whatever the number of cases.
    """
    facets = Facets()
    total = select(func.count(CaseStudy.id))
    facets.total = db.session.scalar(_from_cases(total).where(*_conditions(query))) or 0

    levels = dict(
        db.session.execute(
            _from_cases(select(Authority.level, func.count(CaseStudy.id)))
            .where(*_conditions(query, "level"), Authority.level.is_not(None))
            .group_by(Authority.level)
        ).all()
    )
    facets.level = [
        FacetOption(level.value, str(level_labels[level]), levels.get(level, 0)) for level in Level
    ]

    lands = dict(
        db.session.execute(
            _from_cases(select(Authority.land, func.count(CaseStudy.id)))
            .where(*_conditions(query, "land"), Authority.land != "")
            .group_by(Authority.land)
        ).all()
    )
    facets.land = [
        FacetOption(land.code, str(land.name), lands.get(land.code, 0)) for land in LAENDER
    ]

    for name, table, column, terms in (
        ("platform", case_platforms, case_platforms.c.platform_id, platforms),
        ("topic", case_topics, case_topics.c.topic_id, topics),
    ):
        counts: dict[int, int] = dict(
            db.session.execute(
                _from_cases(select(column, func.count(CaseStudy.id)))
                .join(table, table.c.case_id == CaseStudy.id)
                .where(*_conditions(query, name))
                .group_by(column)
            ).all()
        )
        setattr(
            facets,
            name,
            [FacetOption(term.slug, term.name, counts.get(term.id, 0)) for term in terms],
        )

    facets.year = _year_options(query)
    return facets


def _year_options(query: CaseQuery) -> list[FacetOption]:
    """Years from the earliest start to now, newest first, with the cases active then.

    The database groups the cases by (start, end); the few distinct periods are spread
    over the years here.
    """
    rows = db.session.execute(
        _from_cases(select(CaseStudy.start_year, CaseStudy.end_year, func.count(CaseStudy.id)))
        .where(*_conditions(query, "year"), CaseStudy.start_year.is_not(None))
        .group_by(CaseStudy.start_year, CaseStudy.end_year)
    ).all()
    # The query leaves out cases without a start; the condition says so to the type checker.
    periods = [(start, end, count) for start, end, count in rows if start is not None]
    this_year = utcnow().year
    years = {start for start, _end, _count in periods}
    if query.year is not None:
        years.add(query.year)
    if not years:
        return []
    first = min(min(years), this_year)
    last = max(this_year, query.year or this_year)
    counts = dict.fromkeys(range(first, last + 1), 0)
    for start, end, count in periods:
        for year in range(start, (end if end is not None else this_year) + 1):
            if year in counts:
                counts[year] += count
    return [
        FacetOption(str(year), str(year), counts[year]) for year in sorted(counts, reverse=True)
    ]


@dataclass
class CasePage:
    cases: list[CaseStudy]
    next_cursor: str | None


def encode_cursor(case: CaseStudy) -> str:
    return cursors.encode("cases", case.published_at, case.id)


def decode_cursor(cursor: str) -> tuple[datetime, int]:
    return cursors.decode_moment(cursor, "cases")


# What a card in the list shows; the long texts stay in the database.
LIST_COLUMNS = (
    CaseStudy.id,
    CaseStudy.slug,
    CaseStudy.title,
    CaseStudy.summary,
    CaseStudy.authority_id,
    CaseStudy.start_year,
    CaseStudy.end_year,
    CaseStudy.team_fte,
    CaseStudy.budget,
    CaseStudy.status,
    CaseStudy.published_at,
    CaseStudy.like_count,
    CaseStudy.comment_count,
)


def list_cases(query: CaseQuery, page_size: int | None = None) -> CasePage:
    """Published cases, newest first, by keyset: page 50 costs what page 1 costs."""
    page_size = page_size or PAGE_SIZE
    statement = _from_cases(select(CaseStudy)).where(*_conditions(query))
    if query.after:
        published_at, case_id = decode_cursor(query.after)
        statement = statement.where(
            or_(
                CaseStudy.published_at < published_at,
                and_(CaseStudy.published_at == published_at, CaseStudy.id < case_id),
            )
        )
    statement = (
        statement.options(
            load_only(*LIST_COLUMNS),
            contains_eager(CaseStudy.authority),
            selectinload(CaseStudy.platforms),
            selectinload(CaseStudy.topics),
        )
        .order_by(CaseStudy.published_at.desc(), CaseStudy.id.desc())
        .limit(page_size + 1)
    )
    cases = list(db.session.scalars(statement))
    next_cursor = None
    if len(cases) > page_size:
        cases = cases[:page_size]
        next_cursor = encode_cursor(cases[-1])
    return CasePage(cases, next_cursor)


def published_by_slugs(slugs: Sequence[str]) -> dict[str, CaseStudy]:
    if not slugs:
        return {}
    cases = db.session.scalars(
        select(CaseStudy)
        .where(CaseStudy.slug.in_(list(slugs)), policy.visible(ANONYMOUS))
        .options(
            joinedload(CaseStudy.authority),
            selectinload(CaseStudy.platforms),
            selectinload(CaseStudy.topics),
        )
    )
    return {case.slug: case for case in cases}


def chosen_slugs(values: Sequence[str], limit: int = 10) -> list[str]:
    """The distinct slugs asked for, in order; absurdly long lists are cut short."""
    seen: list[str] = []
    for value in values[: limit * 2]:
        value = value.strip()
        if value and len(value) <= 100 and value not in seen:
            seen.append(value)
    return seen[:limit]


def cases_of(user: User) -> list[CaseStudy]:
    """The member's own cases, drafts and published, most recently changed first."""
    return list(
        db.session.scalars(
            select(CaseStudy)
            .where(CaseStudy.creator_id == user.id)
            .options(
                load_only(
                    CaseStudy.id,
                    CaseStudy.slug,
                    CaseStudy.title,
                    CaseStudy.status,
                    CaseStudy.updated_at,
                    CaseStudy.published_at,
                    CaseStudy.authority_id,
                ),
                joinedload(CaseStudy.authority),
            )
            .order_by(CaseStudy.updated_at.desc(), CaseStudy.id.desc())
            .limit(200)
        )
    )


def published_for_authority(authority_id: int, limit: int = 50) -> list[CaseStudy]:
    """The published cases of one authority, newest first (for the authority's page)."""
    return list(
        db.session.scalars(
            select(CaseStudy)
            .where(CaseStudy.authority_id == authority_id, policy.visible(ANONYMOUS))
            .options(load_only(*LIST_COLUMNS), selectinload(CaseStudy.platforms))
            .order_by(CaseStudy.published_at.desc(), CaseStudy.id.desc())
            .limit(limit)
        )
    )


def latest_published(limit: int) -> list[CaseStudy]:
    return list_cases(CaseQuery(), page_size=limit).cases
