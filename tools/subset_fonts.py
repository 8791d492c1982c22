"""Subsets the Fira Sans weights Amtsnetz uses to the characters German and English text
needs, as woff2 (make fonts).

Source: the untouched woff2 files of the pinned @kern-ux/native (package.json, installed
by `npm ci`). Output: static/vendor/kern-ux-<version>/fonts/FiraSans-<weight>-latin.woff2,
their lines in static/vendor/VERSIONS updated with the sha256 of source and result.
A character outside the subset is still shown, in the reader's fallback font.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from fontTools import subset

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "node_modules" / "@kern-ux" / "native"
# The faces static/vendor/kern-ux-<version>/fira-sans.css declares: the weights KERN's
# tokens and site.css ask for (400, 500, 600) and the italic of the body text.
WEIGHTS = ("Regular", "Italic", "Medium", "SemiBold")

UNICODES = [
    *range(0x20, 0x7F),  # ASCII
    *range(0xA0, 0x100),  # Latin-1: umlauts, ß, «», §, °, ², ½, ×, the no-break space
    0x0152,  # Œ œ (French names and words in English text)
    0x0153,
    0x0160,  # Š š Ž ž Ÿ (the rest of Windows-1252)
    0x0161,
    0x0178,
    0x017D,
    0x017E,
    0x0192,
    0x02C6,
    0x02DC,
    0x1E9E,  # ẞ, the capital sharp s
    *range(0x2010, 0x2015),  # hyphens and dashes: ‐ ‑ ‒ – —
    *range(0x2018, 0x201F),  # quotes: ‘ ’ ‚ ‛ “ ” „ ‟
    0x2020,  # † ‡ •
    0x2021,
    0x2022,
    0x2026,  # …
    0x2030,  # ‰
    0x2039,  # ‹ ›
    0x203A,
    0x2009,  # thin and narrow no-break spaces (numbers and units)
    0x202F,
    0x20AC,  # €
    0x2122,  # ™
    *range(0x2190, 0x2194),  # ← ↑ → ↓
    0x2212,  # −
]


def subset_font(source: Path, target: Path) -> None:
    options = subset.Options()
    options.flavor = "woff2"
    # fontTools' default layout features are those browsers apply unasked (kerning,
    # standard ligatures, marks, locl, …); the CSS asks for no other (font-variant-*).
    options.name_IDs = ["*"]  # keeps the licence and copyright notices in the file
    options.notdef_outline = True
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=UNICODES)
    subsetter.subset(font)
    subset.save_font(font, str(target), options)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main() -> None:
    version = json.loads((PACKAGE / "package.json").read_text())["version"]
    vendor_dir = f"kern-ux-{version}"
    fonts = REPO / "static" / "vendor" / vendor_dir / "fonts"
    fonts.mkdir(parents=True, exist_ok=True)
    lines = []
    for weight in WEIGHTS:
        source = PACKAGE / "dist" / "fonts" / "fira-sans" / f"FiraSans-{weight}.woff2"
        target = fonts / f"FiraSans-{weight}-latin.woff2"
        subset_font(source, target)
        print(f"{target.relative_to(REPO)}: {source.stat().st_size} -> {target.stat().st_size}")
        lines.append(
            f"{vendor_dir}/fonts/{target.name}\tnpm @kern-ux/native@{version}"
            f" dist/fonts/fira-sans/{source.name} (sha256:{sha256(source)}) subset by"
            f" fonttools (make fonts)\tOFL-1.1\tsha256:{sha256(target)}"
        )
    versions = REPO / "static" / "vendor" / "VERSIONS"
    kept = [
        line
        for line in versions.read_text().splitlines()
        if line and not line.startswith(f"{vendor_dir}/fonts/")
    ]
    comments = [line for line in kept if line.startswith("#")]
    entries = sorted([*(line for line in kept if not line.startswith("#")), *lines])
    versions.write_text("\n".join([*comments, *entries]) + "\n")


if __name__ == "__main__":
    main()
