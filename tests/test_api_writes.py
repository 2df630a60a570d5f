"""Writing through the API with a token: the web's services and rules, scopes enforced."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from registry.extensions import db
from registry.models import Adoption, Nomination, Project, Rating
from registry.services import api_tokens, rubric
from tests.api_support import bearer, token_for
from tests.conftest import sign_in_client

PROBLEM = "application/problem+json"
NEW_PILOT = {"title": "Chatbot voor de balie", "summary": "Vragen over afval beantwoord."}


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def all_scores(value: int) -> dict[str, int]:
    return {c.code: value for c in rubric.active_criteria()}


def test_a_token_creates_a_draft_edits_it_with_if_match_and_publishes_it(client, make_user):
    secret = token_for(make_user(org="GM0344"))
    created = client.post(
        "/api/v1/projects",
        json={**NEW_PILOT, "themes": ["economy"], "indicators": [{"name": "Wachttijd"}]},
        headers=bearer(secret),
    )
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    assert body["published"] is False
    assert body["owner"]["code"] == "GM0344"
    slug = body["slug"]
    assert created.headers["Location"] == f"/api/v1/projects/{slug}"
    # A draft is not public, not even to its own token on a read.
    assert client.get(f"/api/v1/projects/{slug}", headers=bearer(secret)).status_code == 404
    etag = created.headers["ETag"]
    edited = client.patch(
        f"/api/v1/projects/{slug}",
        json={"phase": "running", "tags": ["chatbot"]},
        headers=bearer(secret, **{"If-Match": etag}),
    )
    assert edited.status_code == 200, edited.get_json()
    assert edited.get_json()["phase"] == "running"
    assert edited.get_json()["title"] == NEW_PILOT["title"]  # untouched fields stay
    stale = client.patch(
        f"/api/v1/projects/{slug}",
        json={"title": "Te laat"},
        headers=bearer(secret, **{"If-Match": etag}),
    )
    assert (stale.status_code, stale.mimetype) == (412, PROBLEM)
    for unusable in ('""', "*", 'W/"1-abc"', "nonsense"):
        refused = client.patch(
            f"/api/v1/projects/{slug}",
            json={"title": "Zonder versie"},
            headers=bearer(secret, **{"If-Match": unusable}),
        )
        assert (refused.status_code, refused.mimetype) == (412, PROBLEM), unusable
    no_precondition = client.patch(
        f"/api/v1/projects/{slug}", json={"title": "Zonder"}, headers=bearer(secret)
    )
    assert no_precondition.status_code == 428
    assert db.session.scalar(select(Project.title)) == NEW_PILOT["title"]
    published = client.post(f"/api/v1/projects/{slug}/publish", headers=bearer(secret))
    assert published.status_code == 200
    assert client.get(f"/api/v1/projects/{slug}").status_code == 200


def test_writes_refuse_without_a_token_and_with_a_session_cookie(client, make_user):
    user = make_user()
    sign_in_client(client, user)
    response = client.post("/api/v1/projects", json=NEW_PILOT)
    assert (response.status_code, response.mimetype) == (401, PROBLEM)
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert count(Project) == 0


def test_scopes_are_enforced(client, make_user, make_project):
    user = make_user(org="GM0599")
    project = make_project(owner="GM0344")
    reader = token_for(user, "read")
    refused = client.post("/api/v1/projects", json=NEW_PILOT, headers=bearer(reader))
    assert (refused.status_code, refused.mimetype) == (403, PROBLEM)
    rate = client.put(
        f"/api/v1/projects/{project.slug}/rating",
        json={"scores": all_scores(4)},
        headers=bearer(token_for(user, "projects:write")),
    )
    assert rate.status_code == 403
    assert count(Project) == 1
    assert count(Rating) == 0


@pytest.mark.parametrize("state", ["revoked", "expired", "disabled"])
def test_dead_tokens_write_nothing(client, make_user, state):
    user = make_user()
    new = api_tokens.create(user, "t", ["projects:write"], 30)
    if state == "revoked":
        api_tokens.revoke(user, new.token.id)
    elif state == "expired":
        from datetime import timedelta

        from registry.models import utcnow

        new.token.expires_at = utcnow() - timedelta(minutes=1)
    else:
        user.disabled = True
    db.session.commit()
    response = client.post("/api/v1/projects", json=NEW_PILOT, headers=bearer(new.secret))
    assert (response.status_code, response.mimetype) == (401, PROBLEM)
    assert count(Project) == 0


def test_another_organisations_token_cannot_edit_or_publish_our_pilot(
    client, make_user, make_project
):
    ours = make_project(owner="GM0344", published=False)
    public = make_project(owner="GM0344")
    theirs = token_for(make_user(org="GM0363"))
    draft_edit = client.patch(
        f"/api/v1/projects/{ours.slug}",
        json={"title": "Overgenomen"},
        headers=bearer(theirs, **{"If-Match": f'"{ours.version}-0"'}),
    )
    assert draft_edit.status_code == 404  # a draft of others is not even there
    public_edit = client.patch(
        f"/api/v1/projects/{public.slug}",
        json={"title": "Overgenomen"},
        headers=bearer(theirs, **{"If-Match": f'"{public.version}-0"'}),
    )
    assert (public_edit.status_code, public_edit.mimetype) == (403, PROBLEM)
    publish = client.post(f"/api/v1/projects/{ours.slug}/publish", headers=bearer(theirs))
    assert publish.status_code == 404
    assert db.session.get(Project, public.id).title != "Overgenomen"


def test_rating_adoption_and_nomination_use_the_reuse_rules(client, make_user, make_project):
    project = make_project(owner="GM0344")
    outsider = token_for(make_user(org="GM0363"))
    url = f"/api/v1/projects/{project.slug}"
    rated = client.put(
        f"{url}/rating", json={"scores": all_scores(4), "comment": "Goed"}, headers=bearer(outsider)
    )
    assert rated.status_code == 200, rated.get_json()
    assert set(rated.get_json()["scores"].values()) == {4}
    assert client.get(url).get_json()["rating_organisations"] == 1
    assert client.delete(f"{url}/rating", headers=bearer(outsider)).status_code == 204
    assert count(Rating) == 0
    again = client.delete(f"{url}/rating", headers=bearer(outsider))
    assert (again.status_code, again.mimetype) == (404, PROBLEM)
    adopted = client.put(
        f"{url}/adoption", json={"status": "in_use", "hours": 40}, headers=bearer(outsider)
    )
    assert adopted.status_code == 200, adopted.get_json()
    assert adopted.get_json()["hours"] == 40
    nominated = client.post(
        f"{url}/nominations", json={"motivation": "Werkt overal."}, headers=bearer(outsider)
    )
    assert nominated.status_code == 201, nominated.get_json()
    twice = client.post(
        f"{url}/nominations", json={"motivation": "Nog eens."}, headers=bearer(outsider)
    )
    assert (twice.status_code, twice.mimetype) == (409, PROBLEM)
    assert count(Nomination) == 1
    own = token_for(make_user(org="GM0344"))
    self_rating = client.put(f"{url}/rating", json={"scores": all_scores(5)}, headers=bearer(own))
    assert (self_rating.status_code, self_rating.mimetype) == (403, PROBLEM)
    assert count(Adoption) == 1


def test_a_domain_rule_is_a_422_at_its_field(client, make_user):
    secret = token_for(make_user())
    response = client.post(
        "/api/v1/projects",
        json={**NEW_PILOT, "themes": ["no-such-theme"]},
        headers=bearer(secret, **{"Accept-Language": "en"}),
    )
    assert (response.status_code, response.mimetype) == (422, PROBLEM)
    assert list(response.get_json()["errors"]) == ["themes"]
    assert count(Project) == 0


class TestWithCsrf:
    """CSRF is on for the site, off for the API: the API reads no cookie to protect."""

    @pytest.fixture
    def app_config(self, app_config):
        return {**app_config, "WTF_CSRF_ENABLED": True}

    def test_a_token_write_needs_no_csrf_token_and_a_site_form_still_does(self, client, make_user):
        user = make_user()
        secret = token_for(user)
        created = client.post("/api/v1/projects", json=NEW_PILOT, headers=bearer(secret))
        assert created.status_code == 201
        sign_in_client(client, user)
        form = client.post("/account/tokens", data={"name": "x", "scopes": ["read"]})
        assert form.status_code == 400
        assert count(Project) == 1


def test_a_refused_write_is_logged_with_the_tokens_user(client, make_user, make_project, caplog):
    import logging

    project = make_project(owner="GM0344")
    user = make_user(org="GM0363")
    secret = token_for(user)
    with caplog.at_level(logging.INFO, logger="registry.security"):
        response = client.post(f"/api/v1/projects/{project.slug}/publish", headers=bearer(secret))
    assert response.status_code == 403
    logged = [r.getMessage() for r in caplog.records if r.name == "registry.security"]
    assert any(f"for user {user.id}:" in line for line in logged), logged
