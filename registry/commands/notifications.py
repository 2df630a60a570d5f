"""`registry notifications …`: the digests and the reminder of waiting nominations."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from registry.models import MailChannel
from registry.tasks import notification_jobs
from registry.translation import gettext as _


@click.group("notifications")
def notifications_group() -> None:
    """Meldingen: overzichten per e-mail en herinneringen."""


@notifications_group.command("digest")
@click.option("--daily", "channel", flag_value=MailChannel.DAILY, help="Het dagelijkse overzicht.")
@click.option(
    "--weekly", "channel", flag_value=MailChannel.WEEKLY, help="Het wekelijkse overzicht."
)
@with_appcontext
def digest(channel: str | None) -> None:
    """De overzichten schrijven die klaarstaan (de worker doet dit elke dag en elke week)."""
    if channel is None:
        raise click.UsageError(_("Kies --daily of --weekly."))
    written = notification_jobs.send_digests(channel)
    click.echo(_("Overzichten geschreven: %(n)d.", n=written))


@notifications_group.command("remind")
@with_appcontext
def remind() -> None:
    """Curatoren eenmalig wijzen op voordrachten die langer dan 14 dagen wachten."""
    reminded = notification_jobs.remind_waiting_now()
    click.echo(_("Voordrachten onder de aandacht gebracht: %(n)d.", n=reminded))


@notifications_group.command("fan-out")
@with_appcontext
def fan_out() -> None:
    """Volgers inlichten over wijzigingen waarvan de taak verloren ging."""
    told = notification_jobs.sweep_fan_outs_now()
    click.echo(_("Volgers ingelicht: %(n)d.", n=told))


COMMANDS = [notifications_group]
