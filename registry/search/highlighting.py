"""Highlighted snippets that are safe to put in a page.

The document's text is HTML-escaped; the only markup added is <mark>
around words whose index term was searched for. User input never becomes
markup: it only decides which words get marked. Words are matched through
the same folding and stemming as the index, with a cache, so marking a page
of results costs a few milliseconds instead of re-running the analyzer.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from functools import lru_cache

from markupsafe import escape

from registry.search.analysis import STOP_WORDS, WORD_PATTERN, fold, stem
from registry.text_memo import kept_per_text

ELLIPSIS = "…"
_WORD = re.compile(WORD_PATTERN)


def escape_text(text: str) -> str:
    return str(escape(text))


@lru_cache(maxsize=200_000)
def term_of(word: str) -> str | None:
    """The index term of one word, as the analyzer makes it (None for a stop word)."""
    folded = fold(word)
    if len(folded) < 2 or folded in STOP_WORDS:
        return None
    return stem(folded)


def _matches(text: str, terms: Collection[str]) -> list[tuple[int, int, str]]:
    """(start, end, term) of each word of `text` whose index term is one of `terms`.

    The text's words are grouped by their index term once per text (and kept:
    the same pilots come up for one search after another), and only the words
    that match are then looked for: a long text has hundreds of words and a
    few matches.
    """
    by_term = _kept_words_by_term(text) if len(text) <= KEPT_LONGEST else _words_by_term(text)
    wanted = frozenset(word for term in terms for word in by_term.get(term, ()))
    if not wanted:
        return []
    return [
        (match.start(), match.end(), term_of(match.group()))  # type: ignore[misc]
        for match in _words_pattern(wanted).finditer(text)
    ]


def _words_by_term(text: str) -> dict[str, tuple[str, ...]]:
    """The distinct words of `text` by their index term (stop words left out)."""
    grouped: dict[str, list[str]] = {}
    for word in set(_WORD.findall(text)):
        term = term_of(word)
        if term is not None:
            grouped.setdefault(term, []).append(word)
    return {term: tuple(words) for term, words in grouped.items()}


# Some 20 KB are kept for a text of a few thousand characters; with these
# bounds a worker keeps at most about 10 MB of them.
KEPT_TEXTS = 64
KEPT_LONGEST = 20_000
_kept_words_by_term = kept_per_text(KEPT_TEXTS)(_words_by_term)


@lru_cache(maxsize=1024)
def _words_pattern(words: frozenset[str]) -> re.Pattern[str]:
    """A pattern for these whole words (as `_WORD` reads words), longest first."""
    alternatives = "|".join(map(re.escape, sorted(words, key=lambda w: (-len(w), w))))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


def _marked(text: str, start: int, end: int, matches: list[tuple[int, int, str]]) -> str:
    out = []
    position = start
    for match_start, match_end, _ in matches:
        if match_start < start or match_end > end:
            continue
        out.append(escape_text(text[position:match_start]))
        out.append(f"<mark>{escape_text(text[match_start:match_end])}</mark>")
        position = match_end
    out.append(escape_text(text[position:end]))
    return "".join(out)


def mark_all(text: str, terms: Collection[str]) -> str:
    """The whole text escaped, matched words marked; "" when nothing matched."""
    matches = _matches(text, terms) if terms else []
    return _marked(text, 0, len(text), matches) if matches else ""


def _snap(text: str, start: int, end: int) -> tuple[int, int]:
    """Move a window's edges to word boundaries."""
    if start > 0:
        space = text.find(" ", start)
        start = space + 1 if -1 < space < end else start
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    return start, end


def snippet(
    text: str, terms: Collection[str], fragments: int = 2, context: int = 70, width: int = 240
) -> str:
    """Up to `fragments` passages around matched words, escaped and marked; "" when none."""
    matches = _matches(text, terms) if terms else []
    if not matches:
        return ""
    windows: list[list] = []  # [start, end, distinct terms, matches]
    for match in matches:
        start, end = max(0, match[0] - context), min(len(text), match[1] + context)
        if windows and start <= windows[-1][1] and end - windows[-1][0] <= width:
            windows[-1][1] = end
            windows[-1][2].add(match[2])
            windows[-1][3] += 1
        else:
            windows.append([start, end, {match[2]}, 1])
    best = sorted(windows, key=lambda w: (-len(w[2]), -w[3], w[0]))[:fragments]
    parts = []
    for number, (start, end, _, _) in enumerate(sorted(best, key=lambda w: w[0])):
        start, end = _snap(text, start, end)
        part = _marked(text, start, end, matches).strip()
        if number == 0 and start > 0:
            part = f"{ELLIPSIS} {part}"
        if end < len(text):
            part = f"{part} {ELLIPSIS}"
        parts.append(part)
    return " ".join(parts)
