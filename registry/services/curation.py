"""Curation: curators take nominations into review and decide them, in public.

Only curators act here; every refusal is written to the security log. A
decision needs a rationale; accepting a pilot that does not meet the
readiness checklist needs an explicit override as well. The checklist as it
was is stored with the decision. Two curators deciding at once: the
nomination's version column lets exactly one of them win.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.exc import StaleDataError

from registry.extensions import db
from registry.models import Event, Nomination, NominationState, Project, User, utcnow
from registry.services import (
    catalogue,
    events,
    nominations,
    notification_matrix,
    permissions,
    readiness,
)
from registry.services.catalogue import EntryData
from registry.services.errors import Conflict, Invalid
from registry.services.nominations import CHANGED_ELSEWHERE
from registry.services.readiness import Checklist, Thresholds
from registry.translation import lazy_gettext as _l

MIN_RATIONALE = 20
MAX_RATIONALE = 5000

# What a curator chooses, and the state it leads to.
DECISION_STATES = {
    "accept": NominationState.ACCEPTED,
    "reject": NominationState.REJECTED,
    "return": NominationState.RETURNED,
}


def require_curator(user: User | None, action: str, target: object) -> None:
    """Raise NotAllowed, and log the attempt, unless the user is a curator."""
    permissions.require_logged(permissions.can_curate(user), user, action, target)


def get(nomination_id: int, user: User | None) -> Nomination:
    """A nomination for a curator's eyes; NotAllowed (logged) for anyone else."""
    require_curator(user, "curation.view", f"nomination:{nomination_id}")
    return nominations.get(nomination_id)


def history(nomination: Nomination) -> list[Event]:
    """The nomination's own entries in its pilot's timeline, newest first."""
    return [
        event
        for event in events.timeline(nomination.project)
        if (event.payload or {}).get("nomination_id") == nomination.id
    ]


# --- The queue ---------------------------------------------------------------------


@dataclass(frozen=True)
class QueueRow:
    nomination: Nomination
    checklist: Checklist


def state_counts(user: User | None) -> dict[str, int]:
    require_curator(user, "curation.queue", "queue")
    counts = dict(
        db.session.execute(select(Nomination.state, func.count()).group_by(Nomination.state)).all()
    )
    return {state.value: counts.get(state.value, 0) for state in NominationState}


def queue(user: User | None, state: str, sort: str, thresholds: Thresholds) -> list[QueueRow]:
    """The nominations in one state with their live checklists, in the chosen order.

    readiness: most items met first; score: highest stored score first;
    age: oldest first, so nothing waits forever.
    """
    require_curator(user, "curation.queue", "queue")
    nominations = list(
        db.session.scalars(
            select(Nomination)
            .where(Nomination.state == state)
            .options(
                joinedload(Nomination.project).joinedload(Project.owner),
                joinedload(Nomination.nominator),
                joinedload(Nomination.curator),
            )
            .order_by(Nomination.created_at, Nomination.id)
        )
    )
    lists = readiness.checklists([n.project for n in nominations], thresholds)
    rows = [QueueRow(n, lists[n.project_id]) for n in nominations]
    if sort == "readiness":
        rows.sort(key=lambda row: -row.checklist.met_count)
    elif sort == "score":
        rows.sort(
            key=lambda row: (
                row.nomination.project.score is None,
                -(row.nomination.project.score or 0),
            )
        )
    return rows


# --- Review and decision -----------------------------------------------------------------


def _check_version(nomination: Nomination, version: int | None) -> None:
    if version is not None and version != nomination.version:
        raise Conflict(CHANGED_ELSEWHERE)


def _closed_message(nomination: Nomination) -> object:
    if nomination.state == NominationState.WITHDRAWN:
        return _l("Deze voordracht is ingetrokken; er valt niets meer te beslissen.")
    return _l("Over deze voordracht is al besloten.")


def _flush_or_conflict() -> None:
    try:
        db.session.flush()
    except StaleDataError as err:
        raise Conflict(CHANGED_ELSEWHERE) from err


def take_into_review(nomination: Nomination, user: User | None, version: int | None = None) -> None:
    """The curator assigns the nomination to themselves; owners and nominator hear of it."""
    require_curator(user, "curation.review", nomination)
    _check_version(nomination, version)
    if nomination.state != NominationState.SUBMITTED:
        if nomination.state == NominationState.IN_REVIEW:
            raise Invalid(_l("Deze voordracht is al in behandeling."))
        raise Invalid(_closed_message(nomination))
    nomination.state = NominationState.IN_REVIEW
    nomination.curator = user
    nomination.reviewed_at = utcnow()
    _flush_or_conflict()
    project = nomination.project
    events.record(user, "nomination_in_review", project, nomination_id=nomination.id)
    notification_matrix.nomination_step(nomination, user, NominationState.IN_REVIEW)


def decide(
    nomination: Nomination,
    user: User | None,
    decision: str,
    rationale: str,
    *,
    thresholds: Thresholds,
    today: date,
    override: bool = False,
    version: int | None = None,
    entry: EntryData | None = None,
) -> Nomination:
    """Accept, reject or return a nomination under review, with a public rationale.

    Accepting creates the catalogue entry (`entry`, or prefilled from the
    pilot). Raises NotAllowed for non-curators, Conflict when the nomination
    changed since `version` (or while deciding), Invalid for a decision that
    breaks a rule; nothing is changed then.
    """
    require_curator(user, f"curation.decide.{decision}", nomination)
    _check_version(nomination, version)
    if not nomination.is_open:
        raise Invalid(_closed_message(nomination))
    if nomination.state != NominationState.IN_REVIEW:
        raise Invalid(_l("Neem de voordracht eerst in behandeling."))
    state = DECISION_STATES.get(decision)
    if state is None:
        raise Invalid(_l("Kies aannemen, afwijzen of teruggeven."), field="decision")
    rationale = (rationale or "").strip()
    if len(rationale) < MIN_RATIONALE:
        raise Invalid(
            _l(
                "Onderbouw het besluit in minstens %(min)s tekens; de onderbouwing is openbaar.",
                min=MIN_RATIONALE,
            ),
            field="rationale",
        )
    if len(rationale) > MAX_RATIONALE:
        raise Invalid(
            _l("De onderbouwing is te lang: hoogstens %(max)s tekens.", max=MAX_RATIONALE),
            field="rationale",
        )
    checklist = readiness.readiness_checklist(nomination.project, thresholds)
    overridden = state == NominationState.ACCEPTED and not checklist.ready
    if overridden and not override:
        raise Invalid(
            _l(
                "De pilot voldoet nog niet aan alle voorwaarden. Kruis aan dat u toch aanneemt "
                "en leg in de onderbouwing uit waarom."
            ),
            field="override",
        )
    if state == NominationState.ACCEPTED and entry is not None:
        catalogue.check_entry(entry)
    # Read everything before the first change: a lazy load would flush the
    # change early, outside the conflict check below.
    curator = nomination.curator or user
    nomination.state = state
    nomination.decision = state
    nomination.rationale = rationale
    nomination.override = overridden
    nomination.checklist = checklist.snapshot()
    nomination.curator = curator
    nomination.decided_at = nomination.closed_at = utcnow()
    _flush_or_conflict()

    project = nomination.project
    created = None
    if state == NominationState.ACCEPTED:
        created = catalogue.create_from_nomination(nomination, user, entry, today)
    events.record(
        user,
        f"nomination_{state}",
        project,
        nomination_id=nomination.id,
        rationale=rationale,
        override=overridden,
        entry_slug=created.slug if created else None,
    )
    notification_matrix.nomination_step(nomination, user, state, entry=created, rationale=rationale)
    return nomination
