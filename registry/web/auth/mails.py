"""The messages the accounts area sends, written to the mail outbox.

Each is rendered now, in the visitor's language (the person asking is the
one the account belongs to, or will be told of it), and delivered by the
worker after the view commits: no mail server is spoken to in a request, so
a slow one holds no worker and the time an answer takes says nothing about
whether an address is known. Account mail carries no unsubscribe link: it
is only ever sent because someone asked for it.

Links are built from SITE_URL, never from the request's Host header, so a
forged Host cannot turn a reset mail into a link to another site.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, render_template, url_for
from flask_babel import gettext as _

from registry import mail_outbox
from registry.extensions import db
from registry.i18n import current_language
from registry.models import MailOutbox, User
from registry.services import accounts


def site_link(endpoint: str, **values: Any) -> str:
    return current_app.config["SITE_URL"].rstrip("/") + url_for(endpoint, **values)


def _queue(user: User, kind: str, subject: str, template: str, **context: object) -> MailOutbox:
    body = render_template(f"auth/mail/{template}", account=user, **context)
    return mail_outbox.queue(
        db.session(),
        to=user.email,
        subject=subject,
        text=body,
        kind=kind,
        language=current_language(),
        user_id=user.id,
    )


def queue_verification(user: User) -> MailOutbox:
    link = site_link("auth.verify", token=accounts.verification_token(user))
    return _queue(user, "verify", _("Bevestig uw e-mailadres"), "verify.txt", link=link)


def queue_already_registered(user: User) -> MailOutbox:
    return _queue(
        user,
        "already_registered",
        _("Er is al een account met uw e-mailadres"),
        "already_registered.txt",
        login_link=site_link("auth.login"),
        reset_link=site_link("auth.reset_request"),
    )


def queue_reset(user: User) -> MailOutbox:
    link = site_link("auth.reset_password", token=accounts.reset_token(user))
    return _queue(user, "reset", _("Nieuw wachtwoord instellen"), "reset.txt", link=link)
