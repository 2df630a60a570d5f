"""What an operator can get wrong: the secret, the environment, the host names, the proxies."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from flask import request

from registry import create_app
from registry.config import DEV_SECRET, ConfigError, check, from_environment
from tests.conftest import ROOT
from tests.test_two_hosts import free_port

STRONG_SECRET = "s" * 32


def production(secret: str) -> dict:
    return {"ENV_NAME": "production", "SECRET_KEY": secret}


@pytest.mark.parametrize("secret", ["", DEV_SECRET, "kort-geheim", "x" * 31, "é" * 15])
def test_production_refuses_a_missing_development_or_short_secret(secret):
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        check(production(secret))


def test_production_accepts_a_secret_of_32_bytes():
    config = production(STRONG_SECRET)
    check(config)
    assert config["SESSION_COOKIE_SECURE"] is True


def test_a_production_server_without_registry_env_and_with_the_development_secret_refuses():
    config = {"ENV_NAME": "development", "SECRET_KEY": DEV_SECRET}
    with pytest.raises(ConfigError, match="REGISTRY_ENV"):
        check(config, environ={}, served_by_wsgi_server=True)
    # Said out loud, development under gunicorn on one's own machine is allowed.
    check(config, environ={"REGISTRY_ENV": "development"}, served_by_wsgi_server=True)
    # And `registry run` (Flask's development server) needs nothing.
    check(config, environ={}, served_by_wsgi_server=False)


def run_gunicorn(env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess:
    """gunicorn as an operator starts it; it must give up by itself, not serve."""
    base = {
        key: value
        for key, value in os.environ.items()
        if key not in {"REGISTRY_ENV", "SECRET_KEY", "DATABASE_URL"}
    }
    return subprocess.run(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "--workers=1",
            f"--bind=127.0.0.1:{free_port()}",
            "wsgi:app",
        ],
        cwd=ROOT,
        env={
            **base,
            "REGISTRY_INSTANCE_PATH": str(tmp_path / "instance"),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'gunicorn.sqlite'}",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_gunicorn_without_registry_env_does_not_start_with_the_development_secret(tmp_path):
    result = run_gunicorn({}, tmp_path)
    assert result.returncode != 0
    assert "REGISTRY_ENV is not set" in result.stderr


def test_gunicorn_in_production_does_not_start_with_a_short_secret(tmp_path):
    result = run_gunicorn({"REGISTRY_ENV": "production", "SECRET_KEY": "kort"}, tmp_path)
    assert result.returncode != 0
    assert "at least 32 bytes" in result.stderr


def test_trusted_hosts_and_proxies_are_read_from_the_environment():
    values = from_environment(
        {"TRUSTED_HOSTS": "innovatieregister.nl, .vng.nl", "TRUSTED_PROXIES": "2"}
    )
    assert values["TRUSTED_HOSTS"] == ["innovatieregister.nl", ".vng.nl"]
    assert values["TRUSTED_PROXIES"] == 2
    with pytest.raises(ConfigError, match="TRUSTED_PROXIES"):
        from_environment({"TRUSTED_PROXIES": "alle"})


def test_the_api_search_and_statistics_settings_are_read_from_the_environment():
    values = from_environment(
        {
            "API_RATE_LIMIT": "60 per minute",
            "API_MAX_BODY_BYTES": "65536",
            "SEARCH_LOCK_TIMEOUT": "0.5",
            "STATISTICS_CACHE_SECONDS": "60",
        }
    )
    assert values["API_RATE_LIMIT"] == "60 per minute"
    assert values["API_MAX_BODY_BYTES"] == 65536
    assert values["SEARCH_LOCK_TIMEOUT"] == 0.5
    assert values["STATISTICS_CACHE_SECONDS"] == 60
    with pytest.raises(ConfigError, match="API_MAX_BODY_BYTES"):
        from_environment({"API_MAX_BODY_BYTES": "veel"})


class TestTrustedHosts:
    @pytest.fixture
    def app_config(self, app_config):
        return {**app_config, "TRUSTED_HOSTS": ["innovatieregister.nl"]}

    def test_a_foreign_host_header_is_refused_with_400(self, client):
        response = client.get("/projects", headers={"Host": "evil.example"})
        assert response.status_code == 400
        assert "niet bereikbaar onder dit adres" in response.get_data(as_text=True)
        assert "evil.example" not in response.get_data(as_text=True)

    def test_the_site_answers_on_its_own_host(self, client):
        response = client.get("/projects", base_url="https://innovatieregister.nl")
        assert response.status_code == 200


def client_address_app(tmp_path: Path, proxies: int):
    app = create_app(
        {
            "TESTING": True,
            "ENV_NAME": "testing",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'proxy.sqlite'}",
            "SEARCH_INDEX_DIR": str(tmp_path / "index"),
            "TRUSTED_PROXIES": proxies,
        }
    )
    app.add_url_rule("/_address", "address", lambda: request.remote_addr or "")
    return app


@pytest.mark.parametrize(("proxies", "seen"), [(0, "10.0.0.9"), (1, "192.0.2.7")])
def test_x_forwarded_for_counts_only_behind_configured_proxies(
    tmp_path, monkeypatch, proxies, seen
):
    monkeypatch.setenv("REGISTRY_INSTANCE_PATH", str(tmp_path / "instance"))
    client = client_address_app(tmp_path, proxies).test_client()
    response = client.get(
        "/_address",
        headers={"X-Forwarded-For": "192.0.2.7"},
        environ_base={"REMOTE_ADDR": "10.0.0.9"},
    )
    assert response.get_data(as_text=True) == seen
