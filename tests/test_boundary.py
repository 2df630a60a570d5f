"""The request boundary: domain errors become the same HTTP answer on every page.

A refusal is a 403 with a line on the security log, an unknown thing a 404,
a lost race a 409; nothing the request changed is stored, and the page is in
the user's language. The last tests read the source of `registry/web` so the
rule "catch a domain error only to do something with it" is checked.
"""

from __future__ import annotations

import ast
import logging
from pathlib import Path

import pytest

from registry import search
from registry.extensions import db
from registry.models import CatalogueEntry, Organisation, Project
from registry.models.vocab import Role, Visibility
from registry.services.errors import Conflict, NotAllowed, NotFound

WEB = Path(__file__).resolve().parent.parent / "registry" / "web"


def security_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "registry.security"]


# --- Over HTTP ------------------------------------------------------------------------


def test_a_refused_action_answers_403_and_is_written_to_the_security_log(
    client, login, make_user, make_project, caplog
):
    project = make_project(owner="GM0344", title="Van Amersfoort")
    outsider = login(make_user(org="GM0363"))
    with caplog.at_level(logging.INFO, logger="registry.security"):
        response = client.post(f"/projects/{project.slug}/unpublish")
    assert response.status_code == 403
    html = response.get_data(as_text=True)
    assert "<h1>Geen toegang</h1>" in html
    [line] = security_lines(caplog)
    assert "projects.unpublish" in line
    assert f"/projects/{project.slug}/unpublish" in line
    assert f"user {outsider.id}" in line
    db.session.expire_all()
    assert db.session.get(Project, project.id).visibility == Visibility.PUBLISHED


def test_a_refused_page_is_explained_in_english_for_english_readers(
    client, login, make_user, make_project
):
    project = make_project(owner="GM0344")
    login(make_user(org="GM0363"))
    response = client.get(f"/projects/{project.slug}/edit?lang=en")
    assert response.status_code == 403
    html = response.get_data(as_text=True)
    assert "<h1>No access</h1>" in html
    assert 'lang="en"' in html


@pytest.mark.parametrize(
    "path",
    [
        "/projects/no-such-pilot",
        "/projects/no-such-pilot/edit",
        "/projects/no-such-pilot/attachments/1",
        "/projects/no-such-pilot/nominate",
        "/catalogue/no-such-standard",
        "/catalogue/no-such-standard/edit",
        "/organisations/GM9999",
        "/nominations/999999/withdraw",
        "/admin/rubric/no-such-criterion",
        "/curation/999999",
    ],
)
def test_an_unknown_thing_is_a_styled_404_through_the_boundary(
    client, login, make_user, path, caplog
):
    # An admin who is also a curator may open every page, so only "unknown" is left.
    login(make_user(org="vng", role=Role.ADMIN))
    method = client.post if path.endswith("/withdraw") else client.get
    with caplog.at_level(logging.INFO, logger="registry.security"):
        response = method(path)
    assert response.status_code == 404
    assert "<h1>Pagina niet gevonden</h1>" in response.get_data(as_text=True)
    assert security_lines(caplog) == []


def test_an_unknown_attachment_of_a_known_pilot_is_a_404(client, login, make_user, make_project):
    project = make_project(owner="GM0344")
    login(make_user(org="GM0344"))
    assert client.get(f"/projects/{project.slug}/attachments/999999").status_code == 404
    response = client.post(f"/projects/{project.slug}/attachments/999999/delete")
    assert response.status_code == 404


def test_a_pilot_edit_that_lost_a_race_is_409_with_the_form_still_filled_in(
    client, login, make_user, make_project
):
    from tests.test_projects_support import edit_form

    project = make_project(owner="GM0344", title="Origineel")
    login(make_user(org="GM0344"))
    stale = project.version
    project.title = "Tussendoor"
    db.session.flush()  # the version column moves with every write
    assert project.version != stale
    response = client.post(
        f"/projects/{project.slug}/edit",
        data=edit_form(project, title="Mijn versie", version=str(stale)),
    )
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Iemand anders heeft deze pilot intussen gewijzigd" in html
    assert 'value="Mijn versie"' in html
    db.session.expire_all()
    assert db.session.get(Project, project.id).title == "Tussendoor"


def test_a_catalogue_edit_that_lost_a_race_is_409(client, login, make_entry, make_user):
    entry = make_entry(name="Origineel")
    login(make_user(org="vng", role=Role.CURATOR))
    stale = entry.revision
    entry.name = "Tussendoor"
    db.session.flush()
    assert entry.revision != stale
    response = client.post(
        f"/catalogue/{entry.slug}/edit",
        data={
            "name": "Mijn versie",
            "maintainer": entry.maintainer.code,
            "version": "1.0",
            "standard_since": "2025-01-01",
            "revision": stale,
        },
    )
    assert response.status_code == 409
    assert 'value="Mijn versie"' in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(CatalogueEntry, entry.id).name == "Tussendoor"


# --- What a view changed before the error is never stored -----------------------------

ERRORS = [
    (NotAllowed("Nee."), 403, "No access"),
    (NotFound(), 404, "Page not found"),
    (Conflict("Te laat."), 409, "Someone else got there first"),
]


@pytest.mark.parametrize(("error", "status", "title"), ERRORS)
def test_a_domain_error_after_changes_stores_none_of_them(
    app, client, make_project, error, status, title
):
    """The view saves once (so the search sync runs after the response), then changes
    more and fails: the later change must not ride along with that sync."""
    project = make_project(title="Opgeslagen")
    db.session.commit()
    search.service(app).rebuild()  # an index to sync to, so the sync really commits
    # Read now: touching the test's own (expired) object inside the request would open
    # a second transaction on the test's session, which a real request never has.
    project_id = project.id

    def half_done():
        stored = db.session.get(Project, project_id)
        stored.title = "Eerste stap"
        db.session.commit()
        stored.title = "Nooit opgeslagen"
        db.session.add(Organisation(code="GM8888", name="Nooit aangemaakt", kind="municipality"))
        db.session.flush()
        raise error

    app.add_url_rule("/test/half-done", "half_done", half_done, methods=["POST"])
    response = client.post("/test/half-done?lang=en")
    assert response.status_code == status
    assert f"<h1>{title}</h1>" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Project, project_id).title == "Eerste stap"
    assert db.session.query(Organisation).filter_by(code="GM8888").count() == 0


# --- The rule, read from the source ---------------------------------------------------

DOMAIN_ERRORS_THE_BOUNDARY_ANSWERS = {"NotAllowed", "NotFound"}
BOUNDARY_FUNCTIONS = {"viewer", "viewer_id", "visible_or_404", "show_error_at_field"}


def _caught_names(handler: ast.ExceptHandler) -> set[str]:
    caught = handler.type
    nodes = caught.elts if isinstance(caught, ast.Tuple) else [caught]
    return {n.id if isinstance(n, ast.Name) else getattr(n, "attr", "") for n in nodes if n}


def _only_aborts(body: list[ast.stmt]) -> bool:
    def is_abort(stmt: ast.stmt) -> bool:
        if not (isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call)):
            return False
        func = stmt.value.func
        return (isinstance(func, ast.Name) and func.id == "abort") or (
            isinstance(func, ast.Attribute) and func.attr == "abort"
        )

    return all(is_abort(stmt) for stmt in body)


def handlers_that_only_abort(source: str) -> list[int]:
    """Lines of `except NotAllowed/NotFound` blocks whose whole job is to call abort()."""
    return [
        node.lineno
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.ExceptHandler)
        and node.type is not None
        and _caught_names(node) & DOMAIN_ERRORS_THE_BOUNDARY_ANSWERS
        and _only_aborts(node.body)
    ]


def web_modules() -> list[Path]:
    modules = sorted(WEB.rglob("*.py"))
    assert len(modules) > 20  # the walk really found the web layer
    return modules


def test_the_check_recognises_a_handler_that_only_aborts():
    source = """
try:
    x()
except NotFound:
    abort(404)
except (Invalid, NotAllowed) as err:
    flask.abort(403, err.reason)
except Conflict:
    abort(409)
try:
    y()
except NotAllowed as err:
    show_error_at_field(form, err)
"""
    assert handlers_that_only_abort(source) == [4, 6]


def test_no_web_module_catches_not_allowed_or_not_found_just_to_abort():
    offenders = [
        f"{path.relative_to(WEB.parent.parent)}:{line}"
        for path in web_modules()
        for line in handlers_that_only_abort(path.read_text(encoding="utf-8"))
    ]
    assert offenders == [], "let the boundary answer these: " + ", ".join(offenders)


def test_the_boundary_functions_are_defined_only_in_the_boundary():
    copies = [
        f"{path.relative_to(WEB.parent.parent)}:{node.lineno} {node.name}"
        for path in web_modules()
        if path.name != "boundary.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.FunctionDef) and node.name in BOUNDARY_FUNCTIONS
    ]
    assert copies == [], "import these from registry.web.boundary: " + ", ".join(copies)
