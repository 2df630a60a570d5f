"""Bad input and abuse on the API: each a problem+json 4xx with a message, nothing stored."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from registry.extensions import db
from registry.models import Project, Rating
from registry.services import rubric
from tests.api_support import bearer, token_for

PROBLEM = "application/problem+json"
PILOT = {"title": "Pilot", "summary": "Kort."}


def _refused(response, status: int | tuple[int, ...]) -> dict:
    statuses = status if isinstance(status, tuple) else (status,)
    assert response.status_code in statuses, response.get_data(as_text=True)
    assert response.mimetype == PROBLEM
    body = response.get_json()
    assert body["detail"]
    return body


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ("{", 400),
        ('{"title": "a", "title": "b", "summary": "c"}', 400),
        ('{"title": "a", "summary": "b", "budget_euros": NaN}', 400),
        ('{"title": "a", "summary": "b", "budget_euros": 1e309}', 400),
        ('{"title": "a", "summary": "b", "budget_euros": "5"}', 422),
        ('{"title": "a", "summary": "b", "budget_euros": true}', 422),
        ('{"title": "a", "summary": "b", "budget_euros": 1.5}', 422),
        ('{"title": true, "summary": "b"}', 422),
        ('{"title": "a", "summary": "b", "owner": "GM0363"}', 422),
        ('{"title": "a", "summary": "b", "budget_euros": -1}', 422),
        ('{"title": "a\\u0000b", "summary": "b"}', 422),
        ("[1, 2]", 422),
        ("true", 422),
        ("", 400),
        ("[" * 50 + "]" * 50, 400),
        ("[" * 100_000 + "]" * 100_000, 400),
        ('{"title": "a", "summary": "b", "indicators": [{"name": "x", "result": "5"}]}', 422),
    ],
)
def test_malformed_and_mistyped_json_is_refused(client, make_user, body, status):
    secret = token_for(make_user())
    response = client.post(
        "/api/v1/projects",
        data=body,
        headers=bearer(secret, **{"Content-Type": "application/json"}),
    )
    _refused(response, status)
    assert db.session.scalar(select(func.count()).select_from(Project)) == 0


@pytest.mark.parametrize(
    "content_type",
    ["application/x-www-form-urlencoded", "text/plain", "multipart/form-data; boundary=x", None],
)
def test_a_body_that_is_not_json_is_415(client, make_user, content_type):
    secret = token_for(make_user())
    headers = bearer(secret)
    if content_type:
        headers["Content-Type"] = content_type
    response = client.post("/api/v1/projects", data="title=a&summary=b", headers=headers)
    _refused(response, 415)
    assert db.session.scalar(select(func.count()).select_from(Project)) == 0


def test_a_20_mb_body_is_413(client, make_user):
    secret = token_for(make_user())
    body = json.dumps({**PILOT, "problem": "x" * (20 * 1024 * 1024)})
    response = client.post(
        "/api/v1/projects",
        data=body,
        headers=bearer(secret, **{"Content-Type": "application/json"}),
    )
    _refused(response, 413)
    assert db.session.scalar(select(func.count()).select_from(Project)) == 0


@pytest.mark.parametrize("value", ["5", True, 5.0, 6, 0, [5]])
def test_a_rating_score_of_the_wrong_type_or_range_is_refused(
    client, make_user, make_project, value
):
    project = make_project(owner="GM0344")
    secret = token_for(make_user(org="GM0363"))
    code = rubric.active_criteria()[0].code
    response = client.put(
        f"/api/v1/projects/{project.slug}/rating",
        json={"scores": {code: value}},
        headers=bearer(secret),
    )
    body = _refused(response, 422)
    assert body["errors"]
    assert db.session.scalar(select(func.count()).select_from(Rating)) == 0


def test_messages_follow_accept_language(client, make_user):
    secret = token_for(make_user())
    headers = {"Content-Type": "application/json"}
    dutch = client.post("/api/v1/projects", data='{"title": 1}', headers=bearer(secret, **headers))
    english = client.post(
        "/api/v1/projects",
        data='{"title": 1}',
        headers=bearer(secret, **headers, **{"Accept-Language": "en-GB,en;q=0.8"}),
    )
    assert dutch.get_json()["errors"]["summary"] == ["Dit veld is verplicht."]
    assert english.get_json()["errors"]["summary"] == ["This field is required."]
    assert english.headers["Content-Language"] == "en"


@pytest.mark.parametrize(
    "authorization", ["Bearer", "Bearer ir_wrong", "Basic dXNlcjpwdw==", "ir_no_scheme"]
)
def test_a_wrong_authorization_header_is_401(client, authorization):
    response = client.post("/api/v1/projects", json=PILOT, headers={"Authorization": authorization})
    _refused(response, 401)


class TestRateLimit:
    @pytest.fixture
    def app_config(self, app_config):
        return {**app_config, "RATELIMIT_ENABLED": True, "API_RATE_LIMIT": "3 per minute"}

    def test_requests_are_limited_per_token(self, client, make_user):
        first = token_for(make_user())
        second = token_for(make_user())
        statuses = [
            client.get("/api/v1/rubric", headers=bearer(first)).status_code for _ in range(4)
        ]
        assert statuses == [200, 200, 200, 429]
        limited = client.get("/api/v1/rubric", headers=bearer(first))
        _refused(limited, 429)
        assert client.get("/api/v1/rubric", headers=bearer(second)).status_code == 200
