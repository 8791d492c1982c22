"""Mixed journeys for the soak (tests/bench/soak.py runs this headless).

Environment (set by soak.py):
  SOAK_HOSTS      comma-separated base URLs of the instances; each simulated user picks one
                  per request, so a session made on one instance is used on the others
  SOAK_ACCOUNTS   JSON file: {"members": [[email, password], ...], "moderators": [...]}
  SOAK_WRITE_LOG  JSON-lines file: one line per write that got a success answer, with the
                  unique marker in its text; soak.py checks the database against it

Request names (the rows of the report) are the kinds of request, not the URLs.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import sys
import threading
import uuid
from pathlib import Path
from typing import Any

import gevent
from locust import HttpUser, between, task

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from server import form_with, forms, keep_cookies_on_http

HOSTS = [h for h in os.environ.get("SOAK_HOSTS", "").split(",") if h]
ACCOUNTS = json.loads(Path(os.environ["SOAK_ACCOUNTS"]).read_text()) if HOSTS else {}
WRITE_LOG = Path(os.environ.get("SOAK_WRITE_LOG", "/dev/null"))
_log_lock = threading.Lock()
_members = itertools.cycle(ACCOUNTS.get("members", []))
_moderators = itertools.cycle(ACCOUNTS.get("moderators", []))
SEARCH_WORDS = ["Mastodon", "Datenschutz", "Krise", "Bürger", "Instagram", "Barrierefreiheit"]
ARTICLE_LINK = re.compile(r'href="(/articles/(?!new|feed|drafts)[a-z0-9-]+)"')
QUEUE_ITEM = re.compile(r'href="(/moderation/items/[a-z_]+/\d+)"')
EVENT_LINK = re.compile(r'href="(/events/(?!new|calendar|review|mine|feed|series)[a-z0-9-]+)"')


def log_write(kind: str, **fields: Any) -> None:
    line = json.dumps({"kind": kind, **fields})
    with _log_lock, WRITE_LOG.open("a") as out:
        out.write(line + "\n")


def marker() -> str:
    return "soak" + uuid.uuid4().hex[:16]


def path_of(location: str) -> str:
    # KB_BASE_URL is http://127.0.0.1 (no port): keep the path only.
    return re.sub(r"^https?://[^/]+", "", location)


class AmtsnetzUser(HttpUser):
    abstract = True
    wait_time = between(0.5, 2.0)
    host = HOSTS[0] if HOSTS else "http://127.0.0.1"

    def base(self) -> str:
        return random.choice(HOSTS)

    def request(
        self, method: str, path: str, name: str, expect: tuple[int, ...] = (200,), **kwargs: Any
    ) -> Any:
        kwargs.setdefault("allow_redirects", False)
        with self.client.request(
            method, self.base() + path, name=name, catch_response=True, **kwargs
        ) as response:
            keep_cookies_on_http(self.client.cookies)
            if response.status_code in expect:
                response.success()
            else:
                response.failure(f"HTTP {response.status_code}, expected {expect}")
            return response

    def get(self, path: str, name: str, **kwargs: Any) -> Any:
        return self.request("GET", path, name, **kwargs)

    def log_in(self, email: str, password: str) -> None:
        page = self.get("/auth/login", "login form")
        form = form_with(page.text, "/auth/login")
        form.fields.update(email=email, password=password)
        self.request("POST", "/auth/login", "login", expect=(303,), data=form.fields)

    def some_article(self) -> str | None:
        page = self.get("/articles/", "articles index")
        links = ARTICLE_LINK.findall(page.text or "")
        return random.choice(links) if links else None


class Reader(AmtsnetzUser):
    """Anonymous: browses, searches, reads entries and events."""

    weight = 6

    @task(4)
    def browse_articles(self) -> None:
        article = self.some_article()
        if article:
            self.get(article, "article page")

    @task(2)
    def home(self) -> None:
        self.get("/", "home")

    @task(2)
    def search(self) -> None:
        self.get(f"/search?q={random.choice(SEARCH_WORDS)}", "search")

    @task(2)
    def events(self) -> None:
        page = self.get("/events/", "events index")
        links = EVENT_LINK.findall(page.text or "")
        if links:
            self.get(random.choice(links), "event page")


class Member(AmtsnetzUser):
    """Logged in: reads, comments, likes, writes entries and events, and edits an entry
    together with a moderator from the same version (one of them must get a 409)."""

    weight = 3

    def on_start(self) -> None:
        self.email, self.password = next(_members)
        self.log_in(self.email, self.password)
        self.own_articles: list[str] = []

    @task(3)
    def read(self) -> None:
        article = self.some_article()
        if article:
            self.get(article, "article page (member)")

    @task(3)
    def comment(self) -> None:
        article = self.some_article()
        if not article:
            return
        page = self.get(article, "article page (member)")
        comment_forms = [
            f
            for f in forms(page.text or "")
            if f.action.startswith("/community/") and f.action.endswith("/comments")
        ]
        if not comment_forms:
            return
        form = comment_forms[0]
        text = marker()
        form.fields["body"] = f"Ein Kommentar aus dem Dauertest {text}."
        answer = self.request("POST", form.action, "comment", expect=(303,), data=form.fields)
        if answer.status_code == 303:
            log_write("comment", marker=text, user=self.email)

    @task(2)
    def like(self) -> None:
        article = self.some_article()
        if not article:
            return
        page = self.get(article, "article page (member)")
        like_forms = [f for f in forms(page.text or "") if f.action.endswith("/like")]
        if not like_forms:
            return
        form = like_forms[0]
        answer = self.request("POST", form.action, "like", expect=(303, 200), data=form.fields)
        if answer.status_code in (200, 303):
            log_write("like", target=form.action, user=self.email, fields=form.fields)

    @task(1)
    def write_entry(self) -> None:
        page = self.get("/articles/new", "new entry form")
        form = form_with(page.text, "/articles/new")
        text = marker()
        form.fields.update(
            title=f"Dauertest {text}",
            summary="Ein Eintrag aus dem Dauertest.",
            body=f"Absatz aus dem Dauertest {text}.\n",
            action="publish",
        )
        answer = self.request(
            "POST", "/articles/new", "create entry", expect=(303,), data=form.fields
        )
        if answer.status_code == 303:
            path = path_of(answer.headers["Location"])
            self.own_articles.append(path)
            log_write("entry", marker=text, path=path, user=self.email)

    @task(1)
    def edit_with_conflict(self) -> None:
        if not self.own_articles:
            return
        path = random.choice(self.own_articles)
        moderator = AmtsnetzUser.__new__(AmtsnetzUser)  # a second client, same hosts
        moderator.client = type(self.client)(
            base_url=self.host, request_event=self.environment.events.request, user=self
        )
        moderator.environment = self.environment
        email, password = next(_moderators)
        moderator.log_in(email, password)
        pages = [
            self.get(f"{path}/edit", "edit form"),
            moderator.get(f"{path}/edit", "edit form"),
        ]
        edits = []
        for who, page in zip(("author", "moderator"), pages, strict=True):
            form = form_with(page.text, f"{path}/edit")
            text = marker()
            form.fields["body"] = f"Fassung von {who} {text}.\n"
            edits.append((text, form))
        answers: list[Any] = [None, None]

        def save(index: int, user: AmtsnetzUser) -> None:
            form = edits[index][1]
            answers[index] = user.request(
                "POST",
                f"{path}/edit",
                "edit entry (conflict pair)",
                expect=(303, 409),
                data=form.fields,
            )

        gevent.joinall([gevent.spawn(save, 0, self), gevent.spawn(save, 1, moderator)])
        statuses = sorted(a.status_code for a in answers)
        outcome = {
            "path": path,
            "statuses": statuses,
            "markers": [text for text, _ in edits],
            "winner": None,
            "loser_text_returned": None,
        }
        for (text, _form), answer in zip(edits, answers, strict=True):
            if answer.status_code == 303:
                outcome["winner"] = text
            elif answer.status_code == 409:
                outcome["loser_text_returned"] = text in answer.text
        log_write("conflict", **outcome)
        moderator.client.close()

    @task(1)
    def create_event(self) -> None:
        page = self.get("/events/new", "new event form")
        form = form_with(page.text, "/events/new")
        text = marker()
        form.fields.update(
            title=f"Treffen {text}",
            description=f"Ein Treffen aus dem Dauertest {text}.",
            starts_at="2027-03-01T10:00",
            ends_at="2027-03-01T12:00",
            venue_name="Rathaus",
            venue_city="Musterstadt",
            land="BE",
            organiser_name="Dauertest",
        )
        answer = self.request(
            "POST", "/events/new", "create event", expect=(303,), data=form.fields
        )
        if answer.status_code == 303:
            log_write("event", marker=text, user=self.email)


class Moderator(AmtsnetzUser):
    """Looks at the queue and approves what waits there. Two moderators may approve the
    same item at once: the second gets 409 (nothing left to approve), which is right."""

    weight = 1

    def on_start(self) -> None:
        email, password = next(_moderators)
        self.log_in(email, password)

    @task
    def queue(self) -> None:
        page = self.get("/moderation/", "moderation queue")
        items = sorted(set(QUEUE_ITEM.findall(page.text or "")))
        if not items:
            return
        item = self.get(random.choice(items), "moderation item")
        approvals = [
            f
            for f in forms(item.text or "")
            if f.method == "post" and f.action.endswith("/approve")
        ]
        if approvals:
            fields = {**approvals[0].fields, "facts": "Im Dauertest geprüft: in Ordnung."}
            self.request(
                "POST", approvals[0].action, "moderation action", expect=(303, 409), data=fields
            )
