"""`registry create-user`: accounts for operators and scripts."""

from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import force_locale

from registry.extensions import db
from registry.models.vocab import Role
from registry.services import accounts
from registry.services.errors import DomainError
from registry.sqlite import immediate_transactions


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        # One line, without its line ending: `printf '%s\n' "$PW" | registry create-user ...`
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Wachtwoord", hide_input=True, confirmation_prompt=True)


@click.command("create-user")
@click.argument("email")
@click.option("--org", "org_code", required=True, help="Code van de organisatie, bijv. GM0344.")
@click.option(
    "--role",
    type=click.Choice([role.value for role in Role]),
    default=Role.MEMBER.value,
    show_default=True,
)
@click.option("--name", default="", help="Naam van de gebruiker (standaard: deel voor de @).")
@click.option(
    "--password-stdin", is_flag=True, help="Lees het wachtwoord van standaardinvoer (één regel)."
)
@with_appcontext
def create_user(email: str, org_code: str, role: str, name: str, password_stdin: bool) -> None:
    """Maak een bevestigd account aan in een bestaande organisatie."""
    # Outside a request there is no visitor language; messages use the site default.
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]), immediate_transactions():
        organisation = accounts.organisation_by_code(org_code)
        if organisation is None:
            raise click.ClickException(
                f"Organisatie {org_code!r} bestaat niet. Laad eerst de gemeenten "
                "(registry load-municipalities) of controleer de code."
            )
        password = _read_password(password_stdin)
        try:
            user = accounts.create_verified(
                email, name or email.partition("@")[0], password, organisation, role
            )
        except DomainError as err:
            db.session.rollback()
            raise click.ClickException(str(err.reason)) from err
        db.session.commit()
        click.echo(f"Account {user.email} aangemaakt bij {organisation.name} als {user.role}.")


COMMANDS = [create_user]
