"""Nominations: proposing a pilot for the catalogue, and withdrawing the proposal.

Any member may nominate a public pilot. At most one nomination per pilot is
open at a time; the check here gives a clear message and the partial unique
index in the database settles a race between two requests.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.exc import StaleDataError

from registry.extensions import db
from registry.models import (
    CatalogueEntry,
    Nomination,
    NominationState,
    Project,
    User,
    utcnow,
)
from registry.models.nomination import OPEN_STATES
from registry.services import events, notification_matrix, permissions
from registry.services.errors import Conflict, Invalid, NotFound
from registry.translation import lazy_gettext as _l

MAX_MOTIVATION = 2000

ALREADY_OPEN = _l(
    "Deze pilot is al voorgedragen en de voordracht is nog in behandeling. "
    "Een nieuwe voordracht kan pas als die is afgerond."
)
CHANGED_ELSEWHERE = _l(
    "De voordracht is intussen gewijzigd door iemand anders. Bekijk de nieuwe stand van zaken."
)


def get(nomination_id: int) -> Nomination:
    nomination = db.session.scalar(
        select(Nomination)
        .where(Nomination.id == nomination_id)
        .options(
            joinedload(Nomination.project).joinedload(Project.owner),
            joinedload(Nomination.nominator).joinedload(User.organisation),
            joinedload(Nomination.curator),
        )
    )
    if nomination is None:
        raise NotFound()
    return nomination


def open_nomination(project: Project) -> Nomination | None:
    return db.session.scalar(
        select(Nomination).where(
            Nomination.project_id == project.id, Nomination.state.in_(OPEN_STATES)
        )
    )


def latest(project: Project) -> Nomination | None:
    """The most recent nomination of the pilot, open or closed."""
    return db.session.scalar(
        select(Nomination)
        .where(Nomination.project_id == project.id)
        .order_by(Nomination.created_at.desc(), Nomination.id.desc())
        .limit(1)
    )


def nominate(project: Project, user: User | None, motivation: str) -> Nomination:
    """Propose the pilot for the catalogue, saying why.

    Raises NotAllowed (not signed in, no organisation, a draft or hidden
    pilot), Invalid (motivation), or Conflict (an open nomination exists,
    or the pilot is already a standard).
    """
    permissions.require(permissions.can_nominate(user, project))
    motivation = (motivation or "").strip()
    if not motivation:
        raise Invalid(
            _l("Leg uit waarom deze pilot een standaard moet worden."), field="motivation"
        )
    if len(motivation) > MAX_MOTIVATION:
        raise Invalid(
            _l("De motivatie is te lang: hoogstens %(max)s tekens.", max=MAX_MOTIVATION),
            field="motivation",
        )
    if db.session.scalar(
        select(CatalogueEntry.id).where(CatalogueEntry.origin_project_id == project.id)
    ):
        raise Conflict(_l("Deze pilot staat al in de catalogus."))
    if open_nomination(project) is not None:
        raise Conflict(ALREADY_OPEN)
    nomination = Nomination(
        project=project, nominator=user, motivation=motivation, state=NominationState.SUBMITTED
    )
    try:
        # A savepoint, so losing the race leaves the caller's transaction usable.
        with db.session.begin_nested():
            db.session.add(nomination)
    except IntegrityError as err:
        raise Conflict(ALREADY_OPEN) from err
    events.record(user, "nominated", project, nomination_id=nomination.id, motivation=motivation)
    notification_matrix.nominated(nomination, user)
    db.session.flush()
    return nomination


def withdraw(nomination: Nomination, user: User | None, version: int | None = None) -> Nomination:
    """The nominator or the pilot's own people take an open nomination back."""
    permissions.require(permissions.can_withdraw_nomination(user, nomination))
    if version is not None and version != nomination.version:
        raise Conflict(CHANGED_ELSEWHERE)
    if not nomination.is_open:
        raise Invalid(_l("Deze voordracht is al afgerond en kan niet meer worden ingetrokken."))
    nomination.state = NominationState.WITHDRAWN
    nomination.closed_at = utcnow()
    try:
        db.session.flush()
    except StaleDataError as err:
        raise Conflict(CHANGED_ELSEWHERE) from err
    events.record(user, "nomination_withdrawn", nomination.project, nomination_id=nomination.id)
    notification_matrix.nomination_step(nomination, user, NominationState.WITHDRAWN)
    db.session.flush()
    return nomination
