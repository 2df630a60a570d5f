"""The public list of pilots: only published, unhidden ones; filters; pages; bounded queries."""

from __future__ import annotations

from datetime import timedelta

import pytest

from registry.extensions import db
from registry.models import utcnow
from registry.models.vocab import Role


def titles(response) -> list[str]:
    html = response.get_data(as_text=True)
    main = html[html.index('id="results-title"') :]
    main = main.split('id="drafts-title"')[0]
    return [part.split("</a>")[0].split(">")[-1] for part in main.split('<h3><a href="')[1:]]


def test_the_list_shows_published_pilots_only(client, make_project):
    make_project(title="Openbaar")
    make_project(title="Concept", published=False)
    hidden = make_project(title="Verborgen")
    hidden.hidden_at = utcnow()
    hidden.hidden_reason = "Reclame"
    assert titles(client.get("/projects")) == ["Openbaar"]


def test_hidden_pilots_stay_out_of_the_list_even_for_their_owners_and_curators(
    client, login, make_user, make_project
):
    hidden = make_project(owner="GM0344", title="Verborgen")
    hidden.hidden_at = utcnow()
    login(make_user(org="GM0344"))
    assert "Verborgen" not in titles(client.get("/projects"))
    login(make_user(org="vng", role=Role.CURATOR))
    assert "Verborgen" not in titles(client.get("/projects"))


def test_members_find_their_own_drafts_below_the_list(client, login, make_user, make_project):
    make_project(owner="GM0344", title="Ons concept", published=False)
    make_project(owner="GM0363", title="Hun concept", published=False)
    login(make_user(org="GM0344"))
    html = client.get("/projects").get_data(as_text=True)
    assert "Ons concept" in html
    assert "Hun concept" not in html
    assert "Ons concept" not in titles(client.get("/projects"))


def test_newest_first_by_default_and_by_title_on_request(client, make_project):
    now = utcnow()
    for title, days_ago in (("Bravo", 2), ("Alfa", 1), ("Charlie", 0)):
        make_project(title=title).published_at = now - timedelta(days=days_ago)
    assert titles(client.get("/projects")) == ["Charlie", "Alfa", "Bravo"]
    assert titles(client.get("/projects?sort=title")) == ["Alfa", "Bravo", "Charlie"]


def test_filters_by_theme_phase_organisation_and_province(client, make_org, make_project):
    make_org("GM0344", name="Utrecht", province="Utrecht")
    make_org("GM0363", name="Amsterdam", province="Noord-Holland")
    make_org("GM0599", name="Rotterdam", province="Zuid-Holland")
    make_project(owner="GM0344", title="Zorg Utrecht", themes=("social_domain",), phase="running")
    make_project(owner="GM0363", title="Energie Amsterdam", themes=("energy_climate",),
                 phase="completed", partners=("GM0599",))  # fmt: skip
    make_project(owner="GM0599", title="Zorg Rotterdam", themes=("social_domain",), phase="idea")

    assert sorted(titles(client.get("/projects?theme=social_domain"))) == [
        "Zorg Rotterdam",
        "Zorg Utrecht",
    ]
    assert titles(client.get("/projects?phase=completed")) == ["Energie Amsterdam"]
    assert titles(client.get("/projects?province=Utrecht")) == ["Zorg Utrecht"]
    # An organisation's pilots include those it is a partner in.
    assert sorted(titles(client.get("/projects?organisation=GM0599"))) == [
        "Energie Amsterdam",
        "Zorg Rotterdam",
    ]
    assert titles(client.get("/projects?theme=social_domain&phase=idea")) == ["Zorg Rotterdam"]


def test_the_filter_form_works_without_javascript_and_keeps_the_choice(client, make_project):
    make_project(themes=("economy",))
    html = client.get("/projects?theme=economy").get_data(as_text=True)
    assert '<aside class="filters"' in html
    assert 'method="get"' in html
    assert '<label class="field__label" for="theme">Thema</label>' in html
    assert '<option selected value="economy">Economie</option>' in html
    assert '<button type="submit"' in html


@pytest.mark.parametrize(
    "query",
    [
        "theme=astrologie",
        "phase=%3Cscript%3E",
        "organisation=GM9999",
        "province=Atlantis",
        "sort=random",
        "page=abc",
        "page=-3",
        "page=999",
        "theme=economy&theme=education",
    ],
)
def test_unknown_filter_values_are_never_an_error(client, make_project, query):
    make_project(title="Iets")
    response = client.get(f"/projects?{query}")
    assert response.status_code == 200
    assert "<script>" not in response.get_data(as_text=True).split("<main")[1]


def test_pages_keep_the_filters(client, app, make_project):
    app.config["PAGE_SIZE"] = 2
    for n in range(5):
        make_project(title=f"Economie {n}", themes=("economy",))
    make_project(title="Onderwijs", themes=("education",))
    first = client.get("/projects?theme=economy")
    assert len(titles(first)) == 2
    html = first.get_data(as_text=True)
    assert 'href="/projects?theme=economy&amp;page=2"' in html
    third = client.get("/projects?theme=economy&page=3")
    assert len(titles(third)) == 1
    assert "Onderwijs" not in titles(third)


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "member"])
def test_the_list_issues_the_same_number_of_statements_for_5_and_200_pilots(
    client, login, make_user, make_org, make_project, count_queries, signed_in
):
    if signed_in:
        login(make_user(org="GM0344"))
    orgs = [make_org(f"GM0{n:03d}", province=f"Provincie {n % 12}") for n in range(1, 21)]

    def add(n: int) -> None:
        for i in range(n):
            make_project(owner=orgs[i % 20], partners=(orgs[(i + 1) % 20].code,),
                         themes=("economy", "education"), tags=("a", "b"))  # fmt: skip
            if signed_in and i % 10 == 0:
                make_project(owner="GM0344", published=False)
        db.session.commit()

    def statements(query: str = "") -> int:
        client.get(f"/projects{query}")  # warm caches that are not per request
        with count_queries() as counter:
            assert client.get(f"/projects{query}").status_code == 200
        return counter.count

    add(5)
    few = statements(), statements("?theme=economy&province=Provincie+1")
    add(195)
    many = statements(), statements("?theme=economy&province=Provincie+1")
    assert few == many
    # user, unread notifications, count, page, 4 eager loads, 1 spare; narrowed to one
    # theme, a member also sees whether they follow it
    assert max(many) <= 10
