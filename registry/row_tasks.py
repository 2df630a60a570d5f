"""A task per row a transaction wrote, enqueued only once the transaction commits.

The transactional outboxes (mail, fan-out to followers) write their rows
with the change that caused them; the task that handles a row may only run
once that change is real. Hooks of `registry/lifecycle.py`: remember the new
rows after each flush, enqueue a task per row after the commit, forget them
after a rollback. A lost enqueue is found by the outbox's periodic sweep.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from sqlalchemy.orm import Session


class TaskPerRow:
    def __init__(self, model: type[Any], module: str, task: str) -> None:
        # The task is looked up by name when enqueuing: the task modules import the
        # app's models, which import this one.
        self.model = model
        self.module = module
        self.task = task
        self.key = f"registry.queued.{model.__name__}"

    def record_queued(self, session: Session, flush_context: object) -> None:
        """After a flush: remember the rows written, to enqueue them once committed."""
        # In after_flush `session.new` still lists what this flush inserted.
        new = [obj.id for obj in session.new if isinstance(obj, self.model)]
        if new:
            session.info.setdefault(self.key, set()).update(new)

    def enqueue_committed(self, session: Session) -> None:
        """After a commit: a task per row."""
        if session.in_nested_transaction():
            # Releasing a savepoint fires after_commit too; the rows wait for the real commit.
            return
        ids = session.info.pop(self.key, None)
        if not ids:
            return
        from registry.tasks import enqueue

        task = getattr(import_module(self.module), self.task)
        for row_id in sorted(ids):
            enqueue(task, row_id)

    def forget_queued(self, session: Session) -> None:
        session.info.pop(self.key, None)
