"""The pilot list sorts by stored score and adopters, and filters on a minimum score."""

from __future__ import annotations

import re


def titles(response) -> list[str]:
    html = response.get_data(as_text=True)
    return re.findall(r'<h3><a href="/projects/[^"]+">([^<]+)</a></h3>', html)


def make_three(make_project):
    make_project(title="Middel", score=3.4, rating_org_count=3, adopter_count=5)
    make_project(title="Hoog", score=4.1, rating_org_count=4, adopter_count=1)
    make_project(title="Onbeoordeeld", adopter_count=0)


def test_sort_by_score_puts_the_highest_first_and_unrated_last(client, make_project):
    make_three(make_project)
    assert titles(client.get("/projects?sort=score")) == ["Hoog", "Middel", "Onbeoordeeld"]


def test_sort_by_adopters_puts_the_most_reused_first(client, make_project):
    make_three(make_project)
    assert titles(client.get("/projects?sort=adopters")) == ["Middel", "Hoog", "Onbeoordeeld"]


def test_minimum_score_leaves_out_lower_and_unrated_pilots(client, make_project):
    make_three(make_project)
    assert titles(client.get("/projects?min_score=3.5")) == ["Hoog"]


def test_an_unknown_minimum_score_or_sort_is_ignored(client, make_project):
    make_three(make_project)
    response = client.get("/projects?min_score=abc&sort=%3Cscript%3E")
    assert response.status_code == 200
    assert sorted(titles(response)) == ["Hoog", "Middel", "Onbeoordeeld"]


def test_cards_show_the_score_and_the_number_of_organisations_behind_it(client, make_project):
    make_three(make_project)
    html = client.get("/projects").get_data(as_text=True)
    assert "Score 4,1 (4 organisaties)" in html
    assert "5 organisaties gebruiken dit" in html
