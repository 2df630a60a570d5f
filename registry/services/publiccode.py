"""publiccode.yml for the public record: which pilots and entries have one, and its text.

Only what anyone may see is described: a published, unhidden pilot that
points to software (a repository URL), and every catalogue entry. A draft
or a hidden pilot has no file, for its owners too: the file is for the
outside world. `usedBy` lists the organisations that report the pilot "in
use", the verified adopters.
"""

from __future__ import annotations

from sqlalchemy import select

from registry.extensions import db
from registry.interop import fetch, publiccode_export, publiccode_import
from registry.models import Adoption, AdoptionStatus, Organisation, Project
from registry.services import catalogue, projects
from registry.services.errors import Invalid, NotFound
from registry.translation import lazy_gettext as _l


def has_file(project: Project) -> bool:
    return project.is_public and bool(project.repository_url.strip())


def in_use_by(project_id: int | None) -> list[str]:
    """Names of the organisations that report the pilot in use."""
    if project_id is None:
        return []
    return list(
        db.session.scalars(
            select(Organisation.name)
            .join(Adoption, Adoption.organisation_id == Organisation.id)
            .where(Adoption.project_id == project_id, Adoption.status == AdoptionStatus.IN_USE)
            .order_by(Organisation.name)
        )
    )


def project_file(slug: str, landing_url: str) -> str:
    """The pilot's publiccode.yml; NotFound when the public may not see it or it has no software."""
    project = projects.get_visible(slug, None)
    if not has_file(project):
        raise NotFound()
    document = publiccode_export.for_project(
        project, landing_url=landing_url, used_by=in_use_by(project.id)
    )
    return publiccode_export.dump(document)


def entry_file(slug: str, landing_url: str) -> str:
    entry = catalogue.get(slug)
    origin = entry.origin_project
    public_origin = origin if origin and origin.is_public else None
    document = publiccode_export.for_entry(
        entry,
        landing_url=landing_url,
        used_by=in_use_by(entry.origin_project_id),
        origin=public_origin,
    )
    return publiccode_export.dump(document)


# --- Reading a file from elsewhere ------------------------------------------------------

FETCH_MESSAGES = {
    "scheme": _l("Geef een webadres dat begint met https:// of http://."),
    "private_address": _l(
        "Dit adres wijst naar een intern of lokaal netwerk; dat halen we niet op. "
        "Geef een openbaar webadres."
    ),
    "unknown_host": _l("Dit webadres bestaat niet of is niet bereikbaar."),
    "timeout": _l(
        "De server antwoordde niet op tijd. Probeer het later opnieuw of upload het bestand."
    ),
    "too_large": _l("Het bestand op dit adres is te groot om in te lezen."),
    "redirect_loop": _l("Dit webadres stuurt steeds door naar zichzelf; er is niets opgehaald."),
    "too_many_redirects": _l("Dit webadres stuurt te vaak door; er is niets opgehaald."),
    "bad_status": _l("Op dit webadres staat geen bestand (de server gaf een foutmelding)."),
    "tls": _l("De beveiligde verbinding met deze server mislukte."),
    "connection": _l("De verbinding met deze server mislukte."),
}


def fetch_source(url: str, limits: fetch.Limits) -> bytes:
    """The bytes at `url`, or Invalid at the URL field saying why nothing was read."""
    try:
        return fetch.fetch(url, limits)
    except fetch.FetchRefused as err:
        raise Invalid(
            FETCH_MESSAGES.get(err.kind, FETCH_MESSAGES["connection"]), field="url"
        ) from None


def read_source(
    raw: bytes, *, max_bytes: int, site_url: str, field: str
) -> publiccode_import.Prefill:
    """The prefill from a file's bytes; Invalid at `field` (the source used) otherwise."""
    try:
        return publiccode_import.read(raw, max_bytes=max_bytes, site_url=site_url)
    except Invalid as err:
        raise Invalid(err.reason, field=field) from None
