"""The messages the accounts area sends, rendered in the visitor's language.

Links are built from SITE_URL, never from the request's Host header, so a
forged Host cannot turn a reset mail into a link to another site.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, render_template, url_for
from flask_babel import gettext as _

from registry import mail
from registry.models import User
from registry.services import accounts


def site_link(endpoint: str, **values: Any) -> str:
    return current_app.config["SITE_URL"].rstrip("/") + url_for(endpoint, **values)


def _send(user: User, subject: str, template: str, **context: object) -> bool:
    body = render_template(f"auth/mail/{template}", account=user, **context)
    return mail.send(user.email, subject, body)


def send_verification(user: User) -> bool:
    link = site_link("auth.verify", token=accounts.verification_token(user))
    return _send(user, _("Bevestig uw e-mailadres"), "verify.txt", link=link)


def send_already_registered(user: User) -> bool:
    return _send(
        user,
        _("Er is al een account met uw e-mailadres"),
        "already_registered.txt",
        login_link=site_link("auth.login"),
        reset_link=site_link("auth.reset_request"),
    )


def send_reset(user: User) -> bool:
    link = site_link("auth.reset_password", token=accounts.reset_token(user))
    return _send(user, _("Nieuw wachtwoord instellen"), "reset.txt", link=link)
