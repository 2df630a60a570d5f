"""The worker's part of notifications: telling followers, the digests, the waiting reminder.

Each runs in an app context and a database session of its own (a task
enqueued after a commit may run at once, inside the committing caller in
immediate mode) and commits once; the notification mail it writes goes out
through the outbox like any other. The digests and the reminder are also
`registry notifications …` commands.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import TypeVar

from flask import current_app
from huey import crontab

from registry import sqlite
from registry.extensions import db
from registry.models import MailChannel, utcnow
from registry.services import digests, follows, notification_matrix
from registry.tasks import huey, in_app_context

log = logging.getLogger("registry.tasks")

T = TypeVar("T")


def in_own_transaction(work: Callable[[], T]) -> T:
    """Run `work` in a fresh app context (so a fresh session) and commit what it wrote."""
    with current_app.app_context(), sqlite.immediate_transactions():
        try:
            result = work()
            db.session.commit()
        except Exception:
            db.session.rollback()
            raise
        return result


@huey.task(retries=3, retry_delay=30)
@in_app_context
def fan_out(fanout_id: int) -> int:
    """Tell every follower of one change (done once, however often this runs)."""
    return in_own_transaction(lambda: follows.fan_out(fanout_id))


def sweep_fan_outs_now() -> int:
    """Fan-outs whose task was lost or failed; how many people were told."""
    told = 0
    for fanout_id in in_own_transaction(follows.open_fan_outs):
        told += in_own_transaction(functools.partial(follows.fan_out, fanout_id))
    return told


@huey.periodic_task(crontab(minute="*"))
@in_app_context
def sweep_fan_outs() -> None:
    told = sweep_fan_outs_now()
    if told:
        log.info("Fan-out sweep told %d followers", told)


def send_digests(channel: str) -> int:
    """The daily or weekly digests that are due, a transaction per person; how many were written.

    A transaction per person keeps SQLite's write lock short, and one person's
    failure costs nobody else their digest (their rows stay unmailed for the next run).
    """
    now = utcnow()
    written = 0
    for user_id in in_own_transaction(lambda: digests.recipients(channel)):
        try:
            written += in_own_transaction(
                functools.partial(digests.collect_for, user_id, channel, now)
            )
        except Exception:
            log.exception("Digest for user %d not written; it waits for the next run", user_id)
    return written


@huey.periodic_task(crontab(minute="0", hour="5"))
@in_app_context
def daily_digest() -> None:
    log.info("Daily digests written: %d", send_digests(MailChannel.DAILY))


@huey.periodic_task(crontab(minute="0", hour="5", day_of_week="1"))
@in_app_context
def weekly_digest() -> None:
    log.info("Weekly digests written: %d", send_digests(MailChannel.WEEKLY))


def remind_waiting_now() -> int:
    return in_own_transaction(lambda: notification_matrix.remind_waiting_nominations(utcnow()))


@huey.periodic_task(crontab(minute="7"))
@in_app_context
def remind_waiting_nominations() -> None:
    """Curators hear once of each nomination waiting more than 14 days for review."""
    reminded = remind_waiting_now()
    if reminded:
        log.info("Curators reminded of %d waiting nominations", reminded)
