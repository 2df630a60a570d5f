"""Mails about a change of e-mail address: the link to the new one, the notice to the old."""

from __future__ import annotations

from flask import render_template
from flask_babel import gettext as _

from registry import mail
from registry.models import User
from registry.web.auth.mails import site_link


def send_email_change(user: User, new_email: str, token: str) -> bool:
    body = render_template(
        "account/mail/confirm_email.txt",
        account=user,
        new_email=new_email,
        link=site_link("account.confirm_email", token=token),
    )
    return mail.send(new_email, _("Bevestig uw nieuwe e-mailadres"), body)


def send_email_changed_notice(user: User, old_email: str) -> bool:
    body = render_template(
        "account/mail/email_changed.txt",
        account=user,
        new_email=user.email,
    )
    return mail.send(old_email, _("Uw e-mailadres is gewijzigd"), body)


def send_security_notice(user: User, what: object) -> bool:
    """Tell the owner that something about signing in changed, in case it was not them."""
    body = render_template("account/mail/security_notice.txt", account=user, what=what)
    return mail.send(user.email, _("Wijziging in uw account"), body)
