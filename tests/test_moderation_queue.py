"""The moderation queue: who may see it, what it lists, every action on every moderated
content type with its decision, resolved reports, audit entry and notifications,
suspensions, the statement of reasons and the appeal."""

from __future__ import annotations

import re
from collections import Counter
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask, g
from sqlalchemy import func, select

from kb import registry
from kb.articles.models import Article
from kb.audit import AuditEntry
from kb.cases.models import CaseStudy
from kb.community.models import Comment
from kb.content.models import PublishState
from kb.events.models import Event, EventSeries, Frequency
from kb.extensions import db
from kb.moderation.models import Action, Appeal, Decision, Reason, Report, ReportSource
from kb.notify import Notification
from kb.registry import ReviewItem, ReviewSource
from kb.standing import Standing
from kb.timeutil import utcnow
from kb.users import Role, User
from tests.conftest import PASSWORD, Auth, Client

EN = {"Accept-Language": "en"}
MODERATED = ("article", "case", "comment", "event", "profile")


# --- fixtures and helpers -------------------------------------------------------------------


@pytest.fixture
def moderator(make_user: Any) -> User:
    return make_user(display_name="Mona Moderatorin", role=Role.MODERATOR)


@pytest.fixture
def author(make_user: Any) -> User:
    return make_user(display_name="Arne Autor")


@pytest.fixture
def reporter(make_user: Any) -> User:
    return make_user(display_name="Rita Meldend")


def login(auth: Auth, user: User) -> None:
    assert auth.login(user.email).status_code == 303


def make_record(type_name: str, owner_id: int, standing: Standing) -> Any:
    """A public record of the type, owned by `owner_id`, in `standing` (in a session)."""
    now = utcnow()
    record: Any
    if type_name == "article":
        record = Article(
            slug=f"eintrag-{now.timestamp()}",
            title="Ein Eintrag zum Melden",
            summary="Eine Zusammenfassung",
            status=PublishState.PUBLISHED,
            published_at=now,
            creator_id=owner_id,
        )
    elif type_name == "case":
        record = CaseStudy(
            slug=f"fall-{now.timestamp()}",
            title="Eine Fallstudie zum Melden",
            status=PublishState.PUBLISHED,
            creator_id=owner_id,
        )
    elif type_name == "event":
        record = Event(
            slug=f"termin-{now.timestamp()}",
            title="Ein Termin zum Melden",
            creator_id=owner_id,
            starts_at=now + timedelta(days=3),
            ends_at=now + timedelta(days=3, hours=1),
        )
    elif type_name == "comment":
        target = Article(
            slug=f"ziel-{now.timestamp()}",
            title="Ziel",
            status=PublishState.PUBLISHED,
            published_at=now,
            creator_id=None,
        )
        db.session.add(target)
        db.session.flush()
        record = Comment(
            target_type="article",
            target_id=target.id,
            author_id=owner_id,
            body="Ein Kommentar zum Melden",
            body_html="<p>Ein Kommentar zum Melden</p>",
            submission_key=f"k{now.timestamp()}".ljust(16, "x"),
        )
    else:
        record = db.session.get(User, owner_id)
    db.session.add(record)
    db.session.flush()
    content_type = registry.current().get(type_name)
    assert content_type is not None
    content_type.set_standing(record, standing)
    return record


def report(reporter_id: int | None, type_name: str, record_id: int, **fields: Any) -> None:
    fields.setdefault("reason", Reason.INSULT)
    db.session.add(
        Report(
            reporter_id=reporter_id,
            target_type=type_name,
            target_id=record_id,
            target_label="gemeldet",
            **fields,
        )
    )


def setup(
    app: Flask, type_name: str, owner: User, standing: Standing, reporter: User | None = None
) -> int:
    with app.app_context():
        record = make_record(type_name, owner.id, standing)
        if reporter is not None:
            report(reporter.id, type_name, record.id, note="Beleidigend")
        db.session.commit()
        return int(record.id)


def load(app: Flask, type_name: str, record_id: int) -> Any:
    with app.app_context():
        content_type = registry.current().get(type_name)
        assert content_type is not None
        record = db.session.get(content_type.model, record_id)
        if record is not None:
            db.session.expunge(record)
        return record


def standing_of(app: Flask, type_name: str, record_id: int) -> Standing | None:
    with app.app_context():
        content_type = registry.current().get(type_name)
        assert content_type is not None
        record = db.session.get(content_type.model, record_id)
        return None if record is None else content_type.standing_of(record)


def rows(app: Flask, model: Any, *conditions: Any) -> list[Any]:
    with app.app_context():
        found = list(db.session.scalars(select(model).where(*conditions).order_by(model.id)))
        for row in found:
            db.session.expunge(row)
        return found


def act(client: Client, type_name: str, record_id: int, action: str, **data: Any) -> Any:
    data.setdefault("ground", "insult")
    data.setdefault("facts", "Verstößt gegen die Netiquette.")
    return client.post_form(f"/moderation/items/{type_name}/{record_id}/{action}", data, headers=EN)


# --- the registry and permissions -----------------------------------------------------------


def test_every_moderated_type_is_tested(app: Flask) -> None:
    assert {item.name for item in registry.of(app) if item.moderated} == set(MODERATED)


def moderation_urls(app: Flask, author: User, reporter: User) -> list[tuple[str, str]]:
    record_id = setup(app, "comment", author, Standing.VISIBLE, reporter)
    with app.app_context():
        decision = Decision(
            action=Action.HIDE,
            target_type="comment",
            target_id=record_id,
            subject_id=reporter.id,
            ground=Reason.SPAM,
        )
        db.session.add(decision)
        db.session.flush()
        appeal = Appeal(decision_id=decision.id, appellant_id=reporter.id, statement="Bitte")
        db.session.add(appeal)
        db.session.commit()
        appeal_id = appeal.id
    urls = [
        ("GET", "/moderation/"),
        ("GET", f"/moderation/items/comment/{record_id}"),
        ("GET", f"/moderation/users/{author.id}"),
        ("POST", f"/moderation/users/{author.id}/suspend"),
        ("POST", f"/moderation/users/{author.id}/unsuspend"),
        ("POST", f"/moderation/appeals/{appeal_id}/decide"),
    ]
    urls += [("POST", f"/moderation/items/comment/{record_id}/{a.value}") for a in Action]
    return urls


def test_members_get_403_and_anonymous_readers_log_in(
    app: Flask, client: Client, auth: Auth, author: User, reporter: User, make_user: Any
) -> None:
    urls = moderation_urls(app, author, reporter)
    for method, url in urls:
        answer = client.get(url) if method == "GET" else client.post_form(url, {"facts": "x"})
        assert answer.status_code in (302, 303), url
        assert "/auth/login" in answer.headers["Location"], url
    login(auth, make_user())
    for method, url in urls:
        answer = client.get(url) if method == "GET" else client.post_form(url, {"facts": "x"})
        assert answer.status_code == 403, url
    assert rows(app, Decision, Decision.action != Action.HIDE) == []


def test_the_decision_page_is_for_the_member_concerned_and_moderators(
    app: Flask, client: Client, auth: Auth, author: User, moderator: User, make_user: Any
) -> None:
    with app.app_context():
        decision = Decision(
            action=Action.WARN,
            target_type="profile",
            target_id=author.id,
            subject_id=author.id,
            ground=Reason.SPAM,
            facts="Werbung",
        )
        db.session.add(decision)
        db.session.commit()
        url = f"/moderation/decisions/{decision.id}"
    assert "/auth/login" in client.get(url).headers["Location"]
    login(auth, make_user())
    assert client.get(url).status_code == 404
    assert client.get("/moderation/decisions/999999").status_code == 404
    auth.logout()
    for user in (author, moderator):
        login(auth, user)
        assert client.get(url, headers=EN).status_code == 200
        auth.logout()


# --- every action on every type -------------------------------------------------------------

# (action, standing before, standing after; None: the record is gone)
CONTENT_ACTIONS: list[tuple[str, Standing, Standing | None]] = [
    ("approve", Standing.HELD, Standing.VISIBLE),
    ("reject", Standing.HELD, Standing.HIDDEN),
    ("hide", Standing.VISIBLE, Standing.HIDDEN),
    ("restore", Standing.HIDDEN, Standing.VISIBLE),
    ("dismiss", Standing.VISIBLE, Standing.VISIBLE),
    ("warn", Standing.VISIBLE, Standing.VISIBLE),
    ("delete", Standing.VISIBLE, None),
]
# Profiles are never held, and accounts are not deleted from the queue.
NOT_FOR_PROFILES = {"approve", "reject", "delete"}

CASES = [
    (type_name, action, before, after)
    for type_name in MODERATED
    for action, before, after in CONTENT_ACTIONS
    if not (type_name == "profile" and action in NOT_FOR_PROFILES)
]


@pytest.mark.parametrize(("type_name", "action", "before", "after"), CASES)
def test_every_action_on_every_type(
    app: Flask,
    client: Client,
    auth: Auth,
    moderator: User,
    author: User,
    reporter: User,
    type_name: str,
    action: str,
    before: Standing,
    after: Standing | None,
) -> None:
    record_id = setup(app, type_name, author, before, reporter)
    login(auth, moderator)
    answer = act(client, type_name, record_id, action)
    assert answer.status_code == 303, answer.get_data(as_text=True)

    if after is None:
        assert load(app, type_name, record_id) is None
    else:
        assert standing_of(app, type_name, record_id) == after

    (decision,) = rows(app, Decision, Decision.target_type == type_name)
    assert decision.action == Action(action)
    assert decision.target_id == record_id
    assert decision.subject_id == author.id
    assert decision.moderator_id == moderator.id
    assert decision.facts == "Verstößt gegen die Netiquette."

    (open_report,) = rows(app, Report)
    assert open_report.resolved_at is not None
    assert open_report.decision_id == decision.id

    (entry,) = rows(app, AuditEntry)
    assert entry.action == f"moderation.{action}"
    assert entry.actor_id == moderator.id
    assert entry.target_type == type_name and entry.target_id == record_id
    assert entry.subject_id == author.id
    assert entry.reason == "Verstößt gegen die Netiquette."

    kinds = {(note.user_id, note.kind) for note in rows(app, Notification)}
    assert (reporter.id, "report.decided") in kinds
    (notice,) = rows(app, Notification, Notification.user_id == reporter.id)
    # The reporter is led to the content only while readers may see it.
    with app.app_context():
        content_type = registry.current().get(type_name)
        assert content_type is not None
        record = db.session.get(content_type.model, record_id)
        public = record is not None and content_type.is_public(record)
    assert bool(notice.url) == public, notice.url
    if action == "approve":
        assert (author.id, "post.approved") in kinds
        trusted = load(app, "profile", author.id)
        assert trusted.trusted_at is not None
    elif action == "dismiss":
        assert not any(user == author.id for user, _kind in kinds)
    else:
        assert (author.id, "moderation.decision") in kinds


@pytest.mark.parametrize("type_name", MODERATED)
def test_a_moderator_does_not_act_on_own_content(
    app: Flask, client: Client, auth: Auth, moderator: User, reporter: User, type_name: str
) -> None:
    record_id = setup(app, type_name, moderator, Standing.VISIBLE, reporter)
    login(auth, moderator)
    assert act(client, type_name, record_id, "hide").status_code == 403
    page = client.get(f"/moderation/items/{type_name}/{record_id}", headers=EN)
    assert "another moderator decides" in page.get_data(as_text=True)
    assert standing_of(app, type_name, record_id) == Standing.VISIBLE
    assert rows(app, Decision) == []


def test_unknown_items_and_actions_give_404_and_wrong_states_409(
    app: Flask, client: Client, auth: Auth, moderator: User, author: User
) -> None:
    record_id = setup(app, "article", author, Standing.VISIBLE)
    login(auth, moderator)
    assert client.get("/moderation/items/nope/1").status_code == 404
    assert client.get("/moderation/items/article/999999").status_code == 404
    assert client.get("/moderation/items/article/99999999999").status_code == 404
    # Registry proposals are not moderated by standing.
    assert client.get("/moderation/items/authority/1").status_code == 404
    assert act(client, "article", 999999, "hide").status_code == 404
    assert act(client, "article", record_id, "explode").status_code == 404
    assert act(client, "article", record_id, "suspend").status_code == 404
    assert client.get("/moderation/users/999999").status_code == 404
    assert client.post_form("/moderation/appeals/999999/decide").status_code == 404
    # A visible entry is not approved, nor shown again; no reports: nothing to dismiss.
    for action in ("approve", "restore", "dismiss"):
        assert act(client, "article", record_id, action).status_code == 409, action
    assert rows(app, Decision) == []


def test_an_invalid_form_is_refused_next_to_the_field_and_stores_nothing(
    app: Flask, client: Client, auth: Auth, moderator: User, author: User, reporter: User
) -> None:
    record_id = setup(app, "comment", author, Standing.VISIBLE, reporter)
    login(auth, moderator)
    no_facts = act(client, "comment", record_id, "hide", facts="   ")
    assert no_facts.status_code == 422
    html = no_facts.get_data(as_text=True)
    assert 'id="facts-error"' in html and "Please say why" in html
    no_ground = act(client, "comment", record_id, "hide", ground="")
    assert no_ground.status_code == 422
    assert 'id="ground-error"' in no_ground.get_data(as_text=True)
    bad_ground = act(client, "comment", record_id, "hide", ground="treason")
    assert bad_ground.status_code == 422
    too_long = act(client, "comment", record_id, "warn", facts="x" * 2001)
    assert too_long.status_code == 422
    assert "at most 2,000" in too_long.get_data(as_text=True)
    assert standing_of(app, "comment", record_id) == Standing.VISIBLE
    assert rows(app, Decision) == [] and rows(app, AuditEntry) == []
    assert rows(app, Report, Report.resolved_at.is_not(None)) == []
    # Dismissing needs no ground, only the facts.
    assert act(client, "comment", record_id, "dismiss", ground="").status_code == 303
    (decision,) = rows(app, Decision)
    assert decision.ground == Reason.OTHER


def test_csrf_is_required(
    app: Flask, client: Client, auth: Auth, moderator: User, author: User
) -> None:
    record_id = setup(app, "article", author, Standing.VISIBLE)
    login(auth, moderator)
    answer = client.post(
        f"/moderation/items/article/{record_id}/hide", data={"ground": "spam", "facts": "x"}
    )
    assert answer.status_code == 400
    assert standing_of(app, "article", record_id) == Standing.VISIBLE


def test_approving_a_held_event_publishes_its_series(
    app: Flask, client: Client, auth: Auth, moderator: User, author: User
) -> None:
    with app.app_context():
        now = utcnow()
        series = EventSeries(
            slug="reihe",
            title="Reihe",
            creator_id=author.id,
            frequency=Frequency.WEEKLY,
            weekday=now.weekday(),
            local_start=now.time().replace(tzinfo=None, microsecond=0),
            duration_minutes=60,
            first_date=now.date(),
            materialised_until=now.date() + timedelta(days=21),
            review=Standing.HELD,
        )
        db.session.add(series)
        db.session.flush()
        events = [
            Event(
                slug=f"reihe-{number}",
                title="Reihe",
                creator_id=author.id,
                series_id=series.id,
                starts_at=now + timedelta(days=7 * number),
                ends_at=now + timedelta(days=7 * number, hours=1),
                review=Standing.HELD,
            )
            for number in range(3)
        ]
        db.session.add_all(events)
        db.session.commit()
        first_id = events[0].id
    login(auth, moderator)
    assert act(client, "event", first_id, "approve").status_code == 303
    with app.app_context():
        assert set(db.session.scalars(select(Event.review))) == {Standing.VISIBLE}
        assert db.session.scalar(select(EventSeries.review)) == Standing.VISIBLE


# --- suspension -----------------------------------------------------------------------------


def test_suspending_ends_the_sessions_and_unsuspending_lets_in_again(
    app: Flask, client: Client, auth: Auth, moderator: User, author: User
) -> None:
    member_client: Client = app.test_client()  # type: ignore[assignment]
    login(Auth(member_client), author)
    assert member_client.get("/account/profile").status_code == 200

    login(auth, moderator)
    answer = client.post_form(
        f"/moderation/users/{author.id}/suspend",
        {"ground": "hate", "facts": "Wiederholte Hetze.", "duration": "7"},
    )
    assert answer.status_code == 303
    suspended = load(app, "profile", author.id)
    assert suspended.is_suspended
    assert suspended.suspended_until is not None
    assert timedelta(days=6) < suspended.suspended_until - utcnow() <= timedelta(days=7)
    # The member's open session ends with the next request.
    assert member_client.get("/account/profile").status_code in (302, 303)

    (decision,) = rows(app, Decision)
    assert decision.action == Action.SUSPEND and decision.subject_id == author.id
    assert decision.suspended_until == suspended.suspended_until
    (entry,) = rows(app, AuditEntry)
    assert entry.action == "moderation.suspend" and "until" in entry.details
    assert [note.kind for note in rows(app, Notification)] == ["moderation.decision"]

    end = client.post_form(f"/moderation/users/{author.id}/unsuspend", {"facts": "Einsicht."})
    assert end.status_code == 303
    assert not load(app, "profile", author.id).is_suspended
    assert [entry.action for entry in rows(app, AuditEntry)] == [
        "moderation.suspend",
        "moderation.unsuspend",
    ]
    # Not suspended any more: nothing to end.
    again = client.post_form(f"/moderation/users/{author.id}/unsuspend", {"facts": "x"})
    assert again.status_code == 409


def test_suspending_for_good(
    app: Flask, client: Client, auth: Auth, moderator: User, author: User
) -> None:
    login(auth, moderator)
    client.post_form(
        f"/moderation/users/{author.id}/suspend",
        {"ground": "spam", "facts": "Nur Werbung.", "duration": "permanent"},
    )
    suspended = load(app, "profile", author.id)
    assert suspended.is_suspended and suspended.suspended_until is None
    assert "for good" in rows(app, AuditEntry)[0].details


def test_the_suspended_member_reads_the_reasons_when_logging_in(
    app: Flask, client: Client, auth: Auth, moderator: User, author: User
) -> None:
    """They cannot log in to read the statement: the login page shows it, to whoever
    knows the password."""
    login(auth, moderator)
    client.post_form(
        f"/moderation/users/{author.id}/suspend",
        {"ground": "spam", "facts": "Nur Werbung für ein Seminar.", "duration": "permanent"},
    )
    auth.logout()
    answer = client.post_form(
        "/auth/login",
        {"email": author.email, "password": PASSWORD},
        headers=EN,
    )
    page = answer.get_data(as_text=True)
    assert answer.status_code == 403
    assert "Nur Werbung für ein Seminar." in page and "Spam" in page
    wrong = client.post_form("/auth/login", {"email": author.email, "password": "falsch"})
    assert "Nur Werbung" not in wrong.get_data(as_text=True)


def test_who_may_suspend_whom(
    app: Flask, client: Client, auth: Auth, moderator: User, make_user: Any
) -> None:
    admin = make_user(role=Role.ADMIN)
    other_moderator = make_user(role=Role.MODERATOR)
    data = {"ground": "spam", "facts": "x", "duration": "1"}
    login(auth, moderator)
    for user in (moderator, other_moderator, admin):
        assert client.post_form(f"/moderation/users/{user.id}/suspend", data).status_code == 403
    auth.logout()
    login(auth, admin)
    for user in (admin, make_user(role=Role.ADMIN)):
        assert client.post_form(f"/moderation/users/{user.id}/suspend", data).status_code == 403
    assert client.post_form(f"/moderation/users/{moderator.id}/suspend", data).status_code == 303
    assert load(app, "profile", moderator.id).is_suspended


def test_an_invalid_suspension_is_refused_and_stores_nothing(
    app: Flask, client: Client, auth: Auth, moderator: User, author: User
) -> None:
    login(auth, moderator)
    for data in (
        {"ground": "", "facts": "x", "duration": "7"},
        {"ground": "spam", "facts": "", "duration": "7"},
        {"ground": "spam", "facts": "x", "duration": "100000"},
    ):
        answer = client.post_form(f"/moderation/users/{author.id}/suspend", data, headers=EN)
        assert answer.status_code == 422, data
        assert "kern-error" in answer.get_data(as_text=True)
    assert not load(app, "profile", author.id).is_suspended
    assert rows(app, Decision) == []


def test_the_suspension_panel_on_the_admin_user_page(
    app: Flask, moderator: User, author: User, make_user: Any
) -> None:
    admin = make_user(role=Role.ADMIN)
    with app.test_request_context(headers=EN):
        g._login_user = db.session.get(User, admin.id)
        target = db.session.get(User, author.id)
        (panel,) = registry.current().render_panels("admin.user", user=target)
        assert f"/moderation/users/{author.id}/suspend" in panel
        assert 'name="csrf_token"' in panel
        # Nobody is offered to suspend themself.
        assert registry.current().render_panels("admin.user", user=g._login_user) == []


# --- the queue ------------------------------------------------------------------------------


def test_the_queue_lists_reports_held_posts_appeals_and_proposals(
    app: Flask,
    client: Client,
    auth: Auth,
    moderator: User,
    author: User,
    reporter: User,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    reported = setup(app, "article", author, Standing.VISIBLE, reporter)
    held = setup(app, "comment", author, Standing.HELD)
    with app.app_context():
        db.session.get(User, author.id).trusted_at = None  # a new member
        report(None, "article", reported, source=ReportSource.WATCHED_WORD, note="Wort: Idiot")
        # Held and reported: one item, counted once.
        report(reporter.id, "comment", held, reason=Reason.SPAM, note="Werbelink")
        decision = Decision(
            action=Action.HIDE,
            target_type="case",
            target_id=1,
            target_label="Verborgene Fallstudie",
            subject_id=reporter.id,
            moderator_id=moderator.id,
            ground=Reason.SPAM,
        )
        db.session.add(decision)
        db.session.flush()
        db.session.add(Appeal(decision_id=decision.id, appellant_id=reporter.id, statement="!"))
        db.session.commit()
    proposal = ReviewSource(
        "test",
        "Vorschlag",
        count=lambda: 1,
        pending=lambda limit: [ReviewItem("Amt Beispiel", "/authorities/review", utcnow())],
    )
    # Only the test's source: the registry's own would add the database's proposals.
    monkeypatch.setattr(registry.of(app), "review_sources", [proposal])
    login(auth, moderator)
    html = client.get("/moderation/", headers=EN).get_data(as_text=True)
    assert "Ein Eintrag zum Melden" in html
    assert "Rita Meldend" in html and "Beleidigend" in html and "Insult or harassment" in html
    assert "watched word" in html and "Wort: Idiot" in html
    assert "Ein Kommentar zum Melden" in html
    assert "first post of a new member" in html  # the author is not trusted
    assert "Verborgene Fallstudie" in html and "contests the decision" in html
    assert "Amt Beispiel" in html and "/authorities/review" in html
    assert f"/moderation/items/article/{reported}" in html
    assert f"/moderation/items/comment/{held}" in html
    assert html.count(f'href="/moderation/items/comment/{held}"') == 2  # title and button
    assert "Werbelink" in html

    held_only = client.get("/moderation/?what=held", headers=EN).get_data(as_text=True)
    assert "Ein Kommentar zum Melden" in held_only and "Ein Eintrag zum Melden" not in held_only
    articles = client.get("/moderation/?type=article", headers=EN).get_data(as_text=True)
    assert "Ein Eintrag zum Melden" in articles and "Amt Beispiel" not in articles
    spam = client.get("/moderation/?reason=spam", headers=EN).get_data(as_text=True)
    assert "Ein Eintrag zum Melden" not in spam and "Verborgene Fallstudie" in spam
    assert "Ein Kommentar zum Melden" in spam
    appeals = client.get("/moderation/?what=appeals", headers=EN).get_data(as_text=True)
    assert "Verborgene Fallstudie" in appeals and "Ein Kommentar" not in appeals

    fragment = client.get("/moderation/?what=held", headers={**EN, "HX-Request": "true"})
    assert fragment.get_data(as_text=True).lstrip().startswith("<section")

    with app.test_request_context(headers=EN):
        user = db.session.get(User, moderator.id)
        (link,) = [
            html
            for html in registry.current().render_panels("header.member", user=user)
            if "/moderation/" in html
        ]
        assert "4" in link  # article, comment, appeal, proposal
        member = db.session.get(User, author.id)
        panels = registry.current().render_panels("header.member", user=member)
        assert not any("/moderation/" in html for html in panels)


def test_the_queue_is_bounded_with_a_more_link(
    app: Flask, client: Client, auth: Auth, moderator: User, author: User
) -> None:
    with app.app_context():
        for _number in range(27):
            make_record("comment", author.id, Standing.HELD)
        db.session.commit()
    login(auth, moderator)
    first = client.get("/moderation/", headers=EN).get_data(as_text=True)
    assert first.count('class="kern-card moderation-item"') == 25
    assert "limit=50" in first
    more = client.get("/moderation/?limit=50", headers=EN).get_data(as_text=True)
    assert more.count('class="kern-card moderation-item"') == 27
    assert "limit=75" not in more


@pytest.mark.parametrize(
    "query", ["what=nothing", "type=authority", "reason=x", "limit=0", "limit=201", "limit=a"]
)
def test_bad_filters_give_400(client: Client, auth: Auth, moderator: User, query: str) -> None:
    login(auth, moderator)
    assert client.get(f"/moderation/?{query}").status_code == 400


def test_content_that_is_gone_can_still_be_dismissed(
    app: Flask, client: Client, auth: Auth, moderator: User, author: User, reporter: User
) -> None:
    record_id = setup(app, "article", author, Standing.VISIBLE, reporter)
    with app.app_context():
        db.session.delete(db.session.get(Article, record_id))
        db.session.commit()
    login(auth, moderator)
    page = client.get(f"/moderation/items/article/{record_id}", headers=EN)
    assert "no longer exists" in page.get_data(as_text=True)
    assert act(client, "article", record_id, "hide").status_code == 409
    assert act(client, "article", record_id, "dismiss").status_code == 303
    assert client.get(f"/moderation/items/article/{record_id}").status_code == 404


# --- statement of reasons and appeal, end to end -------------------------------------------


def notifications_of(app: Flask, user: User) -> list[Notification]:
    return rows(app, Notification, Notification.user_id == user.id)


def message(app: Flask, note: Notification) -> str:
    with app.test_request_context(headers=EN):
        kind = registry.current().notification_kinds[note.kind]
        return kind.message(note.data)


def test_statement_of_reasons_appeal_and_the_reporters_notice(
    app: Flask,
    client: Client,
    auth: Auth,
    moderator: User,
    author: User,
    reporter: User,
    make_user: Any,
) -> None:
    second_moderator = make_user(display_name="Otto Zweitmoderator", role=Role.MODERATOR)
    record_id = setup(app, "comment", author, Standing.VISIBLE, reporter)
    login(auth, moderator)
    act(client, "comment", record_id, "hide", ground="hate", facts="Abwertung wegen Herkunft.")
    auth.logout()
    (decision,) = rows(app, Decision)
    url = f"/moderation/decisions/{decision.id}"

    # The reporter learns what was decided, nothing about the author.
    (notice,) = notifications_of(app, reporter)
    assert notice.kind == "report.decided"
    text = message(app, notice)
    assert "Hidden" in text and "Arne" not in text and "Autor" not in text
    assert "Arne" not in str(notice.data)

    # The author gets the statement of reasons: what, ground with its rule, facts, date.
    (statement,) = notifications_of(app, author)
    assert statement.kind == "moderation.decision" and statement.url == url
    login(auth, author)
    page = client.get(url, headers=EN).get_data(as_text=True)
    assert "Hidden" in page and "Hate speech" in page
    assert "attacks or belittles people" in page  # the rule
    assert "Abwertung wegen Herkunft." in page
    assert 'name="statement"' in page  # the appeal form

    empty = client.post_form(f"{url}/appeal", {"statement": ""}, headers=EN)
    assert empty.status_code == 422 and 'id="statement-error"' in empty.get_data(as_text=True)
    assert rows(app, Appeal) == []
    sent = client.post_form(f"{url}/appeal", {"statement": "Das war Satire."})
    assert sent.status_code == 303
    again = client.post_form(f"{url}/appeal", {"statement": "Noch einmal."}, headers=EN)
    assert again.status_code == 303
    followed = client.get(url, headers=EN).get_data(as_text=True)
    assert "appeal is possible once" in followed
    assert "Das war Satire." in followed and "Noch einmal." not in followed
    assert 'name="statement"' not in followed
    (appeal,) = rows(app, Appeal)
    auth.logout()

    # Back in the queue; the moderator who decided leaves it to the other one.
    login(auth, moderator)
    assert "Das war Satire." in client.get("/moderation/", headers=EN).get_data(as_text=True)
    decide = f"/moderation/appeals/{appeal.id}/decide"
    reverse = {"outcome": "reversed", "note": "Als Satire erkennbar."}
    assert client.post_form(decide, reverse).status_code == 403
    auth.logout()

    login(auth, second_moderator)
    assert client.post_form(decide, {"outcome": "", "note": "x"}).status_code == 422
    assert client.post_form(decide, reverse).status_code == 303
    assert client.post_form(decide, reverse).status_code == 409
    auth.logout()

    assert standing_of(app, "comment", record_id) == Standing.VISIBLE
    (decided,) = rows(app, Appeal)
    assert decided.outcome is not None and decided.outcome.value == "reversed"
    assert decided.decided_by_id == second_moderator.id
    restore = rows(app, Decision, Decision.revises_id == decision.id)
    assert [item.action for item in restore] == [Action.RESTORE]
    assert [note.kind for note in notifications_of(app, author)] == [
        "moderation.decision",
        "appeal.decided",
    ]
    assert "reversed" in message(app, notifications_of(app, author)[-1])
    assert [entry.action for entry in rows(app, AuditEntry)] == [
        "moderation.hide",
        "moderation.appeal",
        "moderation.restore",
        "moderation.appeal_reversed",
    ]
    login(auth, author)
    outcome = client.get(url, headers=EN).get_data(as_text=True)
    assert "Outcome: reversed" in outcome and "Als Satire erkennbar." in outcome


def test_the_only_moderator_decides_the_appeal_and_is_told(
    app: Flask, client: Client, auth: Auth, moderator: User, author: User
) -> None:
    login(auth, moderator)
    client.post_form(
        f"/moderation/users/{author.id}/suspend",
        {"ground": "spam", "facts": "Werbung.", "duration": "30"},
    )
    (decision,) = rows(app, Decision)
    with app.app_context():
        db.session.add(Appeal(decision_id=decision.id, appellant_id=author.id, statement="Nein"))
        db.session.commit()
    (appeal,) = rows(app, Appeal)
    page = client.get(f"/moderation/decisions/{decision.id}", headers=EN).get_data(as_text=True)
    assert "no other moderator" in page
    answer = client.post_form(
        f"/moderation/appeals/{appeal.id}/decide", {"outcome": "reversed", "note": "Irrtum."}
    )
    assert answer.status_code == 303
    assert not load(app, "profile", author.id).is_suspended
    assert rows(app, Decision, Decision.action == Action.UNSUSPEND)[0].revises_id == decision.id


def test_an_upheld_appeal_changes_nothing(
    app: Flask, client: Client, auth: Auth, moderator: User, author: User, make_user: Any
) -> None:
    other = make_user(role=Role.MODERATOR)
    record_id = setup(app, "article", author, Standing.VISIBLE)
    login(auth, moderator)
    act(client, "article", record_id, "hide")
    (decision,) = rows(app, Decision)
    with app.app_context():
        db.session.add(Appeal(decision_id=decision.id, appellant_id=author.id, statement="Nein"))
        db.session.commit()
    (appeal,) = rows(app, Appeal)
    auth.logout()
    login(auth, other)
    client.post_form(
        f"/moderation/appeals/{appeal.id}/decide", {"outcome": "upheld", "note": "Bleibt."}
    )
    assert standing_of(app, "article", record_id) == Standing.HIDDEN
    assert rows(app, AuditEntry)[-1].action == "moderation.appeal_upheld"
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Decision)) == 1


def test_decisions_that_restrict_nothing_cannot_be_appealed(
    app: Flask, client: Client, auth: Auth, moderator: User, author: User
) -> None:
    record_id = setup(app, "article", author, Standing.HELD)
    login(auth, moderator)
    act(client, "article", record_id, "approve", ground="")
    (decision,) = rows(app, Decision)
    auth.logout()
    login(auth, author)
    page = client.get(f"/moderation/decisions/{decision.id}", headers=EN)
    assert "nothing to contest" in page.get_data(as_text=True)
    refused = client.post_form(f"/moderation/decisions/{decision.id}/appeal", {"statement": "x"})
    assert refused.status_code == 403
    assert rows(app, Appeal) == []


# --- demo -----------------------------------------------------------------------------------


def test_the_demo_fills_the_queue(app: Flask, client: Client, auth: Auth) -> None:
    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo"]).exit_code == 0
    again = runner.invoke(args=["demo"])
    assert "Moderation queue demo: already there." in again.output
    with app.app_context():
        admin = db.session.scalar(select(User).where(User.role == Role.ADMIN, User.is_demo))
        assert admin is not None
        email = admin.email
    from kb.accounts.demo import demo_accounts

    assert auth.login(email, demo_accounts().password).status_code == 303
    html = client.get("/moderation/", headers=EN).get_data(as_text=True)
    assert "first post of a new member" in html
    assert "contests the decision" in html
    assert "open report" in html
    with app.app_context():
        appealed = db.session.scalar(select(Appeal.decision_id))
    decision = client.get(f"/moderation/decisions/{appealed}", headers=EN).get_data(as_text=True)
    assert "Insult or harassment" in decision and 'name="outcome"' in decision


def test_deleting_a_comment_counts_the_comments_again(
    app: Flask, client: Client, auth: Auth, moderator: User, author: User
) -> None:
    record_id = setup(app, "comment", author, Standing.VISIBLE)
    comment = load(app, "comment", record_id)
    assert load(app, "article", comment.target_id).comment_count == 1
    login(auth, moderator)
    assert act(client, "comment", record_id, "delete").status_code == 303
    assert load(app, "article", comment.target_id).comment_count == 0


def queue_statements(app: Flask, client: Client, url: str) -> list[str]:
    from sqlalchemy import event

    with app.app_context():
        engine = db.engine
    statements: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if not statement.startswith(("BEGIN", "SAVEPOINT", "RELEASE")):
            statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return statements


def test_the_queue_runs_as_many_queries_for_many_items_as_for_few(
    app: Flask, client: Client, auth: Auth, moderator: User, reporter: User, make_user: Any
) -> None:
    """Reported and held items of every type, with their context (authors, co-authors,
    comment links, why held): the count of queries does not grow with the items."""
    from kb.moderation.models import WatchedWord, WordAction

    with app.app_context():
        db.session.add(WatchedWord(pattern="Melden", action=WordAction.HOLD, whole_word=False))
        db.session.commit()

    def add_round() -> None:
        for type_name in MODERATED:
            owner = make_user(trusted=False)
            setup(app, type_name, owner, Standing.VISIBLE, reporter=reporter)
            if type_name != "profile":
                setup(app, type_name, make_user(trusted=False), Standing.HELD)

    login(auth, moderator)
    add_round()
    queue_statements(app, client, "/moderation/?limit=200")  # caches warm (watched words)
    few = queue_statements(app, client, "/moderation/?limit=200")
    add_round()
    add_round()
    many = queue_statements(app, client, "/moderation/?limit=200")
    assert len(many) == len(few), "\n".join(
        f"{count}x {statement[-250:]}" for statement, count in (shapes(many) - shapes(few)).items()
    )


def shapes(statements: list[str]) -> Counter[str]:
    """Statements with their lists of parameters folded, to compare their shapes."""
    pairs = re.compile(r"(?: OR )?\(?reports\.target_type = \? AND reports\.target_id = \?\)?")
    lists = re.compile(r"\((?:\?, )*\?\)")
    return Counter(lists.sub("(…)", pairs.sub("", statement)) for statement in statements)
