"""The demo case studies (kb/demo_data/cases.yaml), each published with its first revision.

Cases about real authorities state only what the source says, as of its date; cases about
the fictional authorities carry invented figures. Both are marked as demo data. Their
comments and likes are the community feature's (kb/demo_data/community.yaml).

Idempotent: a case whose slug exists is left alone with everything attached to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from importlib import resources
from typing import Any

import yaml
from sqlalchemy import select

from kb.cases.models import TEXT_SECTIONS, Budget, CaseRevision, CaseStudy, TeamUnit
from kb.content.models import PublishState as Status
from kb.directory import Authority, SocialAccount
from kb.extensions import db
from kb.markdown import render_markdown
from kb.taxonomy import Platform, Topic
from kb.text import slugify
from kb.timeutil import utcnow
from kb.users import User

DATA = resources.files("kb") / "demo_data" / "cases.yaml"


@dataclass(frozen=True)
class DemoCase:
    title: str
    authority: str  # slug in the registry
    creator: str  # display name of a demo user
    summary: str
    goals: str
    approach: str
    results: str
    challenges: str
    success_conditions: str
    lessons: str
    legal_notes: str
    platforms: tuple[str, ...]
    topics: tuple[str, ...]
    # (platform slug, handle) of registry accounts of this authority; "" matches any.
    accounts: tuple[tuple[str, str], ...] = ()
    start_year: int | None = None
    end_year: int | None = None
    team_fte: Decimal | None = None
    team_unit: TeamUnit | None = None
    team_note: str = ""
    budget: Budget = Budget.UNKNOWN
    results_measured_on: date | None = None
    dpia_done: bool | None = None
    joint_controller_agreement: bool | None = None
    netiquette: bool | None = None
    imprint: bool | None = None
    # A fixed day for real cases (the source's date); None: a month before loading.
    last_verified: date | None = None
    contact_name: str = ""
    contact_email: str = ""
    published_days_ago: int = 30

    @property
    def slug(self) -> str:
        return slugify(self.title, max_length=90)


@dataclass(frozen=True)
class DemoCases:
    note_real: str  # under the results of a case about a real authority; {when}: its date
    note_fictional: str  # under the results of a case about a fictional authority
    cases: tuple[DemoCase, ...]


def demo_cases() -> DemoCases:
    data: dict[str, Any] = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    return DemoCases(
        note_real=data["notes"]["real"],
        note_fictional=data["notes"]["fictional"],
        cases=tuple(_case(item) for item in data["cases"]),
    )


def _case(item: dict[str, Any]) -> DemoCase:
    fields = dict(item)
    for name in ("platforms", "topics"):
        fields[name] = tuple(item[name])
    fields["accounts"] = tuple(
        (account["platform"], account["handle"]) for account in item.get("accounts", ())
    )
    if "team_fte" in item:
        fields["team_fte"] = Decimal(item["team_fte"])
    if "team_unit" in item:
        fields["team_unit"] = TeamUnit(item["team_unit"])
    if "budget" in item:
        fields["budget"] = Budget(item["budget"])
    return DemoCase(**fields)


def load() -> str:
    specs = demo_cases()
    created = load_cases(specs)
    return f"Demo case studies: {created} created, {len(specs.cases) - created} already there."


def load_cases(specs: DemoCases | None = None, today: date | None = None) -> int:
    """Create the demo case studies that are missing; returns how many were created."""
    specs = specs or demo_cases()
    today = today or date.today()
    users = {
        user.display_name: user for user in db.session.scalars(select(User).where(User.is_demo))
    }
    topics = {topic.slug: topic for topic in db.session.scalars(select(Topic))}
    platforms = {platform.slug: platform for platform in db.session.scalars(select(Platform))}
    now = utcnow()
    created = 0
    for spec in specs.cases:
        creator = users.get(spec.creator)
        authority = db.session.scalar(select(Authority).where(Authority.slug == spec.authority))
        if creator is None or authority is None:
            continue
        if db.session.scalar(select(CaseStudy.id).where(CaseStudy.slug == spec.slug)):
            continue
        published_at = now - timedelta(days=spec.published_days_ago)
        texts = _texts(spec, specs)
        case = CaseStudy(
            slug=spec.slug,
            authority_id=authority.id,
            start_year=spec.start_year,
            end_year=spec.end_year,
            team_fte=spec.team_fte,
            team_unit=spec.team_unit,
            team_note=spec.team_note,
            budget=spec.budget,
            results_measured_on=spec.results_measured_on,
            dpia_done=spec.dpia_done,
            joint_controller_agreement=spec.joint_controller_agreement,
            netiquette=spec.netiquette,
            imprint=spec.imprint,
            last_verified=spec.last_verified or today - timedelta(days=30),
            licence="CC BY 4.0",
            contact_name=spec.contact_name,
            contact_email=spec.contact_email,
            contact_consent=bool(spec.contact_email),
            status=Status.PUBLISHED,
            creator_id=creator.id,
            is_demo=True,
            created_at=published_at - timedelta(days=2),
            updated_at=published_at,
            published_at=published_at,
            version=1,
            topics=[topics[slug] for slug in spec.topics if slug in topics],
            platforms=[platforms[slug] for slug in spec.platforms if slug in platforms],
            accounts=_accounts(authority, spec.accounts),
            **texts,
            **{f"{name}_html": render_markdown(texts[name]) for name in TEXT_SECTIONS},
        )
        db.session.add(case)
        db.session.flush()
        db.session.add(
            CaseRevision(
                case_id=case.id,
                number=1,
                author_id=creator.id,
                created_at=published_at,
                note="Erste Fassung",
                **texts,
            )
        )
        created += 1
    db.session.flush()
    return created


def _texts(spec: DemoCase, specs: DemoCases) -> dict[str, str]:
    texts = {"title": spec.title, "summary": spec.summary}
    texts.update({name: getattr(spec, name) for name in TEXT_SECTIONS})
    fictional = "(fiktiv)" in spec.title
    when = f"{spec.results_measured_on:%d.%m.%Y}" if spec.results_measured_on else "2014/2015"
    note = specs.note_fictional if fictional else specs.note_real.format(when=when)
    texts["results"] += "\n\n" + note
    return texts


def _accounts(authority: Authority, wanted: tuple[tuple[str, str], ...]) -> list[SocialAccount]:
    rows = db.session.execute(
        select(SocialAccount, Platform.slug)
        .join(Platform, SocialAccount.platform_id == Platform.id)
        .where(SocialAccount.authority_id == authority.id)
    ).all()
    chosen: list[SocialAccount] = []
    for platform_slug, handle in wanted:
        for account, slug in rows:
            if slug == platform_slug and (not handle or account.handle == handle):
                chosen.append(account)
                break
    return chosen
