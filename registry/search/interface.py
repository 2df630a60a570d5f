"""The search interface every backend implements, in plain dataclasses.

The web layer builds a `SearchQuery`, a backend answers with `SearchResults`.
Nothing here knows about Whoosh, PostgreSQL, Flask or HTML templates.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from registry.search.documents import SearchDocument

# The facets, by the name they carry in the query string.
FACETS: tuple[str, ...] = ("theme", "phase", "province", "organisation", "layer", "catalogue")
SORTS: tuple[str, ...] = ("relevance", "newest", "score", "adopters")
MAX_QUERY_LENGTH = 200
MAX_PAGE = 500


class IndexUnavailable(Exception):
    """The index cannot be written or read now (locked, read-only, full, missing, corrupt).

    Never shown to users: changes stay in the outbox, searches fall back.
    """


class IndexMissing(IndexUnavailable):
    """The index is not there or cannot be read: only a rebuild helps."""


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1
    per_page: int = 20
    facets: bool = True
    highlight: bool = True
    # Sets of expressions that mean the same ("Wmo", "Wet maatschappelijke
    # ondersteuning"); the search service fills these in at query time.
    synonyms: tuple[tuple[str, ...], ...] = ()


@dataclass
class SearchHit:
    kind: str
    object_id: int
    slug: str
    title: str
    summary: str
    owner_name: str
    phase: str
    score: float | None
    adopter_count: int
    published_at: datetime | None
    # Safe HTML: the document's own text escaped, only <mark> added around matches.
    title_html: str = ""
    snippet_html: str = ""


@dataclass
class FacetValue:
    value: str
    count: int
    selected: bool = False
    label: str | None = None


@dataclass
class SearchResults:
    hits: list[SearchHit]
    total: int
    query: SearchQuery
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    suggestion: str | None = None
    # "index" normally; "database" when the index was unavailable and a plain
    # database search answered instead.
    source: str = "index"
    # Why the words were not searched as typed: "no_words" (only punctuation or
    # stop words), "not_ignored" (NOT or -word is not supported), None.
    notice: str | None = None

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.query.per_page))


@dataclass
class IndexStatus:
    backend: str
    available: bool
    documents: int
    segments: int
    location: str = ""
    detail: str = ""


class IndexWriter(Protocol):
    def index(self, documents: Iterable[SearchDocument]) -> None: ...

    def remove(self, doc_ids: Iterable[str]) -> None: ...


class SearchBackend(Protocol):
    name: str

    def writer(self, timeout: float) -> AbstractContextManager[IndexWriter]:
        """Exclusive write access; commits on a clean exit.

        Raises IndexUnavailable when it cannot be had within `timeout` seconds
        or the write fails. Whoever holds it reads the database *after*
        acquiring it, so a slower writer never overwrites a newer state.
        """
        ...

    def search(self, query: SearchQuery) -> SearchResults:
        """Raises IndexUnavailable when the index cannot answer."""
        ...

    def suggest(self, text: str) -> str | None:
        """The query with misspelt words replaced by real words, or None."""
        ...

    def status(self) -> IndexStatus: ...

    def rebuild(
        self,
        documents: Iterator[SearchDocument],
        after_swap: Callable[[], None] | None = None,
        progress: Callable[[int], None] | None = None,
        lock_timeout: float = 600.0,
    ) -> int:
        """Build a fresh index from `documents` and put it in place atomically.

        Writers are kept out from the start until `after_swap` (which applies
        changes saved meanwhile) has run. Returns the number of documents.
        Raises IndexUnavailable when the index cannot be had for writing
        within `lock_timeout` seconds.
        """
        ...

    def close(self) -> None: ...
