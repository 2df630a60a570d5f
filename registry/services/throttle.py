"""Throttling of guesses and of mails anyone can trigger, in the rate-limit storage.

Counters live in RATELIMIT_STORAGE_URI (memory on one host, Redis shared by
several), never in the database, so an attacker's requests cost no writes.

- Per account (keyed by the normalised e-mail address, known or not, so the
  answer never tells whether an account exists): from the 5th failure each
  further attempt must wait, 30 s and then twice as long per failure, at most
  15 minutes. Attempts during the wait are refused unchecked and not counted,
  so the wait never grows into a lock.
- Per client address: failures only. Colleagues behind one municipal proxy
  who sign in successfully are never counted against each other.
- Second-factor codes are throttled the same way, per account.

A dead storage must not lock the town hall out: the throttle then lets the
attempt through and logs the failure.
"""

from __future__ import annotations

import hashlib
import logging
import math
import time
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, current_app
from limits import parse
from limits.storage import Storage, storage_from_string
from limits.strategies import FixedWindowRateLimiter

logger = logging.getLogger("registry.security")

FAILURE_MEMORY_SECONDS = 24 * 3600
T = TypeVar("T")


def init_app(app: Flask) -> None:
    options = app.config.get("RATELIMIT_STORAGE_OPTIONS") or {}
    app.extensions["registry.throttle"] = storage_from_string(
        app.config["RATELIMIT_STORAGE_URI"], **options
    )


def _storage() -> Storage:
    storage: Storage = current_app.extensions["registry.throttle"]
    return storage


def _enabled() -> bool:
    return bool(current_app.config["SIGNIN_THROTTLE_ENABLED"])


def _key(*parts: str) -> str:
    prefix = current_app.config.get("RATELIMIT_KEY_PREFIX") or "registry"
    return "/".join((prefix, *parts))


def _digest(identity: str) -> str:
    """Keys never hold an e-mail address in the clear."""
    return hashlib.sha256(identity.strip().lower().encode()).hexdigest()[:32]


def _guarded(action: Callable[[], T], fallback: T) -> T:
    try:
        return action()
    except Exception:  # any storage failure: let people in rather than lock everyone out
        logger.exception("Throttle storage unavailable; attempt allowed")
        return fallback


# --- Guesses: passwords and second-factor codes ------------------------------------------


def delay_after(failures: int) -> int:
    """Seconds to wait after `failures` consecutive failures (0 before the threshold)."""
    config = current_app.config
    threshold = config["SIGNIN_DELAY_AFTER_FAILURES"]
    if failures < threshold:
        return 0
    doublings = min(failures - threshold, 32)
    delay: int = min(
        config["SIGNIN_FIRST_DELAY_SECONDS"] * 2**doublings, config["SIGNIN_MAX_DELAY_SECONDS"]
    )
    return delay


def _address_limit() -> Any:
    return parse(current_app.config["SIGNIN_ADDRESS_FAILURES"])


def _address_ids(kind: str, address: str) -> tuple[str, ...]:
    return (_key(kind, "address"), address or "unknown")


def wait_seconds(kind: str, identity: str, address: str = "") -> int:
    """How long this attempt must wait (0: go ahead); `kind` is "password" or "code"."""
    if not _enabled():
        return 0

    def check() -> int:
        storage = _storage()
        wait_key = _key(kind, "wait", _digest(identity))
        waits = 0
        if storage.get(wait_key) > 0:
            waits = max(1, math.ceil(storage.get_expiry(wait_key) - time.time()))
        if address:
            limiter = FixedWindowRateLimiter(storage)
            item = _address_limit()
            if not limiter.test(item, *_address_ids(kind, address)):
                reset_at, _ = limiter.get_window_stats(item, *_address_ids(kind, address))
                waits = max(waits, max(1, math.ceil(reset_at - time.time())))
        return waits

    return _guarded(check, 0)


def failed(kind: str, identity: str, address: str = "") -> int:
    """Count a failure for the account and the address; the number of failures in a row."""
    if not _enabled():
        return 0

    def count() -> int:
        storage = _storage()
        digest = _digest(identity)
        failures = storage.incr(_key(kind, "failures", digest), FAILURE_MEMORY_SECONDS)
        delay = delay_after(failures)
        if delay:
            wait_key = _key(kind, "wait", digest)
            storage.clear(wait_key)
            storage.incr(wait_key, delay)
            logger.warning("Sign-in throttled for %s seconds after %s failures", delay, failures)
        if address:
            FixedWindowRateLimiter(storage).hit(_address_limit(), *_address_ids(kind, address))
        return failures

    return _guarded(count, 0)


def succeeded(kind: str, identity: str) -> None:
    """A right answer wipes the account's record; the address's failures stay counted."""
    if not _enabled():
        return
    digest = _digest(identity)

    def clear() -> None:
        _storage().clear(_key(kind, "failures", digest))
        _storage().clear(_key(kind, "wait", digest))

    _guarded(clear, None)


# --- Mails anyone can make the site send --------------------------------------------------


def mail_allowed(purpose: str, email: str, address: str) -> bool:
    """Count one mail of `purpose`; False when the account or the address has had enough."""
    if not _enabled():
        return True

    def hit() -> bool:
        limiter = FixedWindowRateLimiter(_storage())
        config = current_app.config
        by_account = limiter.hit(
            parse(config["MAIL_LIMIT_PER_ACCOUNT"]), _key("mail", purpose), _digest(email)
        )
        by_address = limiter.hit(
            parse(config["MAIL_LIMIT_PER_ADDRESS"]), _key("mail", "address"), address or "unknown"
        )
        if not (by_account and by_address):
            logger.warning("Mail %s not sent: limit reached", purpose)
        return by_account and by_address

    return _guarded(hit, True)
