"""`registry expire` and `registry sessions expire`: clear what has run out (the worker
does this every ten minutes)."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from registry import housekeeping
from registry.translation import gettext as _


def _report(outcomes: list[housekeeping.Outcome]) -> None:
    failed = False
    for outcome in outcomes:
        if outcome.error:
            failed = True
            click.echo(_("%(name)s: mislukt: %(error)s", name=outcome.name, error=outcome.error))
        else:
            click.echo(_("%(name)s: %(n)d opgeruimd.", name=outcome.name, n=outcome.cleared))
    if failed:
        raise click.ClickException(_("Niet alles kon worden opgeruimd."))


@click.command("expire")
@click.option(
    "--only",
    multiple=True,
    help="Alleen deze opruimer (herhaalbaar); zonder deze optie allemaal.",
)
@with_appcontext
def expire(only: tuple[str, ...]) -> None:
    """Verlopen sessies en wat andere opruimers melden nu opruimen."""
    if unknown := [name for name in only if name not in housekeeping.names()]:
        raise click.BadParameter(
            _(
                "Onbekende opruimer: %(names)s. Bekend: %(known)s.",
                names=", ".join(unknown),
                known=", ".join(housekeeping.names()),
            ),
            param_hint="--only",
        )
    _report(housekeeping.run(only=only or None))


@click.group("sessions")
def sessions_group() -> None:
    """Sessies van ingelogde gebruikers."""


@sessions_group.command("expire")
@with_appcontext
def expire_sessions() -> None:
    """Verlopen en lang geleden beëindigde sessies nu opruimen."""
    _report(housekeeping.run(only=[housekeeping.SESSIONS]))


COMMANDS = [expire, sessions_group]
