"""Notifications: a row per user for the /notifications page, and an e-mail.

The e-mail is written to the mail outbox in the same transaction as the
change, just before it commits, and delivered by the worker afterwards: a
decision that loses a race or fails later has told nobody it was taken.
Until the commit the messages wait in the session's `info`, as plain values
(ids, slugs, titles); `registry.notifications_mail` writes them with links
from the web layer. A person who turned a kind's mail off (one-click
unsubscribe) still gets the notification on the site, not the mail.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple, cast

from flask_babel import lazy_gettext as _l
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

PENDING_MAIL = "registry.pending_mail"

# One sentence per kind; `params` fill it in. Shown on the page and in the e-mail.
MESSAGES = {
    "nomination_in_review": _l(
        "Een curator heeft de voordracht van de pilot ‘%(project)s’ in behandeling genomen."
    ),
    "nomination_accepted": _l(
        "De voordracht van de pilot ‘%(project)s’ is aangenomen. "
        "De pilot staat nu als standaard in de catalogus."
    ),
    "nomination_rejected": _l("De voordracht van de pilot ‘%(project)s’ is afgewezen."),
    "nomination_returned": _l(
        "De voordracht van de pilot ‘%(project)s’ is teruggegeven aan de eigenaren "
        "om de pilot verder uit te werken."
    ),
}

MAIL_SUBJECTS = {
    "nomination_in_review": _l("Voordracht in behandeling: %(project)s"),
    "nomination_accepted": _l("Voordracht aangenomen: %(project)s"),
    "nomination_rejected": _l("Voordracht afgewezen: %(project)s"),
    "nomination_returned": _l("Voordracht teruggegeven: %(project)s"),
}


def text(notification: Notification) -> str:
    """The notification as a sentence in the current language."""
    return sentence(notification.kind, notification.params)


def sentence(kind: str, params: dict[str, Any]) -> str:
    message = MESSAGES.get(kind)
    if message is None:
        return kind
    return str(message) % {"project": params.get("project_title", "")}


class PendingMail(NamedTuple):
    """One e-mail waiting for its transaction to commit."""

    to: str
    kind: str
    params: dict[str, Any]
    user_id: int


def notify(users: Iterable[User], kind: str, subject: Any, **params: Any) -> list[Notification]:
    """Add a notification for each user (once each) and queue its e-mail for after the commit."""
    if kind not in MESSAGES:
        raise ValueError(f"unknown notification kind {kind!r}")
    if subject.id is None:
        db.session.flush()
    rows = []
    seen: set[int] = set()
    recipients = [u for u in users if not u.disabled]
    no_mail = mail_turned_off({u.id for u in recipients}, kind)
    for user in recipients:
        if user.id in seen:
            continue
        seen.add(user.id)
        row = Notification(
            user=user,
            kind=kind,
            subject_type=subject.__tablename__,
            subject_id=subject.id,
            params=params,
        )
        db.session.add(row)
        rows.append(row)
        if user.id not in no_mail:
            pending = PendingMail(user.email, kind, params, user.id)
            db.session.info.setdefault(PENDING_MAIL, []).append(pending)
    db.session.flush()
    return rows


def query_for(user: User) -> Select[Notification]:
    return (
        select(Notification)
        .where(Notification.user_id == user.id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
    )


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


# --- Mail preferences ----------------------------------------------------------------


def mail_turned_off(user_ids: set[int], kind: str) -> set[int]:
    """Which of these people asked for no mail about this kind."""
    if not user_ids:
        return set()
    return set(
        db.session.scalars(
            select(NotificationPreference.user_id).where(
                NotificationPreference.user_id.in_(user_ids),
                NotificationPreference.kind == kind,
                NotificationPreference.mail == MailChannel.NEVER,
            )
        )
    )


def turn_mail_off(user: User, kind: str) -> bool:
    """No more mail about this kind for this person; False when it was already off."""
    if kind not in MESSAGES:
        raise ValueError(f"unknown notification kind {kind!r}")
    preference = db.session.get(NotificationPreference, (user.id, kind))
    if preference is None:
        db.session.add(NotificationPreference(user_id=user.id, kind=kind, mail=MailChannel.NEVER))
    elif preference.mail == MailChannel.NEVER:
        return False
    else:
        preference.mail = MailChannel.NEVER
        preference.updated_at = utcnow()
    db.session.flush()
    return True


# --- Mail waiting for the commit -------------------------------------------------------


def mail_subject(kind: str, params: dict[str, Any]) -> str:
    """The e-mail subject for one notification, in the current language."""
    return str(MAIL_SUBJECTS[kind]) % {"project": params.get("project_title", "")}


def take_pending_mail(session: Session) -> list[PendingMail]:
    """The mail queued in the session's transaction, removed from the queue."""
    pending: list[PendingMail] = session.info.pop(PENDING_MAIL, [])
    return pending


def discard_pending_mail(session: Session | None = None) -> None:
    """Drop the mail queued in this transaction (demo data notifies nobody)."""
    (session or db.session).info.pop(PENDING_MAIL, None)
