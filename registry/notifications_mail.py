"""Notification e-mail, written to the mail outbox just before the transaction commits.

`services.notifications.notify` queues plain values in the session; the
`before_commit` hook (see `registry.lifecycle`) turns them into outbox rows
in the recipient's language, in the same transaction, so the mail exists
exactly when the change does; the worker delivers it after the commit.
Links come from the web layer's URL map on SITE_URL, so they are right in
mail written by a command too. Every notification mail carries a signed
one-click unsubscribe link (RFC 8058) for its kind and a link to the
notification settings.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import has_app_context
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from registry import mail_outbox
from registry.services import notifications
from registry.web import notification_links, unsubscribe_tokens

logger = logging.getLogger("registry.notifications")


def compose(kind: str, params: dict[str, Any], unsubscribe_url: str = "") -> tuple[str, str]:
    """Subject and body of the e-mail for one notification, in the current language."""
    lines = [_("Beste lezer,"), "", notifications.sentence(kind, params)]
    if params.get("rationale"):
        lines += ["", _("Toelichting van de curator:"), params["rationale"]]
    lines += [
        "",
        _("Bekijk het op %(link)s", link=notification_links.site_url(params)),
        "",
        _("U ontvangt dit bericht omdat u de pilot voordroeg of bij de eigenaar werkt."),
        _(
            "Uw meldingen bekijken en instellen: %(link)s",
            link=notification_links.absolute("notifications.index"),
        ),
    ]
    if unsubscribe_url:
        lines.append(_("Geen e-mail meer over dit soort meldingen: %(link)s", link=unsubscribe_url))
    lines += ["", _("Innovatieregister")]
    return notifications.mail_subject(kind, params), "\n".join(lines)


def write_pending(session: Session) -> None:
    """Before a commit: the mail the transaction queued, as outbox rows in that transaction."""
    if session.in_nested_transaction():
        # Releasing a savepoint also fires before_commit; the mail waits for the real commit.
        return
    pending = notifications.take_pending_mail(session)
    if not pending:
        return
    if not has_app_context():
        logger.error("%d notification mails dropped: no app to write them with", len(pending))
        return
    for item in pending:
        language = mail_outbox.recipient_language(None)
        unsubscribe_url = notification_links.absolute(
            "notifications.unsubscribe", token=unsubscribe_tokens.make(item.user_id, item.kind)
        )
        with force_locale(language):
            subject, text = compose(item.kind, item.params, unsubscribe_url)
            mail_outbox.queue(
                session,
                to=item.to,
                subject=subject,
                text=text,
                kind=item.kind,
                language=language,
                user_id=item.user_id,
                unsubscribe_url=unsubscribe_url,
                settings_url=notification_links.absolute("notifications.index"),
            )


def drop_pending(session: Session) -> None:
    """After a rollback: what the transaction queued was never decided."""
    notifications.discard_pending_mail(session)
