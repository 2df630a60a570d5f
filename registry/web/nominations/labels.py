"""Translated names for nominations, catalogue statuses and their timeline entries.

EVENTS extends the pilot timeline's verbs (registry.web.projects.labels.EVENTS);
CATALOGUE_EVENTS names what happens to a catalogue entry.
"""

from __future__ import annotations

from registry.models import CatalogueStatus, NominationState
from registry.translation import lazy_gettext as _l

STATES = {
    NominationState.SUBMITTED: _l("Ingediend"),
    NominationState.IN_REVIEW: _l("In behandeling"),
    NominationState.ACCEPTED: _l("Aangenomen"),
    NominationState.REJECTED: _l("Afgewezen"),
    NominationState.RETURNED: _l("Teruggegeven"),
    NominationState.WITHDRAWN: _l("Ingetrokken"),
}

DECISIONS = {
    "accept": _l("Aannemen: de pilot wordt een standaard in de catalogus"),
    "reject": _l("Afwijzen"),
    "return": _l("Teruggeven aan de eigenaren om verder uit te werken"),
}

CATALOGUE_STATUSES: dict[str, object] = {
    CatalogueStatus.ACTIVE: _l("Actief"),
    CatalogueStatus.DEPRECATED: _l("Verouderd"),
    CatalogueStatus.WITHDRAWN: _l("Ingetrokken"),
}

EVENTS = {
    "nominated": _l("heeft de pilot voorgedragen voor de catalogus"),
    "nomination_in_review": _l("heeft de voordracht in behandeling genomen"),
    "nomination_accepted": _l("heeft de voordracht aangenomen: de pilot is een standaard"),
    "nomination_rejected": _l("heeft de voordracht afgewezen"),
    "nomination_returned": _l("heeft de voordracht teruggegeven aan de eigenaren"),
    "nomination_withdrawn": _l("heeft de voordracht ingetrokken"),
}

CATALOGUE_EVENTS = {
    "catalogue_entry_created": _l("heeft de standaard in de catalogus opgenomen"),
    "catalogue_entry_edited": _l("heeft de standaard bewerkt"),
    "catalogue_status_changed": _l("heeft de status van de standaard gewijzigd"),
}

ENTRY_FIELDS = {
    "name": _l("Naam"),
    "description": _l("Beschrijving"),
    "maintainer": _l("Beherende organisatie"),
    "version": _l("Versie"),
    "standard_since": _l("Standaard sinds"),
    "common_ground_layer": _l("Common Ground-laag"),
    "themes": _l("Thema's"),
    "licence": _l("Licentie"),
}

QUEUE_SORTS = {
    "age": _l("Oudste eerst"),
    "readiness": _l("Meest gereed eerst"),
    "score": _l("Hoogste score eerst"),
}

CATALOGUE_SORTS = {
    "adopters": _l("Meeste gebruikende gemeenten"),
    "newest": _l("Nieuwste standaard eerst"),
    "oldest": _l("Oudste standaard eerst"),
    "name": _l("Naam (A-Z)"),
}
