"""Personal API tokens: made, listed, revoked, and turned back into their user.

A token is a random secret shown once, when it is made; only its SHA-256 is
stored (a token has far more entropy than a password, so a fast hash is
enough and a lookup stays one indexed statement). A token works while it is
not revoked, not expired and its account is active: disabling an account
stops its tokens at once, without touching them.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import ColumnElement, CursorResult, delete, or_, select, update
from sqlalchemy.orm.attributes import set_committed_value

from registry.extensions import db
from registry.models import ApiToken, TokenScope, User, utcnow
from registry.services import events
from registry.services.errors import Invalid
from registry.translation import lazy_gettext as _l

PREFIX = "ir_"
NAME_LENGTH = 100
MAX_EXPIRY_DAYS = 366
# A person needs a few tokens (one per script or site), not hundreds.
MAX_ACTIVE = 20
# Noting each use would write on every request; once a minute tells the owner enough.
TOUCH_INTERVAL = timedelta(minutes=1)
# A dead token stays listed in the event log's terms for a while, then goes.
KEEP_DEAD = timedelta(days=90)

NO_NAME = _l("Geef de sleutel een naam.")
NAME_TOO_LONG = _l("Een naam is hoogstens %(max)s tekens lang.", max=NAME_LENGTH)
NO_SCOPE = _l("Kies ten minste één bevoegdheid.")
UNKNOWN_SCOPE = _l("Kies bevoegdheden uit de lijst.")
BAD_EXPIRY = _l("Kies een looptijd van 1 tot %(max)s dagen.", max=MAX_EXPIRY_DAYS)
TOO_MANY = _l(
    "U heeft al %(max)s geldige sleutels. Trek er eerst een in.",
    max=MAX_ACTIVE,
)


@dataclass(frozen=True)
class NewToken:
    """A token just made: `secret` is the only time the token itself is known."""

    token: ApiToken
    secret: str


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _alive(now: datetime) -> tuple[ColumnElement[bool], ColumnElement[bool]]:
    return (
        ApiToken.revoked_at.is_(None),
        (ApiToken.expires_at.is_(None)) | (ApiToken.expires_at > now),
    )


def create(
    user: User, name: str, scopes: Iterable[str], expires_days: int | None = None
) -> NewToken:
    """Make a token for `user`; the returned secret is shown once and never stored."""
    name = (name or "").strip()
    if not name:
        raise Invalid(NO_NAME, field="name")
    if len(name) > NAME_LENGTH:
        raise Invalid(NAME_TOO_LONG, field="name")
    chosen = list(dict.fromkeys(scopes))
    if not chosen:
        raise Invalid(NO_SCOPE, field="scopes")
    if any(scope not in set(TokenScope) for scope in chosen):
        raise Invalid(UNKNOWN_SCOPE, field="scopes")
    if expires_days is not None and not 1 <= expires_days <= MAX_EXPIRY_DAYS:
        raise Invalid(BAD_EXPIRY, field="expires_days")
    now = utcnow()
    if len(active(user)) >= MAX_ACTIVE:
        raise Invalid(TOO_MANY, field="name")
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user_id=user.id,
        name=name,
        token_hash=hash_secret(secret),
        scopes=" ".join(chosen),
        created_at=now,
        expires_at=now + timedelta(days=expires_days) if expires_days else None,
    )
    db.session.add(token)
    db.session.flush()
    events.record(user, "api_token_created", token, name=name, scopes=chosen)
    return NewToken(token, secret)


def active(user: User) -> list[ApiToken]:
    """The user's tokens that still work (apart from the account's own state), newest first."""
    query = (
        select(ApiToken)
        .where(ApiToken.user_id == user.id, *_alive(utcnow()))
        .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
    )
    return list(db.session.scalars(query))


def revoke(user: User, token_id: int) -> bool:
    """Revoke one of the user's own tokens; False when there is no such live token."""
    token = db.session.scalar(
        select(ApiToken).where(
            ApiToken.id == token_id, ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None)
        )
    )
    if token is None:
        return False
    token.revoked_at = utcnow()
    events.record(user, "api_token_revoked", token, name=token.name)
    db.session.flush()
    return True


def purge_dead(now: datetime) -> int:
    """Delete tokens revoked or expired more than 90 days ago (the worker's housekeeping)."""
    result = db.session.execute(
        delete(ApiToken).where(
            or_(ApiToken.revoked_at < now - KEEP_DEAD, ApiToken.expires_at < now - KEEP_DEAD)
        )
    )
    return cast(CursorResult[Any], result).rowcount or 0


def authenticate(secret: str) -> tuple[ApiToken | None, bool]:
    """The live token for `secret`, its user loaded (or None), and whether it wrote.

    One statement in the common case; a second, at most once a minute, to
    note when the token was last used.
    """
    if not secret.startswith(PREFIX) or len(secret) > 100:
        return None, False
    now = utcnow()
    row = db.session.execute(
        select(ApiToken, User)
        .join(User, User.id == ApiToken.user_id)
        .where(ApiToken.token_hash == hash_secret(secret), *_alive(now))
    ).first()
    if row is None:
        return None, False
    token, user = row
    set_committed_value(token, "user", user)
    if not user.is_active:
        return None, False
    if token.last_used_at is None or now - token.last_used_at >= TOUCH_INTERVAL:
        db.session.execute(update(ApiToken).where(ApiToken.id == token.id).values(last_used_at=now))
        set_committed_value(token, "last_used_at", now)
        return token, True
    return token, False
