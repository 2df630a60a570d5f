"""The reusability rubric: its criteria, their texts, and how admins change them.

The default rubric is seeded by migration 0002 from its own literal copy;
`DEFAULT_CRITERIA` (in rubric_defaults) is the same data for fixtures and
databases built without migrations, and a test checks the two agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from registry.extensions import db
from registry.models import Criterion, RatingScore, User
from registry.services import events, permissions, scores
from registry.services.errors import Conflict, Invalid, NotFound
from registry.services.rubric_defaults import DEFAULT_CRITERIA
from registry.translation import lazy_gettext as _l

# Form fields of the rating form that a criterion code must not shadow.
RESERVED_CODES = frozenset({"comment", "csrf_token", "submit", "next", "lang"})
CODE_PATTERN = re.compile(r"[a-z][a-z0-9_]{2,39}")
MAX_NAME = 100
MAX_QUESTION = 300
MAX_DESCRIPTION = 1000


@dataclass
class CriterionTexts:
    """What an admin writes about a criterion, in both languages."""

    name_nl: str
    name_en: str
    question_nl: str
    question_en: str
    score1_nl: str = ""
    score1_en: str = ""
    score3_nl: str = ""
    score3_en: str = ""
    score5_nl: str = ""
    score5_en: str = ""


TEXT_FIELDS = tuple(f.name for f in fields(CriterionTexts))


def seed_default(session: Session) -> list[Criterion]:
    """Add the default criteria that are missing (by code); for tests and empty databases."""
    existing = set(session.scalars(select(Criterion.code)))
    added = []
    for position, row in enumerate(DEFAULT_CRITERIA, start=1):
        if row["code"] not in existing:
            criterion = Criterion(**row, position=position)
            session.add(criterion)
            added.append(criterion)
    session.flush()
    return added


def active_criteria() -> list[Criterion]:
    """The criteria a rater is asked about, in rubric order."""
    return list(
        db.session.scalars(
            select(Criterion)
            .where(Criterion.retired.is_(False))
            .order_by(Criterion.position, Criterion.id)
        )
    )


def all_criteria() -> list[Criterion]:
    return list(db.session.scalars(select(Criterion).order_by(Criterion.position, Criterion.id)))


def get(code: str) -> Criterion:
    criterion = db.session.scalar(select(Criterion).where(Criterion.code == code))
    if criterion is None:
        raise NotFound()
    return criterion


def score_counts() -> dict[int, int]:
    """How many scores each criterion has: those cannot be deleted, only retired."""
    rows = db.session.execute(
        select(RatingScore.criterion_id, func.count()).group_by(RatingScore.criterion_id)
    )
    return dict(rows.all())


def _check_texts(texts: CriterionTexts) -> None:
    for name in TEXT_FIELDS:
        value = getattr(texts, name)
        if not isinstance(value, str):
            raise Invalid(_l("Vul hier tekst in."), field=name)
        setattr(texts, name, value.strip())
    for name in ("name_nl", "name_en", "question_nl", "question_en"):
        if not getattr(texts, name):
            raise Invalid(_l("Vul dit veld in, in beide talen."), field=name)
    limits = {"name": MAX_NAME, "question": MAX_QUESTION}
    for name in TEXT_FIELDS:
        limit = limits.get(name.split("_")[0], MAX_DESCRIPTION)
        if len(getattr(texts, name)) > limit:
            raise Invalid(_l("Gebruik hoogstens %(n)d tekens.", n=limit), field=name)


def update_texts(
    criterion: Criterion, user: User | None, texts: CriterionTexts, position: int
) -> None:
    permissions.require(permissions.can_edit_rubric(user))
    _check_texts(texts)
    changed = [name for name in TEXT_FIELDS if getattr(criterion, name) != getattr(texts, name)]
    for name in TEXT_FIELDS:
        setattr(criterion, name, getattr(texts, name))
    if criterion.position != position:
        criterion.position = position
        changed.append("position")
    if changed:
        events.record(user, "criterion_edited", criterion, code=criterion.code, fields=changed)
    db.session.flush()


def add(user: User | None, code: str, texts: CriterionTexts) -> Criterion:
    """A new criterion, asked from now on, placed at the end of the rubric."""
    permissions.require(permissions.can_edit_rubric(user))
    code = (code or "").strip()
    if not CODE_PATTERN.fullmatch(code) or code in RESERVED_CODES:
        raise Invalid(
            _l(
                "Gebruik 3 tot 40 kleine letters, cijfers of liggende streepjes, "
                "beginnend met een letter."
            ),
            field="code",
        )
    if db.session.scalar(select(exists().where(Criterion.code == code))):
        raise Conflict(_l("Er is al een criterium met deze code."), field="code")
    _check_texts(texts)
    last = db.session.scalar(select(func.max(Criterion.position))) or 0
    criterion = Criterion(code=code, position=last + 1, **vars(texts))
    db.session.add(criterion)
    db.session.flush()
    events.record(user, "criterion_added", criterion, code=code)
    return criterion


def set_retired(criterion: Criterion, user: User | None, retired: bool) -> int:
    """Retire a criterion (or bring it back) and refresh every stored score it touches.

    Returns the number of pilots whose aggregates were recomputed.
    """
    permissions.require(permissions.can_edit_rubric(user))
    if criterion.retired == retired:
        return 0
    if retired and len(active_criteria()) <= 1:
        raise Conflict(_l("De rubriek heeft ten minste één actief criterium nodig."))
    criterion.retired = retired
    events.record(user, "criterion_retired" if retired else "criterion_restored", criterion)
    db.session.flush()
    return scores.refresh_all()


def delete(criterion: Criterion, user: User | None) -> None:
    """Delete a criterion nobody has scored yet; one with scores can only be retired."""
    permissions.require(permissions.can_edit_rubric(user))
    has_scores = db.session.scalar(select(exists().where(RatingScore.criterion_id == criterion.id)))
    if has_scores:
        raise Conflict(
            _l(
                "Dit criterium heeft al scores en kan daarom niet worden verwijderd. "
                "Zet het buiten gebruik; de scores blijven dan in de geschiedenis."
            )
        )
    if not criterion.retired and len(active_criteria()) <= 1:
        raise Conflict(_l("De rubriek heeft ten minste één actief criterium nodig."))
    events.record(user, "criterion_deleted", criterion, code=criterion.code)
    db.session.delete(criterion)
    db.session.flush()
