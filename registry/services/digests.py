"""Digests: the notifications a person chose to get daily or weekly, in one mail.

A digest takes each person's rows of its channel that were not mailed yet
and marks them mailed with one conditional UPDATE … RETURNING per person,
in the transaction that also writes the mail: a row is in one digest only,
a rerun finds nothing new, and two runs at once cannot both take a row
(the second UPDATE finds `mailed_at` set). Disabled accounts get no digest;
their rows wait, and go out if the account is enabled again.
The mail itself is written by `registry.notifications_mail` before the
commit, like every notification mail.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from registry.extensions import db
from registry.models import MailChannel, Notification, User

PENDING_DIGESTS = "registry.pending_digests"
# A digest lists at most this many items; the rest are on the notifications page.
MAX_ITEMS = 50


class DigestItem(NamedTuple):
    kind: str
    params: dict[str, Any]
    created_at: datetime


class PendingDigest(NamedTuple):
    """One digest mail waiting for its transaction to commit."""

    to: str
    user_id: int
    language: str | None
    channel: str
    items: list[DigestItem]
    total: int


def recipients(channel: str) -> list[int]:
    """The people with rows of this digest channel not mailed yet (active accounts only)."""
    if channel not in MailChannel.DIGESTS:
        raise ValueError(f"not a digest channel: {channel!r}")
    return list(
        db.session.scalars(
            select(User.id)
            .where(
                User.disabled.is_(False),
                User.email_verified_at.is_not(None),
                User.id.in_(
                    select(Notification.user_id).where(
                        Notification.mail == channel, Notification.mailed_at.is_(None)
                    )
                ),
            )
            .order_by(User.id)
        )
    )


def collect_for(user_id: int, channel: str, now: datetime) -> bool:
    """Queue one person's digest; False when there was nothing (left) to put in it."""
    user = db.session.get(User, user_id)
    if user is None or user.disabled:
        return False
    taken = db.session.execute(
        update(Notification)
        .where(
            Notification.user_id == user_id,
            Notification.mail == channel,
            Notification.mailed_at.is_(None),
        )
        .values(mailed_at=now)
        .returning(Notification.kind, Notification.params, Notification.created_at)
        .execution_options(synchronize_session=False)
    ).all()
    if not taken:
        return False
    items = sorted(
        (DigestItem(kind, params or {}, created) for kind, params, created in taken),
        key=lambda item: item.created_at,
        reverse=True,
    )
    pending = PendingDigest(
        user.email, user.id, user.language, channel, items[:MAX_ITEMS], len(items)
    )
    db.session.info.setdefault(PENDING_DIGESTS, []).append(pending)
    db.session.flush()
    return True


def collect(channel: str, now: datetime) -> int:
    """Queue a digest for everyone with unmailed rows of this channel; how many digests.

    In one transaction; the worker and the command use `recipients` and
    `collect_for` instead, a transaction per person.
    """
    return sum(collect_for(user_id, channel, now) for user_id in recipients(channel))


def take_pending(session: Session) -> list[PendingDigest]:
    pending: list[PendingDigest] = session.info.pop(PENDING_DIGESTS, [])
    return pending


def discard_pending(session: Session) -> None:
    session.info.pop(PENDING_DIGESTS, None)
