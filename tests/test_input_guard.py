"""Control characters in a path, a query string or a form field: a clear answer, never a 500.

PostgreSQL refuses a NUL byte in a statement, so before the guard these
probes produced a 500 there; both databases now answer the same way.
"""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from wtforms import Form

import registry.web
from registry.extensions import db
from registry.models import Project
from registry.web.input_guard import GuardedForm, GuardedSubform
from tests.test_projects_input import error_at
from tests.test_projects_support import edit_form, valid_form

PROBED_PATHS = [
    "/projects/pilot%00",
    "/projects/%00/edit",
    "/organisations/GM%000344",
    "/catalogue/%1b[31m",
    "/search?q=wmo%00",
    "/projects?theme=%00",
    "/projects?page=1%00",
    "/organisations?q=%07bel",
    "/catalogue?sort=adopters%7f",
    "/?lang=nl&x%00=1",
    "/bestaat%00niet",
]


@pytest.mark.parametrize("path", PROBED_PATHS)
def test_control_characters_in_path_or_query_get_a_400_in_dutch(client, path):
    response = client.get(path)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "onzichtbare stuurtekens" in html
    assert '<html lang="nl">' in html


def test_the_400_speaks_the_users_language(client):
    response = client.get("/projects?lang=en&theme=%00")
    assert response.status_code == 400
    assert "invisible control characters" in response.get_data(as_text=True)


def test_a_nul_in_a_post_address_is_refused_before_any_view(client, login, make_user):
    login(make_user())
    response = client.post("/projects/pilot%00/publish")
    assert response.status_code == 400


def count_projects() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(Project))


@pytest.mark.parametrize(
    ("field_id", "changes"),
    [
        ("title", {"title": "Chatbot\x00"}),
        ("title", {"title": "Chat\tbot"}),  # one line: no tab either
        ("summary", {"summary": "Een\x1bsamenvatting"}),
        ("problem", {"problem": "Lange\x00wachttijden"}),
        ("tags", {"tags": "wmo\x00, chatbot"}),
        ("contact_email", {"contact_email": "anna\x00@utrecht.nl"}),
        ("indicators-0-name", {"indicators-0-name": "Wacht\x00tijd"}),
        ("themes", {"themes": ["social_domain\x00"]}),
    ],
)
def test_a_control_character_in_a_form_field_is_a_form_error_and_nothing_is_saved(
    client, login, make_user, field_id, changes
):
    login(make_user(org="GM0344"))
    response = client.post("/projects/new", data=valid_form(**changes))
    assert response.status_code == 200
    assert "onzichtbare stuurtekens" in error_at(response, field_id)
    assert count_projects() == 0


def test_multi_line_text_keeps_its_tabs_and_line_breaks(client, login, make_user):
    login(make_user(org="GM0344"))
    problem = "Eerste regel\r\n\tingesprongen tweede regel"
    response = client.post("/projects/new", data=valid_form(problem=problem))
    assert response.status_code == 302
    assert db.session.scalar(select(Project.problem)).replace("\r\n", "\n") == problem.replace(
        "\r\n", "\n"
    )


def test_a_nul_in_an_edit_leaves_the_pilot_as_it_was(client, login, make_user, make_project):
    login(make_user(org="GM0344"))
    project = make_project(owner="GM0344", title="Zoals het was")
    response = client.post(
        f"/projects/{project.slug}/edit", data=edit_form(project, lessons="Begin\x00klein")
    )
    assert response.status_code == 200
    assert "onzichtbare stuurtekens" in error_at(response, "lessons")
    db.session.expire_all()
    assert db.session.get(Project, project.id).title == "Zoals het was"


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/login", {"email": "anna\x00@utrecht.nl", "password": "geheim"}),
        ("/login", {"email": "anna@utrecht.nl", "password": "geheim\x00"}),
        ("/register", {"name": "Anna\x00", "email": "a@b.nl", "password": "x" * 20}),
        ("/reset", {"email": "anna@utrecht.nl\x00"}),
    ],
)
def test_a_nul_in_the_account_forms_is_a_form_error(client, path, data):
    response = client.post(path, data=data)
    assert response.status_code == 200
    assert "onzichtbare stuurtekens" in response.get_data(as_text=True)


def _all_form_classes(base: type = FlaskForm) -> list[type]:
    for module in pkgutil.walk_packages(registry.web.__path__, "registry.web."):
        importlib.import_module(module.name)
    found, todo = [], [base]
    while todo:
        for subclass in todo.pop().__subclasses__():
            todo.append(subclass)
            if subclass.__module__.startswith("registry."):
                found.append(subclass)
    return found


def test_every_form_of_the_site_is_guarded():
    forms = _all_form_classes()
    assert len(forms) > 20
    unguarded = [
        f"{f.__module__}.{f.__qualname__}" for f in forms if not issubclass(f, GuardedForm)
    ]
    assert unguarded == []


def test_every_repeated_subform_is_guarded():
    subforms = [f for f in _all_form_classes(Form) if not issubclass(f, FlaskForm)]
    assert subforms
    assert [f.__qualname__ for f in subforms if not issubclass(f, GuardedSubform)] == []


def test_in_a_long_text_the_error_names_the_line(client, login, make_user):
    login(make_user(org="GM0344"))
    response = client.post(
        "/projects/new", data=valid_form(results="Eerste regel\nTweede regel\nDerde\x00regel")
    )
    assert "Regel 3 van dit veld bevat onzichtbare stuurtekens" in error_at(response, "results")
