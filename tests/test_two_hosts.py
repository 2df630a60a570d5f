"""Two hosts behind one load balancer: two app processes, one PostgreSQL, one Redis.

Each "host" is gunicorn serving the app with its own instance folder, the
PostgreSQL search backend and the rate-limit counters in Redis. A browser
(cookies kept by hand, as a load balancer would pass them) signs in on one
host and carries on at the other. What must hold: a pilot published through
one host is found through the other at once and disappears from both when
unpublished; the session works on both; a rate limit counts across both.
"""

from __future__ import annotations

import http.client
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import uuid
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.conftest import PASSWORD, ROOT, skip_or_fail

REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
SECRET = "two-hosts-" + uuid.uuid4().hex


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


CLAIM = "registry-test-claim"


def free_redis_db():
    """A Redis database number nobody uses now, so the test's counters are its own.

    Claimed with SET NX: two test processes starting hosts at once (xdist puts
    this module's tests on either) would otherwise both find the same database
    empty and count each other's sign-ins.
    """
    import redis

    try:
        for number in range(15, 7, -1):
            client = redis.Redis(REDIS_HOST, REDIS_PORT, db=number, socket_timeout=2)
            if client.dbsize() == 0 and client.set(CLAIM, uuid.uuid4().hex, nx=True):
                return number, client
            client.close()
    except redis.RedisError as err:
        skip_or_fail(f"Redis not reachable at {REDIS_HOST}:{REDIS_PORT}: {err}")
    skip_or_fail("no empty Redis database among 8-15")


class Host:
    """The app under gunicorn, as one server behind the load balancer."""

    def __init__(self, env: dict[str, str]) -> None:
        self.port = free_port()
        self.process = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "--workers=1",
                f"--bind=127.0.0.1:{self.port}",
                "--log-level=warning",
                "wsgi:app",
            ],
            cwd=ROOT,
            env=env,
        )

    def wait(self) -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if self.request("GET", "/healthz", {})[0] == 200:
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"host on port {self.port} did not start")

    def request(self, method: str, path: str, headers: dict, body: str | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            return response.status, response.headers, response.read().decode()
        finally:
            connection.close()

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


class Browser:
    """Keeps cookies and CSRF tokens like a browser, whichever host answers."""

    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}
        self.csrf_token = ""

    def _send(self, host: Host, method: str, path: str, form: dict | None = None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            body = urllib.parse.urlencode({"csrf_token": self.csrf_token, **form})
        status, response_headers, text = host.request(method, path, headers, body)
        for header in response_headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', text)
        if token:
            self.csrf_token = token.group(1)
        return status, response_headers, text

    def get(self, host: Host, path: str):
        return self._send(host, "GET", path)

    def post(self, host: Host, path: str, form: dict):
        return self._send(host, "POST", path, form)


@pytest.fixture(scope="module")
def hosts(postgres_server, tmp_path_factory):
    if postgres_server is None:
        skip_or_fail("PostgreSQL not reachable for the two-host test")
    redis_db, redis_client = free_redis_db()
    url = postgres_server.create_database()
    base = tmp_path_factory.mktemp("hosts")
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SEARCH_BACKEND": "postgres",
        "SECRET_KEY": SECRET,
        "REGISTRY_ENV": "production",
        "RATELIMIT_STORAGE_URI": f"redis://{REDIS_HOST}:{REDIS_PORT}/{redis_db}",
        "REGISTRY_INSTANCE_PATH": str(base / "setup"),
    }
    registry = str(Path(sys.executable).parent / "registry")
    subprocess.run([registry, "db", "upgrade"], env=env, cwd=ROOT, check=True, capture_output=True)
    seed(url)
    started = [
        Host({**env, "REGISTRY_INSTANCE_PATH": str(base / name)}) for name in ("host-a", "host-b")
    ]
    try:
        for host in started:
            host.wait()
        yield started
    finally:
        for host in started:
            host.stop()
        redis_client.flushdb()  # the claimed database: its counters, its claim
        redis_client.close()


def seed(url: str) -> None:
    """One municipality, one member and a draft pilot, straight into the shared database."""
    from sqlalchemy.orm import Session

    from registry.models import Organisation, Project, User, utcnow
    from registry.services.passwords import hash_password

    engine = sa.create_engine(url)
    with Session(engine) as session:
        org = Organisation(code="GM0344", name="Utrecht", kind="municipality", province="Utrecht")
        session.add(org)
        session.add(
            User(
                email="lid@utrecht.nl",
                name="Lid",
                password_hash=hash_password(PASSWORD),
                role="member",
                organisation=org,
                email_verified_at=utcnow(),
            )
        )
        session.add(
            Project(
                slug="drijvende-zonneparken",
                title="Drijvende zonneparken op de plassen",
                summary="Zonnepanelen op het water.",
                phase="running",
                visibility="draft",
                owner=org,
            )
        )
        session.commit()
    engine.dispose()


LINK = 'href="/projects/drijvende-zonneparken"'


def found(browser: Browser, host: Host) -> bool:
    status, _, html = browser.get(host, "/search?q=zonneparken")
    assert status == 200
    return LINK in html


def test_publishing_on_one_host_is_found_on_the_other_at_once_and_sessions_travel(hosts):
    a, b = hosts
    browser = Browser()
    browser.get(a, "/login")
    status, _, _ = browser.post(a, "/login", {"email": "lid@utrecht.nl", "password": PASSWORD})
    assert status == 302, "signed in on host A"

    # The session cookie of host A is good on host B (shared SECRET_KEY): the
    # draft is visible there to its owner, and B's CSRF token serves on A.
    status, _, html = browser.get(b, "/projects/drijvende-zonneparken")
    assert status == 200
    assert "Drijvende zonneparken" in html
    assert not found(browser, a)
    assert not found(browser, b)

    assert browser.post(a, "/projects/drijvende-zonneparken/publish", {})[0] == 302
    assert found(Browser(), b), "published on A, found on B without waiting"
    assert found(Browser(), a)

    browser.get(b, "/projects/drijvende-zonneparken")
    assert browser.post(b, "/projects/drijvende-zonneparken/unpublish", {})[0] == 302
    assert not found(Browser(), a), "unpublished on B, gone from A"
    assert not found(Browser(), b)


def test_a_rate_limit_counted_on_one_host_applies_on_the_other(hosts):
    a, b = hosts
    browser = Browser()
    browser.get(a, "/login")
    wrong = {"email": "lid@utrecht.nl", "password": "niet-het-wachtwoord"}
    # From the fifth failure the account must wait (registry/services/throttle.py).
    for _ in range(5):
        status, _, _ = browser.post(a, "/login", wrong)
        assert status == 200
    browser.get(b, "/login")
    status, _, _ = browser.post(b, "/login", wrong)
    assert status == 429, "host B counts what host A counted"
