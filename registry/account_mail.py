"""Mail that someone asks for without being signed in: a reset link, a verification link.

The request that asks does the same work whatever the address: it counts the
ask against the limits and enqueues one task, "a mail of this purpose was
asked for this address, in this language". Only the worker looks the address
up and writes the mail to the outbox, or nothing; so neither the time an
answer takes nor the statements it runs tell whether an address is known.

The same holds for registering: the request creates the account (or finds
the existing one, hashing the password either way) and enqueues the same
task; the worker sends a verification link to an unverified account and
"you already have an account" to a verified one.

Account mail carries no unsubscribe link: it is only ever sent because
someone asked for it. Links are built from SITE_URL (`registry.links`).
"""

from __future__ import annotations

from flask import current_app, render_template
from flask_babel import force_locale
from sqlalchemy.orm import Session

from registry import links, mail_outbox
from registry.models import MailOutbox, User
from registry.services import accounts
from registry.translation import gettext as _

RESET = "reset"
VERIFY = "verify"
REGISTER = "register"
PURPOSES = (RESET, VERIFY, REGISTER)


def ask(purpose: str, email: str, language: str) -> bool:
    """From a request: enqueue the ask (no database, no rendering); False if not enqueued."""
    if purpose not in PURPOSES:
        raise ValueError(f"no account mail for {purpose!r}")
    from registry.tasks import enqueue, jobs

    return enqueue(jobs.send_account_mail, purpose, accounts.normalise_email(email), language)


def write(session: Session, purpose: str, email: str, language: str) -> MailOutbox | None:
    """In the worker: the mail this ask calls for, written to the outbox, or None.

    The caller commits; the delivery task is enqueued after that commit.
    """
    if language not in current_app.config["LANGUAGES"]:
        language = str(current_app.config["BABEL_DEFAULT_LOCALE"])
    with force_locale(language):
        if purpose == RESET:
            user = accounts.resettable(email)
            return None if user is None else reset(session, user, language)
        if purpose == VERIFY:
            user = accounts.awaiting_verification(email)
            return None if user is None else verification(session, user, language)
        if purpose == REGISTER:
            user = accounts.find_by_email(email)
            if user is None or user.disabled:
                return None
            if user.email_verified_at is None:
                return verification(session, user, language)
            return already_registered(session, user, language)
    raise ValueError(f"no account mail for {purpose!r}")


def _queue(
    session: Session,
    user: User,
    language: str,
    kind: str,
    subject: str,
    template: str,
    **context: object,
) -> MailOutbox:
    body = render_template(f"auth/mail/{template}", account=user, **context)
    return mail_outbox.queue(
        session,
        to=user.email,
        subject=subject,
        text=body,
        kind=kind,
        language=language,
        user_id=user.id,
    )


def verification(session: Session, user: User, language: str) -> MailOutbox:
    link = links.absolute("auth.verify", token=accounts.verification_token(user))
    subject = _("Bevestig uw e-mailadres")
    return _queue(session, user, language, "verify", subject, "verify.txt", link=link)


def already_registered(session: Session, user: User, language: str) -> MailOutbox:
    return _queue(
        session,
        user,
        language,
        "already_registered",
        _("Er is al een account met uw e-mailadres"),
        "already_registered.txt",
        login_link=links.absolute("auth.login"),
        reset_link=links.absolute("auth.reset_request"),
    )


def reset(session: Session, user: User, language: str) -> MailOutbox:
    link = links.absolute("auth.reset_password", token=accounts.reset_token(user))
    subject = _("Nieuw wachtwoord instellen")
    return _queue(session, user, language, "reset", subject, "reset.txt", link=link)
