"""How fresh public data is: the register's version, and small caches keyed by it.

Every transaction that writes a table visitors can see raises the number in
`register_version` just before it commits (`raise_on_commit`, a session hook
in `registry.lifecycle`), in the same transaction. Reading it is one primary
key lookup, so a page can ask "has anything changed?" for the price of one
tiny statement, whatever the size of the register:

- `cached(key, compute)` keeps a value computed from public data (filter
  choices, figures, counts) per process, and recomputes it once the version
  moved. The version is read before the data, so a value can be newer than
  its version but never older: a cache filled during a commit is refilled on
  the next request.
- the web layer derives the ETags of public pages from it (`web/caching.py`).

Tables that only signed-in people see (sessions, notifications, mail, the
search outbox, accounts) do not raise the version, so signing in or reading a
notification leaves every cache and ETag intact.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Hashable
from functools import cache
from typing import Any, TypeVar

from sqlalchemy import Select, select, update
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction

from registry.extensions import db
from registry.models import RegisterVersion

T = TypeVar("T")

# Tables whose rows never show on a public page: writing them changes no cache.
PRIVATE_TABLES = frozenset(
    {
        "user_account",
        "user_session",
        "recovery_code",
        "notification",
        "notification_preference",
        "mail_outbox",
        "search_outbox",
        "register_version",
        "api_token",
        "follow",
        "notification_fanout",
    }
)
ROW_ID = 1
# A cache of a few thousand small values per process (two per municipality among
# them); beyond that it starts over.
MAX_ENTRIES = 2048
_CHANGED = "register_changed"
_READ = "register_version"

Version = tuple[int, str]
_values: dict[Hashable, tuple[Version, Any]] = {}


def current() -> Version | None:
    """The register's version as this transaction sees it; None before the first change."""
    info = db.session.info
    if _READ not in info:
        row = db.session.execute(_version_query()).first()
        info[_READ] = (row[0], row[1]) if row else None
    version: Version | None = info[_READ]
    return version


@cache  # built once: building a statement costs more than running it on one key
def _version_query() -> Select[int, str]:
    return select(RegisterVersion.number, RegisterVersion.token).where(RegisterVersion.id == ROW_ID)


def cached(key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()`, kept per process until the register changes (plain values only)."""
    version = current()
    if version is None:
        return compute()  # a database no transaction has marked yet: nothing to key on
    full_key = (str(db.engine.url), key)
    hit = _values.get(full_key)
    if hit is not None and hit[0] == version:
        value: T = hit[1]
        return value
    value = compute()
    if len(_values) >= MAX_ENTRIES:
        _values.clear()
    _values[full_key] = (version, value)
    return value


# --- Session hooks (registered in registry.lifecycle) -------------------------------


def _is_public(table_name: str | None) -> bool:
    return table_name is not None and table_name not in PRIVATE_TABLES


def note_flushed_changes(session: Session, _context: UOWTransaction) -> None:
    """After a flush: remember whether it wrote a table visitors can see."""
    if session.info.get(_CHANGED):
        return
    for obj in (*session.new, *session.dirty, *session.deleted):
        if _is_public(getattr(obj, "__tablename__", None)):
            session.info[_CHANGED] = True
            return


def note_statement(state: ORMExecuteState) -> None:
    """A bulk INSERT, UPDATE or DELETE through the session counts like a flush."""
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    if _is_public(getattr(table, "name", None)):
        state.session.info[_CHANGED] = True


def raise_on_commit(session: Session) -> None:
    """Before commit: flush what is pending, then raise the version if public data changed.

    Registered as the last hook before commit, so the row lock it takes on
    PostgreSQL is held only for the commit itself.
    """
    session.flush()
    if not session.info.pop(_CHANGED, False):
        return
    raised = session.execute(
        update(RegisterVersion)
        .where(RegisterVersion.id == ROW_ID)
        .values(number=RegisterVersion.number + 1)
        .execution_options(synchronize_session=False)
    )
    if getattr(raised, "rowcount", 1) == 0:
        # Only a database built without the migrations (tests, benchmarks) lacks the row.
        session.add(RegisterVersion(id=ROW_ID, number=1, token=secrets.token_hex(16)))
        session.flush()
    session.info.pop(_READ, None)


def forget(session: Session, *_args: Any) -> None:
    """After commit or rollback: read the version afresh; a rolled-back change is no change."""
    session.info.pop(_READ, None)
    session.info.pop(_CHANGED, None)
