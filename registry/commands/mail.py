"""`registry mail …`: the mail outbox's backlog and failures, and delivering what is due."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from registry import mail_delivery
from registry.models import MailStatus
from registry.translation import gettext as _


@click.group("mail")
def mail_group() -> None:
    """De uitgaande e-mail: achterstand, fouten, nu bezorgen."""


@mail_group.command("status")
@with_appcontext
def status() -> None:
    """Wachtende, verzonden en mislukte e-mail; de oudste wachtende; de laatste fouten."""
    report = mail_delivery.status()
    rows = [
        (_("Wachtend"), report.counts.get(MailStatus.PENDING, 0)),
        (_("Wordt verzonden"), report.counts.get(MailStatus.SENDING, 0)),
        (_("Verzonden"), report.counts.get(MailStatus.SENT, 0)),
        (_("Mislukt"), report.counts.get(MailStatus.FAILED, 0)),
        (_("Overgeslagen (account uitgeschakeld)"), report.counts.get(MailStatus.SKIPPED, 0)),
        (
            _("Oudste wachtende"),
            report.oldest_pending.isoformat(timespec="seconds") if report.oldest_pending else "-",
        ),
    ]
    width = max(len(str(label)) for label, _value in rows) + 2
    for label, value in rows:
        click.echo(f"{label + ':':<{width}}{value}")
    if report.recent_failures:
        click.echo("")
        click.echo(_("Laatste fouten:"))
        for mail_id, recipient, kind, attempts, error in report.recent_failures:
            click.echo(f"  #{mail_id} {recipient} ({kind}, {attempts}x): {error}")


@mail_group.command("sweep")
@click.option("--limit", type=click.IntRange(1, 100_000), default=200)
@with_appcontext
def sweep(limit: int) -> None:
    """De e-mail bezorgen die nu aan de beurt is (de worker doet dit elke minuut)."""
    report = mail_delivery.sweep(limit=limit)
    click.echo(_("Bezorgpogingen: %(n)d (%(detail)s).", n=report.attempted, detail=str(report)))


COMMANDS = [mail_group]
