"""Everything the pilot page shows, read by its view before the template renders.

`PilotPage.of(project, viewer)` runs every query the page needs (a fixed
number, however many ratings, adoptions or events the pilot has) and hands
`projects/show.html` one plain object per section. The template only
formats what it is given: no template global, macro or lazy relationship
reaches the database while the page renders.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask import current_app

from registry.models import Event, Project, User
from registry.services import (
    adoptions,
    also_adopted,
    events,
    freshness,
    permissions,
    publiccode,
    ratings,
)
from registry.services.also_adopted import AlsoAdopted
from registry.translation import gettext as _
from registry.web import structured_data
from registry.web.follows import FollowButton, project_button
from registry.web.nominations.status import PromotionStatus, promotion_status
from registry.web.projects.forms import HideForm
from registry.web.projects.labels import EVENTS, FILE_TYPES, field_names
from registry.web.projects.question_panel import QuestionsPanel, questions_panel
from registry.web.reuse.panels import ReusePanel, reuse_panel


@dataclass(frozen=True)
class OrganisationLink:
    code: str
    name: str


@dataclass(frozen=True)
class Header:
    title: str
    summary: str
    slug: str
    is_published: bool
    is_hidden: bool
    hidden_reason: str

    @property
    def is_public(self) -> bool:
        return self.is_published and not self.is_hidden


@dataclass(frozen=True)
class Actions:
    """What the viewer may do with the pilot; the template shows only these buttons."""

    can_edit: bool
    can_hide: bool

    @property
    def any(self) -> bool:
        return self.can_edit or self.can_hide


@dataclass(frozen=True)
class Facts:
    owner: OrganisationLink
    partners: list[OrganisationLink]
    phase: str
    themes: list[str]
    common_ground_layer: str | None
    tags: list[str]
    start_date: date | None
    end_date: date | None
    budget_euros: int | None
    funding_source: str
    website_url: str
    repository_url: str
    documentation_url: str
    licence: str
    publiccode_available: bool
    published_at: datetime | None
    updated_at: datetime


@dataclass(frozen=True)
class TextSection:
    name: str  # the field, which also names the heading's id
    text: str  # Markdown, rendered by the template's filter


@dataclass(frozen=True)
class IndicatorRow:
    name: str
    unit: str
    baseline: float | None
    target: float | None
    result: float | None


@dataclass(frozen=True)
class AttachmentRow:
    id: int
    title: str
    file_type: str
    size: int


@dataclass(frozen=True)
class Contact:
    """The contact person, only for signed-in viewers (`visible` False hides both fields)."""

    visible: bool
    name: str
    email: str


@dataclass(frozen=True)
class TimelineEntry:
    when: datetime
    who: str  # a person (with organisation) for signed-in viewers, else the organisation
    what: str  # the translated verb phrase
    detail: str  # what the event was about (changed fields, file, reason), or ""


@dataclass(frozen=True)
class PilotPage:
    header: Header
    actions: Actions
    facts: Facts
    texts: list[TextSection]
    indicators: list[IndicatorRow]
    attachments: list[AttachmentRow]
    contact: Contact
    reuse: ReusePanel
    promotion: PromotionStatus | None  # None for a draft: it cannot be nominated yet
    hide_form: HideForm | None  # only for a curator, on a public pilot
    timeline: list[TimelineEntry]
    also_adopted: list[AlsoAdopted]  # empty below the configured minimum of organisations
    # schema.org JSON-LD for search engines; None unless the pilot is public.
    structured_data: dict[str, Any] | None
    # Questions and answers (projects/_questions.html); None unless the pilot is public.
    questions: QuestionsPanel | None = None
    # Follow or unfollow, and the pilot's feed; None unless the pilot is public.
    follow: FollowButton | None = None

    @classmethod
    def of(
        cls, project: Project, viewer: User | None, hide_form: HideForm | None = None
    ) -> PilotPage:
        """The page for `project` as `viewer` sees it.

        `project` must come from `projects.get_visible` (relations loaded);
        `hide_form` carries a curator's rejected reason back to the page.
        """
        can_hide = bool(permissions.can_hide_project(viewer, project))
        sees_contact = permissions.can_see_contact(viewer)
        rating_list = ratings.of_project(project)
        adoption_list = adoptions.of_project(project)
        return cls(
            header=Header(
                title=project.title,
                summary=project.summary,
                slug=project.slug,
                is_published=project.is_published,
                is_hidden=project.is_hidden,
                hidden_reason=project.hidden_reason,
            ),
            actions=Actions(
                can_edit=bool(permissions.can_edit_project(viewer, project)), can_hide=can_hide
            ),
            facts=_facts(project),
            texts=[
                TextSection(name, getattr(project, name))
                for name in ("problem", "approach", "results", "lessons")
            ],
            indicators=[
                IndicatorRow(i.name, i.unit, i.baseline, i.target, i.result)
                for i in project.indicators
            ],
            attachments=[
                AttachmentRow(
                    id=a.id,
                    title=a.title or a.filename,
                    file_type=FILE_TYPES.get(a.content_type, a.content_type),
                    size=a.size,
                )
                for a in project.attachments
            ],
            contact=Contact(
                visible=sees_contact,
                name=project.contact_name if sees_contact else "",
                email=project.contact_email if sees_contact else "",
            ),
            reuse=reuse_panel(project, viewer, rating_list, adoption_list),
            promotion=promotion_status(project, rating_list, adoption_list)
            if project.is_published
            else None,
            hide_form=(hide_form or HideForm(formdata=None))
            if can_hide and project.is_public
            else None,
            timeline=[_entry(event, sees_contact) for event in events.timeline(project)],
            also_adopted=_also_adopted(project),
            structured_data=structured_data.project_jsonld(project) if project.is_public else None,
            questions=questions_panel(project, viewer) if project.is_public else None,
            follow=project_button(project, viewer),
        )


def _also_adopted(project: Project) -> list[AlsoAdopted]:
    """One statement for a public pilot, whatever its number of adopters; none when kept."""
    if not project.is_public:
        return []
    minimum = current_app.config["ALSO_ADOPTED_MIN_ORGANISATIONS"]
    # Adoptions of many pilots decide it, so it is kept until the register changes.
    return freshness.cached(
        ("also adopted", project.id, minimum),
        lambda: also_adopted.for_project(project.id, minimum=minimum),
    )


def _facts(project: Project) -> Facts:
    return Facts(
        owner=OrganisationLink(project.owner.code, project.owner.name),
        partners=[OrganisationLink(org.code, org.name) for org in project.partners],
        phase=project.phase,
        themes=project.themes,
        common_ground_layer=project.common_ground_layer,
        tags=project.tags,
        start_date=project.start_date,
        end_date=project.end_date,
        budget_euros=project.budget_euros,
        funding_source=project.funding_source,
        website_url=project.website_url,
        repository_url=project.repository_url,
        documentation_url=project.documentation_url,
        licence=project.licence,
        publiccode_available=publiccode.has_file(project),
        published_at=project.published_at,
        updated_at=project.updated_at,
    )


def _entry(event: Event, sees_people: bool) -> TimelineEntry:
    organisation = event.organisation.name if event.organisation else None
    if sees_people and event.actor:
        who = f"{event.actor.name} ({organisation})" if organisation else event.actor.name
    else:
        who = organisation or _("Iemand")
    return TimelineEntry(
        when=event.created_at,
        who=who,
        what=str(EVENTS.get(event.verb, event.verb)),
        detail=event_detail(event),
    )


def event_detail(event: Event) -> str:
    """What an event was about, from its payload: changed fields, a file, a reason."""
    payload = event.payload or {}
    if event.verb == "edited":
        return field_names(payload.get("fields"))
    if event.verb in ("attachment_added", "attachment_removed"):
        return payload.get("filename") or ""
    if event.verb == "hidden":
        return payload.get("reason") or ""
    if event.verb.startswith("nomination_"):
        return payload.get("rationale") or ""
    return ""
