"""Demo content for the Praxiswissen section: best-practice entries with history and discussion.

Pure data, loaded idempotently by the demo command (each entry is found by its "key").
All people, figures and quotes belong to invented bodies such as the "Stadt Musterstadt",
the "Kreisverwaltung Beispielkreis", the "Stadtwerke Musterstadt" or the "Bundesamt für
Musterverwaltung". Real authorities appear only as examples named in the public debate of
2014/2015, without invented figures.

Shape of each entry: "body" is the current version; "revisions" lists earlier versions, oldest
first; "days_ago" and "published_days_ago" count back from the day the demo is loaded; drafts
have "published_days_ago" None.
"""

DEMO_ARTICLES: list[dict] = [
    {
        "key": "facebook-seite-datenschutz",
        "title": "Darf eine Behörde eine Facebook-Seite betreiben?",
        "summary": (
            "Kein pauschales Verbot, aber viele offene Fragen: was Sie zu gemeinsamer "
            "Verantwortlichkeit, Datenschutz-Folgenabschätzung, Datenschutzhinweisen und Impressum "
            "mit Ihrem Datenschutz klären sollten."
        ),
        "body": """\
## Kurz gesagt

Viele Behörden betreiben Facebook-Seiten, ein pauschales Verbot gibt es nicht. Ob der Betrieb
datenschutzrechtlich sauber ist, wird aber seit Jahren kontrovers diskutiert. Dieser Beitrag ist
keine Rechtsberatung. Er ordnet die Fragen, die Sie mit Ihrer oder Ihrem behördlichen
Datenschutzbeauftragten und dem Justiziariat klären sollten, bevor die Seite online geht.

## Warum das Thema nicht erledigt ist

Mitte der 2010er-Jahre galt die Frage vielen in der Szene als ausgestanden. Seitdem hat sich die
Lage verschoben:

- Der Europäische Gerichtshof hat 2018 entschieden, dass Betreiber einer Fanpage gemeinsam mit
  dem Plattformbetreiber für die Verarbeitung der Besucherdaten verantwortlich sind.
- Das Bundesverwaltungsgericht hat 2019 bestätigt, dass sich die Aufsicht auch an den
  Seitenbetreiber wenden kann.
- Die Datenschutzkonferenz (DSK) und der Bundesbeauftragte für den Datenschutz (BfDI) sehen den
  Betrieb von Fanpages durch öffentliche Stellen kritisch; einzelne Anordnungen wurden vor
  Gericht gebracht.

> Prüfen Sie vor Ihrer Entscheidung den aktuellen Stand. Rechtsprechung und Positionen der
> Aufsichtsbehörden entwickeln sich weiter.

## Was Sie klären sollten

### Gemeinsame Verantwortlichkeit (Art. 26 DSGVO)

Meta stellt Seitenbetreibern eine Ergänzungsvereinbarung zu den Seiten-Insights bereit. Laden Sie
die jeweils gültige Fassung herunter, legen Sie sie zu den Akten und lassen Sie bewerten, ob sie
aus Sicht Ihres Hauses ausreicht. Die Aufsichtsbehörden haben daran Zweifel geäußert.

### Zweck und Rechtsgrundlage

Halten Sie schriftlich fest, welche Aufgabe die Seite erfüllt, etwa Information der
Öffentlichkeit oder Hinweise bei Störungen. Öffentliche Stellen stützen sich in der Regel auf ihre
gesetzliche Aufgabe (Art. 6 Abs. 1 Buchst. e DSGVO) in Verbindung mit dem einschlägigen Fachrecht.

### Datenschutz-Folgenabschätzung (Art. 35 DSGVO)

Ob eine DSFA Pflicht ist, ergibt sich aus Ihrer Risikobewertung. Viele Häuser führen sie
vorsorglich durch. Beschreiben Sie Datenflüsse, Risiken und Gegenmaßnahmen: keine bezahlten
Anzeigen mit Zielgruppen-Abgleich, kein Meta-Pixel auf der eigenen Website, Statistiken nur
aggregiert auswerten.

### Transparenz und Alternativen

Verlinken Sie im Infobereich eigene Datenschutzhinweise für die Seite (Art. 13 DSGVO). Bieten Sie
jede Information und jede Leistung auch außerhalb von Facebook an, etwa auf Ihrer Website, per
E-Mail oder Telefon. Niemand darf gezwungen sein, ein Konto anzulegen, um Sie zu erreichen.

### Impressum

Die Anbieterkennzeichnung richtet sich heute nach § 5 Digitale-Dienste-Gesetz (früher § 5 TMG).
Üblich ist ein klar benannter Link auf das Impressum Ihrer Website im Infobereich der Seite.

## Checkliste

| Schritt | Zuständig |
|---|---|
| Zweck und Zielgruppen festhalten | Pressestelle |
| Vereinbarung nach Art. 26 DSGVO ablegen | Pressestelle, Datenschutz |
| DSFA oder dokumentierte Vorprüfung | Datenschutz |
| Datenschutzhinweise und Impressum verlinken | Pressestelle |
| Netiquette veröffentlichen | Pressestelle |
| Rechtslage einmal im Jahr neu prüfen | Justiziariat |

Weiterlesen: [Informationen des BfDI](https://www.bfdi.bund.de) und
[Datenschutzkonferenz](https://www.datenschutzkonferenz-online.de)
""",
        "topics": ["datenschutz-recht", "strategie"],
        "platforms": ["facebook", "instagram"],
        "author": "Thomas Krüger",
        "coauthors": [],
        "status": "published",
        "published_days_ago": 390,
        "revisions": [
            {
                "author": "Thomas Krüger",
                "days_ago": 390,
                "note": "Erste Fassung",
                "title": "Darf eine Behörde eine Facebook-Seite betreiben?",
                "summary": (
                    "Kein pauschales Verbot, aber viele offene Fragen: was Sie zu gemeinsamer "
                    "Verantwortlichkeit, Datenschutzhinweisen und Impressum klären sollten."
                ),
                "body": """\
## Kurz gesagt

Viele Behörden betreiben Facebook-Seiten, ein pauschales Verbot gibt es nicht. Ob der Betrieb
datenschutzrechtlich sauber ist, wird aber seit Jahren kontrovers diskutiert. Dieser Beitrag ist
keine Rechtsberatung. Er ordnet die Fragen, die Sie mit Ihrer oder Ihrem behördlichen
Datenschutzbeauftragten und dem Justiziariat klären sollten, bevor die Seite online geht.

## Warum das Thema nicht erledigt ist

Mitte der 2010er-Jahre galt die Frage vielen in der Szene als ausgestanden. Seitdem hat sich die
Lage verschoben:

- Der Europäische Gerichtshof hat 2018 entschieden, dass Betreiber einer Fanpage gemeinsam mit
  dem Plattformbetreiber für die Verarbeitung der Besucherdaten verantwortlich sind.
- Das Bundesverwaltungsgericht hat 2019 bestätigt, dass sich die Aufsicht auch an den
  Seitenbetreiber wenden kann.
- Die Datenschutzkonferenz (DSK) und der Bundesbeauftragte für den Datenschutz (BfDI) sehen den
  Betrieb von Fanpages durch öffentliche Stellen kritisch; einzelne Anordnungen wurden vor
  Gericht gebracht.

> Prüfen Sie vor Ihrer Entscheidung den aktuellen Stand. Rechtsprechung und Positionen der
> Aufsichtsbehörden entwickeln sich weiter.

## Was Sie klären sollten

### Gemeinsame Verantwortlichkeit (Art. 26 DSGVO)

Meta stellt Seitenbetreibern eine Ergänzungsvereinbarung zu den Seiten-Insights bereit. Laden Sie
die jeweils gültige Fassung herunter, legen Sie sie zu den Akten und lassen Sie bewerten, ob sie
aus Sicht Ihres Hauses ausreicht. Die Aufsichtsbehörden haben daran Zweifel geäußert.

### Zweck und Rechtsgrundlage

Halten Sie schriftlich fest, welche Aufgabe die Seite erfüllt, etwa Information der
Öffentlichkeit oder Hinweise bei Störungen. Öffentliche Stellen stützen sich in der Regel auf ihre
gesetzliche Aufgabe (Art. 6 Abs. 1 Buchst. e DSGVO) in Verbindung mit dem einschlägigen Fachrecht.

### Transparenz und Alternativen

Verlinken Sie im Infobereich eigene Datenschutzhinweise für die Seite (Art. 13 DSGVO). Bieten Sie
jede Information und jede Leistung auch außerhalb von Facebook an, etwa auf Ihrer Website, per
E-Mail oder Telefon. Niemand darf gezwungen sein, ein Konto anzulegen, um Sie zu erreichen.

### Impressum

Die Anbieterkennzeichnung richtet sich nach § 5 TMG.
Üblich ist ein klar benannter Link auf das Impressum Ihrer Website im Infobereich der Seite.

## Checkliste

| Schritt | Zuständig |
|---|---|
| Zweck und Zielgruppen festhalten | Pressestelle |
| Vereinbarung nach Art. 26 DSGVO ablegen | Pressestelle, Datenschutz |
| Datenschutzhinweise und Impressum verlinken | Pressestelle |
| Netiquette veröffentlichen | Pressestelle |
| Rechtslage einmal im Jahr neu prüfen | Justiziariat |

Weiterlesen: [Informationen des BfDI](https://www.bfdi.bund.de)
""",
            },
            {
                "author": "Thomas Krüger",
                "days_ago": 260,
                "note": "Abschnitt zur Datenschutz-Folgenabschätzung ergänzt, Checkliste erweitert",
                "title": "Darf eine Behörde eine Facebook-Seite betreiben?",
                "summary": (
                    "Kein pauschales Verbot, aber viele offene Fragen: was Sie zu gemeinsamer "
                    "Verantwortlichkeit, Datenschutz-Folgenabschätzung, Datenschutzhinweisen und "
                    "Impressum mit Ihrem Datenschutz klären sollten."
                ),
                "body": """\
## Kurz gesagt

Viele Behörden betreiben Facebook-Seiten, ein pauschales Verbot gibt es nicht. Ob der Betrieb
datenschutzrechtlich sauber ist, wird aber seit Jahren kontrovers diskutiert. Dieser Beitrag ist
keine Rechtsberatung. Er ordnet die Fragen, die Sie mit Ihrer oder Ihrem behördlichen
Datenschutzbeauftragten und dem Justiziariat klären sollten, bevor die Seite online geht.

## Warum das Thema nicht erledigt ist

Mitte der 2010er-Jahre galt die Frage vielen in der Szene als ausgestanden. Seitdem hat sich die
Lage verschoben:

- Der Europäische Gerichtshof hat 2018 entschieden, dass Betreiber einer Fanpage gemeinsam mit
  dem Plattformbetreiber für die Verarbeitung der Besucherdaten verantwortlich sind.
- Das Bundesverwaltungsgericht hat 2019 bestätigt, dass sich die Aufsicht auch an den
  Seitenbetreiber wenden kann.
- Die Datenschutzkonferenz (DSK) und der Bundesbeauftragte für den Datenschutz (BfDI) sehen den
  Betrieb von Fanpages durch öffentliche Stellen kritisch; einzelne Anordnungen wurden vor
  Gericht gebracht.

> Prüfen Sie vor Ihrer Entscheidung den aktuellen Stand. Rechtsprechung und Positionen der
> Aufsichtsbehörden entwickeln sich weiter.

## Was Sie klären sollten

### Gemeinsame Verantwortlichkeit (Art. 26 DSGVO)

Meta stellt Seitenbetreibern eine Ergänzungsvereinbarung zu den Seiten-Insights bereit. Laden Sie
die jeweils gültige Fassung herunter, legen Sie sie zu den Akten und lassen Sie bewerten, ob sie
aus Sicht Ihres Hauses ausreicht. Die Aufsichtsbehörden haben daran Zweifel geäußert.

### Zweck und Rechtsgrundlage

Halten Sie schriftlich fest, welche Aufgabe die Seite erfüllt, etwa Information der
Öffentlichkeit oder Hinweise bei Störungen. Öffentliche Stellen stützen sich in der Regel auf ihre
gesetzliche Aufgabe (Art. 6 Abs. 1 Buchst. e DSGVO) in Verbindung mit dem einschlägigen Fachrecht.

### Datenschutz-Folgenabschätzung (Art. 35 DSGVO)

Ob eine DSFA Pflicht ist, ergibt sich aus Ihrer Risikobewertung. Viele Häuser führen sie
vorsorglich durch. Beschreiben Sie Datenflüsse, Risiken und Gegenmaßnahmen: keine bezahlten
Anzeigen mit Zielgruppen-Abgleich, kein Meta-Pixel auf der eigenen Website, Statistiken nur
aggregiert auswerten.

### Transparenz und Alternativen

Verlinken Sie im Infobereich eigene Datenschutzhinweise für die Seite (Art. 13 DSGVO). Bieten Sie
jede Information und jede Leistung auch außerhalb von Facebook an, etwa auf Ihrer Website, per
E-Mail oder Telefon. Niemand darf gezwungen sein, ein Konto anzulegen, um Sie zu erreichen.

### Impressum

Die Anbieterkennzeichnung richtet sich nach § 5 TMG.
Üblich ist ein klar benannter Link auf das Impressum Ihrer Website im Infobereich der Seite.

## Checkliste

| Schritt | Zuständig |
|---|---|
| Zweck und Zielgruppen festhalten | Pressestelle |
| Vereinbarung nach Art. 26 DSGVO ablegen | Pressestelle, Datenschutz |
| DSFA oder dokumentierte Vorprüfung | Datenschutz |
| Datenschutzhinweise und Impressum verlinken | Pressestelle |
| Netiquette veröffentlichen | Pressestelle |
| Rechtslage einmal im Jahr neu prüfen | Justiziariat |

Weiterlesen: [Informationen des BfDI](https://www.bfdi.bund.de) und
[Datenschutzkonferenz](https://www.datenschutzkonferenz-online.de)
""",
            },
        ],
        "comments": [
            {
                "author": "Katrin Hoffmann",
                "days_ago": 384,
                "body": (
                    "Wichtig finde ich den Punkt mit den Alternativen. Bei uns steht im "
                    "Infobereich jeder Seite: „Alle Informationen finden Sie auch auf unserer "
                    "Website.“ Das hat unserem Datenschutzbeauftragten die Zustimmung deutlich "
                    "leichter gemacht."
                ),
                "replies": [
                    {
                        "author": "Thomas Krüger",
                        "days_ago": 383,
                        "body": "Danke, den Satz übernehme ich so für unsere Vorlage.",
                    },
                ],
            },
            {
                "author": "Aylin Demir",
                "days_ago": 255,
                "body": (
                    "Schön, dass die DSFA jetzt drin ist. Unser Datenschutz hat sie bei den "
                    "Stadtwerken für alle Kanäle gemeinsam gemacht, das spart Arbeit, wenn später "
                    "ein Kanal dazukommt."
                ),
                "replies": [],
            },
            {
                "author": "Lena Schulz",
                "days_ago": 120,
                "body": (
                    "Gibt es inzwischen eine abschließende Entscheidung, ob Behörden Fanpages "
                    "betreiben dürfen? In der Literatur für meine Studienarbeit finde ich sehr "
                    "unterschiedliche Aussagen."
                ),
                "replies": [
                    {
                        "author": "Thomas Krüger",
                        "days_ago": 118,
                        "body": (
                            "Soweit ich sehe, ist das nicht für alle Fälle abschließend geklärt. "
                            "Schauen Sie auf die Seiten des BfDI und der DSK. Ich aktualisiere den "
                            "Beitrag, wenn sich etwas Grundlegendes ändert."
                        ),
                    },
                ],
            },
        ],
        "likes": ["Katrin Hoffmann", "Aylin Demir", "Jonas Weber", "Lena Schulz"],
    },
    {
        "key": "social-media-personalbedarf",
        "title": "Wie viel Personal bindet ein Social-Media-Team?",
        "summary": (
            "Eine Beispielrechnung aus der fiktiven Stadt Musterstadt: welche Aufgaben anfallen, "
            "wie viele Stunden sie kosten und wie Vertretung und Wochenenden geregelt werden "
            "können."
        ),
        "body": """\
## Die ehrliche Antwort: mehr als gedacht

Beim Start wird meist unterschätzt, was nach dem Posten kommt. Beiträge planen ist der kleinere
Teil. Fragen beantworten, Kommentare moderieren, Fachämter einbinden und Auswertungen schreiben
kosten die meiste Zeit. Ein Kanal, der nur sendet und nicht antwortet, schadet eher, als dass er
nützt. Starten Sie lieber später als mit zu wenig Personal.

## Beispielrechnung Stadt Musterstadt

Die fiktive Stadt Musterstadt (rund 250.000 Einwohnerinnen und Einwohner) ist auf Facebook,
Instagram und Mastodon aktiv. Das Team hat ein Jahr lang grob mitgeschrieben, wofür die
Arbeitszeit draufgeht:

| Aufgabe | Stunden pro Woche |
|---|---|
| Themenplanung, Texte, Freigaben | 25 |
| Community-Management und Moderation | 30 |
| Anfragen an Fachämter weiterleiten und nachhalten | 10 |
| Fotos, Grafiken, kurze Videos | 15 |
| Monitoring und monatliche Auswertung | 5 |
| Abstimmung, Schulungen, Netzwerk | 10 |
| **Summe** | **95** |

Bei einer 39-Stunden-Woche sind das rund 2,4 Vollzeitäquivalente – Urlaub und Krankheit noch
nicht eingerechnet. Musterstadt hat 2,5 Stellen im Team und zwei geschulte Kolleginnen aus der
Pressestelle als Vertretung.

## Vertretung

- Jeden Kanal müssen mindestens zwei Personen bedienen können: Zugänge, Tonalität, Freigabewege.
- Zugänge laufen über Team- oder Unternehmenskonten, nie über das Privatprofil einer Person.
- Ein kurzes Redaktionshandbuch mit Tonalität, Textbausteinen und Ansprechpersonen in den Ämtern
  spart jeder Vertretung viel Zeit.

## Wochenende und Abende

Fragen kommen auch samstags. Musterstadt hat es so gelöst:

1. Werktags ist der Kanal von 8 bis 18 Uhr besetzt; das steht in der Profilbeschreibung.
2. Am Wochenende schaut eine Person zweimal täglich für rund 30 Minuten auf die Kanäle. Das ist
   als Rufbereitschaft in einer Dienstvereinbarung mit dem Personalrat geregelt.
3. Bei Großlagen wie Unwetter oder Evakuierung gilt der Plan des Krisenstabs, nicht der
   Wochenenddienst.

## Kleine Häuser

Eine Kreisverwaltung mit einer halben Stelle kann nicht drei Plattformen bespielen. Konzentrieren
Sie sich auf einen Kanal, legen Sie feste Antwortzeiten fest und sagen Sie offen, wann niemand
mitliest. Eine Zahl, die Sie Ihrer Leitung nennen können: Rechnen Sie für einen aktiv betreuten
Kanal mit Dialog mit mindestens einer halben Stelle plus Vertretung.
""",
        "topics": ["personal-organisation", "strategie"],
        "platforms": ["facebook", "instagram", "mastodon"],
        "author": "Katrin Hoffmann",
        "coauthors": ["Jonas Weber"],
        "status": "published",
        "published_days_ago": 352,
        "revisions": [
            {
                "author": "Katrin Hoffmann",
                "days_ago": 352,
                "note": "Erste Fassung",
                "title": "Wie viel Personal bindet ein Social-Media-Team?",
                "summary": (
                    "Eine Beispielrechnung aus der fiktiven Stadt Musterstadt: welche Aufgaben "
                    "anfallen, wie viele Stunden sie kosten und wie Vertretung und Wochenenden "
                    "geregelt werden können."
                ),
                "body": """\
## Die ehrliche Antwort: mehr als gedacht

Beim Start wird meist unterschätzt, was nach dem Posten kommt. Beiträge planen ist der kleinere
Teil. Fragen beantworten, Kommentare moderieren, Fachämter einbinden und Auswertungen schreiben
kosten die meiste Zeit. Ein Kanal, der nur sendet und nicht antwortet, schadet eher, als dass er
nützt. Starten Sie lieber später als mit zu wenig Personal.

## Beispielrechnung Stadt Musterstadt

Die fiktive Stadt Musterstadt (rund 250.000 Einwohnerinnen und Einwohner) ist auf Facebook,
Instagram und Mastodon aktiv. Das Team hat ein Jahr lang grob mitgeschrieben, wofür die
Arbeitszeit draufgeht:

| Aufgabe | Stunden pro Woche |
|---|---|
| Themenplanung, Texte, Freigaben | 25 |
| Community-Management und Moderation | 30 |
| Anfragen an Fachämter weiterleiten und nachhalten | 10 |
| Fotos, Grafiken, kurze Videos | 15 |
| Monitoring und monatliche Auswertung | 5 |
| Abstimmung, Schulungen, Netzwerk | 10 |
| **Summe** | **95** |

Das entspricht etwa zwei Vollzeitstellen – Urlaub und Krankheit noch
nicht eingerechnet. Musterstadt hat 2,5 Stellen im Team und zwei geschulte Kolleginnen aus der
Pressestelle als Vertretung.

## Vertretung

- Jeden Kanal müssen mindestens zwei Personen bedienen können: Zugänge, Tonalität, Freigabewege.
- Zugänge laufen über Team- oder Unternehmenskonten, nie über das Privatprofil einer Person.
- Ein kurzes Redaktionshandbuch mit Tonalität, Textbausteinen und Ansprechpersonen in den Ämtern
  spart jeder Vertretung viel Zeit.

## Kleine Häuser

Eine Kreisverwaltung mit einer halben Stelle kann nicht drei Plattformen bespielen. Konzentrieren
Sie sich auf einen Kanal, legen Sie feste Antwortzeiten fest und sagen Sie offen, wann niemand
mitliest.
""",
            },
            {
                "author": "Katrin Hoffmann",
                "days_ago": 300,
                "note": "Abschnitt „Wochenende und Abende“ ergänzt",
                "title": "Wie viel Personal bindet ein Social-Media-Team?",
                "summary": (
                    "Eine Beispielrechnung aus der fiktiven Stadt Musterstadt: welche Aufgaben "
                    "anfallen, wie viele Stunden sie kosten und wie Vertretung und Wochenenden "
                    "geregelt werden können."
                ),
                "body": """\
## Die ehrliche Antwort: mehr als gedacht

Beim Start wird meist unterschätzt, was nach dem Posten kommt. Beiträge planen ist der kleinere
Teil. Fragen beantworten, Kommentare moderieren, Fachämter einbinden und Auswertungen schreiben
kosten die meiste Zeit. Ein Kanal, der nur sendet und nicht antwortet, schadet eher, als dass er
nützt. Starten Sie lieber später als mit zu wenig Personal.

## Beispielrechnung Stadt Musterstadt

Die fiktive Stadt Musterstadt (rund 250.000 Einwohnerinnen und Einwohner) ist auf Facebook,
Instagram und Mastodon aktiv. Das Team hat ein Jahr lang grob mitgeschrieben, wofür die
Arbeitszeit draufgeht:

| Aufgabe | Stunden pro Woche |
|---|---|
| Themenplanung, Texte, Freigaben | 25 |
| Community-Management und Moderation | 30 |
| Anfragen an Fachämter weiterleiten und nachhalten | 10 |
| Fotos, Grafiken, kurze Videos | 15 |
| Monitoring und monatliche Auswertung | 5 |
| Abstimmung, Schulungen, Netzwerk | 10 |
| **Summe** | **95** |

Das entspricht etwa zwei Vollzeitstellen – Urlaub und Krankheit noch
nicht eingerechnet. Musterstadt hat 2,5 Stellen im Team und zwei geschulte Kolleginnen aus der
Pressestelle als Vertretung.

## Vertretung

- Jeden Kanal müssen mindestens zwei Personen bedienen können: Zugänge, Tonalität, Freigabewege.
- Zugänge laufen über Team- oder Unternehmenskonten, nie über das Privatprofil einer Person.
- Ein kurzes Redaktionshandbuch mit Tonalität, Textbausteinen und Ansprechpersonen in den Ämtern
  spart jeder Vertretung viel Zeit.

## Wochenende und Abende

Fragen kommen auch samstags. Musterstadt hat es so gelöst:

1. Werktags ist der Kanal von 8 bis 18 Uhr besetzt; das steht in der Profilbeschreibung.
2. Am Wochenende schaut eine Person zweimal täglich für rund 30 Minuten auf die Kanäle. Das ist
   als Rufbereitschaft in einer Dienstvereinbarung mit dem Personalrat geregelt.
3. Bei Großlagen wie Unwetter oder Evakuierung gilt der Plan des Krisenstabs, nicht der
   Wochenenddienst.

## Kleine Häuser

Eine Kreisverwaltung mit einer halben Stelle kann nicht drei Plattformen bespielen. Konzentrieren
Sie sich auf einen Kanal, legen Sie feste Antwortzeiten fest und sagen Sie offen, wann niemand
mitliest. Eine Zahl, die Sie Ihrer Leitung nennen können: Rechnen Sie für einen aktiv betreuten
Kanal mit Dialog mit mindestens einer halben Stelle plus Vertretung.
""",
            },
        ],
        "comments": [
            {
                "author": "Thomas Krüger",
                "days_ago": 296,
                "body": (
                    "Danke für die Zahlen, genau so etwas brauche ich für unser Konzept. Wie haben "
                    "Sie die Rufbereitschaft am Wochenende gegenüber der Personalverwaltung "
                    "begründet?"
                ),
                "replies": [
                    {
                        "author": "Katrin Hoffmann",
                        "days_ago": 295,
                        "body": (
                            "Wir haben ein Quartal lang gezählt, wie viele Fragen am Wochenende "
                            "liegen bleiben und wie oft daraus Beschwerden wurden. Mit diesen "
                            "Zahlen war die Dienstvereinbarung mit dem Personalrat schnell "
                            "abgestimmt."
                        ),
                    },
                ],
            },
            {
                "author": "Aylin Demir",
                "days_ago": 240,
                "body": (
                    "Bei den Stadtwerken rechnen wir Störungstage gesondert: An solchen Tagen "
                    "verdoppelt sich der Moderationsaufwand locker. Das gehört aus meiner Sicht "
                    "mit in die Rechnung."
                ),
                "replies": [],
            },
            {
                "author": "Lena Schulz",
                "days_ago": 90,
                "body": (
                    "Die Tabelle ist für meine Studienarbeit sehr hilfreich. Darf ich sie mit "
                    "Quellenangabe übernehmen?"
                ),
                "replies": [
                    {
                        "author": "Katrin Hoffmann",
                        "days_ago": 89,
                        "body": (
                            "Gern. Bitte schreiben Sie dazu, dass es sich um ein Beispiel handelt "
                            "und nicht um eine repräsentative Erhebung."
                        ),
                    },
                ],
            },
        ],
        "likes": ["Thomas Krüger", "Aylin Demir", "Lena Schulz"],
    },
    {
        "key": "shitstorm-checkliste",
        "title": "Den Shitstorm überstehen: Checkliste für die ersten 48 Stunden",
        "summary": (
            "Was Sie vor, während und nach einer Empörungswelle tun sollten – mit Checkliste, "
            "einem Beispiel für das erste Statement und Hinweisen zum Schutz des Teams."
        ),
        "body": """\
## Erst einordnen, dann reagieren

Nicht jede Welle negativer Kommentare ist ein Shitstorm. Bevor Sie handeln, klären Sie in wenigen
Minuten drei Fragen:

1. **Ist die Kritik berechtigt?** Ein Fehler der Verwaltung, eine missglückte Formulierung, eine
   echte Panne?
2. **Wer kritisiert?** Betroffene Bürgerinnen und Bürger, eine organisierte Kampagne oder einige
   wenige laute Konten?
3. **Wie schnell wächst es?** Kommentare pro Stunde, Aufgreifen durch Medien oder andere Kanäle.

## Vorher: vorbereitet sein

- Ein Krisenhandbuch mit Telefonliste (Leitung, Pressestelle, Fachämter, IT, Justiziariat), die
  auch außerhalb der Dienstzeit funktioniert.
- Ein verkürzter Freigabeweg: Wer darf in der ersten Stunde ohne weitere Rücksprache ein kurzes
  Statement veröffentlichen?
- Eine veröffentlichte Netiquette, auf die Sie sich bei der Moderation berufen können.
- Textbausteine für typische Lagen wie Panne, Falschmeldung oder Verzögerung.

## Während: die ersten 48 Stunden

1. Lage aufnehmen: Screenshots, Zahl der Kommentare, die wichtigsten Vorwürfe.
2. Geplante Beiträge auf allen Kanälen anhalten. Nichts wirkt schlechter als ein fröhlicher
   Veranstaltungstipp mitten in der Empörung.
3. Innerhalb einer Stunde ein erstes Statement veröffentlichen, auch wenn noch nicht alles
   geklärt ist.
4. Eine zentrale Quelle festlegen, etwa eine Meldung auf der Website, und von allen Kanälen
   darauf verweisen.
5. Fehler klar benennen und sich entschuldigen, wenn es einen gab. Keine Rechtfertigungsschleifen.
6. Nur entfernen, was gegen die Netiquette verstößt, und das dokumentieren. Kritik bleibt stehen.
7. Nur zusagen, was Sie halten können, und Updates mit Uhrzeit ankündigen.

Ein erstes Statement kann so aussehen:

> Wir haben Ihre Hinweise zu den gesperrten Parkplätzen am Bahnhof gesehen. Die Sperrung war nicht
> angekündigt – das war unser Fehler. Wir klären gerade, wie es dazu kam, und melden uns heute bis
> 16 Uhr mit einem Update.

## Das Team schützen

Empörungswellen sind belastend. Wechseln Sie sich ab, begrenzen Sie Schichten auf wenige Stunden
und sprechen Sie hinterher im Team über das Erlebte. Persönliche Angriffe auf Mitarbeitende werden
dokumentiert und bei Bedarf angezeigt.

## Danach: auswerten

Halten Sie innerhalb von zwei Wochen fest, was die Welle ausgelöst hat, was funktioniert hat und
was nicht. Passen Sie Krisenhandbuch und Textbausteine an. Und bedanken Sie sich bei allen, die
sachlich mitdiskutiert haben – öffentlich und im eigenen Haus.
""",
        "topics": ["krisenkommunikation", "strategie"],
        "platforms": ["facebook", "instagram", "x-twitter"],
        "author": "Katrin Hoffmann",
        "coauthors": [],
        "status": "published",
        "published_days_ago": 320,
        "revisions": [
            {
                "author": "Katrin Hoffmann",
                "days_ago": 320,
                "note": "Erste Fassung",
                "title": "Den Shitstorm überstehen: Checkliste für die ersten 48 Stunden",
                "summary": (
                    "Was Sie vor, während und nach einer Empörungswelle tun sollten – mit "
                    "Checkliste, einem Beispiel für das erste Statement und Hinweisen zum Schutz "
                    "des Teams."
                ),
                "body": """\
## Erst einordnen, dann reagieren

Nicht jede Welle negativer Kommentare ist ein Shitstorm. Bevor Sie handeln, klären Sie in wenigen
Minuten drei Fragen:

1. **Ist die Kritik berechtigt?** Ein Fehler der Verwaltung, eine missglückte Formulierung, eine
   echte Panne?
2. **Wer kritisiert?** Betroffene Bürgerinnen und Bürger, eine organisierte Kampagne oder einige
   wenige laute Konten?
3. **Wie schnell wächst es?** Kommentare pro Stunde, Aufgreifen durch Medien oder andere Kanäle.

## Vorher: vorbereitet sein

- Ein Krisenhandbuch mit Telefonliste (Leitung, Pressestelle, Fachämter, IT, Justiziariat), die
  auch außerhalb der Dienstzeit funktioniert.
- Ein verkürzter Freigabeweg: Wer darf in der ersten Stunde ohne weitere Rücksprache ein kurzes
  Statement veröffentlichen?
- Eine veröffentlichte Netiquette, auf die Sie sich bei der Moderation berufen können.
- Textbausteine für typische Lagen wie Panne, Falschmeldung oder Verzögerung.

## Während: die ersten 48 Stunden

1. Lage aufnehmen: Screenshots, Zahl der Kommentare, die wichtigsten Vorwürfe.
2. Geplante Beiträge auf allen Kanälen anhalten. Nichts wirkt schlechter als ein fröhlicher
   Veranstaltungstipp mitten in der Empörung.
3. Innerhalb einer Stunde ein erstes Statement veröffentlichen, auch wenn noch nicht alles
   geklärt ist.
4. Eine zentrale Quelle festlegen, etwa eine Meldung auf der Website, und von allen Kanälen
   darauf verweisen.
5. Fehler klar benennen und sich entschuldigen, wenn es einen gab. Keine Rechtfertigungsschleifen.
6. Nur entfernen, was gegen die Netiquette verstößt, und das dokumentieren. Kritik bleibt stehen.
7. Nur zusagen, was Sie halten können, und Updates mit Uhrzeit ankündigen.

Ein erstes Statement kann so aussehen:

> Wir haben Ihre Hinweise zu den gesperrten Parkplätzen am Bahnhof gesehen. Die Sperrung war nicht
> angekündigt – das war unser Fehler. Wir klären gerade, wie es dazu kam, und melden uns heute bis
> 16 Uhr mit einem Update.

## Das Team schützen

Empörungswellen sind belastend. Wechseln Sie sich ab, begrenzen Sie Schichten auf wenige Stunden
und sprechen Sie hinterher im Team über das Erlebte. Persönliche Angriffe auf Mitarbeitende werden
dokumentiert und bei Bedarf angezeigt.
""",
            },
        ],
        "comments": [
            {
                "author": "Thomas Krüger",
                "days_ago": 310,
                "body": (
                    "Sehr hilfreich. Mir fehlt nur ein Abschnitt zur Nachbereitung. Wir haben nach "
                    "unserer letzten Welle nichts aufgeschrieben und beim nächsten Mal dieselben "
                    "Fehler gemacht."
                ),
                "replies": [
                    {
                        "author": "Katrin Hoffmann",
                        "days_ago": 308,
                        "body": (
                            "Guter Punkt, danke! Ich habe den Abschnitt „Danach: auswerten“ "
                            "ergänzt."
                        ),
                    },
                ],
            },
            {
                "author": "Aylin Demir",
                "days_ago": 270,
                "body": (
                    "Bei der letzten Preiserhöhung hat uns Punkt 2 gerettet: Wir hatten einen "
                    "Gewinnspiel-Beitrag für denselben Tag eingeplant und ihn in letzter Minute "
                    "gestoppt."
                ),
                "replies": [],
            },
        ],
        "likes": ["Thomas Krüger", "Aylin Demir", "Jonas Weber", "Lena Schulz"],
    },
    {
        "key": "hate-speech-moderieren",
        "title": "Hate Speech moderieren: ausblenden, löschen, dokumentieren, anzeigen",
        "summary": (
            "Wie Sie Hasskommentare auf Behördenkanälen nachvollziehbar und einheitlich behandeln "
            "– von der Netiquette über das Ausblenden bis zur Anzeige – und wie Sie Ihr Team "
            "schützen."
        ),
        "body": """\
## Ausgangslage

Spätestens seit der Fluchtbewegung 2015 kennen viele Behördenteams das Problem: Unter sachlichen
Beiträgen sammeln sich rassistische Kommentare, Beleidigungen und Drohungen. Als öffentliche Stelle
sind Sie an die Grundrechte gebunden. Sie dürfen also nicht einfach entfernen, was Ihnen nicht
gefällt. Sie müssen aber auch nicht hinnehmen, dass Ihr Kanal zur Bühne für Hetze wird.

## Grundsatz: nach Regeln, nicht nach Gefühl

Eingriffe brauchen eine Grundlage, die vorher öffentlich ist: Ihre Netiquette. Wenden Sie sie auf
alle gleich an, aus welcher Richtung ein Kommentar auch kommt. Scharfe Kritik an der Behörde ist
zulässig und bleibt stehen.

## Die Stufen

| Lage | Maßnahme |
|---|---|
| unsachlich, aber im Rahmen | stehen lassen, sachlich antworten oder ignorieren |
| Verstoß gegen die Netiquette | ausblenden oder löschen, auf die Regel verweisen |
| wiederholte Verstöße | befristet oder dauerhaft sperren, Gründe festhalten |
| möglicherweise strafbar | dokumentieren, entfernen, Anzeige prüfen |

### Ausblenden oder löschen?

Auf Facebook bleibt ein **ausgeblendeter** Kommentar für die verfassende Person und deren
Freundeskreis sichtbar, für alle anderen nicht. Das bremst oft eine weitere Eskalation, ist aber
wenig transparent. **Löschen** ist endgültig und für die verfassende Person erkennbar. Legen Sie im
Team fest, wann Sie was tun, und halten Sie sich daran. Andere Plattformen bieten ähnliche, aber
nicht identische Werkzeuge; prüfen Sie deren aktuelle Funktionen.

## Dokumentieren

Bevor Sie etwas entfernen, sichern Sie:

- einen Screenshot mit sichtbarem Datum, Uhrzeit und Profilnamen,
- den Link zum Kommentar und zum Profil,
- eine kurze Notiz: welche Regel, welche Maßnahme, wer hat entschieden.

Ein einfaches Moderationsprotokoll genügt und hilft bei Beschwerden und in Gerichtsverfahren.
Stimmen Sie die Aufbewahrungsfristen mit Ihrem Datenschutz ab.

## Anzeigen

Bei möglichen Straftaten wie Volksverhetzung, Bedrohung oder Aufrufen zu Gewalt können Sie über
die Onlinewachen der Polizei Anzeige erstatten oder sich an die Staatsanwaltschaft wenden. Klären
Sie vorab, wer in Ihrem Haus im Namen der Behörde anzeigt. Richtet sich eine Drohung gegen
jemanden aus dem Team, unterstützen Sie diese Person aktiv.

## Das Team schützen

- Moderation im Wechsel, nie eine Person allein über Wochen.
- Nach belastenden Lagen ein Nachgespräch; Angebote wie Supervision nutzen.
- Antworten erscheinen im Namen der Behörde. Niemand muss mit eigenem Namen auftreten, der das
  nicht möchte.

Anlaufstellen der Länder: [Polizei – Onlinewachen](https://www.polizei.de)
""",
        "topics": ["hate-speech-moderation", "datenschutz-recht", "krisenkommunikation"],
        "platforms": ["facebook", "instagram"],
        "author": "Aylin Demir",
        "coauthors": ["Katrin Hoffmann"],
        "status": "published",
        "published_days_ago": 300,
        "revisions": [
            {
                "author": "Aylin Demir",
                "days_ago": 300,
                "note": "Erste Fassung",
                "title": "Hate Speech moderieren: ausblenden, löschen, dokumentieren, anzeigen",
                "summary": (
                    "Wie Sie Hasskommentare auf Behördenkanälen nachvollziehbar und einheitlich "
                    "behandeln – von der Netiquette über das Ausblenden bis zur Anzeige – und wie "
                    "Sie Ihr Team schützen."
                ),
                "body": """\
## Ausgangslage

Spätestens seit der Fluchtbewegung 2015 kennen viele Behördenteams das Problem: Unter sachlichen
Beiträgen sammeln sich rassistische Kommentare, Beleidigungen und Drohungen. Als öffentliche Stelle
sind Sie an die Grundrechte gebunden. Sie dürfen also nicht einfach entfernen, was Ihnen nicht
gefällt. Sie müssen aber auch nicht hinnehmen, dass Ihr Kanal zur Bühne für Hetze wird.

## Grundsatz: nach Regeln, nicht nach Gefühl

Eingriffe brauchen eine Grundlage, die vorher öffentlich ist: Ihre Netiquette. Wenden Sie sie auf
alle gleich an, aus welcher Richtung ein Kommentar auch kommt. Scharfe Kritik an der Behörde ist
zulässig und bleibt stehen.

## Die Stufen

| Lage | Maßnahme |
|---|---|
| unsachlich, aber im Rahmen | stehen lassen, sachlich antworten oder ignorieren |
| Verstoß gegen die Netiquette | ausblenden oder löschen, auf die Regel verweisen |
| wiederholte Verstöße | befristet oder dauerhaft sperren, Gründe festhalten |
| möglicherweise strafbar | dokumentieren, entfernen, Anzeige prüfen |

### Ausblenden oder löschen?

Auf Facebook bleibt ein **ausgeblendeter** Kommentar für die verfassende Person und deren
Freundeskreis sichtbar, für alle anderen nicht. Das bremst oft eine weitere Eskalation, ist aber
wenig transparent. **Löschen** ist endgültig und für die verfassende Person erkennbar. Legen Sie im
Team fest, wann Sie was tun, und halten Sie sich daran. Andere Plattformen bieten ähnliche, aber
nicht identische Werkzeuge; prüfen Sie deren aktuelle Funktionen.

## Dokumentieren

Bevor Sie etwas entfernen, sichern Sie:

- einen Screenshot mit sichtbarem Datum, Uhrzeit und Profilnamen,
- den Link zum Kommentar und zum Profil,
- eine kurze Notiz: welche Regel, welche Maßnahme, wer hat entschieden.

Ein einfaches Moderationsprotokoll genügt und hilft bei Beschwerden und in Gerichtsverfahren.
Stimmen Sie die Aufbewahrungsfristen mit Ihrem Datenschutz ab.

## Anzeigen

Bei möglichen Straftaten können Sie über
die Onlinewachen der Polizei Anzeige erstatten oder sich an die Staatsanwaltschaft wenden. Klären
Sie vorab, wer in Ihrem Haus im Namen der Behörde anzeigt. Richtet sich eine Drohung gegen
jemanden aus dem Team, unterstützen Sie diese Person aktiv.

Anlaufstellen der Länder: [Polizei – Onlinewachen](https://www.polizei.de)
""",
            },
        ],
        "comments": [
            {
                "author": "Jonas Weber",
                "days_ago": 285,
                "body": (
                    "Wie handhabt ihr das Sperren? Unser Justiziariat ist sehr zurückhaltend, weil "
                    "eine gesperrte Person dann auch nicht mehr sachlich kommentieren kann."
                ),
                "replies": [
                    {
                        "author": "Aylin Demir",
                        "days_ago": 284,
                        "body": (
                            "Wir sperren nur nach wiederholten Verstößen und zunächst befristet, "
                            "mit einer kurzen Begründung per Nachricht. Dauerhafte Sperren stimmen "
                            "wir vorher mit dem Justiziariat ab."
                        ),
                    },
                    {
                        "author": "Katrin Hoffmann",
                        "days_ago": 283,
                        "body": (
                            "So machen wir es in Musterstadt auch. Wichtig ist, dass jede Sperre "
                            "im Protokoll steht, sonst kann man sie später nicht begründen."
                        ),
                    },
                ],
            },
            {
                "author": "Thomas Krüger",
                "days_ago": 150,
                "body": "Die Tabelle mit den Stufen hängt jetzt ausgedruckt in unserem Büro.",
                "replies": [],
            },
        ],
        "likes": ["Jonas Weber", "Thomas Krüger", "Lena Schulz"],
    },
    {
        "key": "buergerservice-messenger",
        "title": "Bürgerservice per Messenger: WhatsApp, Threema, Signal oder Matrix?",
        "summary": (
            "Was Sie vor dem Start eines Messenger-Angebots klären sollten: Einwegkanal oder "
            "Dialog, Datenschutz, realistische Antwortzeiten und was nicht in den Chat gehört."
        ),
        "body": """\
## Zwei sehr verschiedene Angebote

Mit „Messenger-Service“ meinen Behörden oft zwei verschiedene Dinge:

- **Einwegkanal:** Sie senden Hinweise, etwa zu Störungen, Baustellen oder Warnungen. Rückfragen
  sind nicht vorgesehen.
- **Dialog:** Bürgerinnen und Bürger schreiben Ihnen, Sie antworten. Das ist echter Bürgerservice
  und deutlich aufwendiger.

Entscheiden Sie zuerst, was Sie wollen. Viele Häuser starten mit einem Einwegkanal und lernen
daraus.

## Die Dienste im Überblick

### WhatsApp

Die größte Verbreitung, aber der Anbieter verarbeitet umfangreiche Metadaten. Nutzen Sie die
Business-App nie auf einem Gerät mit dienstlichem Adressbuch. Für den Dialog mit vielen Menschen
gibt es Plattformlösungen über Dienstleister. WhatsApp-Kanäle eignen sich als Einwegkanal; dort
sehen weder Sie noch andere Abonnierende die Telefonnummern.

### Threema

Kommt ohne Telefonnummer aus, der Anbieter sitzt in der Schweiz. Für Organisationen gibt es
eigene Angebote, auch für Rundsendungen. Nachteil: geringere Verbreitung, für Nutzende
kostenpflichtig.

### Signal

Starke Verschlüsselung, gemeinnütziger Anbieter. Ein offizielles Angebot für Organisationen gibt
es nicht; Sie bedienen Signal über ein Dienstgerät per App.

### Matrix

Ein offener Standard, den Sie selbst oder über einen Dienstleister betreiben können. In Teilen der
öffentlichen Verwaltung ist er bereits im Einsatz. Bei Bürgerinnen und Bürgern ist er bisher wenig
verbreitet.

## Datenschutz vorab klären

- Eintrag im Verzeichnis der Verarbeitungstätigkeiten und gegebenenfalls eine DSFA
- Datenschutzhinweise, die vor dem ersten Kontakt erreichbar sind
- ein Dienstgerät oder eine Plattformlösung, nie ein privates Handy
- Löschfristen für Chatverläufe

## Was nicht in den Chat gehört

Anträge, Bescheide, Gesundheits- oder Sozialdaten gehören nicht in einen Messenger. Schreiben Sie
das in die automatische Begrüßung und verweisen Sie auf sichere Wege wie Ihr Serviceportal. Und in
Notfällen gilt immer: 110 oder 112.

## Antwortzeiten

Messenger wecken die Erwartung sofortiger Antworten. Versprechen Sie nur, was Sie halten können:

> Hallo, hier ist der Kundenservice der Stadtwerke Musterstadt. Wir antworten montags bis freitags
> von 7 bis 19 Uhr, meist innerhalb von zwei Stunden. Bitte senden Sie uns keine Bankdaten. Bei
> Gasgeruch verlassen Sie das Haus und rufen von draußen unsere Störungsnummer an.

Bei den fiktiven Stadtwerken Musterstadt zeigt sich: Der Einwegkanal für Störungen entlastet die
Hotline spürbar. Der Dialog lohnt sich erst, seit zwei Personen im Wechsel zuständig sind.
""",
        "topics": ["buergerservice", "datenschutz-recht"],
        "platforms": ["whatsapp"],
        "author": "Aylin Demir",
        "coauthors": [],
        "status": "published",
        "published_days_ago": 48,
        "revisions": [
            {
                "author": "Aylin Demir",
                "days_ago": 48,
                "note": "Erste Fassung",
                "title": "Bürgerservice per Messenger: WhatsApp, Threema oder Signal?",
                "summary": (
                    "Was Sie vor dem Start eines Messenger-Angebots klären sollten: Einwegkanal "
                    "oder Dialog, Datenschutz, realistische Antwortzeiten und was nicht in den "
                    "Chat gehört."
                ),
                "body": """\
## Zwei sehr verschiedene Angebote

Mit „Messenger-Service“ meinen Behörden oft zwei verschiedene Dinge:

- **Einwegkanal:** Sie senden Hinweise, etwa zu Störungen, Baustellen oder Warnungen. Rückfragen
  sind nicht vorgesehen.
- **Dialog:** Bürgerinnen und Bürger schreiben Ihnen, Sie antworten. Das ist echter Bürgerservice
  und deutlich aufwendiger.

Entscheiden Sie zuerst, was Sie wollen. Viele Häuser starten mit einem Einwegkanal und lernen
daraus.

## Die Dienste im Überblick

### WhatsApp

Die größte Verbreitung, aber der Anbieter verarbeitet umfangreiche Metadaten. Nutzen Sie die
Business-App nie auf einem Gerät mit dienstlichem Adressbuch. Für den Dialog mit vielen Menschen
gibt es Plattformlösungen über Dienstleister. WhatsApp-Kanäle eignen sich als Einwegkanal; dort
sehen weder Sie noch andere Abonnierende die Telefonnummern.

### Threema

Kommt ohne Telefonnummer aus, der Anbieter sitzt in der Schweiz. Für Organisationen gibt es
eigene Angebote, auch für Rundsendungen. Nachteil: geringere Verbreitung, für Nutzende
kostenpflichtig.

### Signal

Starke Verschlüsselung, gemeinnütziger Anbieter. Ein offizielles Angebot für Organisationen gibt
es nicht; Sie bedienen Signal über ein Dienstgerät per App.

## Datenschutz vorab klären

- Eintrag im Verzeichnis der Verarbeitungstätigkeiten und gegebenenfalls eine DSFA
- Datenschutzhinweise, die vor dem ersten Kontakt erreichbar sind
- ein Dienstgerät oder eine Plattformlösung, nie ein privates Handy
- Löschfristen für Chatverläufe

## Was nicht in den Chat gehört

Anträge, Bescheide, Gesundheits- oder Sozialdaten gehören nicht in einen Messenger. Schreiben Sie
das in die automatische Begrüßung und verweisen Sie auf sichere Wege wie Ihr Serviceportal. Und in
Notfällen gilt immer: 110 oder 112.

## Antwortzeiten

Messenger wecken die Erwartung sofortiger Antworten. Versprechen Sie nur, was Sie halten können:

> Hallo, hier ist der Kundenservice der Stadtwerke Musterstadt. Wir antworten montags bis freitags
> von 7 bis 19 Uhr, meist innerhalb einer Stunde. Bitte senden Sie uns keine Bankdaten. Bei
> Gasgeruch verlassen Sie das Haus und rufen von draußen unsere Störungsnummer an.

Bei den fiktiven Stadtwerken Musterstadt zeigt sich: Der Einwegkanal für Störungen entlastet die
Hotline spürbar. Der Dialog lohnt sich erst, seit zwei Personen im Wechsel zuständig sind.
""",
            },
        ],
        "comments": [
            {
                "author": "Thomas Krüger",
                "days_ago": 45,
                "body": (
                    "Hat jemand für einen WhatsApp-Kanal schon eine DSFA durchgezogen? Unser "
                    "Datenschutzbeauftragter fragt, ob es dafür Vorlagen gibt."
                ),
                "replies": [
                    {
                        "author": "Aylin Demir",
                        "days_ago": 44,
                        "body": (
                            "Ja, wir haben eine. Die Vorlage kann ich nicht veröffentlichen, aber "
                            "die Gliederung schicke ich gern per Nachricht. Wichtigster Punkt bei "
                            "uns war das getrennte Dienstgerät."
                        ),
                    },
                ],
            },
            {
                "author": "Jonas Weber",
                "days_ago": 30,
                "body": (
                    "In der Kreisverwaltung nutzen wir eine Threema-Rundsendung für "
                    "Hochwasserwarnungen. Die Zahl der Abonnierenden ist überschaubar, die "
                    "Rückmeldungen sind aber sehr positiv."
                ),
                "replies": [],
            },
            {
                "author": "Katrin Hoffmann",
                "days_ago": 20,
                "body": (
                    "Danke für die Matrix-Ergänzung. Unser kommunaler IT-Dienstleister prüft das "
                    "gerade, wir behalten es im Blick."
                ),
                "replies": [],
            },
        ],
        "likes": ["Thomas Krüger", "Jonas Weber"],
    },
    {
        "key": "freie-bildquellen-bildrechte",
        "title": "Freie Bildquellen und Bildrechte: was kleine Ämter wissen müssen",
        "summary": (
            "Creative-Commons-Lizenzen richtig nutzen und nennen, die Panoramafreiheit verstehen "
            "und das Recht am eigenen Bild beachten – ein Überblick für Teams ohne Fotobudget."
        ),
        "body": """\
## Frei heißt nicht bedingungslos

Gerade kleine Ämter ohne Fotobudget profitieren von frei lizenzierten Bildern, etwa aus Wikimedia
Commons. „Frei“ heißt aber fast immer: frei unter Bedingungen. Wer sie missachtet, riskiert
Abmahnungen und als Behörde zusätzlich einen Vertrauensschaden.

## Creative-Commons-Lizenzen im Überblick

| Lizenz | Für Behördenkanäle |
|---|---|
| CC0 | ohne Bedingungen nutzbar, eine Nennung ist trotzdem fair |
| CC BY | nutzbar mit Namensnennung |
| CC BY-SA | nutzbar, Bearbeitungen unter derselben Lizenz weitergeben |
| CC BY-ND | keine Bearbeitung, also auch kein Text im Bild |
| CC BY-NC | besser meiden: was „nicht kommerziell“ genau heißt, ist umstritten |

## Richtig nennen

Eine vollständige Nennung enthält:

- Name der Urheberin oder des Urhebers,
- Titel des Werks, falls vorhanden,
- die Lizenz mit Link auf den Lizenztext,
- die Quelle, also die Fundstelle des Bildes,
- einen Hinweis auf Bearbeitungen, etwa „zugeschnitten“.

Wo Links im Beitragstext nicht anklickbar sind, etwa auf Instagram, nennen Sie Urheber und Lizenz
ausgeschrieben („Foto: Erika Mustermann, CC BY 4.0“) und halten Sie die vollständige Angabe mit
Links auf Ihrer Website bereit.

## Bildportale mit eigenen Lizenzen

Viele Portale mit kostenlosen Bildern verwenden keine CC-Lizenz, sondern eigene Bedingungen. Lesen
Sie diese, speichern Sie sie mit Datum ab und dokumentieren Sie, woher jedes Bild stammt. Rechte
an abgebildeten Personen, Marken oder Kunstwerken klären solche Portale oft nicht.

## Panoramafreiheit

Werke, die sich bleibend an öffentlichen Wegen, Straßen oder Plätzen befinden, dürfen Sie
fotografieren und zeigen (§ 59 UrhG). Die Grenzen:

- nur die Ansicht von öffentlichem Grund aus; Aufnahmen von Leitern oder mit Drohnen sind nach der
  Rechtsprechung nicht ohne Weiteres gedeckt,
- keine Innenräume,
- nur bleibend aufgestellte Werke, keine zeitlich begrenzten Kunstaktionen.

## Recht am eigenen Bild

Sind Menschen erkennbar, brauchen Sie in der Regel eine Einwilligung. Für Behörden gilt die DSGVO;
wie sie mit dem Kunsturhebergesetz zusammenspielt, ist nicht in jedem Detail geklärt. Praktisch
heißt das:

1. Einwilligung nachweisbar einholen, Zweck und Kanäle nennen, auf das Widerrufsrecht hinweisen.
2. Bei Kindern die Erziehungsberechtigten fragen.
3. Kolleginnen und Kollegen nicht drängen: Einwilligungen im Beschäftigungsverhältnis müssen
   freiwillig sein.
4. Bei Veranstaltungen gut sichtbar auf Fotos hinweisen und eine fotofreie Zone anbieten.

Lizenztexte: [Creative Commons](https://creativecommons.org/licenses/?lang=de) ·
Bildquelle: [Wikimedia Commons](https://commons.wikimedia.org)
""",
        "topics": ["bild-urheberrecht", "redaktion-formate"],
        "platforms": ["instagram", "facebook"],
        "author": "Jonas Weber",
        "coauthors": [],
        "status": "published",
        "published_days_ago": 281,
        "revisions": [
            {
                "author": "Jonas Weber",
                "days_ago": 281,
                "note": "Erste Fassung",
                "title": "Freie Bildquellen und Bildrechte: was kleine Ämter wissen müssen",
                "summary": (
                    "Creative-Commons-Lizenzen richtig nutzen und nennen, die Panoramafreiheit "
                    "verstehen und das Recht am eigenen Bild beachten – ein Überblick für Teams "
                    "ohne Fotobudget."
                ),
                "body": """\
## Frei heißt nicht bedingungslos

Gerade kleine Ämter ohne Fotobudget profitieren von frei lizenzierten Bildern, etwa aus Wikimedia
Commons. „Frei“ heißt aber fast immer: frei unter Bedingungen. Wer sie missachtet, riskiert
Abmahnungen und als Behörde zusätzlich einen Imageschaden.

## Creative-Commons-Lizenzen im Überblick

| Lizenz | Für Behördenkanäle |
|---|---|
| CC0 | ohne Bedingungen nutzbar, eine Nennung ist trotzdem fair |
| CC BY | nutzbar mit Namensnennung |
| CC BY-SA | nutzbar, Bearbeitungen unter derselben Lizenz weitergeben |
| CC BY-ND | keine Bearbeitung, also auch kein Text im Bild |
| CC BY-NC | für Behörden in der Regel unproblematisch |

## Richtig nennen

Eine vollständige Nennung enthält:

- Name der Urheberin oder des Urhebers,
- Titel des Werks, falls vorhanden,
- die Lizenz mit Link auf den Lizenztext,
- die Quelle, also die Fundstelle des Bildes,
- einen Hinweis auf Bearbeitungen, etwa „zugeschnitten“.

Wo Links im Beitragstext nicht anklickbar sind, etwa auf Instagram, nennen Sie Urheber und Lizenz
ausgeschrieben („Foto: Erika Mustermann, CC BY 4.0“) und halten Sie die vollständige Angabe mit
Links auf Ihrer Website bereit.

## Bildportale mit eigenen Lizenzen

Viele Portale mit kostenlosen Bildern verwenden keine CC-Lizenz, sondern eigene Bedingungen. Lesen
Sie diese, speichern Sie sie mit Datum ab und dokumentieren Sie, woher jedes Bild stammt. Rechte
an abgebildeten Personen, Marken oder Kunstwerken klären solche Portale oft nicht.

## Panoramafreiheit

Werke, die sich bleibend an öffentlichen Wegen, Straßen oder Plätzen befinden, dürfen Sie
fotografieren und zeigen (§ 59 UrhG). Die Grenzen:

- nur die Ansicht von öffentlichem Grund aus,
- keine Innenräume,
- nur bleibend aufgestellte Werke, keine zeitlich begrenzten Kunstaktionen.

## Recht am eigenen Bild

Sind Menschen erkennbar, brauchen Sie in der Regel eine Einwilligung. Für Behörden gilt die DSGVO;
wie sie mit dem Kunsturhebergesetz zusammenspielt, ist nicht in jedem Detail geklärt. Praktisch
heißt das:

1. Einwilligung nachweisbar einholen, Zweck und Kanäle nennen, auf das Widerrufsrecht hinweisen.
2. Bei Kindern die Erziehungsberechtigten fragen.
3. Kolleginnen und Kollegen nicht drängen: Einwilligungen im Beschäftigungsverhältnis müssen
   freiwillig sein.
4. Bei Veranstaltungen gut sichtbar auf Fotos hinweisen und eine fotofreie Zone anbieten.

Lizenztexte: [Creative Commons](https://creativecommons.org/licenses/?lang=de) ·
Bildquelle: [Wikimedia Commons](https://commons.wikimedia.org)
""",
            },
            {
                "author": "Jonas Weber",
                "days_ago": 240,
                "note": "Zeile zu CC BY-NC korrigiert (Hinweis von Aylin Demir)",
                "title": "Freie Bildquellen und Bildrechte: was kleine Ämter wissen müssen",
                "summary": (
                    "Creative-Commons-Lizenzen richtig nutzen und nennen, die Panoramafreiheit "
                    "verstehen und das Recht am eigenen Bild beachten – ein Überblick für Teams "
                    "ohne Fotobudget."
                ),
                "body": """\
## Frei heißt nicht bedingungslos

Gerade kleine Ämter ohne Fotobudget profitieren von frei lizenzierten Bildern, etwa aus Wikimedia
Commons. „Frei“ heißt aber fast immer: frei unter Bedingungen. Wer sie missachtet, riskiert
Abmahnungen und als Behörde zusätzlich einen Vertrauensschaden.

## Creative-Commons-Lizenzen im Überblick

| Lizenz | Für Behördenkanäle |
|---|---|
| CC0 | ohne Bedingungen nutzbar, eine Nennung ist trotzdem fair |
| CC BY | nutzbar mit Namensnennung |
| CC BY-SA | nutzbar, Bearbeitungen unter derselben Lizenz weitergeben |
| CC BY-ND | keine Bearbeitung, also auch kein Text im Bild |
| CC BY-NC | besser meiden: was „nicht kommerziell“ genau heißt, ist umstritten |

## Richtig nennen

Eine vollständige Nennung enthält:

- Name der Urheberin oder des Urhebers,
- Titel des Werks, falls vorhanden,
- die Lizenz mit Link auf den Lizenztext,
- die Quelle, also die Fundstelle des Bildes,
- einen Hinweis auf Bearbeitungen, etwa „zugeschnitten“.

Wo Links im Beitragstext nicht anklickbar sind, etwa auf Instagram, nennen Sie Urheber und Lizenz
ausgeschrieben („Foto: Erika Mustermann, CC BY 4.0“) und halten Sie die vollständige Angabe mit
Links auf Ihrer Website bereit.

## Bildportale mit eigenen Lizenzen

Viele Portale mit kostenlosen Bildern verwenden keine CC-Lizenz, sondern eigene Bedingungen. Lesen
Sie diese, speichern Sie sie mit Datum ab und dokumentieren Sie, woher jedes Bild stammt. Rechte
an abgebildeten Personen, Marken oder Kunstwerken klären solche Portale oft nicht.

## Panoramafreiheit

Werke, die sich bleibend an öffentlichen Wegen, Straßen oder Plätzen befinden, dürfen Sie
fotografieren und zeigen (§ 59 UrhG). Die Grenzen:

- nur die Ansicht von öffentlichem Grund aus,
- keine Innenräume,
- nur bleibend aufgestellte Werke, keine zeitlich begrenzten Kunstaktionen.

## Recht am eigenen Bild

Sind Menschen erkennbar, brauchen Sie in der Regel eine Einwilligung. Für Behörden gilt die DSGVO;
wie sie mit dem Kunsturhebergesetz zusammenspielt, ist nicht in jedem Detail geklärt. Praktisch
heißt das:

1. Einwilligung nachweisbar einholen, Zweck und Kanäle nennen, auf das Widerrufsrecht hinweisen.
2. Bei Kindern die Erziehungsberechtigten fragen.
3. Kolleginnen und Kollegen nicht drängen: Einwilligungen im Beschäftigungsverhältnis müssen
   freiwillig sein.
4. Bei Veranstaltungen gut sichtbar auf Fotos hinweisen und eine fotofreie Zone anbieten.

Lizenztexte: [Creative Commons](https://creativecommons.org/licenses/?lang=de) ·
Bildquelle: [Wikimedia Commons](https://commons.wikimedia.org)
""",
            },
        ],
        "comments": [
            {
                "author": "Aylin Demir",
                "days_ago": 250,
                "body": (
                    "Vorsicht bei NC: Unser Justiziariat wertet auch die Öffentlichkeitsarbeit der "
                    "Stadtwerke als kommerziell. Ich würde NC-Bilder Behörden nicht pauschal "
                    "empfehlen."
                ),
                "replies": [
                    {
                        "author": "Jonas Weber",
                        "days_ago": 240,
                        "body": "Danke, da hast du recht. Ich habe die Tabelle korrigiert.",
                    },
                ],
            },
            {
                "author": "Lena Schulz",
                "days_ago": 100,
                "body": "Wie gehen Sie mit KI-generierten Bildern um? Gibt es dafür eigene Regeln?",
                "replies": [
                    {
                        "author": "Jonas Weber",
                        "days_ago": 98,
                        "body": (
                            "Wir kennzeichnen sie und nutzen sie nur für Illustrationen, nie als "
                            "Ersatz für Fotos von echten Ereignissen. Die Rechtslage ist noch in "
                            "Bewegung, deshalb prüfen wir die Nutzungsbedingungen der Werkzeuge "
                            "regelmäßig."
                        ),
                    },
                ],
            },
        ],
        "likes": ["Aylin Demir", "Katrin Hoffmann", "Lena Schulz"],
    },
    {
        "key": "netiquette-vorlage",
        "title": "Eine Netiquette schreiben – mit Vorlage",
        "summary": (
            "Warum jeder Behördenkanal eine veröffentlichte Netiquette braucht, was hineingehört, "
            "und eine kurze Vorlage, die Sie für Ihr Haus anpassen können."
        ),
        "body": """\
## Wozu eine Netiquette?

Die Netiquette ist die Hausordnung Ihres Kanals. Sie sagt den Nutzenden, was sie erwarten können,
und gibt Ihrem Team eine Grundlage, wenn es Kommentare ausblendet, löscht oder Konten sperrt. Für
Behörden ist das besonders wichtig: Eingriffe in Diskussionen müssen nachvollziehbar sein und für
alle gleich gelten.

## Was eine gute Netiquette auszeichnet

- **Kurz:** Niemand liest drei Seiten. Eine Bildschirmseite reicht.
- **Konkret:** „Beleidigungen löschen wir“ statt „Bitte seien Sie nett“.
- **Auffindbar:** im Profil oder Infobereich verlinkt und in Antworten zitierbar.
- **Ehrlich:** Nennen Sie Ihre Servicezeiten und sagen Sie, was der Kanal nicht leisten kann.
- **Abgestimmt:** mit Justiziariat und Datenschutz, damit sie im Streitfall trägt.

## Vorlage zum Anpassen

> **Netiquette der Stadt Musterstadt**
>
> Willkommen auf unseren Kanälen! Wir freuen uns über Fragen, Hinweise und Kritik. Damit die
> Diskussion für alle angenehm bleibt, gelten diese Regeln:
>
> 1. Bleiben Sie beim Thema und gehen Sie respektvoll miteinander um.
> 2. Beleidigungen, Drohungen, Diskriminierung und Aufrufe zu Gewalt löschen wir.
> 3. Ebenso löschen wir Werbung, Spam und Links auf schädliche Seiten.
> 4. Veröffentlichen Sie keine persönlichen Daten, weder Ihre eigenen noch die anderer Menschen
>    (etwa Adressen, Telefonnummern, Kfz-Kennzeichen). Für persönliche Anliegen nutzen Sie bitte
>    unser Kontaktformular.
> 5. Wer wiederholt gegen diese Regeln verstößt, kann gesperrt werden.
> 6. Mögliche Straftaten bringen wir zur Anzeige.
>
> Kritik an der Stadtverwaltung ist ausdrücklich erwünscht. Wir lesen montags bis freitags von
> 8 bis 18 Uhr mit. Anträge können wir hier nicht entgegennehmen. Zusätzlich gelten die Regeln
> der jeweiligen Plattform. Unsere Datenschutzhinweise finden Sie auf unserer Website.

## Tipps für den Alltag

- Verweisen Sie beim Entfernen kurz auf die Regel: „Wir haben einen Kommentar nach Punkt 2
  unserer Netiquette entfernt.“
- Halten Sie in einem Protokoll fest, was Sie warum entfernt haben.
- Bleiben Sie konsequent: Wer Regeln nur manchmal durchsetzt, muss sich Willkür vorwerfen lassen.
- Prüfen Sie die Netiquette einmal im Jahr: Stimmen Servicezeiten und Kanäle noch?
""",
        "topics": ["hate-speech-moderation", "datenschutz-recht", "redaktion-formate"],
        "platforms": ["facebook", "instagram", "mastodon"],
        "author": "Katrin Hoffmann",
        "coauthors": [],
        "status": "published",
        "published_days_ago": 250,
        "revisions": [
            {
                "author": "Katrin Hoffmann",
                "days_ago": 250,
                "note": "Erste Fassung",
                "title": "Eine Netiquette schreiben – mit Vorlage",
                "summary": (
                    "Warum jeder Behördenkanal eine veröffentlichte Netiquette braucht, was "
                    "hineingehört, und eine kurze Vorlage, die Sie für Ihr Haus anpassen können."
                ),
                "body": """\
## Wozu eine Netiquette?

Die Netiquette ist die Hausordnung Ihres Kanals. Sie sagt den Nutzenden, was sie erwarten können,
und gibt Ihrem Team eine Grundlage, wenn es Kommentare ausblendet, löscht oder Konten sperrt. Für
Behörden ist das besonders wichtig: Eingriffe in Diskussionen müssen nachvollziehbar sein und für
alle gleich gelten.

## Was eine gute Netiquette auszeichnet

- **Kurz:** Niemand liest drei Seiten. Eine Bildschirmseite reicht.
- **Konkret:** „Beleidigungen löschen wir“ statt „Bitte seien Sie nett“.
- **Auffindbar:** im Profil oder Infobereich verlinkt und in Antworten zitierbar.
- **Ehrlich:** Nennen Sie Ihre Servicezeiten und sagen Sie, was der Kanal nicht leisten kann.
- **Abgestimmt:** mit Justiziariat und Datenschutz, damit sie im Streitfall trägt.

## Vorlage zum Anpassen

> **Netiquette der Stadt Musterstadt**
>
> Willkommen auf unseren Kanälen! Wir freuen uns über Fragen, Hinweise und Kritik. Damit die
> Diskussion für alle angenehm bleibt, gelten diese Regeln:
>
> 1. Bleiben Sie beim Thema und gehen Sie respektvoll miteinander um.
> 2. Beleidigungen, Drohungen, Diskriminierung und Aufrufe zu Gewalt löschen wir.
> 3. Ebenso löschen wir Werbung, Spam und Links auf schädliche Seiten.
> 4. Wer wiederholt gegen diese Regeln verstößt, kann gesperrt werden.
> 5. Mögliche Straftaten bringen wir zur Anzeige.
>
> Kritik an der Stadtverwaltung ist ausdrücklich erwünscht. Wir lesen montags bis freitags von
> 8 bis 18 Uhr mit. Anträge können wir hier nicht entgegennehmen. Zusätzlich gelten die Regeln
> der jeweiligen Plattform. Unsere Datenschutzhinweise finden Sie auf unserer Website.

## Tipps für den Alltag

- Verweisen Sie beim Entfernen kurz auf die Regel: „Wir haben einen Kommentar nach Punkt 2
  unserer Netiquette entfernt.“
- Halten Sie in einem Protokoll fest, was Sie warum entfernt haben.
- Prüfen Sie die Netiquette einmal im Jahr: Stimmen Servicezeiten und Kanäle noch?
""",
            },
        ],
        "comments": [
            {
                "author": "Aylin Demir",
                "days_ago": 232,
                "body": (
                    "Mir fehlt ein Punkt zu persönlichen Daten anderer. Bei uns posten Leute immer "
                    "wieder Fotos mit Kennzeichen von Falschparkern vor den Ladesäulen."
                ),
                "replies": [
                    {
                        "author": "Katrin Hoffmann",
                        "days_ago": 230,
                        "body": (
                            "Sehr guter Hinweis, danke! Ist als neuer Punkt 4 in der Vorlage "
                            "ergänzt."
                        ),
                    },
                ],
            },
            {
                "author": "Thomas Krüger",
                "days_ago": 160,
                "body": (
                    "Wir haben die Vorlage fast unverändert übernommen. Unser Justiziariat wollte "
                    "nur den Satz zur Kritik weiter nach oben ziehen, damit er nicht übersehen "
                    "wird."
                ),
                "replies": [],
            },
            {
                "author": "Lena Schulz",
                "days_ago": 90,
                "body": "Darf ich die Vorlage in meiner Studienarbeit als Beispiel zitieren?",
                "replies": [
                    {
                        "author": "Katrin Hoffmann",
                        "days_ago": 89,
                        "body": "Ja, gern mit Quellenangabe. Viel Erfolg bei der Arbeit!",
                    },
                ],
            },
        ],
        "likes": ["Aylin Demir", "Thomas Krüger", "Jonas Weber", "Lena Schulz"],
    },
    {
        "key": "barrierefreie-beitraege",
        "title": "Barrierefreie Beiträge: Alternativtexte, Untertitel, Hashtags und Emojis",
        "summary": (
            "Praktische Regeln, damit Ihre Beiträge auch mit Screenreader, ohne Ton oder mit "
            "eingeschränktem Sehvermögen verständlich sind."
        ),
        "body": """\
## Warum das Behördensache ist

Öffentliche Stellen müssen ihre Websites und Apps nach der BITV 2.0 barrierefrei gestalten. Wie
weit das für Beiträge auf fremden Plattformen gilt, ist nicht abschließend geklärt. Orientieren
Sie sich trotzdem an den Anforderungen: Ihre Informationen richten sich an alle, und vieles kostet
nur wenige Sekunden.

## Alternativtexte für Bilder

Screenreader lesen Alternativtexte vor. Die meisten Plattformen bieten dafür ein eigenes Feld,
manchmal versteckt in den erweiterten Einstellungen.

- Beschreiben Sie, was für den Beitrag wichtig ist, nicht jedes Detail.
- Beginnen Sie nicht mit „Bild von …“; dass es ein Bild ist, sagt der Screenreader schon.
- Text im Bild, etwa auf einem Plakat, gehört vollständig in den Alternativtext oder in den
  Beitrag.
- Automatisch erzeugte Beschreibungen prüfen und ersetzen.

Beispiel: Statt „Foto“ besser „Die Oberbürgermeisterin schneidet vor dem neuen Eingang der
Stadtbibliothek ein rotes Band durch, etwa 30 Gäste applaudieren.“

## Videos

- Untertitel für jedes Video mit Sprache; automatische Untertitel immer korrekturlesen.
- Wichtiges nicht nur einblenden, sondern auch aussprechen oder in den Beitragstext schreiben.
- Für längere Videos eine Textfassung oder Zusammenfassung anbieten.

## Hashtags und Schrift

- Hashtags in CamelCase schreiben: `#SperrmüllTermine` statt `#sperrmülltermine`. Screenreader
  lesen die Wörter dann einzeln vor.
- Hashtags ans Ende stellen, nicht mitten in den Satz.
- Keine Zierschriften aus Unicode-Sonderzeichen, wie sie Generatoren für „fette“ oder „kursive“
  Texte erzeugen. Screenreader lesen sie als Einzelzeichen oder gar nicht.

## Emojis

Screenreader sprechen Emojis mit ihrem Namen aus, etwa „Gesicht mit Freudentränen“. Deshalb:

| Gut | Schlecht |
|---|---|
| ein oder zwei Emojis am Satzende | lange Emoji-Ketten |
| Emoji ergänzt den Text | Emoji ersetzt ein Wort |
| Text bleibt ohne Emoji verständlich | Emojis als Aufzählungszeichen |

## Grafiken und Kontrast

Text auf Grafiken braucht ausreichenden Kontrast, für normalen Text nach WCAG mindestens 4,5 : 1.
Schreiben Sie wenig Text ins Bild und wiederholen Sie ihn im Beitrag.

## Verständliche Sprache

Kurze Sätze, aktive Formulierungen, Fachbegriffe erklären. Für wichtige Themen lohnt sich eine
Fassung in Leichter Sprache.

Weiterlesen: [Bundesfachstelle Barrierefreiheit](https://www.bundesfachstelle-barrierefreiheit.de)
""",
        "topics": ["barrierefreiheit", "redaktion-formate"],
        "platforms": ["instagram", "facebook", "mastodon", "youtube"],
        "author": "Lena Schulz",
        "coauthors": ["Jonas Weber"],
        "status": "published",
        "published_days_ago": 205,
        "revisions": [
            {
                "author": "Lena Schulz",
                "days_ago": 205,
                "note": "Erste Fassung",
                "title": "Barrierefreie Beiträge: Alternativtexte, Untertitel, Hashtags und Emojis",
                "summary": (
                    "Praktische Regeln, damit Ihre Beiträge auch mit Screenreader, ohne Ton oder "
                    "mit eingeschränktem Sehvermögen verständlich sind."
                ),
                "body": """\
## Warum das Behördensache ist

Öffentliche Stellen müssen ihre Websites und Apps nach der BITV 2.0 barrierefrei gestalten. Wie
weit das für Beiträge auf fremden Plattformen gilt, ist nicht abschließend geklärt. Orientieren
Sie sich trotzdem an den Anforderungen: Ihre Informationen richten sich an alle, und vieles kostet
nur wenige Sekunden.

## Alternativtexte für Bilder

Screenreader lesen Alternativtexte vor. Die meisten Plattformen bieten dafür ein eigenes Feld,
manchmal versteckt in den erweiterten Einstellungen.

- Beschreiben Sie, was für den Beitrag wichtig ist, nicht jedes Detail.
- Beginnen Sie nicht mit „Bild von …“; dass es ein Bild ist, sagt der Screenreader schon.
- Text im Bild, etwa auf einem Plakat, gehört vollständig in den Alternativtext oder in den
  Beitrag.
- Automatisch erzeugte Beschreibungen prüfen und ersetzen.

Beispiel: Statt „Foto“ besser „Die Oberbürgermeisterin schneidet vor dem neuen Eingang der
Stadtbibliothek ein rotes Band durch, etwa 30 Gäste applaudieren.“

## Videos

- Untertitel für jedes Video mit Sprache; automatische Untertitel immer korrekturlesen.
- Wichtiges nicht nur einblenden, sondern auch aussprechen oder in den Beitragstext schreiben.
- Für längere Videos eine Textfassung oder Zusammenfassung anbieten.

## Hashtags

- Hashtags in CamelCase schreiben: `#SperrmüllTermine` statt `#sperrmülltermine`. Screenreader
  lesen die Wörter dann einzeln vor.
- Hashtags ans Ende stellen, nicht mitten in den Satz.

## Emojis

Screenreader sprechen Emojis mit ihrem Namen aus, etwa „Gesicht mit Freudentränen“. Deshalb:

| Gut | Schlecht |
|---|---|
| ein oder zwei Emojis am Satzende | lange Emoji-Ketten |
| Emoji ergänzt den Text | Emoji ersetzt ein Wort |
| Text bleibt ohne Emoji verständlich | Emojis als Aufzählungszeichen |

## Verständliche Sprache

Kurze Sätze, aktive Formulierungen, Fachbegriffe erklären. Für wichtige Themen lohnt sich eine
Fassung in Leichter Sprache.

Weiterlesen: [Bundesfachstelle Barrierefreiheit](https://www.bundesfachstelle-barrierefreiheit.de)
""",
            },
        ],
        "comments": [
            {
                "author": "Aylin Demir",
                "days_ago": 190,
                "body": (
                    "Gilt CamelCase auch für unseren Kontonamen? Wir heißen auf Instagram "
                    "durchgehend klein geschrieben."
                ),
                "replies": [
                    {
                        "author": "Lena Schulz",
                        "days_ago": 189,
                        "body": (
                            "Der Kontoname lässt sich oft nicht ändern, aber der Anzeigename "
                            "schon. Dort würde ich Groß- und Kleinschreibung nutzen, also etwa "
                            "„Stadtwerke Musterstadt“."
                        ),
                    },
                ],
            },
            {
                "author": "Katrin Hoffmann",
                "days_ago": 60,
                "body": (
                    "Wir haben die Emoji-Tabelle in unser Redaktionshandbuch übernommen. Danke für "
                    "die klare Übersicht!"
                ),
                "replies": [],
            },
        ],
        "likes": ["Katrin Hoffmann", "Aylin Demir", "Thomas Krüger", "Jonas Weber"],
    },
    {
        "key": "erfolg-messen-kennzahlen",
        "title": "Erfolg messen: Kennzahlen, die mehr sagen als Followerzahlen",
        "summary": (
            "Welche Kennzahlen für Behördenkanäle aussagekräftig sind, wie Sie sie datensparsam "
            "erheben und wie ein Monatsbericht für die Leitung aussehen kann."
        ),
        "body": """\
## Ziele zuerst

Followerzahlen sind leicht zu zählen und sagen wenig. Ob ein Kanal erfolgreich ist, hängt davon
ab, was er leisten soll. Formulieren Sie deshalb zuerst Ziele, zum Beispiel:

- Bürgerinnen und Bürger erfahren schneller von Störungen als bisher.
- Fragen werden beantwortet, ohne dass jemand anrufen muss.
- Es gehen mehr Bewerbungen für Ausbildungsplätze ein.

## Kennzahlen, die etwas aussagen

| Ziel | Kennzahl |
|---|---|
| Informieren | Reichweite pro Beitrag, Klicks auf die Website |
| Dialog | Zahl der Fragen, mittlere Antwortzeit, Anteil beantworteter Fragen |
| Service | Anliegen, die ohne Anruf oder Besuch gelöst wurden |
| Vertrauen | Tonalität der Kommentare, Anteil sachlicher Diskussionen |
| Gewinnung | Bewerbungen mit der Angabe „über Social Media“ |

Die **Interaktionsrate** (Reaktionen, Kommentare und Teilungen geteilt durch die Reichweite des
Beitrags) hilft, Beiträge untereinander zu vergleichen. Vergleichen Sie sie nicht zwischen
Plattformen, denn jede zählt anders.

## Datensparsam messen

- Nutzen Sie die Statistiken der Plattformen nur zusammengefasst, werten Sie keine einzelnen
  Personen aus.
- Kampagnenparameter an Links zur eigenen Website sind hilfreich, wenn Ihre Webanalyse
  datenschutzfreundlich arbeitet, also ohne Weitergabe an Dritte. Klären Sie das mit Ihrem
  Datenschutz.
- Antwortzeiten und gelöste Anliegen zählen Sie am einfachsten selbst, etwa in Ihrem
  Ticketsystem.

## Ein Beispiel

Die fiktiven Stadtwerke Musterstadt berichten der Geschäftsführung monatlich auf einer Seite:

> **März:** 14 Störungsmeldungen veröffentlicht, im Schnitt 9.800 Menschen erreicht. 212 Fragen
> per Chat, mittlere Antwortzeit 1 Stunde 40 Minuten, 87 % ohne Rückruf gelöst. An den drei
> Störungstagen gingen bei der Hotline rund 30 % weniger Anrufe ein als an vergleichbaren Tagen im
> Vorjahr.

Solche Sätze überzeugen eher als „Wir haben jetzt 4.000 Follower“.

## Regelmäßig und ehrlich

Berichten Sie jeden Monat in derselben Form, damit Entwicklungen sichtbar werden. Nennen Sie auch,
was nicht funktioniert hat. Und prüfen Sie einmal im Jahr, ob Ihre Ziele noch stimmen.
""",
        "topics": ["monitoring-kennzahlen", "strategie"],
        "platforms": ["facebook", "instagram", "whatsapp"],
        "author": "Aylin Demir",
        "coauthors": [],
        "status": "published",
        "published_days_ago": 176,
        "revisions": [
            {
                "author": "Aylin Demir",
                "days_ago": 176,
                "note": "Erste Fassung",
                "title": "Erfolg messen: Kennzahlen, die mehr sagen als Followerzahlen",
                "summary": (
                    "Welche Kennzahlen für Behördenkanäle aussagekräftig sind, wie Sie sie "
                    "datensparsam erheben und wie ein Monatsbericht für die Leitung aussehen kann."
                ),
                "body": """\
## Ziele zuerst

Followerzahlen sind leicht zu zählen und sagen wenig. Ob ein Kanal erfolgreich ist, hängt davon
ab, was er leisten soll. Formulieren Sie deshalb zuerst Ziele, zum Beispiel:

- Bürgerinnen und Bürger erfahren schneller von Störungen als bisher.
- Fragen werden beantwortet, ohne dass jemand anrufen muss.
- Es gehen mehr Bewerbungen für Ausbildungsplätze ein.

## Kennzahlen, die etwas aussagen

| Ziel | Kennzahl |
|---|---|
| Informieren | Reichweite pro Beitrag, Klicks auf die Website |
| Dialog | Zahl der Fragen, mittlere Antwortzeit, Anteil beantworteter Fragen |
| Service | Anliegen, die ohne Anruf oder Besuch gelöst wurden |
| Vertrauen | Tonalität der Kommentare, Anteil sachlicher Diskussionen |
| Gewinnung | Bewerbungen mit der Angabe „über Social Media“ |

Die **Interaktionsrate** (Reaktionen, Kommentare und Teilungen geteilt durch die Zahl der
Follower) hilft, Beiträge untereinander zu vergleichen. Vergleichen Sie sie nicht zwischen
Plattformen, denn jede zählt anders.

## Datensparsam messen

- Nutzen Sie die Statistiken der Plattformen nur zusammengefasst, werten Sie keine einzelnen
  Personen aus.
- Kampagnenparameter an Links zur eigenen Website sind hilfreich, wenn Ihre Webanalyse
  datenschutzfreundlich arbeitet, also ohne Weitergabe an Dritte. Klären Sie das mit Ihrem
  Datenschutz.
- Antwortzeiten und gelöste Anliegen zählen Sie am einfachsten selbst, etwa in Ihrem
  Ticketsystem.

## Ein Beispiel

Die fiktiven Stadtwerke Musterstadt berichten der Geschäftsführung monatlich auf einer Seite:

> **März:** 14 Störungsmeldungen veröffentlicht, im Schnitt 9.800 Menschen erreicht. 212 Fragen
> per Chat, mittlere Antwortzeit 1 Stunde 40 Minuten, 87 % ohne Rückruf gelöst. An den drei
> Störungstagen gingen bei der Hotline rund 50 % weniger Anrufe ein als an vergleichbaren Tagen im
> Vorjahr.

Solche Sätze überzeugen eher als „Wir haben jetzt 4.000 Follower“.

## Regelmäßig und ehrlich

Berichten Sie jeden Monat in derselben Form, damit Entwicklungen sichtbar werden. Nennen Sie auch,
was nicht funktioniert hat. Und prüfen Sie einmal im Jahr, ob Ihre Ziele noch stimmen.
""",
            },
            {
                "author": "Aylin Demir",
                "days_ago": 160,
                "note": "Definition der Interaktionsrate präzisiert",
                "title": "Erfolg messen: Kennzahlen, die mehr sagen als Followerzahlen",
                "summary": (
                    "Welche Kennzahlen für Behördenkanäle aussagekräftig sind, wie Sie sie "
                    "datensparsam erheben und wie ein Monatsbericht für die Leitung aussehen kann."
                ),
                "body": """\
## Ziele zuerst

Followerzahlen sind leicht zu zählen und sagen wenig. Ob ein Kanal erfolgreich ist, hängt davon
ab, was er leisten soll. Formulieren Sie deshalb zuerst Ziele, zum Beispiel:

- Bürgerinnen und Bürger erfahren schneller von Störungen als bisher.
- Fragen werden beantwortet, ohne dass jemand anrufen muss.
- Es gehen mehr Bewerbungen für Ausbildungsplätze ein.

## Kennzahlen, die etwas aussagen

| Ziel | Kennzahl |
|---|---|
| Informieren | Reichweite pro Beitrag, Klicks auf die Website |
| Dialog | Zahl der Fragen, mittlere Antwortzeit, Anteil beantworteter Fragen |
| Service | Anliegen, die ohne Anruf oder Besuch gelöst wurden |
| Vertrauen | Tonalität der Kommentare, Anteil sachlicher Diskussionen |
| Gewinnung | Bewerbungen mit der Angabe „über Social Media“ |

Die **Interaktionsrate** (Reaktionen, Kommentare und Teilungen geteilt durch die Reichweite des
Beitrags) hilft, Beiträge untereinander zu vergleichen. Vergleichen Sie sie nicht zwischen
Plattformen, denn jede zählt anders.

## Datensparsam messen

- Nutzen Sie die Statistiken der Plattformen nur zusammengefasst, werten Sie keine einzelnen
  Personen aus.
- Kampagnenparameter an Links zur eigenen Website sind hilfreich, wenn Ihre Webanalyse
  datenschutzfreundlich arbeitet, also ohne Weitergabe an Dritte. Klären Sie das mit Ihrem
  Datenschutz.
- Antwortzeiten und gelöste Anliegen zählen Sie am einfachsten selbst, etwa in Ihrem
  Ticketsystem.

## Ein Beispiel

Die fiktiven Stadtwerke Musterstadt berichten der Geschäftsführung monatlich auf einer Seite:

> **März:** 14 Störungsmeldungen veröffentlicht, im Schnitt 9.800 Menschen erreicht. 212 Fragen
> per Chat, mittlere Antwortzeit 1 Stunde 40 Minuten, 87 % ohne Rückruf gelöst. An den drei
> Störungstagen gingen bei der Hotline rund 50 % weniger Anrufe ein als an vergleichbaren Tagen im
> Vorjahr.

Solche Sätze überzeugen eher als „Wir haben jetzt 4.000 Follower“.

## Regelmäßig und ehrlich

Berichten Sie jeden Monat in derselben Form, damit Entwicklungen sichtbar werden. Nennen Sie auch,
was nicht funktioniert hat. Und prüfen Sie einmal im Jahr, ob Ihre Ziele noch stimmen.
""",
            },
        ],
        "comments": [
            {
                "author": "Thomas Krüger",
                "days_ago": 158,
                "body": (
                    "Wie sicher ist der Effekt bei der Hotline? Weniger Anrufe können ja auch "
                    "andere Gründe haben, etwa eine kürzere Störung."
                ),
                "replies": [
                    {
                        "author": "Aylin Demir",
                        "days_ago": 157,
                        "body": (
                            "Ehrlich gesagt: Das ist eine grobe Schätzung. Wir vergleichen nur "
                            "Tage mit ähnlich langen Störungen. Nach deiner Frage habe ich die "
                            "Zahl noch einmal nachgerechnet und nach unten korrigiert."
                        ),
                    },
                ],
            },
            {
                "author": "Katrin Hoffmann",
                "days_ago": 150,
                "body": (
                    "Den Anteil der ohne Rückruf gelösten Anliegen haben wir übernommen. Das hat "
                    "unseren Bürgermeister mehr beeindruckt als jede Reichweitenzahl."
                ),
                "replies": [],
            },
        ],
        "likes": ["Katrin Hoffmann", "Thomas Krüger"],
    },
    {
        "key": "mastodon-fuer-behoerden",
        "title": "Mastodon für Behörden: eigene Instanz, gemeinsame Instanz und Verifizierung",
        "summary": (
            "Was Behörden vor dem Start im Fediverse entscheiden müssen: wo das Konto liegt, wer "
            "moderiert, wie die Verifizierung über die eigene Website funktioniert und was die "
            "Community erwartet."
        ),
        "body": """\
## Was ist anders?

Mastodon ist kein einzelnes Netzwerk, sondern ein Verbund vieler unabhängiger Server (Instanzen),
die miteinander kommunizieren. Kein Konzern wertet Daten für Werbung aus, kein Algorithmus sortiert
Beiträge nach Reichweite. Das macht Mastodon für Behörden datenschutzrechtlich attraktiv, verlagert
aber auch Verantwortung zu Ihnen.

## Wo liegt Ihr Konto?

### Eigene Instanz

Sie betreiben einen Server unter Ihrer Domain, etwa `social.musterstadt.example`. Vorteil: volle
Kontrolle, und die Adresse belegt bereits die Herkunft. Aber Sie sind Betreiber mit allen
Pflichten: Updates und Sicherheit, Bearbeitung von Meldungen, Datenschutzerklärung, Impressum und
Pflichten aus dem Digital Services Act. Klären Sie das mit IT, Datenschutz und Justiziariat. Die
meisten Behörden öffnen eine eigene Instanz nur für eigene Dienstkonten.

### Gemeinsame Instanz der öffentlichen Hand

Einige Bundesbehörden betreiben eigene Instanzen, und manche Angebote stehen auch anderen
öffentlichen Stellen offen. Auch Länder oder kommunale IT-Dienstleister bieten teils solche
Lösungen an. Fragen Sie bei Ihrer übergeordneten Stelle oder Ihrem IT-Dienstleister nach, was
Ihnen offensteht, und prüfen Sie den aktuellen Stand.

### Allgemeine Instanz

Ein Konto auf einer großen öffentlichen Instanz ist schnell angelegt, macht Sie aber von deren
Regeln und Fortbestand abhängig. Für einen Test geeignet, für den Dauerbetrieb eher nicht.

## Verifizierung mit rel="me"

Mastodon kennt keinen gekauften Haken. Stattdessen verknüpfen Sie Konto und Website gegenseitig:

1. Tragen Sie die Adresse Ihrer Website in ein Profilfeld ein.
2. Setzen Sie auf dieser Website einen Link auf Ihr Profil mit dem Attribut `rel="me"`, zum
   Beispiel `<a rel="me" href="https://social.musterstadt.example/@stadt">Mastodon</a>`.
3. Nach dem nächsten Speichern des Profils zeigt Mastodon das Feld als bestätigt an.

## Was die Community erwartet

- Bildbeschreibungen für jedes Bild; fehlende Alternativtexte fallen hier schnell auf.
- Eigene Beiträge statt automatischer Spiegelung von anderen Plattformen.
- Inhaltswarnungen für belastende Themen sind verbreitet.
- Antworten auf Fragen, wie auf jedem anderen Kanal.

## Moderation

Auch auf Mastodon gilt Ihre Netiquette. Sie können Konten stummschalten, blockieren und melden.
Die Möglichkeiten, Antworten unter eigenen Beiträgen zu steuern, unterscheiden sich von
kommerziellen Plattformen; prüfen Sie den aktuellen Funktionsumfang. Mit eigener Instanz
bearbeiten Sie zusätzlich Meldungen und entscheiden, mit welchen Servern Sie sich verbinden.

Weiterlesen: [Dokumentation von Mastodon](https://docs.joinmastodon.org)
""",
        "topics": ["strategie", "datenschutz-recht", "hate-speech-moderation"],
        "platforms": ["mastodon"],
        "author": "Thomas Krüger",
        "coauthors": [],
        "status": "published",
        "published_days_ago": 140,
        "revisions": [
            {
                "author": "Thomas Krüger",
                "days_ago": 140,
                "note": "Erste Fassung",
                "title": (
                    "Mastodon für Behörden: eigene Instanz, gemeinsame Instanz und Verifizierung"
                ),
                "summary": (
                    "Was Behörden vor dem Start im Fediverse entscheiden müssen: wo das Konto "
                    "liegt, wer moderiert, wie die Verifizierung über die eigene Website "
                    "funktioniert und was die Community erwartet."
                ),
                "body": """\
## Was ist anders?

Mastodon ist kein einzelnes Netzwerk, sondern ein Verbund vieler unabhängiger Server (Instanzen),
die miteinander kommunizieren. Kein Konzern wertet Daten für Werbung aus, kein Algorithmus sortiert
Beiträge nach Reichweite. Das macht Mastodon für Behörden datenschutzrechtlich attraktiv, verlagert
aber auch Verantwortung zu Ihnen.

## Wo liegt Ihr Konto?

### Eigene Instanz

Sie betreiben einen Server unter Ihrer Domain, etwa `social.musterstadt.example`. Vorteil: volle
Kontrolle, und die Adresse belegt bereits die Herkunft. Aber Sie sind Betreiber mit allen
Pflichten: Updates und Sicherheit, Bearbeitung von Meldungen, Datenschutzerklärung, Impressum und
Pflichten aus dem Digital Services Act. Klären Sie das mit IT, Datenschutz und Justiziariat. Die
meisten Behörden öffnen eine eigene Instanz nur für eigene Dienstkonten.

### Gemeinsame Instanz der öffentlichen Hand

Es gibt Instanzen der öffentlichen Hand, auf denen Behörden Konten erhalten können. Fragen Sie
bei Ihrer übergeordneten Stelle nach.

### Allgemeine Instanz

Ein Konto auf einer großen öffentlichen Instanz ist schnell angelegt, macht Sie aber von deren
Regeln und Fortbestand abhängig. Für einen Test geeignet, für den Dauerbetrieb eher nicht.

## Was die Community erwartet

- Bildbeschreibungen für jedes Bild; fehlende Alternativtexte fallen hier schnell auf.
- Eigene Beiträge statt automatischer Spiegelung von anderen Plattformen.
- Inhaltswarnungen für belastende Themen sind verbreitet.
- Antworten auf Fragen, wie auf jedem anderen Kanal.

Weiterlesen: [Dokumentation von Mastodon](https://docs.joinmastodon.org)
""",
            },
            {
                "author": "Thomas Krüger",
                "days_ago": 120,
                "note": 'Abschnitt zur Verifizierung mit rel="me" ergänzt',
                "title": (
                    "Mastodon für Behörden: eigene Instanz, gemeinsame Instanz und Verifizierung"
                ),
                "summary": (
                    "Was Behörden vor dem Start im Fediverse entscheiden müssen: wo das Konto "
                    "liegt, wer moderiert, wie die Verifizierung über die eigene Website "
                    "funktioniert und was die Community erwartet."
                ),
                "body": """\
## Was ist anders?

Mastodon ist kein einzelnes Netzwerk, sondern ein Verbund vieler unabhängiger Server (Instanzen),
die miteinander kommunizieren. Kein Konzern wertet Daten für Werbung aus, kein Algorithmus sortiert
Beiträge nach Reichweite. Das macht Mastodon für Behörden datenschutzrechtlich attraktiv, verlagert
aber auch Verantwortung zu Ihnen.

## Wo liegt Ihr Konto?

### Eigene Instanz

Sie betreiben einen Server unter Ihrer Domain, etwa `social.musterstadt.example`. Vorteil: volle
Kontrolle, und die Adresse belegt bereits die Herkunft. Aber Sie sind Betreiber mit allen
Pflichten: Updates und Sicherheit, Bearbeitung von Meldungen, Datenschutzerklärung, Impressum und
Pflichten aus dem Digital Services Act. Klären Sie das mit IT, Datenschutz und Justiziariat. Die
meisten Behörden öffnen eine eigene Instanz nur für eigene Dienstkonten.

### Gemeinsame Instanz der öffentlichen Hand

Es gibt Instanzen der öffentlichen Hand, auf denen Behörden Konten erhalten können. Fragen Sie
bei Ihrer übergeordneten Stelle nach.

### Allgemeine Instanz

Ein Konto auf einer großen öffentlichen Instanz ist schnell angelegt, macht Sie aber von deren
Regeln und Fortbestand abhängig. Für einen Test geeignet, für den Dauerbetrieb eher nicht.

## Verifizierung mit rel="me"

Mastodon kennt keinen gekauften Haken. Stattdessen verknüpfen Sie Konto und Website gegenseitig:

1. Tragen Sie die Adresse Ihrer Website in ein Profilfeld ein.
2. Setzen Sie auf dieser Website einen Link auf Ihr Profil mit dem Attribut `rel="me"`, zum
   Beispiel `<a rel="me" href="https://social.musterstadt.example/@stadt">Mastodon</a>`.
3. Nach dem nächsten Speichern des Profils zeigt Mastodon das Feld als bestätigt an.

## Was die Community erwartet

- Bildbeschreibungen für jedes Bild; fehlende Alternativtexte fallen hier schnell auf.
- Eigene Beiträge statt automatischer Spiegelung von anderen Plattformen.
- Inhaltswarnungen für belastende Themen sind verbreitet.
- Antworten auf Fragen, wie auf jedem anderen Kanal.

Weiterlesen: [Dokumentation von Mastodon](https://docs.joinmastodon.org)
""",
            },
        ],
        "comments": [
            {
                "author": "Lena Schulz",
                "days_ago": 130,
                "body": (
                    "Wie viele Follower haben Behörden dort typischerweise? Für meine "
                    "Studienarbeit finde ich keine verlässlichen Zahlen."
                ),
                "replies": [
                    {
                        "author": "Thomas Krüger",
                        "days_ago": 129,
                        "body": (
                            "Meist deutlich weniger als auf den großen Plattformen, dafür sind die "
                            "Diskussionen oft sachlicher. Zahlen würde ich direkt auf den Profilen "
                            "nachsehen, mit Datum – und gern hier im Behördenverzeichnis "
                            "eintragen."
                        ),
                    },
                ],
            },
            {
                "author": "Jonas Weber",
                "days_ago": 60,
                "body": (
                    "Unser kommunaler IT-Dienstleister bietet inzwischen Konten auf einer "
                    "gemeinsamen Instanz an. Das hat uns den eigenen Betrieb erspart, und die "
                    "Verifizierung über die Kreis-Website hat auf Anhieb funktioniert."
                ),
                "replies": [
                    {
                        "author": "Thomas Krüger",
                        "days_ago": 58,
                        "body": (
                            "Danke, genau solche Angebote meinte ich im Abschnitt zur gemeinsamen "
                            "Instanz."
                        ),
                    },
                ],
            },
        ],
        "likes": ["Jonas Weber", "Lena Schulz", "Katrin Hoffmann", "Aylin Demir"],
    },
    {
        "key": "fotos-videos-smartphone",
        "title": "Fotos und Videos mit dem Smartphone: gute Bilder ohne Budget",
        "summary": (
            "Welche Ausstattung sich lohnt, wie Sie mit dem Diensthandy brauchbare Fotos und kurze "
            "Videos produzieren und was Sie vor dem Veröffentlichen prüfen sollten."
        ),
        "body": """\
## Das Smartphone reicht – fast

Aktuelle Smartphones liefern Fotos und Videos, die für Behördenkanäle völlig ausreichen. Den
Unterschied machen Ton, Licht und ein ruhiges Bild. Mit wenig Zubehör kommen Sie weit.

## Grundausstattung

| Zubehör | Wofür | Preis etwa |
|---|---|---|
| Ansteckmikrofon | verständlicher Ton bei Interviews | 30–150 € |
| kleines Stativ mit Halterung | ruhige Aufnahmen | 20–40 € |
| LED-Leuchte | Innenräume, dunkle Wintertage | 25–60 € |
| Powerbank | lange Termine | 20–40 € |

Die Preise sind grobe Richtwerte; prüfen Sie den aktuellen Markt und Ihre Beschaffungsregeln.
Klären Sie vorher, ob Sie ein Diensthandy nutzen dürfen und wo die Aufnahmen gespeichert werden.
Private Geräte und private Cloud-Speicher sind für dienstliche Aufnahmen tabu.

## Fotografieren

- Licht von vorn oder von der Seite, nie die Person vor dem Fenster.
- Nah herangehen: lieber zwei Schritte machen als digital zoomen.
- Menschen bei der Arbeit zeigen statt Gruppenfoto mit Händeschütteln.
- Das Format mitdenken: hochkant für Storys und Kurzvideos, quer für YouTube und Websites.

## Videos drehen

1. **Ton zuerst.** Ein unscharfes Bild verzeiht das Publikum eher als schlechten Ton.
2. **Ruhig halten.** Stativ nutzen oder beide Hände, Ellbogen am Körper.
3. **Kurz planen.** Eine Botschaft in drei Sätzen, dazu fünf Einstellungen: Überblick, halbnah,
   Detail, Gesicht, Handlung.
4. **Die ersten Sekunden zählen.** Das Wichtigste gleich an den Anfang.
5. **Untertitel einplanen.** Viele Menschen schauen ohne Ton.

## Schneiden

Für kurze Clips genügen die Schnittfunktionen der Plattformen oder eine Schnitt-App. Prüfen Sie,
ob eine App Material in eine Cloud hochlädt und was ihre Nutzungsbedingungen über Ihre Inhalte
sagen. Musik nur aus Bibliotheken mit klarer Lizenz oder aus der Auswahl, die die Plattform für
Organisationskonten freigibt.

## Live-Video

Live-Übertragungen – vor einigen Jahren über Periscope, heute direkt in den großen Plattformen –
sind reizvoll, aber riskant: Nichts lässt sich herausschneiden. Proben Sie vorher, holen Sie die
Einwilligungen aller Beteiligten ein und lassen Sie eine zweite Person die Kommentare betreuen.

## Vor dem Veröffentlichen

- Haben alle erkennbaren Personen eingewilligt?
- Sind Kennzeichen, Bildschirme oder Akten im Hintergrund lesbar?
- Ist die Musik lizenziert?
- Gibt es Untertitel und eine Bildbeschreibung?
""",
        "topics": ["redaktion-formate", "bild-urheberrecht"],
        "platforms": ["instagram", "youtube", "tiktok", "facebook"],
        "author": "Jonas Weber",
        "coauthors": [],
        "status": "draft",
        "published_days_ago": None,
        "revisions": [
            {
                "author": "Jonas Weber",
                "days_ago": 21,
                "note": "Erster Entwurf",
                "title": "Fotos und Videos mit dem Smartphone: gute Bilder ohne Budget",
                "summary": (
                    "Welche Ausstattung sich lohnt, wie Sie mit dem Diensthandy brauchbare Fotos "
                    "und kurze Videos produzieren und was Sie vor dem Veröffentlichen prüfen "
                    "sollten."
                ),
                "body": """\
## Das Smartphone reicht – fast

Aktuelle Smartphones liefern Fotos und Videos, die für Behördenkanäle völlig ausreichen. Den
Unterschied machen Ton, Licht und ein ruhiges Bild. Mit wenig Zubehör kommen Sie weit.

## Grundausstattung

| Zubehör | Wofür | Preis etwa |
|---|---|---|
| Ansteckmikrofon | verständlicher Ton bei Interviews | 30–150 € |
| kleines Stativ mit Halterung | ruhige Aufnahmen | 20–40 € |
| LED-Leuchte | Innenräume, dunkle Wintertage | 25–60 € |
| Powerbank | lange Termine | 20–40 € |

Klären Sie vorher, ob Sie ein Diensthandy nutzen dürfen und wo die Aufnahmen gespeichert werden.
Private Geräte und private Cloud-Speicher sind für dienstliche Aufnahmen tabu.

## Fotografieren

- Licht von vorn oder von der Seite, nie die Person vor dem Fenster.
- Nah herangehen: lieber zwei Schritte machen als digital zoomen.
- Menschen bei der Arbeit zeigen statt Gruppenfoto mit Händeschütteln.
- Das Format mitdenken: hochkant für Storys und Kurzvideos, quer für YouTube und Websites.

## Videos drehen

1. **Ton zuerst.** Ein unscharfes Bild verzeiht das Publikum eher als schlechten Ton.
2. **Ruhig halten.** Stativ nutzen oder beide Hände, Ellbogen am Körper.
3. **Kurz planen.** Eine Botschaft in drei Sätzen, dazu fünf Einstellungen: Überblick, halbnah,
   Detail, Gesicht, Handlung.
4. **Die ersten Sekunden zählen.** Das Wichtigste gleich an den Anfang.
5. **Untertitel einplanen.** Viele Menschen schauen ohne Ton.

## Schneiden

Für kurze Clips genügen die Schnittfunktionen der Plattformen oder eine Schnitt-App. Prüfen Sie,
ob eine App Material in eine Cloud hochlädt und was ihre Nutzungsbedingungen über Ihre Inhalte
sagen. Musik nur aus Bibliotheken mit klarer Lizenz oder aus der Auswahl, die die Plattform für
Organisationskonten freigibt.

## Vor dem Veröffentlichen

- Haben alle erkennbaren Personen eingewilligt?
- Sind Kennzeichen, Bildschirme oder Akten im Hintergrund lesbar?
- Ist die Musik lizenziert?
- Gibt es Untertitel und eine Bildbeschreibung?
""",
            },
        ],
        "comments": [],
        "likes": [],
    },
    {
        "key": "behoerdenleitung-ueberzeugen",
        "title": "Die Behördenleitung überzeugen: Argumente, ein Blick zurück und eine Pilotphase",
        "summary": (
            "Womit Sie Ihre Leitung für einen Social-Media-Auftritt gewinnen: Nutzen statt Trend, "
            "die Entwicklung seit 2014 und ein Pilot mit klaren Abbruchkriterien."
        ),
        "body": """\
## Was die Leitung wissen will

Behördenleitungen fragen selten, ob eine Plattform gerade angesagt ist. Sie wollen wissen:

1. **Nutzen:** Welche Aufgabe erfüllen wir damit besser als bisher?
2. **Risiko:** Was passiert bei Kritik, Fehlern oder Datenschutzfragen?
3. **Aufwand:** Wie viel Personal und Geld bindet das dauerhaft?
4. **Kontrolle:** Wer entscheidet, was veröffentlicht wird?

Bereiten Sie auf jede Frage eine kurze, ehrliche Antwort vor. Eine Seite reicht.

## Argumente, die tragen

- **Menschen dort erreichen, wo sie sind:** Viele lesen keine Pressemitteilungen, wohl aber ihren
  Feed.
- **Schnell sein, wenn es darauf ankommt:** Bei Unwetter, Störungen oder Falschmeldungen können Sie
  in Minuten reagieren.
- **Gerüchten begegnen:** Wo die Behörde schweigt, füllen andere die Lücke.
- **Nachwuchs gewinnen:** Ausbildung und Stellen zeigen, wo Bewerberinnen und Bewerber unterwegs
  sind.

## Ein Blick zurück

Wie schnell sich Normalität verschiebt, zeigt die Geschichte. Anfang 2014 hatten von den damals 14
Bundesministerien nur fünf eine Facebook-Seite, sieben waren auf Twitter aktiv. Von rund 50
Bundesämtern waren jeweils sieben auf Facebook und auf Twitter vertreten – obwohl Facebook im
Januar 2014 in Deutschland bereits rund 27 Millionen Mitglieder zählte. Unternehmen waren weiter:
Nach einer BITKOM-Studie von 2012 waren etwa 63 % im Social Web aktiv oder planten es konkret.
Im Oktober 2015 fehlte dann nur noch ein einziges Bundesministerium in den sozialen Netzwerken.

> Was 2014 als Wagnis galt, war kurz darauf Standard. Der Satz „Das macht doch keine Behörde“
> trägt heute nicht mehr.

In der Fachdiskussion jener Jahre wurden immer wieder dieselben Vorreiter genannt, etwa das
Bundesamt für Migration und Flüchtlinge, das Umweltbundesamt, die Städte Stuttgart, Frankfurt am
Main, Magdeburg, Nürnberg und Erlangen, die Kölner Verkehrsbetriebe und die Stadtreinigung
Hamburg. Zeigen Sie Ihrer Leitung, wie vergleichbare Häuser heute kommunizieren; das überzeugt oft
mehr als jede Folie.

## Pilotphase statt Grundsatzentscheidung

Schlagen Sie keinen Auftritt für die Ewigkeit vor, sondern einen befristeten Test:

| Baustein | Beispiel |
|---|---|
| Dauer | sechs Monate |
| Umfang | eine Plattform, ein klares Thema |
| Ziel | 80 % der Fragen innerhalb eines Werktags beantwortet |
| Abbruchkriterien | Ziele deutlich verfehlt, Personal nicht verfügbar |
| Bericht | nach drei und nach sechs Monaten an die Leitung |

So entscheidet die Leitung nicht über „Social Media“ insgesamt, sondern über ein überschaubares
Experiment mit Ausstiegsoption.

## Datenschutz früh einbinden

Holen Sie die oder den Datenschutzbeauftragten vor dem Leitungsgespräch ins Boot. Eine gemeinsame
Vorlage wirkt stärker als ein Konflikt, den die Leitung schlichten muss.

Wie die Bundesregierung selbst kommuniziert: [bundesregierung.de](https://www.bundesregierung.de)
""",
        "topics": ["strategie", "personal-organisation"],
        "platforms": ["facebook", "x-twitter", "instagram", "linkedin"],
        "author": "Thomas Krüger",
        "coauthors": [],
        "status": "published",
        "published_days_ago": 112,
        "revisions": [
            {
                "author": "Thomas Krüger",
                "days_ago": 112,
                "note": "Erste Fassung",
                "title": (
                    "Die Behördenleitung überzeugen: Argumente, ein Blick zurück und eine "
                    "Pilotphase"
                ),
                "summary": (
                    "Womit Sie Ihre Leitung für einen Social-Media-Auftritt gewinnen: Nutzen statt "
                    "Trend, die Entwicklung seit 2014 und ein Pilot mit klaren Abbruchkriterien."
                ),
                "body": """\
## Was die Leitung wissen will

Behördenleitungen fragen selten, ob eine Plattform gerade angesagt ist. Sie wollen wissen:

1. **Nutzen:** Welche Aufgabe erfüllen wir damit besser als bisher?
2. **Risiko:** Was passiert bei Kritik, Fehlern oder Datenschutzfragen?
3. **Aufwand:** Wie viel Personal und Geld bindet das dauerhaft?
4. **Kontrolle:** Wer entscheidet, was veröffentlicht wird?

Bereiten Sie auf jede Frage eine kurze, ehrliche Antwort vor. Eine Seite reicht.

## Argumente, die tragen

- **Menschen dort erreichen, wo sie sind:** Viele lesen keine Pressemitteilungen, wohl aber ihren
  Feed.
- **Schnell sein, wenn es darauf ankommt:** Bei Unwetter, Störungen oder Falschmeldungen können Sie
  in Minuten reagieren.
- **Gerüchten begegnen:** Wo die Behörde schweigt, füllen andere die Lücke.
- **Nachwuchs gewinnen:** Ausbildung und Stellen zeigen, wo Bewerberinnen und Bewerber unterwegs
  sind.

## Ein Blick zurück

Wie schnell sich Normalität verschiebt, zeigt die Geschichte. Anfang 2014 hatten von den damals 14
Bundesministerien nur sieben eine Facebook-Seite, fünf waren auf Twitter aktiv. Von rund 50
Bundesämtern waren jeweils sieben auf Facebook und auf Twitter vertreten – obwohl Facebook im
Januar 2014 in Deutschland bereits rund 27 Millionen Mitglieder zählte. Unternehmen waren weiter:
Nach einer BITKOM-Studie von 2012 waren etwa 63 % im Social Web aktiv oder planten es konkret.
Im Oktober 2015 fehlte dann nur noch ein einziges Bundesministerium in den sozialen Netzwerken.

> Was 2014 als Wagnis galt, war kurz darauf Standard. Der Satz „Das macht doch keine Behörde“
> trägt heute nicht mehr.

In der Fachdiskussion jener Jahre wurden immer wieder dieselben Vorreiter genannt, etwa das
Bundesamt für Migration und Flüchtlinge, das Umweltbundesamt, die Städte Stuttgart, Frankfurt am
Main, Magdeburg, Nürnberg und Erlangen, die Kölner Verkehrsbetriebe und die Stadtreinigung
Hamburg. Zeigen Sie Ihrer Leitung, wie vergleichbare Häuser heute kommunizieren; das überzeugt oft
mehr als jede Folie.

## Pilotphase statt Grundsatzentscheidung

Schlagen Sie keinen Auftritt für die Ewigkeit vor, sondern einen befristeten Test:

| Baustein | Beispiel |
|---|---|
| Dauer | sechs Monate |
| Umfang | eine Plattform, ein klares Thema |
| Ziel | 80 % der Fragen innerhalb eines Werktags beantwortet |
| Abbruchkriterien | Ziele deutlich verfehlt, Personal nicht verfügbar |
| Bericht | nach drei und nach sechs Monaten an die Leitung |

So entscheidet die Leitung nicht über „Social Media“ insgesamt, sondern über ein überschaubares
Experiment mit Ausstiegsoption.

Wie die Bundesregierung selbst kommuniziert: [bundesregierung.de](https://www.bundesregierung.de)
""",
            },
            {
                "author": "Thomas Krüger",
                "days_ago": 106,
                "note": (
                    "Zahlen zu den Bundesministerien korrigiert (Facebook und Twitter waren "
                    "vertauscht)"
                ),
                "title": (
                    "Die Behördenleitung überzeugen: Argumente, ein Blick zurück und eine "
                    "Pilotphase"
                ),
                "summary": (
                    "Womit Sie Ihre Leitung für einen Social-Media-Auftritt gewinnen: Nutzen statt "
                    "Trend, die Entwicklung seit 2014 und ein Pilot mit klaren Abbruchkriterien."
                ),
                "body": """\
## Was die Leitung wissen will

Behördenleitungen fragen selten, ob eine Plattform gerade angesagt ist. Sie wollen wissen:

1. **Nutzen:** Welche Aufgabe erfüllen wir damit besser als bisher?
2. **Risiko:** Was passiert bei Kritik, Fehlern oder Datenschutzfragen?
3. **Aufwand:** Wie viel Personal und Geld bindet das dauerhaft?
4. **Kontrolle:** Wer entscheidet, was veröffentlicht wird?

Bereiten Sie auf jede Frage eine kurze, ehrliche Antwort vor. Eine Seite reicht.

## Argumente, die tragen

- **Menschen dort erreichen, wo sie sind:** Viele lesen keine Pressemitteilungen, wohl aber ihren
  Feed.
- **Schnell sein, wenn es darauf ankommt:** Bei Unwetter, Störungen oder Falschmeldungen können Sie
  in Minuten reagieren.
- **Gerüchten begegnen:** Wo die Behörde schweigt, füllen andere die Lücke.
- **Nachwuchs gewinnen:** Ausbildung und Stellen zeigen, wo Bewerberinnen und Bewerber unterwegs
  sind.

## Ein Blick zurück

Wie schnell sich Normalität verschiebt, zeigt die Geschichte. Anfang 2014 hatten von den damals 14
Bundesministerien nur fünf eine Facebook-Seite, sieben waren auf Twitter aktiv. Von rund 50
Bundesämtern waren jeweils sieben auf Facebook und auf Twitter vertreten – obwohl Facebook im
Januar 2014 in Deutschland bereits rund 27 Millionen Mitglieder zählte. Unternehmen waren weiter:
Nach einer BITKOM-Studie von 2012 waren etwa 63 % im Social Web aktiv oder planten es konkret.
Im Oktober 2015 fehlte dann nur noch ein einziges Bundesministerium in den sozialen Netzwerken.

> Was 2014 als Wagnis galt, war kurz darauf Standard. Der Satz „Das macht doch keine Behörde“
> trägt heute nicht mehr.

In der Fachdiskussion jener Jahre wurden immer wieder dieselben Vorreiter genannt, etwa das
Bundesamt für Migration und Flüchtlinge, das Umweltbundesamt, die Städte Stuttgart, Frankfurt am
Main, Magdeburg, Nürnberg und Erlangen, die Kölner Verkehrsbetriebe und die Stadtreinigung
Hamburg. Zeigen Sie Ihrer Leitung, wie vergleichbare Häuser heute kommunizieren; das überzeugt oft
mehr als jede Folie.

## Pilotphase statt Grundsatzentscheidung

Schlagen Sie keinen Auftritt für die Ewigkeit vor, sondern einen befristeten Test:

| Baustein | Beispiel |
|---|---|
| Dauer | sechs Monate |
| Umfang | eine Plattform, ein klares Thema |
| Ziel | 80 % der Fragen innerhalb eines Werktags beantwortet |
| Abbruchkriterien | Ziele deutlich verfehlt, Personal nicht verfügbar |
| Bericht | nach drei und nach sechs Monaten an die Leitung |

So entscheidet die Leitung nicht über „Social Media“ insgesamt, sondern über ein überschaubares
Experiment mit Ausstiegsoption.

Wie die Bundesregierung selbst kommuniziert: [bundesregierung.de](https://www.bundesregierung.de)
""",
            },
        ],
        "comments": [
            {
                "author": "Jonas Weber",
                "days_ago": 108,
                "body": (
                    "Kleiner Hinweis: Bei den Ministerien sind Facebook und Twitter vertauscht, "
                    "soweit ich die Quellen von damals kenne. Fünf waren auf Facebook, sieben auf "
                    "Twitter."
                ),
                "replies": [
                    {
                        "author": "Thomas Krüger",
                        "days_ago": 106,
                        "body": "Stimmt, danke fürs genaue Lesen! Ist korrigiert.",
                    },
                ],
            },
            {
                "author": "Katrin Hoffmann",
                "days_ago": 100,
                "body": (
                    "Bei uns hat 2014 auch der Pilot den Ausschlag gegeben. Der wichtigste Satz in "
                    "der Vorlage war damals: „Wir können jederzeit wieder aufhören.“ Aufgehört "
                    "haben wir bis heute nicht."
                ),
                "replies": [
                    {
                        "author": "Thomas Krüger",
                        "days_ago": 99,
                        "body": "Den Satz leihe ich mir für unsere Vorlage aus.",
                    },
                ],
            },
            {
                "author": "Lena Schulz",
                "days_ago": 70,
                "body": (
                    "Danke für den Rückblick! Für meine Studienarbeit habe ich kaum verlässliche "
                    "Zahlen dazu gefunden, wie viele Behörden überhaupt in sozialen Netzwerken "
                    "aktiv sind."
                ),
                "replies": [
                    {
                        "author": "Thomas Krüger",
                        "days_ago": 69,
                        "body": (
                            "Eine aktuelle, vollständige Erhebung kenne ich auch nicht. Genau "
                            "dafür gibt es hier das Behördenverzeichnis: Tragen Sie gern Konten "
                            "nach, die Sie finden."
                        ),
                    },
                ],
            },
        ],
        "likes": ["Katrin Hoffmann", "Jonas Weber", "Lena Schulz", "Aylin Demir"],
    },
    {
        "key": "gescheiterter-instagram-kanal",
        "title": "Was wir aus einem gescheiterten Instagram-Kanal gelernt haben",
        "summary": (
            "Die fiktive Kreisverwaltung Beispielkreis hat einen Instagram-Kanal für junge "
            "Zielgruppen nach acht Monaten eingestellt. Ein ehrlicher Rückblick auf Fehler, Zahlen "
            "und Lehren."
        ),
        "body": """\
## Die Idee

Im Frühjahr vor zwei Jahren startete die fiktive Kreisverwaltung Beispielkreis einen eigenen
Instagram-Kanal. Das Ziel: junge Menschen im Kreis erreichen und mehr Bewerbungen für Ausbildung
und duales Studium gewinnen. Der Kanal sollte locker sein, mit Blicken hinter die Kulissen und
Beiträgen von Auszubildenden.

## Was passiert ist

| Monat | Entwicklung |
|---|---|
| 1–2 | 24 Beiträge, viel Begeisterung, rund 400 Abonnierende |
| 3–4 | Freigaben dauern bis zu zwei Wochen, Beiträge wirken veraltet |
| 5 | die zuständige Kollegin geht in Elternzeit, keine Vertretung |
| 6–7 | drei Beiträge, Fragen in Kommentaren bleiben tagelang offen |
| 8 | Entscheidung, den Kanal einzustellen; knapp 650 Abonnierende |

Bewerbungen, die nachweislich über Instagram kamen: zwei.

## Was schiefgelaufen ist

- **Kein Personal eingeplant.** Der Kanal lief nebenbei mit etwa vier Stunden pro Woche.
- **Freigabe wie bei Pressemitteilungen.** Jeder Beitrag ging über drei Ebenen. Für ein Format,
  das von Tempo lebt, war das nicht durchzuhalten.
- **Keine Vertretung.** Mit einer einzigen Person stand und fiel alles.
- **Zu wenig Vorlauf.** Nach den ersten Wochen war der Ideenvorrat aufgebraucht.
- **Ziel ohne Messung.** Bewerbungen waren die Zielgröße, aber niemand hat abgefragt, wie
  Bewerberinnen und Bewerber auf uns aufmerksam wurden.

## Wie wir den Kanal beendet haben

Wir haben das Konto nicht gelöscht, sondern

1. einen letzten Beitrag veröffentlicht, der erklärt, wo es Informationen zur Ausbildung gibt,
2. die Profilbeschreibung angepasst („Dieser Kanal wird nicht mehr betreut“),
3. die Kommentarfunktion unter den alten Beiträgen abgeschaltet,
4. den Namen behalten, damit ihn niemand übernimmt und sich als Kreisverwaltung ausgibt.

## Was wir heute anders machen würden

> Lieber kein Kanal als ein verwaister.

- Vor dem Start festlegen, wer mit wie vielen Stunden zuständig ist und wer vertritt.
- Einen Redaktionsplan für mindestens drei Monate vorbereiten, bevor der erste Beitrag erscheint.
- Einen schnellen Freigabeweg vereinbaren, etwa einen Rahmen, in dem das Team selbst entscheidet.
- Den Erfolg von Anfang an messen, zum Beispiel mit der Frage „Wie sind Sie auf uns aufmerksam
  geworden?“ im Bewerbungsformular.
- Nach drei Monaten ehrlich Bilanz ziehen, nicht erst nach acht.

Umsonst war der Versuch nicht: Die Erfahrungen sind in unser heutiges Konzept für die
Ausbildungswerbung eingeflossen, für das es jetzt eine feste halbe Stelle gibt.
""",
        "topics": ["strategie", "personal-organisation", "redaktion-formate"],
        "platforms": ["instagram"],
        "author": "Jonas Weber",
        "coauthors": [],
        "status": "published",
        "published_days_ago": 85,
        "revisions": [
            {
                "author": "Jonas Weber",
                "days_ago": 85,
                "note": "Erste Fassung",
                "title": "Was wir aus einem gescheiterten Instagram-Kanal gelernt haben",
                "summary": (
                    "Die fiktive Kreisverwaltung Beispielkreis hat einen Instagram-Kanal für junge "
                    "Zielgruppen nach acht Monaten eingestellt. Ein ehrlicher Rückblick auf "
                    "Fehler, Zahlen und Lehren."
                ),
                "body": """\
## Die Idee

Im Frühjahr vor zwei Jahren startete die fiktive Kreisverwaltung Beispielkreis einen eigenen
Instagram-Kanal. Das Ziel: junge Menschen im Kreis ereichen und mehr Bewerbungen für Ausbildung
und duales Studium gewinnen. Der Kanal sollte locker sein, mit Blicken hinter die Kulissen und
Beiträgen von Auszubildenden.

## Was passiert ist

| Monat | Entwicklung |
|---|---|
| 1–2 | 24 Beiträge, viel Begeisterung, rund 400 Abonnierende |
| 3–4 | Freigaben dauern bis zu zwei Wochen, Beiträge wirken veraltet |
| 5 | die zuständige Kollegin geht in Elternzeit, keine Vertretung |
| 6–7 | drei Beiträge, Fragen in Kommentaren bleiben tagelang offen |
| 8 | Entscheidung, den Kanal einzustellen; knapp 650 Abonnierende |

Bewerbungen, die nachweislich über Instagram kamen: zwei.

## Was schiefgelaufen ist

- **Kein Personal eingeplant.** Der Kanal lief nebenbei mit etwa vier Stunden pro Woche.
- **Freigabe wie bei Pressemitteilungen.** Jeder Beitrag ging über drei Ebenen. Für ein Format,
  das von Tempo lebt, war das nicht durchzuhalten.
- **Keine Vertretung.** Mit einer einzigen Person stand und fiel alles.
- **Zu wenig Vorlauf.** Nach den ersten Wochen war der Ideenvorrat aufgebraucht.
- **Ziel ohne Messung.** Bewerbungen waren die Zielgröße, aber niemand hat abgefragt, wie
  Bewerberinnen und Bewerber auf uns aufmerksam wurden.

## Was wir heute anders machen würden

> Lieber kein Kanal als ein verwaister.

- Vor dem Start festlegen, wer mit wie vielen Stunden zuständig ist und wer vertritt.
- Einen Redaktionsplan für mindestens drei Monate vorbereiten, bevor der erste Beitrag erscheint.
- Einen schnellen Freigabeweg vereinbaren, etwa einen Rahmen, in dem das Team selbst entscheidet.
- Den Erfolg von Anfang an messen, zum Beispiel mit der Frage „Wie sind Sie auf uns aufmerksam
  geworden?“ im Bewerbungsformular.
- Nach drei Monaten ehrlich Bilanz ziehen, nicht erst nach acht.

Umsonst war der Versuch nicht: Die Erfahrungen sind in unser heutiges Konzept für die
Ausbildungswerbung eingeflossen, für das es jetzt eine feste halbe Stelle gibt.
""",
            },
        ],
        "comments": [
            {
                "author": "Katrin Hoffmann",
                "days_ago": 82,
                "body": (
                    "Danke für die Offenheit! Solche Berichte fehlen, Erfolgsgeschichten gibt es "
                    "genug. Den Punkt mit dem Freigabeweg kenne ich leider auch."
                ),
                "replies": [
                    {
                        "author": "Jonas Weber",
                        "days_ago": 81,
                        "body": (
                            "Danke! Es hat etwas Überwindung gekostet, aber intern hat der Text "
                            "schon geholfen: Der neue Freigaberahmen ist beschlossen."
                        ),
                    },
                ],
            },
            {
                "author": "Aylin Demir",
                "days_ago": 80,
                "body": (
                    "Habt ihr das Konto am Ende gelöscht? Wir überlegen gerade, was mit einem "
                    "eingeschlafenen Kanal der Stadtwerke passieren soll."
                ),
                "replies": [
                    {
                        "author": "Jonas Weber",
                        "days_ago": 79,
                        "body": (
                            "Nein, bewusst nicht, damit niemand den Namen übernimmt. Ich habe "
                            "einen eigenen Abschnitt dazu ergänzt."
                        ),
                    },
                ],
            },
            {
                "author": "Lena Schulz",
                "days_ago": 40,
                "body": "Darf ich den Fall in meiner Studienarbeit als Beispiel verwenden?",
                "replies": [
                    {
                        "author": "Jonas Weber",
                        "days_ago": 39,
                        "body": (
                            "Gern, mit Quellenangabe. Mich würde interessieren, was Sie daraus "
                            "machen."
                        ),
                    },
                ],
            },
        ],
        "likes": ["Katrin Hoffmann", "Aylin Demir", "Thomas Krüger", "Lena Schulz"],
    },
    {
        "key": "austausch-veranstaltungsreihen",
        "title": "Voneinander lernen: Veranstaltungsreihen und Austausch für Social-Media-Teams",
        "summary": (
            "Welche Formate es für den Austausch unter Social-Media-Teams aus Behörden gibt, wie "
            "Sie eine Teilnahme begründen und wie Sie selbst ein regionales Treffen organisieren."
        ),
        "body": """\
## Warum Austausch so viel bringt

Social-Media-Teams in Behörden sind oft klein, manchmal besteht das Team aus einer einzigen Person.
Fragen wie „Dürfen wir das?“ oder „Wie habt ihr das gelöst?“ beantwortet niemand so gut wie
Kolleginnen und Kollegen aus anderen Häusern. Seit Mitte der 2010er-Jahre sind dafür eigene
Veranstaltungsreihen entstanden, und auf allgemeinen Social-Media-Konferenzen sind Gäste aus
Behörden längst keine Exoten mehr.

## Formate im Überblick

| Format | Typisch | Gut für |
|---|---|---|
| Barcamp | ein Tag, das Programm entsteht vor Ort | offene Fragen, Kontakte |
| Stammtisch oder Meetup | abends, regional, informell | Netzwerk vor Ort |
| Webinar | 60 bis 90 Minuten online | ein Thema kompakt |
| Workshop | halber oder ganzer Tag | Praxis, etwa Videodreh |
| Konferenz | ein bis zwei Tage | Überblick, Trends |

## Veranstaltungen finden

Im Bereich „Veranstaltungen“ hier im Amtsnetz können Sie nach Format, Bundesland und Thema
filtern. Über den Kalender-Feed übernehmen Sie die gefilterte Liste in Ihren Dienstkalender.

## Die Teilnahme begründen

Fortbildungs- und Dienstreiseanträge haben bessere Chancen, wenn Sie den Nutzen benennen:

- eine konkrete Frage, die Sie mitnehmen, etwa „Wie regeln andere die Betreuung am Wochenende?“,
- ein erwartetes Ergebnis wie eine Vorlage, Kontakte oder eine Entscheidungsgrundlage,
- die Zusage, im Haus kurz zu berichten.

Online-Formate sind oft kostenlos und ohne Dienstreise möglich – ein guter Einstieg.

## Selbst ein Treffen organisieren

Ein regionaler Austausch braucht wenig:

1. Einen Raum. Viele Rathäuser und Landesbehörden stellen Besprechungsräume kostenlos bereit.
2. Zwei oder drei Kurzimpulse von je zehn Minuten, danach eine offene Runde.
3. Eine Einladung über bestehende Verteiler und hier im Veranstaltungskalender.
4. Klare Regeln: Was im Raum gesagt wird, bleibt im Raum. Fotos nur mit Einwilligung.
5. Barrierefreiheit mitdenken: stufenloser Zugang, bei Bedarf Gebärdensprache oder Untertitel für
   Online-Teilnehmende.

## Nach der Veranstaltung

Teilen Sie, was Sie gelernt haben, im eigenen Haus und hier als Praxiswissen oder Fallstudie. So
profitieren auch alle, die nicht dabei sein konnten.
""",
        "topics": ["personal-organisation", "strategie"],
        "platforms": [],
        "author": "Lena Schulz",
        "coauthors": [],
        "status": "draft",
        "published_days_ago": None,
        "revisions": [],
        "comments": [],
        "likes": [],
    },
]
