"""The audit trail: every change of state is recorded as an Event."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select

from registry.extensions import db
from registry.models import Event, User


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
    """The events of one subject, newest first, with actor and organisation loaded.

    Of the actor only the name is shown; an account row carries far more.
    """
    from sqlalchemy.orm import joinedload

    return (
        select(Event)
        .where(Event.subject_type == subject_type, Event.subject_id == subject_id)
        .options(joinedload(Event.actor).load_only(User.name), joinedload(Event.organisation))
        .order_by(Event.created_at.desc(), Event.id.desc())
    )


def timeline(subject: Any) -> list[Event]:
    return list(db.session.scalars(timeline_query(subject.__tablename__, subject.id)))
