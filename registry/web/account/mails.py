"""Mails about the account itself: a new e-mail address, and changes to signing in.

Written to the outbox in the transaction of the change (the view commits once);
the worker delivers them.
"""

from __future__ import annotations

from flask import render_template

from registry import links, mail_outbox
from registry.extensions import db
from registry.i18n import current_language
from registry.models import MailOutbox, User
from registry.translation import gettext as _


def _queue(user: User, to: str, kind: str, subject: str, body: str) -> MailOutbox:
    return mail_outbox.queue(
        db.session(),
        to=to,
        subject=subject,
        text=body,
        kind=kind,
        language=current_language(),
        user_id=user.id,
    )


def queue_email_change(user: User, new_email: str, token: str) -> MailOutbox:
    body = render_template(
        "account/mail/confirm_email.txt",
        account=user,
        new_email=new_email,
        link=links.absolute("account.confirm_email", token=token),
    )
    return _queue(user, new_email, "email_change", _("Bevestig uw nieuwe e-mailadres"), body)


def queue_email_changed_notice(user: User, old_email: str) -> MailOutbox:
    body = render_template(
        "account/mail/email_changed.txt",
        account=user,
        new_email=user.email,
    )
    return _queue(user, old_email, "email_changed", _("Uw e-mailadres is gewijzigd"), body)


def queue_security_notice(user: User, what: object) -> MailOutbox:
    """Tell the owner that something about signing in changed, in case it was not them."""
    body = render_template("account/mail/security_notice.txt", account=user, what=what)
    return _queue(user, user.email, "security_notice", _("Wijziging in uw account"), body)
