"""The index follows the database and never loses a change.

Outbox rows are written in the saving transaction; a locked, read-only or
full index leaves them pending while the save itself succeeds; a missing or
damaged index is rebuilt while searches fall back to the database; several
processes saving at once lose nothing.
"""

from __future__ import annotations

import contextlib
import errno
import multiprocessing
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import sqlalchemy as sa

from registry import create_app, search
from registry.extensions import db
from registry.models import Organisation, Project, ProjectTag, SearchOutbox, User, utcnow
from registry.search import outbox
from registry.search.interface import SearchQuery
from tests.conftest import base_test_config, session_key, skip_or_fail

SEARCH_BACKENDS = ["whoosh"]


@pytest.fixture(params=SEARCH_BACKENDS)
def search_backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def app_config(tmp_path, database_url, search_backend) -> dict:
    return {
        **base_test_config(tmp_path),
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SEARCH_BACKEND": search_backend,
    }


@pytest.fixture
def whoosh_only(search_backend):
    if search_backend != "whoosh":
        pytest.skip("simulates a failure of the Whoosh index files")


def pending() -> list[tuple[str, int]]:
    db.session.commit()
    rows = db.session.execute(sa.select(SearchOutbox.kind, SearchOutbox.object_id)).all()
    return [tuple(row) for row in rows]


def found(text: str = "", **options) -> set[str]:
    """Slugs the search service finds (it first applies pending changes)."""
    db.session.commit()
    results = search.search(SearchQuery(text=text, per_page=500, **options))
    return {hit.slug for hit in results.hits}


def in_index(app, text: str) -> set[str]:
    """Slugs the index itself holds, without applying anything first."""
    results = search.service(app).backend.search(SearchQuery(text=text, per_page=500))
    return {hit.slug for hit in results.hits}


def index_dir(app) -> Path:
    base = Path(app.config["SEARCH_INDEX_DIR"])
    return base / os.readlink(base / "current")


@pytest.fixture
def indexed(app, make_project):
    """A built index with one published pilot in it."""
    project = make_project(title="Bestaande pilot over bomen")
    assert found("bomen") == {project.slug}
    return project


# --- The outbox ---------------------------------------------------------------------


def test_a_change_writes_its_outbox_row_in_the_same_transaction(make_project):
    project = make_project(title="Nieuwe pilot")
    db.session.flush()
    rows = db.session.execute(sa.select(SearchOutbox.kind, SearchOutbox.object_id)).all()
    assert ("project", project.id) in [tuple(r) for r in rows]
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count(SearchOutbox.id))) == 0


def test_tags_partners_and_organisation_names_write_outbox_rows(make_org, make_project, app):
    organisation = make_org("GM0150", "Deventer")
    project = make_project(title="Pilot", partners=("GM0150",))
    found()  # applies and clears the rows of the set-up
    assert pending() == []

    project.tag_rows.append(ProjectTag(tag="nieuw"))
    assert pending() == [("project", project.id)]
    found()

    organisation.name = "Gemeente Hanzestad"
    assert pending() == [("organisation", organisation.id)]
    assert found("Hanzestad") == {project.slug}
    assert pending() == []


def test_a_change_the_index_does_not_need_writes_no_row(indexed, make_user):
    make_user(org="GM0344")  # a new account touches no pilot
    assert pending() == []


def test_applying_a_row_never_deletes_a_newer_change_that_reused_its_id(
    app, indexed, make_project, monkeypatch
):
    """Process A reads a row; B applies and deletes the same row; C saves a change.

    When A is done it deletes the rows it read, by id. SQLite without
    AUTOINCREMENT gave C's new row the id of the row B deleted, so A deleted a
    change nobody had applied: the pilot stayed out of the index for good.
    """
    first = make_project(title="Eerste pilot over dijken")
    second = make_project(title="Tweede pilot over duinen", published=False)
    assert found("dijken") == {first.slug}
    assert pending() == []
    first.title = "Eerste pilot over kwelders"
    db.session.commit()  # the row A is about to read
    real_documents = outbox.documents_for_projects

    def others_in_between(session, project_ids):
        monkeypatch.setattr(outbox, "documents_for_projects", real_documents)
        with db.engine.begin() as other:
            other.execute(sa.delete(SearchOutbox))  # B applied it
            other.execute(
                sa.update(Project)
                .where(Project.id == second.id)
                .values(visibility="published", published_at=utcnow())
            )
            other.execute(  # C's change, as its session hook writes it
                sa.insert(SearchOutbox).values(
                    kind="project", object_id=second.id, created_at=utcnow()
                )
            )
        return real_documents(session, project_ids)

    monkeypatch.setattr(outbox, "documents_for_projects", others_in_between)
    search.service(app).sync()
    assert pending() == [("project", second.id)]
    assert found("duinen") == {second.slug}


# --- A locked, read-only or full index ------------------------------------------------


@pytest.fixture
def member_draft(make_user, make_project, login):
    member = login(make_user(org="GM0344"))
    return make_project(owner=member.organisation, title="Drijvende zonnepanelen", published=False)


def test_a_locked_index_leaves_changes_pending_and_the_save_succeeds(
    whoosh_only, app, indexed, member_draft, client
):
    from whoosh import index as whoosh_index

    lock = whoosh_index.open_dir(str(index_dir(app))).lock("WRITELOCK")
    assert lock.acquire(), "the test holds the writer lock, as another process would"
    try:
        response = client.post(f"/projects/{member_draft.slug}/publish")
        assert response.status_code == 302
        assert ("project", member_draft.id) in pending()
        assert client.get("/search?q=zonnepanelen").status_code == 200
        assert in_index(app, "zonnepanelen") == set()
        assert ("project", member_draft.id) in pending()
    finally:
        lock.release()
    html = client.get("/search?q=zonnepanelen").get_data(as_text=True)
    assert f"/projects/{member_draft.slug}" in html
    assert pending() == []


def test_a_full_disk_leaves_changes_pending_and_the_save_succeeds(
    whoosh_only, app, indexed, member_draft, client, monkeypatch
):
    from whoosh.filedb import structfile

    def disk_full(self, *args, **kwargs):
        # A real full disk cannot be produced here; every index file write fails as one would.
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(structfile.StructFile, "write", disk_full)
        assert client.post(f"/projects/{member_draft.slug}/publish").status_code == 302
        assert ("project", member_draft.id) in pending()
        assert client.get("/search?q=zonnepanelen").status_code == 200
        assert ("project", member_draft.id) in pending()
    assert found("zonnepanelen") == {member_draft.slug}
    assert found("bomen") == {indexed.slug}
    assert pending() == []


def _writable(directory: Path) -> bool:
    probe = directory / ".probe"
    try:
        probe.write_text("x")
    except OSError:
        return False
    probe.unlink()
    return True


@contextlib.contextmanager
def read_only(directory: Path):
    """Make a directory really unwritable, also for root (which ignores the mode bits)."""
    os.chmod(directory, 0o555)
    immutable = False
    try:
        if _writable(directory) and shutil.which("chattr"):
            immutable = (
                subprocess.run(["chattr", "+i", str(directory)], check=False).returncode == 0
            )
        if _writable(directory):
            skip_or_fail("cannot make a directory read-only here")
        yield
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(directory)], check=False)
        os.chmod(directory, 0o755)


def test_an_unwritable_index_leaves_changes_pending_and_the_save_succeeds(
    whoosh_only, app, indexed, member_draft, client
):
    with read_only(index_dir(app)):
        assert client.post(f"/projects/{member_draft.slug}/publish").status_code == 302
        assert ("project", member_draft.id) in pending()
        assert client.get("/search?q=bomen").status_code == 200
        assert ("project", member_draft.id) in pending()
    assert found("zonnepanelen") == {member_draft.slug}
    assert pending() == []


# --- Missing or damaged index -----------------------------------------------------------


def test_a_missing_index_is_rebuilt_by_the_next_search(app, indexed, client):
    shutil.rmtree(app.config["SEARCH_INDEX_DIR"])
    html = client.get("/search?q=bomen").get_data(as_text=True)
    assert f"/projects/{indexed.slug}" in html
    assert search.service(app).backend.status().documents == 1


def test_a_damaged_index_answers_from_the_database_and_is_rebuilt(
    whoosh_only, app, indexed, make_project, client
):
    other = make_project(title="Zonnepanelen op scholen")
    service = search.service(app)
    service.inline_rebuild_max = 0  # as for a large registry: rebuild in the background
    for path in index_dir(app).iterdir():
        # Replaced, not overwritten in place: this process still has the old files mapped.
        path.unlink()
        path.write_bytes(b"\x00garbage" * 10)
    service.backend.close()  # as a worker started after the damage would

    html = client.get("/search?q=zonnepanelen").get_data(as_text=True)
    assert "opnieuw opgebouwd" in html
    assert f"/projects/{other.slug}" in html
    assert f"/projects/{indexed.slug}" not in html

    assert service.wait_for_rebuild(timeout=30)
    html = client.get("/search?q=zonnepanelen").get_data(as_text=True)
    assert "opnieuw opgebouwd" not in html
    assert "<mark>Zonnepanelen</mark>" in html
    assert service.backend.status().documents == 2


# --- Commands -----------------------------------------------------------------------------


def test_reindex_builds_a_fresh_index_and_swaps_it_in(app, indexed, make_project, runner):
    make_project(title="Tweede pilot")
    make_project(title="Concept", published=False)
    db.session.commit()
    before = index_dir(app)
    result = runner.invoke(args=["search", "reindex"])
    assert result.exit_code == 0, result.output
    assert "2 documenten" in result.output
    after = index_dir(app)
    assert after != before
    assert before.exists()  # kept for searchers that still have it open
    assert found("pilot") == {indexed.slug, *found("tweede")}
    assert pending() == []


def test_status_reports_index_database_pending_and_segments(app, indexed, make_project, runner):
    make_project(title="Nog niet in de index")
    db.session.commit()
    result = runner.invoke(args=["search", "status"])
    assert result.exit_code == 0, result.output
    lines = {
        line.split(":", 1)[0].strip(): line.split(":", 1)[1].strip()
        for line in result.output.splitlines()
        if ":" in line
    }
    assert lines["Documenten in de index"] == "1"
    assert lines["Pilots in de database"] == "2"
    assert lines["Wachtende wijzigingen"] == "1"
    assert int(lines["Segmenten"]) >= 1
    assert "registry search sync" in result.output


def test_sync_applies_pending_changes(app, indexed, make_project, runner):
    project = make_project(title="Wachtende pilot")
    db.session.commit()
    assert in_index(app, "wachtende") == set()
    result = runner.invoke(args=["search", "sync"])
    assert result.exit_code == 0, result.output
    assert "Toegepast: 1" in result.output
    assert in_index(app, "wachtende") == {project.slug}


def test_changes_saved_during_a_reindex_reach_the_new_index(
    app, indexed, make_project, monkeypatch
):
    """A reindex reads the database in batches; saves in between must not be lost."""
    renamed = make_project(title="Oude titel", summary="Wordt hernoemd.")
    db.session.commit()
    real_documents = search.all_documents

    def documents_with_saves_in_between(session):
        for number, document in enumerate(real_documents(session)):
            yield document
            if number == 0:
                with sa.orm.Session(db.engine) as other:
                    other.get(Project, renamed.id).title = "Nieuwe titel"
                    owner = other.scalar(sa.select(Organisation).filter_by(code="GM0344"))
                    other.add(
                        Project(
                            slug="tijdens",
                            title="Tijdens het bouwen",
                            summary="x",
                            owner=owner,
                            visibility="published",
                            published_at=utcnow(),
                        )
                    )
                    other.commit()

    monkeypatch.setattr(search, "all_documents", documents_with_saves_in_between)
    search.service(app).rebuild()
    assert in_index(app, "bouwen") == {"tijdens"}
    assert in_index(app, "nieuwe titel") == {renamed.slug}
    assert in_index(app, "oude") == set()
    assert pending() == []


def test_many_small_commits_keep_the_segment_count_low(app, make_project):
    for n in range(25):
        make_project(title=f"Pilot nummer {n}")
        found()
    status = search.service(app).backend.status()
    assert status.documents == 25
    assert status.segments <= 8


# --- Several processes at once -----------------------------------------------------------


def _publish_many(config: dict, instance: str, worker: int, count: int, start, results) -> None:
    """One "gunicorn worker": its own app; publishes `count` drafts over HTTP."""
    os.environ["REGISTRY_INSTANCE_PATH"] = instance
    app = create_app(config)
    with app.app_context():
        organisation = Organisation(
            code=f"GM7{worker:03d}", name=f"Werkgemeente {worker}", province="Utrecht"
        )
        user = User(
            email=f"werker{worker}@example.nl",
            name="Werker",
            password_hash="-",
            organisation=organisation,
            email_verified_at=utcnow(),
        )
        drafts = [
            Project(
                slug=f"w{worker}-{n}",
                title=f"Werkpilot {worker} {n}",
                summary="Gelijktijdig.",
                owner=organisation,
            )
            for n in range(count)
        ]
        db.session.add_all([organisation, user, *drafts])
        db.session.commit()
        user_id, slugs = session_key(user), [d.slug for d in drafts]
        db.session.remove()
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = user_id
        session["_fresh"] = True
    start.wait(timeout=60)
    statuses = [client.post(f"/projects/{slug}/publish").status_code for slug in slugs]
    results.put((worker, slugs, statuses))


def test_four_processes_saving_at_once_lose_no_change(app, app_config, tmp_path, indexed):
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(4)
    results = context.Queue()
    workers = [
        context.Process(
            target=_publish_many,
            args=(app_config, str(tmp_path / f"instance-{n}"), n, 12, start, results),
        )
        for n in range(4)
    ]
    for worker in workers:
        worker.start()
    reports = [results.get(timeout=180) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    saved = set()
    for _, slugs, statuses in reports:
        assert statuses == [302] * len(slugs)
        saved.update(slugs)
    assert len(saved) == 48
    assert found("werkpilot") == saved
    assert found("bomen") == {indexed.slug}
    assert pending() == []
