"""`registry seed-demo`: demo organisations, pilots and accounts for trying the site."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import force_locale

from registry import search
from registry.demo import seed
from registry.demo.users import USERS
from registry.extensions import db
from registry.search.interface import IndexUnavailable
from registry.translation import gettext as _
from registry.web import labels

SAFE_ENVIRONMENTS = {"development", "testing"}


@click.command("seed-demo")
@click.option(
    "--force",
    is_flag=True,
    help="Ook buiten development uitvoeren (de demo-accounts hebben een bekend wachtwoord).",
)
@with_appcontext
def seed_demo(force: bool) -> None:
    """Demodata laden: gemeenten, pilots en demo-accounts.

    Voegt alleen toe wat nog ontbreekt; een tweede keer uitvoeren verandert
    niets. Toont altijd de demo-accounts en hun wachtwoord.
    """
    config = current_app.config
    # There is no request to choose a language from; the CLI speaks the default one.
    with force_locale(config["BABEL_DEFAULT_LOCALE"]):
        if config["ENV_NAME"] not in SAFE_ENVIRONMENTS and not force:
            raise click.ClickException(
                _(
                    "Demodata hoort niet op een productiesite (REGISTRY_ENV=%(env)s): de "
                    "demo-accounts hebben een openbaar wachtwoord. Gebruik --force als u dit "
                    "toch wilt.",
                    env=config["ENV_NAME"],
                )
            )
        report = seed.seed_demo(config["DEMO_PASSWORD"])
        db.session.commit()
        if report.added_anything:
            click.echo(
                _(
                    "Demodata toegevoegd: %(orgs)d organisaties, %(domains)d e-maildomeinen, "
                    "%(users)d accounts, %(pilots)d pilots, %(ratings)d beoordelingen, "
                    "%(adoptions)d hergebruikmeldingen, %(nominations)d voordrachten, "
                    "%(entries)d standaarden.",
                    orgs=report.organisations,
                    domains=report.domains,
                    users=report.users,
                    pilots=report.pilots,
                    ratings=report.ratings,
                    adoptions=report.adoptions,
                    nominations=report.nominations,
                    entries=report.entries,
                )
            )
        else:
            click.echo(_("De demodata is er al; er is niets toegevoegd."))
        if report.added_anything or not search.service().backend.status().available:
            build_search_index()
        click.echo(accounts_text(config["DEMO_PASSWORD"]))


def build_search_index() -> None:
    """The index the first search needs, so it does not start by rebuilding (and warning)."""
    try:
        count = search.service().rebuild()
    except IndexUnavailable as err:
        click.echo(
            _(
                "De zoekindex is niet opgebouwd (%(error)s). Draai later `registry search "
                "reindex`; tot dan zoekt de site eenvoudiger, in de database.",
                error=str(err),
            ),
            err=True,
        )
        return
    click.echo(_("Zoekindex opgebouwd: %(n)d pilots.", n=count))


def accounts_text(password: str) -> str:
    lines = ["", _("Demo-accounts (wachtwoord voor allemaal: %(password)s)", password=password)]
    lines += [f"  {u.email:<26} {labels.label(labels.ROLES, u.role)}" for u in USERS]
    return "\n".join(lines)


COMMANDS = [seed_demo]
