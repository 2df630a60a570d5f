"""Public pages are cacheable for visitors without a cookie, and nothing private ever is."""

from __future__ import annotations

import pytest

from registry.extensions import db
from registry.services import freshness
from tests.conftest import sign_in_client

PUBLIC_PAGES = ["/", "/projects", "/catalogue", "/organisations", "/organisations/GM0344"]


def shared_cacheable(response) -> bool:
    """Whether a shared cache (a reverse proxy) may store this answer for others."""
    control = response.headers.get("Cache-Control", "")
    return "public" in control or ("private" not in control and "no-store" not in control)


@pytest.fixture
def pilot(make_project):
    project = make_project(owner="GM0344", title="Slimme lantaarnpaal")
    db.session.commit()
    return project


@pytest.mark.parametrize("path", [*PUBLIC_PAGES, "pilot"])
def test_a_visitor_without_a_cookie_gets_a_public_page_with_an_etag(client, pilot, path):
    path = f"/projects/{pilot.slug}" if path == "pilot" else path
    response = client.get(path)
    assert response.status_code == 200
    control = response.headers["Cache-Control"]
    assert "public" in control
    assert "max-age=60" in control
    assert "stale-while-revalidate=" in control
    assert response.headers["ETag"]
    assert "Cookie" in response.headers["Vary"]
    assert "Set-Cookie" not in response.headers


def test_an_unchanged_page_is_answered_with_304_without_running_the_view(
    client, pilot, count_queries
):
    etag = client.get("/projects").headers["ETag"]
    with count_queries() as counter:
        response = client.get("/projects", headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert response.data == b""
    assert response.headers["ETag"] == etag
    assert "public" in response.headers["Cache-Control"]
    assert counter.count == 1  # the register's version, nothing else


def test_a_change_anywhere_in_the_register_changes_the_etag(client, pilot, make_project):
    etag = client.get("/projects").headers["ETag"]
    make_project(owner="GM0363", title="Nieuwe pilot")
    db.session.commit()
    response = client.get("/projects", headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert response.headers["ETag"] != etag
    assert "Nieuwe pilot" in response.get_data(as_text=True)


def test_each_language_and_address_has_its_own_etag(client, pilot):
    dutch = client.get("/projects").headers["ETag"]
    english = client.get("/projects?lang=en")
    assert "public" not in english.headers["Cache-Control"]  # it remembers the choice: a cookie
    client.delete_cookie("session")
    assert client.get("/projects?sort=title").headers["ETag"] != dutch


@pytest.mark.parametrize("path", [*PUBLIC_PAGES, "pilot"])
def test_a_members_page_is_never_shared_cacheable(client, login, make_user, pilot, path):
    path = f"/projects/{pilot.slug}" if path == "pilot" else path
    login(make_user(org="GM0344", name="Marieke Lid"))
    response = client.get(path)
    assert response.status_code == 200
    assert not shared_cacheable(response)
    assert "no-store" in response.headers["Cache-Control"]
    assert "ETag" not in response.headers


def test_a_member_gets_no_304_for_a_visitors_etag(client, login, make_user, pilot):
    etag = client.get(f"/projects/{pilot.slug}").headers["ETag"]
    login(make_user(org="GM0344", name="Marieke Lid"))
    response = client.get(f"/projects/{pilot.slug}", headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert "Marieke Lid" in response.get_data(as_text=True)
    assert not shared_cacheable(response)


def test_what_a_member_sees_never_reaches_a_visitor(app, client, login, make_user, pilot):
    member = make_user(org="GM0344", name="Marieke Lid")
    db.session.commit()
    login(member)
    member_page = client.get("/projects")
    assert "Marieke Lid" in member_page.get_data(as_text=True)
    visitor = app.test_client()
    public_page = visitor.get("/projects")
    assert "Marieke Lid" not in public_page.get_data(as_text=True)
    assert "ETag" not in member_page.headers
    assert member_page.headers.get("ETag") != public_page.headers["ETag"]


@pytest.mark.parametrize("path", ["/login", "/register"])
def test_pages_with_a_csrf_token_are_not_shared_cacheable(client, pilot, path):
    response = client.get(path)
    assert response.status_code == 200
    assert not shared_cacheable(response)


def test_a_page_showing_a_flash_is_not_shared_cacheable(client, pilot):
    with client.session_transaction() as session:
        session["_flashes"] = [("info", "Alleen voor u")]
    response = client.get("/projects")
    assert "Alleen voor u" in response.get_data(as_text=True)
    assert not shared_cacheable(response)


def test_signing_in_changes_no_version_but_a_pilot_does(app, make_user, make_project):
    make_project()
    db.session.commit()
    before = freshness.current()
    user = make_user()
    user.last_login_at = None
    db.session.commit()
    assert freshness.current() == before
    make_project()
    db.session.commit()
    after = freshness.current()
    assert after is not None
    assert before is not None
    assert after[0] == before[0] + 1


def test_a_bulk_statement_on_a_public_table_changes_the_version(app, make_project):
    from sqlalchemy import update

    from registry.models import Project

    project = make_project()
    db.session.commit()
    before = freshness.current()
    db.session.execute(update(Project).where(Project.id == project.id).values(adopter_count=3))
    db.session.commit()
    after = freshness.current()
    assert before is not None
    assert after is not None
    assert after[0] == before[0] + 1


def test_a_rolled_back_change_is_no_change(app, make_project):
    make_project()
    db.session.commit()
    before = freshness.current()
    make_project()
    db.session.rollback()
    db.session.commit()
    assert freshness.current() == before


@pytest.fixture
def keeping_client(app):
    """A client of an app whose workers keep public pages (off in tests by default)."""
    app.config["PAGE_CACHE_BYTES"] = 1_000_000
    return app.test_client()


def test_a_kept_page_is_answered_without_running_the_view(
    keeping_client, pilot, make_project, count_queries
):
    first = keeping_client.get("/projects")
    with count_queries() as counter:
        again = keeping_client.get("/projects")
    assert again.data == first.data
    assert again.headers["ETag"] == first.headers["ETag"]
    assert again.headers["Content-Security-Policy"] == first.headers["Content-Security-Policy"]
    assert counter.count == 1  # the register's version
    make_project(title="Nog een pilot")
    db.session.commit()
    assert "Nog een pilot" in keeping_client.get("/projects").get_data(as_text=True)


def test_a_hard_reload_renders_the_page_afresh(keeping_client, pilot, count_queries):
    keeping_client.get("/projects")
    with count_queries() as counter:
        keeping_client.get("/projects", headers={"Cache-Control": "no-cache"})
    assert counter.count > 1


def test_a_kept_page_is_never_given_to_a_member(keeping_client, make_user, pilot):
    keeping_client.get(f"/projects/{pilot.slug}")
    member = make_user(org="GM0344", name="Marieke Lid")
    db.session.commit()
    sign_in_client(keeping_client, member)
    response = keeping_client.get(f"/projects/{pilot.slug}")
    assert "Marieke Lid" in response.get_data(as_text=True)
    assert not shared_cacheable(response)


@pytest.mark.parametrize("path", ["/search?q=lantaarnpaal", "/catalogue?q=lantaarnpaal"])
def test_answers_from_the_search_index_are_not_kept(client, pilot, path):
    response = client.get(path)
    assert response.status_code == 200
    assert not shared_cacheable(response)
    assert "ETag" not in response.headers
