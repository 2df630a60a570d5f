"""A database that cannot be reached or stays locked: a 503 with an error id, never a trace.

And SQLite as the site's database: WAL, a configurable busy timeout, and
request transactions that write begin IMMEDIATE, so two writers queue
instead of failing or losing one's update.
"""

from __future__ import annotations

import logging
import re
import sqlite3
import threading
import time
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from sqlalchemy import text

from registry import create_app
from registry.extensions import db
from tests.conftest import base_test_config
from tests.test_two_hosts import free_port

ERROR_ID = re.compile(r'<code class="error-id">([0-9a-f]{8})</code>')


def make_app(tmp_path: Path, monkeypatch, url: str, **config):
    monkeypatch.setenv("REGISTRY_INSTANCE_PATH", str(tmp_path / "instance"))
    return create_app({**base_test_config(tmp_path), "SQLALCHEMY_DATABASE_URI": url, **config})


@pytest.fixture
def unreachable(tmp_path, monkeypatch):
    """A PostgreSQL URL on a port nobody listens on."""
    app = make_app(
        tmp_path, monkeypatch, f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/x"
    )
    yield app
    with app.app_context():
        db.engine.dispose()


def assert_503_with_logged_error_id(response, caplog) -> str:
    assert response.status_code == 503
    html = response.get_data(as_text=True)
    match = ERROR_ID.search(html)
    assert match, html
    for leak in ("Traceback", "psycopg", "sqlite3", "OperationalError"):
        assert leak not in html
    assert response.headers["Retry-After"]
    logged = [r for r in caplog.records if match.group(1) in r.getMessage()]
    assert logged
    assert logged[0].exc_info is not None
    return match.group(1)


@pytest.mark.parametrize("path", ["/", "/projects", "/organisations/GM0344", "/search?q=wmo"])
def test_an_unreachable_database_gives_a_503_page_with_an_error_id(unreachable, caplog, path):
    caplog.set_level(logging.ERROR)
    response = unreachable.test_client().get(path)
    assert_503_with_logged_error_id(response, caplog)
    assert "De site is even niet beschikbaar" in response.get_data(as_text=True)


def test_a_signed_in_visitor_gets_the_same_503(unreachable, caplog):
    client = unreachable.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = "1:token"
    assert_503_with_logged_error_id(client.get("/notifications"), caplog)


def test_every_error_id_is_new(unreachable, caplog):
    client = unreachable.test_client()
    ids = {ERROR_ID.search(client.get("/").get_data(as_text=True)).group(1) for _ in range(3)}
    assert len(ids) == 3


def test_health_check_reports_the_database_as_json_when_it_is_unreachable(unreachable):
    response = unreachable.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.is_json
    assert response.json["status"] == "degraded"
    components = response.json["components"]
    assert components["database"]["status"] == "degraded"
    assert components["search_index"]["status"] == "ok"
    assert "mail" in components


# --- SQLite ---------------------------------------------------------------------------


@pytest.fixture
def busy_timeout() -> float:
    return 0.3  # a locked file answers quickly in the tests that lock it


@pytest.fixture
def sqlite_app(tmp_path, monkeypatch, busy_timeout):
    path = tmp_path / "site.sqlite"
    app = make_app(tmp_path, monkeypatch, f"sqlite:///{path}", SQLITE_BUSY_TIMEOUT=busy_timeout)
    with app.app_context():
        db.create_all()
        db.session.execute(text("CREATE TABLE counter (n INTEGER NOT NULL)"))
        db.session.execute(text("INSERT INTO counter VALUES (0)"))
        db.session.commit()
        db.session.remove()
        db.engine.dispose()  # no connection of ours stays open before the test starts
    app.sqlite_path = path
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def locked(sqlite_app):
    """Another process holds SQLite's write lock, and a lock on reading too."""
    other = sqlite3.connect(sqlite_app.sqlite_path, isolation_level=None)
    other.execute("PRAGMA locking_mode = EXCLUSIVE")
    other.execute("BEGIN EXCLUSIVE")
    other.execute("UPDATE counter SET n = n + 1")
    yield other
    other.execute("ROLLBACK")
    other.close()


def test_sqlite_runs_in_wal_mode_with_the_configured_busy_timeout(sqlite_app):
    from registry.sqlite import PAGE_CACHE_KIB

    with sqlite_app.app_context():
        assert db.session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert db.session.execute(text("PRAGMA busy_timeout")).scalar() == 300
        # A negative size is in KiB: the larger page cache of a read-heavy site.
        assert db.session.execute(text("PRAGMA cache_size")).scalar() == -PAGE_CACHE_KIB


def test_a_locked_sqlite_file_gives_a_503_with_an_error_id(sqlite_app, locked, caplog):
    response = sqlite_app.test_client().post("/login", data={"email": "a@b.nl", "password": "x"})
    assert_503_with_logged_error_id(response, caplog)


def test_health_check_reports_a_locked_sqlite_file_as_json(sqlite_app, locked):
    response = sqlite_app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["components"]["database"]["status"] == "degraded"


# Queueing is the behaviour here, not how long a wait may take: with the 0.3 s of
# the lock tests, SQLite's backing-off busy handler gave up once on a loaded machine.
@pytest.mark.parametrize("busy_timeout", [5.0])
def test_two_concurrent_writers_on_sqlite_queue_instead_of_failing(sqlite_app):
    """Each request reads the counter, thinks a moment, and writes it back plus one.

    Begun IMMEDIATE, the second request waits for the first and reads its
    result: no "database is locked", and no update lost.
    """

    @sqlite_app.post("/_increment")
    def increment():
        n = db.session.execute(text("SELECT n FROM counter")).scalar()
        time.sleep(0.05)
        db.session.execute(text("UPDATE counter SET n = :n"), {"n": n + 1})
        db.session.commit()
        return "ok"

    answers: list[int] = []

    def writer():
        client = FlaskClient(sqlite_app)
        for _ in range(4):
            answers.append(client.post("/_increment").status_code)

    threads = [threading.Thread(target=writer) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert answers == [200] * 8
    with sqlite_app.app_context():
        assert db.session.execute(text("SELECT n FROM counter")).scalar() == 8


def test_pages_are_read_while_someone_writes(sqlite_app):
    """WAL: a GET is not held up by a writer's open transaction."""
    other = sqlite3.connect(sqlite_app.sqlite_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE counter SET n = n + 1")
    try:
        assert sqlite_app.test_client().get("/projects").status_code == 200
    finally:
        other.execute("ROLLBACK")
        other.close()
