"""The Whoosh backend: an embedded index in a directory, shared by the processes of one host.

The parts, each in a module of its own:

- `whoosh_storage`: the directory, the cross-process write lock, writing and
  the atomic swap of a rebuilt index;
- `whoosh_internals`: every use of Whoosh's internals, pinned to the version
  it was written for;
- `whoosh_segment_cache`: facet values, field lengths and spelling
  vocabulary per segment;
- `whoosh_query_plan`: from parsed words and phrases to the documents they
  match and their order;
- `whoosh_scoring`: Whoosh's relevance for words, a posting block at a time;
- `whoosh_hits`: the order of the matches and the hits on a page.

Each process keeps one searcher and refreshes it when another process has
committed.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from whoosh.searching import Searcher

from registry.search import facets
from registry.search.documents import SearchDocument
from registry.search.interface import (
    IndexMissing,
    IndexStatus,
    IndexUnavailable,
    SearchQuery,
    SearchResults,
)
from registry.search.query import parse
from registry.search.spelling import corrected_text
from registry.search.whoosh_hits import page_hits, sorted_docnums
from registry.search.whoosh_internals import MappedPages, check_version
from registry.search.whoosh_query_plan import plan
from registry.search.whoosh_segment_cache import FacetTable, SegmentCache
from registry.search.whoosh_storage import IndexStorage, WhooshWriter, open_index

log = logging.getLogger(__name__)

# How much of the mapped index a process keeps resident before it lets go (see MappedPages):
# more than one search reads, far less than the index of a large register.
MAPPED_INDEX_BYTES = 8 * 1024 * 1024


class WhooshBackend:
    name = "whoosh"

    def __init__(
        self,
        directory: str | os.PathLike[str],
        procs: int = 1,
        texts: Callable[[list[str]], dict[str, str]] | None = None,
    ) -> None:
        """`texts` returns the long texts of documents by id, for snippets.

        They are read from the database for the page's hits rather than stored
        in the index: Whoosh copies a segment's stored fields into memory, and
        the long texts would make every worker hold a second copy of them.
        """
        check_version()
        self.storage = IndexStorage(Path(directory), procs)
        self.texts = texts
        self._guard = threading.RLock()
        self._searcher: Searcher | None = None
        self._searcher_dir: Path | None = None
        self._cache = SegmentCache()
        self._totals: tuple[Searcher, facets.Totals] | None = None
        self._pages = MappedPages(MAPPED_INDEX_BYTES)

    @property
    def base(self) -> Path:
        return self.storage.base

    # --- Writing ---------------------------------------------------------------

    def writer(self, timeout: float) -> contextlib.AbstractContextManager[WhooshWriter]:
        return self.storage.writer(timeout)

    def merge_segments(self, timeout: float, small_only: bool = False) -> None:
        if small_only and self.status().segments <= 2:
            return  # the large segment and at most one small one: nothing worth a commit
        self.storage.merge_all(timeout, small_only=small_only)

    def rebuild(
        self,
        documents: Iterator[SearchDocument],
        after_swap: Callable[[], None] | None = None,
        progress: Callable[[int], None] | None = None,
        lock_timeout: float = 600.0,
    ) -> int:
        return self.storage.rebuild(documents, after_swap, progress, lock_timeout)

    # --- Reading ---------------------------------------------------------------

    def _open_searcher(self) -> Searcher:
        directory = self.storage.current_dir()
        current = self._searcher
        try:
            stale = current is None or directory != self._searcher_dir or not current.up_to_date()
        except Exception:
            stale = True
        if stale or self._searcher is None:
            # A fresh searcher, not Searcher.refresh(): refresh reuses a segment's
            # old reader when only its deletions changed, so deleted pilots would
            # stay findable. The per-segment caches survive either way.
            self._drop_searcher(keep_caches=True)
            try:
                self._searcher = open_index(directory, searcher=True)
            except IndexMissing:
                self._drop_searcher()
                raise
            self._searcher_dir = directory
        return self._searcher

    def _drop_searcher(self, keep_caches: bool = False) -> None:
        if self._searcher is not None:
            with contextlib.suppress(Exception):
                self._searcher.close()
        self._searcher = None
        self._searcher_dir = None
        self._totals = None
        if not keep_caches:
            self._cache.clear()

    @contextlib.contextmanager
    def _reading(self) -> Iterator[Searcher]:
        with self._guard:
            searcher = self._open_searcher()
            try:
                yield searcher
            except IndexUnavailable:
                raise
            except Exception as err:
                log.exception("Reading the search index failed")
                self._drop_searcher()
                raise IndexMissing(f"the index cannot be read: {err!r}") from err
            finally:
                self._pages.trim()

    def search(self, query: SearchQuery) -> SearchResults:
        with self._reading() as searcher:
            return self._search(searcher, query)

    def _search(self, searcher: Searcher, query: SearchQuery) -> SearchResults:
        table = self._cache.facet_table(searcher, self._searcher_dir)
        totals = self._totals_of(searcher, table)
        parsed = parse(query.text, query.synonyms)
        query_plan = plan(searcher, parsed, self._cache.lengths(searcher, self._searcher_dir))
        matched = totals.docs if parsed.empty else query_plan.matched
        hits, counts = facets.count(matched, table.columns, query.filters, query.facets, totals)
        start = (query.page - 1) * query.per_page
        end = start + query.per_page
        docnums: list[int] = []
        if start < len(hits):
            if query.sort == "relevance" and query_plan.ranks:
                docnums = query_plan.best(searcher, hits, end)[start:end]
            else:
                docnums = sorted_docnums(hits, table, query.sort, end)[start:end]
        facet_values = facets.facet_values(counts, query.filters)
        for value in facet_values.get("organisation", []):
            value.label = table.organisation_names.get(value.value)
        return SearchResults(
            hits=page_hits(
                searcher, docnums, query_plan.highlight_terms, query.highlight, self.texts
            ),
            total=len(hits),
            query=query,
            facets=facet_values,
        )

    def _totals_of(self, searcher: Searcher, table: FacetTable) -> facets.Totals:
        """The facet totals of this searcher's documents, counted once per searcher."""
        kept = self._totals
        if kept is None or kept[0] is not searcher:
            kept = self._totals = (
                searcher,
                facets.Totals.of(searcher.reader().all_doc_ids(), table.columns),
            )
        return kept[1]

    def suggest(self, text: str) -> str | None:
        with self._reading() as searcher:
            return corrected_text(text, self._cache.speller(searcher, self._searcher_dir))

    def status(self) -> IndexStatus:
        try:
            with self._reading() as searcher:
                reader = searcher.reader()
                return IndexStatus(
                    backend=self.name,
                    available=True,
                    documents=reader.doc_count(),
                    segments=len(list(reader.leaf_readers())),
                    location=str(self._searcher_dir),
                )
        except IndexUnavailable as err:
            return IndexStatus(
                backend=self.name,
                available=False,
                documents=0,
                segments=0,
                location=str(self.base),
                detail=str(err),
            )

    def close(self) -> None:
        with self._guard:
            self._drop_searcher()
