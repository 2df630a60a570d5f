"""Notification e-mail, sent once the transaction that queued it has committed.

`services.notifications.notify` queues the mail in the session; the session
hooks (see `registry.lifecycle`) call `send_pending` after a commit and
`drop_pending` after a rollback. Links come from the web layer's URL map on
SITE_URL, so they are right in mail sent after a command commits too.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import current_app, has_app_context
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from registry import mail
from registry.services import notifications
from registry.web import notification_links

logger = logging.getLogger("registry.notifications")


def compose(kind: str, params: dict[str, Any]) -> tuple[str, str]:
    """Subject and body of the e-mail for one notification, in the current language."""
    lines = [_("Beste lezer,"), "", notifications.sentence(kind, params)]
    if params.get("rationale"):
        lines += ["", _("Toelichting van de curator:"), params["rationale"]]
    lines += [
        "",
        _("Bekijk het op %(link)s", link=notification_links.site_url(params)),
        "",
        _("U ontvangt dit bericht omdat u de pilot voordroeg of bij de eigenaar werkt."),
        _("Innovatieregister"),
    ]
    return notifications.mail_subject(kind, params), "\n".join(lines)


def send_pending(session: Session) -> None:
    """After a commit: send the mail that transaction queued."""
    pending = notifications.take_pending_mail(session)
    if not pending or not has_app_context():
        return
    with force_locale(current_app.config.get("BABEL_DEFAULT_LOCALE", "nl")):
        for to, kind, params in pending:
            try:
                subject, body = compose(kind, params)
                mail.send(to, subject, body)
            except Exception:
                # The change is committed; a broken mail must not turn it into an error page.
                logger.exception("Could not send notification %s to %s", kind, to)


def drop_pending(session: Session) -> None:
    """After a rollback: what the transaction queued was never decided."""
    notifications.discard_pending_mail(session)
