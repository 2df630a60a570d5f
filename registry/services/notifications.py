"""Notifications: a row per user for the /notifications page, and an e-mail.

The e-mail goes out only after the transaction that caused it commits: a
decision that loses a race or fails later must not have told anyone it was
taken. Until then the messages wait in the session's `info`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, event, func, select, update
from sqlalchemy.orm import Session

from registry.extensions import db
from registry.models import Notification, User, utcnow

logger = logging.getLogger("registry.notifications")

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
    message = MESSAGES.get(notification.kind)
    if message is None:
        return notification.kind
    return str(message) % {"project": notification.params.get("project_title", "")}


def path(notification: Notification) -> str:
    """Where the notification leads: the catalogue entry once there is one, else the pilot."""
    params = notification.params
    if params.get("entry_slug"):
        return f"/catalogue/{params['entry_slug']}"
    return f"/projects/{params.get('project_slug', '')}"


def notify(users: Iterable[User], kind: str, subject: Any, **params: Any) -> list[Notification]:
    """Add a notification for each user (once each) and queue its e-mail for after the commit."""
    if kind not in MESSAGES:
        raise ValueError(f"unknown notification kind {kind!r}")
    if subject.id is None:
        db.session.flush()
    rows = []
    seen: set[int] = set()
    for user in users:
        if user.id in seen or user.disabled:
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
        db.session.info.setdefault(PENDING_MAIL, []).append((user.email, kind, params))
    db.session.flush()
    return rows


def query_for(user: User) -> Select[tuple[Notification]]:
    return (
        select(Notification)
        .where(Notification.user_id == user.id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
    )


def unread_count(user: User) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
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
    return db.session.execute(statement).rowcount


# --- Mail after commit ------------------------------------------------------------------


def compose_mail(kind: str, params: dict[str, Any], site_url: str) -> tuple[str, str]:
    """Subject and body of the e-mail for one notification, in the current language."""
    values = {"project": params.get("project_title", "")}
    lines = [_("Beste lezer,"), "", str(MESSAGES[kind]) % values]
    if params.get("rationale"):
        lines += ["", _("Toelichting van de curator:"), params["rationale"]]
    link = site_url.rstrip("/") + (
        f"/catalogue/{params['entry_slug']}"
        if params.get("entry_slug")
        else f"/projects/{params.get('project_slug', '')}"
    )
    lines += [
        "",
        _("Bekijk het op %(link)s", link=link),
        "",
        _("U ontvangt dit bericht omdat u de pilot voordroeg of bij de eigenaar werkt."),
        _("Innovatieregister"),
    ]
    return str(MAIL_SUBJECTS[kind]) % values, "\n".join(lines)


def _send_pending(session: Session) -> None:
    pending = session.info.pop(PENDING_MAIL, [])
    if not pending:
        return
    from registry import mail

    config = current_app.config
    with force_locale(config.get("BABEL_DEFAULT_LOCALE", "nl")):
        for to, kind, params in pending:
            subject, body = compose_mail(kind, params, config.get("SITE_URL", ""))
            try:
                mail.send(to, subject, body)
            except Exception:
                # The change is committed; a broken mail must not turn it into an error page.
                logger.exception("Could not send notification %s to %s", kind, to)


def _drop_pending(session: Session) -> None:
    session.info.pop(PENDING_MAIL, None)


def init_mail_on_commit() -> None:
    """Send queued notification mail after each commit; drop it on rollback. Idempotent."""
    if not event.contains(db.session, "after_commit", _send_pending):
        event.listen(db.session, "after_commit", _send_pending)
        event.listen(db.session, "after_rollback", _drop_pending)


def discard_pending_mail() -> None:
    """Drop the mail queued in this transaction (demo data notifies nobody)."""
    db.session.info.pop(PENDING_MAIL, None)
