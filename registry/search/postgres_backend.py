"""The PostgreSQL full-text backend: one search for every host that shares the database.

Documents live in `search.document` (migration 0005) and are written in the
transaction that changes a pilot (see `pg_documents`), so a pilot published
through one host is found through every other host the moment it is saved.

A search is a handful of statements on one connection: the words' forms,
then the total and all facet counts in one pass over the matches, then the
page, ranked with `ts_rank_cd`, then the page's rows with `ts_headline`
snippets of HTML-escaped text. When a common word matches thousands of
pilots, only a capped set of candidates is ranked: the newest pilots with
the words in their title and the newest pilots overall. Counts stay exact.
"""

from __future__ import annotations

import contextlib
import logging
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from itertools import islice

import sqlalchemy as sa
from markupsafe import escape
from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError

from registry.models import Organisation
from registry.search import facets, pg_documents, pg_query
from registry.search.documents import SearchDocument
from registry.search.interface import (
    FACETS,
    IndexStatus,
    IndexUnavailable,
    SearchHit,
    SearchQuery,
    SearchResults,
)
from registry.search.pg_spelling import VocabularySpeller
from registry.search.query import parse
from registry.search.spelling import corrected_text

log = logging.getLogger(__name__)

# Up to this many matches every one is ranked; above it, only the candidates.
# Ranking reads each ranked pilot's whole vector (~0.1 ms apiece).
RANK_ALL_MAX = 300
TITLE_CANDIDATES = 200
NEWEST_CANDIDATES = 100
# Counting facets reads every match's values. Up to FACET_EXACT_MAX matches
# the counts are exact; beyond, a systematic sample of about FACET_SAMPLE
# pilots gives the proportions at a fraction of the cost (totals stay exact).
FACET_EXACT_MAX = 10_000
FACET_SAMPLE = 5_000
WORK_MEM = "32MB"

MARK = "StartSel=<mark>, StopSel=</mark>"
WHOLE = f"HighlightAll=true, {MARK}"
FRAGMENTS = f'MaxFragments=2, MaxWords=30, MinWords=12, {MARK}, FragmentDelimiter=" … "'
ELLIPSIS = "…"

ORDERS = {
    "newest": "d.published_at DESC NULLS LAST, d.object_id DESC",
    "score": "d.score DESC NULLS LAST, d.published_at DESC NULLS LAST, d.object_id DESC",
    "adopters": "d.adopters DESC, d.published_at DESC NULLS LAST, d.object_id DESC",
}
RANKED = "ts_rank_cd(d.vector, CAST(:q AS tsquery)) DESC, d.published_at DESC NULLS LAST"


def html_escaped(column: str) -> str:
    """SQL escaping a column exactly as markupsafe does, before ts_headline marks it."""
    sql = column
    for char, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&#34;")):
        sql = f"replace({sql}, '{char}', '{entity}')"
    return f"replace({sql}, '''', '&#39;')"


class _Writer:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def index(self, documents: Iterable[SearchDocument]) -> None:
        pg_documents.write(self.connection, documents)

    def remove(self, doc_ids: Iterable[str]) -> None:
        pg_documents.remove(self.connection, doc_ids)


def _lock_timeout(connection: Connection, seconds: float) -> None:
    connection.execute(
        sa.text("SELECT set_config('lock_timeout', :t, true)"),
        {"t": f"{max(1, int(seconds * 1000))}ms"},
    )


class PostgresBackend:
    name = "postgres"

    def __init__(self, engine: Callable[[], sa.Engine]) -> None:
        self._engine = engine

    # --- Writing -----------------------------------------------------------------

    @contextlib.contextmanager
    def writer(self, timeout: float) -> Iterator[_Writer]:
        """Its own transaction, for changes left pending (normally there are none)."""
        try:
            with self._engine().begin() as connection:
                _lock_timeout(connection, timeout)
                yield _Writer(connection)
        except DBAPIError as err:
            raise IndexUnavailable(f"search documents cannot be written: {err.orig}") from err

    def rebuild(
        self,
        documents: Iterator[SearchDocument],
        after_swap: Callable[[], None] | None = None,
        progress: Callable[[int], None] | None = None,
        lock_timeout: float = 600.0,
    ) -> int:
        """Replace all documents in one transaction: searches see the old set until it commits."""
        count = 0
        try:
            with self._engine().begin() as connection:
                _lock_timeout(connection, lock_timeout)
                connection.execute(sa.delete(pg_documents.document))
                while batch := list(islice(documents, pg_documents.BATCH)):
                    count += pg_documents.write(connection, batch)
                    if progress is not None:
                        progress(len(batch))
            # Sets the visibility map and hint bits and drops the replaced rows, so
            # the first searches after a rebuild are not the slow ones.
            with (
                self._engine()
                .connect()
                .execution_options(isolation_level="AUTOCOMMIT") as connection
            ):
                connection.execute(sa.text("VACUUM ANALYZE search.document, search.word"))
        except DBAPIError as err:
            raise IndexUnavailable(f"search documents cannot be rebuilt: {err.orig}") from err
        if after_swap is not None:
            after_swap()
        return count

    # --- Searching ---------------------------------------------------------------

    @contextlib.contextmanager
    def _reading(self) -> Iterator[Connection]:
        try:
            with self._engine().connect() as connection, connection.begin():
                # The vectors live outside the narrow rows; the planner does not
                # know that reading them row by row is what makes a sequential
                # scan slow, and would pick one for small tables. The GIN index it is.
                connection.execute(
                    sa.text(
                        "SELECT set_config('work_mem', :m, true),"
                        " set_config('enable_seqscan', 'off', true), set_config('jit', 'off', true)"
                    ),
                    {"m": WORK_MEM},
                )
                yield connection
        except DBAPIError as err:
            raise IndexUnavailable(f"search documents cannot be read: {err.orig}") from err

    def search(self, query: SearchQuery) -> SearchResults:
        with self._reading() as connection:
            return self._search(connection, query)

    def _search(self, connection: Connection, query: SearchQuery) -> SearchResults:
        parsed = parse(query.text, query.synonyms)
        text_query = pg_query.build(connection, parsed)
        if not parsed.empty and text_query.tsquery is None:
            # Only stop words or single letters: nothing to look for, as in Whoosh.
            counts: dict[str, Counter[str]] = (
                {name: Counter() for name in FACETS} if query.facets else {}
            )
            return SearchResults(
                hits=[], total=0, query=query, facets=facets.facet_values(counts, query.filters)
            )
        cond = pg_query.conditions(text_query.tsquery, query.filters)
        if text_query.tsquery and "<" in text_query.tsquery:
            cond = self._matched_once(connection, cond)
        labels: dict[str, str] = {}
        total, counts = self._count(connection, cond, query.facets, labels)
        ids = self._page(connection, cond, query, total) if total else []
        hits = self._hits(connection, ids, cond, query.highlight)
        facet_values = facets.facet_values(counts, query.filters)
        organisations = facet_values.get("organisation", [])
        for value in organisations:
            value.label = labels.get(value.value)
        self._label_organisations(connection, [v for v in organisations if v.label is None])
        return SearchResults(hits=hits, total=total, query=query, facets=facet_values)

    @staticmethod
    def _matched_once(connection: Connection, cond: pg_query.Conditions) -> pg_query.Conditions:
        """Phrases are checked against each candidate's positions, row by row: do it once.

        The pilots found are then named by id in the counting and ranking that follow.
        """
        ids = list(
            connection.scalars(
                sa.text(f"SELECT d.object_id FROM search.document AS d WHERE {cond.match}"),
                cond.params,
            )
        )
        params = {**cond.params, "matched": ids}
        return pg_query.Conditions(
            "d.object_id = ANY(CAST(:matched AS integer[]))", cond.active, params
        )

    @staticmethod
    def _count(
        connection: Connection,
        cond: pg_query.Conditions,
        with_facets: bool,
        labels: dict[str, str],
    ) -> tuple[int, dict[str, Counter]]:
        """The total, and each facet's counts; organisation names go into `labels`."""
        matching, total = connection.execute(sa.text(pg_query.count_sql(cond)), cond.params).one()
        counts: dict[str, Counter] = {name: Counter() for name in FACETS} if with_facets else {}
        if not with_facets or not matching:
            return total, counts
        step = -(-matching // FACET_SAMPLE) if matching > FACET_EXACT_MAX else 1
        sql = sa.text(
            f"SELECT f.k, f.count, o.name FROM ({pg_query.facet_sql(cond, step > 1)}) AS f"
            " LEFT JOIN organisation AS o ON f.k = 'organisation:' || o.code"
        )
        for key, n, name in connection.execute(sql, {**cond.params, "step": step}):
            facet, _, value = key.partition(":")
            if facet in counts:
                counts[facet][value] = min(matching, n * step)
            if name is not None:
                labels[value] = name
        return total, counts

    @staticmethod
    def _page(
        connection: Connection, cond: pg_query.Conditions, query: SearchQuery, total: int
    ) -> list[str]:
        start = (query.page - 1) * query.per_page
        if start >= total:
            return []
        where = f"{cond.match} AND {cond.all()}"
        params = {**cond.params, "limit": query.per_page, "offset": start}
        relevance = query.sort not in ORDERS and "q" in cond.params
        if not relevance:
            order = ORDERS.get(query.sort, ORDERS["newest"])
            sql = f"SELECT d.doc_id FROM search.document AS d WHERE {where} ORDER BY {order}"
        elif total <= RANK_ALL_MAX:
            sql = f"SELECT d.doc_id FROM search.document AS d WHERE {where} ORDER BY {RANKED}"
        else:
            # Ranking reads every candidate's whole vector: rank a capped set.
            newest = ORDERS["newest"]
            # The title matches are read through their own index (a CTE), never by
            # walking the newest pilots and reading each one's title vector.
            sql = f"""
            WITH titled AS MATERIALIZED (
                SELECT d.doc_id, d.published_at, d.object_id FROM search.document AS d
                WHERE d.title_vector @@ CAST(:q AS tsquery) AND {where}
            ), candidate AS (
                (SELECT d.doc_id FROM titled AS d ORDER BY {newest} LIMIT :title_cap)
                UNION
                (SELECT d.doc_id FROM search.document AS d WHERE {where}
                 ORDER BY {newest} LIMIT :newest_cap)
            )
            SELECT d.doc_id FROM candidate JOIN search.document AS d USING (doc_id)
            ORDER BY {RANKED}, d.object_id DESC
            """
            params["title_cap"] = TITLE_CANDIDATES
            params["newest_cap"] = max(NEWEST_CANDIDATES, start + query.per_page)
        sql += " LIMIT :limit OFFSET :offset"
        return list(connection.scalars(sa.text(sql), params))

    @staticmethod
    def _hits(
        connection: Connection, ids: list[str], cond: pg_query.Conditions, highlight: bool
    ) -> list[SearchHit]:
        if not ids:
            return []
        marked = highlight and "q" in cond.params
        headlines = ""
        if marked:
            q = "CAST(:q AS tsquery)"
            headlines = f""",
                ts_headline('search.dutch', {html_escaped("d.title")}, {q}, '{WHOLE}')
                    AS title_html,
                ts_headline('search.dutch', {html_escaped("d.summary")}, {q}, '{WHOLE}')
                    AS summary_html,
                ts_headline('search.dutch', {html_escaped("d.body")}, {q}, '{FRAGMENTS}')
                    AS body_html"""
        sql = f"""
            SELECT d.doc_id, d.kind, d.object_id, d.slug, d.title, d.summary, d.body,
                   d.owner_name, d.phase, d.score, d.adopters, d.published_at {headlines}
            FROM search.document AS d WHERE d.doc_id = ANY(CAST(:ids AS text[]))
        """
        params = {"ids": ids, **({"q": cond.params["q"]} if marked else {})}
        rows = {row.doc_id: row for row in connection.execute(sa.text(sql), params)}
        return [_hit(rows[doc_id], marked) for doc_id in ids if doc_id in rows]

    @staticmethod
    def _label_organisations(connection: Connection, values: list) -> None:
        if not values:
            return
        names = dict(
            connection.execute(
                sa.select(Organisation.code, Organisation.name).where(
                    Organisation.code.in_([v.value for v in values])
                )
            ).all()
        )
        for value in values:
            value.label = names.get(value.value)

    def suggest(self, text: str) -> str | None:
        with self._reading() as connection:
            return corrected_text(text, VocabularySpeller(connection))

    def status(self) -> IndexStatus:
        location = "PostgreSQL: search.document"
        try:
            with self._reading() as connection:
                if connection.scalar(sa.text("SELECT to_regclass('search.document')")) is None:
                    return IndexStatus(
                        self.name, False, 0, 0, location, "migration 0005 has not run"
                    )
                documents = connection.scalar(sa.text("SELECT count(*) FROM search.document"))
        except IndexUnavailable as err:
            return IndexStatus(self.name, False, 0, 0, location, str(err))
        return IndexStatus(self.name, True, documents or 0, 1, location)

    def close(self) -> None:
        """Nothing to release: connections belong to the app's engine."""


def _hit(row, marked: bool) -> SearchHit:
    title_html = snippet_html = ""
    if marked:
        title_html = row.title_html
        if "<mark>" in row.body_html:
            snippet_html = _with_ellipses(row.body_html, str(escape(row.body)))
        else:
            snippet_html = row.summary_html
    return SearchHit(
        kind=row.kind,
        object_id=row.object_id,
        slug=row.slug,
        title=row.title,
        summary=row.summary,
        owner_name=row.owner_name,
        phase=row.phase,
        score=row.score,
        adopter_count=row.adopters or 0,
        published_at=row.published_at,
        title_html=title_html or str(escape(row.title)),
        snippet_html=snippet_html or str(escape(row.summary)),
    )


def _with_ellipses(fragments: str, escaped_text: str) -> str:
    """Mark where the fragments cut the text, as the Whoosh snippets do."""
    plain = fragments.replace("<mark>", "").replace("</mark>", "").strip()
    parts = plain.split(f" {ELLIPSIS} ")
    html = fragments.strip()
    if parts and not escaped_text.lstrip().startswith(parts[0]):
        html = f"{ELLIPSIS} {html}"
    if parts and not escaped_text.rstrip().endswith(parts[-1]):
        html = f"{html} {ELLIPSIS}"
    return html
