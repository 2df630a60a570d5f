"""What a user typed, reduced to words and phrases a backend can search for safely.

No query syntax reaches a search engine: field names, ranges and the like
are just words here. The few operators people actually type are understood
and never searched for as words: `OR` (or `|`) between two words makes
either one enough, `AND`/`+` changes nothing (all words are required
anyway), `NOT`/`-word` is not supported and the word after it is ignored,
and a trailing `*` marks a word as the start of longer words. Length is
capped before anything else happens, so a 10,000-character query costs as
little as a short one.

Names and terms that mean the same (`synonyms`) become one group of
alternatives: `Den Haag` also finds `'s-Gravenhage`, `Wmo` also finds
`Wet maatschappelijke ondersteuning`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from registry.search.analysis import STOP_WORDS, fold
from registry.search.interface import MAX_QUERY_LENGTH

MAX_WORDS = 16
MIN_PREFIX_LENGTH = 3
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"'})
_WORD = re.compile(r"\w+")
# A word with what may stand around it: a leading "-" or "+", a trailing "*".
_TOKEN = re.compile(r"(?P<sign>(?<![\w-])[-+])?(?P<word>\w+)(?P<star>\*)?|(?P<bar>\|)")
OR_WORDS = frozenset({"OR"})
AND_WORDS = frozenset({"AND"})
NOT_WORDS = frozenset({"NOT"})
OPERATORS = OR_WORDS | AND_WORDS | NOT_WORDS

# An alternative is one word or a phrase (several words in this order).
Alternative = tuple[str, ...]


@dataclass
class ParsedQuery:
    words: list[str] = field(default_factory=list)
    phrases: list[list[str]] = field(default_factory=list)
    # Each group matches when any one of its alternatives does (OR, synonyms).
    groups: list[list[Alternative]] = field(default_factory=list)
    # The last word as typed, matched as the start of a word too ("fietsp"
    # finds "fietspad") while the user is still typing it, or marked with "*".
    prefix: str | None = None
    # Operators that were read as operators, in upper case ("OR", "NOT").
    operators: list[str] = field(default_factory=list)
    # Words left out because a NOT or "-" stood before them.
    excluded: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.words and not self.phrases and not self.groups

    def all_words(self) -> list[str]:
        return self.words + [word for phrase in self.phrases for word in phrase]

    def searchable(self) -> bool:
        """Whether anything is left to look for once stop words and single letters go."""
        words = self.all_words() + [w for g in self.groups for alt in g for w in alt]
        return any(len(fold(w)) >= 2 and fold(w) not in STOP_WORDS for w in words)


def clean(text: str | None) -> str:
    """The user's text, normalised, without control characters, capped in length."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text[: MAX_QUERY_LENGTH * 2])
    text = "".join(" " if unicodedata.category(ch).startswith("C") else ch for ch in text)
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


@dataclass
class _Loose:
    """Loose words of the text in order, with the OR links between them."""

    words: list[str] = field(default_factory=list)
    # or_after[i]: word i and word i + 1 are joined by OR.
    or_after: list[bool] = field(default_factory=list)
    starred: set[int] = field(default_factory=set)
    # Whether the text read so far ends in a loose word (not an operator or excluded word).
    ends_in_word: bool = False


def _read_loose(part: str, loose: _Loose, parsed: ParsedQuery, budget: int) -> int:
    pending_or = pending_not = False
    for match in _TOKEN.finditer(part):
        if budget <= 0:
            break
        loose.ends_in_word = False
        if match.group("bar"):
            pending_or = True
            parsed.operators.append("OR")
            continue
        word = match.group("word")
        if word in OPERATORS:
            parsed.operators.append(word)
            pending_or = pending_or or word in OR_WORDS
            pending_not = pending_not or word in NOT_WORDS
            continue
        if pending_not or match.group("sign") == "-":
            if match.group("sign") == "-":
                parsed.operators.append("NOT")
            parsed.excluded.append(word)
            pending_not = pending_or = False
            continue
        if pending_or and loose.words:
            loose.or_after[-1] = True
        pending_or = False
        if match.group("star"):
            loose.starred.add(len(loose.words))
        loose.words.append(word)
        loose.or_after.append(False)
        loose.ends_in_word = True
        budget -= 1
    return budget


def parse(text: str | None, synonyms: Iterable[Sequence[str]] = ()) -> ParsedQuery:
    """Split text into loose words, "quoted phrases" and groups of alternatives.

    A quote without its partner is dropped, so `"` alone or `(((` is simply
    an empty query. `synonyms` are sets of equivalent expressions.
    """
    text = clean(text).translate(_QUOTES)
    parts = text.split('"')
    if len(parts) % 2 == 0:  # an odd number of quotes: the last one has no partner
        parts[-2:] = [parts[-2] + " " + parts[-1]]
    parsed = ParsedQuery()
    loose = _Loose()
    budget = MAX_WORDS
    last_loose_word: str | None = None
    for index, part in enumerate(parts):
        inside_quotes = index % 2 == 1
        if inside_quotes:
            words = _WORD.findall(part)[:budget]
            budget -= len(words)
            if len(words) > 1:
                parsed.phrases.append(words)
                last_loose_word = None
            elif words:
                loose.words.append(words[0])
                loose.or_after.append(False)
                last_loose_word = None
        else:
            before = len(loose.words)
            budget = _read_loose(part, loose, parsed, budget)
            if len(loose.words) > before:
                last_loose_word = loose.words[-1] if loose.ends_in_word else None
        if budget <= 0:
            break
    _group_or(loose, parsed)
    _expand_synonyms(parsed, synonyms)
    last = len(loose.words) - 1
    ends_in_word = bool(text) and (text[-1].isalnum() or last in loose.starred)
    if (
        last_loose_word
        and ends_in_word
        and len(last_loose_word) >= MIN_PREFIX_LENGTH
        and parsed.words
        and parsed.words[-1] == last_loose_word
    ):
        parsed.prefix = last_loose_word
    return parsed


def _group_or(loose: _Loose, parsed: ParsedQuery) -> None:
    """Words joined by OR become one group; the others stay required words."""
    run: list[str] = []
    for word, joined in zip(loose.words, loose.or_after, strict=True):
        run.append(word)
        if joined:
            continue
        if len(run) == 1:
            parsed.words.append(word)
        else:
            parsed.groups.append([(w,) for w in dict.fromkeys(run)])
        run = []


def _key(expression: str) -> tuple[str, ...]:
    """An expression as folded words, without single letters ("'s-Gravenhage" -> gravenhage)."""
    return tuple(w for w in (fold(w) for w in _WORD.findall(expression)) if len(w) >= 2)


def _expand_synonyms(parsed: ParsedQuery, synonyms: Iterable[Sequence[str]]) -> None:
    """Replace the longest runs of words that name a synonym by a group of all its names."""
    by_key = _synonym_groups(tuple(tuple(expressions) for expressions in synonyms))
    if not by_key or not parsed.words:
        return
    longest = max(len(key) for key in by_key)
    folded = [fold(w) for w in parsed.words]
    kept: list[str] = []
    position = 0
    while position < len(folded):
        for size in range(min(longest, len(folded) - position), 0, -1):
            found = by_key.get(tuple(folded[position : position + size]))
            if found:
                parsed.groups.append(list(found))
                position += size
                break
        else:
            kept.append(parsed.words[position])
            position += 1
    parsed.words = kept


@lru_cache(maxsize=8)
def _synonym_groups(
    synonyms: tuple[tuple[str, ...], ...],
) -> dict[tuple[str, ...], tuple[Alternative, ...]]:
    """Each synonym's folded words, and all the alternatives they stand for.

    Kept per set of synonyms: the same few hundred (the municipalities' other
    names among them) serve every search until a curator changes one.
    """
    by_key: dict[tuple[str, ...], list[Alternative]] = {}
    for expressions in synonyms:
        alternatives = [key for key in dict.fromkeys(_key(e) for e in expressions) if key]
        if len(alternatives) < 2:
            continue
        for key in alternatives:
            by_key.setdefault(key, [])
            for alternative in alternatives:
                if alternative not in by_key[key]:
                    by_key[key].append(alternative)
    return {key: tuple(alternatives) for key, alternatives in by_key.items()}
