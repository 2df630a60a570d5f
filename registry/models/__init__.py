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
