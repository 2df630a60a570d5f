"""What a user typed, reduced to words and phrases a backend can search for safely.

No query syntax reaches a search engine: field names, wildcards, ranges and
boolean operators are just words here. Length is capped before anything
else happens, so a 10,000-character query costs as little as a short one.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from registry.search.interface import MAX_QUERY_LENGTH

MAX_WORDS = 16
MIN_PREFIX_LENGTH = 3
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"'})
_WORD = re.compile(r"\w+")


@dataclass
class ParsedQuery:
    words: list[str] = field(default_factory=list)
    phrases: list[list[str]] = field(default_factory=list)
    # The last word as typed, matched as the start of a word too ("fietsp"
    # finds "fietspad") while the user is still typing it.
    prefix: str | None = None

    @property
    def empty(self) -> bool:
        return not self.words and not self.phrases

    def all_words(self) -> list[str]:
        return self.words + [word for phrase in self.phrases for word in phrase]


def clean(text: str | None) -> str:
    """The user's text, normalised, without control characters, capped in length."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text[: MAX_QUERY_LENGTH * 2])
    text = "".join(" " if unicodedata.category(ch).startswith("C") else ch for ch in text)
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def parse(text: str | None) -> ParsedQuery:
    """Split text into loose words and "quoted phrases"; everything else is ignored.

    A quote without its partner is dropped, so `"` alone or `(((` is simply
    an empty query.
    """
    text = clean(text).translate(_QUOTES)
    parts = text.split('"')
    if len(parts) % 2 == 0:  # an odd number of quotes: the last one has no partner
        parts[-2:] = [parts[-2] + " " + parts[-1]]
    parsed = ParsedQuery()
    budget = MAX_WORDS
    last_loose_word: str | None = None
    for index, part in enumerate(parts):
        words = _WORD.findall(part)[:budget]
        budget -= len(words)
        if not words:
            continue
        inside_quotes = index % 2 == 1
        if inside_quotes and len(words) > 1:
            parsed.phrases.append(words)
            last_loose_word = None
        else:
            parsed.words.extend(words)
            last_loose_word = words[-1] if not inside_quotes else None
        if budget <= 0:
            break
    ends_in_word = bool(text) and text[-1].isalnum()
    if last_loose_word and ends_in_word and len(last_loose_word) >= MIN_PREFIX_LENGTH:
        parsed.prefix = last_loose_word
    return parsed
