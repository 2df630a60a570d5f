"""Fixed vocabularies of the domain, as codes stored in the database.

The labels users see live in `registry.web.labels`, translated.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    MEMBER = "member"
    CURATOR = "curator"
    ADMIN = "admin"


class OrgKind(StrEnum):
    MUNICIPALITY = "municipality"
    ASSOCIATION = "association"  # VNG and similar umbrella bodies
    PUBLIC_BODY = "public_body"  # provinces, water boards, agencies


class Phase(StrEnum):
    IDEA = "idea"
    PREPARATION = "preparation"
    RUNNING = "running"
    COMPLETED = "completed"
    STOPPED = "stopped"


class Visibility(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


class CommonGroundLayer(StrEnum):
    INTERACTION = "interaction"
    PROCESS = "process"
    INTEGRATION = "integration"
    SERVICES = "services"
    DATA_SOURCES = "data_sources"


# The municipal data model's top-level domains, in display order.
THEMES: tuple[str, ...] = (
    "governance_services",
    "civil_affairs",
    "safety_permits",
    "traffic_mobility",
    "economy",
    "education",
    "sport_culture_recreation",
    "social_domain",
    "public_health_environment",
    "housing_living_environment",
    "energy_climate",
    "taxes_finance",
    "operations_ict",
)
