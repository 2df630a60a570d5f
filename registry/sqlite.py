"""SQLite as a site database: WAL, a busy timeout, and writers that queue instead of failing.

- WAL lets pages be read while someone saves: readers never wait for a
  writer and a writer never waits for readers.
- The busy timeout (`SQLITE_BUSY_TIMEOUT`, seconds) is how long a writer
  waits for the one before it; short transactions queue instead of failing.
- A transaction that will write starts with `BEGIN IMMEDIATE`, taking the
  write lock up front. A plain (deferred) `BEGIN` reads first and asks for
  the lock at its first write; if another writer committed in between, its
  snapshot is stale and SQLite answers "database is locked" at once, without
  waiting for the busy timeout. Only requests with an unsafe method (POST and
  the like) and CLI commands inside `immediate_transactions()` begin this
  way: a GET only reads, and taking the write lock for every page view would
  queue all readers behind each other, which is what WAL spares us. And only
  until the request's commit: a view commits once, and what runs after it
  (a page rendered from reloaded rows, the search sync in its own session)
  must not hold the lock against the next writer, or against that sync.
- Everything else keeps the sqlite3 module's own way: reads outside a
  transaction, a deferred BEGIN just before the first write. A transaction
  therefore never starts with a read it could later be refused a write on.

PostgreSQL needs none of this; `configure` leaves other databases alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from flask import g, has_request_context, request
from sqlalchemy import Engine, event

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})

_immediate: ContextVar[bool] = ContextVar("sqlite_immediate", default=False)


@contextmanager
def immediate_transactions() -> Iterator[None]:
    """Outside a request (a CLI command that writes): begin every transaction IMMEDIATE."""
    token = _immediate.set(True)
    try:
        yield
    finally:
        _immediate.reset(token)


def will_write() -> bool:
    if _immediate.get():
        return True
    return (
        has_request_context()
        and request.method not in SAFE_METHODS
        and not g.get("_sqlite_committed", False)
    )


# SQLite's page cache per connection (KiB; its default is 2,000). An organisation's
# page at 100,000 pilots reads some 8 MB of index pages (its partner pilots and
# adoptions, sorted): with the default every request read them again from the
# operating system, and the page cost half as much again as at 10,000 pilots.
PAGE_CACHE_KIB = 12_000


def configure(engine: Engine, busy_timeout: float) -> None:
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, connection_record) -> None:
        # The sqlite3 module keeps its own habit for everything else: reads run
        # outside a transaction, and a deferred BEGIN comes just before the first
        # write. So a read never pins an old snapshot that a later write would be
        # refused on (SQLite answers "database is locked" at once when a
        # transaction that began reading tries to write after someone else did).
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute(f"PRAGMA cache_size = -{PAGE_CACHE_KIB}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection) -> None:
        # On the driver's connection, as psycopg sends PostgreSQL's BEGIN: transaction
        # control, not a statement of the page (the query budgets do not count it).
        if will_write():
            connection.connection.driver_connection.execute("BEGIN IMMEDIATE")

    @event.listens_for(engine, "commit")
    def on_commit(connection) -> None:
        if has_request_context():
            g._sqlite_committed = True
