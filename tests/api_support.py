"""Helpers of the API tests: a token for a user, and headers that carry it."""

from __future__ import annotations

from registry.extensions import db
from registry.models import User
from registry.services import api_tokens

ALL_SCOPES = ("read", "projects:write", "reuse:write")


def token_for(user: User, *scopes: str) -> str:
    secret = api_tokens.create(user, "test", scopes or ALL_SCOPES).secret
    db.session.commit()
    return secret


def bearer(secret: str, **headers: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}", **headers}
