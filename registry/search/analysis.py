"""How Dutch text becomes search terms: one analyzer for indexing, querying and highlighting.

Lower-casing, accent folding (`één` and `een`, `Fryslân` and `Fryslan` meet),
the Dutch stop list and Snowball Dutch stemming. The same chain runs on
pilots and on what users type, so both sides always agree on a term.

The classes here are pickled into the Whoosh index's table of contents, so
they must stay importable under these names.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from whoosh.analysis import (
    CharsetFilter,
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    StopFilter,
)
from whoosh.lang import stemmer_for_language, stopwords_for_language
from whoosh.support.charset import accent_map

# Words of at least one letter or digit; a hyphen or apostrophe splits
# ("e-overheid" -> "e", "overheid"), as users type both halves.
WORD_PATTERN = r"\w+"

_snowball_dutch = stemmer_for_language("nl")

# English words that carry no meaning in a search but are not Dutch words,
# so pilots written in English rank on their content words too.
ENGLISH_STOP_WORDS = frozenset(
    {"a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "it"}
    | {"its", "of", "on", "or", "that", "the", "their", "this", "to", "was", "were"}
    | {"will", "with", "which", "who"}
)


def fold(text: str) -> str:
    """Lower-case and strip accents, as the index does."""
    return text.lower().translate(accent_map)


STOP_WORDS = frozenset(fold(w) for w in stopwords_for_language("nl")) | ENGLISH_STOP_WORDS


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Dutch Snowball stem, applied until it no longer changes (at most twice).

    Snowball strips "-en" from "fietsen" (-> "fiets") but also "-s" from "fiets"
    (-> "fiet"); stemming the result once more lets singular and plural meet.
    The cache matters: highlighting re-analyses stored text on every search.
    """
    first = _snowball_dutch(word)
    if first == word:
        return word
    return _snowball_dutch(first)


class DutchStemFilter(Filter):
    """Replaces each token's text by its Dutch stem (see `stem`)."""

    def __eq__(self, other: object) -> bool:
        return other.__class__ is self.__class__

    def __call__(self, tokens):
        for token in tokens:
            if not token.stopped:
                token.text = stem(token.text)
            yield token


def dutch_analyzer():
    """Tokenise, lower-case, fold accents, drop stop words, stem."""
    return (
        RegexTokenizer(WORD_PATTERN)
        | LowercaseFilter()
        | CharsetFilter(accent_map)
        | StopFilter(stoplist=STOP_WORDS, minsize=2)
        | DutchStemFilter()
    )


def folding_analyzer():
    """Tokenise, lower-case and fold accents, nothing else: for codes and exact words."""
    return RegexTokenizer(WORD_PATTERN) | LowercaseFilter() | CharsetFilter(accent_map)


_WORD_RE = re.compile(WORD_PATTERN)


def spelling_words(*texts: str) -> set[str]:
    """The distinct real words of texts, lower-cased but with their accents.

    "Bedoelde u" offers these, never stems; words with digits or of fewer than
    three letters are no use as a suggestion.
    """
    words: set[str] = set()
    for text in texts:
        for word in _WORD_RE.findall(text.lower()):
            if len(word) >= 3 and word.isalpha() and fold(word) not in STOP_WORDS:
                words.add(unicodedata.normalize("NFC", word))
    return words


def terms_for(word: str) -> list[str]:
    """The index terms one typed word becomes (none for a stop word)."""
    return [token.text for token in dutch_analyzer()(word)]
