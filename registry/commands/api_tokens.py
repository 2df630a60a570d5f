"""`registry create-token`: a personal API token for an account, printed once."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import force_locale

from registry.extensions import db
from registry.models import TokenScope
from registry.services import accounts, api_tokens
from registry.services.errors import DomainError
from registry.sqlite import immediate_transactions
from registry.translation import gettext as _


@click.command("create-token")
@click.argument("email")
@click.option(
    "--name", required=True, help="Naam van de sleutel, bijv. het script dat hem gebruikt."
)
@click.option(
    "--scope",
    "scopes",
    multiple=True,
    required=True,
    type=click.Choice([scope.value for scope in TokenScope]),
    help="Bevoegdheid; herhaal de optie voor meer bevoegdheden.",
)
@click.option(
    "--expires-days", type=int, default=None, help="Na zoveel dagen werkt de sleutel niet meer."
)
@with_appcontext
def create_token(email: str, name: str, scopes: tuple[str, ...], expires_days: int | None) -> None:
    """Maak een API-sleutel voor een account en toon hem één keer."""
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]), immediate_transactions():
        user = accounts.find_by_email(email)
        if user is None or not user.is_active:
            raise click.ClickException(_("Er is geen actief account met dit e-mailadres."))
        try:
            new = api_tokens.create(user, name, scopes, expires_days)
        except DomainError as err:
            db.session.rollback()
            raise click.ClickException(str(err.reason)) from err
        db.session.commit()
        # Only the token on stdout, so `TOKEN=$(registry create-token ...)` works.
        click.echo(new.secret)


COMMANDS = [create_token]
