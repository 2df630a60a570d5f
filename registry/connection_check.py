"""A pooled database connection is checked before use only after it has been idle.

SQLAlchemy's `pool_pre_ping` checks every connection at every checkout: on
PostgreSQL that is a round trip to the server for each request, as much as
a query costs. A connection that was in use a moment ago is as good as a
freshly checked one, so only one idle for longer than `IDLE_SECONDS` is
checked (then, as with `pool_pre_ping`, a dead one is replaced before the
request gets it).

What this gives up: a server restarted less than `IDLE_SECONDS` after a
connection was last used fails the one request that gets that connection,
as it would fail a request that was running during the restart. SQLAlchemy
then discards the pool's other connections of before the restart.
"""

from __future__ import annotations

import time

from sqlalchemy import Engine, event, exc

IDLE_SECONDS = 1.0

_RETURNED = "returned_at"


def configure(engine: Engine) -> None:
    dialect = engine.dialect

    @event.listens_for(engine, "checkin")
    def on_checkin(dbapi_connection, record) -> None:
        record.info[_RETURNED] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def on_checkout(dbapi_connection, record, proxy) -> None:
        returned = record.info.get(_RETURNED)
        if returned is None or time.monotonic() - returned < IDLE_SECONDS:
            return  # new, or used a moment ago
        try:
            alive = dialect.do_ping(dbapi_connection)
        except dialect.loaded_dbapi.Error as err:
            if dialect.is_disconnect(err, dbapi_connection, None):
                raise exc.DisconnectionError() from err  # the pool connects anew
            raise
        if alive is False:
            raise exc.DisconnectionError()
