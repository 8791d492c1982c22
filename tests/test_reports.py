"""Reports: the "Report" link on every reportable page and comment, the report form, one
report per person and item, the rate limit, and the reporter's "My reports"."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask_babel import force_locale
from sqlalchemy import func, select

from kb import registry
from kb.articles.models import Article
from kb.cases.models import CaseStudy
from kb.community.models import Comment
from kb.content.models import PublishState
from kb.events.models import Event
from kb.extensions import db, limiter
from kb.moderation import demo_reports
from kb.moderation.models import Action, Decision, Reason, Report
from kb.moderation.report_forms import NOTE_MAX_LENGTH
from kb.standing import Standing
from kb.timeutil import utcnow
from kb.users import Role, User
from tests.conftest import Auth, Client

# What a report says for each reason, and whether the note is required.
NOTES = {
    Reason.SPAM: "",
    Reason.HATE: "",
    Reason.INSULT: "Beleidigt eine Kollegin.",
    Reason.MISINFORMATION: "",
    Reason.PERSONAL_DATA: "",
    Reason.ILLEGAL: "§ 130 StGB",
    Reason.OTHER: "Gehört nicht hierher.",
}


@dataclass(frozen=True)
class Item:
    type_name: str
    record_id: int
    page: str  # where it is shown, with its report link
    title: str

    @property
    def report_url(self) -> str:
        return f"/moderation/report/{self.type_name}/{self.record_id}"


@pytest.fixture
def english(client: Client, app: Flask) -> Client:
    client.set_cookie(app.config["KB_LANGUAGE_COOKIE"], "en")
    return client


@pytest.fixture
def author(make_user: Any) -> User:
    return make_user(display_name="Katrin Hoffmann")


@pytest.fixture
def reader(make_user: Any, auth: Auth, english: Client) -> User:
    user = make_user(display_name="Lena Schulz")
    auth.login(user.email)
    return user


def make_items(app: Flask, owner: User) -> dict[str, Item]:
    """One public record of every reportable kind, written by `owner`."""
    now = utcnow()
    with app.app_context():
        article = Article(
            slug="eintrag",
            title="Ein Eintrag",
            summary="Kurz",
            body="Text",
            body_html="<p>Text</p>",
            status=PublishState.PUBLISHED,
            creator_id=owner.id,
            published_at=now,
        )
        case = CaseStudy(
            slug="fall",
            title="Ein Fall",
            creator_id=owner.id,
            status=PublishState.PUBLISHED,
            published_at=now,
        )
        event = Event(
            slug="termin",
            title="Ein Termin",
            creator_id=owner.id,
            starts_at=now + timedelta(days=3),
            ends_at=now + timedelta(days=3, hours=2),
        )
        db.session.add_all([article, case, event])
        db.session.flush()
        comment = Comment(
            target_type="article",
            target_id=article.id,
            author_id=owner.id,
            body="Ein   Kommentar\nmit zwei Zeilen",
            body_html="<p>Ein Kommentar mit zwei Zeilen</p>",
            submission_key="k" * 32,
        )
        db.session.add(comment)
        article.comment_count = 1
        db.session.commit()
        user = db.session.get(User, owner.id)
        assert user is not None
        return {
            "article": Item("article", article.id, "/articles/eintrag", "Ein Eintrag"),
            "case": Item("case", case.id, "/cases/fall", "Ein Fall"),
            "event": Item("event", event.id, "/events/termin", "Ein Termin"),
            "comment": Item(
                "comment", comment.id, "/articles/eintrag", "Ein Kommentar mit zwei Zeilen"
            ),
            "profile": Item("profile", owner.id, f"/users/{user.name}", "Katrin Hoffmann"),
        }


@pytest.fixture
def items(app: Flask, author: User) -> dict[str, Item]:
    return make_items(app, author)


def report_count(app: Flask) -> int:
    with app.app_context():
        return int(db.session.scalar(select(func.count()).select_from(Report)) or 0)


def reports_of(app: Flask, user: User) -> list[Report]:
    with app.app_context():
        reports = list(db.session.scalars(select(Report).where(Report.reporter_id == user.id)))
        db.session.expunge_all()
        return reports


# --- the link ---------------------------------------------------------------------------------


def test_every_moderated_type_has_an_item_to_report(app: Flask, items: dict[str, Item]) -> None:
    moderated = {content_type.name for content_type in registry.of(app) if content_type.moderated}
    assert moderated == set(items)


@pytest.mark.parametrize("type_name", ["article", "case", "event", "comment", "profile"])
def test_the_report_link_is_on_every_page_for_readers(
    app: Flask, items: dict[str, Item], reader: User, english: Client, type_name: str
) -> None:
    item = items[type_name]
    page = english.get(item.page)
    assert page.status_code == 200
    assert f'href="{item.report_url}"' in page.text


@pytest.mark.parametrize("type_name", ["article", "case", "event", "comment", "profile"])
def test_anonymous_readers_see_the_link_and_are_asked_to_log_in(
    app: Flask, items: dict[str, Item], english: Client, type_name: str
) -> None:
    item = items[type_name]
    assert f'href="{item.report_url}"' in english.get(item.page).text
    answer = english.get(item.report_url)
    assert answer.status_code in (302, 303)
    assert "/auth/login" in answer.headers["Location"]
    assert answer.headers["Location"].endswith(
        f"next=/moderation/report/{type_name}/{item.record_id}"
    )


def test_anonymous_post_stores_nothing_and_asks_to_log_in(
    app: Flask, items: dict[str, Item], english: Client
) -> None:
    answer = english.post_form(items["article"].report_url, {"reason": "spam"})
    assert answer.status_code == 303
    assert "/auth/login" in answer.headers["Location"]
    assert report_count(app) == 0


@pytest.mark.parametrize("type_name", ["article", "case", "event", "comment", "profile"])
def test_authors_see_no_link_on_their_own_content(
    app: Flask, items: dict[str, Item], author: User, auth: Auth, english: Client, type_name: str
) -> None:
    auth.login(author.email)
    item = items[type_name]
    page = english.get(item.page)
    assert page.status_code == 200
    assert item.report_url not in page.text


# --- the form ---------------------------------------------------------------------------------


@pytest.mark.parametrize("type_name", ["article", "case", "event", "comment", "profile"])
def test_the_form_names_the_item_and_its_kind(
    app: Flask, items: dict[str, Item], reader: User, english: Client, type_name: str
) -> None:
    item = items[type_name]
    page = english.get(item.report_url)
    assert page.status_code == 200
    assert item.title in page.text
    with app.test_request_context(), force_locale("en"):
        label = str(registry.of(app).types[type_name].label)
    assert label in page.text
    assert 'name="reason"' in page.text and 'name="note"' in page.text


@pytest.mark.parametrize("reason", list(Reason))
def test_each_reason_is_stored(
    app: Flask, items: dict[str, Item], reader: User, english: Client, reason: Reason
) -> None:
    item = items["comment"]
    answer = english.post_form(item.report_url, {"reason": reason.value, "note": NOTES[reason]})
    assert answer.status_code == 303
    assert answer.headers["Location"] == item.report_url
    (report,) = reports_of(app, reader)
    assert (report.target_type, report.target_id) == ("comment", item.record_id)
    assert report.reason == reason
    assert report.note == NOTES[reason]
    assert report.target_label == "Ein Kommentar mit zwei Zeilen"
    assert report.resolved_at is None
    confirmation = english.get(answer.headers["Location"])
    assert "Your report has been sent to the moderators" in confirmation.text
    assert "You reported this on" in confirmation.text


@pytest.mark.parametrize("type_name", ["article", "case", "event", "comment", "profile"])
def test_every_kind_can_be_reported_with_htmx(
    app: Flask, items: dict[str, Item], reader: User, english: Client, type_name: str
) -> None:
    item = items[type_name]
    answer = english.htmx_post(item.report_url, {"reason": "hate"})
    assert answer.status_code == 200
    assert answer.text.lstrip().startswith('<div id="report"')
    assert "<html" not in answer.text
    assert "You reported this on" in answer.text
    assert "Your report has been sent to the moderators" in answer.text  # the live region
    (report,) = reports_of(app, reader)
    assert (report.target_type, report.target_id, report.reason) == (
        type_name,
        item.record_id,
        Reason.HATE,
    )


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        (Reason.ILLEGAL, "Please name the law the content breaks"),
        (Reason.OTHER, "Please tell the moderators what is wrong with it."),
    ],
)
def test_illegal_and_other_need_a_note(
    app: Flask, items: dict[str, Item], reader: User, english: Client, reason: Reason, message: str
) -> None:
    url = items["article"].report_url
    page = english.post_form(url, {"reason": reason.value, "note": "   "})
    assert page.status_code == 422
    assert message in page.text
    assert 'id="note-error"' in page.text
    fragment = english.htmx_post(url, {"reason": reason.value})
    assert fragment.status_code == 422
    assert message in fragment.text and "<html" not in fragment.text
    assert report_count(app) == 0


def test_a_note_too_long_is_refused_and_kept(
    app: Flask, items: dict[str, Item], reader: User, english: Client
) -> None:
    note = "x" * (NOTE_MAX_LENGTH + 1)
    page = english.post_form(items["article"].report_url, {"reason": "spam", "note": note})
    assert page.status_code == 422
    assert f"Use at most {NOTE_MAX_LENGTH:,} characters." in page.text
    assert note in page.text  # what the reader typed stays in the field
    assert report_count(app) == 0
    longest = "y" * NOTE_MAX_LENGTH
    assert (
        english.post_form(
            items["article"].report_url, {"reason": "spam", "note": longest}
        ).status_code
        == 303
    )
    assert reports_of(app, reader)[0].note == longest


@pytest.mark.parametrize("reason", ["", "nonsense", "SPAM"])
def test_a_reason_must_be_chosen(
    app: Flask, items: dict[str, Item], reader: User, english: Client, reason: str
) -> None:
    page = english.post_form(items["article"].report_url, {"reason": reason})
    assert page.status_code == 422
    assert "Please choose a reason." in page.text
    assert report_count(app) == 0


def test_a_form_without_its_token_stores_nothing(
    app: Flask, items: dict[str, Item], reader: User, english: Client
) -> None:
    answer = english.post(items["article"].report_url, data={"reason": "spam"})
    assert answer.status_code == 400
    assert report_count(app) == 0


# --- once, not one's own, not what one may not see --------------------------------------------


def test_one_person_reports_one_thing_once(
    app: Flask, items: dict[str, Item], reader: User, english: Client
) -> None:
    url = items["event"].report_url
    assert english.post_form(url, {"reason": "spam"}).status_code == 303
    again = english.post_form(url, {"reason": "hate"})
    assert again.status_code == 409
    assert "You reported this on" in again.text
    assert 'name="reason"' not in again.text
    page = english.get(url)
    assert "You reported this on" in page.text and 'name="reason"' not in page.text
    (report,) = reports_of(app, reader)
    assert report.reason == Reason.SPAM


def test_two_readers_may_report_the_same_thing(
    app: Flask,
    items: dict[str, Item],
    reader: User,
    make_user: Any,
    auth: Auth,
    english: Client,
) -> None:
    url = items["event"].report_url
    assert english.post_form(url, {"reason": "spam"}).status_code == 303
    auth.logout()
    auth.login(make_user().email)
    assert english.post_form(url, {"reason": "spam"}).status_code == 303
    assert report_count(app) == 2


def test_a_report_racing_another_one_is_told_of_the_first(
    app: Flask, items: dict[str, Item], reader: User, english: Client, monkeypatch: Any
) -> None:
    """Two requests at once: both found no earlier report; the constraint decides."""
    url = items["case"].report_url
    assert english.post_form(url, {"reason": "spam"}).status_code == 303
    monkeypatch.setattr("kb.moderation.reports.earlier_report", _nothing_before_the_insert())
    again = english.post_form(url, {"reason": "hate"})
    assert again.status_code == 409
    assert "You reported this on" in again.text
    assert report_count(app) == 1


def _nothing_before_the_insert() -> Any:
    from kb.moderation import reports

    real = reports.earlier_report
    calls = iter(range(1000))

    def earlier_report(reporter: Any, type_name: str, record_id: int) -> Report | None:
        # The view's look before sending finds nothing; the look after the failed insert
        # finds the first report.
        return None if next(calls) == 0 else real(reporter, type_name, record_id)

    return earlier_report


@pytest.mark.parametrize("type_name", ["article", "case", "event", "comment", "profile"])
def test_own_content_cannot_be_reported(
    app: Flask, items: dict[str, Item], author: User, auth: Auth, english: Client, type_name: str
) -> None:
    auth.login(author.email)
    url = items[type_name].report_url
    page = english.get(url)
    assert page.status_code == 403
    assert "You cannot report your own content." in page.text
    assert 'name="reason"' not in page.text
    answer = english.post_form(url, {"reason": "spam"})
    assert answer.status_code == 403
    assert report_count(app) == 0


@pytest.mark.parametrize(
    "url",
    [
        "/moderation/report/authority/1",  # registered, but not moderated
        "/moderation/report/nonsense/1",
        "/moderation/report/article/999999",
        "/moderation/report/comment/99999999999",
        "/moderation/report/article/-1",
        "/moderation/report/article/abc",
    ],
)
def test_unknown_types_and_ids_are_404(
    app: Flask, items: dict[str, Item], reader: User, english: Client, url: str
) -> None:
    assert english.get(url).status_code == 404
    assert english.post_form(url, {"reason": "spam"}).status_code == 404
    assert report_count(app) == 0


def test_what_the_reader_may_not_see_is_404(
    app: Flask, items: dict[str, Item], author: User, reader: User, english: Client
) -> None:
    with app.app_context():
        draft = Article(slug="entwurf", title="Entwurf", creator_id=author.id)
        hidden = db.session.get(Comment, items["comment"].record_id)
        assert hidden is not None
        hidden.moderation = Standing.HIDDEN
        db.session.add(draft)
        db.session.commit()
        draft_id = draft.id
    for url in (f"/moderation/report/article/{draft_id}", items["comment"].report_url):
        assert english.get(url).status_code == 404
        assert english.post_form(url, {"reason": "spam"}).status_code == 404
    assert report_count(app) == 0


def test_anonymous_readers_get_404_for_what_they_may_not_see(
    app: Flask, author: User, english: Client
) -> None:
    with app.app_context():
        draft = Article(slug="entwurf", title="Entwurf", creator_id=author.id)
        db.session.add(draft)
        db.session.commit()
        draft_id = draft.id
    assert english.get(f"/moderation/report/article/{draft_id}").status_code == 404


# --- the limit ------------------------------------------------------------------------------


def test_reports_are_rate_limited_per_member(app_factory: Any, make_user: Any) -> None:
    # An app of its own: the limiter is shared by every app in the process, and one
    # with limits switched off may have been made last.
    app = app_factory(KB_REPORT_LIMIT="2 per hour")
    limiter.reset()
    client: Client = app.test_client()  # type: ignore[assignment]
    client.set_cookie(app.config["KB_LANGUAGE_COOKIE"], "en")
    Auth(client).login(make_user().email)
    others = [make_user() for _ in range(3)]
    urls = [f"/moderation/report/profile/{user.id}" for user in others]
    # A form sent back does not count.
    assert client.post_form(urls[0], {"reason": "other"}).status_code == 422
    assert client.post_form(urls[0], {"reason": "spam"}).status_code == 303
    assert client.post_form(urls[1], {"reason": "spam"}).status_code == 303
    limited = client.post_form(urls[2], {"reason": "spam"})
    assert limited.status_code == 429
    assert "You have sent many reports in a short time" in limited.text
    assert int(limited.headers["Retry-After"]) > 0
    assert report_count(app) == 2
    # Reading goes on.
    assert client.get(urls[2]).status_code == 200
    fragment = client.htmx_post(urls[2], {"reason": "spam"})
    assert fragment.status_code == 429
    assert "You have sent many reports in a short time" in fragment.text


# --- My reports -----------------------------------------------------------------------------


def test_my_reports_needs_a_login(english: Client) -> None:
    answer = english.get("/moderation/my-reports")
    assert answer.status_code == 302
    assert "/auth/login" in answer.headers["Location"]


def test_my_reports_is_empty_at_first(reader: User, english: Client) -> None:
    page = english.get("/moderation/my-reports")
    assert page.status_code == 200
    assert "You have not reported anything." in page.text
    assert 'aria-current="page"' in page.text  # the account navigation


def test_my_reports_shows_open_and_decided_reports(
    app: Flask,
    items: dict[str, Item],
    author: User,
    reader: User,
    english: Client,
    make_user: Any,
) -> None:
    english.post_form(items["article"].report_url, {"reason": "spam"})
    english.post_form(
        items["comment"].report_url, {"reason": "illegal", "note": "§ 185 StGB, Beleidigung"}
    )
    moderator = make_user(role=Role.MODERATOR)
    with app.app_context():
        report = db.session.scalar(select(Report).where(Report.target_type == "comment"))
        assert report is not None
        decision = Decision(
            action=Action.HIDE,
            target_type="comment",
            target_id=report.target_id,
            target_label=report.target_label,
            subject_id=author.id,
            moderator_id=moderator.id,
            ground=Reason.ILLEGAL,
            facts="Beleidigung",
        )
        db.session.add(decision)
        db.session.flush()
        report.resolved_at = utcnow()
        report.decision_id = decision.id
        comment = db.session.get(Comment, report.target_id)
        assert comment is not None
        comment.moderation = Standing.HIDDEN
        db.session.commit()
    page = english.get("/moderation/my-reports")
    assert page.status_code == 200
    text = page.text
    assert "Ein Eintrag" in text and "Ein Kommentar mit zwei Zeilen" in text
    assert "Not decided yet" in text and "Decided" in text
    assert "The content was hidden." in text
    assert "§ 185 StGB, Beleidigung" in text
    assert "Spam" in text and "Illegal content" in text
    # The entry is still there and linked; the hidden comment is no longer linked.
    assert 'href="/articles/eintrag"' in text
    assert f"#comment-{items['comment'].record_id}" not in text
    # Newest first.
    assert text.index("Ein Kommentar mit zwei Zeilen") < text.index("Ein Eintrag")
    # The author's data is not told.
    assert "Beleidigung</dd>" not in text.replace("§ 185 StGB, Beleidigung", "")


def test_my_reports_shows_only_ones_own(
    app: Flask, items: dict[str, Item], reader: User, make_user: Any, auth: Auth, english: Client
) -> None:
    english.post_form(items["article"].report_url, {"reason": "spam"})
    auth.logout()
    auth.login(make_user().email)
    page = english.get("/moderation/my-reports")
    assert "Ein Eintrag" not in page.text
    assert "You have not reported anything." in page.text


def test_my_reports_pages_with_a_cursor(
    app: Flask, reader: User, english: Client, make_user: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr("kb.moderation.reports.REPORTS_PER_PAGE", 2)
    app.config["KB_REPORT_LIMIT"] = "100 per hour"
    people = [make_user(display_name=f"Gemeldet {number}") for number in range(5)]
    for person in people:
        english.post_form(f"/moderation/report/profile/{person.id}", {"reason": "spam"})
    seen: list[str] = []
    url: str | None = "/moderation/my-reports"
    for _ in range(5):
        assert url is not None
        page = english.get(url)
        assert page.status_code == 200
        seen += [p.display_name for p in people if f">{p.display_name}</a>" in page.text]
        marker = 'href="/moderation/my-reports?after='
        if marker not in page.text:
            url = None
            break
        start = page.text.index(marker) + len('href="')
        url = page.text[start : page.text.index('"', start)]
    assert url is None
    assert sorted(seen) == sorted(p.display_name for p in people)
    assert len(seen) == 5
    assert english.get("/moderation/my-reports?after=nonsense").status_code == 400


def test_the_account_navigation_links_my_reports(reader: User, english: Client) -> None:
    assert 'href="/moderation/my-reports"' in english.get("/account/profile").text


# --- export and demo ------------------------------------------------------------------------


def test_the_export_holds_the_members_reports(
    app: Flask, items: dict[str, Item], reader: User, english: Client
) -> None:
    english.post_form(items["event"].report_url, {"reason": "other", "note": "Doppelt"})
    exported = json.loads(english.get("/account/export").data)
    (report,) = exported["reports"]
    assert report["on"] == {"type": "event", "id": items["event"].record_id}
    assert report["reason"] == "other"
    assert report["note"] == "Doppelt"
    assert report["title"] == "Ein Termin"


def test_the_demo_reports_are_made_once(app: Flask, make_user: Any) -> None:
    with app.app_context():
        for step in registry.of(app).demo_steps:
            if step.name != "login":
                step.load()
        db.session.commit()
        first = db.session.scalar(select(func.count()).select_from(Report))
        notes = set(db.session.scalars(select(Report.note)))
        # The demo reports, besides those of the queue's own demo.
        assert {report.note for report in demo_reports.demo_reports()} <= notes
        decided = db.session.scalar(
            select(Report).where(Report.resolved_at.is_not(None), Report.decision_id.is_not(None))
        )
        assert decided is not None and decided.decision is not None
        assert decided.decision.action == Action.DISMISS
        demo_reports.load()
        db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(Report)) == first
