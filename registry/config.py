"""Configuration: defaults, then the environment, then test overrides.

Nothing here reads the environment at import time; `load` does it when the
app is created, so tests and the CLI each get the configuration they ask for.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

DEV_SECRET = "development-only-not-secret"
# 32 bytes: the strength of the HMAC-SHA256 keys that sign sessions and links.
SECRET_KEY_MIN_BYTES = 32


class ConfigError(RuntimeError):
    """The configuration cannot run the site; the message says what to set."""


def defaults(instance_path: str) -> dict[str, Any]:
    instance = Path(instance_path)
    return {
        "ENV_NAME": "development",
        "SECRET_KEY": DEV_SECRET,
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{instance / 'registry.sqlite'}",
        # The compiled-statement cache holds about 90 KB per statement: 300 cover
        # every combination of list filters and sorts (223) and the other pages,
        # where SQLAlchemy's 500 (pruned only at 750) would let a worker grow by
        # tens of megabytes.
        # Connections are checked before use only after being idle (connection_check).
        "SQLALCHEMY_ENGINE_OPTIONS": {"query_cache_size": 300},
        # SQLite: how long a writer waits for another one to finish (seconds).
        "SQLITE_BUSY_TIMEOUT": 5.0,
        # The host names this site answers to (Flask refuses others with 400);
        # None accepts any, which is only right behind a proxy that checks them.
        "TRUSTED_HOSTS": None,
        # How many proxies in front of the app add X-Forwarded-For/-Proto.
        "TRUSTED_PROXIES": 0,
        "SEARCH_BACKEND": "whoosh",
        "SEARCH_INDEX_DIR": str(instance / "search-index"),
        "RATELIMIT_STORAGE_URI": "memory://",
        "RATELIMIT_HEADERS_ENABLED": True,
        "RATELIMIT_STRATEGY": "moving-window",
        "MAIL_SERVER": "",
        "MAIL_PORT": 587,
        "MAIL_USERNAME": "",
        "MAIL_PASSWORD": "",
        "MAIL_USE_TLS": True,
        "MAIL_SENDER": "Innovatieregister <noreply@innovatieregister.nl>",
        "MAIL_LOG_FILE": "",
        # Mail delivery by the worker (registry.mail_delivery): a slow server is given up on
        # after MAIL_TIMEOUT_SECONDS, a claimed row is claimable again after MAIL_LEASE_SECONDS,
        # retries back off from MAIL_RETRY_BASE_SECONDS doubling up to
        # MAIL_RETRY_MAX_DELAY_SECONDS, and a mail is marked failed MAIL_RETRY_SECONDS after
        # it was written.
        "MAIL_TIMEOUT_SECONDS": 15.0,
        "MAIL_LEASE_SECONDS": 300,
        "MAIL_RETRY_BASE_SECONDS": 60,
        "MAIL_RETRY_MAX_DELAY_SECONDS": 3600,
        "MAIL_RETRY_SECONDS": 48 * 3600,
        # The task queue (registry.tasks): empty means tasks.sqlite in the instance folder.
        "TASK_QUEUE_URL": "",
        "TASK_WORKERS": 2,
        "SITE_URL": "http://127.0.0.1:5000",
        "BABEL_DEFAULT_LOCALE": "nl",
        "BABEL_DEFAULT_TIMEZONE": "Europe/Amsterdam",
        "LANGUAGES": ["nl", "en"],
        "MAX_CONTENT_LENGTH": 12 * 1024 * 1024,
        "ATTACHMENT_MAX_BYTES": 10 * 1024 * 1024,
        "PAGE_SIZE": 20,
        # The open API (/api/v1): requests per token (or per address without one), body size.
        "API_RATE_LIMIT": "300 per minute",
        "API_MAX_BODY_BYTES": 1024 * 1024,
        "TOKEN_MAX_AGE_SECONDS": 24 * 3600,
        "PASSWORD_MIN_LENGTH": 12,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": False,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "WTF_CSRF_TIME_LIMIT": 8 * 3600,
        # Server-side sessions end after this long without a request, and at the latest
        # this long after sign-in; curators and admins can do more harm, so sooner.
        "SESSION_IDLE_MINUTES_STAFF": 30,
        "SESSION_IDLE_MINUTES_MEMBER": 8 * 60,
        "SESSION_MAX_HOURS": 12,
        # Sign-in throttling: from the Nth failure for one account each attempt waits,
        # the wait doubling per failure up to the maximum. Per client address, failures
        # (never successes) are counted in a window.
        "SIGNIN_THROTTLE_ENABLED": True,
        "SIGNIN_DELAY_AFTER_FAILURES": 5,
        "SIGNIN_FIRST_DELAY_SECONDS": 30,
        "SIGNIN_MAX_DELAY_SECONDS": 15 * 60,
        "SIGNIN_ADDRESS_FAILURES": "100 per 15 minutes",
        # Mails that anyone can make the site send, per address and per account.
        "MAIL_LIMIT_PER_ADDRESS": "20 per hour",
        "MAIL_LIMIT_PER_ACCOUNT": "3 per hour",
        # /.well-known/security.txt (RFC 9116).
        "SECURITY_CONTACT": "mailto:security@innovatieregister.nl",
        "SECURITY_POLICY_URL": "",
        "DEMO_PASSWORD": "demo-wachtwoord-2026",
        # The reusability score's Bayesian prior: a mean of 3.0 worth 2 organisations.
        "SCORE_PRIOR_MEAN": 3.0,
        "SCORE_PRIOR_WEIGHT": 2,
        # Readiness of a pilot for the catalogue (DESIGN.md, "Promotion into the catalogue").
        "READINESS_MIN_RATINGS": 3,
        "READINESS_MIN_RATING_ORGS": 3,
        "READINESS_MIN_SCORE": 3.5,
        "READINESS_MIN_ADOPTERS": 1,
        # publiccode.yml import: the largest file read, and how a file is fetched by URL.
        # ALLOW_PRIVATE lets the fetch reach loopback and private addresses: tests only.
        "PUBLICCODE_MAX_BYTES": 256 * 1024,
        "PUBLICCODE_FETCH_TIMEOUT": 5.0,
        "PUBLICCODE_FETCH_MAX_REDIRECTS": 3,
        "PUBLICCODE_FETCH_ALLOW_PRIVATE": False,
        # Feeds, exports, sitemap: size and how long a cache may keep them (seconds).
        "FEED_ENTRIES": 50,
        "FEED_MAX_AGE": 300,
        "EXPORT_MAX_AGE": 300,
        "SITEMAP_MAX_AGE": 3600,
        "SITEMAP_PART_SIZE": 50_000,
        # The statistics page: how long each process keeps its figures (seconds; 0: never).
        "STATISTICS_CACHE_SECONDS": 300,
        # "Also adopted": a pair is shown only when at least this many organisations use both.
        "ALSO_ADOPTED_MIN_ORGANISATIONS": 3,
        # The licence of the register's open data (exports, catalog.jsonld).
        "OPEN_DATA_LICENCE": "http://creativecommons.org/publicdomain/zero/1.0/deed.nl",
    }


_ENV_STRINGS = {
    "SECRET_KEY": "SECRET_KEY",
    "DATABASE_URL": "SQLALCHEMY_DATABASE_URI",
    "SEARCH_BACKEND": "SEARCH_BACKEND",
    "SEARCH_INDEX_DIR": "SEARCH_INDEX_DIR",
    "RATELIMIT_STORAGE_URI": "RATELIMIT_STORAGE_URI",
    "MAIL_SERVER": "MAIL_SERVER",
    "MAIL_USERNAME": "MAIL_USERNAME",
    "MAIL_PASSWORD": "MAIL_PASSWORD",
    "MAIL_SENDER": "MAIL_SENDER",
    "MAIL_LOG_FILE": "MAIL_LOG_FILE",
    "TASK_QUEUE_URL": "TASK_QUEUE_URL",
    "SITE_URL": "SITE_URL",
    "REGISTRY_ENV": "ENV_NAME",
    "SIGNIN_ADDRESS_FAILURES": "SIGNIN_ADDRESS_FAILURES",
    "MAIL_LIMIT_PER_ADDRESS": "MAIL_LIMIT_PER_ADDRESS",
    "MAIL_LIMIT_PER_ACCOUNT": "MAIL_LIMIT_PER_ACCOUNT",
    "SECURITY_CONTACT": "SECURITY_CONTACT",
    "SECURITY_POLICY_URL": "SECURITY_POLICY_URL",
    "RATELIMIT_KEY_PREFIX": "RATELIMIT_KEY_PREFIX",
    "API_RATE_LIMIT": "API_RATE_LIMIT",
}

_ENV_NUMBERS: dict[str, type[int] | type[float]] = {
    "MAIL_PORT": int,
    "PUBLICCODE_MAX_BYTES": int,
    "PUBLICCODE_FETCH_TIMEOUT": float,
    "TRUSTED_PROXIES": int,
    "SQLITE_BUSY_TIMEOUT": float,
    "SESSION_IDLE_MINUTES_STAFF": int,
    "SESSION_IDLE_MINUTES_MEMBER": int,
    "SESSION_MAX_HOURS": int,
    "SIGNIN_DELAY_AFTER_FAILURES": int,
    "SIGNIN_FIRST_DELAY_SECONDS": int,
    "SIGNIN_MAX_DELAY_SECONDS": int,
    "TASK_WORKERS": int,
    "MAIL_RETRY_SECONDS": int,
    "MAIL_LEASE_SECONDS": int,
    "MAIL_TIMEOUT_SECONDS": float,
    "API_MAX_BODY_BYTES": int,
    "PAGE_CACHE_BYTES": int,
    "SEARCH_LOCK_TIMEOUT": float,
    "SEARCH_INLINE_REBUILD_MAX": int,
    "SEARCH_INDEX_PROCS": int,
    "STATISTICS_CACHE_SECONDS": int,
    "ALSO_ADOPTED_MIN_ORGANISATIONS": int,
}


def from_environment(environ: os._Environ | dict[str, str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for env_name, key in _ENV_STRINGS.items():
        if environ.get(env_name):
            values[key] = environ[env_name]
    if environ.get("TRUSTED_HOSTS"):
        values["TRUSTED_HOSTS"] = [
            host.strip() for host in environ["TRUSTED_HOSTS"].split(",") if host.strip()
        ]
    for name, convert in _ENV_NUMBERS.items():
        if environ.get(name):
            try:
                values[name] = convert(environ[name])
            except ValueError:
                raise ConfigError(f"{name} must be a number, not {environ[name]!r}.") from None
    if environ.get("MAIL_USE_TLS"):
        values["MAIL_USE_TLS"] = environ["MAIL_USE_TLS"].lower() in {"1", "true", "yes"}
    url = values.get("SQLALCHEMY_DATABASE_URI", "")
    if url.startswith("postgres://"):
        url = "postgresql://" + url.removeprefix("postgres://")
    if url.startswith("postgresql://"):
        # psycopg 3 is the driver we install; a plain URL would ask for psycopg2.
        values["SQLALCHEMY_DATABASE_URI"] = "postgresql+psycopg://" + url.removeprefix(
            "postgresql://"
        )
    return values


_GENERATE = "Generate one with: python -c 'import secrets; print(secrets.token_hex(32))'"


def check(
    config: dict[str, Any],
    environ: os._Environ | dict[str, str] | None = None,
    served_by_wsgi_server: bool = False,
) -> None:
    """Refuse to start a site that anyone could sign sessions for.

    Outside development the secret must be set, not the development value,
    and at least 32 bytes. Under gunicorn (or another production server
    loading `wsgi.py`) with `REGISTRY_ENV` not set at all, the operator most
    likely forgot it: with the development secret such a site would accept
    forged session cookies, so it does not start.
    """
    secret = config.get("SECRET_KEY") or ""
    if (
        served_by_wsgi_server
        and not (environ or {}).get("REGISTRY_ENV")
        and secret in {"", DEV_SECRET}
    ):
        raise ConfigError(
            "REGISTRY_ENV is not set and SECRET_KEY is the development value, but the app "
            "is served by a production server. Set REGISTRY_ENV=production and SECRET_KEY "
            f"(or REGISTRY_ENV=development for a server on your own machine). {_GENERATE}"
        )
    if config["ENV_NAME"] not in {"development", "testing"}:
        if not secret or secret == DEV_SECRET:
            raise ConfigError(
                "SECRET_KEY must be set to a long random value outside development "
                f"(REGISTRY_ENV={config['ENV_NAME']}). {_GENERATE}"
            )
        if len(secret.encode()) < SECRET_KEY_MIN_BYTES:
            raise ConfigError(
                f"SECRET_KEY must be at least {SECRET_KEY_MIN_BYTES} bytes long outside "
                f"development (REGISTRY_ENV={config['ENV_NAME']}). {_GENERATE}"
            )
        config["SESSION_COOKIE_SECURE"] = True
        config["REMEMBER_COOKIE_SECURE"] = True
        # __Host-: the browser sends it only over HTTPS, to this host, for every path,
        # so a sibling subdomain cannot plant or overwrite the session cookie.
        if config.get("SESSION_COOKIE_NAME", "session") == "session":
            config["SESSION_COOKIE_NAME"] = "__Host-session"
