"""Ratings: one user's reusability assessment of one pilot, on the rubric.

One rating per user per pilot. The database constraint backs this up, and
the write is an INSERT .. ON CONFLICT DO UPDATE, so simultaneous submissions
of the same rating end in one row instead of an error. Every change refreshes
the pilot's stored score in the same transaction and is recorded as an event,
which keeps the history of earlier versions.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from functools import cache
from typing import cast

from sqlalchemy import Select, Table, bindparam, delete, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.interfaces import LoaderOption

from registry.extensions import db
from registry.models import Criterion, Project, Rating, RatingScore, User, utcnow
from registry.models.organisation import NAMING_COLUMNS
from registry.services import events, notification_matrix, permissions, rubric, scores
from registry.services.errors import Invalid, NotAllowed, NotFound
from registry.translation import lazy_gettext as _l

MAX_COMMENT = 2000
SCORE_VALUES = range(1, 6)


def current(project: Project, user: User | None) -> Rating | None:
    """The user's own rating of the pilot, with its scores."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(
        select(Rating)
        .where(Rating.project_id == project.id, Rating.user_id == user.id)
        .options(selectinload(Rating.scores))
    )


@cache  # options are immutable: built once, not for every page
def _with_rater() -> tuple[LoaderOption, ...]:
    return (
        # Only the rater's name is shown; an account row carries far more.
        joinedload(Rating.user).load_only(User.name),
        # Of the organisations, what names and links to them.
        joinedload(Rating.organisation).load_only(*NAMING_COLUMNS),
    )


def of_project(project: Project) -> list[Rating]:
    """All ratings of a pilot, newest first, with rater and organisation loaded.

    Their scores are not loaded: `scores_of_project` reads them as plain values.
    """
    return list(db.session.scalars(_of_project(), {"project_id": project.id}))


@cache  # built once: building a statement costs more than running it on one key
def _of_project() -> Select[Rating]:
    return (
        select(Rating)
        .where(Rating.project_id == bindparam("project_id"))
        .options(*_with_rater())
        .order_by(Rating.updated_at.desc(), Rating.id.desc())
    )


def scores_of_project(project: Project) -> dict[int, dict[str, int]]:
    """Every rating's scores of a pilot by criterion code, keyed by rating id.

    Plain values, not objects: a pilot page shows a few dozen of them, and an
    object per score costs more than the rest of its reading together.
    """
    by_rating: dict[int, dict[str, int]] = {}
    for rating_id, code, value in db.session.execute(
        _scores_of_project(), {"project_id": project.id}
    ):
        by_rating.setdefault(rating_id, {})[code] = value
    return by_rating


@cache
def _scores_of_project() -> Select[int, str, int]:
    return (
        select(RatingScore.rating_id, Criterion.code, RatingScore.value)
        .join(Rating, Rating.id == RatingScore.rating_id)
        .join(Criterion, Criterion.id == RatingScore.criterion_id)
        .where(Rating.project_id == bindparam("project_id"))
    )


def check_scores(
    scores_by_code: Mapping[str, object], criteria: list[Criterion]
) -> dict[str, int | None]:
    """The scores for the active criteria, or Invalid naming the first bad one.

    A value is an int from 1 to 5, or None for "don't know". Booleans and
    numbers that merely look like scores (5.0, "5") are refused: the form
    turns text into numbers, the service only accepts the result.
    """
    codes = [c.code for c in criteria]
    unknown = set(scores_by_code) - set(codes)
    if unknown:
        raise Invalid(_l("Onbekend criterium: %(code)s.", code=sorted(unknown)[0]))
    checked: dict[str, int | None] = {}
    for code in codes:
        value = scores_by_code.get(code)
        if value is not None and (type(value) is not int or value not in SCORE_VALUES):
            raise Invalid(_l("Kies een score van 1 tot 5, of ‘weet ik niet’."), field=code)
        checked[code] = value
    if all(value is None for value in checked.values()):
        raise Invalid(
            _l(
                "Geef ten minste één criterium een score van 1 tot 5. "
                "Een beoordeling met alleen ‘weet ik niet’ telt niet mee."
            )
        )
    return checked


def _insert(table: Table) -> postgresql.Insert | sqlite.Insert:
    """INSERT with ON CONFLICT support for the database in use."""
    dialect = db.session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)


def _upsert_rating(project: Project, user: User, comment: str, now: datetime) -> int:
    table = cast(Table, Rating.__table__)
    stmt = _insert(table).values(
        project_id=project.id,
        user_id=user.id,
        organisation_id=user.organisation_id,
        comment=comment,
        created_at=now,
        updated_at=now,
    )
    upsert = stmt.on_conflict_do_update(
        index_elements=[table.c.project_id, table.c.user_id],
        set_={
            "organisation_id": stmt.excluded.organisation_id,
            "comment": stmt.excluded.comment,
            "updated_at": stmt.excluded.updated_at,
        },
    ).returning(table.c.id)
    rating_id: int = db.session.execute(upsert).scalar_one()
    return rating_id


def _replace_scores(
    rating_id: int, criteria: list[Criterion], values: dict[str, int | None]
) -> None:
    """Replace the scores on the asked criteria; scores on retired ones stay as history."""
    table = cast(Table, RatingScore.__table__)
    db.session.execute(
        delete(table).where(
            table.c.rating_id == rating_id,
            table.c.criterion_id.in_([c.id for c in criteria]),
        )
    )
    rows = [
        {"rating_id": rating_id, "criterion_id": c.id, "value": values[c.code]}
        for c in criteria
        if values[c.code] is not None
    ]
    db.session.execute(insert(table), rows)


def submit(
    project: Project,
    user: User | None,
    scores_by_code: Mapping[str, object],
    comment: str = "",
    *,
    prior: scores.Prior | None = None,
    at: datetime | None = None,
) -> Rating:
    """Record or replace the user's rating and refresh the pilot's stored score.

    `scores_by_code` maps criterion codes to 1–5 or None ("don't know");
    criteria left out count as "don't know". `at` dates the change (demo data).
    """
    permissions.require(permissions.can_rate(user, project))
    assert user is not None  # can_rate lets only signed-in users through
    criteria = rubric.active_criteria()
    values = check_scores(scores_by_code, criteria)
    comment = (comment or "").strip()
    if len(comment) > MAX_COMMENT:
        raise Invalid(_l("Gebruik hoogstens %(n)d tekens.", n=MAX_COMMENT), field="comment")
    now = at or utcnow()

    db.session.flush()
    scores.lock(project)
    first = current(project, user) is None
    rating_id = _upsert_rating(project, user, comment, now)
    _replace_scores(rating_id, criteria, values)
    scores.refresh(project, prior=prior, at=now)
    event = events.record(user, "rated", project, scores=values, updated=not first)
    event.created_at = now
    notification_matrix.pilot_rated(project, user)
    db.session.flush()
    return db.session.scalars(
        select(Rating)
        .where(Rating.id == rating_id)
        .options(selectinload(Rating.scores))
        .execution_options(populate_existing=True)
    ).one()


def withdraw(
    project: Project,
    user: User | None,
    *,
    prior: scores.Prior | None = None,
    at: datetime | None = None,
) -> None:
    """Delete the user's own rating; the events keep what it said."""
    if user is None or not getattr(user, "is_authenticated", False):
        raise NotAllowed(_l("Log in om uw beoordeling in te trekken."))
    db.session.flush()
    scores.lock(project)
    rating = current(project, user)
    if rating is None:
        raise NotFound(_l("U heeft deze pilot niet beoordeeld."))
    withdrawn = rating.score_by_code()
    db.session.delete(rating)
    db.session.flush()
    now = at or utcnow()
    scores.refresh(project, prior=prior, at=now)
    event = events.record(user, "rating_withdrawn", project, scores=withdrawn)
    event.created_at = now
    db.session.flush()
