"""What only the PostgreSQL search backend does: same-transaction documents, the
vocabulary, capped ranking, the migration, and the same facets as Whoosh.

The behaviour both backends share is tested in test_search.py, which runs
against each of them.
"""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from bench.generate import Generator, municipalities
from registry import create_app, search
from registry.extensions import db
from registry.models import SearchOutbox, utcnow
from registry.models.vocab import Visibility
from registry.search import postgres_backend
from registry.search.documents import all_documents
from registry.search.interface import SearchQuery
from registry.search.pg_documents import LOCK_CLASS
from registry.search.whoosh_backend import WhooshBackend
from tests.conftest import base_test_config, skip_or_fail
from tests.search_postgres_support import install_search_schema

pytestmark = pytest.mark.postgres_only


@pytest.fixture
def app_config(tmp_path, database_url):
    install_search_schema(database_url)
    return {
        **base_test_config(tmp_path),
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SEARCH_BACKEND": "postgres",
    }


@pytest.fixture
def backend_search(app):
    """The backend alone: no outbox sync before it, so only committed documents count."""

    def run(text: str = "", **options):
        return search.service().backend.search(SearchQuery(text=text, **options))

    return run


def titles(results) -> set[str]:
    return {hit.title for hit in results.hits}


def pending() -> int:
    return db.session.scalar(sa.select(sa.func.count(SearchOutbox.id)))


def vocabulary_count(word: str) -> int:
    return db.session.scalar(
        sa.text("SELECT coalesce(sum(documents), 0) FROM search.word WHERE word = :w"), {"w": word}
    )


def test_the_configuration_folds_accents_and_stems_dutch(app):
    vector = db.session.scalar(
        sa.text("SELECT to_tsvector('search.dutch', 'Coördinatie één fietsen')")
    )
    assert vector == "'coordinatie':1 'fiets':3"


def test_a_pilot_is_searchable_the_moment_its_transaction_commits(make_project, backend_search):
    make_project(title="Drijvende zonnepanelen")
    db.session.commit()
    assert pending() == 0
    assert titles(backend_search("zonnepanelen")) == {"Drijvende zonnepanelen"}


def test_a_rolled_back_change_leaves_no_document(make_project, backend_search):
    make_project(title="Drijvende zonnepanelen")
    db.session.rollback()
    assert backend_search("zonnepanelen").total == 0


def test_a_locked_document_leaves_the_change_pending_and_the_save_succeeds(
    app, make_project, backend_search
):
    project = make_project(title="Drijvende zonnepanelen")
    db.session.commit()
    holder = db.engine.connect()
    try:
        holder.execute(
            sa.text("SELECT pg_advisory_lock(:c, :id)"), {"c": LOCK_CLASS, "id": project.id}
        )
        project.title = "Drijvende windmolens"
        db.session.commit()  # waits for the lock timeout, then commits without the document
        assert pending() == 1
        assert titles(backend_search("windmolens")) == set()
    finally:
        holder.execute(sa.text("SELECT pg_advisory_unlock_all()"))
        holder.close()
    # The next search through the service applies what was left pending.
    assert titles(search.search(SearchQuery(text="windmolens"))) == {"Drijvende windmolens"}
    assert pending() == 0


def test_unpublishing_removes_the_document_and_its_words(make_project, backend_search):
    project = make_project(title="Zwerfafvalrobot in het park")
    db.session.commit()
    assert vocabulary_count("zwerfafvalrobot") == 1
    project.visibility = Visibility.DRAFT
    db.session.commit()
    assert backend_search("zwerfafvalrobot").total == 0
    assert vocabulary_count("zwerfafvalrobot") == 0
    assert search.service().backend.suggest("zwerfafvalrobto") is None


def test_singular_and_plural_meet_through_the_vocabulary(make_project, backend_search):
    make_project(title="Veilig naar school op de fiets")
    make_project(title="Fietsen voor statushouders")
    make_project(title="Parkeren bij het station")
    db.session.commit()
    for typed in ("fiets", "fietsen"):
        results = backend_search(typed)
        assert titles(results) == {"Veilig naar school op de fiets", "Fietsen voor statushouders"}
        assert all("<mark>" in hit.title_html for hit in results.hits), typed


def test_suggestions_offer_the_written_word_with_its_accents(make_project, backend_search):
    for n in range(3):
        make_project(title=f"Zonnedaken in Fryslân {n}")
    db.session.commit()
    assert search.service().backend.suggest("Frylsan") == "fryslân"
    assert search.search(SearchQuery(text="Frylsan")).suggestion == "fryslân"


def test_many_matches_rank_a_capped_set_and_count_exactly(
    make_project, monkeypatch, backend_search
):
    monkeypatch.setattr(postgres_backend, "RANK_ALL_MAX", 3)
    monkeypatch.setattr(postgres_backend, "TITLE_CANDIDATES", 2)
    monkeypatch.setattr(postgres_backend, "NEWEST_CANDIDATES", 2)
    now = utcnow()
    old = make_project(title="Warmtepomp voor iedere woning", summary="Kort.")
    old.published_at = now - timedelta(days=400)
    for n in range(9):
        other = make_project(title=f"Groenbeheer {n}", results="Ook de warmtepomp hielp.")
        other.published_at = now - timedelta(days=n)
    db.session.commit()
    first = backend_search("warmtepomp", per_page=4)
    assert first.total == 10
    assert first.hits[0].title == "Warmtepomp voor iedere woning"
    pages = [backend_search("warmtepomp", page=page, per_page=4) for page in (1, 2, 3)]
    seen = [hit.title for page in pages for hit in page.hits]
    assert len(seen) == len(set(seen)) == 10


def test_concurrent_saves_of_one_pilot_leave_the_last_state_in_the_index(
    app, make_project, make_org, backend_search
):
    organisation = make_org("GM0150", "Deventer", province="Overijssel")
    project = make_project(owner="GM0150", title="Samen sterk")
    db.session.commit()
    project_id, organisation_id = project.id, organisation.id
    barrier = threading.Barrier(2)

    def rename_organisation():
        with app.app_context():
            from registry.models import Organisation

            org = db.session.get(Organisation, organisation_id)
            org.name = "Hanzestad"
            db.session.flush()
            barrier.wait()
            db.session.commit()
            db.session.remove()

    def edit_title():
        with app.app_context():
            from registry.models import Project

            pilot = db.session.get(Project, project_id)
            pilot.title = "Samen sterker"
            db.session.flush()
            barrier.wait()
            db.session.commit()
            db.session.remove()

    threads = [threading.Thread(target=rename_organisation), threading.Thread(target=edit_title)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    db.session.expire_all()
    assert titles(backend_search("Hanzestad")) == {"Samen sterker"}
    assert backend_search("Deventer").total == 0


# --- The same data through both backends ----------------------------------------------------


QUERIES = [
    ("", {}),
    ("gemeente", {}),
    ("fietsen", {}),
    ("slimme woningen", {}),
    ("wijkteams", {"phase": ("running", "completed")}),
    ("inwoners", {"theme": ("energy_climate",), "layer": ("process",)}),
    ("", {"province": ("Utrecht", "Groningen"), "catalogue": ("no",)}),
]


@pytest.fixture
def generated(make_org, make_project):
    generator = Generator(7, municipalities(None)[:12])
    for code, name, province in generator.orgs:
        make_org(code, name, province=province)
    for pilot in generator.pilots(60):
        make_project(
            owner=pilot.owner,
            title=pilot.title,
            summary=pilot.summary,
            problem=pilot.problem,
            approach=pilot.approach,
            phase=pilot.phase,
            themes=tuple(pilot.themes),
            tags=tuple(pilot.tags),
            partners=tuple(pilot.partners),
            common_ground_layer=pilot.layer,
        )
    db.session.commit()


def facet_counts(results) -> dict:
    return {name: {v.value: v.count for v in values} for name, values in results.facets.items()}


@pytest.mark.parametrize(("text", "filters"), QUERIES)
def test_both_backends_find_the_same_pilots_with_the_same_facet_counts(
    generated, tmp_path, text, filters
):
    whoosh = WhooshBackend(tmp_path / "whoosh")
    whoosh.rebuild(all_documents(db.session))
    try:
        query = SearchQuery(text=text, filters=filters, per_page=100, sort="newest")
        expected = whoosh.search(query)
        found = search.service().backend.search(query)
    finally:
        whoosh.close()
    assert found.total == expected.total
    assert [h.object_id for h in found.hits] == [h.object_id for h in expected.hits]
    assert facet_counts(found) == facet_counts(expected)


# --- The migration -------------------------------------------------------------------------


def test_the_migration_queues_pilots_published_before_it(postgres_server, tmp_path, monkeypatch):
    if postgres_server is None:
        skip_or_fail("PostgreSQL not reachable")
    url = postgres_server.create_database()
    monkeypatch.setenv("REGISTRY_INSTANCE_PATH", str(tmp_path / "instance"))
    app = create_app({**base_test_config(tmp_path), "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade(revision="0004_catalogue")
        with db.engine.begin() as conn:
            conn.execute(
                sa.text(
                    "INSERT INTO organisation (code, name, kind, active, created_at, updated_at) "
                    "VALUES ('GM0344', 'Utrecht', 'municipality', true, now(), now())"
                )
            )
            for n, visibility in enumerate(("published", "draft", "published"), 1):
                conn.execute(
                    sa.text(
                        "INSERT INTO project (id, slug, title, summary, problem, approach, results,"
                        " lessons, phase, visibility, owner_id, funding_source, website_url,"
                        " repository_url, documentation_url, licence, contact_name, contact_email,"
                        " hidden_reason, created_at, updated_at, version, rating_org_count,"
                        " adopter_count) VALUES (:n, :slug, 'T', 'S', '', '', '', '', 'idea',"
                        " :visibility, 1, '', '', '', '', '', '', '', '', now(), now(), 1, 0, 0)"
                    ),
                    {"n": n, "slug": f"p{n}", "visibility": visibility},
                )
        upgrade()
        queued = db.session.scalars(
            sa.select(SearchOutbox.object_id).order_by(SearchOutbox.id)
        ).all()
        assert queued == [1, 3]
        db.session.remove()
        db.engine.dispose()


def test_status_and_reindex_commands_work_on_postgres(make_project, runner):
    make_project(title="Drijvende zonnepanelen")
    make_project(title="Concept", published=False)
    db.session.commit()
    status = runner.invoke(args=["search", "status"])
    assert status.exit_code == 0, status.output
    assert "postgres" in status.output
    assert "Let op" not in status.output  # index and database agree
    db.session.execute(sa.text("DELETE FROM search.document"))
    db.session.commit()
    reindex = runner.invoke(args=["search", "reindex"])
    assert reindex.exit_code == 0, reindex.output
    assert "1 documenten" in reindex.output
    assert titles(search.service().backend.search(SearchQuery(text="zonnepanelen"))) == {
        "Drijvende zonnepanelen"
    }
