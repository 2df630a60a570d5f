"""From what a user typed to a PostgreSQL tsquery, and the SQL around it.

The text is first reduced by `query.parse` to loose words, quoted phrases
and a last word still being typed; only those reach PostgreSQL, through
`websearch_to_tsquery` (which accepts any input), so no query syntax of the
user's is ever interpreted. Each word is widened with the forms the
vocabulary knows share its second stem ("fiets" also finds "fietsen"),
and the last word, when no pilot contains it as a whole word, as a prefix.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy import Connection

from registry.search.analysis import STOP_WORDS, fold
from registry.search.interface import FACETS
from registry.search.query import ParsedQuery

WORD_FORMS = sa.text(
    """
    SELECT t.n,
           websearch_to_tsquery('search.dutch', '"' || t.word || '"')::text AS base,
           ARRAY(SELECT DISTINCT w.stem1 FROM search.word AS w
                 WHERE w.documents > 0 AND w.stem2 IN (
                     SELECT search.second_stem(lexeme)
                     FROM unnest(tsvector_to_array(to_tsvector('search.dutch', t.word))) AS lexeme)
                 ORDER BY 1) AS forms
    FROM unnest(CAST(:words AS text[])) WITH ORDINALITY AS t (word, n)
    """
)
PHRASES = sa.text(
    """
    SELECT websearch_to_tsquery('search.dutch', '"' || p.phrase || '"')::text
    FROM unnest(CAST(:phrases AS text[])) WITH ORDINALITY AS p (phrase, n)
    ORDER BY p.n
    """
)
PREFIX = sa.text("SELECT to_tsquery('search.dutch', :word || ':*')::text")


def lexeme(text: str) -> str:
    """A lexeme as a tsquery literal: quoted, nothing in it interpreted."""
    return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'"


@dataclass
class TextQuery:
    """The tsquery for a search text; `tsquery` None when no word is left to search for."""

    tsquery: str | None
    words: list[str] = field(default_factory=list)


def searchable(word: str) -> bool:
    """Words Whoosh also searches for: two letters or more, not a stop word."""
    folded = fold(word)
    return len(folded) >= 2 and folded not in STOP_WORDS


def build(connection: Connection, parsed: ParsedQuery) -> TextQuery:
    words = [w for w in parsed.words if searchable(w)]
    clauses: list[str] = []
    if words:
        rows = connection.execute(WORD_FORMS, {"words": words}).all()
        last = len(words) - 1
        for row in sorted(rows, key=lambda r: r.n):
            alternatives = [row.base] if row.base else []
            alternatives += [lexeme(form) for form in row.forms]
            word = words[row.n - 1]
            if row.n - 1 == last and word == parsed.prefix and not row.forms:
                prefix = connection.scalar(PREFIX, {"word": lexeme(word)})
                if prefix:
                    alternatives.append(prefix)
            if alternatives:
                clauses.append("(" + " | ".join(dict.fromkeys(alternatives)) + ")")
    phrases = [" ".join(phrase) for phrase in parsed.phrases]
    if phrases:
        clauses += [f"({q})" for q in connection.scalars(PHRASES, {"phrases": phrases}) if q]
    clauses += _groups(connection, parsed.groups)
    return TextQuery(" & ".join(clauses) if clauses else None, words)


def _groups(connection: Connection, groups: list[list[tuple[str, ...]]]) -> list[str]:
    """One clause per group: any of its alternatives, each searched as a phrase."""
    if not groups:
        return []
    alternatives = [" ".join(alternative) for group in groups for alternative in group]
    queries = iter(list(connection.scalars(PHRASES, {"phrases": alternatives})))
    clauses = []
    for group in groups:
        found = [q for q in (next(queries) for _ in group) if q]
        if found:
            clauses.append("(" + " | ".join(f"({q})" for q in dict.fromkeys(found)) + ")")
    return clauses


# --- Filters and facets -------------------------------------------------------------------


@dataclass
class Conditions:
    """SQL conditions over `search.document AS d`, with their parameters.

    Every filter is an overlap with the row's `facet_keys` ("theme:economy",
    ...), so filters read only the small in-row array, and the GIN index on
    it serves searches without words.
    """

    match: str
    active: dict[str, str]
    params: dict

    def all(self) -> str:
        return " AND ".join(self.active.values()) if self.active else "TRUE"


def conditions(tsquery: str | None, filters: Mapping[str, tuple[str, ...]]) -> Conditions:
    params: dict = {}
    match = "TRUE"
    if tsquery is not None:
        match = "d.vector @@ CAST(:q AS tsquery)"
        params["q"] = tsquery
    active = {}
    for name in FACETS:
        values = [f"{name}:{v}" for v in filters.get(name, ()) if v]
        if values:
            active[name] = f"d.facet_keys && CAST(:f_{name} AS text[])"
            params[f"f_{name}"] = values
    if active and tsquery is None and len(active) > 1:
        # A row that passes no selection counts nowhere; with two or more
        # selections, the rows that count have at least one selected value.
        match = "d.facet_keys && CAST(:f_any AS text[])"
        params["f_any"] = [v for name in active for v in params[f"f_{name}"]]
    return Conditions(match, active, params)


def count_sql(cond: Conditions) -> str:
    """The matches before and after the selected filters."""
    return (
        f"SELECT count(*) AS matching, count(*) FILTER (WHERE {cond.all()}) AS total "
        f"FROM search.document AS d WHERE {cond.match}"
    )


def facet_sql(cond: Conditions, sampled: bool) -> str:
    """Every facet's value counts in one pass over the matches' `facet_keys`.

    A facet's values are counted over the documents that pass every *other*
    facet's selection (see `facets`): a row failing no selection counts for
    all facets, a row failing exactly one counts only for that facet, and a
    row failing two counts for none. With `sampled`, only every :step-th
    pilot is read (the caller scales the counts).
    """
    sample = " AND d.object_id % :step = 0" if sampled else ""
    if not cond.active:
        return (
            "SELECT k, count(*) FROM search.document AS d, unnest(d.facet_keys) AS k "
            f"WHERE {cond.match}{sample} GROUP BY k"
        )
    bits = {name: 1 << i for i, name in enumerate(cond.active)}
    mask = " + ".join(
        f"(CASE WHEN {sql} THEN 0 ELSE {bits[name]} END)" for name, sql in cond.active.items()
    )
    keep = " OR ".join(
        f"(m.mask = {bit} AND left(k, {len(name) + 1}) = '{name}:')" for name, bit in bits.items()
    )
    return f"""
    SELECT k, count(*) FROM (
        SELECT s.facet_keys, s.mask FROM (
            SELECT d.facet_keys, {mask} AS mask FROM search.document AS d
            WHERE {cond.match}{sample}
        ) AS s WHERE (s.mask & (s.mask - 1)) = 0
    ) AS m, unnest(m.facet_keys) AS k
    WHERE m.mask = 0 OR {keep}
    GROUP BY k
    """
