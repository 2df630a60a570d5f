"""'Who uses this also uses …' on pilot and catalogue pages, never below the minimum."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from registry.extensions import db
from registry.models import Organisation
from registry.services import also_adopted


@pytest.fixture
def pilots(make_project, make_user, make_adoption):
    """P used by four municipalities; Q by three of them, R by two (and one preparing)."""
    users = {code: make_user(org=code) for code in ("GM0014", "GM0034", "GM0518", "GM0599")}
    p = make_project(owner="GM0344", title="Pilot P")
    q = make_project(owner="GM0363", title="Pilot Q")
    r = make_project(owner="GM0363", title="Pilot R")
    draft = make_project(owner="GM0363", title="Concept", published=True)
    for code in users:
        make_adoption(p, users[code], "in_use")
    for code in ("GM0014", "GM0034", "GM0518"):
        make_adoption(q, users[code], "in_use")
        make_adoption(draft, users[code], "in_use")
    for code in ("GM0014", "GM0034"):
        make_adoption(r, users[code], "in_use")
    make_adoption(r, users["GM0599"], "preparing")
    draft.visibility = "draft"  # unpublished after it was adopted: never shown
    db.session.commit()
    return {"p": p, "q": q, "r": r}


def rows(project, minimum=3):
    return [
        (a.title, a.organisations) for a in also_adopted.for_project(project.id, minimum=minimum)
    ]


def test_pairs_are_counted_per_organisation_and_shown_from_the_minimum(pilots):
    assert rows(pilots["p"]) == [("Pilot Q", 3)]
    assert rows(pilots["p"], minimum=2) == [("Pilot Q", 3), ("Pilot R", 2)]
    assert rows(pilots["r"], minimum=2) == [("Pilot P", 2), ("Pilot Q", 2)]
    assert rows(pilots["r"]) == []  # only two use R: nothing is shown


def test_an_adoption_stops_counting_once_its_organisation_is_a_partner(pilots):
    q = pilots["q"]
    q.partners.append(db.session.scalar(select(Organisation).filter_by(code="GM0518")))
    db.session.commit()
    assert rows(pilots["p"]) == []
    assert rows(pilots["p"], minimum=2) == [("Pilot Q", 2), ("Pilot R", 2)]


def test_the_pilot_page_shows_the_pairs_with_their_counts(client, pilots):
    html = client.get(f"/projects/{pilots['p'].slug}").get_data(as_text=True)
    assert "Wie dit gebruikt, gebruikt ook" in html
    assert f'href="/projects/{pilots["q"].slug}">Pilot Q</a>' in html
    assert "3 organisaties" in html
    assert "Pilot R" not in html
    assert "Concept" not in html


def test_the_minimum_is_configurable(app, client, pilots):
    app.config["ALSO_ADOPTED_MIN_ORGANISATIONS"] = 5
    html = client.get(f"/projects/{pilots['p'].slug}").get_data(as_text=True)
    assert "Wie dit gebruikt, gebruikt ook" not in html
    app.config["ALSO_ADOPTED_MIN_ORGANISATIONS"] = 2
    html = client.get(f"/projects/{pilots['p'].slug}?lang=en").get_data(as_text=True)
    assert "Who uses this also uses" in html
    assert "Pilot R" in html


def test_the_catalogue_page_links_a_paired_standard_to_its_entry(client, pilots, make_entry):
    entry = make_entry(project=pilots["p"], name="Standaard P")
    q_entry = make_entry(project=pilots["q"], name="Standaard Q")
    db.session.commit()
    html = client.get(f"/catalogue/{entry.slug}").get_data(as_text=True)
    assert "Wie dit gebruikt, gebruikt ook" in html
    assert f'href="/catalogue/{q_entry.slug}">Standaard Q</a>' in html
    html = client.get(f"/projects/{pilots['r'].slug}").get_data(as_text=True)
    assert "Wie dit gebruikt, gebruikt ook" not in html
