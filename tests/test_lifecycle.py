"""The transaction lifecycle: hooks registered once, search kept off the request's session.

Search catches up on pending changes before a search and after a saving
request, but in a session of its own: an unrelated change the request has
not committed yet is neither committed, flushed nor rolled back by it.
"""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Response
from sqlalchemy import event
from sqlalchemy.orm import Session
from whoosh import index as whoosh_index

from registry import create_app, lifecycle, search
from registry.extensions import db
from registry.models import Project, SearchOutbox, User, utcnow
from registry.search import outbox
from registry.search.interface import SearchQuery
from registry.services import notifications
from tests.conftest import base_test_config
from tests.search_postgres_support import install_search_schema

SEARCH_BACKENDS = ["whoosh", "postgres"]


@pytest.fixture(params=SEARCH_BACKENDS)
def search_backend(request: pytest.FixtureRequest, backend: str) -> str:
    if request.param == "postgres":
        if backend != "postgres":
            pytest.skip("the PostgreSQL search backend needs a PostgreSQL database")
        install_search_schema(request.getfixturevalue("postgres_url"))
    return request.param


@pytest.fixture
def app_config(tmp_path, database_url, search_backend) -> dict:
    return {
        **base_test_config(tmp_path),
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SEARCH_BACKEND": search_backend,
        "MAIL_LOG_FILE": str(tmp_path / "mail.log"),
    }


def retitle_behind_the_index(project: Project, title: str) -> None:
    """A committed change whose outbox row is still pending, as after a locked index."""
    with db.engine.begin() as connection:
        connection.execute(sa.update(Project).where(Project.id == project.id).values(title=title))
        connection.execute(
            sa.insert(SearchOutbox).values(
                kind="project", object_id=project.id, created_at=utcnow()
            )
        )


def pending_rows() -> int:
    with db.engine.connect() as connection:
        return connection.scalar(sa.select(sa.func.count(SearchOutbox.id)))


def stored_name(user: User) -> str:
    with db.engine.connect() as connection:
        return connection.scalar(sa.select(User.name).where(User.id == user.id))


def in_index(app, text: str) -> set[str]:
    results = search.service(app).backend.search(SearchQuery(text=text))
    return {hit.slug for hit in results.hits}


@pytest.fixture
def behind(app, make_project, make_user):
    """A pilot the index has not caught up with, and a user with an unsaved new name."""
    project = make_project(title="Pilot over bomen")
    user = make_user(name="Oude naam")
    db.session.commit()
    assert search.search(SearchQuery(text="bomen")).total == 1
    retitle_behind_the_index(project, "Pilot over eiken")
    user.name = "Nieuwe naam"
    return project, user


def test_a_search_catches_up_without_touching_the_requests_unsaved_change(app, behind):
    project, user = behind
    results = search.search(SearchQuery(text="eiken"))
    assert [hit.slug for hit in results.hits] == [project.slug]
    assert pending_rows() == 0
    # Not committed, not flushed, not rolled back: still the request's own business.
    assert user in db.session.dirty
    assert user.name == "Nieuwe naam"
    assert stored_name(user) == "Oude naam"
    db.session.commit()
    assert stored_name(user) == "Nieuwe naam"


def test_a_search_answering_from_the_database_leaves_the_unsaved_change_alone(
    app, search_backend, behind
):
    if search_backend != "whoosh":
        pytest.skip("only the Whoosh index can go missing")
    service = search.service(app)
    service.inline_rebuild_max = -1  # rebuilt in the background; meanwhile the database answers
    shutil.rmtree(app.config["SEARCH_INDEX_DIR"])
    results = search.search(SearchQuery(text="eiken"))
    assert results.source == "database"
    assert [hit.slug for hit in results.hits] == [behind[0].slug]
    assert service.wait_for_rebuild(timeout=30)
    assert still_unsaved(behind[1])


def still_unsaved(user: User) -> bool:
    return user in db.session.dirty and stored_name(user) == "Oude naam"


def test_the_sync_after_a_saving_request_uses_its_own_session(app, search_backend, make_user):
    if search_backend != "whoosh":
        pytest.skip("PostgreSQL search documents are written before the commit")
    user = make_user(name="Oude naam")
    db.session.commit()
    with app.test_request_context("/"):
        project = Project(
            slug="na-het-bewaren",
            title="Gevonden na het bewaren",
            summary="x",
            owner=user.organisation,
            visibility="published",
            published_at=utcnow(),
        )
        db.session.add(project)
        db.session.commit()
        changed = db.session.get(User, user.id)
        changed.name = "Nieuwe naam"
        search.sync_after_request(Response())
        assert in_index(app, "bewaren") == {"na-het-bewaren"}
        assert pending_rows() == 0
        assert still_unsaved(changed)
        db.session.rollback()
    assert stored_name(user) == "Oude naam"


@contextlib.contextmanager
def index_held_by_another_process(app):
    """The index's write lock taken elsewhere, as by a long reindex."""
    backend = search.service(app).backend
    if backend.name == "whoosh":
        lock = whoosh_index.open_dir(str(backend.storage.current_dir())).lock("WRITELOCK")
        assert lock.acquire()
        try:
            yield
        finally:
            lock.release()
        return
    with db.engine.connect() as connection, connection.begin():
        connection.execute(sa.text("LOCK TABLE search.document IN EXCLUSIVE MODE"))
        yield


def test_a_locked_index_after_a_request_leaves_the_rows_and_the_unsaved_change(app, behind):
    _, user = behind
    # As after a commit whose changes could not be applied in it.
    db.session.info[outbox.SYNC_DUE] = True
    with index_held_by_another_process(app):
        response = search.sync_after_request(Response("bewaard"))
    assert response.get_data(as_text=True) == "bewaard"
    assert pending_rows() == 1
    assert still_unsaved(user)
    assert in_index(app, "eiken") == set()


# --- Registered once, in one step -------------------------------------------------------


def test_create_app_registers_every_session_hook(app):
    for name, hook in lifecycle.SESSION_HOOKS:
        assert event.contains(Session, name, hook), (name, hook.__name__)
    assert app.after_request_funcs[None].count(search.sync_after_request) == 1


def test_the_hooks_run_once_however_many_apps_are_created(
    app, app_config, make_project, make_user, make_nomination
):
    for _ in range(2):
        create_app(app_config)
    lifecycle.register_session_hooks(app)
    assert app.after_request_funcs[None].count(search.sync_after_request) == 1

    project = make_project(title="Eén rij")
    assert pending_outbox_rows_for(project) == 1

    user = make_user()
    nomination = make_nomination()
    notifications.notify(
        [user],
        "nomination_rejected",
        nomination,
        project_title=nomination.project.title,
        project_slug=nomination.project.slug,
    )
    db.session.commit()
    mail = Path(app.config["MAIL_LOG_FILE"]).read_text(encoding="utf-8")
    assert mail.count(f"To: {user.email}") == 1


def pending_outbox_rows_for(project: Project) -> int:
    return db.session.scalar(
        sa.select(sa.func.count(SearchOutbox.id)).where(
            SearchOutbox.kind == "project", SearchOutbox.object_id == project.id
        )
    )
