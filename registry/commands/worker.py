"""`registry worker`: the task queue's consumer, inside the app.

It writes the account mail asked for on the site (reset, verification),
delivers the mail outbox and runs the periodic work: the mail sweep, the
search sync and the merge of the small search segments every minute,
ending run-out sessions (and the other cleaners) every ten minutes, merging
the whole search index at night. Ctrl-C
(SIGINT) lets running tasks finish; SIGTERM stops at once (a mail being
sent then is claimable again after its lease).
"""

from __future__ import annotations

import logging

import click
from flask import current_app
from flask.cli import with_appcontext

from registry import tasks
from registry.translation import gettext as _


@click.command("worker")
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=None,
    help="Aantal taken tegelijk (standaard TASK_WORKERS, 2).",
)
@click.option(
    "--no-periodic",
    is_flag=True,
    help="Geen periodieke taken in dit proces (wanneer een ander proces ze al draait).",
)
@with_appcontext
def worker(workers: int | None, no_periodic: bool) -> None:
    """De taken uit de wachtrij uitvoeren: e-mail bezorgen en periodiek onderhoud."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    tasks.init_app(app)
    if tasks.huey.immediate:
        raise click.ClickException(
            _("TASK_QUEUE_URL=immediate:// voert taken direct uit; een worker is dan niet nodig.")
        )
    if not logging.getLogger().handlers:
        logging.basicConfig(
            level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s"
        )
    consumer = tasks.huey.create_consumer(
        workers=workers or int(app.config["TASK_WORKERS"]),
        worker_type="thread",
        periodic=not no_periodic,
        check_worker_health=True,
    )
    consumer.run()


COMMANDS = [worker]
