""" "Bedoelde u …?": corrections from the real words in the index, not from stems.

A vocabulary holds each word (accent-folded) with the number of documents it
occurs in and how it is actually written. Candidates one edit away are found
through a table of single-letter deletions (symmetric delete), built only
when a suggestion is first asked for; a second edit is tried from the
deletions of the typed word. One vocabulary per index segment, so adding a
pilot never rebuilds what the large, unchanged segments already hold.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Protocol

from registry.search.analysis import STOP_WORDS, fold

MIN_LENGTH = 3
MAX_LENGTH = 30
# A word that occurs at least this often counts as spelled right.
KNOWN_FREQUENCY = 3
# A correction must be this much more common than what was typed.
BETTER_BY = 5


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def edit_distance(a: str, b: str) -> int:
    """Damerau-Levenshtein distance (adjacent transpositions count as one edit)."""
    if a == b:
        return 0
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


class Vocabulary:
    """The words of one segment: folded word -> (document frequency, written form)."""

    def __init__(self, words: Iterable[tuple[str, int]]) -> None:
        self.frequency: dict[str, int] = {}
        self.written: dict[str, str] = {}
        for word, frequency in words:
            key = fold(word)
            if frequency > self.frequency.get(key, 0):
                self.written[key] = word
            self.frequency[key] = self.frequency.get(key, 0) + frequency
        self._by_deletion: dict[str, list[str]] | None = None

    def by_deletion(self) -> dict[str, list[str]]:
        if self._by_deletion is None:
            table: dict[str, list[str]] = {}
            for word in self.frequency:
                for variant in _deletions(word):
                    table.setdefault(variant, []).append(word)
            self._by_deletion = table
        return self._by_deletion


class Speller:
    """Corrects words against the vocabularies of all segments together."""

    def __init__(self, vocabularies: Sequence[Vocabulary]) -> None:
        self.vocabularies = vocabularies

    def frequency(self, key: str) -> int:
        return sum(v.frequency.get(key, 0) for v in self.vocabularies)

    def written(self, key: str) -> str:
        for vocabulary in self.vocabularies:
            if key in vocabulary.written:
                return vocabulary.written[key]
        return key

    def _candidates(self, key: str) -> set[str]:
        found: set[str] = set()
        deletions = _deletions(key)
        for vocabulary in self.vocabularies:
            table = vocabulary.by_deletion()
            found.update(table.get(key, ()))  # a letter left out
            for variant in deletions:
                if variant in vocabulary.frequency:  # a letter too many
                    found.add(variant)
                found.update(table.get(variant, ()))  # a letter wrong, or two swapped
        return found

    def _candidates_two_edits(self, key: str) -> set[str]:
        found: set[str] = set()
        for variant in _deletions(key):
            found |= self._candidates(variant)
        return found

    def correct(self, word: str) -> str | None:
        """A more common real word close to `word`, as it is written; None when fine."""
        key = fold(word)
        if not MIN_LENGTH <= len(key) <= MAX_LENGTH or not key.isalpha() or key in STOP_WORDS:
            return None
        own = self.frequency(key)
        if own >= KNOWN_FREQUENCY:
            return None
        best = self._best(key, own, self._candidates(key), max_distance=1)
        if best is None:
            best = self._best(key, own, self._candidates_two_edits(key), max_distance=2)
        return self.written(best) if best else None

    def _best(self, key: str, own: int, candidates: set[str], max_distance: int) -> str | None:
        best: tuple[int, int, str] | None = None
        for candidate in candidates:
            if candidate == key:
                continue
            distance = edit_distance(key, candidate)
            frequency = self.frequency(candidate)
            if distance > max_distance or frequency < max(1, own * BETTER_BY):
                continue
            rank = (distance, -frequency, candidate)
            if best is None or rank < best:
                best = rank
        return best[2] if best else None


_WORD = re.compile(r"\w+")


class Corrector(Protocol):
    def correct(self, word: str) -> str | None: ...


def corrected_text(text: str, speller: Corrector) -> str | None:
    """The text with each misspelt word replaced, or None when nothing changed."""
    changed = False

    def replace(match: re.Match[str]) -> str:
        nonlocal changed
        correction = speller.correct(match.group(0))
        if correction is None:
            return match.group(0)
        changed = True
        return correction

    result = _WORD.sub(replace, text)
    return result if changed else None
