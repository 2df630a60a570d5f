"""Signed, expiring tokens for links sent by mail.

Each purpose has its own salt, so a token made to verify an e-mail address
cannot reset a password. Tokens are signed, not encrypted: put nothing in a
payload that the holder may not read.
"""

from __future__ import annotations

from typing import Any

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from registry.services.errors import Invalid
from registry.translation import lazy_gettext as _l

VERIFY_EMAIL = "verify-email"
RESET_PASSWORD = "reset-password"
CHANGE_EMAIL = "change-email"

EXPIRED = _l("Deze link is verlopen. Vraag hieronder een nieuwe aan.")
BROKEN = _l("Deze link is ongeldig of al gebruikt. Vraag hieronder een nieuwe aan.")


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"registry.{purpose}")


def make(purpose: str, payload: dict[str, Any]) -> str:
    return _serializer(purpose).dumps(payload)


def load(purpose: str, token: str) -> dict[str, Any]:
    """The payload of a token made for `purpose`; Invalid when expired, tampered or foreign."""
    try:
        payload = _serializer(purpose).loads(
            token, max_age=current_app.config["TOKEN_MAX_AGE_SECONDS"]
        )
    except SignatureExpired as err:
        raise Invalid(EXPIRED) from err
    except BadSignature as err:
        raise Invalid(BROKEN) from err
    if not isinstance(payload, dict):
        raise Invalid(BROKEN)
    return payload
