"""Every use of Whoosh's internals, in one place, for the one version it was written for.

Whoosh's public API is too slow or too leaky in a few places, so the backend
reaches past it: posting blocks are read directly, a writer is created
without its own lock, segments are merged by a policy of our own, the
files a failed writer leaves open are found and closed, and segment files
are read in place from a memory map rather than copied. All of that lives
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
import mmap
import os
import weakref
from collections.abc import Iterable, Iterator
from importlib import metadata
from itertools import accumulate
from typing import Any

import whoosh
from whoosh.codec.base import Segment
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.filedb.compound import CompoundStorage
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import BufferFile
from whoosh.matching import NullMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import SegmentReader
from whoosh.scoring import BM25F
from whoosh.searching import Searcher
from whoosh.util.numeric import length_to_byte
from whoosh.writing import SegmentWriter

__all__ = [
    "MAX_SEGMENTS",
    "WRITTEN_FOR",
    "MappedFile",
    "MappedPages",
    "MappedStorage",
    "abandon",
    "bm25f_parameters",
    "check_version",
    "close_files_of",
    "field_length_bytes",
    "installed_version",
    "merge_on_save",
    "merge_small",
    "missing_internals",
    "posting_blocks",
    "segment_readers",
    "unlocked_writer",
]

log = logging.getLogger(__name__)

DISTRIBUTION = "whoosh-reloaded"
WRITTEN_FOR = "2.7.5"
# More segments than this and a save merges all but the largest itself: searching
# and spelling cost grows with the number of segments.
MAX_SEGMENTS = 8
# The block-reading attributes of a posting-list matcher that `posting_blocks` uses.
BLOCK_ATTRIBUTES = ("_read_data", "_data", "_read_weights", "_weights", "_byteids", "_next_block")

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
        for name in ("_read_data", "_read_weights", "_next_block")
        if not callable(getattr(W3LeafMatcher, name, None))
    ]
    if not {"_field_B", "B", "K1"} <= set(vars(BM25F())):
        missing.append("BM25F(B, K1, _field_B)")
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
    if "use_mmap=storage.supports_mmap" not in inspect.getsource(Segment.open_compound_file):
        missing.append("Segment.open_compound_file(use_mmap=storage.supports_mmap)")
    if "self._file.subset(" not in inspect.getsource(CompoundStorage.open_file):
        missing.append("CompoundStorage.open_file through the file's subset()")
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


class MappedFile(BufferFile):
    """A Whoosh file read in place from a memory map: a whole segment file, or a part of one.

    Whoosh maps a compound segment file too, but its BufferFile copies every
    part it opens into a BytesIO: the posting lists, terms and columns of the
    whole index end up twice in each process (once copied, once mapped),
    22 MB each for 10,000 pilots. Here a read takes only the bytes asked for,
    and the map's pages are the kernel's page cache, shared by all workers.
    """

    def __init__(
        self,
        source: mmap.mmap,
        start: int,
        length: int,
        name: str | None,
        owns_map: bool = False,
    ) -> None:
        self._map = source
        self._start = start
        self._length = length
        self._pos = 0
        self._name = name
        self._owns_map = owns_map
        self.onclose = None
        self.is_real = False
        self.is_closed = False
        # What StructFile hands to pickle (read_pickle); the rest never touches it.
        self.file = _PickleReader(self)

    def subset(self, position: int, length: int, name: str | None = None) -> MappedFile:
        return MappedFile(self._map, self._start + position, length, name or self._name)

    def read(self, size: int | None = -1) -> bytes:
        start = self._pos
        end = self._length if size is None or size < 0 else min(start + size, self._length)
        if end <= start:
            return b""
        self._pos = end
        return self._map[self._start + start : self._start + end]

    def readline(self) -> bytes:
        start = self._start + self._pos
        found = self._map.find(b"\n", start, self._start + self._length)
        end = self._start + self._length if found < 0 else found + 1
        self._pos = end - self._start
        return self._map[start:end]

    def get(self, position: int, length: int) -> bytes:
        start = self._start + position
        return self._map[start : start + min(length, self._length - position)]

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        if whence == os.SEEK_CUR:
            offset += self._pos
        elif whence == os.SEEK_END:
            offset += self._length
        self._pos = offset
        return offset

    def tell(self) -> int:
        return self._pos

    def flush(self) -> None:
        pass

    def close(self) -> None:
        """Closing the whole file unmaps it, as Whoosh's own compound storage does."""
        self.is_closed = True
        if self._owns_map:
            self._map.close()


class _PickleReader:
    def __init__(self, owner: MappedFile) -> None:
        self.read = owner.read
        self.readline = owner.readline


_live_maps: weakref.WeakSet[mmap.mmap] = weakref.WeakSet()
_PAGE = mmap.PAGESIZE


def _resident_file_pages() -> int | None:
    """Pages of mapped files resident in this process (Linux), None where that is unknown."""
    try:
        fd = os.open("/proc/self/statm", os.O_RDONLY)
    except OSError:
        return None
    try:
        return int(os.read(fd, 256).split()[2])
    except (OSError, ValueError, IndexError):
        return None
    finally:
        os.close(fd)


class MappedPages:
    """Keeps the index's pages that this process has mapped under a limit.

    A page of a mapped file counts in the process's resident memory once it
    has been read, so after enough different searches each worker would count
    most of the index, although the kernel holds it once for all of them.
    Past the limit the maps are let go of (the pages stay in the page cache),
    and the next searches map what they read again: minor page faults, not
    disk reads. Checking costs one read of /proc/self/statm; letting go
    happens only every few megabytes of newly read index.
    """

    def __init__(self, limit_bytes: int) -> None:
        self.limit = max(1, limit_bytes // _PAGE)
        self.floor = _resident_file_pages()

    def trim(self) -> bool:
        """Let go of the maps when they grew by more than the limit; whether that happened."""
        resident = _resident_file_pages()
        if resident is None or self.floor is None:
            return False
        if resident - self.floor <= self.limit:
            self.floor = min(self.floor, resident)
            return False
        for source in list(_live_maps):
            with contextlib.suppress(ValueError, OSError):  # closed meanwhile
                source.madvise(mmap.MADV_DONTNEED)
        self.floor = _resident_file_pages()
        return True


class MappedStorage(FileStorage):
    """An index directory whose compound segment files are read through `MappedFile`.

    With mmap support off, Whoosh's compound storage asks the segment file for
    each part by `subset()`, which a MappedFile answers with a view, not a copy.
    """

    def __init__(self, path: str) -> None:
        super().__init__(path, supports_mmap=False)

    def open_file(self, name: str, **kwargs: Any) -> Any:
        if not name.endswith(Segment.COMPOUND_EXT):
            return super().open_file(name, **kwargs)
        with open(self._fpath(name), "rb") as handle:
            source = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        _live_maps.add(source)
        return MappedFile(source, 0, len(source), name, owns_map=True)


def segment_readers(searcher: Searcher) -> list[tuple[str, Any]]:
    """(segment id, reader) of each segment; an empty index has none."""
    return [
        (reader.segment().segment_id(), reader)
        for reader, _ in searcher.reader().leaf_readers()
        if reader.segment() is not None
    ]


def posting_blocks(reader: Any, field: str, term: str) -> Iterator[tuple[Iterable[int], Any]]:
    """Each block of one term's postings in one segment: its document numbers and
    weights, deletions included.

    Whoosh hands out postings one at a time through several Python calls each,
    and decodes a block's document numbers through a generator; a block is
    decoded here once, whole, which for a common word is many times faster.
    """
    matcher = reader.postings(field, term)
    if isinstance(matcher, FilterMatcher):
        matcher = matcher.child
    if not all(hasattr(matcher, name) for name in BLOCK_ATTRIBUTES):
        ids, weights = [], []
        while matcher.is_active():
            ids.append(matcher.id())
            weights.append(matcher.weight())
            matcher.next()
        yield ids, weights
        return
    while matcher.is_active():
        matcher._read_data()
        stored = matcher._data[0]
        matcher._read_weights()
        yield (stored if matcher._byteids else accumulate(stored)), matcher._weights
        matcher._next_block()


def field_length_bytes(reader: Any, field: str) -> bytes:
    """Each document's length in `field` in one segment, as the byte Whoosh stores.

    `byte_to_length` turns a byte back into the length Whoosh scores with. The
    column is one byte per document, read in one slice where its reader has
    the expected shape, else a document at a time.
    """
    count = reader.doc_count_all()
    column = _length_column(reader, field)
    if column is not None:
        stored = column._dbfile.get(column._basepos, min(column._count, count))
        return bytes(stored) + bytes(count - len(stored))
    return bytes(
        length_to_byte(reader.doc_field_length(doc, field, 0) or None) for doc in range(count)
    )


def _length_column(reader: Any, field: str) -> Any:
    perdoc = getattr(reader, "_perdoc", None)
    cached = getattr(perdoc, "_cached_reader", None)
    if cached is None:
        return None
    column = cached(_lenfield(field), LENGTHS_COLUMN)
    if column is None or getattr(column, "_fixedlen", None) != 1:
        return None
    if not all(hasattr(column, name) for name in ("_dbfile", "_basepos", "_count")):
        return None
    return column


def bm25f_parameters(weighting: Any, field: str) -> tuple[float, float] | None:
    """(B, K1) of Whoosh's BM25F for `field`; None for any other weighting."""
    if type(weighting) is not BM25F:
        return None
    return weighting._field_B.get(field, weighting.B), weighting.K1
