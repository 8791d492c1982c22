"""The registry is complete by construction: every table that points at users has a rule
for the export and for deletion, the export holds every kind of a member's rows, nothing
of the member survives deletion, and each content type's SQL visibility agrees with its
Python predicate for every state and every kind of viewer."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import String, Text, func, insert, or_, select, true

from kb import registry
from kb.accounts.models import PasswordResetToken
from kb.articles.models import Article, ArticleDraft, ArticleRevision, article_coauthors
from kb.audit import AuditEntry
from kb.cases.models import CaseRevision, CaseStudy
from kb.community.models import Bookmark, Comment, Like
from kb.content.models import PublishState
from kb.directory import Authority, Kind, Level, Review, SocialAccount
from kb.events.models import Attendance, Event, EventSeries, Frequency
from kb.events.models import Review as EventReview
from kb.extensions import db
from kb.moderation.models import Action, Appeal, Decision, Reason, Report, WatchedWord, WordAction
from kb.notify import Notification
from kb.policy import ANONYMOUS
from kb.registry import ON_DELETE_ACTIONS
from kb.standing import Standing
from kb.taxonomy import Platform, seed_taxonomy
from kb.timeutil import utcnow
from kb.users import Role, User
from tests.conftest import PASSWORD, Auth, Client

# --- every foreign key to users is declared -----------------------------------------------


def user_foreign_keys() -> list[tuple[str, str, str]]:
    """(table, column, ON DELETE) of every foreign key that points at users.id."""
    keys = []
    for table in db.metadata.sorted_tables:
        for key in table.foreign_keys:
            if key.column.table.name == "users" and key.column.name == "id":
                keys.append((table.name, key.parent.name, (key.ondelete or "").upper()))
    return keys


def test_every_foreign_key_to_users_has_an_export_and_a_deletion_rule(app: Flask) -> None:
    declared = {
        (item.table_name, item.column_name): item for item in registry.of(app).personal_data
    }
    keys = user_foreign_keys()
    assert len(keys) >= 16  # the tables the app had when this test was written
    for table, column, on_delete in keys:
        declaration = declared.get((table, column))
        assert declaration is not None, f"{table}.{column} points at users but is not declared"
        assert ON_DELETE_ACTIONS[declaration.on_delete] == on_delete, (
            f"{table}.{column} is declared {declaration.on_delete}, "
            f"but its foreign key says ON DELETE {on_delete or 'NO ACTION'}"
        )
    # And nothing is declared that is not a foreign key to users.
    assert set(declared) == {(table, column) for table, column, _ in keys}


def test_a_table_with_an_undeclared_key_to_users_is_found(app: Flask) -> None:
    """The walk would notice a new table: pretend one of the declarations is missing."""
    declarations = registry.of(app).personal_data
    declared = {(item.table_name, item.column_name) for item in declarations[1:]}
    missing = [(t, c) for t, c, _ in user_foreign_keys() if (t, c) not in declared]
    assert missing == [(declarations[0].table_name, declarations[0].column_name)]


# --- one row of every kind, in the export, and gone after deletion --------------------------

MEMBER_EMAIL = "ottilie.quastenflosser@stadt-beispiel.de"
MEMBER_NAME = "Ottilie Quastenflosser"


def make_rows_of_every_kind(member_id: int, other_id: int) -> None:
    """One row in every table that points at users, tied to the member."""
    seed_taxonomy()
    now = utcnow()
    member = db.session.get(User, member_id)
    other = db.session.get(User, other_id)
    assert member is not None and other is not None

    published = Article(
        slug="eigener-eintrag",
        title="Ein eigener Eintrag",
        body="Text",
        body_html="<p>Text</p>",
        status=PublishState.PUBLISHED,
        creator_id=member_id,
        published_at=now,
    )
    coauthored = Article(slug="fremder-eintrag", title="Ein fremder Eintrag", creator_id=other_id)
    db.session.add_all([published, coauthored])
    db.session.flush()
    add_coauthor(coauthored, member, accepted_at=now)
    db.session.add(
        ArticleRevision(article_id=published.id, number=1, author_id=member_id, title="Ein")
    )
    db.session.add(ArticleDraft(article_id=coauthored.id, user_id=member_id, base_version=1))
    published.like_count = 1
    comment = Comment(
        target_type="article",
        target_id=published.id,
        author_id=member_id,
        body="Ein Kommentar",
        body_html="<p>Ein Kommentar</p>",
        submission_key="k" * 32,
    )
    hidden = Comment(
        target_type="article",
        target_id=published.id,
        author_id=other_id,
        body="Versteckt",
        body_html="<p>Versteckt</p>",
        submission_key="h" * 32,
        moderation=Standing.HIDDEN,
    )
    db.session.add_all(
        [
            comment,
            hidden,
            Like(target_type="article", target_id=published.id, user_id=member_id),
            Bookmark(target_type="article", target_id=published.id, user_id=member_id),
        ]
    )
    series = EventSeries(
        slug="stammtisch",
        title="Stammtisch",
        creator_id=member_id,
        frequency=Frequency.MONTHLY,
        weekday=3,
        week_of_month=1,
        local_start=now.time().replace(tzinfo=None, microsecond=0),
        duration_minutes=120,
        first_date=date(2026, 1, 1),
        materialised_until=date(2026, 1, 1),
    )
    event = Event(
        slug="barcamp",
        title="Barcamp",
        creator_id=member_id,
        starts_at=now + timedelta(days=7),
        ends_at=now + timedelta(days=7, hours=8),
        attendee_count=1,
    )
    db.session.add_all([series, event])
    db.session.flush()
    db.session.add(Attendance(event_id=event.id, user_id=member_id))
    platform = db.session.scalar(select(Platform).where(Platform.slug == "mastodon"))
    authority = Authority(
        slug="stadt-beispiel",
        name="Stadt Beispiel",
        kind=Kind.MUNICIPALITY,
        level=Level.LOCAL,
        land="BY",
        review=Review.PROPOSED,
        proposed_by_id=member_id,
    )
    db.session.add(authority)
    db.session.flush()
    db.session.add(
        SocialAccount(
            authority_id=authority.id,
            platform_id=platform.id,
            url="https://social.example/@beispiel",
            review=Review.PROPOSED,
            proposed_by_id=member_id,
        )
    )
    case = CaseStudy(
        slug="eine-fallstudie",
        title="Eine Fallstudie",
        creator_id=member_id,
        status=PublishState.PUBLISHED,
        published_at=now,
        contact_name=MEMBER_NAME,
        contact_email=MEMBER_EMAIL,
        contact_consent=True,
    )
    db.session.add(case)
    db.session.flush()
    db.session.add(CaseRevision(case_id=case.id, number=1, author_id=member_id, title="Eine"))
    db.session.add(PasswordResetToken(user_id=member_id, token_hash="0" * 64, expires_at=now))
    # Trust and safety: the member reported, was decided about, decided, appealed, was
    # notified, watched a word and acted as an admin.
    decision = Decision(
        action=Action.HIDE,
        target_type="comment",
        target_id=comment.id,
        target_label="Ein Kommentar",
        subject_id=member_id,
        moderator_id=member_id,
        ground=Reason.INSULT,
        facts="Beleidigung",
    )
    db.session.add(decision)
    db.session.flush()
    db.session.add_all(
        [
            Report(
                reporter_id=member_id,
                target_type="comment",
                target_id=hidden.id,
                target_label="Versteckt",
                reason=Reason.SPAM,
            ),
            Appeal(
                decision_id=decision.id,
                appellant_id=member_id,
                decided_by_id=member_id,
                statement="Das war keine Beleidigung.",
            ),
            Notification(user_id=member_id, kind="test", url="/", data={"title": "Hallo"}),
            WatchedWord(pattern="wort", action=WordAction.HOLD, created_by_id=member_id),
            AuditEntry(actor_id=member_id, subject_id=member_id, action="admin.role"),
        ]
    )
    db.session.commit()


def rows_pointing_at(user_id: int) -> dict[tuple[str, str], int]:
    counts = {}
    for table_name, column_name, _ in user_foreign_keys():
        table = db.metadata.tables[table_name]
        counts[(table_name, column_name)] = db.session.scalar(
            select(func.count()).select_from(table).where(table.c[column_name] == user_id)
        )
    return counts


@pytest.fixture
def member_with_everything(app: Flask, make_user: Any, auth: Auth) -> Iterator[User]:
    member = make_user(email=MEMBER_EMAIL, display_name=MEMBER_NAME, role=Role.MODERATOR)
    other = make_user()
    with app.app_context():
        make_rows_of_every_kind(member.id, other.id)
    auth.login(MEMBER_EMAIL)  # the session row
    yield member


def test_the_export_holds_a_row_of_every_kind(
    app: Flask, client: Client, member_with_everything: User
) -> None:
    with app.app_context():
        counts = rows_pointing_at(member_with_everything.id)
    assert all(counts.values()), (
        f"the test made no row for {[k for k, n in counts.items() if not n]}"
    )

    response = client.get("/account/export")
    assert response.status_code == 200
    export = json.loads(response.get_data(as_text=True))
    assert export["account"]["email"] == MEMBER_EMAIL
    for declaration in registry.of(app).personal_data:
        section = export[declaration.key]
        assert section, f"the export's section {declaration.key!r} is empty"
    assert export["entries"][0]["title"] == "Ein eigener Eintrag"
    assert [
        (row["slug"], row["title"], bool(row["accepted_at"]))
        for row in export["coauthored_entries"]
    ] == [("fremder-eintrag", "Ein fremder Eintrag", True)]
    assert export["comments"][0]["body"] == "Ein Kommentar"
    assert export["likes"][0]["on"] == {"type": "article", "id": export["comments"][0]["on"]["id"]}
    assert export["events_taking_part"][0]["title"] == "Barcamp"
    assert export["case_studies"][0]["contact_email"] == MEMBER_EMAIL


def text_columns_holding(value: str) -> list[str]:
    """Every table.column whose text contains `value` somewhere."""
    found = []
    for table in db.metadata.sorted_tables:
        columns = [c for c in table.columns if isinstance(c.type, String | Text)]
        if not columns:
            continue
        hits = db.session.scalar(
            select(func.count())
            .select_from(table)
            .where(or_(*(column.contains(value, autoescape=True) for column in columns)))
        )
        if hits:
            found.append(table.name)
    return found


def test_after_deletion_nothing_of_the_member_is_left(
    app: Flask, client: Client, member_with_everything: User
) -> None:
    member_id = member_with_everything.id
    with app.app_context():
        user = db.session.get(User, member_id)
        assert user is not None
        name = user.name
        article = db.session.scalar(select(Article).where(Article.slug == "eigener-eintrag"))
        assert article is not None and article.like_count == 1
        assert text_columns_holding(MEMBER_EMAIL)  # the check finds what is there

    response = client.post_form("/account/delete", {"password": PASSWORD, "contributions": "keep"})
    assert response.status_code == 303

    with app.app_context():
        assert db.session.get(User, member_id) is None
        assert all(count == 0 for count in rows_pointing_at(member_id).values())
        for value in (MEMBER_EMAIL, MEMBER_NAME, name):
            assert text_columns_holding(value) == [], f"{value!r} is still stored"
        # What the member published stays, attributed to nobody; their like is gone and
        # counted again; the attendance is gone and counted again.
        article = db.session.scalar(select(Article).where(Article.slug == "eigener-eintrag"))
        assert article is not None and article.creator_id is None and article.like_count == 0
        event = db.session.scalar(select(Event).where(Event.slug == "barcamp"))
        assert event is not None and event.attendee_count == 0
        comment = db.session.scalar(select(Comment).where(Comment.body == "Ein Kommentar"))
        assert comment is not None and comment.author_id is None
        case = db.session.scalar(select(CaseStudy).where(CaseStudy.slug == "eine-fallstudie"))
        assert case is not None and case.contact_email == "" and not case.contact_consent


def test_a_drafts_nobody_else_writes_on_goes_with_its_author(app: Flask, make_user: Any) -> None:
    author, coauthor = make_user(), make_user()
    with app.app_context(), app.test_request_context():
        alone = Article(slug="allein", title="Allein", creator_id=author.id)
        shared = Article(slug="gemeinsam", title="Gemeinsam", creator_id=author.id)
        invited = Article(slug="nur-eingeladen", title="Nur eingeladen", creator_id=author.id)
        db.session.add_all([alone, shared, invited])
        db.session.flush()
        add_coauthor(shared, coauthor, accepted_at=utcnow())
        # An invitation nobody answered does not make a draft shared.
        add_coauthor(invited, coauthor, accepted_at=None)
        db.session.commit()
        from kb.accounts import service as account_service

        user = db.session.get(User, author.id)
        account_service.delete_account(user)
        db.session.commit()
        slugs = set(db.session.scalars(select(Article.slug)))
    assert slugs == {"gemeinsam"}


# --- SQL and Python agree on who sees what ----------------------------------------------------


def add_coauthor(article: Article, user: User, accepted_at: Any) -> None:
    db.session.execute(
        insert(article_coauthors).values(
            article_id=article.id, user_id=user.id, invited_at=utcnow(), accepted_at=accepted_at
        )
    )
    db.session.expire(article, ["coauthors", "invitees"])


# Moderation's standing of a published record in these states (kb.standing).
STANDINGS = {"held": Standing.HELD, "hidden": Standing.HIDDEN}


def _article(owner: User, other: User, state: str) -> Article:
    article = Article(
        slug=f"eintrag-{state}",
        title=f"Eintrag {state}",
        status=PublishState.DRAFT if state.endswith("draft") else PublishState.PUBLISHED,
        creator_id=other.id if state.endswith("-draft") else owner.id,
        moderation=STANDINGS.get(state, Standing.VISIBLE),
    )
    if state.endswith("-draft"):
        # The owner co-writes another member's draft; invited only, they do not see it.
        db.session.add(article)
        db.session.flush()
        add_coauthor(article, owner, utcnow() if state == "coauthored-draft" else None)
    return article


def _case(owner: User, other: User, state: str) -> CaseStudy:
    return CaseStudy(
        slug=f"fall-{state}",
        title=f"Fall {state}",
        creator_id=owner.id,
        status=PublishState.DRAFT if state == "draft" else PublishState.PUBLISHED,
        moderation=STANDINGS.get(state, Standing.VISIBLE),
    )


def _event(owner: User, other: User, state: str) -> Event:
    now = utcnow()
    return Event(
        slug=f"termin-{state}",
        title=f"Termin {state}",
        creator_id=owner.id,
        starts_at=now,
        ends_at=now + timedelta(hours=1),
        review=STANDINGS.get(state, EventReview.VISIBLE),
    )


def _authority(owner: User, other: User, state: str) -> Authority:
    return Authority(
        slug=f"amt-{state}",
        name=f"Amt {state}",
        kind=Kind.OTHER,
        level=Level.OTHER,
        review=Review.APPROVED if state == "approved" else Review.PROPOSED,
        proposed_by_id=owner.id,
    )


def _account(owner: User, other: User, state: str) -> SocialAccount:
    authority = Authority(
        slug=f"traeger-{state}", name="Träger", kind=Kind.OTHER, level=Level.OTHER
    )
    db.session.add(authority)
    db.session.flush()
    platform_id = db.session.scalar(select(Platform.id).limit(1))
    return SocialAccount(
        authority_id=authority.id,
        platform_id=platform_id,
        url=f"https://social.example/@{state}",
        review=Review.APPROVED if state == "approved" else Review.PROPOSED,
        proposed_by_id=owner.id,
    )


def _comment(owner: User, other: User, state: str) -> Comment:
    target = Article(
        slug=f"ziel-{state}",
        title="Ziel",
        status=PublishState.DRAFT if state == "on-a-draft" else PublishState.PUBLISHED,
        creator_id=other.id,
    )
    db.session.add(target)
    db.session.flush()
    return Comment(
        target_type="article",
        target_id=target.id,
        author_id=owner.id,
        body=f"Kommentar {state}",
        body_html="",
        submission_key=state.ljust(16, "x"),
        moderation=STANDINGS.get(state, Standing.VISIBLE),
    )


def _profile(owner: User, other: User, state: str) -> User:
    owner.moderation = STANDINGS.get(state, Standing.VISIBLE)
    return owner


STATES: dict[str, tuple[Callable[[User, User, str], Any], tuple[str, ...]]] = {
    "article": (
        _article,
        ("draft", "published", "coauthored-draft", "invited-draft", "held", "hidden"),
    ),
    "case": (_case, ("draft", "published", "held", "hidden")),
    "event": (_event, ("visible", "held", "hidden")),
    "authority": (_authority, ("approved", "proposed")),
    "social_account": (_account, ("approved", "proposed")),
    "comment": (_comment, ("visible", "held", "hidden", "on-a-draft")),
    "profile": (_profile, ("member", "held", "hidden")),
}


def test_every_content_type_has_states_to_check(app: Flask) -> None:
    assert set(registry.of(app).types) == set(STATES)


def check_visibility(content_type: Any, owner: User, other: User, moderator: User) -> Any:
    """(disagreements, answers) over every state of the type and every kind of viewer."""
    make, states = STATES[content_type.name]
    viewers = {"anonymous": ANONYMOUS, "member": other, "owner": owner, "moderator": moderator}
    disagreements, answers = [], set()
    for state in states:
        record = make(owner, other, state)
        db.session.add(record)
        db.session.flush()
        for label, viewer in viewers.items():
            in_python = content_type.can_view(viewer, record)
            in_sql = (
                db.session.scalar(
                    select(func.count())
                    .select_from(content_type.model)
                    .where(content_type.model.id == record.id, content_type.visible(viewer))
                )
                == 1
            )
            if in_python != in_sql:
                disagreements.append((state, label, in_python, in_sql))
            answers.add(in_python)
    return disagreements, answers


@pytest.fixture
def viewers(app: Flask, make_user: Any) -> Iterator[tuple[User, User, User]]:
    owner, other = make_user(), make_user()
    moderator = make_user(role=Role.MODERATOR)
    with app.app_context(), app.test_request_context():
        seed_taxonomy()
        yield (
            db.session.get(User, owner.id),
            db.session.get(User, other.id),
            db.session.get(User, moderator.id),
        )
        db.session.rollback()


@pytest.mark.parametrize("name", sorted(STATES))
def test_sql_visibility_agrees_with_the_python_rule(
    viewers: tuple[User, User, User], name: str
) -> None:
    content_type = registry.current().types[name]
    disagreements, answers = check_visibility(content_type, *viewers)
    assert disagreements == []
    # Every type has something someone may not see (a profile: once moderation hid it).
    assert answers == {True, False}


def test_a_rule_that_says_more_in_sql_is_caught(viewers: tuple[User, User, User]) -> None:
    too_open = dataclasses.replace(registry.current().types["article"], visible=lambda v: true())
    disagreements, _answers = check_visibility(too_open, *viewers)
    assert ("draft", "anonymous", False, True) in disagreements
