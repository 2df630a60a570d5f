"""Who is told what: the notification matrix, in one table, applied when things happen.

| kind                     | told                                                   |
| ------------------------ | ------------------------------------------------------ |
| project_rated            | owners and partners                                    |
| project_adopted          | owners and partners                                    |
| project_question         | owners and partners                                    |
| nomination_submitted     | owners and partners, the nominator                     |
| nomination_new           | curators                                               |
| nomination_in_review     | owners and partners, the nominator                     |
| nomination_accepted      | owners and partners, the nominator                     |
| nomination_rejected      | owners and partners, the nominator                     |
| nomination_returned      | owners and partners, the nominator                     |
| nomination_withdrawn     | owners and partners, the nominator                     |
| nomination_waiting       | curators (once, after 14 days in `submitted`)          |
| pilot_published          | followers of its themes and organisations              |
| pilot_phase_changed      | followers of the pilot                                 |
| pilot_results_added      | followers of the pilot                                 |
| pilot_promoted           | followers of the pilot, its themes and organisations,  |
|                          | and of the catalogue                                   |
| catalogue_status_changed | followers of the origin pilot and of the catalogue     |

"Owners and partners" are the active members of the owning and partner
organisations; "curators" are curators and admins. The one who acted is
never told of their own action, and each person hears of one event once:
someone who is both a partner and a follower gets the partner's message.
Followers are told by the worker (one fan-out row per event, see
`services.follows`); everyone else in the same transaction as the change.
What each person then receives (at once, in a digest, on the site only, or
nothing) is their choice per kind (`services.notifications`).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import select, update

from registry.extensions import db
from registry.models import (
    CatalogueEntry,
    Nomination,
    NominationState,
    Project,
    User,
)
from registry.models.vocab import Role
from registry.services import follows, notifications
from registry.services.follows import Target

# A nomination that waits this long for a curator is brought to the curators' attention.
WAITING_DAYS = 14


class Audience(StrEnum):
    OWNERS = "owners"  # the active members of the owning and partner organisations
    NOMINATOR = "nominator"
    CURATORS = "curators"
    PILOT_FOLLOWERS = "pilot_followers"
    THEME_FOLLOWERS = "theme_followers"
    ORGANISATION_FOLLOWERS = "organisation_followers"
    CATALOGUE_FOLLOWERS = "catalogue_followers"


FOLLOWERS = frozenset(
    {
        Audience.PILOT_FOLLOWERS,
        Audience.THEME_FOLLOWERS,
        Audience.ORGANISATION_FOLLOWERS,
        Audience.CATALOGUE_FOLLOWERS,
    }
)

STEP = (Audience.OWNERS, Audience.NOMINATOR)

# The table above, as the code reads it; audiences in the order they are told.
MATRIX: dict[str, tuple[Audience, ...]] = {
    "project_rated": (Audience.OWNERS,),
    "project_adopted": (Audience.OWNERS,),
    "project_question": (Audience.OWNERS,),
    "nomination_submitted": STEP,
    "nomination_new": (Audience.CURATORS,),
    "nomination_in_review": STEP,
    "nomination_accepted": STEP,
    "nomination_rejected": STEP,
    "nomination_returned": STEP,
    "nomination_withdrawn": STEP,
    "nomination_waiting": (Audience.CURATORS,),
    "pilot_published": (Audience.THEME_FOLLOWERS, Audience.ORGANISATION_FOLLOWERS),
    "pilot_phase_changed": (Audience.PILOT_FOLLOWERS,),
    "pilot_results_added": (Audience.PILOT_FOLLOWERS,),
    "pilot_promoted": (
        Audience.PILOT_FOLLOWERS,
        Audience.THEME_FOLLOWERS,
        Audience.ORGANISATION_FOLLOWERS,
        Audience.CATALOGUE_FOLLOWERS,
    ),
    "catalogue_status_changed": (Audience.PILOT_FOLLOWERS, Audience.CATALOGUE_FOLLOWERS),
}


# --- Who is in an audience ---------------------------------------------------------------


def _active(query: Any) -> Any:
    return query.where(User.disabled.is_(False), User.email_verified_at.is_not(None))


def owners_and_partners(project: Project) -> list[User]:
    return list(
        db.session.scalars(
            _active(
                select(User).where(User.organisation_id.in_(project.member_organisation_ids))
            ).order_by(User.id)
        )
    )


def curators() -> list[User]:
    return list(
        db.session.scalars(
            _active(select(User).where(User.role.in_((Role.CURATOR, Role.ADMIN)))).order_by(User.id)
        )
    )


def _targets(
    audience: Audience, project: Project | None, entry: CatalogueEntry | None
) -> list[Target]:
    if audience == Audience.CATALOGUE_FOLLOWERS:
        return [Target.catalogue()]
    if audience == Audience.PILOT_FOLLOWERS:
        if project is not None:
            return [Target.project(project)]
        if entry is not None and entry.origin_project_id is not None:
            return [Target("project", str(entry.origin_project_id))]
        return []
    if project is None:
        return []
    if audience == Audience.THEME_FOLLOWERS:
        return [Target.theme(theme) for theme in project.themes]
    return [Target.organisation(org_id) for org_id in sorted(project.member_organisation_ids)]


# --- Telling ---------------------------------------------------------------------------


def tell(
    kind: str,
    subject: Any,
    actor: User | None,
    *,
    project: Project | None = None,
    nomination: Nomination | None = None,
    entry: CatalogueEntry | None = None,
    told: set[int] | None = None,
    **params: Any,
) -> set[int]:
    """Tell the audiences of `kind` (MATRIX); the ids of the people told now.

    `told` holds people already told of the same event (they are skipped);
    followers are told later by the worker, minus everyone told here.
    """
    told = set(told or ())
    if actor is not None:
        told.add(actor.id)
    skip = set(told)
    fan_out: list[Target] = []
    for audience in MATRIX[kind]:
        if audience in FOLLOWERS:
            fan_out += _targets(audience, project, entry)
            continue
        if audience == Audience.OWNERS and project is not None:
            people = owners_and_partners(project)
        elif audience == Audience.NOMINATOR and nomination is not None:
            people = [nomination.nominator] if nomination.nominator is not None else []
        elif audience == Audience.CURATORS:
            people = curators()
        else:
            people = []
        people = [p for p in people if p.id not in skip and not p.disabled]
        if people:
            notifications.notify(people, kind, subject, reason=audience.value, **params)
            skip.update(p.id for p in people)
    if fan_out:
        follows.queue_fan_out(kind, subject, fan_out, skip, **params)
    return skip - told


def _project_params(project: Project) -> dict[str, Any]:
    return {"project_title": project.title, "project_slug": project.slug}


def _actor_org(actor: User | None) -> str:
    if actor is not None and actor.organisation is not None:
        return actor.organisation.name
    return ""


# --- The events --------------------------------------------------------------------------


def pilot_rated(project: Project, actor: User) -> None:
    tell(
        "project_rated",
        project,
        actor,
        project=project,
        actor_org=_actor_org(actor),
        **_project_params(project),
    )


def pilot_adopted(project: Project, actor: User, status: str) -> None:
    tell(
        "project_adopted",
        project,
        actor,
        project=project,
        actor_org=_actor_org(actor),
        adoption_status=status,
        **_project_params(project),
    )


def question_asked(project: Project, actor: User | None, **params: Any) -> None:
    """A question was asked on a pilot: its owners and partners hear of it.

    For the questions on pilots; `params` (e.g. `question_id`) are kept with the notification.
    """
    tell("project_question", project, actor, project=project, **params, **_project_params(project))


def pilot_published(project: Project, actor: User | None) -> None:
    """A pilot became public for the first time: followers of its themes and organisations."""
    if not project.is_public:
        return
    owner = project.owner.name if project.owner is not None else ""
    params = _project_params(project)
    tell("pilot_published", project, actor, project=project, owner=owner, **params)


def pilot_changed(
    project: Project, actor: User | None, *, phase: str | None, results_added: bool
) -> None:
    """An edit of a public pilot: its followers hear of a new phase and of new results."""
    if not project.is_public:
        return
    if phase is not None:
        tell(
            "pilot_phase_changed",
            project,
            actor,
            project=project,
            phase_code=phase,
            **_project_params(project),
        )
    if results_added:
        tell("pilot_results_added", project, actor, project=project, **_project_params(project))


def _nomination_params(nomination: Nomination) -> dict[str, Any]:
    return {"nomination_id": nomination.id, **_project_params(nomination.project)}


def nominated(nomination: Nomination, actor: User | None) -> None:
    """Owners and partners hear their pilot was nominated; curators that there is work."""
    project = nomination.project
    told = tell(
        "nomination_submitted",
        nomination,
        actor,
        project=project,
        nomination=nomination,
        **_nomination_params(nomination),
    )
    tell(
        "nomination_new",
        nomination,
        actor,
        project=project,
        told=told,
        **_nomination_params(nomination),
    )


def nomination_step(
    nomination: Nomination,
    actor: User | None,
    state: str,
    *,
    entry: CatalogueEntry | None = None,
    rationale: str = "",
) -> None:
    """A step of a nomination (in review, a decision, withdrawn), and a promotion's followers."""
    project = nomination.project
    params = _nomination_params(nomination)
    if rationale:
        params["rationale"] = rationale
    if entry is not None:
        params["entry_slug"] = entry.slug
    told = tell(
        f"nomination_{state}",
        nomination,
        actor,
        project=project,
        nomination=nomination,
        **params,
    )
    if state == NominationState.ACCEPTED and entry is not None and project.is_public:
        tell(
            "pilot_promoted",
            project,
            actor,
            project=project,
            told=told,
            entry_name=entry.name,
            **{k: v for k, v in params.items() if k != "rationale"},
        )


def catalogue_status_changed(entry: CatalogueEntry, actor: User | None, status: str) -> None:
    tell(
        "catalogue_status_changed",
        entry,
        actor,
        entry=entry,
        entry_slug=entry.slug,
        entry_name=entry.name,
        catalogue_status=status,
    )


def remind_waiting_nominations(now: datetime, days: int = WAITING_DAYS) -> int:
    """Curators hear of each nomination that waits more than `days` for review, once.

    The reminder is claimed with a conditional UPDATE in the caller's
    transaction, so a rerun (or a second worker) tells nobody again.
    Returns how many nominations were brought to attention.
    """
    waiting = list(
        db.session.scalars(
            select(Nomination.id).where(
                Nomination.state == NominationState.SUBMITTED,
                Nomination.created_at < now - timedelta(days=days),
                Nomination.waiting_notified_at.is_(None),
            )
        )
    )
    reminded = 0
    for nomination_id in waiting:
        claimed = db.session.execute(
            update(Nomination)
            .where(Nomination.id == nomination_id, Nomination.waiting_notified_at.is_(None))
            .values(waiting_notified_at=now)
            .execution_options(synchronize_session=False)
        )
        if getattr(claimed, "rowcount", 0) != 1:
            continue
        nomination = db.session.get(Nomination, nomination_id)
        if nomination is None:
            continue
        tell(
            "nomination_waiting",
            nomination,
            None,
            project=nomination.project,
            days=days,
            **_nomination_params(nomination),
        )
        reminded += 1
    return reminded
