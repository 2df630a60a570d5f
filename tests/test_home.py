"""The home page: one sentence, a search box, the newest pilots and standards; the site frame."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from registry.extensions import db
from registry.models import Notification, utcnow
from registry.services import home


def ids(html: str, id_: str) -> int:
    return len(re.findall(rf'id="{re.escape(id_)}"', html))


# --- The service ---------------------------------------------------------------------


def test_latest_pilots_are_the_newest_published_and_visible_ones(make_project):
    now = utcnow()
    old, new = make_project(title="Oud"), make_project(title="Nieuw")
    old.published_at, new.published_at = now - timedelta(days=30), now - timedelta(days=1)
    make_project(title="Concept", published=False)
    make_project(title="Verborgen", hidden_at=now, hidden_reason="Dubbel ingevoerd.")
    assert home.latest_pilots() == [new, old]


def test_latest_pilots_stop_at_the_limit(make_project):
    for _ in range(home.LATEST_PILOTS + 2):
        make_project()
    assert len(home.latest_pilots()) == home.LATEST_PILOTS


def test_latest_entries_are_active_standards_newest_first(make_entry):
    from datetime import date

    older = make_entry(name="Ouder", standard_since=date(2024, 1, 1))
    newer = make_entry(name="Nieuwer", standard_since=date(2025, 6, 1))
    make_entry(name="Ingetrokken", status="withdrawn", standard_since=date(2025, 7, 1))
    make_entry(name="Verouderd", status="deprecated", standard_since=date(2025, 8, 1))
    assert home.latest_entries() == [newer, older]


def test_figures_count_public_pilots_their_owners_and_active_standards(make_project, make_entry):
    make_project(owner="GM0344")
    make_project(owner="GM0344")
    make_project(owner="GM0363")
    make_project(owner="GM0599", published=False)
    make_entry(project=None, status="active")
    make_entry(project=None, status="withdrawn")
    assert home.figures() == home.Figures(pilots=3, organisations=2, standards=1)


# --- The page ------------------------------------------------------------------------


def test_home_explains_the_site_in_one_sentence_and_offers_a_search_box(client):
    html = client.get("/").get_data(as_text=True)
    assert "Gemeenten delen hier hun innovatiepilots" in html
    assert re.search(r'<form[^>]*action="/search"[^>]*role="search"', html)
    assert 'name="q"' in html
    # One search box on the home page, so its field id stays unique.
    assert ids(html, "site-search-q") == 1


def test_home_lists_the_newest_pilots_and_standards_with_links(client, make_project, make_entry):
    pilot = make_project(title="Slimme lantaarnpalen", slug="slimme-lantaarnpalen")
    entry = make_entry(project=None, name="Wmo-chatbot", slug="wmo-chatbot")
    db.session.commit()
    html = client.get("/").get_data(as_text=True)
    assert f'href="/projects/{pilot.slug}"' in html
    assert "Slimme lantaarnpalen" in html
    assert f'href="/catalogue/{entry.slug}"' in html
    assert "Wmo-chatbot" in html


def test_home_says_so_when_there_is_nothing_yet(client):
    html = client.get("/").get_data(as_text=True)
    assert "Er zijn nog geen pilots gepubliceerd." in html
    assert "De catalogus heeft nog geen standaarden." in html


def test_home_does_not_show_drafts(client, make_project):
    make_project(title="Geheim concept", published=False)
    db.session.commit()
    assert "Geheim concept" not in client.get("/").get_data(as_text=True)


def test_a_member_is_invited_to_register_a_pilot_and_a_visitor_is_not(client, make_user, login):
    assert 'href="/projects/new"' not in client.get("/").get_data(as_text=True)
    login(make_user(org="GM0344"))
    assert 'href="/projects/new"' in client.get("/").get_data(as_text=True)


def test_home_costs_the_same_number_of_queries_for_5_or_200_pilots(
    client, make_project, make_entry, count_queries
):
    def count() -> int:
        db.session.commit()
        client.get("/")  # first-request work is not what we count
        with count_queries() as counter:
            assert client.get("/").status_code == 200
        return counter.count

    for _ in range(5):
        make_project(themes=("economy", "social_domain"), partners=("GM0363",))
        make_entry(project=None)
    few = count()
    for _ in range(195):
        make_project(themes=("economy", "social_domain"), partners=("GM0363",))
    assert count() == few


# --- The frame of every page ---------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/projects", "/catalogue", "/does-not-exist"])
def test_every_page_links_the_statements_in_its_footer(client, path):
    html = client.get(path).get_data(as_text=True)
    footer = html[html.index('<footer class="site-footer"') :]
    assert 'href="/toegankelijkheid"' in footer
    assert 'href="/privacy"' in footer


def test_other_pages_carry_the_search_box_in_the_header(client):
    html = client.get("/projects").get_data(as_text=True)
    header = html[html.index("<header") : html.index("</header>")]
    assert 'action="/search"' in header
    assert ids(html, "site-search-q") == 1


def test_the_skip_link_leads_to_the_main_content(client):
    html = client.get("/projects").get_data(as_text=True)
    assert html.index('class="skip-link" href="#inhoud"') < html.index("<header")
    assert '<main id="inhoud"' in html


def test_the_menu_works_without_javascript(client):
    """The toggle is hidden until site.js shows it, so without scripts the menu is open."""
    html = client.get("/").get_data(as_text=True)
    assert re.search(r'<button[^>]*class="menu-toggle"[^>]*hidden', html)
    assert 'id="main-nav-content"' in html
    assert "is-folded" not in html


def test_signed_in_users_see_their_unread_notifications_in_the_menu(
    client, make_user, make_project, login
):
    user = make_user(org="GM0344")
    project = make_project(owner="GM0344")
    for _ in range(2):
        db.session.add(
            Notification(
                user=user,
                kind="nomination_in_review",
                subject_type="project",
                subject_id=project.id,
                params={"project_title": project.title, "project_slug": project.slug},
            )
        )
    login(user)
    html = client.get("/projects").get_data(as_text=True)
    assert re.search(r'href="/notifications"[^>]*>Meldingen <span class="count-badge">2', html)


def test_visitors_are_offered_sign_in_and_no_notifications(client):
    html = client.get("/projects").get_data(as_text=True)
    assert 'href="/notifications"' not in html
    assert "Inloggen" in html


def test_the_home_page_speaks_english_when_asked(client):
    html = client.get("/?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in html
