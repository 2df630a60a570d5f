"""A page number past the last page says so and links to the last page, on every list."""

from __future__ import annotations

import re

import pytest

from registry.extensions import db
from registry.models import Notification
from registry.models.vocab import Role


@pytest.fixture
def app_config(app_config):
    return {**app_config, "PAGE_SIZE": 2}


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def assert_past_the_end(
    response, last_page: int, path: str, empty_message: str, asked: int = 999
) -> None:
    assert response.status_code == 200
    html = text_of(response)
    assert f"Pagina {asked} bestaat niet: deze lijst heeft {last_page} pagina's." in html
    link = re.search(r'<a href="([^"]+)">Naar de laatste pagina \((\d+)\)</a>', html)
    assert link, "no link to the last page"
    assert link.group(1).startswith(path)
    assert f"page={last_page}" in link.group(1)
    assert empty_message not in html


def test_the_pilot_list_past_its_last_page(client, make_project):
    for _ in range(5):
        make_project()
    response = client.get("/projects?page=999&phase=running")
    assert_past_the_end(response, 3, "/projects", "Er zijn geen gepubliceerde pilots")
    assert "phase=running" in re.search(r'href="([^"]*page=3[^"]*)"', text_of(response)).group(1)


def test_the_last_link_keeps_its_language(client, make_project):
    for _ in range(3):
        make_project()
    html = text_of(client.get("/projects?page=999&lang=en"))
    assert "Page 999 does not exist: this list has 2 pages." in html
    assert "Go to the last page (2)" in html
    assert "no published pilots" not in html


def test_an_empty_list_still_says_it_is_empty(client):
    html = text_of(client.get("/projects?page=999"))
    assert "Er zijn geen gepubliceerde pilots die bij deze filters passen." in html
    assert "bestaat niet" not in html


def test_a_page_inside_the_list_shows_no_notice(client, make_project):
    for _ in range(3):
        make_project()
    html = text_of(client.get("/projects?page=2"))
    assert "bestaat niet" not in html


def test_the_catalogue_past_its_last_page(client, make_entry):
    for _ in range(3):
        make_entry()
    response = client.get("/catalogue?page=999")
    assert_past_the_end(response, 2, "/catalogue", "Geen standaarden gevonden")


def test_search_results_past_the_last_page(client, make_project):
    for n in range(3):
        make_project(title=f"Parkeren slim geregeld {n}")
    response = client.get("/search?q=parkeren&page=99")
    assert_past_the_end(response, 2, "/search", "Geen pilots gevonden", asked=99)


def test_notifications_past_the_last_page(client, make_user, login, make_nomination):
    user = login(make_user())
    nomination = make_nomination()
    for _ in range(3):
        db.session.add(
            Notification(
                user=user,
                kind="nomination_rejected",
                subject_type="nomination",
                subject_id=nomination.id,
                params={"project_title": "Een pilot", "project_slug": nomination.project.slug},
            )
        )
    response = client.get("/notifications?page=999")
    assert_past_the_end(response, 2, "/notifications", "U heeft nog geen meldingen.")


@pytest.mark.parametrize(
    ("path", "empty_message"),
    [("/admin/users", "Geen gebruikers gevonden."), ("/admin/organisations", "Geen organisaties")],
)
def test_admin_lists_past_their_last_page(client, make_user, login, path, empty_message):
    login(make_user(org="vng", role=Role.ADMIN))
    for code in ("GM0363", "GM0599", "GM0518"):
        make_user(org=code)
    response = client.get(f"{path}?page=999")
    assert_past_the_end(response, 2, path, empty_message)


def test_pending_accounts_past_the_last_page(client, make_user, login):
    login(make_user(org="vng", role=Role.ADMIN))
    for _ in range(3):
        make_user(org=None)
    response = client.get("/admin?page=999")
    assert_past_the_end(response, 2, "/admin", "Er wachten geen accounts.")
