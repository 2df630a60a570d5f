"""Page numbers from the address bar: any value shows a page of the list, never a 500.

Before one rule for every list, `page=9223372036854775807` overflowed the
OFFSET on PostgreSQL (and SQLite could not bind 30 digits).
"""

from __future__ import annotations

import re

import pytest

from registry.models.vocab import Role

HOSTILE_PAGES = ["9223372036854775807", "9" * 30, "-1", "0", "abc", "2.5", "1e9", "", "٣"]

PUBLIC_LISTS = ["/projects", "/catalogue", "/search", "/organisations", "/organisations/GM0344"]
SIGNED_IN_LISTS = ["/notifications"]
CURATOR_LISTS = ["/curation"]
ADMIN_LISTS = ["/admin", "/admin/users", "/admin/organisations"]


@pytest.fixture
def some_of_everything(make_project, make_entry):
    for n in range(3):
        make_project(owner="GM0344", title=f"Pilot {n}")
    make_entry()


@pytest.mark.parametrize(
    ("path", "role"),
    [(p, None) for p in PUBLIC_LISTS]
    + [(p, Role.MEMBER) for p in SIGNED_IN_LISTS]
    + [(p, Role.CURATOR) for p in CURATOR_LISTS]
    + [(p, Role.ADMIN) for p in ADMIN_LISTS],
)
def test_any_page_number_on_any_list_answers_without_an_error(
    client, login, make_user, some_of_everything, path, role
):
    if role is not None:
        login(make_user(org="GM0344", role=role))
    answers = {
        page: client.get(path, query_string={"page": page}).status_code for page in HOSTILE_PAGES
    }
    assert answers == dict.fromkeys(HOSTILE_PAGES, 200)


@pytest.fixture
def small_pages(app):
    app.config["PAGE_SIZE"] = 2


def test_a_page_past_the_end_shows_the_last_page(client, make_project, small_pages):
    for n in range(5):
        make_project(title=f"Pilot nummer {n:02d}")
    last = client.get("/projects?page=9223372036854775807").get_data(as_text=True)
    first = client.get("/projects?page=abc").get_data(as_text=True)
    assert len(set(re.findall(r"Pilot nummer \d\d", last))) == 1  # page 3 of 3: the fifth
    assert len(set(re.findall(r"Pilot nummer \d\d", first))) == 2


def test_the_admin_lists_read_the_same_page_rule(client, login, make_user, small_pages):
    login(make_user(org="GM0344", role=Role.ADMIN, email="beheer@example.nl"))
    for n in range(3):
        make_user(org="GM0344", email=f"z{n}@example.nl")
    html = client.get("/admin/users?page=" + "9" * 30).get_data(as_text=True)
    assert "z2@example.nl" in html  # the last page, not an empty one


@pytest.mark.parametrize(
    ("path", "changes"),
    [
        ("/search?q=gemeente&theme=a&theme=b", {"theme": ["a", "c d"], "page": None}),
        ("/search?q=caf%C3%A9+%26+co&page=3", {"page": 4}),
        ("/search?q=x", {"q": None}),
        ("/projects?sort=title&page=2", {"page": None, "sort": None}),
        ("/organisations/GM0344?page=2&q=%2F%3F%23", {"page": 1, "theme": []}),
        ("/projects", {"organisation": "GM0344", "empty": ""}),
    ],
)
def test_page_links_are_the_addresses_url_for_builds(app, path, changes):
    """`page_url` builds the path once per request; what it gives must not change."""
    from flask import request, url_for

    from registry.web.templating import page_url

    with app.test_request_context(path):
        app.preprocess_request()
        args = request.args.to_dict(flat=False)
        for key, value in changes.items():
            if value is None:
                args.pop(key, None)
            else:
                args[key] = value
        expected = url_for(request.endpoint, **request.view_args, **args)
        assert page_url(**changes) == expected
        assert page_url(**changes) == expected  # and again, from the kept path
