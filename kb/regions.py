"""The 16 Länder: ISO 3166-2 codes, names, and the prefix of their municipality keys (AGS)."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Land:
    code: str  # ISO 3166-2:DE without the country, e.g. "BY"
    name: LazyString
    ags_prefix: str  # the first two digits of every Amtlicher Gemeindeschlüssel there


LAENDER = (
    Land("BW", _l("Baden-Württemberg"), "08"),
    Land("BY", _l("Bavaria"), "09"),
    Land("BE", _l("Berlin"), "11"),
    Land("BB", _l("Brandenburg"), "12"),
    Land("HB", _l("Bremen"), "04"),
    Land("HH", _l("Hamburg"), "02"),
    Land("HE", _l("Hesse"), "06"),
    Land("MV", _l("Mecklenburg-Western Pomerania"), "13"),
    Land("NI", _l("Lower Saxony"), "03"),
    Land("NW", _l("North Rhine-Westphalia"), "05"),
    Land("RP", _l("Rhineland-Palatinate"), "07"),
    Land("SL", _l("Saarland"), "10"),
    Land("SN", _l("Saxony"), "14"),
    Land("ST", _l("Saxony-Anhalt"), "15"),
    Land("SH", _l("Schleswig-Holstein"), "01"),
    Land("TH", _l("Thuringia"), "16"),
)

BY_CODE = {land.code: land for land in LAENDER}


def land_name(code: str | None) -> str:
    land = BY_CODE.get(code or "")
    return str(land.name) if land else ""
