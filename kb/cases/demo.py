"""Demo case studies, each with its first revision, a comment or two and likes.

Two kinds, kept apart on purpose. Cases about real authorities state only what the blog
post „Amt 2.0“ (2014, updated 2015) and its readers' comments say, as of that date: no
team size, no budget, no invented figures. Cases about the fictional authorities
(„fiktiv“, see kb/authorities/demo.py) carry invented figures so that comparison and
facets have something to show. All are marked as demo data.

Idempotent: a case whose slug exists is left alone with everything attached to it.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from kb.accounts.models import User
from kb.authorities.demo import JANUARY_2014, OCTOBER_2015
from kb.authorities.models import Authority, SocialAccount
from kb.cases.models import TEXT_SECTIONS, Budget, CaseRevision, CaseStudy, Status, TeamUnit
from kb.community import service as community
from kb.community.models import Comment
from kb.extensions import db
from kb.markdown import render_markdown
from kb.taxonomy.models import Platform, Topic
from kb.text import slugify
from kb.timeutil import utcnow

TARGET_TYPE = "case"

NOTE_REAL = (
    "\n\n*Demo-Fallstudie: Sie gibt nur wieder, was der Blogbeitrag „Amt 2.0“ "
    "(2014, aktualisiert 2015) und die Kommentare darunter berichten, Stand {when}. "
    "Heute kann es anders aussehen.*"
)
NOTE_FICTIONAL = "\n\n*Demo-Fallstudie: Die Behörde, die Personen und alle Zahlen sind erfunden.*"


@dataclass(frozen=True)
class DemoComment:
    author: str
    body: str
    days_ago: int
    replies: tuple[DemoComment, ...] = ()


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
    likes: tuple[str, ...] = ()
    comments: tuple[DemoComment, ...] = field(default_factory=tuple)

    @property
    def slug(self) -> str:
        return slugify(self.title, max_length=90)


LEGAL_REAL = """\
Die Quelle sagt dazu nur so viel: Die Autorin hält Facebook-Seiten von Behörden für
zulässig und widerspricht Datenschutzbeauftragten, die das pauschal verneinen. Im
Nachtrag von 2015 schreibt sie, dass klarstellende Gerichtsurteile die Bedenken weitgehend
ausgeräumt hätten.

| Frage | Antwort laut Quelle |
|---|---|
| Datenschutz-Folgenabschätzung | nicht bekannt |
| Vereinbarung zur gemeinsamen Verantwortlichkeit | nicht bekannt |
| Netiquette | nicht bekannt |
| Impressum auf der Plattform | nicht bekannt |

Zur Einordnung für heute: Die DSGVO gilt erst seit Mai 2018, und die gemeinsame
Verantwortlichkeit von Seitenbetreibern und Plattform hat der EuGH ebenfalls 2018
festgestellt. Was 2014 oder 2015 galt, reicht für einen Start heute nicht aus."""


DEMO_CASES = (
    DemoCase(
        title="Bundesministerien in sozialen Netzwerken: von 2014 bis 2015",
        authority="presse-und-informationsamt-der-bundesregierung",
        creator="Thomas Krüger",
        summary=(
            "Demo-Fallstudie nach dem Blogbeitrag „Amt 2.0“: Anfang 2014 waren nur wenige "
            "Bundesministerien auf Facebook oder Twitter zu finden, im Oktober 2015 fast "
            "alle, einschließlich des Bundespresseamts."
        ),
        goals="""\
Die Quelle nennt keine Ziele einzelner Ministerien. Sie begründet aber, warum sich der
Schritt lohnt: Facebook hatte im Januar 2014 laut destatis rund 27 Millionen Mitglieder
in Deutschland, also etwa ein Drittel der Bevölkerung. Wer dort nicht ist, verzichtet auf
eine Reichweite, die kein anderer Kanal einer Behörde bietet.""",
        approach="""\
Eine Erhebung gab es nicht, also hat die Autorin selbst nachgesehen: Sie hat Anfang 2014
in den Netzwerken gezählt, welche Bundesministerien dort einen Auftritt hatten, und im
Oktober 2015 in einem Nachtrag festgehalten, was sich seitdem getan hat.

Wie die einzelnen Häuser ihren Einstieg organisiert haben, beschreibt die Quelle nicht.""",
        results="""\
- **Januar 2014:** Von vierzehn Bundesministerien waren fünf auf Facebook erreichbar,
  darunter das Entwicklungsministerium (BMZ) und das Verteidigungsministerium, das über
  die Seite der Bundeswehr auftrat. Sieben hatten einen Twitter-Account.
- **Oktober 2015:** Alle Bundesministerien bis auf eines waren in sozialen Netzwerken
  aktiv, das Bundespresseamt beziehungsweise die Bundesregierung eingeschlossen. Das
  fehlende Haus war das Innenministerium, das laut Autorin daran arbeitete.

Welche Plattformen die Ministerien 2015 im Einzelnen nutzten, steht nicht in der
Quelle.""",
        challenges="""\
Die Quelle nennt für 2014 Hürden, die für viele Häuser galten:

- Datenschutzbeauftragte, die Facebook für Behörden grundsätzlich für unzulässig hielten
- Leitungen ohne eigene Erfahrung mit sozialen Netzwerken
- offene Fragen nach dem Mehrwert für Bürgerinnen und Bürger, nach dem Know-how und nach
  dem Personal, das ein Kanal bindet
- die Sorge vor Shitstorms

Auch aus der Politik kam kein Anstoß: Der Koalitionsvertrag von 2013 erwähnte soziale
Medien nur bei Cybermobbing und Datenschutz.""",
        success_conditions="""\
Für den Wandel bis 2015 nennt die Autorin vor allem drei Gründe: Gerichtsurteile, die die
Datenschutzfrage klärten, Leitungen, die Social Media inzwischen als Standard ansahen,
und günstigere Produktion (freie Bildquellen, Fotos und Videos mit dem Smartphone).""",
        lessons="""\
- Eine Bestandsaufnahme muss nicht perfekt sein, um etwas zu zeigen: Schon eine einfache
  Zählung machte sichtbar, wie weit die Bundesebene hinter Kommunen zurücklag.
- Der Wandel kam schnell, als die rechtliche Unsicherheit wegfiel. Das Personal blieb
  laut Quelle auch 2015 der Engpass.""",
        legal_notes=LEGAL_REAL,
        platforms=("facebook", "x-twitter"),
        topics=("strategie", "datenschutz-recht", "personal-organisation"),
        accounts=(("facebook", "Bundesregierung"),),
        start_year=2014,
        end_year=2015,
        results_measured_on=OCTOBER_2015,
        last_verified=OCTOBER_2015,
        published_days_ago=60,
        likes=("Katrin Hoffmann", "Lena Schulz"),
        comments=(
            DemoComment(
                "Lena Schulz",
                "Spannend als Ausgangspunkt für meine Studienarbeit: Gibt es für heute "
                "eine ähnliche Zählung? Im Zensus hier im Verzeichnis fehlt noch vieles.",
                40,
                replies=(
                    DemoComment(
                        "Thomas Krüger",
                        "Eine aktuelle Zählung kenne ich nicht. Genau dafür ist das "
                        "Verzeichnis da: Konten vorschlagen, Moderation prüft.",
                        39,
                    ),
                ),
            ),
        ),
    ),
    DemoCase(
        title="Bundesverwaltungsamt: neu auf Facebook im Januar 2014",
        authority="bundesverwaltungsamt",
        creator="Thomas Krüger",
        summary=(
            "Demo-Fallstudie nach dem Blogbeitrag „Amt 2.0“: Anfang 2014 war das "
            "Bundesverwaltungsamt ganz neu auf Facebook und damit eines von nur sieben "
            "der rund 50 Bundesämter dort."
        ),
        goals="""\
Ziele des Amts nennt die Quelle nicht. Als allgemeinen Grund für den Schritt nennt sie
die Reichweite: rund 27 Millionen Facebook-Mitglieder in Deutschland im Januar 2014.""",
        approach="""\
Über das Vorgehen im Amt berichtet die Quelle nichts. Sie hält nur fest, dass das
Bundesverwaltungsamt zu diesem Zeitpunkt gerade erst auf Facebook gestartet war. Die
Adresse der Seite nennt sie nicht; deshalb steht im Verzeichnis dazu kein Konto.""",
        results="""\
Stand Januar 2014 war das Bundesverwaltungsamt eines von sieben der rund 50 Bundesämter
mit einem Auftritt auf Facebook; ebenfalls sieben Bundesämter twitterten. Welche das
waren, nennt die Quelle nicht. Zahlen zu Reichweite oder Resonanz enthält sie nicht.""",
        challenges="""\
Für die Ebene der Bundesämter beschreibt die Quelle 2014 eine dünne Präsenz: Große
und mittlere Kommunen waren zahlenmäßig weiter. Als Gründe nennt sie allgemein
Datenschutzbedenken im eigenen Haus, fehlende Erfahrung der Leitungen, offene
Personalfragen und die Angst vor Shitstorms.""",
        success_conditions="""\
Was dem Amt den Schritt ermöglicht hat, steht nicht in der Quelle. Sie nennt allgemein:
eine Antwort auf die Frage nach dem Mehrwert für die Bürgerinnen und Bürger, das nötige
Wissen im Haus und Personal für den Kanal.""",
        lessons="""\
Für andere Bundesämter zeigt der Fall vor allem, dass der Schritt auch 2014 schon möglich
war, obwohl fast alle Ämter dieser Ebene noch abwarteten. Wer heute einen Fall über den
Start eines Bundesamts dokumentieren kann, ergänzt ihn gern mit eigenen Zahlen.""",
        legal_notes=LEGAL_REAL,
        platforms=("facebook",),
        topics=("strategie",),
        results_measured_on=JANUARY_2014,
        last_verified=JANUARY_2014,
        published_days_ago=55,
        likes=("Jonas Weber",),
    ),
    DemoCase(
        title="Stadt Nürnberg: ein Twitter-Kanal und die Frage nach dem Personal",
        authority="stadt-nuernberg",
        creator="Lena Schulz",
        summary=(
            "Demo-Fallstudie nach dem Blogbeitrag „Amt 2.0“ und einem Leserkommentar aus "
            "der Stadtverwaltung: Nürnberg galt 2014 mit @nuernberg_de als gutes Beispiel; "
            "der Engpass war nicht die Offenheit, sondern das Personal."
        ),
        goals="""\
Der Kommentar aus der Stadtverwaltung nennt keine formulierten Ziele. Er macht aber den
Anspruch deutlich: Ein amtlicher Kanal soll nur betrieben werden, wenn er ordentlich
gepflegt werden kann.""",
        approach="""\
Laut Kommentar betreute Anfang 2014 eine Person die Online-Redaktion und zugleich den
Bereich Social Media; sie war damals seit etwa einem Dreivierteljahr bei der Stadt. Die
Stadt twitterte als @nuernberg_de.""",
        results="""\
Der Blogbeitrag nennt die Stadt Nürnberg Anfang 2014 als eines der guten Beispiele für
Behörden in sozialen Medien, und der Twitter-Kanal wurde dafür gelobt. Zahlen zu
Followern oder Resonanz enthält die Quelle nicht.""",
        challenges="""\
Nach dem Kommentar fehlte es nicht an Offenheit im Amt, sondern an Personal, vor allem
für die Abstimmung zwischen den Ämtern. Neue Stellen werden in der Verwaltung erst nach
längerer Zeit geschaffen und bewilligt.""",
        success_conditions="""\
Eine Verwaltung, die sozialen Medien gegenüber offen ist, und genug Personal, um den
Kanal dauerhaft zu pflegen, auch für die interne Abstimmung zwischen den Ämtern.""",
        lessons="""\
Der Grundsatz aus dem Kommentar lässt sich übertragen: lieber abwarten, als einen
Kanal schlecht zu pflegen. Ein verwaister Account schadet mehr als keiner.""",
        legal_notes=LEGAL_REAL,
        platforms=("x-twitter",),
        topics=("personal-organisation", "strategie"),
        accounts=(("x-twitter", "nuernberg_de"),),
        team_unit=TeamUnit.OTHER,
        team_note="Online-Redaktion, die auch Social Media betreut (Stand Anfang 2014)",
        results_measured_on=JANUARY_2014,
        last_verified=JANUARY_2014,
        published_days_ago=50,
        likes=("Katrin Hoffmann", "Jonas Weber"),
        comments=(
            DemoComment(
                "Jonas Weber",
                "Kenne ich genau so: Redaktion und Social Media in einer Person. Die "
                "Abstimmung mit den Fachämtern frisst die meiste Zeit.",
                45,
            ),
        ),
    ),
    DemoCase(
        title="Stadt Erlangen: viele Ämter, viele Kanäle und ein Newsroom",
        authority="stadt-erlangen",
        creator="Lena Schulz",
        summary=(
            "Demo-Fallstudie nach einem Leserkommentar zum Blogbeitrag „Amt 2.0“: In "
            "Erlangen nutzten viele Ämter Twitter und Facebook als Teil der "
            "Kommunikationsstrategie, gebündelt in einer Übersicht."
        ),
        goals="""\
Laut Kommentar sind soziale Medien Teil der Kommunikationsstrategie der Stadt. Das
Leitwort ist der Mehrwert für die Menschen, die den Kanälen folgen.""",
        approach="""\
Nicht eine zentrale Stelle, sondern viele Ämter der Stadt waren aktiv, überwiegend auf
Twitter und Facebook. Welche Ämter dabei waren, zeigte eine Übersicht im Newsroom auf
der Website der Stadt. Die Stadtverwaltung selbst war als erlangen_de auf Twitter und
mit der Seite Stadtverwaltung.Erlangen auf Facebook zu finden.""",
        results="""\
Social Media war nach dem Kommentar in vielen Ämtern angekommen und wurde aktiv genutzt.
Zahlen nennt die Quelle nicht.""",
        challenges="""\
Die Quelle nennt für Erlangen keine besonderen Schwierigkeiten. Wer viele Ämter selbst
posten lässt, muss allerdings dafür sorgen, dass man die Kanäle findet; dafür war die
Übersicht im Newsroom da.""",
        success_conditions="""\
Der Kommentar fasst es so zusammen: Wo der Wille ist, findet sich auch ein Account. Dazu
kam die Einbettung in eine Kommunikationsstrategie statt einzelner Versuche.""",
        lessons="""\
- Eine öffentliche Übersicht aller Kanäle hilft Bürgerinnen und Bürgern und zeigt der
  eigenen Verwaltung, wer schon dabei ist.
- Der Austausch mit den Nachbarn gehört dazu: Der Kommentar grüßt ausdrücklich die
  Kolleginnen und Kollegen aus Nürnberg.""",
        legal_notes=LEGAL_REAL,
        platforms=("x-twitter", "facebook"),
        topics=("strategie", "redaktion-formate"),
        accounts=(("x-twitter", "erlangen_de"), ("facebook", "Stadtverwaltung.Erlangen")),
        results_measured_on=JANUARY_2014,
        last_verified=JANUARY_2014,
        published_days_ago=48,
        likes=("Aylin Demir",),
    ),
    DemoCase(
        title="Musterstadt: Krisenkommunikation beim Hochwasser (fiktiv)",
        authority="stadt-musterstadt-fiktiv",
        creator="Katrin Hoffmann",
        summary=(
            "Demo-Fallstudie einer erfundenen Stadt: Während eines Hochwassers informierte "
            "die Pressestelle eine Woche lang rund um die Uhr auf vier Kanälen und "
            "beantwortete über tausend Nachrichten."
        ),
        goals="""\
- Warnungen und Sperrungen innerhalb von 15 Minuten nach der Lagebesprechung auf allen
  Kanälen veröffentlichen
- Fragen aus der Bevölkerung am selben Tag beantworten, auch nachts und am Wochenende
- Falschmeldungen früh erkennen und richtigstellen""",
        approach="""\
Die Pressestelle hatte schon vorher einen Krisenplan mit Textbausteinen, Freigabewegen
und einer Rufbereitschaft. Im Ernstfall saß eine Person aus dem Social-Media-Team im
Krisenstab, zwei weitere arbeiteten im Schichtbetrieb im Rathaus.

1. Jede Lagemeldung ging zuerst auf die Website, dann mit Link auf Facebook, Instagram,
   Mastodon und YouTube (kurze Videos der Feuerwehr).
2. Direktnachrichten wurden nach Dringlichkeit sortiert; Notfälle gingen sofort an die
   Leitstelle, alles andere bekam eine Antwort mit Link.
3. Gerüchte wurden gesammelt und einmal am Tag in einem Beitrag „Was stimmt?“
   beantwortet.""",
        results="""\
| Kennzahl | Wert |
|---|---|
| Beiträge in sieben Tagen | 96 |
| Reichweite (Impressionen, alle Kanäle) | 1,9 Mio. |
| beantwortete Direktnachrichten | 1.240 |
| mittlere Antwortzeit | 38 Minuten |
| richtiggestellte Falschmeldungen | 11 |

Gemessen am 30. Juni 2024, eine Woche nach dem Ende der Lage. Die Zahl der Abonnements
auf Facebook stieg in der Woche von 48.300 auf 53.100.""",
        challenges="""\
- Die Rufbereitschaft war nur für zwei Tage geplant; ab dem dritten Tag fehlten Leute,
  Kolleginnen aus anderen Ämtern mussten erst eingewiesen werden.
- Ein Video mit einer falschen Straßenangabe blieb 40 Minuten online, bevor es jemand
  bemerkte.
- Der X-Account war seit Ende 2023 eingestellt; einige Medien suchten dort vergeblich
  nach Meldungen.""",
        success_conditions="""\
- ein Krisenplan, der vorher geübt wurde, mit festen Freigaben
- ein Platz im Krisenstab für das Social-Media-Team
- eine Hausleitung, die schnelle Veröffentlichung ohne Einzelabstimmung erlaubt""",
        lessons="""\
- Rufbereitschaft für mindestens eine Woche planen und Vertretungen vorher schulen.
- Vor jeder Veröffentlichung das Vier-Augen-Prinzip, auch unter Zeitdruck.
- Wer einen Kanal einstellt, sollte dort dauerhaft sagen, wo die Meldungen jetzt stehen.""",
        legal_notes="""\
- **Datenschutz-Folgenabschätzung:** ja, 2019 für alle Kanäle, jährlich überprüft.
- **Gemeinsame Verantwortlichkeit:** Die Ergänzungsvereinbarung des Plattformbetreibers
  zu den Seiten-Statistiken ist abgeschlossen und in der Datenschutzerklärung verlinkt.
- **Netiquette:** ja, auf jedem Kanal verlinkt; sie regelt, wann Kommentare verborgen
  werden.
- **Impressum:** ja, auf jedem Profil über einen Link zum Impressum der Website.""",
        platforms=("facebook", "instagram", "mastodon", "youtube"),
        topics=("krisenkommunikation", "buergerservice", "personal-organisation"),
        accounts=(
            ("facebook", "musterstadt.fiktiv"),
            ("instagram", "musterstadt_fiktiv"),
            ("mastodon", "@musterstadt_fiktiv@mastodon.social"),
            ("youtube", "@musterstadt_fiktiv"),
        ),
        start_year=2024,
        end_year=2024,
        team_fte=Decimal("2.5"),
        team_unit=TeamUnit.PRESS_OFFICE,
        team_note="Social-Media-Team in der Pressestelle, im Krisenfall im Krisenstab",
        budget=Budget.FROM_10K,
        results_measured_on=date(2024, 6, 30),
        dpia_done=True,
        joint_controller_agreement=True,
        netiquette=True,
        imprint=True,
        contact_name="Katrin Hoffmann (fiktiv)",
        contact_email="k.hoffmann@musterstadt.example.org",
        published_days_ago=30,
        likes=("Jonas Weber", "Aylin Demir", "Thomas Krüger"),
        comments=(
            DemoComment(
                "Jonas Weber",
                "Die Tabelle mit den Antwortzeiten nehme ich mit in unsere nächste "
                "Besprechung. Wie habt ihr die Schichten nachts besetzt?",
                20,
                replies=(
                    DemoComment(
                        "Katrin Hoffmann",
                        "Nachts eine Person in Rufbereitschaft, die nur Notfälle weitergibt. "
                        "Alles andere wurde morgens ab sechs beantwortet.",
                        19,
                    ),
                ),
            ),
        ),
    ),
    DemoCase(
        title="Stadtwerke Musterstadt: Störungsmeldungen per WhatsApp-Kanal (fiktiv)",
        authority="stadtwerke-musterstadt-fiktiv",
        creator="Aylin Demir",
        summary=(
            "Demo-Fallstudie eines erfundenen Versorgers: Die Stadtwerke melden Störungen "
            "bei Strom, Wasser und Bus über einen WhatsApp-Kanal und Instagram und haben "
            "dafür die Facebook-Seite aufgegeben."
        ),
        goals="""\
- Kundinnen und Kunden bei Störungen schneller erreichen als über die Website
- die Telefon-Hotline bei großen Störungen entlasten
- mit einem kleinen Team auskommen""",
        approach="""\
Seit 2021 gibt es einen WhatsApp-Kanal nur für Störungen und Bauarbeiten. Meldungen
kommen aus der Leitwarte als Textbaustein und werden vom Social-Media-Team ergänzt und
veröffentlicht. Instagram dient für Hintergründe und Stellenanzeigen. Die Facebook-Seite
wurde Mitte 2022 eingestellt, weil dort kaum noch jemand reagierte.""",
        results="""\
| Kennzahl | Wert |
|---|---|
| Abonnements des WhatsApp-Kanals | 14.800 |
| Störungsmeldungen im Jahr | 212 |
| Anrufe bei der Hotline je großer Störung | von etwa 900 auf 520 |
| mittlere Zeit von der Störung bis zur Meldung | 22 Minuten |

Gemessen am 31. Dezember 2024 für das Kalenderjahr 2024.""",
        challenges="""\
- Über den Kanal können Kundinnen und Kunden nicht antworten; manche schrieben deshalb
  über Instagram, wo Anfragen zu Vertragsdaten nichts zu suchen haben.
- Nachts und am Wochenende lief die Veröffentlichung anfangs nur, wenn jemand zufällig
  erreichbar war.""",
        success_conditions="""\
- eine direkte Leitung zur Leitwarte, die Meldungen als fertigen Baustein liefert
- eine klare Regel, welche Anfragen auf sichere Kontaktwege umgeleitet werden
- Rufbereitschaft, die Social Media ausdrücklich einschließt""",
        lessons="""\
Ein Kanal, der nur eine Sache gut macht, wird abonniert. Und ein Kanal, den niemand mehr
liest, darf enden, wenn man es ankündigt und sagt, wo es weitergeht.""",
        legal_notes="""\
- **Datenschutz-Folgenabschätzung:** ja, vor dem Start des WhatsApp-Kanals 2021.
- **Gemeinsame Verantwortlichkeit:** für Instagram die Ergänzungsvereinbarung zu den
  Statistiken; für den WhatsApp-Kanal nach Prüfung durch den Datenschutz nicht nötig, da
  keine Nachrichten empfangen werden.
- **Netiquette:** ja, für Instagram.
- **Impressum:** ja, verlinkt in beiden Profilen.""",
        platforms=("whatsapp", "instagram", "facebook"),
        topics=("buergerservice", "datenschutz-recht"),
        accounts=(
            ("whatsapp", "Stadtwerke Musterstadt (fiktiv)"),
            ("instagram", "stadtwerke_musterstadt_fiktiv"),
            ("facebook", "stadtwerke.musterstadt.fiktiv"),
        ),
        start_year=2021,
        team_fte=Decimal("1.5"),
        team_unit=TeamUnit.CITIZEN_SERVICE,
        team_note="im Kundenservice, eng verbunden mit der Leitwarte",
        budget=Budget.UNDER_10K,
        results_measured_on=date(2024, 12, 31),
        dpia_done=True,
        joint_controller_agreement=True,
        netiquette=True,
        imprint=True,
        published_days_ago=25,
        likes=("Katrin Hoffmann",),
    ),
    DemoCase(
        title="Beispielkreis: Netiquette, Moderationsdienst und der Wechsel von X (fiktiv)",
        authority="kreisverwaltung-beispielkreis-fiktiv",
        creator="Jonas Weber",
        summary=(
            "Demo-Fallstudie eines erfundenen Landkreises: Nach einer Welle von "
            "Hasskommentaren führte die Kreisverwaltung eine Netiquette und einen "
            "Moderationsdienst ein und zog von X zu Mastodon um."
        ),
        goals="""\
- Hasskommentare innerhalb eines Arbeitstags verbergen oder melden
- Diskussionen offen halten, ohne dass sich Betroffene zurückziehen
- Entscheidungen so dokumentieren, dass sie auch vor Gericht bestehen""",
        approach="""\
Nach einer Welle von Kommentaren zu einer Unterkunft für Geflüchtete im Herbst 2022
schrieb das Team eine Netiquette und stimmte sie mit dem Rechtsamt ab. Seitdem gibt es
einen Moderationsdienst: Werktags sieht eine Person zweimal täglich alle Kommentare
durch, strafbare Inhalte werden gesichert und angezeigt. Im Februar 2023 beendete der
Kreis seinen X-Account und startete auf Mastodon.""",
        results="""\
| Kennzahl | 2022 | 2024 |
|---|---|---|
| verborgene Kommentare im Jahr | 610 | 180 |
| Strafanzeigen | 14 | 3 |
| mittlere Zeit bis zur Moderation | 19 Stunden | 4 Stunden |

Gemessen am 15. Januar 2025 für die Kalenderjahre 2022 und 2024. Der Mastodon-Account
hatte zu diesem Tag 2.100 Folgende, der X-Account hatte bei seinem Ende 6.900.""",
        challenges="""\
- Nur ein halbes Stellenäquivalent für alles; Urlaub und Krankheit reißen Lücken.
- Die Beweissicherung (Screenshots mit Zeitstempel) war anfangs uneinheitlich, zwei
  Anzeigen wurden deshalb eingestellt.
- Der Wechsel von X kostete Reichweite; die Presse folgte nur zum Teil.""",
        success_conditions="""\
- eine Netiquette, auf die man sich bei jeder Entscheidung berufen kann
- Rückendeckung der Hausleitung für das Verbergen und Anzeigen
- eine feste Vorlage für die Beweissicherung""",
        lessons="""\
Moderation ist Arbeit, die man planen muss wie jede andere: mit Zeiten, Vertretung und
Vorlagen. Eine Netiquette hilft erst, wenn sie auch angewandt und dokumentiert wird.""",
        legal_notes="""\
- **Datenschutz-Folgenabschätzung:** ja, 2023 beim Start auf Mastodon.
- **Gemeinsame Verantwortlichkeit:** für Facebook und Instagram abgeschlossen; auf
  Mastodon nicht nötig, der Kreis nutzt eine Instanz ohne Statistik-Auswertung.
- **Netiquette:** ja, seit 2022, mit dem Rechtsamt abgestimmt.
- **Impressum:** ja, auf allen Profilen verlinkt.""",
        platforms=("facebook", "instagram", "mastodon", "x-twitter"),
        topics=("hate-speech-moderation", "krisenkommunikation", "datenschutz-recht"),
        accounts=(
            ("facebook", "beispielkreis.fiktiv"),
            ("instagram", "beispielkreis_fiktiv"),
            ("mastodon", "@beispielkreis_fiktiv@mastodon.social"),
            ("x-twitter", "bkreis_fiktiv"),
        ),
        start_year=2022,
        team_fte=Decimal("0.5"),
        team_unit=TeamUnit.COMMUNICATION,
        team_note="Online-Redaktion im Büro des Landrats",
        budget=Budget.NONE,
        results_measured_on=date(2025, 1, 15),
        dpia_done=True,
        joint_controller_agreement=True,
        netiquette=True,
        imprint=True,
        contact_name="Jonas Weber (fiktiv)",
        contact_email="j.weber@beispielkreis.example.org",
        published_days_ago=18,
        likes=("Katrin Hoffmann", "Lena Schulz"),
        comments=(
            DemoComment(
                "Aylin Demir",
                "Die Vorlage für die Beweissicherung würde uns sehr helfen. Teilt ihr sie?",
                10,
                replies=(
                    DemoComment(
                        "Jonas Weber",
                        "Gern, ich stelle sie als Praxiswissen-Eintrag ein.",
                        9,
                    ),
                ),
            ),
        ),
    ),
    DemoCase(
        title="Bundesamt für Musterverwaltung: der erste Kanal (fiktiv)",
        authority="bundesamt-fuer-musterverwaltung-fiktiv",
        creator="Thomas Krüger",
        summary=(
            "Demo-Fallstudie eines erfundenen Bundesamts: Mit einer "
            "Datenschutz-Folgenabschätzung vorweg startete das Amt 2024 auf LinkedIn und "
            "2025 auf Mastodon, zuerst für die Suche nach Personal."
        ),
        goals="""\
- Fachkräfte erreichen, die das Amt nicht kennen
- einen zweiten Kanal ohne Tracking für alle anbieten, die kommerzielle Netzwerke
  meiden
- den Datenschutzbeauftragten von Anfang an einbinden""",
        approach="""\
Zuerst kam die Datenschutz-Folgenabschätzung, dann der Kanal. Das Referat
Öffentlichkeitsarbeit schrieb sie gemeinsam mit dem Datenschutzbeauftragten; sie dauerte
drei Monate. Gestartet wurde im Oktober 2024 auf LinkedIn mit Stellenanzeigen und
Einblicken in die Arbeit, im März 2025 folgte Mastodon.""",
        results="""\
| Kennzahl | Wert |
|---|---|
| Folgende auf LinkedIn | 3.400 |
| Folgende auf Mastodon | 850 |
| Bewerbungen mit Hinweis „über LinkedIn“ | 62 |

Gemessen am 30. September 2025, ein Jahr nach dem Start.""",
        challenges="""\
- Die Abstimmung der Folgenabschätzung dauerte länger als geplant.
- Beiträge gingen anfangs durch vier Freigabestufen und kamen oft zu spät.""",
        success_conditions="""\
- der Datenschutzbeauftragte als Partner, nicht als Prüfer am Ende
- eine verkürzte Freigabe für Routinebeiträge, die die Leitung vorab erteilt hat""",
        lessons="""\
Die Folgenabschätzung hat Zeit gekostet, aber jede spätere Diskussion abgekürzt. Mit
einem Kanal anzufangen, der ein klares Ziel hat (hier: Personal), macht den Erfolg
messbar.""",
        legal_notes="""\
- **Datenschutz-Folgenabschätzung:** ja, vor dem Start, mit dem Datenschutzbeauftragten.
- **Gemeinsame Verantwortlichkeit:** für LinkedIn die Vereinbarung des Betreibers zu den
  Seiten-Statistiken geprüft und abgeschlossen.
- **Netiquette:** ja, auf beiden Profilen verlinkt.
- **Impressum:** ja, auf beiden Profilen verlinkt.""",
        platforms=("linkedin", "mastodon"),
        topics=("datenschutz-recht", "strategie", "personal-organisation"),
        accounts=(
            ("linkedin", "musterverwaltung-fiktiv"),
            ("mastodon", "@musterverwaltung_fiktiv@mastodon.social"),
        ),
        start_year=2024,
        team_fte=Decimal("1.0"),
        team_unit=TeamUnit.COMMUNICATION,
        team_note="Referat Öffentlichkeitsarbeit",
        budget=Budget.UNDER_10K,
        results_measured_on=date(2025, 9, 30),
        dpia_done=True,
        joint_controller_agreement=True,
        netiquette=True,
        imprint=True,
        published_days_ago=7,
        likes=("Lena Schulz",),
    ),
)


def load_cases(today: date | None = None) -> int:
    """Create the demo case studies that are missing; returns how many were created."""
    today = today or date.today()
    users = {
        user.display_name: user for user in db.session.scalars(select(User).where(User.is_demo))
    }
    topics = {topic.slug: topic for topic in db.session.scalars(select(Topic))}
    platforms = {platform.slug: platform for platform in db.session.scalars(select(Platform))}
    now = utcnow()
    created = 0
    for spec in DEMO_CASES:
        creator = users.get(spec.creator)
        authority = db.session.scalar(select(Authority).where(Authority.slug == spec.authority))
        if creator is None or authority is None:
            continue
        if db.session.scalar(select(CaseStudy.id).where(CaseStudy.slug == spec.slug)):
            continue
        published_at = now - timedelta(days=spec.published_days_ago)
        texts = _texts(spec)
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
        _load_community(case, spec, users)
        created += 1
    db.session.flush()
    return created


def _texts(spec: DemoCase) -> dict[str, str]:
    texts = {"title": spec.title, "summary": spec.summary}
    texts.update({name: getattr(spec, name) for name in TEXT_SECTIONS})
    fictional = "(fiktiv)" in spec.title
    when = f"{spec.results_measured_on:%d.%m.%Y}" if spec.results_measured_on else "2014/2015"
    texts["results"] += NOTE_FICTIONAL if fictional else NOTE_REAL.format(when=when)
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


def _load_community(case: CaseStudy, spec: DemoCase, users: dict[str, User]) -> None:
    for name in spec.likes:
        if name in users:
            community.set_like(TARGET_TYPE, case.id, case, users[name], True)
    for comment in spec.comments:
        parent = _comment(case, comment, users, None)
        for reply in comment.replies:
            if parent is not None:
                _comment(case, reply, users, parent.id)


def _comment(
    case: CaseStudy, spec: DemoComment, users: dict[str, User], parent_id: int | None
) -> Comment | None:
    author = users.get(spec.author)
    if author is None:
        return None
    comment, _ = community.create_comment(
        TARGET_TYPE, case.id, case, author, spec.body, secrets.token_hex(16), parent_id
    )
    # Dated back, so the thread reads in order and after the case was published.
    comment.created_at = utcnow() - timedelta(days=spec.days_ago)
    return comment
