"""The reuse sections of the pilot and organisation pages, and the charts behind them."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from registry.extensions import db
from registry.services import adoptions, ratings
from registry.web import charts

CODES = (
    "transferability",
    "documentation",
    "open_standards",
    "proven_results",
    "maintenance",
    "privacy_security",
    "adoption_effort",
)


def all_scores(value):
    return dict.fromkeys(CODES, value)


@pytest.fixture
def rated_pilot(make_project, make_user):
    """Two raters in Amsterdam (5 and 1: one voice of 3), Rotterdam all 4s and in use."""
    project = make_project(owner="GM0344", title="Wmo-chatbot")
    amsterdam_a = make_user(org="GM0363", name="Anna Jansen")
    amsterdam_b = make_user(org="GM0363", name="Bram de Boer")
    rotterdam = make_user(org="GM0599", name="Rosa Visser")
    ratings.submit(project, amsterdam_a, all_scores(5), "Goed gedocumenteerd")
    ratings.submit(project, amsterdam_b, all_scores(1), "Past niet bij ons zaaksysteem")
    ratings.submit(project, rotterdam, all_scores(4), "Draait hier sinds maart")
    adoptions.declare(
        project, rotterdam, adoptions.AdoptionData("in_use", hours=200, cost_euros=10000)
    )
    adoptions.declare(project, make_user(org="GM0014"), adoptions.AdoptionData("preparing"))
    db.session.commit()
    return project, amsterdam_a


def section(html: str, section_id: str) -> str:
    match = re.search(rf'<section[^>]*id="{section_id}".*?</section>', html, re.S)
    assert match, f"no section {section_id}"
    return match.group(0)


def test_the_pilot_page_shows_score_count_disagreement_and_the_formula(client, rated_pilot):
    project, _ = rated_pilot
    html = client.get(f"/projects/{project.slug}").get_data(as_text=True)
    score = section(html, "herbruikbaarheid")
    # Per criterion: (3 + 4 + 6) / 4 = 3.25 on every criterion.
    assert '<span class="score-summary__value">3,3</span>' in score
    assert "op basis van 2 organisaties" in score
    assert "verschil van mening: 0,50" in score  # population sd of 3 and 4
    assert "1 organisatie heeft de pilot in gebruik" in score
    assert "(3 + 4 + 2 × 3,0) ÷ (2 + 2) = 3,25" in score
    assert "gaven gemiddeld 3 en 4" in score


def test_the_charts_are_inline_svg_with_a_title_a_description_and_no_inline_style(
    client, rated_pilot
):
    project, _ = rated_pilot
    html = client.get(f"/projects/{project.slug}").get_data(as_text=True)
    score = section(html, "herbruikbaarheid")
    assert score.count('<svg class="chart"') == 2
    assert 'role="img"' in score
    assert "<title id=" in score
    assert "<desc id=" in score
    assert "style=" not in score
    # 3.25 of 5 on a 300-unit track is 195 units wide.
    assert 'class="chart__bar" x="260" y="9" width="195"' in score
    # The text alternatives: the criterion table and the history table.
    assert '<th scope="row">Documentatie</th>' in score
    assert "Verloop als tabel" in score


def test_the_ratings_list_marks_own_rating_and_verified_adopters(client, login, rated_pilot):
    project, anna = rated_pilot
    login(anna)
    html = client.get(f"/projects/{project.slug}").get_data(as_text=True)
    listing = section(html, "beoordelingen")
    cards = re.findall(
        r'<li class="card.*?</li>\s*(?=<li class="card|</ul>\s*</section>)', listing, re.S
    )
    assert len(cards) == 3
    anna_card = next(c for c in cards if "Anna Jansen" in c)
    assert "card--own" in anna_card
    assert "Uw beoordeling" in anna_card
    assert f'href="/projects/{project.slug}/rate"' in anna_card
    rosa_card = next(c for c in cards if "Rosa Visser" in c)
    assert "Heeft de pilot in gebruik" in rosa_card
    assert "Heeft de pilot in gebruik" not in anna_card
    assert "Past niet bij ons zaaksysteem" in listing
    assert "Uw beoordeling bijwerken" in html


def test_who_reuses_it_is_grouped_by_status_with_the_median_effort(client, rated_pilot):
    project, _ = rated_pilot
    html = client.get(f"/projects/{project.slug}").get_data(as_text=True)
    reuse = section(html, "hergebruik")
    assert reuse.index("In gebruik") < reuse.index("In voorbereiding")
    assert "Gemeente GM0599" in reuse
    assert "Gemeente GM0014" in reuse
    assert "200 uur (1 melding)" in reuse
    assert "€ 10.000 (1 melding)" in reuse


def test_links_to_rate_and_adopt_appear_only_when_permitted(client, login, make_project, make_user):
    project = make_project(owner="GM0344")
    html = client.get(f"/projects/{project.slug}").get_data(as_text=True)
    assert "Log in om deze pilot te beoordelen" in html
    assert f'href="/projects/{project.slug}/adopt"' not in html

    login(make_user(org="GM0344"))
    html = client.get(f"/projects/{project.slug}").get_data(as_text=True)
    assert "eigenaar van deze pilot en beoordeelt hem niet zelf" in html
    assert f'href="/projects/{project.slug}/rate"' not in html

    login(make_user(org="GM0363"))
    html = client.get(f"/projects/{project.slug}").get_data(as_text=True)
    assert f'href="/projects/{project.slug}/rate"' in html
    assert f'href="/projects/{project.slug}/adopt"' in html
    assert "Nog geen enkele organisatie heeft deze pilot beoordeeld" in html


def test_the_page_speaks_english_with_the_rubric_in_english(client, rated_pilot):
    project, _ = rated_pilot
    html = client.get(f"/projects/{project.slug}?lang=en").get_data(as_text=True)
    assert "Open standards and licence" in html


def make_ratings(make_project, make_user, n: int):
    project = make_project(owner="GM0344")
    for i in range(n):
        user = make_user(org=f"GM6{i:03d}")
        ratings.submit(project, user, all_scores(1 + i % 5), f"Toelichting {i}")
        if i % 3 == 0:
            adoptions.declare(project, user, adoptions.AdoptionData("in_use", hours=10 * i))
    db.session.commit()
    return project


def test_the_pilot_page_runs_as_many_queries_for_30_ratings_as_for_3(
    client, count_queries, make_project, make_user
):
    few = make_ratings(make_project, make_user, 3)
    many = make_ratings(make_project, make_user, 30)
    for pilot in (few, many):  # warm up the caches outside the count
        client.get(f"/projects/{pilot.slug}")
    with count_queries() as small:
        assert client.get(f"/projects/{few.slug}").status_code == 200
    with count_queries() as large:
        assert client.get(f"/projects/{many.slug}").status_code == 200
    assert large.count == small.count


def test_the_organisation_page_lists_what_it_reuses(client, make_project, make_user):
    user = make_user(org="GM0363")
    in_use = make_project(owner="GM0344", title="Digitale parkeervergunning")
    interested = make_project(owner="GM0599", title="Algoritmeregister")
    adoptions.declare(in_use, user, adoptions.AdoptionData("in_use"))
    adoptions.declare(interested, user, adoptions.AdoptionData("interested"))
    db.session.commit()
    html = client.get("/organisations/GM0363").get_data(as_text=True)
    reuse = section(html, "hergebruikt")
    assert reuse.index("In gebruik") < reuse.index("Digitale parkeervergunning")
    assert reuse.index("Geïnteresseerd") < reuse.index("Algoritmeregister")
    assert f'href="/projects/{in_use.slug}"' in reuse


def test_the_organisation_section_runs_a_fixed_number_of_queries(
    client, count_queries, make_project, make_user
):
    few, many = make_user(org="GM0363"), make_user(org="GM0599")
    for i in range(20):
        project = make_project(owner="GM0344")
        if i < 2:
            adoptions.declare(project, few, adoptions.AdoptionData("in_use"))
        adoptions.declare(project, many, adoptions.AdoptionData("preparing"))
    db.session.commit()
    for code in ("GM0363", "GM0599"):  # fills what is kept until the register changes
        client.get(f"/organisations/{code}")
    with count_queries() as small:
        client.get("/organisations/GM0363")
    with count_queries() as large:
        client.get("/organisations/GM0599")
    assert large.count == small.count


# --- The chart functions ----------------------------------------------------------------------


def test_a_bar_chart_escapes_its_text_and_scales_its_bars():
    svg = charts.bar_chart(
        [charts.Bar("<script>", 5.0, "5,0"), charts.Bar("Leeg", None, "")],
        chart_id="c",
        title="Titel & meer",
        description="Uitleg",
    )
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    assert "Titel &amp; meer" in svg
    assert 'width="300"' in svg  # a 5 fills the track
    assert svg.count('class="chart__bar"') == 1  # no bar for a criterion without scores


def test_a_line_chart_places_points_in_time_on_a_1_to_5_scale():
    points = [
        charts.Point(datetime(2025, 1, 1, tzinfo=UTC), 1.0, "1"),
        charts.Point(datetime(2025, 1, 11, tzinfo=UTC), 5.0, "5"),
        charts.Point(datetime(2025, 1, 21, tzinfo=UTC), 3.0, "3"),
    ]
    svg = charts.line_chart(points, chart_id="h", title="t", description="d")
    assert 'points="40,170 332.5,10 625,90"' in svg
    assert charts.line_chart([], chart_id="h", title="t", description="d") is None
