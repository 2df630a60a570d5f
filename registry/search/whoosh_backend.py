"""The Whoosh backend: an embedded index in a directory, shared by the processes of one host.

Layout of SEARCH_INDEX_DIR::

    write.lock        one writer at a time, across processes (flock)
    current           symlink to the live index directory
    index-<stamp>/    Whoosh files

`reindex` builds a new `index-*` directory and swaps `current` with a rename,
so searchers never see a half-built index. Each process keeps one searcher
and refreshes it when another process has committed. Facet values and the
spelling vocabulary are read once per segment and cached, since segments
never change after they are written.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import gc
import heapq
import io
import logging
import os
import secrets
import shutil
import threading
import time
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path

import whoosh
from whoosh import index as whoosh_index
from whoosh.matching.wrappers import FilterMatcher
from whoosh.query import And, Or, Phrase, Term
from whoosh.query.compound import PreloadedOr
from whoosh.reading import SegmentReader
from whoosh.searching import Searcher
from whoosh.writing import MERGE_SMALL

from registry.search import facets
from registry.search.analysis import STOP_WORDS, fold, terms_for
from registry.search.documents import SearchDocument
from registry.search.highlighting import escape_text, mark_all, snippet
from registry.search.interface import (
    IndexMissing,
    IndexStatus,
    IndexUnavailable,
    SearchHit,
    SearchQuery,
    SearchResults,
)
from registry.search.query import ParsedQuery, parse
from registry.search.spelling import Speller, Vocabulary, corrected_text
from registry.search.whoosh_schema import (
    FIELD_BOOSTS,
    FacetRow,
    build_schema,
    decode_facets,
    whoosh_fields,
)

log = logging.getLogger(__name__)

LINK = "current"
LOCK = "write.lock"
# More segments than this and a commit merges all but the largest: searching
# and spelling cost grows with the number of segments.
MAX_SEGMENTS = 8
PREFIX_SCAN = 300
PREFIX_TERMS = 10
SNIPPET_FRAGMENTS = 2


@dataclass
class FacetTable:
    """Per document number: each facet's values and the sort keys."""

    columns: dict[str, list[tuple[str, ...]]]
    published: list[float]
    score: list[float]
    adopters: list[int]
    organisation_names: dict[str, str]

    @classmethod
    def from_rows(cls, rows: list[FacetRow]) -> FacetTable:
        names: dict[str, str] = {}
        for row in rows:
            names.update(row.organisations)
        # Equal value tuples are shared: a few hundred distinct ones serve 50,000 pilots.
        shared: dict[tuple[str, ...], tuple[str, ...]] = {}
        one = shared.setdefault
        return cls(
            columns={
                "theme": [one(row.themes, row.themes) for row in rows],
                "phase": [one((row.phase,), (row.phase,)) for row in rows],
                "province": [one((row.province,), (row.province,)) for row in rows],
                "organisation": [
                    one(codes, codes)
                    for codes in (tuple(code for code, _ in row.organisations) for row in rows)
                ],
                "layer": [one((row.layer,), (row.layer,)) for row in rows],
                "catalogue": [one((row.catalogue,), (row.catalogue,)) for row in rows],
            },
            published=[row.published for row in rows],
            score=[row.score for row in rows],
            adopters=[row.adopters for row in rows],
            organisation_names=names,
        )

    @classmethod
    def concatenate(cls, tables: list[FacetTable]) -> FacetTable:
        if len(tables) == 1:
            return tables[0]
        names: dict[str, str] = {}
        for table in tables:
            names.update(table.organisation_names)
        return cls(
            columns={
                name: [value for table in tables for value in table.columns[name]]
                for name in tables[0].columns
            },
            published=[v for table in tables for v in table.published],
            score=[v for table in tables for v in table.score],
            adopters=[v for table in tables for v in table.adopters],
            organisation_names=names,
        )


class _Writer:
    """What `WhooshBackend.writer` hands out: index and remove documents."""

    def __init__(self, writer) -> None:
        self._writer = writer
        self.changed = False

    def index(self, documents: Iterable[SearchDocument]) -> None:
        for document in documents:
            self._writer.update_document(**whoosh_fields(document))
            self.changed = True

    def remove(self, doc_ids: Iterable[str]) -> None:
        for doc_id in doc_ids:
            self._writer.delete_by_term("doc_id", doc_id)
            self.changed = True


def _merge_segments(writer, segments: list) -> list:
    """Whoosh's policy of merging small segments, with a ceiling on their number.

    Above the ceiling everything but the largest segment is merged: that keeps
    searching and spelling fast without a save ever rewriting the whole index.
    """
    if len(segments) < MAX_SEGMENTS:
        return MERGE_SMALL(writer, segments)
    largest = max(segments, key=lambda segment: segment.doc_count_all())
    for segment in segments:
        if segment is not largest:
            reader = SegmentReader(writer.storage, writer.schema, segment)
            writer.add_reader(reader)
            reader.close()
    return [largest]


def _acquire(lock, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while True:
        try:
            if lock.acquire(blocking=False):
                return True
        except OSError as err:
            raise IndexUnavailable(f"the index cannot be locked: {err}") from err
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.005)


def _open(directory: Path, searcher: bool = False):
    """The index (or a searcher on it); IndexMissing when it cannot be read.

    Whoosh leaves a file open when it fails on a damaged index; the failure is
    dropped inside the warnings filter so that file is closed here, quietly,
    rather than warned about at some later moment.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        try:
            ix = whoosh_index.open_dir(str(directory))
            return ix.searcher() if searcher else ix
        except Exception as err:  # a damaged index raises almost anything
            problem = repr(err)
        gc.collect()
    raise IndexMissing(f"the index cannot be read: {problem}")


def _close_files(root: object, depth: int = 12) -> None:
    """Close every file a failed Whoosh writer still holds open.

    A write that fails half-way (disk full) leaves Whoosh's temporary files
    open until the writer is garbage-collected, which may be much later.
    """
    seen: set[int] = set()
    frontier = [root]
    for _ in range(depth):
        following = []
        for obj in frontier:
            for ref in gc.get_referents(obj):
                if id(ref) in seen:
                    continue
                seen.add(id(ref))
                if isinstance(ref, io.IOBase):
                    with contextlib.suppress(Exception):
                        ref.close()
                elif isinstance(ref, dict | list | tuple) or type(ref).__module__.startswith(
                    "whoosh."
                ):
                    following.append(ref)
        frontier = following


def _abandon(writer, error: BaseException | None = None) -> None:
    """Give up a Whoosh writer whatever state it is in; its lock is released by the caller.

    Files opened by the failing Whoosh call itself are found through the
    locals of its frames in the error's traceback.
    """
    with contextlib.suppress(Exception):
        writer.cancel()
    _close_files(writer)
    _close_files_of(error)


_WHOOSH_DIR = os.path.dirname(whoosh.__file__) + os.sep


def _close_files_of(error: BaseException | None) -> None:
    tb = error.__traceback__ if error is not None else None
    while tb is not None:
        frame = tb.tb_frame
        if frame.f_code.co_filename.startswith(_WHOOSH_DIR):
            for value in list(frame.f_locals.values()):
                _close_files(value)
        tb = tb.tb_next


def _posting_ids(reader, field: str, term: str) -> list[int]:
    """All document numbers of one term in one segment, deletions included.

    Whoosh yields them one by one through several Python calls each; reading
    whole posting blocks is many times faster for common words.
    """
    matcher = reader.postings(field, term)
    if isinstance(matcher, FilterMatcher):
        matcher = matcher.child
    if not all(hasattr(matcher, a) for a in ("_read_ids", "_next_block", "_i", "_ids")):
        return list(matcher.all_ids())
    ids: list[int] = []
    while matcher.is_active():
        if matcher._ids is None:
            matcher._read_ids()
        ids.extend(matcher._ids[matcher._i :])
        matcher._next_block()
    return ids


def _term_docs(searcher: Searcher, pairs: Iterable[tuple[str, str]]) -> set[int]:
    """The live documents containing any of the (field, term) pairs."""
    docs: set[int] = set()
    for leaf, offset in searcher.reader().leaf_readers():
        found: set[int] = set()
        for field, term in pairs:
            if leaf.doc_frequency(field, term):
                found.update(_posting_ids(leaf, field, term))
        if leaf.has_deletions():
            found -= leaf.deleted_docs_set
        docs.update(found if not offset else {doc + offset for doc in found})
    return docs


class WhooshBackend:
    name = "whoosh"

    def __init__(
        self,
        directory: str | os.PathLike,
        procs: int = 1,
        texts: Callable[[list[str]], dict[str, str]] | None = None,
    ) -> None:
        """`texts` returns the long texts of documents by id, for snippets.

        They are read from the database for the page's hits rather than stored
        in the index: Whoosh copies a segment's stored fields into memory, and
        the long texts would make every worker hold a second copy of them.
        """
        self.base = Path(directory)
        self.procs = max(1, procs)
        self.texts = texts
        self._guard = threading.RLock()
        self._held = threading.local()
        self._searcher: Searcher | None = None
        self._searcher_dir: Path | None = None
        self._segment_tables: dict[str, FacetTable] = {}
        self._segment_vocabularies: dict[str, Vocabulary] = {}
        self._combined: tuple[tuple[str, ...], FacetTable] | None = None

    # --- Locations and the cross-process write lock -----------------------------

    def _current_dir(self) -> Path:
        link = self.base / LINK
        try:
            target = os.readlink(link)
        except FileNotFoundError:
            raise IndexMissing(f"no index at {link}") from None
        except OSError as err:
            raise IndexMissing(f"cannot read {link}: {err}") from err
        return self.base / target

    @contextlib.contextmanager
    def _write_lock(self, timeout: float) -> Iterator[None]:
        if getattr(self._held, "depth", 0):
            self._held.depth += 1
            try:
                yield
            finally:
                self._held.depth -= 1
            return
        try:
            self.base.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.base / LOCK, os.O_RDWR | os.O_CREAT, 0o664)
        except OSError as err:
            raise IndexUnavailable(f"cannot open the write lock: {err}") from err
        try:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError as err:
                    if time.monotonic() >= deadline:
                        raise IndexUnavailable("another process is writing the index") from err
                    time.sleep(0.005)
            self._held.depth = 1
            try:
                yield
            finally:
                self._held.depth = 0
        finally:
            os.close(fd)  # closing releases the flock

    # --- Writing ---------------------------------------------------------------

    @contextlib.contextmanager
    def writer(self, timeout: float) -> Iterator[_Writer]:
        with self._write_lock(timeout):
            ix = _open(self._current_dir())
            # Whoosh's own lock is taken here rather than by its writer: a writer
            # that fails half-way through being created (read-only directory, full
            # disk) would otherwise keep the lock until it is garbage-collected.
            lock = ix.lock("WRITELOCK")
            if not _acquire(lock, timeout):
                raise IndexUnavailable("the index is locked")
            try:
                with self._whoosh_writer(ix) as adapter:
                    yield adapter
            finally:
                lock.release()

    @contextlib.contextmanager
    def _whoosh_writer(self, ix) -> Iterator[_Writer]:
        try:
            whoosh_writer = ix.writer(_lk=False)
        except OSError as err:  # read-only directory, or no room for a new segment
            _close_files_of(err)
            raise IndexUnavailable(f"the index cannot be written: {err}") from err
        adapter = _Writer(whoosh_writer)
        try:
            yield adapter
        except OSError as err:
            _abandon(whoosh_writer, err)
            raise IndexUnavailable(f"writing the index failed: {err}") from err
        except BaseException:
            _abandon(whoosh_writer)
            raise
        if not adapter.changed:
            _abandon(whoosh_writer)
            return
        try:
            whoosh_writer.commit(mergetype=_merge_segments)
        except Exception as err:
            _abandon(whoosh_writer, err)
            if isinstance(err, OSError) and err.errno == errno.ENOSPC:
                raise IndexUnavailable("the disk is full") from err
            raise IndexUnavailable(f"committing the index failed: {err!r}") from err

    def rebuild(
        self,
        documents: Iterator[SearchDocument],
        after_swap: Callable[[], None] | None = None,
        progress: Callable[[int], None] | None = None,
        lock_timeout: float = 600.0,
    ) -> int:
        with self._write_lock(lock_timeout):
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
            directory = self.base / f"index-{stamp}-{secrets.token_hex(3)}"
            directory.mkdir(parents=True)
            try:
                count = self._build(directory, documents, progress)
            except BaseException:
                shutil.rmtree(directory, ignore_errors=True)
                raise
            previous = self._swap(directory)
            self._remove_old(keep={directory.name, previous})
            if after_swap is not None:
                after_swap()
            return count

    def _build(
        self,
        directory: Path,
        documents: Iterator[SearchDocument],
        progress: Callable[[int], None] | None,
    ) -> int:
        ix = whoosh_index.create_in(str(directory), build_schema())
        if self.procs > 1:
            writer = ix.writer(procs=self.procs, limitmb=128, multisegment=True)
        else:
            writer = ix.writer(limitmb=128)
        count = 0
        try:
            for document in documents:
                writer.add_document(**whoosh_fields(document))
                count += 1
                if progress is not None:
                    progress(1)
            writer.commit()
        except BaseException as err:
            _abandon(writer, err)
            raise
        return count

    def _swap(self, directory: Path) -> str | None:
        link = self.base / LINK
        try:
            previous = os.readlink(link)
        except OSError:
            previous = None
        temporary = self.base / f".{LINK}-{secrets.token_hex(4)}"
        os.symlink(directory.name, temporary)
        os.replace(temporary, link)  # atomic: readers see the old or the new index
        return previous

    def _remove_old(self, keep: set[str | None]) -> None:
        # The previous index is kept: another process may still be searching it.
        for path in self.base.glob("index-*"):
            if path.name not in keep:
                shutil.rmtree(path, ignore_errors=True)

    # --- Reading ---------------------------------------------------------------

    def _open_searcher(self) -> Searcher:
        directory = self._current_dir()
        current = self._searcher
        try:
            stale = current is None or directory != self._searcher_dir or not current.up_to_date()
        except Exception:
            stale = True
        if stale:
            # A fresh searcher, not Searcher.refresh(): refresh reuses a segment's
            # old reader when only its deletions changed, so deleted pilots would
            # stay findable. The per-segment caches here survive either way.
            self._drop_searcher(keep_caches=True)
            try:
                self._searcher = _open(directory, searcher=True)
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
        if not keep_caches:
            self._combined = None
            self._segment_tables.clear()
            self._segment_vocabularies.clear()

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

    def _leaves(self, searcher: Searcher) -> list[tuple[str, object]]:
        """(cache key, reader) of each segment; an empty index has none."""
        return [
            (f"{self._searcher_dir}/{reader.segment().segment_id()}", reader)
            for reader, _ in searcher.reader().leaf_readers()
            if reader.segment() is not None
        ]

    def _facet_table(self, searcher: Searcher) -> FacetTable:
        leaves = self._leaves(searcher)
        key = tuple(segment for segment, _ in leaves)
        if self._combined is not None and self._combined[0] == key:
            return self._combined[1]
        tables = []
        for segment, reader in leaves:
            table = self._segment_tables.get(segment)
            if table is None:
                rows = [decode_facets(raw) for raw in reader.column_reader("facets")]
                table = self._segment_tables[segment] = FacetTable.from_rows(rows)
            tables.append(table)
        for stale in set(self._segment_tables) - set(key):
            del self._segment_tables[stale]
        combined = FacetTable.concatenate(tables) if tables else FacetTable.from_rows([])
        self._combined = (key, combined)
        return combined

    def _speller(self, searcher: Searcher) -> Speller:
        vocabularies = []
        leaves = self._leaves(searcher)
        for segment, reader in leaves:
            vocabulary = self._segment_vocabularies.get(segment)
            if vocabulary is None:
                words = (
                    (term.decode("utf-8"), info.doc_frequency())
                    for term, info in reader.iter_field("spelling")
                )
                vocabulary = self._segment_vocabularies[segment] = Vocabulary(words)
            vocabularies.append(vocabulary)
        live = {segment for segment, _ in leaves}
        for stale in set(self._segment_vocabularies) - live:
            del self._segment_vocabularies[stale]
        return Speller(vocabularies)

    def _expand_prefix(self, searcher: Searcher, prefix: str) -> set[str]:
        """The most common indexed terms starting with what the user is still typing."""
        reader = searcher.reader()
        found: dict[str, int] = {}
        for field in ("title", "body", "organisations", "topics"):
            for raw in islice(reader.expand_prefix(field, prefix), PREFIX_SCAN):
                term = raw.decode("utf-8") if isinstance(raw, bytes) else raw
                if term not in found:
                    found[term] = reader.doc_frequency(field, term)
        return set(heapq.nlargest(PREFIX_TERMS, found, key=found.__getitem__))

    @staticmethod
    def _known(searcher: Searcher, terms: list[str]) -> bool:
        """Whether a typed word is already a complete indexed word.

        Expanding a complete, common word to every longer word that starts
        with it would multiply the postings to score for little gain.
        """
        reader = searcher.reader()
        return any(
            reader.doc_frequency("body", t) or reader.doc_frequency("title", t) for t in terms
        )

    def _build_query(self, searcher: Searcher, parsed: ParsedQuery):
        """The Whoosh query, the documents it matches, and the terms to highlight.

        The matching documents are collected from the posting lists directly:
        every one of them is needed for the facet counts, while Whoosh only
        has to score the few that make it onto the page.
        """
        clauses = []
        all_pairs: list[Term] = []
        matched: set[int] | None = None
        highlight_terms: set[str] = set()
        last = len(parsed.words) - 1
        for position, word in enumerate(parsed.words):
            word_terms = terms_for(word)
            terms = dict.fromkeys(word_terms, 1.0)
            if (
                position == last
                and parsed.prefix == word
                and fold(word) not in STOP_WORDS
                and not self._known(searcher, word_terms)
            ):
                for term in self._expand_prefix(searcher, fold(word)):
                    terms.setdefault(term, 0.5)
            if not terms:
                continue  # a stop word
            highlight_terms.update(terms)
            pairs = [(field, term) for term in terms for field in FIELD_BOOSTS]
            scored = [Term(f, t, boost=FIELD_BOOSTS[f] * terms[t]) for f, t in pairs]
            all_pairs += scored
            clauses.append(Or(scored))
            docs = _term_docs(searcher, pairs)
            matched = docs if matched is None else matched & docs
        for phrase in parsed.phrases:
            phrase_terms = [term for word in phrase for term in terms_for(word)]
            if not phrase_terms:
                continue
            highlight_terms.update(phrase_terms)
            if len(phrase_terms) == 1:
                clause = Or([Term(f, phrase_terms[0], boost=b) for f, b in FIELD_BOOSTS.items()])
            else:
                clause = Or([Phrase(f, phrase_terms, boost=b) for f, b in FIELD_BOOSTS.items()])
            clauses.append(clause)
            docs = set(clause.docs(searcher))
            matched = docs if matched is None else matched & docs
        if not clauses:
            return None, set(), highlight_terms
        if len(clauses) == 1:
            query = clauses[0]  # Whoosh skips low-scoring blocks of a single Or
        elif not parsed.phrases:
            # Words only: the matching documents are known, and within them an
            # And scores exactly like an Or of all terms, which Whoosh scores
            # from preloaded arrays about twice as fast as it intersects.
            query = PreloadedOr(all_pairs)
        else:
            query = And(clauses)
        return query, matched or set(), highlight_terms

    def search(self, query: SearchQuery) -> SearchResults:
        with self._reading() as searcher:
            return self._search(searcher, query)

    def _search(self, searcher: Searcher, query: SearchQuery) -> SearchResults:
        reader = searcher.reader()
        table = self._facet_table(searcher)
        parsed = parse(query.text)
        whoosh_query, matched, terms = self._build_query(searcher, parsed)
        if parsed.empty:
            matched = set(reader.all_doc_ids())
        hits, counts = facets.count(matched, table.columns, query.filters, query.facets)
        start = (query.page - 1) * query.per_page
        end = start + query.per_page
        docnums: list[int] = []
        if start < len(hits):
            if query.sort == "relevance" and whoosh_query is not None:
                needs_filter = len(hits) < len(matched) or isinstance(whoosh_query, PreloadedOr)
                narrowed = hits if needs_filter else None
                results = searcher.search(whoosh_query, filter=narrowed, limit=end)
                docnums = [hit.docnum for hit in results][start:end]
            else:
                docnums = self._sorted(hits, table, query.sort, end)[start:end]
        facet_values = facets.facet_values(counts, query.filters)
        for value in facet_values.get("organisation", []):
            value.label = table.organisation_names.get(value.value)
        return SearchResults(
            hits=self._hits(searcher, docnums, terms, query.highlight),
            total=len(hits),
            query=query,
            facets=facet_values,
        )

    @staticmethod
    def _sorted(hits: set[int], table: FacetTable, sort: str, limit: int) -> list[int]:
        published = table.published
        if sort == "score":
            score = table.score
            return heapq.nlargest(limit, hits, key=lambda d: (score[d], published[d], d))
        if sort == "adopters":
            adopters = table.adopters
            return heapq.nlargest(limit, hits, key=lambda d: (adopters[d], published[d], d))
        return heapq.nlargest(limit, hits, key=lambda d: (published[d], d))

    def _hits(
        self, searcher: Searcher, docnums: list[int], terms: set[str], marked: bool
    ) -> list[SearchHit]:
        stored = [searcher.stored_fields(docnum) for docnum in docnums]
        bodies: dict[str, str] = {}
        if marked and terms and self.texts is not None and stored:
            bodies = self.texts([fields["doc_id"] for fields in stored])
        return [
            self._hit(fields, bodies.get(fields["doc_id"], ""), terms, marked) for fields in stored
        ]

    @staticmethod
    def _hit(stored: dict, body: str, terms: set[str], marked: bool) -> SearchHit:
        display = stored.get("display", {})
        kind, _, number = stored["doc_id"].partition(":")
        title, summary = stored.get("title", ""), stored.get("summary", "")
        published = display.get("published")
        title_html = text_html = ""
        if marked and terms:
            title_html = mark_all(title, terms)
            text_html = snippet(body, terms, fragments=SNIPPET_FRAGMENTS) or mark_all(
                summary, terms
            )
        return SearchHit(
            kind=kind,
            object_id=int(number),
            slug=display.get("slug", ""),
            title=title,
            summary=summary,
            owner_name=display.get("owner", ""),
            phase=display.get("phase", ""),
            score=display.get("score"),
            adopter_count=display.get("adopters") or 0,
            published_at=datetime.fromtimestamp(published, UTC) if published else None,
            title_html=title_html or escape_text(title),
            snippet_html=text_html or escape_text(summary),
        )

    def suggest(self, text: str) -> str | None:
        with self._reading() as searcher:
            return corrected_text(text, self._speller(searcher))

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
            self._segment_tables.clear()
            self._segment_vocabularies.clear()
