"""The "in the catalogue" facet follows promotions into the catalogue and withdrawals."""

from __future__ import annotations

import pytest

from registry import search
from registry.extensions import db
from registry.search.interface import SearchQuery
from tests.conftest import base_test_config

SEARCH_BACKENDS = ["whoosh"]


@pytest.fixture(params=SEARCH_BACKENDS)
def search_backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def app_config(tmp_path, database_url, search_backend) -> dict:
    return {
        **base_test_config(tmp_path),
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SEARCH_BACKEND": search_backend,
    }


def find(text: str = "", **options):
    db.session.commit()
    return search.search(SearchQuery(text=text, **options))


def test_promoted_pilots_are_in_the_catalogue_until_withdrawn(make_project, make_entry, client):
    promoted = make_project(title="Afvalscheiding aan huis")
    make_project(title="Afvalscheiding op school")
    entry = make_entry(project=promoted)

    results = find("afvalscheiding")
    assert {v.value: v.count for v in results.facets["catalogue"]} == {"yes": 1, "no": 1}
    chosen = find("afvalscheiding", filters={"catalogue": ("yes",)})
    assert [hit.slug for hit in chosen.hits] == [promoted.slug]
    html = client.get("/search?q=afvalscheiding").get_data(as_text=True)
    assert "In de catalogus" in html

    entry.status = "withdrawn"
    db.session.flush()
    assert find("afvalscheiding", filters={"catalogue": ("yes",)}).total == 0
