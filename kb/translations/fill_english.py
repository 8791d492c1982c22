"""Fill the English catalogue and report gaps in the German one.

English is the source language, so every English msgstr equals its msgid. Run this after
`make update-messages` (or `pybabel update`):

    .venv/bin/python kb/translations/fill_english.py          # fill en, report de
    .venv/bin/python kb/translations/fill_english.py --check  # exit 1 if de has gaps

Existing English entries are kept; only empty (or fuzzy, i.e. guessed by `pybabel update`)
entries are set to their msgid. The German catalogue is only read: entries that are empty,
fuzzy or whose placeholders differ from the msgid are printed.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po, write_po

HERE = Path(__file__).resolve().parent
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]")


def catalogue_path(locale: str) -> Path:
    return HERE / locale / "LC_MESSAGES" / "messages.po"


def _read(path: Path) -> Catalog:
    with path.open("rb") as fh:
        return read_po(fh)


def _msgstrs(message: Message) -> tuple[str, ...]:
    string = message.string
    if string is None or isinstance(string, str):
        return (string or "",)
    return tuple(string)


def fill_english(path: Path | None = None) -> int:
    """Set empty or fuzzy English entries to their msgid; return how many were filled."""
    path = path or catalogue_path("en")
    catalog = _read(path)
    filled = 0
    for message in catalog:
        if not message.id:
            continue
        if message.fuzzy or not all(_msgstrs(message)):
            message.string = message.id
            message.flags.discard("fuzzy")
            filled += 1
    if filled:
        with path.open("wb") as fh:
            write_po(fh, catalog, width=0)
    return filled


def report_gaps(locale: str = "de") -> list[str]:
    """Return a line for every entry that is empty, fuzzy or has wrong placeholders."""
    catalog = _read(catalogue_path(locale))
    problems = []
    for message in catalog:
        if not message.id:
            continue
        ids = (message.id,) if isinstance(message.id, str) else tuple(message.id)
        wanted = set(PLACEHOLDER.findall("".join(ids)))
        if not all(_msgstrs(message)):
            problems.append(f"empty: {ids[0]!r}")
        elif message.fuzzy:
            problems.append(f"fuzzy: {ids[0]!r}")
        elif any(set(PLACEHOLDER.findall(s)) != wanted for s in _msgstrs(message)):
            problems.append(f"placeholders differ: {ids[0]!r}")
    return problems


def main(argv: list[str]) -> int:
    print(f"en: filled {fill_english()} entries")
    problems = report_gaps("de")
    for line in problems:
        print(f"de: {line}")
    print(f"de: {len(problems)} entries need work")
    return 1 if problems and "--check" in argv else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
