"""List pages put their filters behind a disclosure, so a phone shows the results first."""

from __future__ import annotations

import re

import pytest


def panel(html: str) -> str:
    found = re.search(r'<details class="filter-panel">(.*?)</details>', html, re.S)
    assert found, "no filter disclosure"
    return found.group(1)


def summary_text(html: str) -> str:
    found = re.search(r"<summary[^>]*>(.*?)</summary>", panel(html), re.S)
    assert found
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", found.group(1))).strip()


@pytest.mark.parametrize(
    ("path", "inside"),
    [("/search?q=pilot", 'id="facets-title"'), ("/projects", 'id="filters-title"')],
)
def test_the_filters_sit_in_a_closed_disclosure(client, make_project, path, inside):
    make_project(title="Een pilot over parkeren")
    html = client.get(path).get_data(as_text=True)
    assert inside in panel(html)
    assert summary_text(html) == "Filters"
    # The results follow directly: nothing else stands between the summary and them.
    assert html.index("</details>") < html.index('id="results-title"')


def test_the_summary_counts_the_filters_in_use(client, make_project):
    make_project(title="Een pilot over parkeren", phase="running")
    html = client.get("/projects?phase=running&theme=social_domain").get_data(as_text=True)
    assert summary_text(html) == "Filters (2 gekozen)"
    html = client.get("/projects?phase=running&lang=en").get_data(as_text=True)
    assert summary_text(html) == "Filters (1 chosen)"


def test_search_counts_its_chosen_facets(client, make_project):
    make_project(title="Een pilot over parkeren", phase="running")
    html = client.get("/search?q=parkeren&phase=running").get_data(as_text=True)
    assert summary_text(html) == "Filters (1 gekozen)"
