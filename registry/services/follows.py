"""Following: members follow a pilot, a theme, an organisation or the catalogue.

A follow is one row per person and target (`Follow`); following twice is
following once. Telling followers is a fan-out: the change writes one
`NotificationFanout` row, and the worker (`fan_out`) writes a notification
per follower, so a pilot published in a theme with a thousand followers
costs its request one INSERT.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_, delete, or_, select, update
from sqlalchemy.exc import IntegrityError

from registry.extensions import db
from registry.models import (
    Follow,
    FollowTarget,
    NotificationFanout,
    Organisation,
    Project,
    User,
    utcnow,
)
from registry.models.vocab import THEMES
from registry.services import notifications, permissions
from registry.services.errors import Invalid
from registry.translation import lazy_gettext as _l

# How many followers are loaded and told per step of a fan-out.
FAN_OUT_BATCH = 500


@dataclass(frozen=True)
class Target:
    """Something to follow: a type of FollowTarget and its key (empty for the catalogue)."""

    type: str
    key: str = ""

    @classmethod
    def project(cls, project: Project) -> Target:
        return cls(FollowTarget.PROJECT, str(project.id))

    @classmethod
    def theme(cls, theme: str) -> Target:
        return cls(FollowTarget.THEME, theme)

    @classmethod
    def organisation(cls, organisation: Organisation | int) -> Target:
        org_id = organisation if isinstance(organisation, int) else organisation.id
        return cls(FollowTarget.ORGANISATION, str(org_id))

    @classmethod
    def catalogue(cls) -> Target:
        return cls(FollowTarget.CATALOGUE, "")


UNKNOWN_TARGET = _l("Dit kunt u niet volgen: het bestaat niet (meer).")


def check_target(target: Target, user: User | None) -> Target:
    """The target when it exists and the user may see it; Invalid otherwise."""
    if target.type == FollowTarget.CATALOGUE and target.key == "":
        return target
    if target.type == FollowTarget.THEME and target.key in THEMES:
        return target
    if target.type in (FollowTarget.PROJECT, FollowTarget.ORGANISATION) and target.key.isdigit():
        if target.type == FollowTarget.ORGANISATION:
            if db.session.get(Organisation, int(target.key)) is not None:
                return target
        else:
            project = db.session.get(Project, int(target.key))
            if project is not None and permissions.can_view_project(user, project):
                return target
    raise Invalid(UNKNOWN_TARGET)


def follow(user: User | None, target: Target) -> bool:
    """Follow the target; False when the user already did."""
    permissions.require(permissions.can_follow(user))
    assert user is not None  # can_follow lets only signed-in users through
    check_target(target, user)
    if is_following(user, target):
        return False
    try:
        # A savepoint: a double click racing itself ends in one row, not an error.
        with db.session.begin_nested():
            db.session.add(Follow(user_id=user.id, target_type=target.type, target_key=target.key))
    except IntegrityError:
        return False
    return True


def unfollow(user: User | None, target: Target) -> bool:
    """Stop following; False when the user did not follow it."""
    permissions.require(permissions.can_follow(user))
    assert user is not None
    result = db.session.execute(
        delete(Follow)
        .where(
            Follow.user_id == user.id,
            Follow.target_type == target.type,
            Follow.target_key == target.key,
        )
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0))


def is_following(user: User | None, target: Target) -> bool:
    """One statement; False for visitors without a statement at all."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return (
        db.session.scalar(
            select(Follow.id).where(
                Follow.user_id == user.id,
                Follow.target_type == target.type,
                Follow.target_key == target.key,
            )
        )
        is not None
    )


def query_for(user: User) -> Select[Follow]:
    """What the user follows, newest first."""
    return (
        select(Follow)
        .where(Follow.user_id == user.id)
        .order_by(Follow.created_at.desc(), Follow.id.desc())
    )


@dataclass(frozen=True)
class Followed:
    """One line of the "what I follow" page."""

    target: Target
    name: str  # a pilot's title or an organisation's name; empty for themes and the catalogue
    slug: str  # a pilot's slug or an organisation's code


def describe(follows: Sequence[Follow]) -> list[Followed]:
    """Names and links for a page of follows: at most one statement per kind of target.

    A pilot that is no longer public is listed without its title.
    """
    project_ids = [int(f.target_key) for f in follows if f.target_type == FollowTarget.PROJECT]
    org_ids = [int(f.target_key) for f in follows if f.target_type == FollowTarget.ORGANISATION]
    projects: dict[int, tuple[str, str]] = {}
    if project_ids:
        projects = {
            row.id: (row.title, row.slug)
            for row in db.session.execute(
                select(Project.id, Project.title, Project.slug).where(
                    Project.id.in_(project_ids), Project.is_public
                )
            )
        }
    orgs: dict[int, tuple[str, str]] = {}
    if org_ids:
        orgs = {
            row.id: (row.name, row.code)
            for row in db.session.execute(
                select(Organisation.id, Organisation.name, Organisation.code).where(
                    Organisation.id.in_(org_ids)
                )
            )
        }
    lines = []
    for item in follows:
        target = Target(item.target_type, item.target_key)
        name = slug = ""
        if item.target_type == FollowTarget.PROJECT:
            name, slug = projects.get(int(item.target_key), ("", ""))
        elif item.target_type == FollowTarget.ORGANISATION:
            name, slug = orgs.get(int(item.target_key), ("", ""))
        lines.append(Followed(target, name, slug))
    return lines


# --- Telling followers ---------------------------------------------------------------


def queue_fan_out(
    kind: str,
    subject: Any,
    targets: Iterable[Target],
    exclude: Iterable[int],
    **params: Any,
) -> NotificationFanout | None:
    """One row that tells every follower of these targets, written with the change."""
    wanted = [[t.type, t.key] for t in targets]
    if not wanted:
        return None
    if subject.id is None:
        db.session.flush()
    row = NotificationFanout(
        kind=kind,
        subject_type=subject.__tablename__,
        subject_id=subject.id,
        params=params,
        targets=wanted,
        exclude=sorted(set(exclude)),
    )
    db.session.add(row)
    return row


REASONS = {
    FollowTarget.PROJECT: "follows_project",
    FollowTarget.THEME: "follows_theme",
    FollowTarget.ORGANISATION: "follows_organisation",
    FollowTarget.CATALOGUE: "follows_catalogue",
}


class _Subject:
    """What a notification is about, as stored: a table name and an id."""

    def __init__(self, table: str, row_id: int) -> None:
        self.__tablename__ = table
        self.id = row_id


def fan_out(fanout_id: int) -> int:
    """Tell the followers of one fan-out row; how many were told. Flushes, never commits.

    The row is claimed with a conditional UPDATE in the caller's transaction:
    a second run (a retried task, the sweep) finds it done and tells nobody,
    and a run that fails rolls the claim back with the notifications.
    """
    claimed = db.session.execute(
        update(NotificationFanout)
        .where(NotificationFanout.id == fanout_id, NotificationFanout.done_at.is_(None))
        .values(done_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if getattr(claimed, "rowcount", 0) != 1:
        return 0
    row = db.session.get(NotificationFanout, fanout_id)
    if row is None:
        return 0
    excluded = set(row.exclude)
    order = [t[0] for t in row.targets]
    reason_of: dict[int, str] = {}
    condition = or_(
        *(and_(Follow.target_type == t[0], Follow.target_key == t[1]) for t in row.targets)
    )
    for user_id, target_type in db.session.execute(
        select(Follow.user_id, Follow.target_type).where(condition)
    ):
        if user_id in excluded:
            continue
        known = reason_of.get(user_id)
        if known is None or order.index(target_type) < order.index(known):
            reason_of[user_id] = target_type
    subject = _Subject(row.subject_type, row.subject_id)
    told = 0
    ids = sorted(reason_of)
    for start in range(0, len(ids), FAN_OUT_BATCH):
        batch = ids[start : start + FAN_OUT_BATCH]
        users = db.session.scalars(
            select(User).where(
                User.id.in_(batch),
                User.disabled.is_(False),
                User.email_verified_at.is_not(None),
            )
        ).all()
        by_reason: dict[str, list[User]] = {}
        for user in users:
            by_reason.setdefault(reason_of[user.id], []).append(user)
        for target_type, group in by_reason.items():
            params = {**row.params, "reason": REASONS[target_type]}
            told += len(notifications.notify(group, row.kind, subject, **params))
    return told


def open_fan_outs(limit: int = 100) -> list[int]:
    """Fan-outs not done yet (their task was lost, or failed): for the periodic sweep."""
    return list(
        db.session.scalars(
            select(NotificationFanout.id)
            .where(NotificationFanout.done_at.is_(None))
            .order_by(NotificationFanout.id)
            .limit(limit)
        )
    )
