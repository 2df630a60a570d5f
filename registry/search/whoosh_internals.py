"""Every use of Whoosh's internals, in one place, for the one version it was written for.

Whoosh's public API is too slow or too leaky in a few places, so the backend
reaches past it: posting blocks are read directly, a writer is created
without its own lock, segments are merged by a policy of our own, and the
files a failed writer leaves open are found and closed. All of that lives
here, written against whoosh-reloaded WRITTEN_FOR.

`tests/test_search_whoosh_internals.py` fails when the installed version
differs or when what this module uses has changed. After an upgrade, read
each function below against the new Whoosh source, then raise WRITTEN_FOR.
At run time a different version only logs a warning: every function here
either falls back to the public API or fails into IndexUnavailable.
"""

from __future__ import annotations

import contextlib
import gc
import inspect
import io
import logging
import os
from collections.abc import Iterable
from importlib import metadata
from typing import Any

import whoosh
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching import NullMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.query import Or
from whoosh.query.compound import PreloadedOr
from whoosh.reading import SegmentReader
from whoosh.searching import Searcher
from whoosh.writing import SegmentWriter

__all__ = [
    "MAX_SEGMENTS",
    "WRITTEN_FOR",
    "PreloadedOr",
    "abandon",
    "check_version",
    "close_files_of",
    "installed_version",
    "merge_on_save",
    "merge_small",
    "missing_internals",
    "posting_ids",
    "segment_readers",
    "term_docs",
    "unlocked_writer",
]

log = logging.getLogger(__name__)

DISTRIBUTION = "whoosh-reloaded"
WRITTEN_FOR = "2.7.5"
# More segments than this and a save merges all but the largest itself: searching
# and spelling cost grows with the number of segments.
MAX_SEGMENTS = 8
# The block-reading attributes of a posting-list matcher that `posting_ids` uses.
BLOCK_ATTRIBUTES = ("_read_ids", "_next_block", "_i", "_ids")

_WHOOSH_DIR = os.path.dirname(whoosh.__file__) + os.sep
_version_checked = False


def installed_version() -> str:
    return metadata.version(DISTRIBUTION)


def check_version() -> bool:
    """Whether the installed Whoosh is the one this module was written for; warns once if not."""
    global _version_checked
    matches = installed_version() == WRITTEN_FOR
    if not matches and not _version_checked:
        log.warning(
            "%s %s is installed; the search index code was written for %s. "
            "Run tests/test_search_whoosh_internals.py before relying on it.",
            DISTRIBUTION,
            installed_version(),
            WRITTEN_FOR,
        )
    _version_checked = True
    return matches


def missing_internals() -> list[str]:
    """The internals used here that this Whoosh does not have (empty when all are there)."""
    missing = [
        f"W3LeafMatcher.{name}"
        for name in ("_read_ids", "_next_block")
        if not callable(getattr(W3LeafMatcher, name, None))
    ]
    if "_lk" not in inspect.signature(SegmentWriter.__init__).parameters:
        missing.append("SegmentWriter(_lk=...)")
    if list(inspect.signature(SegmentReader.__init__).parameters)[1:4] != [
        "storage",
        "schema",
        "segment",
    ]:
        missing.append("SegmentReader(storage, schema, segment)")
    for owner, name in (
        (SegmentReader, "deleted_docs_set"),
        (SegmentReader, "segment"),
        (SegmentWriter, "add_reader"),
        (SegmentWriter, "cancel"),
    ):
        if not hasattr(owner, name):
            missing.append(f"{owner.__name__}.{name}")
    if getattr(FilterMatcher(NullMatcher, set()), "child", None) is not NullMatcher:
        missing.append("FilterMatcher.child")
    if not issubclass(PreloadedOr, Or):
        missing.append("PreloadedOr as an Or")
    return missing


# --- Writing ----------------------------------------------------------------------


def unlocked_writer(ix: Any) -> SegmentWriter:
    """A writer that leaves Whoosh's "WRITELOCK" to the caller, who already holds it."""
    return ix.writer(_lk=False)


def merge_on_save(writer: Any, segments: list) -> list:
    """A save adds its own small segment and merges nothing, up to a ceiling.

    The worker merges the small segments every few minutes (`merge_small`), so
    a save never pays for a merge; only without a worker does a save reach the
    ceiling, and then it merges the small segments itself, so searching and
    spelling (whose cost grows with the number of segments) stay fast.
    """
    if len(segments) < MAX_SEGMENTS:
        return segments
    return merge_small(writer, segments)


def merge_small(writer: Any, segments: list) -> list:
    """Merge every segment but the largest into one; the large one is never rewritten."""
    if len(segments) <= 2:
        return segments
    largest = max(segments, key=lambda segment: segment.doc_count_all())
    for segment in segments:
        if segment is not largest:
            reader = SegmentReader(writer.storage, writer.schema, segment)
            writer.add_reader(reader)
            reader.close()
    return [largest]


def abandon(writer: Any, error: BaseException | None = None) -> None:
    """Give up a Whoosh writer whatever state it is in; its lock is released by the caller.

    Files opened by the failing Whoosh call itself are found through the
    locals of its frames in the error's traceback.
    """
    with contextlib.suppress(Exception):
        writer.cancel()
    _close_files(writer)
    close_files_of(error)


def close_files_of(error: BaseException | None) -> None:
    """Close the files held by the Whoosh frames an error passed through."""
    tb = error.__traceback__ if error is not None else None
    while tb is not None:
        frame = tb.tb_frame
        if frame.f_code.co_filename.startswith(_WHOOSH_DIR):
            for value in list(frame.f_locals.values()):
                _close_files(value)
        tb = tb.tb_next


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


# --- Reading ----------------------------------------------------------------------


def segment_readers(searcher: Searcher) -> list[tuple[str, Any]]:
    """(segment id, reader) of each segment; an empty index has none."""
    return [
        (reader.segment().segment_id(), reader)
        for reader, _ in searcher.reader().leaf_readers()
        if reader.segment() is not None
    ]


def block_ids(matcher: Any) -> list[int] | None:
    """All document numbers of a posting list, read a block at a time; None if not possible."""
    if isinstance(matcher, FilterMatcher):
        matcher = matcher.child
    if not all(hasattr(matcher, name) for name in BLOCK_ATTRIBUTES):
        return None
    ids: list[int] = []
    while matcher.is_active():
        if matcher._ids is None:
            matcher._read_ids()
        ids.extend(matcher._ids[matcher._i :])
        matcher._next_block()
    return ids


def posting_ids(reader: Any, field: str, term: str) -> list[int]:
    """All document numbers of one term in one segment, deletions included.

    Whoosh yields them one by one through several Python calls each; reading
    whole posting blocks is many times faster for common words.
    """
    matcher = reader.postings(field, term)
    ids = block_ids(matcher)
    return list(matcher.all_ids()) if ids is None else ids


def term_docs(searcher: Searcher, pairs: Iterable[tuple[str, str]]) -> set[int]:
    """The live documents containing any of the (field, term) pairs."""
    pairs = list(pairs)
    docs: set[int] = set()
    for leaf, offset in searcher.reader().leaf_readers():
        found: set[int] = set()
        for field, term in pairs:
            if leaf.doc_frequency(field, term):
                found.update(posting_ids(leaf, field, term))
        if leaf.has_deletions():
            found -= leaf.deleted_docs_set
        docs.update(found if not offset else {doc + offset for doc in found})
    return docs
