"""`registry search …`: rebuild, inspect and catch up the search index."""

from __future__ import annotations

import click
from flask.cli import with_appcontext
from sqlalchemy.orm import Session

from registry.extensions import db
from registry.search import service
from registry.search.documents import count_searchable
from registry.search.interface import IndexUnavailable
from registry.translation import gettext as _


@click.group("search")
def search_group() -> None:
    """De zoekindex beheren: opnieuw opbouwen, toestand bekijken, bijwerken."""


@search_group.command("reindex")
@click.option("--procs", type=int, default=None, help="Aantal processen voor het indexeren.")
@with_appcontext
def reindex(procs: int | None) -> None:
    """Een nieuwe index opbouwen in een nieuwe map en die in één keer in gebruik nemen.

    Zoeken gebruikt de oude index tot het wisselen; wijzigingen die tijdens het
    opbouwen worden opgeslagen wachten in de outbox en worden direct daarna
    op de nieuwe index toegepast.
    """
    search = service()
    if procs is not None and hasattr(search.backend, "procs"):
        search.backend.procs = max(1, procs)
    with Session(db.engine) as session:
        total = count_searchable(session)
    with click.progressbar(length=total, label=_("Pilots indexeren"), show_pos=True) as bar:
        count = search.rebuild(progress=bar.update)
    click.echo(_("Index opnieuw opgebouwd: %(n)d documenten.", n=count))


@search_group.command("status")
@with_appcontext
def status() -> None:
    """Documenten in de index en in de database, wachtende wijzigingen, segmenten."""
    report = service().status()
    index = report.index
    rows = [
        (_("Backend"), index.backend),
        (_("Locatie"), index.location),
        (_("Index beschikbaar"), _("ja") if index.available else _("nee")),
        (_("Documenten in de index"), index.documents),
        (_("Pilots in de database"), report.database_documents),
        (_("Wachtende wijzigingen"), report.pending_changes),
        (_("Segmenten"), index.segments),
    ]
    if index.detail:
        rows.append((_("Toelichting"), index.detail))
    width = max(len(str(label)) for label, _value in rows) + 2
    for label, value in rows:
        click.echo(f"{label + ':':<{width}}{value}")
    if index.available and index.documents != report.database_documents:
        click.echo(_("Let op: index en database lopen uiteen. Draai `registry search sync`."))


@search_group.command("sync")
@click.option("--timeout", type=float, default=10.0, help="Seconden wachten op de schrijfrechten.")
@with_appcontext
def sync(timeout: float) -> None:
    """Alle wachtende wijzigingen nu op de index toepassen."""
    report = service().sync(timeout=timeout, max_batches=None)
    click.echo(
        _(
            "Toegepast: %(applied)d, nog wachtend: %(pending)d.",
            applied=report.applied,
            pending=report.pending,
        )
    )
    if report.error:
        raise click.ClickException(
            _("De index kon niet worden bijgewerkt: %(error)s", error=report.error)
        )


@search_group.command("merge")
@click.option("--timeout", type=float, default=60.0, help="Seconden wachten op de schrijfrechten.")
@click.option(
    "--small",
    is_flag=True,
    help="Alleen de kleine segmenten van recente wijzigingen (de worker doet dit elke minuut).",
)
@with_appcontext
def merge(timeout: float, small: bool) -> None:
    """De segmenten van de index samenvoegen tot één (de worker doet dit elke nacht)."""
    try:
        segments = service().merge_segments(timeout=timeout, small_only=small)
    except IndexUnavailable as err:
        raise click.ClickException(
            _("De index kon niet worden samengevoegd: %(error)s", error=str(err))
        ) from err
    if segments is None:
        click.echo(_("Deze zoekbackend heeft geen segmenten om samen te voegen."))
    else:
        click.echo(_("Index samengevoegd: %(n)d segment(en).", n=segments))


COMMANDS = [search_group]
