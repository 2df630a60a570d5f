"""Translated names of a pilot's fields and of what happened to it.

One list serves the form's labels, the detail page's headings and the
timeline's "changed: title, summary", so they never drift apart.
"""

from __future__ import annotations

from registry.translation import lazy_gettext as _l
from registry.web.nominations import labels as nomination_labels
from registry.web.reuse import labels as reuse_labels

FIELDS = {
    "title": _l("Titel"),
    "summary": _l("Samenvatting"),
    "problem": _l("Probleem"),
    "approach": _l("Aanpak"),
    "results": _l("Resultaten"),
    "lessons": _l("Geleerde lessen"),
    "phase": _l("Fase"),
    "themes": _l("Thema's"),
    "common_ground_layer": _l("Common Ground-laag"),
    "tags": _l("Trefwoorden"),
    "owner": _l("Eigenaar"),
    "partners": _l("Partners"),
    "start_date": _l("Startdatum"),
    "end_date": _l("Einddatum"),
    "budget_euros": _l("Budget (euro)"),
    "funding_source": _l("Financieringsbron"),
    "website_url": _l("Website"),
    "repository_url": _l("Broncode"),
    "documentation_url": _l("Documentatie"),
    "licence": _l("Licentie"),
    "contact_name": _l("Naam contactpersoon"),
    "contact_email": _l("E-mailadres contactpersoon"),
    "indicators": _l("Indicatoren"),
}

INDICATOR_FIELDS = {
    "name": _l("Naam"),
    "unit": _l("Eenheid"),
    "baseline": _l("Nulmeting"),
    "target": _l("Doel"),
    "result": _l("Resultaat"),
}

PILOT_EVENTS = {
    "created": _l("heeft de pilot geregistreerd"),
    "edited": _l("heeft de pilot bewerkt"),
    "published": _l("heeft de pilot gepubliceerd"),
    "unpublished": _l("heeft de publicatie ingetrokken"),
    "hidden": _l("heeft de pilot verborgen"),
    "unhidden": _l("heeft de pilot weer zichtbaar gemaakt"),
    "attachment_added": _l("heeft een bijlage toegevoegd"),
    "attachment_removed": _l("heeft een bijlage verwijderd"),
}

# The pilot's timeline shows what every area records about the pilot.
EVENTS = {**PILOT_EVENTS, **reuse_labels.EVENTS, **nomination_labels.EVENTS}


def field_names(names: list[str] | None) -> str:
    """A readable list of field labels for a timeline entry."""
    return ", ".join(str(FIELDS.get(name, name)) for name in names or [])


FILE_TYPES = {
    "application/pdf": "PDF",
    "image/png": "PNG",
    "image/jpeg": "JPEG",
    "application/vnd.oasis.opendocument.text": "ODT",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX",
}
