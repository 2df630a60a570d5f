"""Notifications: a row per person for the /notifications page, and mail as they chose.

Each person chooses a channel per kind (`NotificationPreference`, else the
kind's default): at once, in the daily or weekly digest, on the site only
(`never`: no mail), or not at all (`off`). A row is written for every
channel but `off`; it remembers its channel, and `mailed_at` says when it
went out, so a digest never mails it twice.

Mail at once is written to the mail outbox in the same transaction as the
change, just before it commits, and delivered by the worker afterwards: a
decision that loses a race or fails later has told nobody it was taken.
Until the commit the messages wait in the session's `info`, as plain values
(ids, slugs, titles); `registry.notifications_mail` writes them with links
from the web layer, in each recipient's language.

Who is told of what is decided in `services.notification_matrix`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple, cast

from sqlalchemy import CursorResult, Select, func, select, update
from sqlalchemy.orm import Session

from registry.extensions import db
from registry.models import (
    MailChannel,
    Notification,
    NotificationPreference,
    User,
    utcnow,
)
from registry.services.notification_kinds import BY_CODE, fill

PENDING_MAIL = "registry.pending_mail"

# One sentence per kind; `params` fill it in. Shown on the page and in the e-mail.
MESSAGES = {code: kind.message for code, kind in BY_CODE.items()}
MAIL_SUBJECTS = {code: kind.subject for code, kind in BY_CODE.items()}


def text(notification: Notification) -> str:
    """The notification as a sentence in the current language."""
    return sentence(notification.kind, notification.params)


def sentence(kind: str, params: dict[str, Any]) -> str:
    message = MESSAGES.get(kind)
    if message is None:
        return kind
    return fill(message, params)


class PendingMail(NamedTuple):
    """One e-mail waiting for its transaction to commit."""

    to: str
    kind: str
    params: dict[str, Any]
    user_id: int
    language: str | None = None


def notify(users: Iterable[User], kind: str, subject: Any, **params: Any) -> list[Notification]:
    """Tell each user (once each) on the site and by mail, as each chose for this kind.

    Disabled accounts are told nothing. Returns the rows written.
    """
    if kind not in MESSAGES:
        raise ValueError(f"unknown notification kind {kind!r}")
    if subject.id is None:
        db.session.flush()
    recipients: dict[int, User] = {}
    for user in users:
        if not user.disabled and user.id not in recipients:
            recipients[user.id] = user
    if not recipients:
        return []
    chosen = channels(set(recipients), kind)
    now = utcnow()
    rows = []
    for user in recipients.values():
        channel = chosen[user.id]
        if channel == MailChannel.OFF:
            continue
        row = Notification(
            user_id=user.id,
            kind=kind,
            subject_type=subject.__tablename__,
            subject_id=subject.id,
            params=params,
            mail=channel,
            mailed_at=now if channel == MailChannel.IMMEDIATE else None,
        )
        db.session.add(row)
        rows.append(row)
        if channel == MailChannel.IMMEDIATE:
            pending = PendingMail(user.email, kind, params, user.id, user.language)
            db.session.info.setdefault(PENDING_MAIL, []).append(pending)
    db.session.flush()
    return rows


# --- The page -----------------------------------------------------------------------


def query_for(user: User, kinds: Iterable[str] | None = None) -> Select[Notification]:
    """The user's notifications, newest first; only these kinds when given."""
    query = select(Notification).where(Notification.user_id == user.id)
    if kinds is not None:
        query = query.where(Notification.kind.in_(list(kinds)))
    return query.order_by(Notification.created_at.desc(), Notification.id.desc())


def unread_count(user: User) -> int:
    return (
        db.session.scalar(
            select(func.count())
            .select_from(Notification)
            .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        )
        or 0
    )


def mark_read(user: User, notification_id: int | None = None) -> int:
    """Mark one of the user's notifications, or all of them, as read; returns how many changed.

    Scoped to the user in the statement itself, so nobody marks another's.
    """
    statement = (
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if notification_id is not None:
        statement = statement.where(Notification.id == notification_id)
    result = cast(CursorResult[Any], db.session.execute(statement))
    return result.rowcount


# --- Channels ---------------------------------------------------------------------------


def default_channel(kind: str) -> str:
    return BY_CODE[kind].default if kind in BY_CODE else MailChannel.IMMEDIATE


def channels(user_ids: set[int], kind: str) -> dict[int, str]:
    """The channel each of these people chose for this kind (the default where they did not)."""
    chosen = {user_id: default_channel(kind) for user_id in user_ids}
    if user_ids:
        rows = db.session.execute(
            select(NotificationPreference.user_id, NotificationPreference.mail).where(
                NotificationPreference.user_id.in_(user_ids),
                NotificationPreference.kind == kind,
            )
        )
        chosen.update((user_id, channel) for user_id, channel in rows)
    return chosen


def mail_turned_off(user_ids: set[int], kind: str) -> set[int]:
    """Which of these people asked for no mail about this kind."""
    return {
        user_id
        for user_id, channel in channels(user_ids, kind).items()
        if channel in (MailChannel.NEVER, MailChannel.OFF)
    }


def preferences(user: User) -> dict[str, str]:
    """The user's channel for every kind, defaults filled in."""
    chosen = {code: default_channel(code) for code in BY_CODE}
    rows = db.session.execute(
        select(NotificationPreference.kind, NotificationPreference.mail).where(
            NotificationPreference.user_id == user.id,
            NotificationPreference.kind.in_(list(BY_CODE)),
        )
    )
    chosen.update((kind, channel) for kind, channel in rows)
    return chosen


def set_channel(user: User, kind: str, channel: str) -> bool:
    """Choose the channel for one kind; False when it was already that."""
    if kind not in BY_CODE:
        raise ValueError(f"unknown notification kind {kind!r}")
    if channel not in MailChannel.ALL:
        raise ValueError(f"unknown channel {channel!r}")
    preference = db.session.get(NotificationPreference, (user.id, kind))
    current = preference.mail if preference is not None else default_channel(kind)
    if current == channel:
        return False
    if preference is None:
        db.session.add(NotificationPreference(user_id=user.id, kind=kind, mail=channel))
    else:
        preference.mail = channel
        preference.updated_at = utcnow()
    db.session.flush()
    return True


def set_channels(user: User, wanted: dict[str, str]) -> list[str]:
    """Save the settings page: the kinds whose channel changed."""
    return [kind for kind, channel in wanted.items() if set_channel(user, kind, channel)]


# One-click unsubscribe from a digest turns off the digest's mail for every kind in it.
DIGEST_UNSUBSCRIBE = {"digest_daily": MailChannel.DAILY, "digest_weekly": MailChannel.WEEKLY}


def can_unsubscribe_from(kind: str) -> bool:
    return kind in BY_CODE or kind in DIGEST_UNSUBSCRIBE


def turn_mail_off(user: User, kind: str) -> bool:
    """No more mail about this kind (or from this digest); False when there was none already.

    What was shown on the site stays on the site: the channel becomes `never`,
    not `off`.
    """
    if kind in DIGEST_UNSUBSCRIBE:
        digest = DIGEST_UNSUBSCRIBE[kind]
        current = preferences(user)
        changed = [code for code, channel in current.items() if channel == digest]
        for code in changed:
            set_channel(user, code, MailChannel.NEVER)
        return bool(changed)
    if kind not in BY_CODE:
        raise ValueError(f"unknown notification kind {kind!r}")
    if default_channel(kind) == MailChannel.OFF:
        return False
    current_channel = preferences(user)[kind]
    if current_channel in (MailChannel.NEVER, MailChannel.OFF):
        return False
    return set_channel(user, kind, MailChannel.NEVER)


# --- Mail waiting for the commit -------------------------------------------------------


def mail_subject(kind: str, params: dict[str, Any]) -> str:
    """The e-mail subject for one notification, in the current language."""
    return fill(MAIL_SUBJECTS[kind], params)


def take_pending_mail(session: Session) -> list[PendingMail]:
    """The mail queued in the session's transaction, removed from the queue."""
    pending: list[PendingMail] = session.info.pop(PENDING_MAIL, [])
    return pending


def discard_pending_mail(session: Session | None = None) -> None:
    """Drop the mail queued in this transaction (demo data notifies nobody)."""
    (session or db.session).info.pop(PENDING_MAIL, None)
