"""What the Atom feeds announce: newly published pilots, catalogue changes, a pilot's timeline.

Feeds are read by anonymous feed readers and cached publicly, so every
feed is built as the anonymous visitor sees the site: pilots come from
`projects.public_query` and a pilot's own feed from `projects.get_visible`
with no viewer, so a draft or hidden pilot never appears in any feed.
Each feed holds only the newest `limit` entries.
"""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import and_, select
from sqlalchemy.orm import joinedload

from registry.extensions import db
from registry.models import CatalogueEntry, Event, Organisation, Project
from registry.models.vocab import THEMES
from registry.services import events, organisations, projects
from registry.services.errors import NotFound

# The catalogue changes a follower wants to hear about: new, deprecated, withdrawn.
CATALOGUE_VERBS = ("catalogue_entry_created", "catalogue_status_changed")


def newest_pilots(filters: projects.Filters | None, limit: int) -> list[Project]:
    """The most recently published public pilots matching `filters`."""
    query = projects.public_query(replace(filters or projects.Filters(), sort="newest"))
    return list(db.session.scalars(query.limit(limit)))


def theme_pilots(theme: str, limit: int) -> list[Project]:
    if theme not in THEMES:
        raise NotFound()
    return newest_pilots(projects.Filters(theme=theme), limit)


def organisation_pilots(code: str, limit: int) -> tuple[Organisation, list[Project]]:
    """The organisation and the public pilots it owns or partners in, newest first."""
    organisation = organisations.get_by_code(code)
    return organisation, newest_pilots(projects.Filters(organisation=organisation.code), limit)


def catalogue_changes(limit: int) -> list[tuple[Event, CatalogueEntry]]:
    """Entries taken into the catalogue and status changes, newest first."""
    query = (
        select(Event, CatalogueEntry)
        .join(
            CatalogueEntry,
            and_(
                Event.subject_type == CatalogueEntry.__tablename__,
                Event.subject_id == CatalogueEntry.id,
            ),
        )
        .where(Event.verb.in_(CATALOGUE_VERBS))
        .options(joinedload(CatalogueEntry.maintainer), joinedload(Event.organisation))
        .order_by(Event.created_at.desc(), Event.id.desc())
        .limit(limit)
    )
    return [(event, entry) for event, entry in db.session.execute(query)]


def pilot_timeline(slug: str, limit: int) -> tuple[Project, list[Event]]:
    """A public pilot and its newest events; NotFound for a draft, hidden or unknown pilot."""
    project = projects.get_visible(slug, None)
    query = events.timeline_query(Project.__tablename__, project.id).limit(limit)
    return project, list(db.session.scalars(query))
