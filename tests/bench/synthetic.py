"""Synthetic entries, events and authorities for benchmarks, marked as such in their titles.

`flask demo --articles N --events N --authorities N` loads this file by its path (it is
part of the repository, not of the installed app) and runs the steps of `demo_steps()`
right after the demo step of the same feature. Each generator continues the numbering of
what is there and seeds its randomness with that number, so the same command on the same
database gives the same data.

Entries and events get varied German text for search benchmarks: words drawn from
vocabulary_de.txt (the field's words, most frequent first) with Zipf-like frequencies,
so a few words (function words, "Social Media", "Behörden", "Kommunikation") are in
most texts and most words in few, as in real text.
"""

from __future__ import annotations

import functools
import itertools
import math
import random
import re
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import NamedTuple

from markupsafe import escape
from sqlalchemy import func, insert, or_, select

from kb import registry
from kb.articles.models import Article, article_topics
from kb.authorities.demo import demo_registry
from kb.authorities.service import bump_version
from kb.content.models import PublishState as Status
from kb.directory import Authority, Kind, Level, Review, SocialAccount
from kb.events import localtime
from kb.events.demo import BERLIN, at
from kb.events.models import (
    DEFAULT_TIMEZONE,
    AttendanceMode,
    Event,
    EventStatus,
    Format,
    event_topics,
    new_uid,
)
from kb.events.models import Review as EventReview
from kb.extensions import db
from kb.markdown import WORDS_PER_MINUTE
from kb.regions import LAENDER
from kb.registry import DemoStep
from kb.taxonomy import Platform, Topic
from kb.text import slugify
from kb.timeutil import utcnow
from kb.users import User


def demo_steps(articles: int = 0, events: int = 0, authorities: int = 0) -> list[DemoStep]:
    """A step per count above zero, ordered just after that feature's demo step."""
    orders = {step.name: step.order for step in registry.current().demo_steps}
    wanted = (
        ("articles", articles, load_synthetic, "Synthetic entries"),
        ("events", events, load_synthetic_events, "Synthetic events"),
        ("authorities", authorities, load_synthetic_authorities, "Synthetic authorities"),
    )
    return [
        _step(f"synthetic-{name}", orders[name] + 1, label, load, count)
        for name, count, load, label in wanted
        if count > 0
    ]


def _step(name: str, order: int, label: str, load: Callable[[int], int], count: int) -> DemoStep:
    def run() -> str:
        return f"{label}: {load(count)} added."

    return DemoStep(name, run, order)


# --- text -----------------------------------------------------------------------------------

VOCABULARY = Path(__file__).with_name("vocabulary_de.txt")
# Word n of the vocabulary comes with a weight of 1 / n ** ZIPF_EXPONENT.
ZIPF_EXPONENT = 1.05
SENTENCE_LENGTHS = range(6, 17)  # words
TITLE_WORDS = (4, 9)
SUMMARY_LENGTH = 400  # Article.summary is a String(400)
TITLE_LENGTH = 160  # the titles of entries and events are String(160)
# German puts a comma before these conjunctions.
_COMMA = re.compile(r" (?=(?:dass|weil|wenn|aber|sondern|denn|ob) )")


def vocabulary(path: Path = VOCABULARY) -> list[str]:
    """The words of the vocabulary file, most frequent first (comment lines skipped)."""
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


@functools.cache
def _distribution(exponent: float) -> tuple[list[str], list[float], list[str], list[float]]:
    """Words and cumulative Zipf weights: of all words, and of the capitalised ones
    (nouns and names, for titles), computed once."""
    words = vocabulary()
    weights = [rank**-exponent for rank in range(1, len(words) + 1)]
    nouns = [
        (word, weight) for word, weight in zip(words, weights, strict=True) if word[0].isupper()
    ]
    return (
        words,
        list(itertools.accumulate(weights)),
        [word for word, _ in nouns],
        list(itertools.accumulate(weight for _, weight in nouns)),
    )


class SyntheticText(NamedTuple):
    """A generated title, summary and Markdown body with its HTML (what render_markdown
    gives for it) and its reading time (what reading_minutes gives).

    A NamedTuple, not a dataclass: kb/cli.py loads this file without registering it in
    sys.modules, which dataclasses need.
    """

    title: str
    summary: str
    body: str
    body_html: str
    reading_minutes: int


class TextGenerator:
    """Seeded German text: the same seed gives the same words in the same order."""

    def __init__(self, seed: int | str, exponent: float = ZIPF_EXPONENT) -> None:
        self.rng = random.Random(seed)
        self._words, self._cumulative, self._nouns, self._noun_cumulative = _distribution(exponent)

    def words(self, count: int) -> list[str]:
        return self.rng.choices(self._words, cum_weights=self._cumulative, k=count)

    def nouns(self, count: int) -> list[str]:
        return self.rng.choices(self._nouns, cum_weights=self._noun_cumulative, k=count)

    def sentences(self, count: int) -> list[str]:
        """`count` sentences of 6-16 words: the first capitalised, a period at the end.

        All their words come from one draw: that is most of the cost of the text.
        """
        lengths = self.rng.choices(SENTENCE_LENGTHS, k=count)
        words = self.words(sum(lengths))
        sentences = []
        start = 0
        for length in lengths:
            text = " ".join(words[start : start + length])
            sentences.append(text[0].upper() + text[1:] + ".")
            start += length
        return sentences

    def title(self, max_length: int = TITLE_LENGTH) -> str:
        """4-9 words that begin and end with a noun, no longer than `max_length`."""
        words = self.words(self.rng.randint(*TITLE_WORDS))
        words[0], words[-1] = self.nouns(2)
        while len(words) > 1 and sum(map(len, words)) + len(words) - 1 > max_length:
            del words[-2]
        return " ".join(words)[:max_length]

    def summary(self, max_length: int = SUMMARY_LENGTH) -> str:
        """One or two sentences, no longer than `max_length`."""
        sentences = [_commas(sentence) for sentence in self.sentences(self.rng.randint(1, 2))]
        summary = " ".join(sentences)
        if len(summary) > max_length:
            summary = sentences[0]
        if len(summary) > max_length:
            summary = summary[: max_length - 1].rsplit(" ", 1)[0].rstrip(",") + "."
        return summary

    def paragraphs(
        self, paragraphs: tuple[int, int] = (3, 6), sentences: tuple[int, int] = (3, 6)
    ) -> list[str]:
        """Paragraphs of sentences, their numbers drawn from the two ranges."""
        low, high = sentences
        counts = self.rng.choices(range(low, high + 1), k=self.rng.randint(*paragraphs))
        texts = self.sentences(sum(counts))
        result = []
        start = 0
        for count in counts:
            result.append(_commas(" ".join(texts[start : start + count])))
            start += count
        return result

    def text(
        self,
        title_length: int = TITLE_LENGTH,
        paragraphs: tuple[int, int] = (3, 6),
        sentences: tuple[int, int] = (3, 6),
    ) -> SyntheticText:
        title = self.title(title_length)
        summary = self.summary()
        body = self.paragraphs(paragraphs, sentences)
        return SyntheticText(title, summary, markdown_of(body), html_of(body), minutes_of(body))


def _commas(text: str) -> str:
    return _COMMA.sub(", ", text)


def markdown_of(paragraphs: Sequence[str]) -> str:
    return "\n\n".join(paragraphs)


def html_of(paragraphs: Sequence[str]) -> str:
    """What render_markdown makes of paragraphs of plain text (no Markdown syntax in
    them), without parsing: tests/test_synthetic_text.py checks that it is the same."""
    return "\n".join([f"<p>{escape(paragraph)}</p>" for paragraph in paragraphs])


def minutes_of(paragraphs: Sequence[str]) -> int:
    """kb.markdown.reading_minutes of the paragraphs, by counting their words."""
    words = sum(len(paragraph.split()) for paragraph in paragraphs)
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


# --- entries --------------------------------------------------------------------------------

ENTRY_MARK = " (Demo)"
# Rows per Core insert: enough for speed, few enough to keep the texts of one batch small.
BATCH = 2000


def load_synthetic(count: int) -> int:
    """Add `count` synthetic entries (for benchmarks) with bulk inserts; returns `count`.

    Titles end in "(Demo)"; slugs are synthetischer-eintrag-N, numbered on from the
    ones there; each has a title, summary and body of generated text and one topic.
    """
    author = db.session.scalar(select(User).order_by(User.id))
    if author is None or count <= 0:
        return 0
    topic_ids = list(db.session.scalars(select(Topic.id).order_by(Topic.position, Topic.id)))
    existing = (
        db.session.scalar(
            select(func.count())
            .select_from(Article)
            .where(Article.slug.like("synthetischer-eintrag-%"))
        )
        or 0
    )
    now = utcnow()
    # Seeded by the first number, so the same command gives the same data.
    generator = TextGenerator(f"entries-{existing}")
    table = Article.__table__
    last = existing + count
    for start in range(existing + 1, last + 1, BATCH):
        numbers = range(start, min(start + BATCH, last + 1))
        rows = [_synthetic_entry(number, generator, author.id, now) for number in numbers]
        # A Core insert: the ORM's unit of work costs several times as much per row.
        entry_ids = db.session.scalars(
            insert(table).returning(table.c.id, sort_by_parameter_order=True), rows
        ).all()
        if topic_ids:
            links = [
                {"article_id": entry_id, "topic_id": topic_ids[number % len(topic_ids)]}
                for number, entry_id in zip(numbers, entry_ids, strict=True)
            ]
            db.session.execute(insert(article_topics), links)
    return count


def _synthetic_entry(
    number: int, generator: TextGenerator, author_id: int, now: datetime
) -> dict[str, object]:
    text = generator.text(title_length=TITLE_LENGTH - len(ENTRY_MARK))
    when = now - timedelta(minutes=number)
    return {
        "slug": f"synthetischer-eintrag-{number}",
        "title": text.title + ENTRY_MARK,
        "summary": text.summary,
        "body": text.body,
        "body_html": text.body_html,
        "reading_minutes": text.reading_minutes,
        "like_count": number % 7,
        "comment_count": 0,
        "status": Status.PUBLISHED,
        "created_at": when,
        "updated_at": when,
        "published_at": when,
        "version": 1,
        "creator_id": author_id,
    }


# --- events ---------------------------------------------------------------------------------

EVENT_PREFIX = "Testveranstaltung {number}: "
EVENT_MARK = " (synthetisch)"
# Descriptions are shorter than entries: 2-4 paragraphs of 2-5 sentences.
EVENT_PARAGRAPHS = (2, 4)
EVENT_SENTENCES = (2, 5)
SYNTHETIC_FORMATS = (
    Format.MEETUP,
    Format.MEETUP,
    Format.WEBINAR,
    Format.WORKSHOP,
    Format.CONFERENCE,
    Format.BARCAMP,
)
SYNTHETIC_CITIES = {
    "BW": ("70173", "Stuttgart"),
    "BY": ("80331", "München"),
    "BE": ("10117", "Berlin"),
    "BB": ("14467", "Potsdam"),
    "HB": ("28195", "Bremen"),
    "HH": ("20095", "Hamburg"),
    "HE": ("65183", "Wiesbaden"),
    "MV": ("19053", "Schwerin"),
    "NI": ("30159", "Hannover"),
    "NW": ("40213", "Düsseldorf"),
    "RP": ("55116", "Mainz"),
    "SL": ("66111", "Saarbrücken"),
    "SN": ("01067", "Dresden"),
    "ST": ("39104", "Magdeburg"),
    "SH": ("24103", "Kiel"),
    "TH": ("99084", "Erfurt"),
}


def load_synthetic_events(count: int) -> int:
    """Add `count` synthetic events (for benchmarks) with bulk inserts; returns `count`.

    About a third lie in the past half year, the rest in the next 12 months, spread over
    the Länder, formats, modes and topics. Titles say they are synthetic
    ("Testveranstaltung N: … (synthetisch)"); descriptions are generated text.
    """
    author = db.session.scalar(select(User).order_by(User.id))
    if author is None or count <= 0:
        return 0
    topic_ids = list(db.session.scalars(select(Topic.id).order_by(Topic.position, Topic.id)))
    existing = (
        db.session.scalar(
            select(func.count())
            .select_from(Event)
            .where(Event.slug.like("testveranstaltung-%-synthetisch"))
        )
        or 0
    )
    today = date.today()
    now = utcnow()
    # Seeded by the first number, so the same command gives the same data.
    rng = random.Random(existing)
    generator = TextGenerator(f"events-{existing}")
    table = Event.__table__
    last = existing + count
    for start in range(existing + 1, last + 1, BATCH):
        numbers = range(start, min(start + BATCH, last + 1))
        rows = []
        for number in numbers:
            offset = -rng.randint(1, 180) if number % 3 == 0 else rng.randint(0, 365)
            day = today + timedelta(days=offset)
            rows.append(_synthetic_event(number, day, rng, generator, author.id, now))
        # A Core insert into the table: the ORM's bulk insert splits the rows into tiny
        # batches wherever a column switches between NULL and a value (step_free here).
        event_ids = db.session.scalars(
            insert(table).returning(table.c.id, sort_by_parameter_order=True), rows
        ).all()
        if topic_ids:
            links = []
            for number, event_id in zip(numbers, event_ids, strict=True):
                links.append({"event_id": event_id, "topic_id": topic_ids[number % len(topic_ids)]})
                if number % 4 == 0:
                    second = topic_ids[(number // 4 + 3) % len(topic_ids)]
                    if second != links[-1]["topic_id"]:
                        links.append({"event_id": event_id, "topic_id": second})
            db.session.execute(insert(event_topics), links)
    return count


def _synthetic_event(
    number: int,
    day: date,
    rng: random.Random,
    generator: TextGenerator,
    author_id: int,
    now: datetime,
) -> dict[str, object]:
    event_format = SYNTHETIC_FORMATS[number % len(SYNTHETIC_FORMATS)]
    mode = (
        AttendanceMode.ONLINE
        if event_format == Format.WEBINAR
        else (AttendanceMode.IN_PERSON, AttendanceMode.IN_PERSON, AttendanceMode.HYBRID)[number % 3]
    )
    all_day = event_format == Format.BARCAMP
    if all_day:
        starts_at = localtime.day_start(day, BERLIN)
        ends_at = localtime.day_start(day + timedelta(days=1), BERLIN)
    else:
        hour = rng.randint(9, 18)
        starts_at = at(day, hour, rng.choice((0, 30)))
        days = 1 if event_format == Format.CONFERENCE else 0
        ends_at = at(day + timedelta(days=days), min(hour + rng.randint(1, 3), 21))
    land = LAENDER[number % len(LAENDER)].code if mode != AttendanceMode.ONLINE else ""
    postal_code, city = SYNTHETIC_CITIES[land] if land else ("", "")
    is_free = number % 4 != 0
    cancelled = number % 25 == 0
    prefix = EVENT_PREFIX.format(number=number)
    title = generator.title(TITLE_LENGTH - len(prefix) - len(EVENT_MARK))
    description = generator.paragraphs(EVENT_PARAGRAPHS, EVENT_SENTENCES)
    return {
        "slug": f"testveranstaltung-{number}-synthetisch",
        "uid": new_uid(),
        "sequence": 1 if cancelled else 0,
        "title": prefix + title + EVENT_MARK,
        "description": markdown_of(description),
        "description_html": html_of(description),
        "format": event_format,
        "timezone": DEFAULT_TIMEZONE,
        "all_day": all_day,
        "attendance_mode": mode,
        "venue_name": f"Testort {number % 97} (synthetisch)" if land else "",
        "venue_street": "Teststraße 1" if land else "",
        "venue_postal_code": postal_code,
        "venue_city": city,
        "land": land,
        "online_url": (
            f"https://beispiel.example/online/test-{number}"
            if mode != AttendanceMode.IN_PERSON
            else ""
        ),
        "registration_url": f"https://beispiel.example/anmeldung/test-{number}",
        "is_free": is_free,
        "price": "" if is_free else "Teilnahmebeitrag 49 €",
        "language": "de",
        "organiser_name": "Synthetische Testdaten (Demo)",
        "step_free": (True, False, None)[number % 3],
        "sign_language": number % 11 == 0,
        "live_captions": number % 5 == 0,
        "recording_policy": "",
        "starts_at": starts_at,
        "ends_at": ends_at,
        "status": EventStatus.CANCELLED if cancelled else EventStatus.SCHEDULED,
        "status_reason": "Synthetisch abgesagt." if cancelled else "",
        "review": EventReview.VISIBLE,
        "creator_id": author_id,
        "series_id": None,
        "slot_date": None,
        "detached": False,
        "attendee_count": 0,
        "created_at": now,
        "updated_at": now,
    }


# --- authorities ----------------------------------------------------------------------------

SOURCE_SYNTHETIC = "Synthetische Testdaten für Lasttests (Demo), keine reale Stelle"
# (kind, level, name prefix, share out of 20): mostly municipalities.
SYNTHETIC_KINDS = (
    *[(Kind.MUNICIPALITY, Level.LOCAL, "Testgemeinde")] * 16,
    (Kind.DISTRICT, Level.LOCAL, "Testkreis"),
    (Kind.STATE_AGENCY, Level.STATE, "Testlandesamt"),
    (Kind.PUBLIC_COMPANY, Level.LOCAL, "Teststadtwerke"),
    (Kind.MUNICIPALITY, Level.LOCAL, "Testgemeinde"),
)
SYNTHETIC_SLUG = "%-synthetisch"
SYNTHETIC_PREFIXES = ("testgemeinde-", "testkreis-", "testlandesamt-", "teststadtwerke-")
# Accounts per authority, cycling: three on average.
ACCOUNTS_PER_AUTHORITY = (1, 2, 3, 4, 5)
PROFILE_URLS = {
    "facebook": "https://www.facebook.com/{handle}",
    "instagram": "https://www.instagram.com/{handle}",
    "x-twitter": "https://x.com/{handle}",
    "mastodon": "https://mastodon.social/@{handle}",
    "bluesky": "https://bsky.app/profile/{handle}.bsky.social",
    "youtube": "https://www.youtube.com/@{handle}",
    "linkedin": "https://www.linkedin.com/company/{handle}",
    "xing": "https://www.xing.com/pages/{handle}",
    "whatsapp": "https://www.whatsapp.com/channel/{handle}",
    "tiktok": "https://www.tiktok.com/@{handle}",
    "threads": "https://www.threads.net/@{handle}",
}
# Weighted so the census has big and small platforms.
PLATFORM_WEIGHTS = {
    "facebook": 10,
    "instagram": 9,
    "x-twitter": 7,
    "youtube": 6,
    "mastodon": 4,
    "linkedin": 3,
    "whatsapp": 3,
    "bluesky": 2,
    "xing": 1,
    "tiktok": 1,
    "threads": 1,
}


def last_synthetic_number() -> int:
    """The highest number a synthetic authority has (0 if none): the next run goes on."""
    slugs = db.session.scalars(
        select(Authority.slug).where(
            Authority.slug.like(SYNTHETIC_SLUG),
            or_(*(Authority.slug.startswith(prefix) for prefix in SYNTHETIC_PREFIXES)),
        )
    )
    numbers = (slug.split("-")[1] for slug in slugs)
    return max((int(number) for number in numbers if number.isdigit()), default=0)


def synthetic_ags(number: int) -> str:
    """A unique key per number: Land from the number, region 8 (unused), district 00-98."""
    land = LAENDER[number % len(LAENDER)]
    serial = number // len(LAENDER)
    return f"{land.ags_prefix}8{serial // 1000 % 99:02d}{serial % 1000:03d}"


def load_synthetic_authorities(count: int) -> int:
    """Add `count` synthetic authorities with about three accounts each (bulk inserts).

    Numbering continues after the synthetic authorities already there, so running it
    again adds more without colliding. Returns `count`.
    """
    if count <= 0:
        return 0
    platform_ids = {
        slug: platform_id
        for slug, platform_id in db.session.execute(select(Platform.slug, Platform.id))
        if slug in PROFILE_URLS
    }
    # The Land governments of the demo registry are the parents of the Landesämter.
    land_governments = [
        spec.slug for spec in demo_registry().authorities if spec.kind == Kind.STATE_MINISTRY
    ]
    state_governments = dict(
        db.session.execute(
            select(Authority.land, Authority.id).where(
                Authority.kind == Kind.STATE_MINISTRY,
                Authority.is_demo,
                Authority.slug.in_(land_governments),
            )
        ).all()
    )
    existing = last_synthetic_number()
    rng = random.Random(existing)  # the same command gives the same data
    now = utcnow()
    authority_rows = [
        _synthetic_authority(number, state_governments, now)
        for number in range(existing + 1, existing + count + 1)
    ]
    # Core inserts: the ORM would split the rows into small batches wherever a nullable
    # column switches between NULL and a value (ags, parent_id).
    table = Authority.__table__
    authority_ids = db.session.scalars(
        insert(table).returning(table.c.id, sort_by_parameter_order=True), authority_rows
    ).all()
    if platform_ids:
        slugs = list(platform_ids)
        weights = [PLATFORM_WEIGHTS.get(slug, 1) for slug in slugs]
        account_rows = []
        for number, authority_id in zip(
            range(existing + 1, existing + count + 1), authority_ids, strict=True
        ):
            wanted = min(ACCOUNTS_PER_AUTHORITY[number % len(ACCOUNTS_PER_AUTHORITY)], len(slugs))
            chosen: list[str] = []
            while len(chosen) < wanted:
                slug = rng.choices(slugs, weights)[0]
                if slug not in chosen:
                    chosen.append(slug)
            for position, slug in enumerate(chosen):
                account_rows.append(
                    _synthetic_account(
                        number, position, slug, platform_ids[slug], authority_id, rng, now
                    )
                )
        db.session.execute(insert(SocialAccount.__table__), account_rows)
    bump_version()
    return count


def _synthetic_authority(
    number: int, state_governments: dict[str, int], now: datetime
) -> dict[str, object]:
    kind, level, prefix = SYNTHETIC_KINDS[number % len(SYNTHETIC_KINDS)]
    land = LAENDER[number % len(LAENDER)].code
    name = f"{prefix} {number} (synthetisch)"
    return {
        "slug": slugify(name, max_length=90),
        "name": name,
        "short_name": "",
        "kind": kind,
        "level": level,
        "land": land,
        "parent_id": state_governments.get(land) if kind == Kind.STATE_AGENCY else None,
        "ags": synthetic_ags(number) if kind == Kind.MUNICIPALITY else None,
        "website": f"https://test-{number}.beispiel.example",
        # One in fifty waits for a moderator, like a member's proposal would.
        "review": Review.PROPOSED if number % 50 == 0 else Review.APPROVED,
        "proposed_by_id": None,
        "source": SOURCE_SYNTHETIC,
        "is_demo": True,
        "created_at": now,
        "updated_at": now,
    }


def _synthetic_account(
    number: int,
    position: int,
    platform_slug: str,
    platform_id: int,
    authority_id: int,
    rng: random.Random,
    now: datetime,
) -> dict[str, object]:
    handle = f"synth{number}"
    since = date(2009, 1, 1) + timedelta(days=rng.randint(0, 16 * 365))
    # About one in ten has ended (until is the first day it was gone); one in twenty is
    # a member's proposal that no moderator has approved yet.
    ended = rng.random() < 0.1
    until = since + timedelta(days=rng.randint(90, 5 * 365)) if ended else None
    if until is not None and until > date.today():
        until = None
    return {
        "authority_id": authority_id,
        "platform_id": platform_id,
        "handle": handle,
        "url": PROFILE_URLS[platform_slug].format(handle=handle),
        "since": since,
        "until": until,
        "last_checked": date.today() - timedelta(days=rng.randint(0, 400)),
        "source": SOURCE_SYNTHETIC,
        "review": Review.PROPOSED if (number + position) % 20 == 0 else Review.APPROVED,
        "proposed_by_id": None,
        "created_at": now,
    }
