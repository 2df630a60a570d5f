"""Telling followers after the commit: a fan-out task per `NotificationFanout` row written.

The row is written in the transaction of the change (by
`services.notification_matrix`); once that commits, a task is enqueued
that writes a notification per follower (`tasks.notification_jobs`). A lost
enqueue is found by the periodic sweep; nothing of a rolled-back
transaction is enqueued.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from registry.models import NotificationFanout

QUEUED = "registry.fanout_queued"


def record_queued(session: Session, flush_context: object) -> None:
    """After a flush: remember the fan-out rows written, to enqueue them once committed."""
    new = [obj.id for obj in session.new if isinstance(obj, NotificationFanout)]
    if new:
        session.info.setdefault(QUEUED, set()).update(new)


def enqueue_committed(session: Session) -> None:
    """After a commit: one fan-out task per row."""
    ids = session.info.pop(QUEUED, None)
    if not ids:
        return
    from registry.tasks import enqueue, notification_jobs

    for fanout_id in sorted(ids):
        enqueue(notification_jobs.fan_out, fanout_id)


def forget_queued(session: Session) -> None:
    session.info.pop(QUEUED, None)
