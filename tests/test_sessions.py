"""Server-side sessions: a copied cookie is worthless once the session has ended."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from registry.extensions import db
from registry.models import UserSession, utcnow
from registry.models.vocab import Role
from registry.services import accounts, user_sessions
from tests.conftest import PASSWORD

FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"


def sign_in(client, email, password=PASSWORD):
    return client.post(
        "/login", data={"email": email, "password": password}, headers={"User-Agent": FIREFOX}
    )


def session_cookie(client) -> str:
    return client.get_cookie("session").value


def replay(app, cookie: str):
    """A fresh browser that presents a copied cookie."""
    thief = app.test_client()
    thief.set_cookie("session", cookie)
    return thief


def is_signed_in(client) -> bool:
    return client.get("/notifications").status_code == 200


def live_sessions(user) -> list[UserSession]:
    return list(db.session.scalars(select(UserSession).filter_by(user_id=user.id, ended_at=None)))


def age_sessions(user, **delta) -> None:
    earlier = timedelta(**delta)
    for record in live_sessions(user):
        db.session.execute(
            update(UserSession)
            .where(UserSession.id == record.id)
            .values(
                created_at=record.created_at - earlier, last_seen_at=record.last_seen_at - earlier
            )
        )
    db.session.commit()


def test_a_cookie_copied_before_logout_is_anonymous_afterwards(app, client, make_user):
    make_user(email="anna@utrecht.nl")
    sign_in(client, "anna@utrecht.nl")
    copied = session_cookie(client)
    assert is_signed_in(replay(app, copied))

    client.post("/logout")

    assert not is_signed_in(client)
    assert not is_signed_in(replay(app, copied))


def test_the_cookie_names_a_session_not_the_user(app, client, make_user):
    user = make_user(email="anna@utrecht.nl")
    sign_in(client, "anna@utrecht.nl")
    with client.session_transaction() as session:
        key = session["_user_id"]
    assert key != user.get_id()
    record = db.session.scalar(select(UserSession).filter_by(user_id=user.id))
    assert record.key_hash == user_sessions.hash_key(key) != key
    assert record.user_agent == "Firefox, Windows"
    forged = app.test_client()
    with forged.session_transaction() as session:
        session["_user_id"] = user.get_id()
    assert not is_signed_in(forged)


def test_a_password_reset_ends_every_session(app, client, make_user):
    user = make_user(email="anna@utrecht.nl")
    sign_in(client, "anna@utrecht.nl")
    copied = session_cookie(client)
    accounts.reset_password(accounts.reset_token(user), "een-heel-nieuw-wachtwoord")
    db.session.commit()
    assert not is_signed_in(replay(app, copied))
    assert not is_signed_in(client)


def test_a_role_change_ends_the_sessions_of_that_account(app, client, make_user):
    admin = make_user(org="vng", role=Role.ADMIN)
    member = make_user(email="anna@utrecht.nl")
    sign_in(client, "anna@utrecht.nl")
    accounts.change_role(admin, member, Role.CURATOR)
    db.session.commit()
    assert not is_signed_in(client)


@pytest.mark.parametrize(
    ("role", "idle_minutes", "alive"),
    [
        (Role.MEMBER, 29, True),
        (Role.MEMBER, 7 * 60, True),
        (Role.MEMBER, 8 * 60 + 2, False),
        (Role.CURATOR, 29, True),
        (Role.CURATOR, 32, False),
    ],
)
def test_idle_sessions_end_sooner_for_staff(client, make_user, login, role, idle_minutes, alive):
    user = login(make_user(role=role))
    age_sessions(user, minutes=idle_minutes)
    assert is_signed_in(client) is alive
    if not alive:
        assert db.session.scalar(select(UserSession.end_reason)) == "idle"


def test_a_session_ends_twelve_hours_after_sign_in_however_busy(app, client, make_user, login):
    user = login(make_user())
    age_sessions(user, hours=12, minutes=1)
    db.session.execute(update(UserSession).values(last_seen_at=user_sessions.utcnow()))
    db.session.commit()
    assert not is_signed_in(client)


def test_session_limits_come_from_configuration(app, client, make_user, login):
    app.config["SESSION_IDLE_MINUTES_MEMBER"] = 5
    user = login(make_user())
    age_sessions(user, minutes=6)
    assert not is_signed_in(client)


def test_last_seen_is_written_at_most_once_a_minute(client, make_user, login, count_queries):
    user = login(make_user())
    client.get("/notifications")
    with count_queries() as quiet:
        client.get("/notifications")
    age_sessions(user, minutes=2)
    with count_queries() as touched:
        client.get("/notifications")
    assert not any(s.lstrip().upper().startswith("UPDATE") for s in quiet.statements)
    assert any(s.lstrip().upper().startswith("UPDATE") for s in touched.statements)
    assert live_sessions(user)[0].last_seen_at > user_sessions.utcnow() - timedelta(minutes=1)


def test_a_session_ended_on_one_host_is_ended_on_another(app, client, make_user, tmp_path):
    """State lives in the database: a second app on the same database agrees."""
    from registry import create_app

    make_user(email="anna@utrecht.nl")
    sign_in(client, "anna@utrecht.nl")
    copied = session_cookie(client)
    other_host = create_app(dict(app.config))
    other = other_host.test_client()
    other.set_cookie("session", copied)
    assert other.get("/notifications").status_code == 200
    client.post("/logout")
    assert other.get("/notifications").status_code == 302
    with other_host.app_context():
        db.engine.dispose()


@pytest.mark.parametrize(
    ("agent", "summary"),
    [
        (FIREFOX, "Firefox, Windows"),
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
            "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1",
            "Safari, iPhone",
        ),
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
            "Edge, Windows",
        ),
        ("curl/8.5\x00\x07", "curl/8.5"),
    ],
)
def test_devices_get_a_short_recognisable_name(agent, summary):
    assert user_sessions.summarise_user_agent(agent) == summary


def test_sessions_ended_over_30_days_ago_are_deleted_by_the_periodic_expiry(app, make_user):
    user = make_user()
    old_key = user_sessions.start(user, FIREFOX)
    record, _ = user_sessions.resolve(old_key)
    user_sessions.end(record, "logout")
    record.ended_at -= timedelta(days=31)
    recent_key = user_sessions.start(user, FIREFOX)
    user_sessions.end(user_sessions.resolve(recent_key)[0], "logout")
    user_sessions.start(user, FIREFOX)
    db.session.commit()
    assert len(set(db.session.scalars(select(UserSession.key_hash)))) == 3  # a sign-in deletes none
    user_sessions.expire(utcnow())
    db.session.commit()
    hashes = set(db.session.scalars(select(UserSession.key_hash)))
    assert user_sessions.hash_key(old_key) not in hashes
    assert user_sessions.hash_key(recent_key) in hashes
    assert len(hashes) == 2


def test_outside_development_the_cookie_is_secure_and_bound_to_this_host():
    from registry.config import check

    config = {"ENV_NAME": "production", "SECRET_KEY": "x" * 64, "SESSION_COOKIE_NAME": "session"}
    check(config)
    assert config["SESSION_COOKIE_SECURE"] is True
    assert config["SESSION_COOKIE_NAME"] == "__Host-session"
