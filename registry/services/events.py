"""The audit trail: every change of state is recorded as an Event."""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.interfaces import LoaderOption

from registry.extensions import db
from registry.models import Event, User
from registry.models.organisation import NAMING_COLUMNS


def record(actor: User | None, verb: str, subject: Any, **payload: Any) -> Event:
    """Add an event about `subject` (any model with an `id`) in the current transaction."""
    if subject.id is None:
        db.session.flush()
    event = Event(
        actor=actor,
        organisation_id=actor.organisation_id if actor else None,
        verb=verb,
        subject_type=subject.__tablename__,
        subject_id=subject.id,
        payload=payload,
    )
    db.session.add(event)
    return event


def timeline_query(subject_type: str, subject_id: int) -> Select[Event]:
    """The events of one subject, newest first, with actor and organisation loaded."""
    return (
        select(Event)
        .where(Event.subject_type == subject_type, Event.subject_id == subject_id)
        .options(*_with_people())
        .order_by(Event.created_at.desc(), Event.id.desc())
    )


@cache  # options are immutable: built once, not for every page
def _with_people() -> tuple[LoaderOption, ...]:
    # Of the actor only the name is shown; an account row carries far more.
    return (
        joinedload(Event.actor).load_only(User.name),
        joinedload(Event.organisation).load_only(*NAMING_COLUMNS),
    )


def timeline(subject: Any) -> list[Event]:
    return list(
        db.session.scalars(
            _timeline(), {"subject_type": subject.__tablename__, "subject_id": subject.id}
        )
    )


@cache  # built once: building a statement costs more than running it on one key
def _timeline() -> Select[Event]:
    return timeline_query(bindparam("subject_type"), bindparam("subject_id"))  # type: ignore[arg-type]
