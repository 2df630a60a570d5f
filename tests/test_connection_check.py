"""Pooled connections are checked before use after being idle, and a dead one is replaced.

A connection that was in use a moment ago goes straight back to work: on
PostgreSQL the check is a round trip to the server, as much as a query.
"""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from registry import connection_check
from registry.extensions import db


@pytest.fixture
def pings(app, monkeypatch) -> list[int]:
    """Each check of a connection, as it happens."""
    seen: list[int] = []
    with app.app_context():
        dialect = db.engine.dialect
    original = dialect.do_ping

    def counting(dbapi_connection):
        seen.append(id(dbapi_connection))
        return original(dbapi_connection)

    monkeypatch.setattr(dialect, "do_ping", counting)
    return seen


def test_a_connection_used_a_moment_ago_is_not_checked_again(client, pings):
    assert client.get("/projects").status_code == 200
    assert client.get("/projects").status_code == 200
    assert pings == []


def test_a_connection_idle_for_a_while_is_checked_first(client, pings, monkeypatch):
    assert client.get("/projects").status_code == 200
    monkeypatch.setattr(connection_check, "IDLE_SECONDS", 0.0)
    assert client.get("/projects").status_code == 200
    assert len(pings) == 1


@pytest.mark.postgres_only
def test_a_connection_the_server_dropped_while_idle_is_replaced_unnoticed(
    app, client, make_project, monkeypatch
):
    make_project(title="Slimme lantaarnpalen")
    assert client.get("/projects").status_code == 200
    with app.app_context():
        pooled = db.session.scalar(text("SELECT pg_backend_pid()"))
        db.session.remove()  # back to the pool, idle
        outsider = create_engine(db.engine.url)
        with outsider.connect() as other:  # ends it as a server restart would
            assert other.scalar(text("SELECT pg_terminate_backend(:pid)"), {"pid": pooled})
        outsider.dispose()
    monkeypatch.setattr(connection_check, "IDLE_SECONDS", 0.0)
    response = client.get("/projects")
    assert response.status_code == 200
    assert "Slimme lantaarnpalen" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(text("SELECT pg_backend_pid()")) != pooled
