"""A user's own account: name, language, notification choices, password and e-mail address.

Every change that could lock the owner out asks for something only the owner
has: the current password, or a link that reaches the new address.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select

from registry.extensions import db
from registry.models import MailChannel, NotificationPreference, User, UserSession, utcnow
from registry.services import events, tokens, user_sessions
from registry.services.accounts import (
    check_email,
    check_password,
    find_by_email,
    normalise_email,
)
from registry.services.errors import Conflict, Invalid
from registry.services.notifications import MESSAGES
from registry.services.passwords import hash_password, verify_password
from registry.translation import lazy_gettext as _l

WRONG_PASSWORD = _l("Dit is niet uw huidige wachtwoord.")


def update_profile(user: User, name: str, language: str | None) -> None:
    name = (name or "").strip()
    if not name:
        raise Invalid(_l("Vul uw naam in."), field="name")
    if language and language not in current_app.config["LANGUAGES"]:
        raise Invalid(_l("Kies een taal uit de lijst."), field="language")
    if (name, language or None) != (user.name, user.language):
        user.name, user.language = name, language or None
        events.record(user, "profile_changed", user)
    db.session.flush()


# --- Notifications --------------------------------------------------------------------


def notification_kinds() -> list[str]:
    return list(MESSAGES)


def notification_preferences(user: User) -> dict[str, bool]:
    """Mail wanted per kind of notification; a kind never chosen is wanted."""
    chosen = dict(
        db.session.execute(
            select(NotificationPreference.kind, NotificationPreference.mail).where(
                NotificationPreference.user_id == user.id
            )
        ).all()
    )
    return {
        kind: chosen.get(kind, MailChannel.IMMEDIATE) != MailChannel.NEVER
        for kind in notification_kinds()
    }


def set_notification_preferences(user: User, by_mail: set[str]) -> None:
    current = {
        row.kind: row
        for row in db.session.scalars(
            select(NotificationPreference).where(NotificationPreference.user_id == user.id)
        )
    }
    for kind in notification_kinds():
        row = current.get(kind) or NotificationPreference(user_id=user.id, kind=kind)
        wanted = kind in by_mail
        if wanted and row.mail == MailChannel.NEVER:
            row.mail = MailChannel.IMMEDIATE
        elif not wanted:
            row.mail = MailChannel.NEVER
        row.updated_at = utcnow()
        db.session.add(row)
    db.session.flush()


# --- Password ----------------------------------------------------------------------------


def change_password(user: User, current: str, new: str, keep: UserSession | None) -> int:
    """Set a new password after the current one; every other session ends. The number ended."""
    if not verify_password(user.password_hash, current or ""):
        raise Invalid(WRONG_PASSWORD, field="current_password")
    check_password(new)
    user.password_hash = hash_password(new)
    ended = user_sessions.end_all(user, user_sessions.EndReason.PASSWORD, keep=keep)
    events.record(user, "password_changed", user, sessions_ended=ended)
    db.session.flush()
    return ended


# --- E-mail address ---------------------------------------------------------------------


@dataclass(frozen=True)
class EmailChange:
    user: User
    old_email: str
    new_email: str


def request_email_change(user: User, password: str, new_email: str) -> str:
    """The token for a link to the new address; nothing changes until it is followed.

    Whether the new address already has an account is not said here (that
    would tell a signed-in stranger who is registered); the link refuses it.
    """
    if not verify_password(user.password_hash, password or ""):
        raise Invalid(WRONG_PASSWORD, field="password")
    check_email(new_email)
    new_email = normalise_email(new_email)
    if new_email == user.email:
        raise Invalid(_l("Dit is al uw e-mailadres."), field="email")
    return tokens.make(tokens.CHANGE_EMAIL, {"uid": user.id, "old": user.email, "new": new_email})


def confirm_email_change(token: str) -> EmailChange:
    payload = tokens.load(tokens.CHANGE_EMAIL, token)
    user = db.session.get(User, payload.get("uid") or 0)
    new_email = payload.get("new") or ""
    if user is None or user.disabled or user.email != payload.get("old") or not new_email:
        raise Invalid(tokens.BROKEN)
    if find_by_email(new_email) is not None:
        raise Conflict(_l("Er bestaat al een account met dit e-mailadres."))
    old_email, user.email = user.email, new_email
    events.record(user, "email_changed", user, previous=old_email)
    db.session.flush()
    return EmailChange(user, old_email, new_email)
