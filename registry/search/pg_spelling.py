""" "Bedoelde u …?" from the vocabulary table, found through pg_trgm similarity.

The same rules as the Whoosh speller (see `spelling`): a word that occurs in
enough pilots is fine; otherwise the most common real word within one edit,
else within two, that is clearly more common than what was typed. The
trigram index only finds the candidates; the edit distance decides.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import Connection

from registry.search.analysis import STOP_WORDS, fold
from registry.search.spelling import (
    BETTER_BY,
    KNOWN_FREQUENCY,
    MAX_LENGTH,
    MIN_LENGTH,
    edit_distance,
)

CANDIDATES = 50
# Lower than pg_trgm's default 0.3: a typo in a short word shares few trigrams.
SIMILARITY = "0.2"

OWN = sa.text("SELECT coalesce(sum(documents), 0) FROM search.word WHERE word = search.fold(:w)")
NEAR = sa.text(
    """
    SELECT word, written, documents FROM search.word
    WHERE word % search.fold(:w) AND documents >= :at_least
    ORDER BY similarity(word, search.fold(:w)) DESC, documents DESC
    LIMIT :n
    """
)


class VocabularySpeller:
    """Corrects one word at a time against `search.word`; `corrected_text` drives it."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        connection.execute(
            sa.text("SELECT set_config('pg_trgm.similarity_threshold', :s, true)"),
            {"s": SIMILARITY},
        )

    def correct(self, word: str) -> str | None:
        key = fold(word)
        if not MIN_LENGTH <= len(key) <= MAX_LENGTH or not key.isalpha() or key in STOP_WORDS:
            return None
        own = self.connection.scalar(OWN, {"w": word}) or 0
        if own >= KNOWN_FREQUENCY:
            return None
        rows = self.connection.execute(
            NEAR, {"w": word, "at_least": max(1, own * BETTER_BY), "n": CANDIDATES}
        ).all()
        for max_distance in (1, 2):
            best = None
            for row in rows:
                distance = edit_distance(key, row.word)
                if row.word == key or distance > max_distance:
                    continue
                rank = (distance, -row.documents, row.word)
                if best is None or rank < best[0]:
                    best = (rank, row.written)
            if best is not None:
                return best[1]
        return None
