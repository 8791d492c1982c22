"""Watched words: what members post is checked against the admins' list (kb.screening).

A word is one of three rules: *block* (the form is refused, the message names the word),
*hold* (stored, waits for a moderator), *flag* (published, a report opened). It matches
the whole word only, or also as part of a word ("idiot" in "Vollidiot").

Text and words are folded alike before they are compared: NFKC, case, the umlauts and ß
and their transliterations (ä = ae, ß = ss = ẞ), other accents, invisible characters, and
a few letters of other scripts that look Latin. A `*` in a word stands for up to 30
letters ("idiot*" as a whole word also finds "Idioten"); spaces and hyphens in a word
match a run of them ("blöde Kuh" finds "Blöde-Kuh").

The active words are compiled once per change into one expression per action, kept per
app process and keyed by a fingerprint of the table that every check reads (one small
aggregate query, once per request): a change by an admin on another process is seen by
the next request everywhere, no time to live needed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from flask import current_app, g, has_app_context
from flask_babel import gettext as _
from sqlalchemy import String, case, cast, event, func, select

from kb.extensions import db
from kb.forms import column_length
from kb.moderation.models import Reason, Report, ReportSource, WatchedWord, WordAction
from kb.registry import ContentType, Screen, Screening

# At most this many words: each one costs a little on every post, and a list longer than
# this is no longer a list an admin can keep in view.
MAX_WORDS = 1000
PATTERN_LENGTH = column_length(WatchedWord.pattern)

EXTENSION_KEY = "kb.watched_words"
_REQUEST_KEY = "kb_watched_words_fingerprint"

# Letters of other scripts that look like Latin ones (after case folding): "іdіоt" with
# Cyrillic і and о is "idiot". Deliberately few: only look-alikes of whole letters.
CONFUSABLES = str.maketrans(
    {
        "а": "a",
        "в": "b",
        "е": "e",
        "ё": "e",
        "і": "i",
        "ї": "i",
        "ј": "j",
        "к": "k",
        "м": "m",
        "н": "h",
        "о": "o",
        "р": "p",
        "с": "c",
        "т": "t",
        "у": "y",
        "х": "x",
        "ѕ": "s",
        "ԁ": "d",
        "ɡ": "g",
        "α": "a",
        "β": "b",
        "ε": "e",
        "ι": "i",
        "κ": "k",
        "ν": "v",
        "ο": "o",
        "ρ": "p",
        "τ": "t",
        "υ": "u",
        "χ": "x",
    }
)
UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue"})
# Marks left after decomposition (accents) and invisible format characters (soft hyphen,
# zero-width space and joiners), which would otherwise split a word unseen.
_DROPPED_CATEGORIES = frozenset({"Mn", "Me", "Cf"})

# The atoms of a folded word: its letters and digits, and these two.
SEPARATOR = " "  # a run of spaces, hyphens or punctuation
WILDCARD = "*"  # letters or digits, also none
# Both bounded: an unbounded `*` lets a crafted text (10,000 times "f" against "f*ck")
# take seconds of backtracking per post; a bounded one costs at most this much per
# letter of text. Two wildcards in one word multiply that, so a word has at most
# MAX_WILDCARDS, and as part of words (matched anywhere) at most one.
WILDCARD_LETTERS = 30
SEPARATOR_LENGTH = 10
MAX_WILDCARDS = 2
_ATOM_PATTERNS = {
    SEPARATOR: rf"[\W_]{{1,{SEPARATOR_LENGTH}}}",
    WILDCARD: rf"[^\W_]{{0,{WILDCARD_LETTERS}}}",
}
# Not a letter or digit (nor an underscore) on either side: a whole word. A hyphen counts
# as a boundary, so each part of "Idioten-Verein" is a word.
_BEFORE_WORD = r"(?<![^\W_])"
_AFTER_WORD = r"(?![^\W_])"
_END = ""


def fold(text: str) -> str:
    """The form in which text and words are compared."""
    text = unicodedata.normalize("NFKC", text).casefold()  # also ß and ẞ -> ss
    if text.isascii():
        return text
    text = text.translate(CONFUSABLES).translate(UMLAUTS)
    return "".join(
        character
        for character in unicodedata.normalize("NFD", text)
        if unicodedata.category(character) not in _DROPPED_CATEGORIES
    )


def atoms(pattern: str) -> tuple[str, ...]:
    """A word as admins type it, folded into letters, SEPARATOR and WILDCARD; empty when
    nothing of it can match (only punctuation, spaces and stars)."""
    result: list[str] = []
    for character in fold(pattern):
        if character == WILDCARD:
            atom = WILDCARD
        elif character.isalnum():
            atom = character
        else:
            atom = SEPARATOR
        if atom in _ATOM_PATTERNS and result and result[-1] == atom:
            continue
        result.append(atom)
    while result and result[0] == SEPARATOR:
        result.pop(0)
    while result and result[-1] == SEPARATOR:
        result.pop()
    if not any(atom not in _ATOM_PATTERNS for atom in result):
        return ()
    return tuple(result)


def folded_key(pattern: str) -> str:
    """What makes two words the same word ("Scheiße" and "SCHEISSE"): "" for none."""
    return "".join(atoms(pattern))


def search_atoms(word_atoms: tuple[str, ...], whole_word: bool) -> tuple[str, ...]:
    """What is searched for: as part of words, a `*` at either end means nothing (the
    word is found inside longer ones anyway), so it goes."""
    if whole_word:
        return word_atoms
    result = list(word_atoms)
    while result and result[0] in _ATOM_PATTERNS:
        result.pop(0)
    while result and result[-1] in _ATOM_PATTERNS:
        result.pop()
    return tuple(result)


def too_many_wildcards(pattern: str, whole_word: bool) -> bool:
    """Whether the word has more `*` than matching it quickly allows (see WILDCARD_LETTERS)."""
    word_atoms = atoms(pattern)
    if word_atoms.count(WILDCARD) > MAX_WILDCARDS:
        return True
    return not whole_word and search_atoms(word_atoms, whole_word).count(WILDCARD) > 1


def _atom_regex(atom: str) -> str:
    return _ATOM_PATTERNS.get(atom) or re.escape(atom)


def _trie_regex(words: Iterable[tuple[str, ...]]) -> str:
    """One expression for many words, their common beginnings shared: it costs about the
    length of the text, not the number of words times it."""
    root: dict[str, Any] = {}
    for word in words:
        node = root
        for atom in word:
            node = node.setdefault(atom, {})
        node[_END] = {}
    return _node_regex(root)


def _node_regex(node: dict[str, Any]) -> str:
    branches = [
        _atom_regex(atom) + _node_regex(child)
        for atom, child in sorted(node.items())
        if atom != _END
    ]
    if not branches:
        return ""
    if len(branches) == 1 and _END not in node:
        return branches[0]
    group = "(?:" + "|".join(branches) + ")"
    # Greedy: the longer word is found first ("vollidiot" before "voll").
    return group + "?" if _END in node else group


@dataclass(frozen=True)
class Rule:
    pattern: str  # as the admin typed it: what messages name
    action: WordAction
    whole_word: bool
    atoms: tuple[str, ...]  # what is searched for (search_atoms)

    @property
    def text(self) -> str:
        """What a hit of a plain word is, folded."""
        return "".join(self.atoms)

    @property
    def literal(self) -> bool:
        return not any(atom in _ATOM_PATTERNS for atom in self.atoms)


@dataclass
class _ActionMatcher:
    """The words of one action: one expression finds them, then each hit is named."""

    expression: re.Pattern[str]
    # Hits of plain words are named by their folded text; the others by trying each.
    literal: dict[tuple[bool, str], Rule] = field(default_factory=dict)
    others: list[tuple[Rule, re.Pattern[str]]] = field(default_factory=list)

    def name(self, whole: bool, hit: str) -> Rule | None:
        rule = self.literal.get((whole, hit))
        if rule is not None:
            return rule
        for candidate, expression in self.others:
            if candidate.whole_word == whole and expression.fullmatch(hit):
                return candidate
        return None


class Matcher:
    def __init__(self, rules: Sequence[Rule]) -> None:
        self.rules = list(rules)
        # The words as the duplicate check compares them.
        self.keys = {folded_key(rule.pattern): rule for rule in self.rules}
        self.by_action: dict[WordAction, _ActionMatcher] = {}
        for action in WordAction:
            chosen = [rule for rule in self.rules if rule.action == action]
            if not chosen:
                continue
            whole = [rule.atoms for rule in chosen if rule.whole_word]
            part = [rule.atoms for rule in chosen if not rule.whole_word]
            alternatives = []
            if whole:
                alternatives.append(f"{_BEFORE_WORD}(?P<whole>{_trie_regex(whole)}){_AFTER_WORD}")
            if part:
                alternatives.append(f"(?P<part>{_trie_regex(part)})")
            matcher = _ActionMatcher(re.compile("|".join(alternatives)))
            for rule in chosen:
                if rule.literal:
                    matcher.literal[(rule.whole_word, rule.text)] = rule
                else:
                    expression = re.compile("".join(_atom_regex(atom) for atom in rule.atoms))
                    matcher.others.append((rule, expression))
            self.by_action[action] = matcher

    def find(self, text: str) -> dict[WordAction, list[Rule]]:
        """The words found in `text` for each action, each once, in the text's order."""
        found: dict[WordAction, list[Rule]] = {}
        if not self.by_action or not text:
            return found
        folded = fold(text)
        for action, matcher in self.by_action.items():
            hits: list[Rule] = []
            for match in matcher.expression.finditer(folded):
                rule = matcher.name(match.lastgroup == "whole", match.group())
                if rule is not None and rule not in hits:
                    hits.append(rule)
            if hits:
                found[action] = hits
        return found


# --- the compiled words, per process, as new as the table ------------------------------------


def _fingerprint_query() -> Any:
    # Each word's id, action and mode (an edit changes these), and the newest creation
    # time: an id used again after a delete comes with a newer time. Equal fingerprints
    # mean equal words; a different order of the list only costs a recompile.
    row_key = (
        cast(WatchedWord.id, String)
        + cast(WatchedWord.action, String)
        + case((WatchedWord.whole_word, "w"), else_="p")
    )
    return select(
        func.count(WatchedWord.id),
        func.max(WatchedWord.created_at),
        func.aggregate_strings(row_key, ","),
    )


def fingerprint() -> str:
    """The state of the watched words: read once per request (or app context)."""
    known = g.get(_REQUEST_KEY)
    if isinstance(known, str):
        return known
    count, newest, rows = db.session.execute(_fingerprint_query()).one()
    value = f"{count}|{newest}|{rows or ''}"
    setattr(g, _REQUEST_KEY, value)
    return value


def forget_fingerprint(*_args: Any) -> None:
    """After a change to the words in this request or app context: read it again."""
    if has_app_context():
        g.pop(_REQUEST_KEY, None)


def watch_changes() -> None:
    """Whoever writes a watched word (the admin page, a test, a script), the next check in
    the same request reads the table again (idempotent)."""
    for name in ("after_insert", "after_update", "after_delete"):
        if not event.contains(WatchedWord, name, forget_fingerprint):
            event.listen(WatchedWord, name, forget_fingerprint)


def load_rules() -> list[Rule]:
    words = db.session.execute(
        select(WatchedWord.pattern, WatchedWord.action, WatchedWord.whole_word)
        .order_by(WatchedWord.id)
        .limit(MAX_WORDS)
    )
    rules = []
    for pattern, action, whole_word in words:
        # A word the page would refuse (written some other way) is left out: it could
        # make every post slow.
        if not atoms(pattern) or too_many_wildcards(pattern, bool(whole_word)):
            continue
        word_atoms = search_atoms(atoms(pattern), bool(whole_word))
        rules.append(Rule(pattern, WordAction(action), bool(whole_word), word_atoms))
    return rules


def matcher() -> Matcher:
    """The compiled words of this app process, compiled again when they changed."""
    version = fingerprint()
    cached = current_app.extensions.get(EXTENSION_KEY)
    if cached is not None and cached[0] == version:
        result: Matcher = cached[1]
        return result
    compiled = Matcher(load_rules())
    current_app.extensions[EXTENSION_KEY] = (version, compiled)
    return compiled


# --- the screen ---------------------------------------------------------------------------


def _quoted(rules: Iterable[Rule]) -> str:
    """The words in the quotation marks of the reader's language („…“ in German)."""
    # Translators: quotation marks around one watched word; German „%(word)s“.
    return ", ".join(_("“%(word)s”", word=rule.pattern) for rule in rules)


def check(text: str) -> Screening:
    """What the watched words make of one text a member posts."""
    found = matcher().find(text)
    if not found:
        return Screening()
    block = hold = None
    if WordAction.BLOCK in found:
        block = _(
            "Your text contains %(words)s, which may not be posted here. Please rephrase it.",
            words=_quoted(found[WordAction.BLOCK]),
        )
    if WordAction.HOLD in found:
        hold = _("Watched word to hold: %(words)s", words=_quoted(found[WordAction.HOLD]))
    flags = tuple(
        _("Watched word: %(word)s", word=_quoted([rule])) for rule in found.get(WordAction.FLAG, ())
    )
    return Screening(block=block, hold=hold, flags=flags)


def flagged(content_type: ContentType, record: Any, reasons: Sequence[str]) -> None:
    """Open a report on a post with a word to flag, so it shows in the queue as reported;
    a report of this kind still open on the post gets the new words added instead."""
    unique = list(dict.fromkeys(reasons))
    report = db.session.scalar(
        select(Report)
        .where(
            Report.source == ReportSource.WATCHED_WORD,
            Report.target_type == content_type.name,
            Report.target_id == record.id,
            Report.resolved_at.is_(None),
        )
        .limit(1)
    )
    if report is not None:
        known = report.note.split("\n") if report.note else []
        report.note = "\n".join(dict.fromkeys([*known, *unique]))
        return
    title = getattr(record, content_type.title.key, "") or ""
    db.session.add(
        Report(
            reporter_id=None,
            source=ReportSource.WATCHED_WORD,
            target_type=content_type.name,
            target_id=record.id,
            target_label=str(title)[: column_length(Report.target_label)],
            reason=Reason.OTHER,
            note="\n".join(unique),
        )
    )


SCREEN = Screen("watched_words", check, flagged)
