"""Demo registry: real authorities, the accounts the source blog post names, fictional
authorities with invented accounts, and synthetic authorities for benchmarks.

Real authorities carry only what is known: names, kinds, parents, AGS and websites, and
the accounts the blog post „Amt 2.0“ (2014, updated 2015) names, each with the date the
information is from. Every figure that is not from there belongs to an authority marked
„(fiktiv)“ or „(synthetisch)“. All of it is marked as demo data.

Idempotent: an authority whose slug (or AGS) exists is left alone with its accounts.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import insert, or_, select

from kb.accounts.models import User
from kb.authorities.models import Authority, Kind, Level, Review, SocialAccount
from kb.authorities.service import bump_version
from kb.extensions import db
from kb.regions import LAENDER
from kb.taxonomy.models import Platform
from kb.text import slugify
from kb.timeutil import utcnow

# The blog post was first published at the end of January 2014; its addendum is dated
# 19 October 2015. An account it names is known to have existed on that day, no more.
JANUARY_2014 = date(2014, 1, 31)
OCTOBER_2015 = date(2015, 10, 19)
BLOG = "Blogbeitrag „Amt 2.0“ (2014, aktualisiert 2015)"
SOURCE_2014 = f"{BLOG}: Stand Januar 2014, nicht heute (Demo-Daten)"
SOURCE_2015 = f"{BLOG}: Stand Oktober 2015, nicht heute (Demo-Daten)"
SOURCE_COMMENT = f"{BLOG}, Leserkommentar: Stand 2014, nicht heute (Demo-Daten)"
SOURCE_REGISTRY = "Demo-Daten: Name, Zuordnung und Website nach Stand 2025, ohne Gewähr"
SOURCE_NAMED = f"{BLOG} nennt diese Stelle; Stammdaten nach Stand 2025 (Demo-Daten)"
FACEBOOK_2014_NO_ADDRESS = (
    "laut Beitrag im Januar 2014 auf Facebook, Adresse dort nicht genannt, daher kein Konto"
)
SOURCE_FICTIONAL = "Demo-Daten: erfundene Behörde, alle Angaben und Zahlen sind erfunden"
SOURCE_SYNTHETIC = "Synthetische Testdaten für Lasttests (Demo), keine reale Stelle"

# Fictional and synthetic AGS use the Regierungsbezirk digit 8, which no Land uses, so
# they can never collide with a real municipality imported later. District 99 is kept
# for the fictional authorities; the synthetic ones count through districts 00 to 98.
FICTIONAL_REGION = "899"


@dataclass(frozen=True)
class DemoAccount:
    platform: str  # slug from kb.taxonomy.service.PLATFORMS
    url: str
    handle: str = ""
    last_checked: date | None = None  # None: the day the demo is loaded
    source: str = SOURCE_FICTIONAL
    since: date | None = None
    until: date | None = None
    proposed: bool = False


@dataclass(frozen=True)
class DemoAuthority:
    name: str
    kind: Kind
    level: Level
    short_name: str = ""
    land: str = ""
    parent: str = ""  # slug of another demo authority, listed before this one
    ags: str | None = None
    website: str = ""
    source: str = SOURCE_REGISTRY
    accounts: tuple[DemoAccount, ...] = ()

    @property
    def slug(self) -> str:
        return slugify(self.name, max_length=90)


def _ministry(
    name: str,
    short_name: str,
    website: str = "",
    source: str = SOURCE_REGISTRY,
    accounts: tuple[DemoAccount, ...] = (),
) -> DemoAuthority:
    return DemoAuthority(
        name,
        Kind.FEDERAL_MINISTRY,
        Level.FEDERAL,
        short_name,
        website=website,
        source=source,
        accounts=accounts,
    )


def _agency(
    name: str,
    short_name: str,
    parent: str,
    website: str,
    kind: Kind = Kind.FEDERAL_AGENCY,
    source: str = SOURCE_REGISTRY,
    accounts: tuple[DemoAccount, ...] = (),
) -> DemoAuthority:
    return DemoAuthority(
        name,
        kind,
        Level.FEDERAL,
        short_name,
        parent=slugify(parent, max_length=90),
        website=website,
        source=source,
        accounts=accounts,
    )


def _land_government(code: str, name: str, short_name: str, website: str) -> DemoAuthority:
    # A Staatskanzlei (Senatskanzlei in the city states) is an oberste Landesbehörde of
    # ministerial rank, so it is filed with the ministries, not with the Landesämter.
    return DemoAuthority(
        name, Kind.STATE_MINISTRY, Level.STATE, short_name, land=code, website=website
    )


def _city(name: str, land: str, ags: str, website: str, *accounts: DemoAccount) -> DemoAuthority:
    return DemoAuthority(
        name,
        Kind.MUNICIPALITY,
        Level.LOCAL,
        land=land,
        ags=ags,
        website=website,
        source=SOURCE_NAMED,
        accounts=accounts,
    )


AA = "Auswärtiges Amt"
BMI = "Bundesministerium des Innern"
BMF = "Bundesministerium der Finanzen"
BMWE = "Bundesministerium für Wirtschaft und Energie"
BMJV = "Bundesministerium der Justiz und für Verbraucherschutz"
BMAS = "Bundesministerium für Arbeit und Soziales"
BMV = "Bundesministerium für Verkehr"
BMUKN = "Bundesministerium für Umwelt, Klimaschutz, Naturschutz und nukleare Sicherheit"
BMG = "Bundesministerium für Gesundheit"
BMLEH = "Bundesministerium für Landwirtschaft, Ernährung und Heimat"
BMBFSFJ = "Bundesministerium für Bildung, Familie, Senioren, Frauen und Jugend"
BPA = "Presse- und Informationsamt der Bundesregierung"

# The federal government as formed in May 2025. Where a ministry's new domain was not
# certain, the website stays empty rather than guessed.
FEDERAL_MINISTRIES = (
    _ministry(AA, "AA", "https://www.auswaertiges-amt.de"),
    _ministry(BMI, "BMI", "https://www.bmi.bund.de"),
    _ministry(BMF, "BMF", "https://www.bundesfinanzministerium.de"),
    _ministry(BMWE, "BMWE", "https://www.bundeswirtschaftsministerium.de"),
    _ministry("Bundesministerium für Forschung, Technologie und Raumfahrt", "BMFTR"),
    _ministry(BMJV, "BMJV"),
    _ministry(BMBFSFJ, "BMBFSFJ"),
    _ministry(BMAS, "BMAS", "https://www.bmas.de"),
    _ministry("Bundesministerium für Digitales und Staatsmodernisierung", "BMDS"),
    _ministry(BMV, "BMV"),
    _ministry(BMUKN, "BMUKN", "https://www.bundesumweltministerium.de"),
    _ministry(BMG, "BMG", "https://www.bundesgesundheitsministerium.de"),
    _ministry(BMLEH, "BMLEH"),
    _ministry(
        "Bundesministerium für wirtschaftliche Zusammenarbeit und Entwicklung",
        "BMZ",
        "https://www.bmz.de",
        # The post names the BMZ among the five ministries on Facebook in January 2014 but
        # gives no address; an account without one would not be an account.
        source=f"{SOURCE_NAMED}; {FACEBOOK_2014_NO_ADDRESS}",
    ),
    _ministry(
        "Bundesministerium für Wohnen, Stadtentwicklung und Bauwesen",
        "BMWSB",
        "https://www.bmwsb.bund.de",
    ),
    _ministry(
        "Bundesministerium der Verteidigung",
        "BMVg",
        "https://www.bmvg.de",
        source=SOURCE_NAMED,
        accounts=(
            DemoAccount(
                "facebook",
                "https://www.facebook.com/Bundeswehr",
                "Bundeswehr",
                JANUARY_2014,
                f"{SOURCE_2014}; die Facebook-Seite der Bundeswehr",
            ),
        ),
    ),
)

FEDERAL_OTHER = (
    DemoAuthority(
        "Bundeskanzleramt",
        Kind.OTHER,
        Level.FEDERAL,
        "BKAmt",
        website="https://www.bundeskanzler.de",
    ),
    DemoAuthority(
        BPA,
        Kind.OTHER,
        Level.FEDERAL,
        "BPA",
        website="https://www.bundesregierung.de",
        source=SOURCE_NAMED,
        accounts=(
            DemoAccount(
                "facebook",
                "https://www.facebook.com/Bundesregierung",
                "Bundesregierung",
                OCTOBER_2015,
                f"{SOURCE_2015}; die Facebook-Seite der Bundesregierung",
            ),
        ),
    ),
)

FEDERAL_AGENCIES = (
    _agency(
        "Bundesamt für Migration und Flüchtlinge",
        "BAMF",
        BMI,
        "https://www.bamf.de",
        source=SOURCE_NAMED,
    ),
    _agency("Umweltbundesamt", "UBA", BMUKN, "https://www.umweltbundesamt.de", source=SOURCE_NAMED),
    _agency(
        "Bundesverwaltungsamt",
        "BVA",
        BMI,
        "https://www.bva.bund.de",
        # „Ganz neu dabei“ on Facebook in January 2014; the address is not given either.
        source=f"{SOURCE_NAMED}; {FACEBOOK_2014_NO_ADDRESS}",
    ),
    _agency("Statistisches Bundesamt", "Destatis", BMI, "https://www.destatis.de"),
    _agency(
        "Bundesamt für Sicherheit in der Informationstechnik", "BSI", BMI, "https://www.bsi.bund.de"
    ),
    _agency("Bundesagentur für Arbeit", "BA", BMAS, "https://www.arbeitsagentur.de"),
    _agency("Bundeszentrale für politische Bildung", "bpb", BMI, "https://www.bpb.de"),
    _agency("Robert Koch-Institut", "RKI", BMG, "https://www.rki.de"),
    _agency(
        "Bundesamt für Bevölkerungsschutz und Katastrophenhilfe",
        "BBK",
        BMI,
        "https://www.bbk.bund.de",
    ),
    _agency("Deutscher Wetterdienst", "DWD", BMV, "https://www.dwd.de"),
    _agency("Bundeskriminalamt", "BKA", BMI, "https://www.bka.de"),
    _agency("Bundespolizei", "BPOL", BMI, "https://www.bundespolizei.de", kind=Kind.POLICE),
    _agency("Kraftfahrt-Bundesamt", "KBA", BMV, "https://www.kba.de"),
    _agency("Bundesnetzagentur", "BNetzA", BMWE, "https://www.bundesnetzagentur.de"),
    _agency("Bundesamt für Justiz", "BfJ", BMJV, "https://www.bundesjustizamt.de"),
    _agency(
        "Bundeskartellamt", "BKartA", BMWE, "https://www.bundeskartellamt.de", source=SOURCE_NAMED
    ),
    _agency("Bundeszentralamt für Steuern", "BZSt", BMF, "https://www.bzst.de"),
    _agency("Bundesamt für Strahlenschutz", "BfS", BMUKN, "https://www.bfs.de"),
    _agency(
        "Bundesinstitut für Arzneimittel und Medizinprodukte", "BfArM", BMG, "https://www.bfarm.de"
    ),
    _agency("Paul-Ehrlich-Institut", "PEI", BMG, "https://www.pei.de"),
    _agency("Bundesinstitut für Risikobewertung", "BfR", BMLEH, "https://www.bfr.bund.de"),
    _agency(
        "Bundesanstalt Technisches Hilfswerk", "THW", BMI, "https://www.thw.de", kind=Kind.OTHER
    ),
    _agency("Deutsches Patent- und Markenamt", "DPMA", BMJV, "https://www.dpma.de"),
    _agency("Bundesamt für Wirtschaft und Ausfuhrkontrolle", "BAFA", BMWE, "https://www.bafa.de"),
)

LAND_GOVERNMENTS = (
    _land_government(
        "BW", "Staatsministerium Baden-Württemberg", "StM BW", "https://www.baden-wuerttemberg.de"
    ),
    _land_government("BY", "Bayerische Staatskanzlei", "StK BY", "https://www.bayern.de"),
    _land_government("BE", "Senatskanzlei Berlin", "SKzl BE", "https://www.berlin.de"),
    _land_government(
        "BB", "Staatskanzlei des Landes Brandenburg", "StK BB", "https://www.brandenburg.de"
    ),
    _land_government("HB", "Senatskanzlei Bremen", "SK HB", "https://www.rathaus.bremen.de"),
    _land_government("HH", "Senatskanzlei Hamburg", "SK HH", "https://www.hamburg.de"),
    _land_government("HE", "Hessische Staatskanzlei", "StK HE", "https://www.hessen.de"),
    _land_government(
        "MV", "Staatskanzlei Mecklenburg-Vorpommern", "StK MV", "https://www.regierung-mv.de"
    ),
    _land_government(
        "NI", "Niedersächsische Staatskanzlei", "StK NI", "https://www.niedersachsen.de"
    ),
    _land_government(
        "NW", "Staatskanzlei des Landes Nordrhein-Westfalen", "StK NRW", "https://www.land.nrw"
    ),
    _land_government("RP", "Staatskanzlei Rheinland-Pfalz", "StK RP", "https://www.rlp.de"),
    _land_government("SL", "Staatskanzlei des Saarlandes", "StK SL", "https://www.saarland.de"),
    _land_government("SN", "Sächsische Staatskanzlei", "SK SN", "https://www.sachsen.de"),
    _land_government(
        "ST",
        "Staatskanzlei und Ministerium für Kultur des Landes Sachsen-Anhalt",
        "StK ST",
        "https://www.sachsen-anhalt.de",
    ),
    _land_government(
        "SH", "Staatskanzlei Schleswig-Holstein", "StK SH", "https://www.schleswig-holstein.de"
    ),
    _land_government("TH", "Thüringer Staatskanzlei", "TSK", "https://www.thueringen.de"),
)

# The cities and companies the blog post holds up as good examples, and the accounts its
# readers' comments name.
NAMED_LOCAL = (
    _city("Stadt Stuttgart", "BW", "08111000", "https://www.stuttgart.de"),
    _city("Stadt Frankfurt am Main", "HE", "06412000", "https://frankfurt.de"),
    _city("Landeshauptstadt Magdeburg", "ST", "15003000", "https://www.magdeburg.de"),
    _city(
        "Stadt Nürnberg",
        "BY",
        "09564000",
        "https://www.nuernberg.de",
        DemoAccount(
            "x-twitter",
            "https://twitter.com/nuernberg_de",
            "nuernberg_de",
            JANUARY_2014,
            SOURCE_COMMENT,
        ),
    ),
    _city(
        "Stadt Erlangen",
        "BY",
        "09562000",
        "https://www.erlangen.de",
        DemoAccount(
            "x-twitter",
            "https://twitter.com/erlangen_de",
            "erlangen_de",
            JANUARY_2014,
            SOURCE_COMMENT,
        ),
        DemoAccount(
            "facebook",
            "https://www.facebook.com/Stadtverwaltung.Erlangen",
            "Stadtverwaltung.Erlangen",
            JANUARY_2014,
            SOURCE_COMMENT,
        ),
    ),
    DemoAuthority(
        "Kölner Verkehrs-Betriebe AG",
        Kind.PUBLIC_COMPANY,
        Level.LOCAL,
        "KVB",
        land="NW",
        website="https://www.kvb.koeln",
        source=SOURCE_NAMED,
    ),
    DemoAuthority(
        "Stadtreinigung Hamburg",
        Kind.PUBLIC_COMPANY,
        Level.LOCAL,
        "SRH",
        land="HH",
        website="https://www.stadtreinigung.hamburg",
        source=SOURCE_NAMED,
    ),
)


def _fictional_account(
    platform: str,
    url: str,
    handle: str,
    since: date,
    until: date | None = None,
    proposed: bool = False,
) -> DemoAccount:
    return DemoAccount(platform, url, handle, since=since, until=until, proposed=proposed)


MUSTERSTADT = "Stadt Musterstadt (fiktiv)"
FICTIONAL = (
    DemoAuthority(
        MUSTERSTADT,
        Kind.MUNICIPALITY,
        Level.LOCAL,
        "Musterstadt",
        land="NW",
        ags=f"05{FICTIONAL_REGION}001",
        website="https://www.musterstadt.example",
        source=SOURCE_FICTIONAL,
        accounts=(
            _fictional_account(
                "facebook",
                "https://www.facebook.com/musterstadt.fiktiv",
                "musterstadt.fiktiv",
                date(2014, 3, 3),
            ),
            _fictional_account(
                "x-twitter",
                "https://twitter.com/mstadt_fiktiv",
                "mstadt_fiktiv",
                date(2012, 9, 1),
                until=date(2023, 11, 30),
            ),
            _fictional_account(
                "instagram",
                "https://www.instagram.com/musterstadt_fiktiv",
                "musterstadt_fiktiv",
                date(2016, 5, 2),
            ),
            _fictional_account(
                "youtube",
                "https://www.youtube.com/@musterstadt_fiktiv",
                "@musterstadt_fiktiv",
                date(2017, 1, 16),
            ),
            _fictional_account(
                "mastodon",
                "https://mastodon.social/@musterstadt_fiktiv",
                "@musterstadt_fiktiv@mastodon.social",
                date(2022, 11, 14),
            ),
            # Proposed by a member and waiting for a moderator: does not count yet.
            _fictional_account(
                "bluesky",
                "https://bsky.app/profile/musterstadt-fiktiv.bsky.social",
                "musterstadt-fiktiv.bsky.social",
                date(2024, 11, 18),
                proposed=True,
            ),
        ),
    ),
    DemoAuthority(
        "Stadtwerke Musterstadt (fiktiv)",
        Kind.PUBLIC_COMPANY,
        Level.LOCAL,
        "SWM (fiktiv)",
        land="NW",
        parent=slugify(MUSTERSTADT, max_length=90),
        website="https://www.stadtwerke-musterstadt.example",
        source=SOURCE_FICTIONAL,
        accounts=(
            _fictional_account(
                "facebook",
                "https://www.facebook.com/stadtwerke.musterstadt.fiktiv",
                "stadtwerke.musterstadt.fiktiv",
                date(2013, 6, 3),
                until=date(2022, 6, 30),
            ),
            _fictional_account(
                "instagram",
                "https://www.instagram.com/stadtwerke_musterstadt_fiktiv",
                "stadtwerke_musterstadt_fiktiv",
                date(2018, 4, 9),
            ),
            _fictional_account(
                "whatsapp",
                "https://www.whatsapp.com/channel/stadtwerke_musterstadt_fiktiv",
                "Stadtwerke Musterstadt (fiktiv)",
                date(2021, 3, 1),
            ),
        ),
    ),
    DemoAuthority(
        "Kreisverwaltung Beispielkreis (fiktiv)",
        Kind.DISTRICT,
        Level.LOCAL,
        "Beispielkreis",
        land="NI",
        website="https://www.beispielkreis.example",
        source=SOURCE_FICTIONAL,
        accounts=(
            _fictional_account(
                "x-twitter",
                "https://twitter.com/bkreis_fiktiv",
                "bkreis_fiktiv",
                date(2011, 4, 11),
                until=date(2023, 2, 1),
            ),
            _fictional_account(
                "facebook",
                "https://www.facebook.com/beispielkreis.fiktiv",
                "beispielkreis.fiktiv",
                date(2015, 9, 14),
            ),
            _fictional_account(
                "instagram",
                "https://www.instagram.com/beispielkreis_fiktiv",
                "beispielkreis_fiktiv",
                date(2019, 2, 4),
            ),
            _fictional_account(
                "mastodon",
                "https://mastodon.social/@beispielkreis_fiktiv",
                "@beispielkreis_fiktiv@mastodon.social",
                date(2023, 2, 1),
            ),
        ),
    ),
    DemoAuthority(
        "Bundesamt für Musterverwaltung (fiktiv)",
        Kind.FEDERAL_AGENCY,
        Level.FEDERAL,
        "BAMV (fiktiv)",
        website="https://www.musterverwaltung.example",
        source=SOURCE_FICTIONAL,
        accounts=(
            _fictional_account(
                "linkedin",
                "https://www.linkedin.com/company/musterverwaltung-fiktiv",
                "musterverwaltung-fiktiv",
                date(2024, 10, 1),
            ),
            _fictional_account(
                "mastodon",
                "https://mastodon.social/@musterverwaltung_fiktiv",
                "@musterverwaltung_fiktiv@mastodon.social",
                date(2025, 3, 3),
            ),
        ),
    ),
)

DEMO_AUTHORITIES = (
    *FEDERAL_MINISTRIES,
    *FEDERAL_OTHER,
    *FEDERAL_AGENCIES,
    *LAND_GOVERNMENTS,
    *NAMED_LOCAL,
    *FICTIONAL,
)

# The demo users (kb/demo.py) and the fictional authorities they work for.
DEMO_WORKPLACES = {
    "Katrin Hoffmann": MUSTERSTADT,
    "Jonas Weber": "Kreisverwaltung Beispielkreis (fiktiv)",
    "Aylin Demir": "Stadtwerke Musterstadt (fiktiv)",
    "Thomas Krüger": "Bundesamt für Musterverwaltung (fiktiv)",
}


def load_registry(today: date | None = None) -> int:
    """Create the demo authorities that are missing; returns how many were created."""
    today = today or date.today()
    platforms = {platform.slug: platform for platform in db.session.scalars(select(Platform))}
    proposer = db.session.scalar(
        select(User).where(User.is_demo, User.display_name == "Katrin Hoffmann")
    )
    created = 0
    for spec in DEMO_AUTHORITIES:
        if _find(spec) is not None:
            continue
        parent = _find_slug(spec.parent) if spec.parent else None
        authority = Authority(
            slug=spec.slug,
            name=spec.name,
            short_name=spec.short_name,
            kind=spec.kind,
            level=spec.level,
            land=spec.land,
            parent_id=parent.id if parent else None,
            ags=spec.ags,
            website=spec.website,
            review=Review.APPROVED,
            source=spec.source,
            is_demo=True,
        )
        db.session.add(authority)
        db.session.flush()
        for account in spec.accounts:
            if account.platform not in platforms:
                continue
            db.session.add(
                SocialAccount(
                    authority_id=authority.id,
                    platform_id=platforms[account.platform].id,
                    handle=account.handle,
                    url=account.url,
                    since=account.since,
                    until=account.until,
                    last_checked=account.last_checked or today - timedelta(days=12),
                    source=account.source,
                    review=Review.PROPOSED if account.proposed else Review.APPROVED,
                    proposed_by_id=proposer.id if account.proposed and proposer else None,
                )
            )
        created += 1
    _link_demo_users()
    if created:
        bump_version()
    db.session.flush()
    return created


def _find(spec: DemoAuthority) -> Authority | None:
    condition = Authority.slug == spec.slug
    if spec.ags:
        condition = or_(condition, Authority.ags == spec.ags)
    return db.session.scalar(select(Authority).where(condition).limit(1))


def _find_slug(slug: str) -> Authority | None:
    return db.session.scalar(select(Authority).where(Authority.slug == slug))


def _link_demo_users() -> None:
    """Point the demo users at their fictional authority, unless they chose one already."""
    for display_name, authority_name in DEMO_WORKPLACES.items():
        user = db.session.scalar(
            select(User).where(User.is_demo, User.display_name == display_name)
        )
        authority = _find_slug(slugify(authority_name, max_length=90))
        if user is not None and authority is not None and user.authority_id is None:
            user.authority_id = authority.id
            user.show_on_authority = True


# --- synthetic authorities for benchmarks --------------------------------------------------

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
    state_governments = dict(
        db.session.execute(
            select(Authority.land, Authority.id).where(
                Authority.kind == Kind.STATE_MINISTRY,
                Authority.is_demo,
                Authority.slug.in_([spec.slug for spec in LAND_GOVERNMENTS]),
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
