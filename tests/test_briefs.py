"""The council brief of a pilot and of a standard: one printable page with the figures."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from registry.extensions import db

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def reused_pilot(make_project, make_user, make_org, make_rating, make_adoption):
    """Three outside municipalities rate it 4 and use it; their costs are 1000, 3000 and 8000."""
    project = make_project(
        owner="GM0119",
        partners=("GM0193",),
        title="Slimme afvalbakken",
        summary="Sensoren melden wanneer een bak vol is.",
        results="Een derde minder ritten.",
        licence="EUPL-1.2",
    )
    for code, cost, hours in (("GM0344", 1000, 10), ("GM0363", 3000, None), ("GM0599", 8000, 30)):
        user = make_user(org=code)
        make_rating(project, user, 4)
        make_adoption(project, user, "in_use", cost_euros=cost, hours=hours)
    make_adoption(project, make_user(org="GM0014"), "preparing")
    # A rating by an organisation that became a partner since no longer counts.
    make_rating(project, make_user(org="GM0518"), 1)
    project.partners.append(make_org("GM0518"))
    db.session.commit()
    return project


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_pilot_brief_says_what_it_is_who_uses_it_what_it_costs_and_its_score(
    client, reused_pilot, make_nomination, lang
):
    make_nomination(
        project=reused_pilot,
        state="returned",
        rationale="Beschrijf het beheer nog.",
        decided_at=datetime(2025, 3, 1, tzinfo=UTC),
    )
    db.session.commit()
    response = client.get(f"/projects/{reused_pilot.slug}/brief?lang={lang}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f'<html lang="{lang}">' in html
    assert "Slimme afvalbakken" in html
    assert "Sensoren melden wanneer een bak vol is." in html
    assert "Een derde minder ritten." in html
    assert "EUPL-1.2" in html
    for town in ("Gemeente GM0344", "Gemeente GM0363", "Gemeente GM0599", "Gemeente GM0014"):
        assert town in html
    # Median cost of 1000, 3000, 8000 is 3000; hours 10 and 30 give 20.
    assert "€ 3.000 (3 meldingen)" in html or "€3,000 (3 reports)" in html
    assert "20 uur (2 meldingen)" in html or "20 hours (2 reports)" in html
    # Three voices of 4 with the prior of 2 x 3.0: (12 + 6) / 5 = 3.6; the partner's 1 is left out.
    assert "3,6" in html or "3.6" in html
    assert "Beschrijf het beheer nog." in html
    assert "data-print hidden" in html
    heading = "Wie gebruikt het?" if lang == "nl" else "Who uses it?"
    assert heading in html


def test_the_print_button_is_offered_by_the_script_and_the_brief_has_print_styles():
    script = (ROOT / "static" / "js" / "site.js").read_text(encoding="utf-8")
    assert "[data-print]" in script
    assert "window.print()" in script
    assert ".brief" in (ROOT / "static" / "css" / "print.css").read_text(encoding="utf-8")


def test_a_drafts_brief_is_only_for_its_own_people(client, login, make_project, make_user):
    draft = make_project(owner="GM0119", published=False, title="Geheim plan")
    db.session.commit()
    assert client.get(f"/projects/{draft.slug}/brief").status_code == 404
    login(make_user(org="GM0344"))
    assert client.get(f"/projects/{draft.slug}/brief").status_code == 404
    login(make_user(org="GM0119"))
    response = client.get(f"/projects/{draft.slug}/brief")
    assert response.status_code == 200
    assert '<meta name="robots" content="noindex">' in response.get_data(as_text=True)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_standard_brief_carries_the_rationale_and_the_origins_figures(
    client, reused_pilot, make_nomination, make_entry, lang
):
    nomination = make_nomination(
        project=reused_pilot,
        state="accepted",
        rationale="Bewezen in drie gemeenten.",
        decided_at=datetime(2025, 4, 1, tzinfo=UTC),
    )
    entry = make_entry(project=reused_pilot, name="Slimme afvalinzameling", nomination=nomination)
    db.session.commit()
    html = client.get(f"/catalogue/{entry.slug}/brief?lang={lang}").get_data(as_text=True)
    assert "Slimme afvalinzameling" in html
    assert "Bewezen in drie gemeenten." in html
    assert "Gemeente GM0599" in html
    assert "3,6" in html or "3.6" in html
    page = client.get(f"/catalogue/{entry.slug}?lang={lang}").get_data(as_text=True)
    assert f'href="/catalogue/{entry.slug}/brief"' in page
    pilot_page = client.get(f"/projects/{reused_pilot.slug}/brief").get_data(as_text=True)
    assert f'href="/catalogue/{entry.slug}"' in pilot_page


def test_an_unknown_standard_has_no_brief(client):
    assert client.get("/catalogue/bestaat-niet/brief").status_code == 404


def test_the_brief_reads_a_fixed_number_of_statements(
    client, make_project, make_user, make_rating, make_adoption, count_queries
):
    def statements(raters: int) -> int:
        project = make_project(owner="GM0119")
        for _ in range(raters):
            user = make_user(org=f"GM{next(counter):04d}")
            make_rating(project, user, 4)
            make_adoption(project, user, "in_use", hours=5)
        db.session.commit()
        client.get(f"/projects/{project.slug}/brief")
        with count_queries() as counter_:
            assert client.get(f"/projects/{project.slug}/brief").status_code == 200
        return counter_.count

    counter = iter(range(1000, 2000))
    assert statements(1) == statements(6)
