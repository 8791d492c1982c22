"""What the search indexes of a case study: its texts, and its authority's level and Land."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from kb.cases.models import TEXT_SECTIONS, CaseStudy
from kb.directory import Authority
from kb.extensions import db
from kb.markdown import text_of_html
from kb.registry import Searchable, SearchText


def texts(ids: Sequence[int]) -> dict[int, SearchText]:
    cases = db.session.scalars(
        select(CaseStudy)
        .where(CaseStudy.id.in_(ids))
        .options(
            joinedload(CaseStudy.authority),
            selectinload(CaseStudy.topics),
            selectinload(CaseStudy.platforms),
        )
    )
    found = {}
    for case in cases:
        authority = case.authority
        sections = [text_of_html(getattr(case, f"{name}_html")) for name in TEXT_SECTIONS]
        if authority is not None:
            sections.insert(0, authority.name)
        facets = {
            "topic": [topic.slug for topic in case.topics],
            "platform": [platform.slug for platform in case.platforms],
        }
        if authority is not None:
            facets["level"] = [authority.level.value]
            facets["land"] = [authority.land] if authority.land else []
        found[case.id] = SearchText(
            title=case.title,
            summary=case.summary,
            body="\n\n".join(section for section in sections if section),
            date=case.published_at or case.updated_at,
            popularity=case.like_count,
            facets=facets,
        )
    return found


def cases_of(authority: Authority) -> list[int]:
    """A case study's text holds its authority's name, level and Land."""
    return list(
        db.session.scalars(select(CaseStudy.id).where(CaseStudy.authority_id == authority.id))
    )


SEARCH = Searchable(texts=texts, depends_on={Authority: cases_of})
