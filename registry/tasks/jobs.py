"""The tasks the worker runs: mail delivery, and the periodic work moved out of requests.

Each periodic task is also a `registry` command (`registry mail sweep`,
`registry search sync`, `registry search merge [--small]`, `registry expire`,
`registry sessions expire`), for operators and cron.
"""

from __future__ import annotations

import logging

from huey import crontab

from registry.tasks import huey, in_app_context

log = logging.getLogger("registry.tasks")


@huey.task()
@in_app_context
def deliver_mail(mail_id: int) -> str:
    """One outbox row to the mail server (or back to pending with a later attempt)."""
    from registry import mail_delivery

    return mail_delivery.deliver(mail_id)


# A database that is briefly locked or away must not lose the ask: nothing is written
# before the final commit, so running it again is safe.
@huey.task(retries=3, retry_delay=30)
@in_app_context
def send_account_mail(purpose: str, email: str, language: str) -> bool:
    """A reset or verification link was asked for: look the address up, write the mail or not."""
    from registry import account_mail
    from registry.extensions import db

    written = account_mail.write(db.session(), purpose, email, language) is not None
    db.session.commit()
    return written


@huey.periodic_task(crontab(minute="*"))
@in_app_context
def sweep_mail() -> None:
    """Rows whose enqueue was lost, retries that are due, and claims whose worker died."""
    from registry import mail_delivery

    report = mail_delivery.sweep()
    if report.attempted:
        log.info("Mail sweep: %s", report)


@huey.periodic_task(crontab(minute="*"))
@in_app_context
def sync_search() -> None:
    """Pending search changes a request could not apply (a locked index, a crash), then
    the small segments the saves wrote, merged into one: saves themselves never merge."""
    from registry.search import service
    from registry.search.interface import IndexUnavailable

    search = service()
    report = search.sync(timeout=10.0, max_batches=None)
    if report.error:
        log.warning("Search sync left %d pending: %s", report.pending, report.error)
    try:
        search.merge_segments(timeout=10.0, small_only=True)
    except IndexUnavailable as err:
        log.warning("Merging the small search segments failed: %s", err)


@huey.periodic_task(crontab(minute="17", hour="3"))
@in_app_context
def merge_search_segments() -> None:
    """Merge the whole Whoosh index into one segment at night (deletions leave it too)."""
    from registry.search import service

    service().merge_segments(timeout=60.0)


@huey.periodic_task(crontab(minute="*/10"))
@in_app_context
def expire_records() -> None:
    """Sessions that ran out, and whatever else the registered cleaners clear."""
    from registry import housekeeping

    for outcome in housekeeping.run():
        if outcome.error:
            log.warning("Cleaner %s failed: %s", outcome.name, outcome.error)
        elif outcome.cleared:
            log.info("Cleaner %s cleared %d", outcome.name, outcome.cleared)
