"""Translated labels for the codes stored in the database."""

from __future__ import annotations

from flask_babel.speaklater import LazyString  # type: ignore[import-untyped]

from registry import translation
from registry.models.vocab import CommonGroundLayer, OrgKind, Phase, Role, Visibility
from registry.translation import lazy_gettext as _l

PHASES = {
    Phase.IDEA: _l("Idee"),
    Phase.PREPARATION: _l("Voorbereiding"),
    Phase.RUNNING: _l("Loopt"),
    Phase.COMPLETED: _l("Afgerond"),
    Phase.STOPPED: _l("Gestopt"),
}

VISIBILITIES = {
    Visibility.DRAFT: _l("Concept"),
    Visibility.PUBLISHED: _l("Gepubliceerd"),
}

LAYERS = {
    CommonGroundLayer.INTERACTION: _l("Interactie"),
    CommonGroundLayer.PROCESS: _l("Proces"),
    CommonGroundLayer.INTEGRATION: _l("Integratie"),
    CommonGroundLayer.SERVICES: _l("Diensten"),
    CommonGroundLayer.DATA_SOURCES: _l("Gegevensbronnen"),
}

THEMES = {
    "governance_services": _l("Bestuur en dienstverlening"),
    "civil_affairs": _l("Burgerzaken"),
    "safety_permits": _l("Veiligheid en vergunningen"),
    "traffic_mobility": _l("Verkeer en mobiliteit"),
    "economy": _l("Economie"),
    "education": _l("Onderwijs"),
    "sport_culture_recreation": _l("Sport, cultuur en recreatie"),
    "social_domain": _l("Sociaal domein"),
    "public_health_environment": _l("Volksgezondheid en milieu"),
    "housing_living_environment": _l("Wonen en leefomgeving"),
    "energy_climate": _l("Energie en klimaat"),
    "taxes_finance": _l("Belastingen en financiën"),
    "operations_ict": _l("Bedrijfsvoering en ICT"),
}

ROLES = {
    Role.MEMBER: _l("Lid"),
    Role.CURATOR: _l("Curator"),
    Role.ADMIN: _l("Beheerder"),
}

ORG_KINDS = {
    OrgKind.MUNICIPALITY: _l("Gemeente"),
    OrgKind.ASSOCIATION: _l("Vereniging"),
    OrgKind.PUBLIC_BODY: _l("Overheidsorganisatie"),
}


def label(mapping: dict, code: str | None) -> object:
    """The translated label of a code, or the code itself when it is unknown.

    The text is kept per label and language: a list page shows a few labels
    on every card, and a lazy string looks its translation up each time.
    """
    if code is None:
        return ""
    found = mapping.get(code, code)
    if not isinstance(found, LazyString) or found._func is not translation.gettext:
        return found
    if found._kwargs:
        return str(found)
    key = (found._args[0], translation.language())
    text = _texts.get(key)
    if text is None:
        text = _texts[key] = str(found)
    return text


# A message's text in a language never changes while the process runs; the
# labels are a few hundred messages.
_texts: dict[tuple[str, str | None], str] = {}
