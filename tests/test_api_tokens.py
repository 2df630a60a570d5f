"""Personal API tokens: shown once, stored hashed, listed, revoked, refused when dead."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from registry.extensions import db
from registry.models import ApiToken, Event, utcnow
from registry.services import api_tokens
from registry.services.errors import Invalid


def test_a_token_is_stored_only_as_its_hash_and_authenticates_its_user(make_user):
    user = make_user()
    new = api_tokens.create(user, "Website gemeente", ["read", "projects:write"], 30)
    stored = db.session.scalar(select(ApiToken))
    assert new.secret.startswith("ir_")
    assert new.secret not in (stored.token_hash, stored.name, stored.scopes)
    assert stored.token_hash == api_tokens.hash_secret(new.secret)
    token, wrote = api_tokens.authenticate(new.secret)
    assert token is not None
    assert token.user is user
    assert wrote
    assert token.has_scope("projects:write")
    assert not token.has_scope("reuse:write")
    assert token.last_used_at is not None
    assert api_tokens.authenticate(new.secret)[1] is False  # noted at most once a minute


@pytest.mark.parametrize(
    ("name", "scopes", "days", "field"),
    [
        ("", ["read"], None, "name"),
        ("x" * 101, ["read"], None, "name"),
        ("Script", [], None, "scopes"),
        ("Script", ["admin"], None, "scopes"),
        ("Script", ["read"], 0, "expires_days"),
        ("Script", ["read"], 10_000, "expires_days"),
    ],
)
def test_bad_token_requests_are_refused_and_nothing_is_stored(make_user, name, scopes, days, field):
    user = make_user()
    with pytest.raises(Invalid) as refused:
        api_tokens.create(user, name, scopes, days)
    assert refused.value.field == field
    assert db.session.scalar(select(ApiToken)) is None


def test_revoked_expired_wrong_and_disabled_tokens_authenticate_nobody(make_user):
    user, other = make_user(), make_user()
    revoked = api_tokens.create(user, "oud", ["read"])
    expired = api_tokens.create(user, "verlopen", ["read"], 1)
    disabled = api_tokens.create(other, "van een geblokkeerd account", ["read"])
    assert api_tokens.revoke(user, revoked.token.id)
    assert not api_tokens.revoke(other, expired.token.id)  # not theirs
    expired.token.expires_at = utcnow() - timedelta(seconds=1)
    other.disabled = True
    db.session.flush()
    for secret in (revoked.secret, expired.secret, disabled.secret, "ir_wrong", "", "x" * 500):
        assert api_tokens.authenticate(secret) == (None, False)
    assert api_tokens.active(user) == []
    verbs = set(db.session.scalars(select(Event.verb)))
    assert {"api_token_created", "api_token_revoked"} <= verbs


def test_housekeeping_deletes_tokens_dead_for_more_than_ninety_days(make_user):
    from registry import housekeeping

    user = make_user()
    live = api_tokens.create(user, "in gebruik", ["read"])
    lately = api_tokens.create(user, "net ingetrokken", ["read"])
    long_revoked = api_tokens.create(user, "lang geleden ingetrokken", ["read"])
    long_expired = api_tokens.create(user, "lang geleden verlopen", ["read"], 1)
    now = utcnow()
    lately.token.revoked_at = now - timedelta(days=89)
    long_revoked.token.revoked_at = now - timedelta(days=91)
    long_expired.token.expires_at = now - timedelta(days=91)
    db.session.commit()

    [outcome] = housekeeping.run(now, only=[housekeeping.API_TOKENS])

    assert outcome.cleared == 2
    assert set(db.session.scalars(select(ApiToken.name))) == {
        live.token.name,
        lately.token.name,
    }


def test_the_account_page_makes_a_token_shows_it_once_lists_and_revokes_it(
    client, make_user, login
):
    user = login(make_user())
    response = client.post(
        "/account/tokens",
        data={"name": "Mijn script", "scopes": ["read", "reuse:write"], "lifetime": "30"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    token = db.session.scalar(select(ApiToken).filter_by(user_id=user.id))
    secret = html.split('<code class="token-secret">')[1].split("</code>")[0]
    assert api_tokens.hash_secret(secret) == token.token_hash
    listed = client.get("/account").get_data(as_text=True)
    assert "Mijn script" in listed
    assert "read, reuse:write" in listed
    assert secret not in listed
    client.post(f"/account/tokens/{token.id}/revoke")
    assert api_tokens.authenticate(secret) == (None, False)
    assert "Mijn script" not in client.get("/account").get_data(as_text=True)


def test_a_bad_token_form_shows_the_error_at_the_field(client, make_user, login):
    login(make_user())
    response = client.post("/account/tokens", data={"name": "", "lifetime": "30"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="name-error"' in html
    assert 'id="scopes-error"' in html
    assert db.session.scalar(select(ApiToken)) is None


def test_someone_elses_token_cannot_be_revoked_from_the_account_page(client, make_user, login):
    owner = make_user()
    new = api_tokens.create(owner, "van een ander", ["read"])
    login(make_user())
    client.post(f"/account/tokens/{new.token.id}/revoke")
    assert api_tokens.authenticate(new.secret)[0] is not None


def test_the_command_prints_a_working_token_once(runner, make_user):
    user = make_user(email="script@example.nl")
    result = runner.invoke(
        args=[
            "create-token",
            "script@example.nl",
            "--name",
            "CI",
            "--scope",
            "projects:write",
            "--scope",
            "reuse:write",
            "--expires-days",
            "7",
        ]
    )
    assert result.exit_code == 0, result.output
    secret = result.output.strip()
    token, _ = api_tokens.authenticate(secret)
    assert token is not None
    assert token.user_id == user.id
    assert token.scope_list == ["projects:write", "reuse:write"]
    refused = runner.invoke(
        args=["create-token", "nobody@example.nl", "--name", "x", "--scope", "read"]
    )
    assert refused.exit_code != 0
