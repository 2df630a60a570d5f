"""The list pages run a fixed number of statements, however many pilots the register holds."""

from __future__ import annotations

import pytest

from registry.extensions import db

# Statements of each page for an anonymous visitor, with the caches of public data
# warm (the first request fills them). The register's version is one of them.
BUDGETS = {
    # version, 6 newest pilots, 4 newest standards (each with its themes in its row)
    "/": 3,
    # version, a page of cards with their themes (filter choices and the count are kept)
    "/projects": 2,
    "/projects?sort=score": 2,
    "/projects?theme=social_domain&phase=running&organisation=GM0344&province=Utrecht": 2,
    # provinces, version (the directory is kept, rendered)
    "/organisations": 2,
    # the organisation (1), a page of its pilots (1), of its partnerships (1), a page
    # of its adoptions (1), the version (1); the counts of its public pilots and
    # adoptions and its council sections are kept until the register changes
    "/organisations/GM0344": 5,
    # a page of standards, their adopters, the version (their count is kept)
    "/catalogue": 3,
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


def test_a_list_read_by_its_keys_first_gives_the_rows_of_the_plain_query(app, register, make_entry):
    """Lists whose rows compute their themes read the page's keys first, so only the
    page's rows compute them (`keys_first`); the rows and their order stay the same,
    also through a statement built once with the window as parameters."""
    from registry.models import Organisation
    from registry.services import catalogue, organisations
    from registry.services.keys_first import rows_by_keys, windowed_by_keys

    register(30)
    for n in range(8):
        make_entry(name=f"Standaard {n % 3}")
    db.session.commit()
    partner = db.session.scalar(db.select(Organisation).where(Organisation.code == "GM0599"))
    for query in (
        organisations.partnered_query(partner, None),
        catalogue.listing_query(catalogue.Filters(sort="name")),
    ):
        plain = [row.id for row in db.session.scalars(query.limit(4).offset(3))]
        db.session.expunge_all()
        assert len(plain) == 4
        assert [row.id for row in rows_by_keys(query, 4, 3)] == plain
        window = {"page_limit": 4, "page_offset": 3}
        assert [row.id for row in db.session.scalars(windowed_by_keys(query), window)] == plain


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"sort": "score"},
        {"theme": "social_domain", "sort": "title"},
        {"phase": "running", "min_score": 3.5, "sort": "adopters"},
        {"organisation": "GM0599", "province": "Utrecht"},
        {"organisation": "GM0344", "theme": "energy_climate"},
    ],
)
def test_a_list_built_once_gives_the_rows_of_the_list_built_for_its_filters(
    app, register, make_rating, make_user, filters
):
    """The pilot list's statement is built once per combination of filters and order,
    with their values as parameters: the same rows, in the same order."""
    from registry.models import Project
    from registry.services import projects

    register(24)
    for n, project in enumerate(db.session.scalars(db.select(Project).order_by(Project.id))):
        if n % 4 == 0:
            make_rating(project, make_user(org="GM0014"), 3 + n % 3)
    db.session.commit()
    chosen = projects.Filters(**filters)
    statement, parameters = projects.card_window(chosen)
    found = []
    for offset in (0, 5):
        built = projects.card_query(chosen).limit(5).offset(offset)
        expected = [row.id for row in db.session.scalars(built)]
        window = {**parameters, "page_limit": 5, "page_offset": offset}
        assert [row.id for row in db.session.scalars(statement, window)] == expected
        found += expected
    assert found or "theme" in filters  # every other case lists pilots


@pytest.mark.parametrize("sort", ["newest", "score", "adopters", "title"])
def test_every_order_of_the_pilot_list_is_read_from_an_index(app, register, sort):
    """No sort of all public pilots for a page, on either database: an index gives the
    list's order. (PostgreSQL places NULL last in an ascending index, so the lists'
    "score DESC NULLS LAST" needs indexes of its own there.)"""
    from sqlalchemy import select

    from registry.models import Project
    from registry.services import projects

    register(12)
    keys = projects.SORTS[sort](select(Project.id).where(Project.is_public)).limit(5).offset(5)
    with db.engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            # However few rows the test has: sort only if no index gives the order.
            connection.exec_driver_sql("SET enable_sort = off")
            plan = "\n".join(row[0] for row in connection.execute(explain(keys, "EXPLAIN")))
            assert "Sort" not in plan, plan
        else:
            rows = connection.execute(explain(keys, "EXPLAIN QUERY PLAN"))
            plan = "\n".join(row[-1] for row in rows)
            assert "TEMP B-TREE" not in plan, plan


def explain(query, prefix: str):
    from sqlalchemy import text

    compiled = query.compile(db.engine, compile_kwargs={"literal_binds": True})
    return text(f"{prefix} {compiled}")
