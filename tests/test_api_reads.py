"""Reading the open API: the public web's data and visibility, conditional GETs, CORS, paging."""

from __future__ import annotations

import pytest

from registry.models import utcnow
from tests.api_support import bearer, token_for
from tests.conftest import sign_in_client

PROBLEM = "application/problem+json"


def _paths(client) -> list[str]:
    return list(client.get("/api/v1/openapi.json").get_json()["paths"])


def test_the_pilot_list_shows_public_pilots_with_the_web_filters(client, make_project):
    make_project(owner="GM0344", title="Slimme lantaarnpalen", themes=("economy",))
    make_project(owner="GM0363", title="Afvalroutes")
    response = client.get("/api/v1/projects?organisation=GM0344")
    body = response.get_json()
    assert response.status_code == 200
    assert [p["title"] for p in body["items"]] == ["Slimme lantaarnpalen"]
    item = body["items"][0]
    assert item["owner"] == {
        "code": "GM0344",
        "name": "Gemeente GM0344",
        "tooi_uri": "https://identifier.overheid.nl/tooi/id/gemeente/gm0344",
    }
    assert item["published_at"].endswith("+00:00")
    assert client.get("/api/v1/projects?theme=economy").get_json()["total"] == 1


def test_a_pilot_detail_has_everything_the_page_shows_but_contacts(
    client, make_project, make_user, make_rating, make_indicator
):
    project = make_project(
        owner="GM0344", partners=("GM0363",), contact_email="a@gemeente.nl", tags=("ai",)
    )
    make_indicator(project, "Wachttijd", unit="dagen", baseline=10.0, result=5.0)
    make_rating(project, make_user(org="GM0599"), scores=4)
    body = client.get(f"/api/v1/projects/{project.slug}").get_json()
    assert body["partners"][0]["code"] == "GM0363"
    assert body["indicators"][0] == {
        "name": "Wachttijd",
        "unit": "dagen",
        "baseline": 10.0,
        "target": None,
        "result": 5.0,
    }
    assert body["reusability"]["organisations"] == 1
    assert {c["organisations"] for c in body["reusability"]["criteria"]} == {1}
    assert body["tags"] == ["ai"]
    assert body["catalogue"] is None
    assert "a@gemeente.nl" not in str(body)


def test_no_endpoint_ever_serves_a_draft_or_a_hidden_pilot(
    client, make_project, make_user, make_org
):
    draft = make_project(owner="GM0344", title="Geheim concept", published=False, slug="concept")
    hidden = make_project(
        owner="GM0344",
        title="Verborgen pilot",
        slug="verborgen",
        hidden_at=utcnow(),
        hidden_reason="test",
        partners=("GM0363",),
    )
    make_project(owner="GM0344", title="Openbare pilot", slug="openbaar")
    member = make_user(org="GM0344")
    secret = token_for(member)
    sign_in_client(client, member)  # a session cookie changes nothing on the API
    for auth in ({}, bearer(secret)):
        for path in _paths(client):
            for slug in (draft.slug, hidden.slug):
                url = path.replace("{slug}", slug).replace("{code}", "GM0344")
                response = client.get(url + "?q=concept", headers=auth)
                text = response.get_data(as_text=True)
                assert "Geheim concept" not in text, url
                assert "Verborgen pilot" not in text, url
                if "{slug}" in path and not path.startswith("/api/v1/catalogue"):
                    assert response.status_code in (404, 405), url
    listed = client.get("/api/v1/organisations/GM0344").get_json()
    assert [p["slug"] for p in listed["pilots"]] == ["openbaar"]


def test_organisations_are_found_by_code_or_by_tooi_identifier(client, make_project):
    make_project(owner="GM0344")
    for code in ("GM0344", "gm0344", "https://identifier.overheid.nl/tooi/id/gemeente/gm0344"):
        response = client.get(f"/api/v1/organisations/{code}")
        assert response.status_code == 200, code
        assert response.get_json()["code"] == "GM0344"
    tooi = "https%3A%2F%2Fidentifier.overheid.nl%2Ftooi%2Fid%2Fgemeente%2Fgm0344"
    assert client.get(f"/api/v1/organisations/{tooi}").status_code == 200
    missing = client.get("/api/v1/organisations/GM9999")
    assert missing.status_code == 404
    assert missing.mimetype == PROBLEM


def test_lists_page_with_link_headers_and_a_hard_maximum(client, make_project):
    for _ in range(3):
        make_project()
    response = client.get("/api/v1/projects?per_page=2&sort=title")
    body = response.get_json()
    assert (body["total"], body["pages"], len(body["items"])) == (3, 2, 2)
    link = response.headers["Link"]
    assert 'rel="next"' in link
    assert "page=2" in link
    assert "sort=title" in link
    assert 'rel="prev"' not in link
    for query in ("per_page=1000000", "page=-1", "page=" + "9" * 30, "page=abc", "per_page=0"):
        refused = client.get(f"/api/v1/projects?{query}")
        assert refused.status_code == 422, query
        assert refused.mimetype == PROBLEM
        assert refused.get_json()["errors"]


def test_reads_carry_an_etag_and_answer_304_when_unchanged(client, make_project):
    project = make_project()
    first = client.get(f"/api/v1/projects/{project.slug}")
    etag = first.headers["ETag"]
    assert etag.startswith(f'"{project.version}-')
    again = client.get(f"/api/v1/projects/{project.slug}", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""
    listing = client.get("/api/v1/projects")
    assert (
        client.get("/api/v1/projects", headers={"If-None-Match": listing.headers["ETag"]})
    ).status_code == 304


def test_cors_opens_reads_and_not_writes(client):
    read = client.get("/api/v1/rubric", headers={"Origin": "https://gemeente.example"})
    assert read.headers["Access-Control-Allow-Origin"] == "*"
    preflight_read = client.options(
        "/api/v1/projects",
        headers={"Origin": "https://x.example", "Access-Control-Request-Method": "GET"},
    )
    assert preflight_read.headers["Access-Control-Allow-Methods"] == "GET, HEAD"
    preflight_write = client.options(
        "/api/v1/projects",
        headers={"Origin": "https://x.example", "Access-Control-Request-Method": "POST"},
    )
    assert "Access-Control-Allow-Origin" not in preflight_write.headers


@pytest.mark.parametrize(("language", "title"), [("en", "Not found"), ("", "Niet gevonden")])
def test_errors_are_problem_json_in_the_requested_language(client, language, title):
    response = client.get("/api/v1/projects/none", headers={"Accept-Language": language})
    assert response.status_code == 404
    assert response.mimetype == PROBLEM
    assert response.get_json()["title"] == title
    assert response.get_json()["status"] == 404


def test_unknown_paths_and_methods_are_problems_never_html(client):
    unknown = client.get("/api/v1/nothing-here")
    assert (unknown.status_code, unknown.mimetype) == (404, PROBLEM)
    wrong_method = client.delete("/api/v1/rubric")
    assert (wrong_method.status_code, wrong_method.mimetype) == (405, PROBLEM)
    assert "GET" in wrong_method.headers["Allow"]
    control = client.get("/api/v1/projects?organisation=a%00b")
    assert (control.status_code, control.mimetype) == (400, PROBLEM)


def test_a_dead_token_on_a_read_is_refused_with_401(client):
    response = client.get("/api/v1/projects", headers=bearer("ir_not-a-token"))
    assert response.status_code == 401
    assert response.mimetype == PROBLEM
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]


def test_catalogue_rubric_search_and_events_answer(client, make_entry, make_project, make_user):
    project = make_project(title="Zoekbare pilot over afval")
    entry = make_entry(project)
    assert client.get("/api/v1/catalogue").get_json()["items"][0]["slug"] == entry.slug
    detail = client.get(f"/api/v1/catalogue/{entry.slug}").get_json()
    assert detail["origin_project"]["slug"] == project.slug
    criteria = client.get("/api/v1/rubric", headers={"Accept-Language": "en"}).get_json()
    assert criteria["criteria"]
    found = client.get("/api/v1/search?q=afval").get_json()
    assert [hit["slug"] for hit in found["items"]] == [project.slug]
    assert "theme" in found["facets"]
    events = client.get(f"/api/v1/projects/{project.slug}/events").get_json()
    assert events["total"] >= 0


@pytest.mark.parametrize(("lang", "heading"), [("nl", "Alle adressen"), ("en", "All endpoints")])
def test_the_documentation_page_lists_every_operation_of_the_document(client, lang, heading):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"] == "3.1.0"
    html = client.get(f"/api?lang={lang}").get_data(as_text=True)
    assert heading in html
    for path, item in spec["paths"].items():
        for method in set(item) & {"get", "post", "put", "patch", "delete"}:
            assert f"{method.upper()} {path}" in html
    assert "cdn" not in html.lower()
    assert "swagger" not in html.lower()


def test_an_unexpected_error_is_a_problem_with_an_error_id(app, client, monkeypatch):
    from registry.services import rubric

    app.config["PROPAGATE_EXCEPTIONS"] = False  # as in production: the handler answers

    def broken():
        raise RuntimeError("kapot")

    monkeypatch.setattr(rubric, "active_criteria", broken)
    response = client.get("/api/v1/rubric?lang=en")
    assert (response.status_code, response.mimetype) == (500, PROBLEM)
    assert response.get_json()["error_id"]
    assert "kapot" not in response.get_data(as_text=True)
    assert "Set-Cookie" not in response.headers


def test_the_openapi_document_is_valid_openapi_3_1(client):
    from openapi_spec_validator import validate
    from openapi_spec_validator.validation.validators import OpenAPIV31SpecValidator

    response = client.get("/api/v1/openapi.json", headers={"Origin": "https://x.example"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert (
        client.get(
            "/api/v1/openapi.json", headers={"If-None-Match": response.headers["ETag"]}
        ).status_code
        == 304
    )
    spec = response.get_json()
    validate(spec, cls=OpenAPIV31SpecValidator)
    operations = [op for item in spec["paths"].values() for op in item.values() if "summary" in op]
    assert all(" / " in op["summary"] for op in operations)  # Dutch first, then English


def _statements(client, count_queries, path: str) -> int:
    client.get(path)  # the first request of a test also sets up the app's caches
    with count_queries() as counter:
        assert client.get(path).status_code == 200
    return len(counter.statements)


@pytest.mark.parametrize(
    "path", ["/api/v1/projects", "/api/v1/organisations/GM0344", "/api/v1/catalogue"]
)
def test_lists_issue_the_same_statements_however_long_they_are(
    client, make_project, make_entry, count_queries, path
):
    make_entry(make_project(owner="GM0344", partners=("GM0363",)))
    few = _statements(client, count_queries, path)
    for _ in range(6):
        make_entry(make_project(owner="GM0344", partners=("GM0363",)))
    assert _statements(client, count_queries, path) == few


def test_the_session_cookie_of_a_curator_without_second_factor_is_ignored(client, make_user):
    curator = make_user(role="curator")
    sign_in_client(client, curator, second_factor=False)
    assert client.get("/account").status_code == 302  # held at the second factor on the site
    response = client.get("/api/v1/projects")
    assert (response.status_code, response.mimetype) == (200, "application/json")
    assert "Set-Cookie" not in response.headers


def test_questions_are_read_as_the_page_shows_them_a_hidden_one_without_its_text(
    app, client, make_project, make_user
):
    from registry.extensions import db
    from registry.models.vocab import Role
    from registry.services import questions

    project = make_project(owner="GM0344", title="Slimme afvalbakken")
    owner = make_user(org="GM0344")
    asker = make_user(org="GM0363")
    curator = make_user(org="vng", role=Role.CURATOR)
    with app.test_request_context():
        kept = questions.ask(project, asker, "Wat kostte de sensor per bak?")
        helpful = questions.answer(kept, owner, "Veertig euro.")
        questions.mark_helpful(helpful, asker)
        hidden = questions.ask(project, asker, "Scheldwoorden")
        questions.answer(hidden, owner, "Niet nodig.")
        questions.hide_question(hidden, curator, "Beledigend")
        db.session.commit()
        kept_id, hidden_id = kept.id, hidden.id

    body = client.get(f"/api/v1/projects/{project.slug}/questions").get_json()
    assert body["total"] == 2
    by_id = {item["id"]: item for item in body["items"]}
    assert by_id[kept_id]["body"] == "Wat kostte de sensor per bak?"
    assert by_id[kept_id]["organisation"]["code"] == "GM0363"
    assert [(a["body"], a["helpful"]) for a in by_id[kept_id]["answers"]] == [
        ("Veertig euro.", True)
    ]
    assert by_id[hidden_id] | {"at": None, "organisation": None} == {
        "id": hidden_id,
        "at": None,
        "organisation": None,
        "body": None,
        "hidden": True,
        "hidden_by": "curator",
        "hidden_reason": "Beledigend",
        "answers": [],
    }
    assert "Scheldwoorden" not in str(body)
    assert "Niet nodig" not in str(body)
