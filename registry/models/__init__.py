"""Typed models, one module per aggregate; imported here so metadata is complete."""

from registry.models.base import Base, utcnow
from registry.models.event import Event
from registry.models.organisation import Organisation, OrganisationDomain
from registry.models.project import (
    Attachment,
    Indicator,
    Project,
    ProjectTag,
    ProjectTheme,
    project_partner,
)
from registry.models.user import User

__all__ = [
    "Attachment",
    "Base",
    "Event",
    "Indicator",
    "Organisation",
    "OrganisationDomain",
    "Project",
    "ProjectTag",
    "ProjectTheme",
    "User",
    "project_partner",
    "utcnow",
]

# --- Promotion into the catalogue ---------------------------------------------------------
from registry.models.catalogue import (
    CatalogueEntry,
    CatalogueEntryTheme,
    CatalogueStatus,
)
from registry.models.nomination import Nomination, NominationState
from registry.models.notification import Notification

__all__ += [
    "CatalogueEntry",
    "CatalogueEntryTheme",
    "CatalogueStatus",
    "Nomination",
    "NominationState",
    "Notification",
]
