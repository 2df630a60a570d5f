"""The transaction lifecycle: every hook on a database session, registered in one place.

What runs when a request (or a command) saves something, in order:

before flush    nothing.
statement       `freshness.note_statement`: a bulk INSERT, UPDATE or DELETE of a public
                table marks the transaction as changing what visitors see.
after flush     `search.outbox.record_changes`: a SearchOutbox row for each pilot
                or organisation change a search would see, on the same connection,
                so it commits or rolls back with the change itself.
                `mail_outbox.record_queued`: the ids of the MailOutbox rows written.
                `notification_fanout.record_queued`: the ids of the fan-out rows
                (followers to tell) written.
                `freshness.note_flushed_changes`: whether a public table was written.
before commit   `notifications_mail.write_pending`: the notification mail queued in
                the transaction, written as MailOutbox rows in that transaction
                (flushed by the commit, so `record_queued` sees them).
                `search.pg_documents.apply_before_commit` (SEARCH_BACKEND=postgres
                only): those rows applied to `search.document` in a savepoint of the
                same transaction; if that fails they stay pending and the commit
                goes ahead.
                `freshness.raise_on_commit` (last): when the transaction wrote a
                table visitors can see, the register's version goes up in it, which
                makes every cache of public data and every public ETag stale.
after commit    `search.outbox.mark_sync_due`: the session is due for a sync.
                `mail_outbox.enqueue_committed`: a delivery task per mail row the
                transaction wrote (a lost enqueue is found by the periodic sweep).
                `notification_fanout.enqueue_committed`: a task per fan-out row, which
                tells the followers in a transaction of its own.
                `freshness.forget`: the register version was raised with the commit.
after rollback  `search.outbox.forget_written`, `notifications_mail.drop_pending`,
                `mail_outbox.forget_queued`, `notification_fanout.forget_queued` and
                `freshness.forget`: nothing of the rolled-back transaction is synced,
                mailed, fanned out or counted as a change.
after request   `search.sync_after_request`: when the request's session is due, the
                pending outbox rows are applied to the index in a session of their
                own; a locked or broken index leaves them pending and is only logged.

Session hooks are listened on SQLAlchemy's `Session` class, so they hold for
every session of the process (the request's, a command's, search's own);
creating a second app registers nothing twice. A hook that needs the app
(which search backend, SITE_URL) asks `current_app` when it runs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask
from sqlalchemy import event
from sqlalchemy.orm import Session

from registry import mail_outbox, notification_fanout, notifications_mail, search
from registry.search import outbox, pg_documents
from registry.services import freshness

# (event, hook) in the order they are registered; hooks of one event run in this order.
SESSION_HOOKS: tuple[tuple[str, Callable[..., Any]], ...] = (
    ("after_flush", outbox.record_changes),
    ("after_flush", mail_outbox.record_queued),
    ("after_flush", notification_fanout.record_queued),
    ("after_flush", freshness.note_flushed_changes),
    ("do_orm_execute", freshness.note_statement),
    ("before_commit", notifications_mail.write_pending),
    ("before_commit", pg_documents.apply_before_commit),
    ("before_commit", freshness.raise_on_commit),
    ("after_commit", outbox.mark_sync_due),
    ("after_commit", mail_outbox.enqueue_committed),
    ("after_commit", notification_fanout.enqueue_committed),
    ("after_commit", freshness.forget),
    ("after_rollback", outbox.forget_written),
    ("after_rollback", notifications_mail.drop_pending),
    ("after_rollback", mail_outbox.forget_queued),
    ("after_rollback", notification_fanout.forget_queued),
    ("after_rollback", freshness.forget),
)


def register_session_hooks(app: Flask) -> None:
    """The session hooks (once per process) and the after-request sync (once per app)."""
    for name, hook in SESSION_HOOKS:
        if not event.contains(Session, name, hook):
            event.listen(Session, name, hook)
    if search.sync_after_request not in app.after_request_funcs.get(None, []):
        app.after_request(search.sync_after_request)
