"""Typed models, one module per aggregate; imported here so metadata is complete."""

from registry.models.adoption import Adoption, AdoptionStatus
from registry.models.api_token import ApiToken, TokenScope
from registry.models.base import Base, utcnow
from registry.models.event import Event
from registry.models.follow import Follow, FollowTarget, NotificationFanout
from registry.models.mail_outbox import (
    MailChannel,
    MailOutbox,
    MailStatus,
    NotificationPreference,
)
from registry.models.organisation import Organisation, OrganisationDomain
from registry.models.project import (
    Attachment,
    Indicator,
    Project,
    ProjectTag,
    ProjectTheme,
    project_partner,
)
from registry.models.rating import Rating, RatingScore
from registry.models.register_version import RegisterVersion
from registry.models.rubric import Criterion
from registry.models.score import ScoreSnapshot
from registry.models.search_outbox import SearchOutbox
from registry.models.second_factor import RecoveryCode
from registry.models.user import User
from registry.models.user_session import UserSession

__all__ = [
    "Adoption",
    "AdoptionStatus",
    "ApiToken",
    "Attachment",
    "Base",
    "Criterion",
    "Event",
    "Follow",
    "FollowTarget",
    "Indicator",
    "MailChannel",
    "MailOutbox",
    "MailStatus",
    "NotificationFanout",
    "NotificationPreference",
    "Organisation",
    "OrganisationDomain",
    "Project",
    "ProjectTag",
    "ProjectTheme",
    "Rating",
    "RatingScore",
    "RecoveryCode",
    "RegisterVersion",
    "ScoreSnapshot",
    "SearchOutbox",
    "TokenScope",
    "User",
    "UserSession",
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
from registry.models.question import Answer, Question
from registry.models.synonym import SearchSynonym

__all__ += [
    "Answer",
    "CatalogueEntry",
    "CatalogueEntryTheme",
    "CatalogueStatus",
    "Nomination",
    "NominationState",
    "Notification",
    "Question",
    "SearchSynonym",
]
