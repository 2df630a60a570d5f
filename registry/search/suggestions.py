""" "Bedoelde u …?" only when it helps.

A suggestion is offered only when the query found little, and only when
the suggested query itself finds clearly more. Each word is judged on its
own: a word that finds pilots by itself is a known term and is kept as
typed ("zorg" is never turned into "zon"); operators, words marked with
`*`, excluded words, quoted phrases and synonyms are never touched. The
other words of a multi-word query are kept.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from registry.search.query import parse

# "Very little": a search that finds fewer than this may get a suggestion.
SUGGEST_BELOW = 3
# "Clearly more": the suggestion must find at least this many times as many.
CLEARLY_MORE = 3
# Each word judged costs a search or two: a long query has its first few judged.
MAX_WORDS_JUDGED = 6
MIN_LENGTH = 3


def _replace_word(text: str, word: str, correction: str) -> str:
    """`word` as a loose word in `text` (not starred, not excluded) replaced once."""
    pattern = rf"(?<![\w*\-]){re.escape(word)}(?![\w*])"
    return re.sub(pattern, lambda _: correction, text, count=1)


def better_query(
    text: str,
    total: int,
    synonyms: tuple[tuple[str, ...], ...],
    count: Callable[[str, bool], int],
    correct: Callable[[str], str | None],
) -> str | None:
    """The query with misspelt words corrected, when that finds clearly more; else None.

    `count(text, filtered)` is the number of pilots a text finds (with the
    user's filters or without), `correct(word)` the speller's best real word.
    """
    if total >= SUGGEST_BELOW:
        return None
    parsed = parse(text, synonyms)
    suggestion = text
    changed = False
    words = [w for w in dict.fromkeys(parsed.words) if len(w) >= MIN_LENGTH]
    for word in words[:MAX_WORDS_JUDGED]:
        if count(word, False) > 0:
            continue  # a known term: kept as typed
        correction = correct(word)
        if not correction or correction.lower() == word.lower():
            continue
        if count(correction, False) == 0:
            continue
        replaced = _replace_word(suggestion, word, correction)
        if replaced != suggestion:
            suggestion, changed = replaced, True
    if not changed:
        return None
    found = count(suggestion, True)
    if found > total and found >= CLEARLY_MORE * total:
        return suggestion
    return None
