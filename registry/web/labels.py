"""Translated labels for the codes stored in the database."""

from __future__ import annotations

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
    """The translated label of a code, or the code itself when it is unknown."""
    if code is None:
        return ""
    return mapping.get(code, code)
