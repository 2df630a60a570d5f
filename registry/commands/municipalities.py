"""`registry load-municipalities FILE`: load the CBS list of municipalities."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import force_locale

from registry.extensions import db
from registry.services import municipalities
from registry.services.errors import Invalid
from registry.sqlite import immediate_transactions
from registry.translation import gettext as _


@click.command("load-municipalities")
@click.argument("file", type=click.File("rb"))
@click.option(
    "--dry-run",
    is_flag=True,
    help="Laat zien wat er zou veranderen, zonder iets op te slaan.",
)
@click.option(
    "--allow-deactivations",
    is_flag=True,
    help="Ook laden als meer dan 5% van de actieve gemeenten inactief zou worden.",
)
@with_appcontext
def load_municipalities(file, dry_run: bool, allow_deactivations: bool) -> None:
    """Gemeenten laden uit de CBS-lijst "Gemeenten alfabetisch" (CSV, met , of ;).

    Gemeenten worden bijgewerkt op hun GM-code; een gemeente die niet meer in
    het bestand staat wordt inactief (nooit verwijderd). Bij een fout wordt
    niets opgeslagen. Een bestand dat meer dan 5% van de actieve gemeenten
    inactief zou maken, wordt geweigerd tenzij --allow-deactivations is gegeven.
    """
    # There is no request to choose a language from; the CLI speaks the default one.
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]), immediate_transactions():
        try:
            result = municipalities.load_csv(file.read(), allow_deactivations=allow_deactivations)
        except Invalid as err:
            db.session.rollback()
            raise click.ClickException(
                _(
                    "%(file)s is niet geladen, er is niets gewijzigd. %(reason)s",
                    file=file.name,
                    reason=err.reason,
                )
            ) from err
        if dry_run:
            db.session.rollback()
            click.echo(_("Proefdraai: er is niets opgeslagen. Dit zou er veranderen:"))
        else:
            db.session.commit()
        click.echo(summary(result))


def summary(result: municipalities.LoadResult) -> str:
    lines = [
        _("Toegevoegd: %(n)d", n=len(result.added)),
        _("Bijgewerkt (naam of provincie): %(n)d", n=len(result.updated)),
        _("Ongewijzigd: %(n)d", n=result.unchanged),
        _("Heractiveerd: %(n)d", n=len(result.reactivated)),
        _("Inactief gemaakt: %(n)d", n=len(result.deactivated)),
    ]
    for label, names in (
        (_("Bijgewerkt"), result.updated),
        (_("Heractiveerd"), result.reactivated),
        (_("Inactief gemaakt (niet meer in de lijst; hun pilots blijven)"), result.deactivated),
    ):
        if names:
            lines.append(f"{label}: {', '.join(names)}")
    return "\n".join(lines)


COMMANDS = [load_municipalities]
