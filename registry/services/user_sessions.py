"""Server-side sessions: started at sign-in, checked on every request, ended for good.

The login cookie holds a random key; only its SHA-256 is stored, so a copy
of the database signs nobody in. A session ends when its holder logs out,
when the password changes or is reset, when the account is disabled or its
role changes, after a period without requests (shorter for curators and
admins, whose sessions can do more harm) and after an absolute lifetime.
An ended session never comes back, on any host.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime, timedelta
from typing import Any, cast

from flask import current_app
from sqlalchemy import CursorResult, and_, delete, or_, select, update
from sqlalchemy.orm.attributes import set_committed_value

from registry.extensions import db
from registry.models import User, UserSession, utcnow
from registry.models.vocab import Role

# last_seen_at is written at most this often, so a busy page costs no writes.
TOUCH_INTERVAL = timedelta(minutes=1)
# Ended sessions stay listed this long (the privacy statement promises it), then go.
KEEP_ENDED = timedelta(days=30)


class EndReason:
    LOGOUT = "logout"
    IDLE = "idle"
    EXPIRED = "expired"
    PASSWORD = "password_changed"
    RESET = "password_reset"
    EVERYWHERE = "signed_out_everywhere"
    REMOTE = "signed_out_remotely"
    DISABLED = "account_disabled"
    ROLE = "role_changed"
    SECOND_FACTOR = "second_factor_changed"


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def start(user: User, user_agent: str = "", second_factor_done: bool = False) -> str:
    """Open a session for `user` and return the key for the cookie (never stored)."""
    key = secrets.token_urlsafe(32)
    now = utcnow()
    db.session.add(
        UserSession(
            key_hash=hash_key(key),
            user_id=user.id,
            created_at=now,
            last_seen_at=now,
            user_agent=summarise_user_agent(user_agent),
            second_factor_at=now if second_factor_done else None,
        )
    )
    db.session.flush()
    return key


def expire(now: datetime) -> int:
    """End the sessions that ran out by `now` and delete those ended long ago (out of
    requests: the worker runs this every ten minutes); the number ended or deleted.

    A request that presents a run-out session ends it too (`resolve`); this
    also ends the ones nobody comes back to, and keeps the table small.
    """
    return end_expired(now) + purge_old(now)


def end_expired(now: datetime) -> int:
    """Mark live sessions past their lifetime or idle limit as ended; how many."""
    live = UserSession.ended_at.is_(None)
    config = current_app.config
    staff = select(User.id).where(User.role.in_((Role.CURATOR, Role.ADMIN)))
    idle_staff = now - timedelta(minutes=config["SESSION_IDLE_MINUTES_STAFF"])
    idle_member = now - timedelta(minutes=config["SESSION_IDLE_MINUTES_MEMBER"])
    ended = 0
    for reason, condition in (
        (EndReason.EXPIRED, UserSession.created_at < now - max_age()),
        (
            EndReason.IDLE,
            or_(
                UserSession.last_seen_at < idle_member,
                and_(UserSession.last_seen_at < idle_staff, UserSession.user_id.in_(staff)),
            ),
        ),
    ):
        result = db.session.execute(
            update(UserSession)
            .where(live, condition)
            .values(ended_at=now, end_reason=reason)
            .execution_options(synchronize_session=False)
        )
        ended += cast(CursorResult[Any], result).rowcount or 0
    return ended


def purge_old(now: datetime) -> int:
    """Delete sessions that ended (or must have) more than 30 days ago; the number deleted."""
    db.session.flush()
    result = db.session.execute(
        delete(UserSession).where(
            or_(
                UserSession.ended_at < now - KEEP_ENDED,
                UserSession.created_at < now - max_age() - KEEP_ENDED,
            )
        )
    )
    return cast(CursorResult[Any], result).rowcount or 0


def idle_limit(user: User) -> timedelta:
    config = current_app.config
    minutes = (
        config["SESSION_IDLE_MINUTES_STAFF"]
        if user.is_curator
        else config["SESSION_IDLE_MINUTES_MEMBER"]
    )
    return timedelta(minutes=minutes)


def max_age() -> timedelta:
    return timedelta(hours=current_app.config["SESSION_MAX_HOURS"])


def expiry_reason(record: UserSession, user: User, now: datetime) -> str | None:
    """Why this session may no longer be used, or None while it is alive."""
    if now - record.created_at > max_age():
        return EndReason.EXPIRED
    if now - record.last_seen_at > idle_limit(user):
        return EndReason.IDLE
    return None


def resolve(key: str) -> tuple[UserSession | None, bool]:
    """The live session for a cookie's key (its user loaded, or None), and whether it wrote.

    One statement in the common case; a second, at most once a minute, to
    note that the session is in use, or to end it when it has run out.
    """
    if not key or len(key) > 100:
        return None, False
    row = db.session.execute(
        select(UserSession, User)
        .join(User, User.id == UserSession.user_id)
        .where(UserSession.key_hash == hash_key(key), UserSession.ended_at.is_(None))
    ).first()
    if row is None:
        return None, False
    record, user = row
    # The user came with the same row: no second statement when the request asks for it.
    set_committed_value(record, "user", user)
    if not user.is_active:
        return None, False
    now = utcnow()
    reason = expiry_reason(record, user, now)
    if reason is not None:
        end(record, reason)
        return None, True
    if now - record.last_seen_at >= TOUCH_INTERVAL:
        _touch(record, now)
        return record, True
    return record, False


def _touch(record: UserSession, now: datetime) -> None:
    db.session.execute(
        update(UserSession).where(UserSession.id == record.id).values(last_seen_at=now)
    )
    record.last_seen_at = now


def end(record: UserSession, reason: str) -> None:
    if record.ended_at is None:
        record.ended_at = utcnow()
        record.end_reason = reason
        db.session.flush()


def end_all(user: User, reason: str, keep: UserSession | None = None) -> int:
    """End every live session of `user` (but `keep`); the number ended."""
    query = update(UserSession).where(
        UserSession.user_id == user.id, UserSession.ended_at.is_(None)
    )
    if keep is not None:
        query = query.where(UserSession.id != keep.id)
    result = db.session.execute(
        query.values(ended_at=utcnow(), end_reason=reason).execution_options(
            synchronize_session="fetch"
        )
    )
    return cast(CursorResult[Any], result).rowcount or 0


def end_one(user: User, session_id: int, reason: str = EndReason.REMOTE) -> bool:
    """End one of the user's own sessions by its id; False when it is not theirs or not live."""
    record = db.session.get(UserSession, session_id)
    if record is None or record.user_id != user.id or record.ended_at is not None:
        return False
    end(record, reason)
    return True


def active(user: User) -> list[UserSession]:
    """The user's live sessions, most recently used first."""
    now = utcnow()
    records = db.session.scalars(
        select(UserSession)
        .where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
        .order_by(UserSession.last_seen_at.desc(), UserSession.id.desc())
    )
    return [r for r in records if expiry_reason(r, user, now) is None]


def second_factor_passed(record: UserSession) -> None:
    record.second_factor_at = utcnow()
    db.session.flush()


_BROWSERS = (
    ("Edge", re.compile(r"Edg(e|A|iOS)?/")),
    ("Opera", re.compile(r"OPR/")),
    ("Firefox", re.compile(r"Firefox/|FxiOS/")),
    ("Chrome", re.compile(r"Chrome/|CriOS/")),
    ("Safari", re.compile(r"Safari/")),
)
_SYSTEMS = (
    ("iPhone", re.compile(r"iPhone")),
    ("iPad", re.compile(r"iPad")),
    ("Android", re.compile(r"Android")),
    ("Windows", re.compile(r"Windows")),
    ("macOS", re.compile(r"Mac OS X|Macintosh")),
    ("ChromeOS", re.compile(r"CrOS")),
    ("Linux", re.compile(r"Linux")),
)


def summarise_user_agent(user_agent: str) -> str:
    """A short, recognisable name for a device ("Firefox, Windows"), not the raw header."""
    agent = user_agent or ""
    browser = next((name for name, pattern in _BROWSERS if pattern.search(agent)), "")
    system = next((name for name, pattern in _SYSTEMS if pattern.search(agent)), "")
    summary = ", ".join(part for part in (browser, system) if part)
    if summary:
        return summary
    cleaned = "".join(ch for ch in agent if ch.isprintable())
    return cleaned[:60]
