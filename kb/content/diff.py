"""A readable difference between two versions of a text, line by line and word by word."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from markupsafe import Markup, escape

WORDS = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)


CONTEXT_LINES = 2


@dataclass(frozen=True)
class Row:
    """One line of the comparison: kind is equal, removed, added, changed or skipped
    (a run of `skipped` unchanged lines far from any change, shown as one row)."""

    kind: str
    old: Markup
    new: Markup
    skipped: int = 0


@dataclass(frozen=True)
class FieldChanges:
    field: str
    rows: list[Row]

    @property
    def changed(self) -> bool:
        return any(row.kind not in ("equal", "skipped") for row in self.rows)


def _words(line: str) -> list[str]:
    return WORDS.findall(line)


def _inline(old: str, new: str) -> tuple[Markup, Markup]:
    """Mark the words that differ inside a changed line with <del> and <ins>."""
    old_words, new_words = _words(old), _words(new)
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    old_parts: list[str] = []
    new_parts: list[str] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        before = escape("".join(old_words[i1:i2]))
        after = escape("".join(new_words[j1:j2]))
        if tag == "equal":
            old_parts.append(before)
            new_parts.append(after)
            continue
        if before:
            old_parts.append(Markup("<del>{}</del>").format(before))
        if after:
            new_parts.append(Markup("<ins>{}</ins>").format(after))
    return Markup("").join(old_parts), Markup("").join(new_parts)


def compare_text(old: str, new: str) -> list[Row]:
    old_lines, new_lines = old.splitlines(), new.splitlines()
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    rows: list[Row] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            rows.extend(Row("equal", escape(line), escape(line)) for line in old_lines[i1:i2])
        elif tag == "delete":
            rows.extend(Row("removed", escape(line), Markup("")) for line in old_lines[i1:i2])
        elif tag == "insert":
            rows.extend(Row("added", Markup(""), escape(line)) for line in new_lines[j1:j2])
        else:
            olds, news = old_lines[i1:i2], new_lines[j1:j2]
            for index in range(max(len(olds), len(news))):
                before = olds[index] if index < len(olds) else None
                after = news[index] if index < len(news) else None
                if before is not None and after is not None:
                    rows.append(Row("changed", *_inline(before, after)))
                elif before is not None:
                    rows.append(Row("removed", escape(before), Markup("")))
                else:
                    rows.append(Row("added", Markup(""), escape(after or "")))
    return rows


def collapse(rows: list[Row], context: int = CONTEXT_LINES) -> list[Row]:
    """Keep the unchanged lines near a change; fold longer unchanged runs into one row."""
    changed = [index for index, row in enumerate(rows) if row.kind != "equal"]
    keep = {
        index for position in changed for index in range(position - context, position + context + 1)
    }
    result: list[Row] = []
    run = 0
    for index, row in enumerate(rows):
        if row.kind == "equal" and index not in keep:
            run += 1
            continue
        if run:
            result.append(Row("skipped", Markup(""), Markup(""), skipped=run))
            run = 0
        result.append(row)
    if run:
        result.append(Row("skipped", Markup(""), Markup(""), skipped=run))
    return result


def compare(old: dict[str, str], new: dict[str, str]) -> list[FieldChanges]:
    return [FieldChanges(name, collapse(compare_text(old[name], new[name]))) for name in old]
