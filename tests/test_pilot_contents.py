"""The pilot page's table of contents, and the order of its sections."""

from __future__ import annotations

import re

import pytest

from registry.extensions import db
from registry.models.vocab import Role


def contents_links(html: str) -> list[str]:
    nav = re.search(r'<nav class="page-contents".*?</nav>', html, re.DOTALL)
    assert nav is not None, "the page has no table of contents"
    return re.findall(r'href="#([^"]+)"', nav.group(0))


def heading_positions(html: str) -> dict[str, int]:
    return {m.group(1): m.start() for m in re.finditer(r'<h2 id="([^"]+)"', html)}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_contents_link_leads_to_a_heading_on_the_page_in_its_order(
    client, make_project, lang
):
    project = make_project(results="Wachttijd gehalveerd.", problem="Lange wachttijden.")
    db.session.commit()
    html = client.get(f"/projects/{project.slug}?lang={lang}").get_data(as_text=True)
    links = contents_links(html)
    headings = heading_positions(html)
    assert links, "the contents list no section"
    assert all(target in headings for target in links), set(links) - set(headings)
    positions = [headings[target] for target in links]
    assert positions == sorted(positions), "the contents are not in the page's order"
    # Every section heading of the article is listed (the contents' own heading aside).
    article = html[html.index('<article class="project">') :]
    listed = set(re.findall(r'<h2 id="([^"]+)"', article)) - {"contents-title"}
    assert listed == set(links)


def test_the_contents_are_named_for_assistive_technology_in_english(client, make_project):
    project = make_project()
    db.session.commit()
    html = client.get(f"/projects/{project.slug}?lang=en").get_data(as_text=True)
    assert '<nav class="page-contents" aria-labelledby="contents-title">' in html
    assert '<h2 id="contents-title" class="page-contents__title">On this page</h2>' in html


def test_summary_and_outcome_come_before_the_description_of_the_pilot(client, make_project):
    project = make_project(summary="Kort gezegd.", results="Wachttijd gehalveerd.")
    db.session.commit()
    html = client.get(f"/projects/{project.slug}").get_data(as_text=True)
    order = [
        html.index("Kort gezegd."),
        html.index('id="contents-title"'),
        html.index('id="results-title"'),
        html.index('id="indicators-title"'),
        html.index('id="facts-title"'),
        html.index('id="problem-title"'),
        html.index('id="herbruikbaarheid-title"'),
        html.index('id="timeline-title"'),
    ]
    assert order == sorted(order)


def test_a_curator_sees_the_hide_section_in_the_contents(client, login, make_user, make_project):
    project = make_project()
    login(make_user(org="vng", role=Role.CURATOR))
    html = client.get(f"/projects/{project.slug}").get_data(as_text=True)
    assert "hide-title" in contents_links(html)
