"""Search: the app's entry points, on top of one backend chosen by configuration.

The database is the source of truth and the index a copy that can always be
rebuilt. Changes reach the index through the outbox (see `outbox`); a
missing or damaged index is rebuilt automatically, and meanwhile searches
are answered from the database.

Search never commits, rolls back or reads through the request's session:
applying the outbox, catching up before a search and the fallback search
each use a session of their own on the app's engine. The session hooks that
fill the outbox are registered by `registry.lifecycle`.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from typing import Any

from flask import Flask, Response, current_app
from sqlalchemy.orm import Session

from registry.extensions import db
from registry.search import database, outbox, suggestions, synonyms
from registry.search.documents import all_documents, count_searchable
from registry.search.interface import (
    IndexStatus,
    IndexUnavailable,
    SearchBackend,
    SearchQuery,
    SearchResults,
)
from registry.search.outbox import SyncReport
from registry.search.query import clean, parse

log = logging.getLogger(__name__)


def create_backend(config: Mapping[str, Any]) -> SearchBackend:
    name = config.get("SEARCH_BACKEND", "whoosh")
    if name == "whoosh":
        from registry.search.whoosh_backend import WhooshBackend

        return WhooshBackend(
            config["SEARCH_INDEX_DIR"],
            procs=config.get("SEARCH_INDEX_PROCS", 1),
            texts=_long_texts,
        )
    if name == "postgres":
        from registry.search.postgres_backend import PostgresBackend

        if not str(config.get("SQLALCHEMY_DATABASE_URI", "")).startswith("postgresql"):
            raise ValueError("SEARCH_BACKEND 'postgres' needs a PostgreSQL DATABASE_URL.")
        return PostgresBackend(lambda: db.engine)
    raise ValueError(f"Unknown SEARCH_BACKEND {name!r}; use 'whoosh' or 'postgres'.")


# The session a search reads the database with, for as long as it runs (`SearchService.search`).
_reading: ContextVar[Session | None] = ContextVar("search_reading", default=None)


@contextmanager
def _reading_session() -> Iterator[Session]:
    """The search's own session: one per search, not one per read.

    On PostgreSQL each session is a transaction of its own, two round trips
    to the server besides its statements.
    """
    session = _reading.get()
    if session is not None:
        yield session
        return
    with Session(db.engine) as session:
        token = _reading.set(session)
        try:
            yield session
        finally:
            _reading.reset(token)


def _long_texts(doc_ids: list[str]) -> dict[str, str]:
    with _reading_session() as session:
        return database.long_texts(session, doc_ids)


@dataclass
class Status:
    index: IndexStatus
    database_documents: int
    pending_changes: int


class SearchService:
    """One per app: the backend plus the policies around it."""

    def __init__(self, app: Flask, backend: SearchBackend) -> None:
        self.app = app
        self.backend = backend
        self.lock_timeout: float = app.config.get("SEARCH_LOCK_TIMEOUT", 0.25)
        # A missing index with at most this many pilots is rebuilt during the
        # request that notices; a larger one in a background thread.
        self.inline_rebuild_max: int = app.config.get("SEARCH_INLINE_REBUILD_MAX", 500)
        self._rebuild_thread: threading.Thread | None = None
        self._rebuild_guard = threading.Lock()

    # --- Keeping the index current -------------------------------------------------

    def sync(self, timeout: float | None = None, max_batches: int | None = 4) -> SyncReport:
        """Apply pending outbox rows, in a session of its own."""
        with Session(db.engine) as session:
            report = outbox.apply_pending(
                session, self.backend, timeout or self.lock_timeout, max_batches=max_batches
            )
        if report.rebuild_needed:
            self.ensure_index()
        return report

    def merge_segments(self, timeout: float = 60.0, small_only: bool = False) -> int | None:
        """Merge the index into one segment (or, `small_only`, the small segments the
        saves since the last merge wrote); the segments left, None where there are none."""
        merge = getattr(self.backend, "merge_segments", None)
        if merge is None:  # PostgreSQL keeps its own index tidy (autovacuum)
            return None
        merge(timeout, small_only=small_only)
        return self.backend.status().segments

    def rebuild(
        self, progress: Callable[[int], None] | None = None, lock_timeout: float = 600.0
    ) -> int:
        """A fresh index from the database, swapped in; then the changes saved meanwhile."""
        with Session(db.engine) as reading, Session(db.engine) as applying:

            def apply_changes_saved_meanwhile() -> None:
                outbox.apply_pending(applying, self.backend, timeout=lock_timeout)

            return self.backend.rebuild(
                all_documents(reading),
                after_swap=apply_changes_saved_meanwhile,
                progress=progress,
                lock_timeout=lock_timeout,
            )

    def ensure_index(self) -> bool:
        """Rebuild a missing or damaged index. True when it is usable now."""
        with Session(db.engine) as session:
            size = count_searchable(session)
        if size > self.inline_rebuild_max:
            self.start_background_rebuild()
            return False
        try:
            self.rebuild(lock_timeout=self.lock_timeout * 4)
        except IndexUnavailable as err:
            log.warning("Search index not rebuilt now: %s", str(err))
            return False
        return True

    def start_background_rebuild(self) -> None:
        with self._rebuild_guard:
            if self._rebuild_thread is not None and self._rebuild_thread.is_alive():
                return
            self._rebuild_thread = threading.Thread(
                target=self._rebuild_in_background, name="search-rebuild", daemon=True
            )
            self._rebuild_thread.start()

    def _rebuild_in_background(self) -> None:
        with self.app.app_context():
            try:
                if not self.backend.status().available:
                    # Without waiting: if another process holds the lock, it is rebuilding.
                    self.rebuild(lock_timeout=0)
            except IndexUnavailable as err:
                log.info("Background rebuild skipped: %s", str(err))
            except Exception:
                log.exception("Background rebuild of the search index failed")
            finally:
                db.session.remove()

    def wait_for_rebuild(self, timeout: float | None = None) -> bool:
        thread = self._rebuild_thread
        if thread is not None:
            thread.join(timeout)
            return not thread.is_alive()
        return True

    # --- Searching -----------------------------------------------------------------

    def has_pending(self) -> bool:
        with _reading_session() as session:
            return outbox.has_pending(session)

    def search(self, query: SearchQuery) -> SearchResults:
        with _reading_session():
            return self._answer(query)

    def _answer(self, query: SearchQuery) -> SearchResults:
        with _reading_session() as session:
            query = replace(query, synonyms=synonyms.current(session))
        parsed = parse(query.text, query.synonyms)
        if clean(query.text) and not parsed.searchable():
            # Only punctuation, stop words or excluded words: say so rather than
            # answer with everything or with a bare "nothing found".
            notice = "not" if parsed.excluded else "no_words"
            return SearchResults(hits=[], total=0, query=query, notice=notice)
        results = self._search(query)
        if parsed.excluded:
            results.notice = "not"
        if query.text and results.source == "index":
            results.suggestion = self.suggest(query, results.total)
        return results

    def _search(self, query: SearchQuery) -> SearchResults:
        try:
            if self.has_pending():
                self.sync(max_batches=2)
        except Exception:
            # Catching up is a courtesy here; the search itself must still answer.
            log.exception("Applying pending search changes before a search failed")
        results = self._from_index(query)
        if results is None:
            with _reading_session() as session:
                return database.search(session, query)
        return results

    def _from_index(self, query: SearchQuery) -> SearchResults | None:
        """The index's answer, after rebuilding a missing one if that can be done now."""
        try:
            return self.backend.search(query)
        except IndexUnavailable as err:
            log.warning("Search index unavailable, answering from the database: %s", str(err))
        if not self.ensure_index():
            return None
        try:
            return self.backend.search(query)
        except IndexUnavailable:
            return None

    def suggest(self, query: SearchQuery, total: int) -> str | None:
        """ "Bedoelde u …?": see `suggestions` for when a suggestion is offered."""

        def count(text: str, filtered: bool) -> int:
            counting = SearchQuery(
                text=text,
                filters=query.filters if filtered else {},
                per_page=1,
                facets=False,
                highlight=False,
                synonyms=query.synonyms,
            )
            return self.backend.search(counting).total

        try:
            return suggestions.better_query(
                query.text, total, query.synonyms, count, self.backend.suggest
            )
        except IndexUnavailable:
            return None

    def status(self) -> Status:
        with Session(db.engine) as session:
            return Status(
                index=self.backend.status(),
                database_documents=count_searchable(session),
                pending_changes=outbox.pending_count(session),
            )


def service(app: Flask | None = None) -> SearchService:
    return (app or current_app).extensions["search"]


def search(query: SearchQuery) -> SearchResults:
    return service().search(query)


def sync_after_request(response: Response) -> Response:
    """Apply what this request committed, once it is committed, in a session of its own.

    A locked or broken index never turns a saved form into an error page:
    the rows stay pending and the failure is only logged.
    """
    if db.session.registry.has() and outbox.sync_due(db.session()):
        try:
            service().sync()
        except Exception:
            current_app.logger.exception("Applying search changes after a save failed")
    return response


def init_app(app: Flask) -> None:
    app.extensions["search"] = SearchService(app, create_backend(app.config))
