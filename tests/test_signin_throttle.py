"""Sign-in throttling: accounts are protected, a town hall behind one proxy is not locked out."""

from __future__ import annotations

import uuid

import pytest
import redis

from registry.extensions import db
from registry.models import User
from registry.services import throttle
from tests.accounts_mailbox import open_mailbox
from tests.conftest import PASSWORD

TOWN_HALL = "192.0.2.10"


def attempt(client, email, password=PASSWORD, address=TOWN_HALL):
    return client.post(
        "/login",
        data={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def signed_in(response) -> bool:
    return response.status_code == 302


def test_110_failures_from_110_addresses_throttle_the_account_not_the_colleague(app, make_user):
    make_user(email="anna@utrecht.nl")
    make_user(email="bram@utrecht.nl")
    db.session.commit()
    attacker = app.test_client()
    answers = [
        attempt(attacker, "anna@utrecht.nl", f"gok-{n}", address=f"198.51.100.{n}")
        for n in range(110)
    ]
    assert [a.status_code for a in answers[:5]] == [200] * 5
    assert {a.status_code for a in answers[5:]} == {429}

    # The real password is refused too while the account waits: the guesser could have it.
    assert not signed_in(attempt(app.test_client(), "anna@utrecht.nl", address="198.51.100.7"))
    # A colleague at one of the attacking addresses signs in without trouble.
    assert signed_in(attempt(app.test_client(), "bram@utrecht.nl", address="198.51.100.7"))


def test_colleagues_signing_in_behind_one_proxy_are_never_counted(app, make_user):
    colleagues = [make_user(email=f"collega{n}@utrecht.nl") for n in range(30)]
    db.session.commit()
    app.config["SIGNIN_ADDRESS_FAILURES"] = "10 per 15 minutes"
    for user in colleagues:
        assert signed_in(attempt(app.test_client(), user.email))


def test_failures_from_one_address_throttle_that_address(app, make_user):
    make_user(email="anna@utrecht.nl")
    db.session.commit()
    app.config["SIGNIN_ADDRESS_FAILURES"] = "10 per 15 minutes"
    client = app.test_client()
    for n in range(10):
        attempt(client, f"persoon{n}@utrecht.nl", "gok")
    assert attempt(client, "anna@utrecht.nl").status_code == 429
    assert signed_in(attempt(client, "anna@utrecht.nl", address="192.0.2.99"))


def test_delays_grow_from_the_fifth_failure_and_stop_at_fifteen_minutes(app):
    assert [throttle.delay_after(n) for n in (1, 4, 5, 6, 7, 8, 9, 10, 50, 10**6)] == [
        0,
        0,
        30,
        60,
        120,
        240,
        480,
        900,
        900,
        900,
    ]


def test_the_wait_ends_and_a_right_password_then_clears_the_record(app, make_user):
    user = make_user(email="anna@utrecht.nl")
    db.session.commit()
    client = app.test_client()
    for n in range(5):
        attempt(client, "anna@utrecht.nl", f"gok-{n}")
    assert attempt(client, "anna@utrecht.nl").status_code == 429
    assert db.session.get(User, user.id).failed_logins == 5
    # The wait is over (as if 30 seconds passed): the right password works and starts afresh.
    app.extensions["registry.throttle"].clear(
        "registry/password/wait/" + throttle._digest(user.email)
    )
    assert signed_in(attempt(client, "anna@utrecht.nl"))
    assert db.session.get(User, user.id).failed_logins == 0
    assert throttle.wait_seconds("password", user.email) == 0


def test_unknown_accounts_are_throttled_with_the_same_answer(app, make_user):
    make_user(email="anna@utrecht.nl")
    db.session.commit()
    client = app.test_client()
    known = [attempt(client, "anna@utrecht.nl", "gok", address=f"203.0.113.{n}") for n in range(6)]
    unknown = [
        attempt(client, "niemand@utrecht.nl", "gok", address=f"203.0.113.{n}") for n in range(6)
    ]
    assert [r.status_code for r in known] == [r.status_code for r in unknown]
    assert known[-1].get_data(as_text=True).replace("anna", "niemand") == unknown[-1].get_data(
        as_text=True
    )


def test_the_throttle_speaks_english_when_asked(app, make_user):
    client = app.test_client()
    client.get("/login?lang=en")
    for n in range(6):
        response = attempt(client, "anna@utrecht.nl", f"gok-{n}")
    assert "Try again in" in response.get_data(as_text=True)


def test_reset_mails_are_limited_per_account_and_per_address(app, make_user, tmp_path):
    mailbox = open_mailbox(app, tmp_path)
    make_user(email="anna@utrecht.nl")
    db.session.commit()
    client = app.test_client()
    for n in range(5):
        response = client.post(
            "/reset",
            data={"email": "anna@utrecht.nl"},
            environ_base={"REMOTE_ADDR": f"192.0.2.{n}"},
        )
        assert response.status_code == 302
    assert len(mailbox.to("anna@utrecht.nl")) == 3

    app.config["MAIL_LIMIT_PER_ADDRESS"] = "4 per hour"
    for n in range(6):
        client.post(
            "/register",
            data={
                "name": "Iemand",
                "email": f"iemand{n}@utrecht.nl",
                "password": PASSWORD,
                "password_confirm": PASSWORD,
            },
            environ_base={"REMOTE_ADDR": "198.51.100.200"},
        )
    sent = [m for m in mailbox.messages if m.to.startswith("iemand")]
    assert len(sent) == 4


def test_a_dead_throttle_store_lets_people_sign_in(app, make_user, caplog):
    from limits.storage import storage_from_string

    make_user(email="anna@utrecht.nl")
    db.session.commit()
    app.extensions["registry.throttle"] = storage_from_string(
        "redis://127.0.0.1:1", socket_connect_timeout=0.2
    )
    assert signed_in(attempt(app.test_client(), "anna@utrecht.nl"))
    assert "Throttle storage unavailable" in caplog.text


@pytest.fixture
def redis_config(app):
    try:
        redis.Redis.from_url("redis://127.0.0.1:6379", socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.skip("Redis not reachable at 127.0.0.1:6379")
    prefix = f"registry-test-{uuid.uuid4().hex}"
    app.config.update(RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379", RATELIMIT_KEY_PREFIX=prefix)
    throttle.init_app(app)
    yield prefix
    connection = redis.Redis.from_url("redis://127.0.0.1:6379")
    for key in connection.scan_iter(f"*{prefix}*"):
        connection.delete(key)
    connection.close()


def test_two_hosts_share_the_counters_through_redis(app, make_user, redis_config):
    """Failures on one host count on the other: both read the same Redis."""
    from registry import create_app

    make_user(email="anna@utrecht.nl")
    db.session.commit()
    other_host = create_app(dict(app.config))
    first, second = app.test_client(), other_host.test_client()
    for n in range(5):
        attempt(first if n % 2 else second, "anna@utrecht.nl", f"gok-{n}", f"203.0.113.{n}")
    assert attempt(second, "anna@utrecht.nl").status_code == 429
    assert attempt(first, "anna@utrecht.nl").status_code == 429
    with other_host.app_context():
        db.engine.dispose()
