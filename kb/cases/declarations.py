"""What case studies are to the rest of the app: a content type, a member's data, the
authority page's list of its cases."""

from __future__ import annotations

from typing import Any

from flask import render_template, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, delete, select, update

from kb.cases import demo, policy, search, service
from kb.cases.models import TEXT_SECTIONS, CaseRevision, CaseStudy
from kb.content.models import PublishState
from kb.extensions import db
from kb.registry import ContentType, DemoStep, OnDelete, Panel, PersonalData, Registry
from kb.timeutil import isoformat
from kb.users import User


def case_url(case: CaseStudy) -> str:
    return url_for("cases.show", slug=case.slug)


def owned_by(user_id: int) -> ColumnElement[bool]:
    return CaseStudy.creator_id == user_id


CASE = ContentType(
    name="case",
    model=CaseStudy,
    label=_l("Case study"),
    title=CaseStudy.title,
    summary=CaseStudy.summary,
    url=case_url,
    url_columns=(CaseStudy.slug,),
    visible=policy.visible,
    can_view=policy.can_view,
    owner_ids=policy.owner_ids,
    community=True,
    lastmod=CaseStudy.updated_at,
    standing=CaseStudy.moderation,
    is_post=True,
    search=search.SEARCH,
    owned_by=owned_by,
)


def export_cases(user: User) -> list[dict[str, Any]]:
    """The case studies a member started, with every text as stored."""
    cases = db.session.scalars(
        select(CaseStudy).where(CaseStudy.creator_id == user.id).order_by(CaseStudy.created_at)
    )
    return [
        {
            "slug": case.slug,
            "status": case.status.value,
            "title": case.title,
            "summary": case.summary,
            **{name: getattr(case, name) for name in TEXT_SECTIONS},
            "contact_name": case.contact_name,
            "contact_email": case.contact_email,
            "created_at": isoformat(case.created_at),
            "updated_at": isoformat(case.updated_at),
            "published_at": isoformat(case.published_at),
        }
        for case in cases
    ]


def export_revisions(user: User) -> list[dict[str, Any]]:
    rows = db.session.execute(
        select(CaseRevision, CaseStudy.slug)
        .join(CaseStudy, CaseRevision.case_id == CaseStudy.id)
        .where(CaseRevision.author_id == user.id)
        .order_by(CaseRevision.created_at, CaseRevision.id)
    )
    return [
        {
            "case": slug,
            "number": revision.number,
            "created_at": isoformat(revision.created_at),
            "note": revision.note,
            "title": revision.title,
        }
        for revision, slug in rows
    ]


def forget_case_studies(user: User) -> None:
    """Drafts go with the member; published cases stay (CC BY 4.0), but without the
    contact the member gave: nobody can answer for that consent any more."""
    mine = CaseStudy.creator_id == user.id
    db.session.execute(delete(CaseStudy).where(mine, CaseStudy.status == PublishState.DRAFT))
    db.session.execute(
        update(CaseStudy)
        .where(mine)
        .values(contact_name="", contact_email="", contact_consent=False)
    )


PERSONAL_DATA = (
    PersonalData(
        "case_studies",
        CaseStudy.creator_id,
        export_cases,
        OnDelete.ANONYMISE,
        before_delete=forget_case_studies,
    ),
    PersonalData("case_revisions", CaseRevision.author_id, export_revisions, OnDelete.ANONYMISE),
)


def authority_panel(authority: Any, **_context: Any) -> str | None:
    cases = service.published_for_authority(authority.id)
    if not cases:
        return None
    return render_template("cases/_authority_panel.html", cases=cases)


def register(registry: Registry) -> None:
    registry.add_type(CASE)
    registry.add_personal_data(*PERSONAL_DATA)
    registry.add_panel("authority", Panel("case-studies", authority_panel, order=10))
    registry.add_demo_step(DemoStep("cases", demo.load, order=60))
