"""Notification e-mail, written to the mail outbox just before the transaction commits.

`services.notifications.notify` (mail at once) and `services.digests.collect`
(daily and weekly digests) queue plain values in the session; the
`before_commit` hook (see `registry.lifecycle`) turns them into outbox rows
in each recipient's language, in the same transaction, so the mail exists
exactly when the change does; the worker delivers it after the commit.
Links come from the web layer's URL map on SITE_URL, so they are right in
mail written by a command or the worker too. Every notification mail says
why it was sent, links to the notification settings, and carries a signed
one-click unsubscribe link (RFC 8058) for its kind (for a digest: for that
digest); the HTML part is made from the text by `mail_outbox`.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import has_app_context
from flask_babel import force_locale
from sqlalchemy.orm import Session

from registry import links, mail_outbox
from registry.models import MailChannel
from registry.services import digests, notifications
from registry.services.digests import PendingDigest
from registry.translation import gettext as _
from registry.translation import ngettext
from registry.web import notification_links, notification_texts, unsubscribe_tokens
from registry.web.formatting import fmt_date

logger = logging.getLogger("registry.notifications")


def _reason(reason: str | None) -> str:
    """Why this person gets this mail, in the current language."""
    reasons = {
        "owners": _(
            "U ontvangt dit bericht omdat u werkt bij de eigenaar of een partner van de pilot."
        ),
        "nominator": _("U ontvangt dit bericht omdat u de pilot voordroeg."),
        "curators": _("U ontvangt dit bericht omdat u curator bent."),
        "follows_project": _("U ontvangt dit bericht omdat u deze pilot volgt."),
        "follows_theme": _("U ontvangt dit bericht omdat u een thema van deze pilot volgt."),
        "follows_organisation": _(
            "U ontvangt dit bericht omdat u een organisatie van deze pilot volgt."
        ),
        "follows_catalogue": _("U ontvangt dit bericht omdat u de catalogus volgt."),
    }
    return reasons.get(reason or "") or _(
        "U ontvangt dit bericht omdat u de pilot voordroeg of bij de eigenaar werkt."
    )


def _footer(unsubscribe_url: str) -> list[str]:
    lines = [
        _(
            "Uw meldingen bekijken en instellen: %(link)s",
            link=links.absolute("notifications.settings"),
        )
    ]
    if unsubscribe_url:
        lines.append(_("Geen e-mail meer over dit soort meldingen: %(link)s", link=unsubscribe_url))
    return [*lines, "", _("Innovatieregister")]


def compose(kind: str, params: dict[str, Any], unsubscribe_url: str = "") -> tuple[str, str]:
    """Subject and body of the e-mail for one notification, in the current language."""
    lines = [_("Beste lezer,"), "", notification_texts.sentence(kind, params)]
    if params.get("rationale"):
        lines += ["", _("Toelichting van de curator:"), params["rationale"]]
    lines += [
        "",
        _("Bekijk het op %(link)s", link=notification_links.site_url(params, kind=kind)),
        "",
        _reason(params.get("reason")),
        *_footer(unsubscribe_url),
    ]
    return notification_texts.subject(kind, params), "\n".join(lines)


def compose_digest(digest: PendingDigest, unsubscribe_url: str = "") -> tuple[str, str]:
    """Subject and body of a daily or weekly digest, in the current language."""
    daily = digest.channel == MailChannel.DAILY
    subject = (
        ngettext(
            "Uw dagelijkse overzicht: %(num)d melding",
            "Uw dagelijkse overzicht: %(num)d meldingen",
            digest.total,
        )
        if daily
        else ngettext(
            "Uw wekelijkse overzicht: %(num)d melding",
            "Uw wekelijkse overzicht: %(num)d meldingen",
            digest.total,
        )
    )
    lines = [
        _("Beste lezer,"),
        "",
        _("Dit gebeurde er sinds uw vorige overzicht:")
        if daily
        else _("Dit gebeurde er deze week:"),
    ]
    for item in digest.items:
        lines += [
            "",
            f"- {notification_texts.sentence(item.kind, item.params)}",
            f"  {fmt_date(item.created_at)}",
            f"  {notification_links.site_url(item.params, kind=item.kind)}",
        ]
    if digest.total > len(digest.items):
        lines += [
            "",
            ngettext(
                "En nog %(num)d melding op %(link)s",
                "En nog %(num)d meldingen op %(link)s",
                digest.total - len(digest.items),
                link=links.absolute("notifications.index"),
            ),
        ]
    lines += [
        "",
        _("U ontvangt dit overzicht omdat u voor deze meldingen een overzicht per e-mail koos."),
    ]
    lines += _footer(unsubscribe_url)
    return subject, "\n".join(lines)


def write_pending(session: Session) -> None:
    """Before a commit: the mail the transaction queued, as outbox rows in that transaction."""
    if session.in_nested_transaction():
        # Releasing a savepoint also fires before_commit; the mail waits for the real commit.
        return
    pending = notifications.take_pending_mail(session)
    pending_digests = digests.take_pending(session)
    if not pending and not pending_digests:
        return
    if not has_app_context():
        logger.error(
            "%d notification mails dropped: no app to write them with",
            len(pending) + len(pending_digests),
        )
        return
    settings_url = links.absolute("notifications.settings")
    for item in pending:
        language = mail_outbox.recipient_language_code(item.language)
        unsubscribe_url = links.absolute(
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
                settings_url=settings_url,
            )
    for digest in pending_digests:
        language = mail_outbox.recipient_language_code(digest.language)
        kind = f"digest_{digest.channel}"
        unsubscribe_url = links.absolute(
            "notifications.unsubscribe", token=unsubscribe_tokens.make(digest.user_id, kind)
        )
        with force_locale(language):
            subject, text = compose_digest(digest, unsubscribe_url)
            mail_outbox.queue(
                session,
                to=digest.to,
                subject=subject,
                text=text,
                kind=kind,
                language=language,
                user_id=digest.user_id,
                unsubscribe_url=unsubscribe_url,
                settings_url=settings_url,
            )


def drop_pending(session: Session) -> None:
    """After a rollback: what the transaction queued was never decided."""
    notifications.discard_pending_mail(session)
    digests.discard_pending(session)
