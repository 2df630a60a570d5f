"""Telling followers after the commit: a fan-out task per `NotificationFanout` row written.

The row is written in the transaction of the change (by
`services.notification_matrix`); once that commits, a task is enqueued
that writes a notification per follower (`tasks.notification_jobs`). A lost
enqueue is found by the periodic sweep; nothing of a rolled-back
transaction is enqueued.
"""

from __future__ import annotations

from registry.models import NotificationFanout
from registry.row_tasks import TaskPerRow

_rows = TaskPerRow(NotificationFanout, "registry.tasks.notification_jobs", "fan_out")
record_queued = _rows.record_queued
enqueue_committed = _rows.enqueue_committed
forget_queued = _rows.forget_queued
