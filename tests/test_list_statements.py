"""The list pages run a fixed number of statements, however many pilots the register holds."""

from __future__ import annotations

import pytest

from registry.extensions import db

# Statements of each page for an anonymous visitor, with the caches of public data
# warm (the first request fills them). The register's version is one of them.
BUDGETS = {
    # version, 6 newest pilots, their themes, 4 newest standards, their themes
    "/": 5,
    # version, a page of cards, their themes (filter choices and the count are kept)
    "/projects": 3,
    "/projects?sort=score": 3,
    "/projects?theme=social_domain&phase=running&organisation=GM0344&province=Utrecht": 3,
    # provinces, version (the directory is kept, rendered)
    "/organisations": 2,
    # the organisation with its domains (2), a page of its pilots with their themes
    # (2), the same for its partnerships (2), a page of its adoptions and their
    # count (2), the version (1); the counts of its public pilots and its council
    # sections are kept until the register changes
    "/organisations/GM0344": 9,
    # a page of standards, their themes, their count, their adopters, the version
    "/catalogue": 5,
}


def statements(client, count_queries, path: str) -> int:
    assert client.get(path).status_code == 200  # fills the caches of public data
    with count_queries() as counter:
        assert client.get(path).status_code == 200
    return counter.count


@pytest.fixture
def register(make_project, make_entry):
    def fill(pilots: int) -> None:
        for n in range(pilots):
            owner = "GM0344" if n % 2 else "GM0363"
            make_project(owner=owner, partners=("GM0599",) if n % 3 else ("GM0344",))
        make_entry()
        db.session.commit()

    return fill


@pytest.mark.parametrize("path", list(BUDGETS))
def test_a_list_page_runs_the_same_few_statements_for_a_small_and_a_larger_register(
    client, register, count_queries, path
):
    register(3)
    small = statements(client, count_queries, path)
    register(45)
    larger = statements(client, count_queries, path)
    assert small == larger
    assert larger <= BUDGETS[path]


@pytest.mark.parametrize("sort", ["newest", "score", "adopters", "title"])
def test_a_page_deep_in_a_list_shows_the_rows_an_offset_gives(
    app, client, register, sort, monkeypatch
):
    """Deep pages read their keys first (pagination.DEFER_FROM); the rows and their
    order are those of the plain OFFSET."""
    from registry.web import pagination

    register(30)
    app.config["PAGE_SIZE"] = 4
    pages = {}
    for deferred_from in (8, 10**6):
        monkeypatch.setattr(pagination, "DEFER_FROM", deferred_from)
        pages[deferred_from] = [
            client.get(f"/projects?sort={sort}&page={n}").get_data(as_text=True) for n in (3, 5, 8)
        ]
    assert pages[8] == pages[10**6]
    assert all('class="card"' in html for html in pages[8])
