"""The Whoosh index on disk: one writer at a time across processes, and atomic swaps.

Layout of SEARCH_INDEX_DIR::

    write.lock        one writer at a time, across processes (flock)
    current           symlink to the live index directory
    index-<stamp>/    Whoosh files

A rebuild writes a new `index-*` directory and swaps `current` with a
rename, so searchers never see a half-built index.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import gc
import os
import secrets
import shutil
import threading
import time
import warnings
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index

from registry.search import whoosh_internals as internals
from registry.search.documents import SearchDocument
from registry.search.interface import IndexMissing, IndexUnavailable
from registry.search.whoosh_schema import build_schema, whoosh_fields

LINK = "current"
LOCK = "write.lock"


class WhooshWriter:
    """What `IndexStorage.writer` hands out: index and remove documents."""

    def __init__(self, writer: Any) -> None:
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


def open_index(directory: Path, searcher: bool = False) -> Any:
    """The index (or a searcher on it); IndexMissing when it cannot be read.

    Whoosh leaves a file open when it fails on a damaged index; the failure is
    dropped inside the warnings filter so that file is closed here, quietly,
    rather than warned about at some later moment.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        try:
            ix = internals.MappedStorage(str(directory)).open_index()
            return ix.searcher() if searcher else ix
        except Exception as err:  # a damaged index raises almost anything
            problem = repr(err)
        gc.collect()
    raise IndexMissing(f"the index cannot be read: {problem}")


def _acquire(lock: Any, timeout: float) -> bool:
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


class IndexStorage:
    """The index directory of one host, shared by its processes."""

    def __init__(self, base: Path, procs: int = 1) -> None:
        self.base = base
        self.procs = max(1, procs)
        self._held = threading.local()

    def current_dir(self) -> Path:
        link = self.base / LINK
        try:
            target = os.readlink(link)
        except FileNotFoundError:
            raise IndexMissing(f"no index at {link}") from None
        except OSError as err:
            raise IndexMissing(f"cannot read {link}: {err}") from err
        return self.base / target

    @contextlib.contextmanager
    def write_lock(self, timeout: float) -> Iterator[None]:
        """The cross-process write lock; a thread that holds it may take it again."""
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

    # --- Changing documents in the live index ----------------------------------------

    @contextlib.contextmanager
    def writer(self, timeout: float) -> Iterator[WhooshWriter]:
        with self.write_lock(timeout):
            ix = open_index(self.current_dir())
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
    def _whoosh_writer(self, ix: Any) -> Iterator[WhooshWriter]:
        try:
            whoosh_writer = internals.unlocked_writer(ix)
        except OSError as err:  # read-only directory, or no room for a new segment
            internals.close_files_of(err)
            raise IndexUnavailable(f"the index cannot be written: {err}") from err
        adapter = WhooshWriter(whoosh_writer)
        try:
            yield adapter
        except OSError as err:
            internals.abandon(whoosh_writer, err)
            raise IndexUnavailable(f"writing the index failed: {err}") from err
        except BaseException:
            internals.abandon(whoosh_writer)
            raise
        if not adapter.changed:
            internals.abandon(whoosh_writer)
            return
        try:
            whoosh_writer.commit(mergetype=internals.merge_on_save)
        except Exception as err:
            internals.abandon(whoosh_writer, err)
            if isinstance(err, OSError) and err.errno == errno.ENOSPC:
                raise IndexUnavailable("the disk is full") from err
            raise IndexUnavailable(f"committing the index failed: {err!r}") from err

    def merge_all(self, timeout: float, small_only: bool = False) -> None:
        """Merge every segment into one (or, `small_only`, all but the largest into one),
        under the same locks as a save.

        The worker merges the small segments every few minutes and everything
        at night, so a save never pays for a merge (the slow tail of saving).
        """
        with self.write_lock(timeout):
            ix = open_index(self.current_dir())
            lock = ix.lock("WRITELOCK")
            if not _acquire(lock, timeout):
                raise IndexUnavailable("the index is locked")
            try:
                try:
                    whoosh_writer = internals.unlocked_writer(ix)
                except OSError as err:
                    internals.close_files_of(err)
                    raise IndexUnavailable(f"the index cannot be written: {err}") from err
                try:
                    if small_only:
                        whoosh_writer.commit(mergetype=internals.merge_small)
                    else:
                        whoosh_writer.commit(optimize=True)
                except Exception as err:
                    internals.abandon(whoosh_writer, err)
                    raise IndexUnavailable(f"merging the index failed: {err!r}") from err
            finally:
                lock.release()

    # --- A fresh index, swapped in ------------------------------------------------------

    def rebuild(
        self,
        documents: Iterator[SearchDocument],
        after_swap: Callable[[], None] | None = None,
        progress: Callable[[int], None] | None = None,
        lock_timeout: float = 600.0,
    ) -> int:
        with self.write_lock(lock_timeout):
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
            internals.abandon(writer, err)
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
