"""Demo events and synthetic events for benchmarks.

The demo events are invented (organisers marked "fiktiv", sign-up pages on
beispiel.example) and dated relative to the day they are loaded, so a fresh demo always
has past and upcoming events. Idempotent: an event (or series) whose slug exists is left
alone with everything attached to it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, insert, select

from kb.accounts.models import User
from kb.events import service
from kb.events.models import (
    DEFAULT_TIMEZONE,
    AttendanceMode,
    Event,
    EventSeries,
    EventStatus,
    Format,
    Frequency,
    Review,
    event_topics,
    new_uid,
)
from kb.events.service import EventInput, Recurrence
from kb.extensions import db
from kb.markdown import render_markdown
from kb.regions import LAENDER
from kb.taxonomy.models import Topic
from kb.text import slugify
from kb.timeutil import utcnow

BERLIN = ZoneInfo(DEFAULT_TIMEZONE)
MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY = range(5)

NETWORK = "Netzwerk Social Media im öffentlichen Dienst (fiktiv)"
MUSTERSTADT = "Stadt Musterstadt (fiktiv)"
BEISPIELKREIS = "Kreisverwaltung Beispielkreis (fiktiv)"
DEMO_NOTE = (
    "\n\n---\n\n*Demo-Veranstaltung: Termin, Ort, Veranstalter und Anmeldeseite sind "
    "erfunden und dienen nur zum Ausprobieren von Amtsnetz.*"
)
SIGN_UP = "https://beispiel.example/anmeldung"


@dataclass
class DemoEvent:
    author: str  # display name of a demo user (kb/demo.py)
    event: EventInput
    topics: tuple[str, ...] = ()
    recurrence: Recurrence | None = None
    cancelled_because: str = ""
    postponed_because: str = ""
    # Demo users who attend the event (or the next occurrence of a series).
    attendees: tuple[str, ...] = ()

    @property
    def slug(self) -> str:
        """The slug create_event gives it, which is how a second run finds it."""
        return slugify(self.event.title, max_length=90)


# --- dates relative to the day the demo is loaded -----------------------------------------


def on_or_after(day: date, weekday: int) -> date:
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def after_holidays(day: date) -> date:
    """The same weekday a week later while `day` falls between Christmas and New Year."""
    while (day.month, day.day) >= (12, 22) or (day.month, day.day) <= (1, 2):
        day += timedelta(weeks=1)
    return day


def upcoming(today: date, days: int, weekday: int) -> date:
    return after_holidays(on_or_after(today + timedelta(days=days), weekday))


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    return on_or_after(date(year, month, 1), weekday) + timedelta(weeks=n - 1)


def months_before(day: date, months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 - months
    return index // 12, index % 12 + 1


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """A wall-clock time in Berlin as the UTC instant it means on that day."""
    return service.to_utc(datetime.combine(day, time(hour, minute)), BERLIN)


def last_july(today: date) -> date:
    """The second Wednesday of the latest July that is fully over (summer time)."""
    year = today.year if today >= date(today.year, 8, 1) else today.year - 1
    return nth_weekday(year, 7, WEDNESDAY, 2)


def next_february(today: date) -> date:
    """The second Tuesday of the next February at least a week ahead (winter time)."""
    day = nth_weekday(today.year, 2, TUESDAY, 2)
    return day if day > today + timedelta(days=7) else nth_weekday(today.year + 1, 2, TUESDAY, 2)


# --- the demo events ------------------------------------------------------------------------


def demo_events(today: date) -> list[DemoEvent]:
    stammtisch_year, stammtisch_month = months_before(today, 3)
    stammtisch = nth_weekday(stammtisch_year, stammtisch_month, THURSDAY, 1)
    facebook_webinar = upcoming(today, 10, TUESDAY)
    hate_speech = upcoming(today, 14, THURSDAY)
    whatsapp = upcoming(today, 17, TUESDAY)
    accessible = upcoming(today, 21, WEDNESDAY)
    shitstorm = upcoming(today, 28, THURSDAY)
    image_rights = upcoming(today, 35, MONDAY)
    conference = upcoming(today, 42, TUESDAY)
    netiquette = upcoming(today, 49, THURSDAY)
    barcamp = upcoming(today, 63, FRIDAY)
    instagram = after_holidays(on_or_after(today - timedelta(days=24), WEDNESDAY))
    metrics = on_or_after(today - timedelta(days=45), THURSDAY)
    staffing = last_july(today)
    new_networks = next_february(today)
    return [
        DemoEvent(
            author="Katrin Hoffmann",
            event=EventInput(
                title="Social-Media-Stammtisch Musterstadt",
                starts_at=at(stammtisch, 18, 30),
                ends_at=at(stammtisch, 21, 0),
                format=Format.MEETUP,
                description="""\
Einmal im Monat treffen sich Social-Media-Verantwortliche aus Verwaltungen, Stadtwerken
und Verkehrsbetrieben der Region zum Austausch in lockerer Runde. Es gibt kein festes
Programm und keine Folien: Wer eine Frage mitbringt, bekommt Antworten von Leuten, die
dasselbe Problem schon hatten.

## Worum es meistens geht

- Wie überzeugen wir die Hausleitung, einen neuen Kanal zu starten?
- Wer vertritt das Team im Urlaub, wenn es nur aus einer Person besteht?
- Welche Beiträge kamen zuletzt gut an, welche gingen daneben?

Neue Gesichter sind ausdrücklich willkommen, auch Studierende und Leute, die gerade
erst anfangen. Eine Anmeldung ist nicht nötig; für die Tischreservierung freuen wir uns
aber über eine kurze Nachricht.""",
                venue_name="Ratskeller Musterstadt (fiktiv), Nebenraum",
                venue_street="Marktplatz 1",
                venue_postal_code="12345",
                venue_city="Musterstadt",
                land="NW",
                registration_url=f"{SIGN_UP}/stammtisch-musterstadt",
                organiser_name=MUSTERSTADT,
                step_free=True,
                recording_policy="Keine Aufzeichnung, keine Fotos: Was am Tisch gesagt "
                "wird, bleibt am Tisch.",
            ),
            topics=("strategie", "redaktion-formate"),
            recurrence=Recurrence(Frequency.MONTHLY),
            attendees=("Jonas Weber", "Aylin Demir", "Lena Schulz"),
        ),
        DemoEvent(
            author="Katrin Hoffmann",
            event=EventInput(
                title="Webinar: Darf unsere Behörde eine Facebook-Seite betreiben?",
                starts_at=at(facebook_webinar, 10, 0),
                ends_at=at(facebook_webinar, 11, 30),
                format=Format.WEBINAR,
                attendance_mode=AttendanceMode.ONLINE,
                online_url="https://beispiel.example/webinar/facebook-datenschutz",
                registration_url=f"{SIGN_UP}/webinar-facebook-datenschutz",
                description="""\
Kaum ein Thema sorgt in Behörden für so viele Rückfragen wie die eigene Facebook-Seite.
Im Webinar ordnen wir ein, was seit den Urteilen zur gemeinsamen Verantwortlichkeit für
Seitenbetreiber gilt, und was Sie mit Ihrer oder Ihrem Datenschutzbeauftragten klären
sollten, bevor die Seite online geht.

## Inhalte

1. Gemeinsame Verantwortlichkeit nach Art. 26 DSGVO: was die Vereinbarung mit dem
   Plattformbetreiber leistet und was nicht
2. Datenschutz-Folgenabschätzung: wann sie sinnvoll ist und wie man sie gliedert
3. Datenschutzhinweise, Impressum und Alternativen außerhalb der Plattform

Das Webinar ist keine Rechtsberatung. Fragen können Sie vorab bei der Anmeldung oder
während der Veranstaltung im Chat stellen.""",
                organiser_name=NETWORK,
                live_captions=True,
                recording_policy="Der Vortragsteil wird aufgezeichnet und danach für "
                "Angemeldete bereitgestellt; die Fragerunde nicht.",
            ),
            topics=("datenschutz-recht",),
            attendees=("Thomas Krüger", "Lena Schulz"),
        ),
        DemoEvent(
            author="Jonas Weber",
            event=EventInput(
                title="Praxisabend Hate Speech: Kommentare moderieren, Grenzen ziehen",
                starts_at=at(hate_speech, 18, 0),
                ends_at=at(hate_speech, 20, 30),
                format=Format.MEETUP,
                description="""\
Beleidigungen, Drohungen, gezielte Kampagnen: Wer für eine Behörde Kommentare
moderiert, braucht klare Regeln und ein Team, das hinter einem steht. An diesem Abend
zeigen zwei Moderationsteams aus Kommunen, wie sie mit Hasskommentaren umgehen.

## Fragen des Abends

- Was steht in einer guten Netiquette, und wie setzt man sie durch?
- Wann wird ein Kommentar verborgen, wann gelöscht, wann angezeigt?
- Wie schützen wir die Menschen, die moderieren?

Im Anschluss ist Zeit für Austausch bei Getränken.""",
                venue_name="Bürgerhaus am Beispielplatz (fiktiv)",
                venue_street="Beispielplatz 3",
                venue_postal_code="04109",
                venue_city="Leipzig",
                land="SN",
                registration_url=f"{SIGN_UP}/praxisabend-hate-speech",
                organiser_name=NETWORK,
                step_free=True,
                recording_policy="Keine Aufzeichnung.",
            ),
            topics=("hate-speech-moderation", "krisenkommunikation"),
            cancelled_because="Die Referentin ist erkrankt. Ein Ersatztermin wird hier "
            "angekündigt; bereits Angemeldete erhalten eine Nachricht.",
        ),
        DemoEvent(
            # A member's first event: it waits in the moderation queue (demo of the queue).
            author="Aylin Demir",
            event=EventInput(
                title="Erfahrungsaustausch: WhatsApp-Kanal für Störungsmeldungen",
                starts_at=at(whatsapp, 16, 0),
                ends_at=at(whatsapp, 17, 30),
                format=Format.MEETUP,
                description="""\
*Demo-Hinweis: Diese Veranstaltung hat ein Mitglied eingetragen. Sie wartet in der
Moderationswarteschlange auf Freigabe und ist bis dahin nur für die Veranstalterin und
das Moderationsteam sichtbar.*

Seit einiger Zeit informieren wir bei Störungen der Strom- und Wasserversorgung auch
über einen WhatsApp-Kanal. Wir möchten mit anderen Stadtwerken und Verkehrsbetrieben
besprechen, was sich bewährt hat und was nicht.

## Themen

- Wie schnell muss eine Störungsmeldung draußen sein?
- Wer darf nachts und am Wochenende posten?
- Datenschutzhinweise und Alternativen für Menschen ohne WhatsApp""",
                venue_name="Stadtwerke Musterstadt (fiktiv), Kundenzentrum",
                venue_street="Werkstraße 12",
                venue_postal_code="12345",
                venue_city="Musterstadt",
                land="NW",
                organiser_name="Stadtwerke Musterstadt (fiktiv)",
                step_free=True,
            ),
            topics=("buergerservice",),
        ),
        DemoEvent(
            author="Katrin Hoffmann",
            event=EventInput(
                title="Barrierefrei posten: Alternativtexte, Untertitel und Leichte Sprache",
                starts_at=at(accessible, 10, 0),
                ends_at=at(accessible, 15, 0),
                format=Format.WORKSHOP,
                description="""\
Öffentliche Stellen sind an die BITV 2.0 gebunden, und auch in sozialen Netzwerken
erwarten Menschen mit Behinderungen zugängliche Beiträge. Im Workshop üben wir an
eigenen Beispielen.

## Was Sie üben

- Alternativtexte schreiben, die das Wesentliche eines Bildes sagen
- Videos untertiteln und Untertitel prüfen
- Hashtags in Binnenmajuskel, Emojis sparsam einsetzen
- Kurze Texte in Leichter Sprache

Bitte bringen Sie ein Notebook und zwei, drei eigene Beiträge mit.""",
                venue_name="Landesakademie für Verwaltungskommunikation (fiktiv)",
                venue_street="Am Beispielufer 8",
                venue_postal_code="30159",
                venue_city="Hannover",
                land="NI",
                registration_url=f"{SIGN_UP}/workshop-barrierefrei-posten",
                organiser_name=MUSTERSTADT,
                step_free=True,
                sign_language=True,
                recording_policy="Keine Aufzeichnung. Fotos nur von den Arbeitsergebnissen.",
            ),
            topics=("barrierefreiheit", "redaktion-formate"),
            postponed_because="Der Tagungsraum steht an diesem Tag nicht zur Verfügung. "
            "Der neue Termin wird hier bekannt gegeben.",
        ),
        DemoEvent(
            author="Jonas Weber",
            event=EventInput(
                title="Shitstorm-Training: Krisenkommunikation in Echtzeit üben",
                starts_at=at(shitstorm, 13, 0),
                ends_at=at(shitstorm, 17, 0),
                format=Format.WORKSHOP,
                attendance_mode=AttendanceMode.HYBRID,
                description="""\
Eine umstrittene Entscheidung, ein missverständlicher Beitrag, und plötzlich laufen
Hunderte Kommentare pro Stunde auf. In einer Simulation spielen wir eine solche Lage
durch: mit Rollen für Social-Media-Team, Pressestelle, Fachamt und Hausleitung.

## Ablauf

1. Kurzer Input: Wie entsteht eine Empörungswelle, und woran erkennt man sie früh?
2. Simulation in Teams, vor Ort und online gemischt
3. Auswertung: Freigabewege, Tonalität, wann man sich entschuldigt

Sie nehmen eine Checkliste für den eigenen Krisenplan mit.""",
                venue_name="Tagungszentrum Beispielhof (fiktiv)",
                venue_street="Beispielstraße 20",
                venue_postal_code="70173",
                venue_city="Stuttgart",
                land="BW",
                online_url="https://beispiel.example/online/shitstorm-training",
                registration_url=f"{SIGN_UP}/shitstorm-training",
                organiser_name=BEISPIELKREIS,
                step_free=False,
                live_captions=True,
                recording_policy="Keine Aufzeichnung, damit in der Simulation offen "
                "gesprochen werden kann.",
            ),
            topics=("krisenkommunikation", "hate-speech-moderation"),
            attendees=("Katrin Hoffmann", "Thomas Krüger"),
        ),
        DemoEvent(
            author="Katrin Hoffmann",
            event=EventInput(
                title="Workshop Bildrechte: Fotos, Grafiken und Lizenzen im Social Web",
                starts_at=at(image_rights, 9, 30),
                ends_at=at(image_rights, 16, 0),
                format=Format.WORKSHOP,
                description="""\
Ein Smartphone reicht heute für gute Fotos und Videos, und freie Bildquellen helfen
gerade kleinen Ämtern mit wenig Budget. Doch wer darf was zeigen? Der Workshop klärt die
häufigsten Fragen rund um Urheberrecht und Recht am eigenen Bild.

## Inhalte

- Freie Lizenzen richtig nutzen und korrekt angeben
- Fotos von Beschäftigten und Bürgerinnen und Bürgern: Einwilligungen, die halten
- Screenshots, Memes und Musik in Videos

Mit vielen Beispielen aus dem Alltag von Pressestellen.""",
                venue_name="Haus der Verwaltung (fiktiv), Raum 2.14",
                venue_street="Musterweg 5",
                venue_postal_code="90402",
                venue_city="Nürnberg",
                land="BY",
                registration_url=f"{SIGN_UP}/workshop-bildrechte",
                is_free=False,
                price="Teilnahmebeitrag 49 € (inkl. Mittagsimbiss)",
                organiser_name=NETWORK,
                step_free=True,
                recording_policy="Keine Aufzeichnung.",
            ),
            topics=("bild-urheberrecht", "datenschutz-recht"),
            attendees=("Aylin Demir",),
        ),
        DemoEvent(
            author="Jonas Weber",
            event=EventInput(
                title="Fachtagung Behörden im Social Web (fiktiv)",
                starts_at=at(conference, 9, 30),
                ends_at=at(conference + timedelta(days=1), 16, 30),
                format=Format.CONFERENCE,
                description="""\
Zwei Tage für alle, die in Ministerien, Ämtern, Kommunen und öffentlichen Unternehmen
soziale Medien verantworten. Praxisberichte, Diskussionen und viel Zeit für Gespräche.

## Tag 1: Strategie und Organisation

- Wie viel Personal braucht ein Kanal wirklich? Ein Gespräch über Stellen, Vertretung
  und Rufbereitschaft
- Von der Pressestelle zum Social-Media-Team: Organisationsmodelle im Vergleich
- Warum es keine aktuellen Zahlen gibt, wie viele Behörden im Netz aktiv sind, und was
  man dagegen tun kann

## Tag 2: Praxis

- Bürgerservice auf Instagram und per Messenger
- Monitoring und Kennzahlen, die der Hausleitung etwas sagen
- Open Space zu selbst gewählten Themen

Die Vorträge werden in Deutsche Gebärdensprache gedolmetscht und live untertitelt.""",
                venue_name="Tagungshaus an der Spree (fiktiv)",
                venue_street="Uferpromenade 10",
                venue_postal_code="10117",
                venue_city="Berlin",
                land="BE",
                registration_url=f"{SIGN_UP}/fachtagung-behoerden-im-social-web",
                is_free=False,
                price="Teilnahmebeitrag 49 €",
                organiser_name=NETWORK,
                step_free=True,
                sign_language=True,
                live_captions=True,
                recording_policy="Vorträge werden aufgezeichnet und veröffentlicht. "
                "Fotos im Saal; wer nicht fotografiert werden möchte, erhält ein "
                "rotes Namensschild.",
            ),
            topics=("strategie", "personal-organisation", "monitoring-kennzahlen"),
            attendees=("Katrin Hoffmann", "Aylin Demir", "Thomas Krüger"),
        ),
        DemoEvent(
            author="Jonas Weber",
            event=EventInput(
                title="Webinar: Netiquette schreiben und durchsetzen",
                starts_at=at(netiquette, 11, 0),
                ends_at=at(netiquette, 12, 0),
                format=Format.WEBINAR,
                attendance_mode=AttendanceMode.ONLINE,
                online_url="https://beispiel.example/webinar/netiquette",
                registration_url=f"{SIGN_UP}/webinar-netiquette",
                description="""\
Eine Netiquette ist die Hausordnung eines Kanals. Sie gibt dem Moderationsteam eine
Grundlage, wenn Kommentare verborgen oder Nutzer blockiert werden müssen.

In einer Stunde gehen wir gemeinsam durch den Aufbau einer Netiquette, besprechen
typische Streitfälle und klären, wie man Entscheidungen dokumentiert.

Eine Mustervorlage gibt es im Anschluss für alle Teilnehmenden.""",
                organiser_name=BEISPIELKREIS,
                live_captions=True,
                recording_policy="Wird aufgezeichnet; die Aufzeichnung ist danach "
                "öffentlich abrufbar.",
            ),
            topics=("hate-speech-moderation", "datenschutz-recht"),
        ),
        DemoEvent(
            author="Katrin Hoffmann",
            event=EventInput(
                title="Barcamp Verwaltungskommunikation Nord (fiktiv)",
                starts_at=service.day_start(barcamp, BERLIN),
                ends_at=service.day_start(barcamp + timedelta(days=2), BERLIN),
                all_day=True,
                format=Format.BARCAMP,
                description="""\
Beim Barcamp gibt es kein vorher festgelegtes Programm: Die Teilnehmenden schlagen
morgens Sessions vor und stellen gemeinsam den Plan auf. Jede Frage ist willkommen,
von der ersten Facebook-Seite eines kleinen Amts bis zur Social-Media-Strategie einer
Landesverwaltung.

## Sessions vom letzten Mal (Beispiele)

- Mastodon-Instanz für die eigene Verwaltung: lohnt sich das?
- Videos mit dem Smartphone drehen, schneiden, untertiteln
- Wie erkläre ich der Hausleitung, was ein Shitstorm ist?

Zwei Tage, jeweils ganztägig. Für Verpflegung ist gesorgt.""",
                venue_name="Kulturspeicher am Hafen (fiktiv)",
                venue_street="Kaiweg 4",
                venue_postal_code="20457",
                venue_city="Hamburg",
                land="HH",
                registration_url=f"{SIGN_UP}/barcamp-nord",
                organiser_name=NETWORK,
                step_free=True,
                recording_policy="Keine Aufzeichnung. Fotos nur mit Zustimmung der Abgebildeten.",
            ),
            topics=("strategie", "redaktion-formate"),
            attendees=("Jonas Weber", "Lena Schulz"),
        ),
        DemoEvent(
            author="Jonas Weber",
            event=EventInput(
                title="Webinar: Bürgerservice auf Instagram und per WhatsApp",
                starts_at=at(instagram, 14, 0),
                ends_at=at(instagram, 15, 0),
                format=Format.WEBINAR,
                attendance_mode=AttendanceMode.ONLINE,
                online_url="https://beispiel.example/webinar/instagram-whatsapp",
                registration_url=f"{SIGN_UP}/webinar-instagram-whatsapp",
                description="""\
Immer mehr Ämter erreichen Menschen über Instagram und Messenger. Aber wer beantwortet
die Direktnachrichten, und was darf dort überhaupt besprochen werden?

Im Webinar berichten zwei Teams aus fiktiven Kommunen, wie sie Anfragen sortieren,
welche Antwortzeiten sie versprechen und wann sie auf sichere Kanäle verweisen.""",
                organiser_name=BEISPIELKREIS,
                live_captions=True,
                recording_policy="Wurde aufgezeichnet; die Aufzeichnung steht auf der "
                "Anmeldeseite bereit.",
            ),
            topics=("buergerservice", "datenschutz-recht"),
        ),
        DemoEvent(
            author="Katrin Hoffmann",
            event=EventInput(
                title="Monitoring und Kennzahlen: Was sagt die Reichweite wirklich?",
                starts_at=at(metrics, 10, 0),
                ends_at=at(metrics, 12, 30),
                format=Format.MEETUP,
                description="""\
Follower, Reichweite, Interaktionsrate: Zahlen gibt es viele, aussagekräftig sind
wenige. Beim Treffen vergleichen wir, welche Kennzahlen Teams ihrer Hausleitung
berichten und wie sie Monitoring ohne teure Werkzeuge organisieren.

Bringen Sie gerne einen (anonymisierten) Monatsbericht mit.""",
                venue_name="Haus des Ehrenamts (fiktiv)",
                venue_street="Hafenstraße 7",
                venue_postal_code="28195",
                venue_city="Bremen",
                land="HB",
                organiser_name=MUSTERSTADT,
                step_free=None,
            ),
            topics=("monitoring-kennzahlen",),
        ),
        DemoEvent(
            author="Jonas Weber",
            event=EventInput(
                title="Sommertreffen: Wie viel Personal braucht ein Social-Media-Kanal?",
                starts_at=at(staffing, 17, 0),
                ends_at=at(staffing, 19, 30),
                format=Format.MEETUP,
                description="""\
Die Hausleitung ist überzeugt, der Datenschutz hat zugestimmt, und dann fehlt die
Stelle. Zu wenig Personal ist einer der häufigsten Gründe, warum Kanäle von Behörden
einschlafen oder gar nicht erst starten.

## Beim Sommertreffen besprechen wir

- Welche Aufgaben ein Kanal mit sich bringt, von der Redaktion bis zur Moderation am
  Wochenende
- Wie Teams Vertretung und Rufbereitschaft regeln
- Mit welchen Argumenten neue Stellen beantragt wurden

Draußen im Innenhof, bei Regen im Saal.""",
                venue_name="Innenhof des Verwaltungszentrums (fiktiv)",
                venue_street="Domplatz 2",
                venue_postal_code="39104",
                venue_city="Magdeburg",
                land="ST",
                organiser_name=NETWORK,
                step_free=True,
                recording_policy="Fotos für den Bericht im Netzwerk-Blog; bitte sagen "
                "Sie Bescheid, wenn Sie nicht aufs Bild möchten.",
            ),
            topics=("personal-organisation", "strategie"),
        ),
        DemoEvent(
            author="Katrin Hoffmann",
            event=EventInput(
                title="Neue Netzwerke: Mastodon, Bluesky und Threads für Behörden",
                starts_at=at(new_networks, 18, 0),
                ends_at=at(new_networks, 20, 0),
                format=Format.MEETUP,
                description="""\
Neben den großen Plattformen sind neue Netzwerke hinzugekommen. Manche Verwaltungen
betreiben eigene Mastodon-Instanzen, andere spiegeln ihre Beiträge auf mehrere Dienste.

An diesem Winterabend berichten Teams, warum sie einen neuen Kanal gestartet oder sich
bewusst dagegen entschieden haben, und wie viel Aufwand jeder zusätzliche Dienst
bedeutet.""",
                venue_name="Stadtteilbibliothek Beispielviertel (fiktiv)",
                venue_street="Lesegasse 9",
                venue_postal_code="60311",
                venue_city="Frankfurt am Main",
                land="HE",
                registration_url=f"{SIGN_UP}/neue-netzwerke",
                organiser_name=NETWORK,
                step_free=True,
                live_captions=False,
                recording_policy="Keine Aufzeichnung.",
            ),
            topics=("strategie", "redaktion-formate"),
            attendees=("Thomas Krüger",),
        ),
    ]


def demo_event_count() -> int:
    return len(demo_events(date.today()))


def load_events(today: date | None = None) -> int:
    """Create the demo events that are missing; returns how many were created."""
    today = today or date.today()
    users = {
        user.display_name: user for user in db.session.scalars(select(User).where(User.is_demo))
    }
    topics = {topic.slug: topic for topic in db.session.scalars(select(Topic))}
    created = 0
    for spec in demo_events(today):
        author = users.get(spec.author)
        if author is None or _exists(spec):
            continue
        data = replace(
            spec.event,
            description=spec.event.description + DEMO_NOTE,
            topics=[topics[slug] for slug in spec.topics if slug in topics],
        )
        event = service.create_event(author, data, spec.recurrence)
        if spec.recurrence is not None and event.series is not None:
            # The series began months ago: fill it up to the horizon from today, too.
            service.materialise(event.series, today)
            event = _next_occurrence(event.series) or event
        if spec.cancelled_because:
            service.cancel_event(event, spec.cancelled_because)
        if spec.postponed_because:
            service.update_event(
                event,
                replace(data, status=EventStatus.POSTPONED, status_reason=spec.postponed_because),
            )
        for name in spec.attendees:
            if name in users:
                service.set_attendance(event, users[name], True)
        created += 1
    db.session.flush()
    return created


def _exists(spec: DemoEvent) -> bool:
    model = EventSeries if spec.recurrence is not None else Event
    return db.session.scalar(select(model.id).where(model.slug == spec.slug)) is not None


def _next_occurrence(series: EventSeries) -> Event | None:
    now = utcnow()
    return next((event for event in series.occurrences if event.ends_at > now), None)


# --- synthetic events for benchmarks --------------------------------------------------------

SYNTHETIC_DESCRIPTION = """\
Eine **synthetische Testveranstaltung**, automatisch erzeugt, um Listen, Filter und
Kalender-Feeds unter Last zu messen.

- Kein echter Termin
- Keine Anmeldung möglich
"""
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
    the Länder, formats, modes and topics. Titles say they are synthetic.
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
    html = render_markdown(SYNTHETIC_DESCRIPTION)
    today = date.today()
    now = utcnow()
    # Seeded by the first number, so the same command gives the same data.
    rng = random.Random(existing)
    rows = []
    for number in range(existing + 1, existing + count + 1):
        offset = -rng.randint(1, 180) if number % 3 == 0 else rng.randint(0, 365)
        day = today + timedelta(days=offset)
        rows.append(_synthetic_row(number, day, rng, html, author.id, now))
    # A Core insert into the table: the ORM's bulk insert splits the rows into tiny
    # batches wherever a column switches between NULL and a value (step_free here).
    events = Event.__table__
    event_ids = db.session.scalars(
        insert(events).returning(events.c.id, sort_by_parameter_order=True), rows
    ).all()
    if topic_ids:
        links = []
        for number, event_id in enumerate(event_ids):
            links.append({"event_id": event_id, "topic_id": topic_ids[number % len(topic_ids)]})
            if number % 4 == 0:
                second = topic_ids[(number // 4 + 3) % len(topic_ids)]
                if second != links[-1]["topic_id"]:
                    links.append({"event_id": event_id, "topic_id": second})
        db.session.execute(insert(event_topics), links)
    return count


def _synthetic_row(
    number: int, day: date, rng: random.Random, html: str, author_id: int, now: datetime
) -> dict[str, object]:
    event_format = SYNTHETIC_FORMATS[number % len(SYNTHETIC_FORMATS)]
    mode = (
        AttendanceMode.ONLINE
        if event_format == Format.WEBINAR
        else (AttendanceMode.IN_PERSON, AttendanceMode.IN_PERSON, AttendanceMode.HYBRID)[number % 3]
    )
    all_day = event_format == Format.BARCAMP
    if all_day:
        starts_at = service.day_start(day, BERLIN)
        ends_at = service.day_start(day + timedelta(days=1), BERLIN)
    else:
        hour = rng.randint(9, 18)
        starts_at = at(day, hour, rng.choice((0, 30)))
        days = 1 if event_format == Format.CONFERENCE else 0
        ends_at = at(day + timedelta(days=days), min(hour + rng.randint(1, 3), 21))
    land = LAENDER[number % len(LAENDER)].code if mode != AttendanceMode.ONLINE else ""
    postal_code, city = SYNTHETIC_CITIES[land] if land else ("", "")
    is_free = number % 4 != 0
    cancelled = number % 25 == 0
    title = f"Testveranstaltung {number} (synthetisch)"
    return {
        "slug": slugify(title, max_length=90),
        "uid": new_uid(),
        "sequence": 1 if cancelled else 0,
        "title": title,
        "description": SYNTHETIC_DESCRIPTION,
        "description_html": html,
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
        "review": Review.VISIBLE,
        "creator_id": author_id,
        "series_id": None,
        "slot_date": None,
        "detached": False,
        "attendee_count": 0,
        "created_at": now,
        "updated_at": now,
    }
