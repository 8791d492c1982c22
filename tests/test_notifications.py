"""Notifications: the list at /notifications, read marks with and without htmx, the
header's counter and member slot, and each kind the features send (in English)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from kb import registry
from kb.accounts import service as account_service
from kb.articles import service as article_service
from kb.articles.models import Article
from kb.community.models import Comment
from kb.cursors import encode
from kb.events.models import Attendance, Event
from kb.extensions import db
from kb.notifications import service
from kb.notify import Notification, notify, site_path
from kb.registry import Panel
from kb.standing import Standing
from kb.taxonomy import seed_taxonomy
from kb.timeutil import utcnow
from kb.users import Role, User
from tests.conftest import Auth, Client

NEXT_YEAR = datetime.now(UTC).year + 1
LIVE_REGION_OOB = 'hx-swap-oob="innerHTML"'


@pytest.fixture(autouse=True)
def setting(app: Flask) -> None:
    app.config["KB_PAGE_CACHE_SECONDS"] = 0
    with app.app_context():
        seed_taxonomy()
        db.session.commit()


@pytest.fixture
def english(client: Client, app: Flask) -> Client:
    client.set_cookie(app.config["KB_LANGUAGE_COOKIE"], "en")
    return client


def english_client(app: Flask, user: User) -> Client:
    other: Client = app.test_client()  # type: ignore[assignment]
    other.set_cookie(app.config["KB_LANGUAGE_COOKIE"], "en")
    assert Auth(other).login(user.email).status_code == 303
    return other


def send(
    app: Flask,
    user: User,
    kind: str = "comment.reply",
    title: str = "Mastodon für Behörden",
    url: str = "/articles/mastodon#comment-1",
    ago: timedelta = timedelta(0),
    read: bool = False,
) -> int:
    """A notification as a feature sends it, dated `ago` back; returns its id."""
    with app.app_context():
        notify([user.id], kind, url=url, data={"actor": "Anna Lang", "title": title})
        db.session.flush()
        notification = db.session.scalars(
            select(Notification).order_by(Notification.id.desc())
        ).first()
        assert notification is not None
        notification.created_at = utcnow() - ago
        if read:
            notification.read_at = notification.created_at
        db.session.commit()
        return notification.id


def stored(app: Flask, user_id: int | None = None) -> list[Notification]:
    with app.app_context():
        statement = select(Notification).order_by(Notification.id)
        if user_id is not None:
            statement = statement.where(Notification.user_id == user_id)
        rows = list(db.session.scalars(statement))
        for row in rows:
            db.session.expunge(row)
        return rows


def items(html: str) -> list[str]:
    return re.findall(r'<li class="notification[^"]*" id="notification-\d+">.*?</li>', html, re.S)


def header_link(html: str) -> str:
    match = re.search(r'<a [^>]*id="header-notifications".*?</a>', html, re.S)
    assert match, "no notifications link in the header"
    return match.group(0)


def visible_text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


# --- the list -------------------------------------------------------------------------------


def test_anonymous_readers_are_sent_to_log_in(client: Client) -> None:
    response = client.get("/notifications")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    for url in ("/notifications/read", "/notifications/1/read", "/notifications/1/open"):
        response = client.post_form(url)
        assert response.status_code == 303 and "/auth/login" in response.headers["Location"]


def test_list_shows_each_notification_newest_first_unread_marked_in_words(
    app: Flask, english: Client, make_user: Any
) -> None:
    member = make_user()
    send(app, member, title="Älter", ago=timedelta(days=2), read=True)
    send(app, member, title="Neuer", ago=timedelta(hours=1))
    Auth(english).login(member.email)
    html = english.get("/notifications").get_data(as_text=True)
    newer, older = items(html)
    assert "Anna Lang replied to your comment on “Neuer”." in newer
    assert "Unread" in newer and "notification--unread" in newer
    assert "<time datetime=" in newer
    assert "Mark as read" in newer and "/open" in newer
    assert "Anna Lang replied to your comment on “Älter”." in older
    assert "Unread" not in older and "Mark as read" not in older
    assert 'href="/articles/mastodon#comment-1"' in older
    assert "1 unread notification" in html
    assert html.count("<h1") == 1


def test_only_ones_own_notifications_are_listed(
    app: Flask, english: Client, make_user: Any
) -> None:
    member, other = make_user(), make_user()
    send(app, other, title="Nicht für dich")
    Auth(english).login(member.email)
    html = english.get("/notifications").get_data(as_text=True)
    assert items(html) == [] and "Nicht für dich" not in html
    assert "No notifications yet." in html


def test_list_pages_with_a_cursor(app: Flask, english: Client, make_user: Any) -> None:
    member = make_user()
    for number in range(service.PAGE_SIZE + 3):
        send(app, member, title=f"Eintrag {number}", ago=timedelta(minutes=number))
    Auth(english).login(member.email)
    first = english.get("/notifications").get_data(as_text=True)
    assert len(items(first)) == service.PAGE_SIZE
    assert "“Eintrag 0”" in first and f"“Eintrag {service.PAGE_SIZE}”" not in first
    more = re.search(r'href="(/notifications\?after=[^"]+)"', first)
    assert more, "no link to older notifications"
    second = english.get(more.group(1).replace("&amp;", "&")).get_data(as_text=True)
    assert len(items(second)) == 3
    assert f"“Eintrag {service.PAGE_SIZE + 2}”" in second and "“Eintrag 0”" not in second
    assert "Older notifications" not in second


@pytest.mark.parametrize(
    "after",
    [
        "kaputt",
        encode("articles:newest", datetime(2026, 1, 1, tzinfo=UTC), 1),
        encode("notifications:event.changed", datetime(2026, 1, 1, tzinfo=UTC), 1),
    ],
)
def test_a_foreign_or_broken_cursor_is_a_bad_request(
    app: Flask, english: Client, make_user: Any, after: str
) -> None:
    member = make_user()
    Auth(english).login(member.email)
    assert english.get(f"/notifications?after={after}").status_code == 400


def test_filter_by_kind(app: Flask, english: Client, make_user: Any) -> None:
    member = make_user()
    send(app, member, kind="comment.reply", title="Antwort")
    send(app, member, kind="event.changed", title="Stammtisch", url="/events/stammtisch")
    Auth(english).login(member.email)
    html = english.get("/notifications?kind=event.changed").get_data(as_text=True)
    assert len(items(html)) == 1 and "“Stammtisch”, an event you attend, has changed" in html
    assert '<option value="event.changed" selected>Changes to events you attend</option>' in html
    assert english.get("/notifications?kind=unbekannt").status_code == 400


def test_a_notification_whose_data_no_longer_fits_its_kind_still_lists(
    app: Flask, english: Client, make_user: Any
) -> None:
    member = make_user()
    with app.app_context():
        db.session.add(Notification(user_id=member.id, kind="comment.reply", data={}))
        db.session.add(Notification(user_id=member.id, kind="gone.kind", data={}))
        db.session.commit()
    Auth(english).login(member.email)
    response = english.get("/notifications")
    assert response.status_code == 200
    listed = items(response.get_data(as_text=True))
    assert len(listed) == 2 and all("You have a notification." in item for item in listed)


# --- read marks -----------------------------------------------------------------------------


def test_open_marks_read_and_goes_where_the_notification_leads(
    app: Flask, english: Client, make_user: Any
) -> None:
    member = make_user()
    notification_id = send(app, member)
    Auth(english).login(member.email)
    response = english.post_form(f"/notifications/{notification_id}/open")
    assert response.status_code == 303
    assert response.headers["Location"] == "/articles/mastodon#comment-1"
    assert stored(app)[0].read_at is not None


def test_mark_one_read_without_javascript(app: Flask, english: Client, make_user: Any) -> None:
    member = make_user()
    first, second = send(app, member), send(app, member)
    Auth(english).login(member.email)
    response = english.post_form(f"/notifications/{first}/read")
    assert response.status_code == 303
    assert response.headers["Location"] == f"/notifications#notification-{first}"
    read = {row.id: row.read_at is not None for row in stored(app)}
    assert read == {first: True, second: False}
    page = english.get("/notifications").get_data(as_text=True)
    assert "Marked as read." in page
    assert "1 unread notification" in page


def test_mark_one_read_with_htmx_swaps_the_item_and_the_counter(
    app: Flask, english: Client, make_user: Any
) -> None:
    member = make_user()
    first = send(app, member)
    send(app, member)
    Auth(english).login(member.email)
    response = english.htmx_post(f"/notifications/{first}/read")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<html" not in html
    (item,) = items(html)
    assert f'id="notification-{first}"' in item and "Unread" not in item
    counter = header_link(html)
    assert 'hx-swap-oob="true"' in counter
    assert visible_text(counter) == "Notifications 1 unread"
    assert LIVE_REGION_OOB in html and "Marked as read." in html


def test_mark_all_read_with_and_without_htmx(app: Flask, english: Client, make_user: Any) -> None:
    member, other = make_user(), make_user()
    for _ in range(3):
        send(app, member)
    send(app, other)
    Auth(english).login(member.email)
    response = english.post_form("/notifications/read")
    assert response.status_code == 303 and response.headers["Location"] == "/notifications"
    assert all(row.read_at is not None for row in stored(app, member.id))
    assert stored(app, other.id)[0].read_at is None
    assert "3 notifications marked as read." in english.get("/notifications").get_data(as_text=True)

    # Filtered by kind, "all" are all of that kind.
    send(app, member, kind="event.changed", url="/events/x")
    other_kind = send(app, member)
    response = english.htmx_post("/notifications/read", {"kind": "event.changed"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in html
    assert 'id="notifications"' in html and "No unread notifications" in html
    assert "Mark all as read" not in html
    assert visible_text(header_link(html)) == "Notifications 1 unread"
    assert "1 notification marked as read." in html
    assert [row.id for row in stored(app, member.id) if row.read_at is None] == [other_kind]
    html = english.htmx_post("/notifications/read").get_data(as_text=True)
    assert visible_text(header_link(html)) == "Notifications"


@pytest.mark.parametrize("action", ["read", "open"])
def test_others_notifications_and_unknown_ids_are_404(
    app: Flask, english: Client, make_user: Any, action: str
) -> None:
    member, other = make_user(), make_user()
    theirs = send(app, other)
    Auth(english).login(member.email)
    assert english.post_form(f"/notifications/{theirs}/{action}").status_code == 404
    assert english.htmx_post(f"/notifications/{theirs}/{action}").status_code == 404
    assert english.post_form(f"/notifications/{theirs + 100}/{action}").status_code == 404
    assert english.post_form(f"/notifications/99999999999/{action}").status_code == 404
    assert stored(app, other.id)[0].read_at is None


def test_read_notifications_are_deleted_after_the_retention(app: Flask, make_user: Any) -> None:
    member = make_user()
    old_read = send(app, member, ago=timedelta(days=181), read=True)
    old_unread = send(app, member, ago=timedelta(days=400))
    recent_read = send(app, member, ago=timedelta(days=10), read=True)
    result = app.test_cli_runner().invoke(args=["notifications", "prune"])
    assert result.exit_code == 0, result.output
    assert "Deleted 1 read notification." in result.output
    assert {row.id for row in stored(app)} == {old_unread, recent_read}
    assert old_read not in {row.id for row in stored(app)}


def test_marking_all_read_drops_ones_own_read_past_the_retention(
    app: Flask, english: Client, make_user: Any
) -> None:
    member, other = make_user(), make_user()
    send(app, member, ago=timedelta(days=200), read=True)
    theirs = send(app, other, ago=timedelta(days=200), read=True)
    Auth(english).login(member.email)
    english.post_form("/notifications/read")
    assert [row.id for row in stored(app)] == [theirs]


# --- the header -----------------------------------------------------------------------------


def test_header_counts_unread_for_members_only(
    app: Flask, client: Client, english: Client, make_user: Any
) -> None:
    member = make_user()
    for _ in range(3):
        send(app, member)
    send(app, member, read=True)
    anonymous_page = app.test_client().get("/?lang=en").get_data(as_text=True)
    assert 'id="header-notifications"' not in anonymous_page
    Auth(english).login(member.email)
    link = header_link(english.get("/").get_data(as_text=True))
    assert visible_text(link) == "Notifications 3 unread"
    assert '<span class="kern-sr-only"> unread</span>' in link
    assert 'href="/notifications"' in link
    english.post_form("/notifications/read")
    assert visible_text(header_link(english.get("/").get_data(as_text=True))) == "Notifications"


def test_the_counter_is_one_query_per_page(app: Flask, english: Client, make_user: Any) -> None:
    member = make_user()
    send(app, member)
    Auth(english).login(member.email)
    counted: list[str] = []

    from sqlalchemy import event

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if "FROM notifications" in statement and "count(" in statement.lower():
            counted.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        english.get("/notifications")
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len(counted) == 1
    assert "user_id" in counted[0] and "read_at IS NULL" in counted[0]


def test_the_page_cache_never_serves_a_members_header(
    app: Flask, english: Client, make_user: Any
) -> None:
    app.config["KB_PAGE_CACHE_SECONDS"] = 30
    member = make_user()
    send(app, member)
    Auth(english).login(member.email)
    assert "header-notifications" in english.get("/").get_data(as_text=True)
    reader = app.test_client()
    for _ in range(2):  # rendered, then from the cache
        assert "header-notifications" not in reader.get("/").get_data(as_text=True)
    assert "header-notifications" in english.get("/").get_data(as_text=True)


def test_header_member_slot_renders_panels_for_members_only(
    app: Flask, english: Client, make_user: Any
) -> None:
    seen: list[int] = []

    def moderation_link(user: User, **_context: Any) -> str:
        seen.append(user.id)
        return '<li><a class="kern-link" href="/moderation/">Moderation</a></li>'

    registry.of(app).add_panel("header.member", Panel("test-moderation", moderation_link, 20))
    assert "Moderation</a>" not in app.test_client().get("/").get_data(as_text=True)
    assert seen == []
    member = make_user()
    Auth(english).login(member.email)
    html = english.get("/").get_data(as_text=True)
    assert seen == [member.id]
    # After the notifications (order 10), in the account menu.
    assert html.index("header-notifications") < html.index("Moderation</a>")


def test_a_failing_database_leaves_the_header_panels_out(
    app: Flask, english: Client, make_user: Any
) -> None:
    from sqlalchemy.exc import OperationalError

    def broken(user: User, **_context: Any) -> str:
        raise OperationalError("SELECT 1", {}, Exception("server closed the connection"))

    registry.of(app).add_panel("header.member", Panel("broken", broken, 5))
    Auth(english).login(make_user().email)
    response = english.get("/")
    assert response.status_code == 200
    assert "header-notifications" not in response.get_data(as_text=True)


# --- kinds: community -----------------------------------------------------------------------


def make_article(app: Flask, author: User, title: str = "Mastodon für Behörden") -> Article:
    with app.test_request_context():
        article = article_service.create_article(
            db.session.get(User, author.id),
            article_service.ArticleInput(title=title, summary="Kurz.", body="Text " * 40),
            publish=True,
        )
        db.session.commit()
        db.session.refresh(article)
        db.session.expunge(article)
        return article


def comment(client: Client, article: Article, body: str, parent_id: int | None = None) -> int:
    data: dict[str, Any] = {"body": body}
    if parent_id:
        data["parent_id"] = parent_id
    response = client.post_form(f"/community/article/{article.id}/comments", data)
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    return int(response.headers["Location"].rsplit("#comment-", 1)[1])


def test_a_comment_notifies_the_owner_and_a_reply_the_comments_author(
    app: Flask, make_user: Any
) -> None:
    owner = make_user(display_name="Olga Owner")
    commenter = make_user(display_name="Anna Lang")
    replier = make_user(display_name="Ben Reply")
    article = make_article(app, owner)
    anna = english_client(app, commenter)
    ben = english_client(app, replier)
    first = comment(anna, article, "Gute Idee!")
    comment(ben, article, "Finde ich auch.", parent_id=first)

    owner_page = english_client(app, owner).get("/notifications").get_data(as_text=True)
    assert "Ben Reply commented on “Mastodon für Behörden”." in owner_page
    assert "Anna Lang commented on “Mastodon für Behörden”." in owner_page
    anna_page = anna.get("/notifications").get_data(as_text=True)
    (reply,) = items(anna_page)
    assert "Ben Reply replied to your comment on “Mastodon für Behörden”." in reply
    # Nobody hears of their own comment.
    assert items(ben.get("/notifications").get_data(as_text=True)) == []
    kinds = {(row.user_id, row.kind) for row in stored(app)}
    assert kinds == {
        (owner.id, "comment.on_content"),
        (owner.id, "comment.on_content"),
        (commenter.id, "comment.reply"),
    }
    assert f"/articles/{article.slug}#comment-" in stored(app, commenter.id)[0].url


def test_replying_to_ones_own_comment_on_ones_own_entry_notifies_nobody(
    app: Flask, make_user: Any
) -> None:
    owner = make_user()
    article = make_article(app, owner)
    client = english_client(app, owner)
    first = comment(client, article, "Nachtrag")
    comment(client, article, "Und noch einer", parent_id=first)
    assert stored(app) == []


def test_the_comment_author_of_the_entry_gets_the_reply_kind_only(
    app: Flask, make_user: Any
) -> None:
    owner, replier = make_user(), make_user()
    article = make_article(app, owner)
    first = comment(english_client(app, owner), article, "Frage an alle")
    comment(english_client(app, replier), article, "Antwort", parent_id=first)
    assert [(row.user_id, row.kind) for row in stored(app)] == [(owner.id, "comment.reply")]


def set_comment_standing(app: Flask, comment_id: int, standing: Standing) -> None:
    with app.test_request_context():
        record = db.session.get(Comment, comment_id)
        registry.current().types["comment"].set_standing(record, standing)
        db.session.commit()


def test_a_held_comment_notifies_when_approved_and_a_hidden_one_takes_it_back(
    app: Flask, make_user: Any
) -> None:
    owner, commenter = make_user(), make_user(display_name="Anna Lang")
    article = make_article(app, owner)
    comment_id = comment(english_client(app, commenter), article, "Erst geprüft")
    # As kb.screening holds a new member's first comment right after it is stored.
    set_comment_standing(app, comment_id, Standing.HELD)
    assert stored(app) == []
    set_comment_standing(app, comment_id, Standing.VISIBLE)
    (approved,) = stored(app)
    assert approved.kind == "comment.on_content" and approved.user_id == owner.id
    set_comment_standing(app, comment_id, Standing.HIDDEN)
    assert stored(app) == []
    set_comment_standing(app, comment_id, Standing.VISIBLE)
    assert len(stored(app)) == 1
    # Shown again while its notification is still there: not a second one.
    set_comment_standing(app, comment_id, Standing.VISIBLE)
    assert len(stored(app)) == 1


def test_a_comment_held_in_the_same_transaction_notifies_nobody(app: Flask, make_user: Any) -> None:
    """kb.screening.admit() may hold a comment right after create_comment() stored it."""
    from kb.community import service as community_service

    owner, commenter = make_user(), make_user()
    article = make_article(app, owner)
    with app.test_request_context():
        record = db.session.get(Article, article.id)
        new, _ = community_service.create_comment(
            "article", article.id, record, db.session.get(User, commenter.id), "Text", "k" * 32
        )
        registry.current().types["comment"].set_standing(new, Standing.HELD)
        db.session.commit()
    assert stored(app) == []


def test_deleting_a_comment_takes_back_its_and_its_replies_notifications(
    app: Flask, make_user: Any
) -> None:
    owner, commenter, replier = make_user(), make_user(), make_user()
    article = make_article(app, owner)
    anna = english_client(app, commenter)
    first = comment(anna, article, "Gleich wieder weg")
    comment(english_client(app, replier), article, "Antwort", parent_id=first)
    assert len(stored(app)) == 3
    assert anna.post_form(f"/comments/{first}/delete").status_code == 303
    assert stored(app) == []


# --- kinds: events and entries --------------------------------------------------------------


def event_form(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": "Social-Media-Stammtisch Leipzig",
        "description": "Austausch.",
        "format": "meetup",
        "starts_at": f"{NEXT_YEAR}-07-01T19:00",
        "ends_at": f"{NEXT_YEAR}-07-01T21:00",
        "timezone": "Europe/Berlin",
        "attendance_mode": "in_person",
        "venue_name": "Stadtbibliothek",
        "venue_street": "Wilhelm-Leuschner-Platz 10",
        "venue_postal_code": "04107",
        "venue_city": "Leipzig",
        "land": "SN",
        "is_free": "y",
        "language": "de",
        "organiser_name": "Netzwerk Social Media (fiktiv)",
        "step_free": "yes",
        "topics": ["strategie"],
    }
    data.update(overrides)
    return data


def test_attendees_hear_of_a_moved_or_cancelled_event_the_organiser_does_not(
    app: Flask, make_user: Any
) -> None:
    organiser = make_user(role=Role.MODERATOR)
    attendee, bystander = make_user(), make_user()
    organiser_client = english_client(app, organiser)
    response = organiser_client.post_form("/events/new", event_form())
    slug = response.headers["Location"].rsplit("/", 1)[-1]
    attendee_client = english_client(app, attendee)
    assert attendee_client.post_form(f"/events/{slug}/attend", {"attend": "1"}).status_code == 303
    organiser_client.post_form(f"/events/{slug}/attend", {"attend": "1"})

    organiser_client.post_form(f"/events/{slug}/edit", event_form(description="Nur Text."))
    assert stored(app) == []
    organiser_client.post_form(
        f"/events/{slug}/edit",
        event_form(starts_at=f"{NEXT_YEAR}-07-02T19:00", ends_at=f"{NEXT_YEAR}-07-02T21:00"),
    )
    organiser_client.post_form(f"/events/{slug}/cancel", {"reason": "Erkrankt."})

    rows = stored(app)
    assert {row.user_id for row in rows} == {attendee.id}
    assert [row.kind for row in rows] == ["event.changed", "event.changed"]
    assert all(row.url == f"/events/{slug}" for row in rows)
    page = attendee_client.get("/notifications").get_data(as_text=True)
    assert (
        "“Social-Media-Stammtisch Leipzig”, an event you attend, has changed: "
        "please check its time and place."
    ) in page
    assert "“Social-Media-Stammtisch Leipzig”, an event you attend, has been cancelled." in page
    assert stored(app, bystander.id) == []
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Attendance)) == 2
        assert db.session.scalar(select(Event.sequence).where(Event.slug == slug)) == 2


def test_an_invited_coauthor_is_notified(app: Flask, make_user: Any) -> None:
    author = make_user(display_name="Erste Autorin")
    coauthor = make_user(display_name="Co Autorin")
    article = make_article(app, author, title="Gemeinsam schreiben")
    writer = english_client(app, author)
    form = {
        "title": article.title,
        "summary": "Kurz.",
        "body": "Text " * 40,
        "version": article.version,
        "coauthors": "co-autorin",
    }
    assert writer.post_form(f"/articles/{article.slug}/edit", form).status_code == 303
    # Saving again invites nobody again.
    with app.app_context():
        version = db.session.get(Article, article.id).version
    writer.post_form(f"/articles/{article.slug}/edit", {**form, "version": version})
    (invitation,) = stored(app)
    assert invitation.user_id == coauthor.id and invitation.kind == "coauthor.invited"
    assert invitation.url == "/articles/drafts"
    page = english_client(app, coauthor).get("/notifications").get_data(as_text=True)
    assert "Erste Autorin invites you to write on “Gemeinsam schreiben” as a co-author." in page


# --- the core, export and deletion ----------------------------------------------------------


def test_notify_stores_a_path_of_this_site(app: Flask) -> None:
    assert site_path("http://localhost/articles/a?x=1#comment-2") == "/articles/a?x=1#comment-2"
    assert site_path("/events/b") == "/events/b"
    assert site_path("/" + "a" * 600) == ""


def test_every_sent_kind_is_declared(app: Flask) -> None:
    kinds = registry.of(app).notification_kinds
    assert {"comment.reply", "comment.on_content", "event.changed", "coauthor.invited"} <= set(
        kinds
    )
    with app.app_context(), pytest.raises(ValueError, match="not declared"):
        notify([1], "nobody.declared.this")


def test_export_holds_the_notifications(app: Flask, english: Client, make_user: Any) -> None:
    member = make_user()
    send(app, member, title="Im Export")
    Auth(english).login(member.email)
    data = english.get("/account/export").get_json()
    (exported,) = data["notifications"]
    assert exported["kind"] == "comment.reply"
    assert exported["data"]["title"] == "Im Export"
    assert exported["read_at"] is None


def test_deleting_the_account_deletes_its_notifications(app: Flask, make_user: Any) -> None:
    member, other = make_user(), make_user()
    send(app, member)
    theirs = send(app, other)
    with app.test_request_context():
        account_service.delete_account(db.session.get(User, member.id))
        db.session.commit()
    assert [row.id for row in stored(app)] == [theirs]


def test_the_header_link_is_the_current_page_only_on_the_list(
    app: Flask, client: Client, auth: Auth, make_user: Any
) -> None:
    """The link is kept by its unread count (kb.templating.shared_html) and marks itself
    as the current page on the list alone, whichever page was kept first."""
    member = make_user()
    auth.login(member.email)
    client.get("/")
    for url, current in (("/notifications", True), ("/", False), ("/notifications", True)):
        link = header_link(client.get(url).get_data(as_text=True))
        assert ('aria-current="page"' in link) is current, url
