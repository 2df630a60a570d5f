"""Writing mail: one outbox row per message, in the transaction that caused it.

`queue` renders nothing itself: callers pass the subject and the plain text
in the recipient's language; the HTML part is made here from that text
(escaped, links made clickable, `lang` set), so both parts always say the
same. After the commit the session hooks (registered by `registry.lifecycle`)
enqueue a delivery task for each row written; after a rollback nothing is
enqueued, and the rows are gone with the transaction.
"""

from __future__ import annotations

import re

from flask import current_app, render_template
from markupsafe import Markup, escape
from sqlalchemy.orm import Session

from registry.models import MailOutbox, User
from registry.row_tasks import TaskPerRow

LINK = re.compile(r"https?://[^\s<>\"]+")


def queue(
    session: Session,
    *,
    to: str,
    subject: str,
    text: str,
    kind: str,
    language: str,
    user_id: int | None = None,
    unsubscribe_url: str | None = None,
    settings_url: str | None = None,
) -> MailOutbox:
    row = MailOutbox(
        user_id=user_id,
        recipient=to,
        language=language,
        kind=kind,
        subject=subject[:300],
        text_body=text,
        html_body=html_part(subject, text, language, settings_url, unsubscribe_url),
        unsubscribe_url=unsubscribe_url,
    )
    session.add(row)
    return row


def recipient_language(user: User | None) -> str:
    """The language to write to a person in: the one they chose, else the site's (Dutch)."""
    return recipient_language_code(user.language if user is not None else None)


def recipient_language_code(language: str | None) -> str:
    """The language for a person who chose `language` (None: never chose one)."""
    if language and language in current_app.config["LANGUAGES"]:
        return str(language)
    return str(current_app.config.get("BABEL_DEFAULT_LOCALE") or "nl")


def html_part(
    subject: str,
    text: str,
    language: str,
    settings_url: str | None = None,
    unsubscribe_url: str | None = None,
) -> str:
    """A simple accessible HTML version of the text: no images, everything escaped."""
    paragraphs = [_paragraph(block) for block in re.split(r"\n\s*\n", text.strip()) if block]
    return render_template(
        "mail/message.html",
        language=language,
        subject=subject,
        paragraphs=paragraphs,
        settings_url=settings_url,
        unsubscribe_url=unsubscribe_url,
    )


def _paragraph(block: str) -> Markup:
    lines = []
    for line in block.splitlines():
        escaped = str(escape(line))
        lines.append(LINK.sub(lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', escaped))
    return Markup("<br>\n".join(lines))


# --- Session hooks ----------------------------------------------------------------------


# A delivery task per row; a lost one is found by the sweep.
_rows = TaskPerRow(MailOutbox, "registry.tasks.jobs", "deliver_mail")
record_queued = _rows.record_queued
enqueue_committed = _rows.enqueue_committed
forget_queued = _rows.forget_queued
