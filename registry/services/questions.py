"""Questions and answers on a pilot: asked in public, answered by the pilot's people.

Only a public pilot (published, not hidden) has questions: for a draft or a
hidden pilot every question is `NotFound`, to its own people too, so nothing
asked in public lingers on a page that is no longer public. A hidden post
stays hidden for everyone; the reason is kept on the post and in the event
log. Every change records an event (`question.asked`, `answer.posted`,
`answer.marked_helpful`, `question.hidden`, `answer.hidden`) whose payload
names the pilot and the question, for whatever reacts to them.
"""

from __future__ import annotations

from functools import cache

from sqlalchemy import Integer, Select, bindparam, select
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.interfaces import LoaderOption

from registry.extensions import db
from registry.models import Answer, Project, Question, User, limits, utcnow
from registry.models.organisation import NAMING_COLUMNS
from registry.services import events, notification_matrix, permissions, projects
from registry.services.errors import Invalid, NotFound
from registry.translation import lazy_gettext as _l

NO_QUESTION = _l("Schrijf uw vraag.")
NO_ANSWER = _l("Schrijf uw antwoord.")
NO_REASON = _l("Geef een reden op.")


too_long = projects.too_long


# --- Reading -------------------------------------------------------------------------


def public_project(slug: str) -> Project:
    """The pilot whose questions may be shown: public, else NotFound (also for its owners)."""
    project = projects.find(slug)
    if project is None or not project.is_public:
        raise NotFound()
    return project


def _with_people(query: Select[Question]) -> Select[Question]:
    return query.options(
        joinedload(Question.author).load_only(User.name),
        joinedload(Question.organisation),
        selectinload(Question.answers).options(
            joinedload(Answer.author).load_only(User.name), joinedload(Answer.organisation)
        ),
    )


def listing_query(project: Project) -> Select[Question]:
    """The pilot's questions, newest first, each with its answers (one extra statement)."""
    return _with_people(
        select(Question)
        .where(Question.project_id == project.id)
        .order_by(Question.created_at.desc(), Question.id.desc())
    )


@cache  # options are immutable: built once, not for every page
def _with_people_joined() -> tuple[LoaderOption, ...]:
    # Of the people and organisations, what names them.
    return (
        joinedload(Question.author).load_only(User.name),
        joinedload(Question.organisation).load_only(*NAMING_COLUMNS),
        joinedload(Question.answers).options(
            joinedload(Answer.author).load_only(User.name),
            joinedload(Answer.organisation).load_only(*NAMING_COLUMNS),
        ),
    )


def latest(project: Project, limit: int) -> tuple[list[Question], bool]:
    """The newest `limit` questions with their answers and whether there are more, in one
    statement (the pilot page's: a handful of questions, each with a few answers)."""
    if project.has_questions is False:  # known from the pilot's own row
        return [], False
    parameters = {"project_id": project.id, "limit": limit + 1}
    found = list(db.session.scalars(_latest(), parameters).unique())
    return found[:limit], len(found) > limit


@cache  # built once: building a statement costs more than running it on one key
def _latest() -> Select[Question]:
    return (
        select(Question)
        .where(Question.project_id == bindparam("project_id"))
        .order_by(Question.created_at.desc(), Question.id.desc())
        .limit(bindparam("limit", type_=Integer))
        .options(*_with_people_joined())
    )


def get(project: Project, question_id: int) -> Question:
    """One question of a public pilot, with its answers; NotFound when it is another's."""
    question = db.session.scalar(
        _with_people(
            select(Question).where(Question.id == question_id, Question.project_id == project.id)
        )
    )
    if question is None or not question.project.is_public:
        raise NotFound()
    return question


def answer_of(question: Question, answer_id: int) -> Answer:
    for answer in question.answers:
        if answer.id == answer_id:
            return answer
    raise NotFound()


# --- Writing -------------------------------------------------------------------------


def _text(body: str, limit: int, empty: object) -> str:
    body = (body or "").strip()
    if not body:
        raise Invalid(empty, field="body")
    if len(body) > limit:
        raise Invalid(too_long(limit), field="body")
    return body


def ask(project: Project, user: User | None, body: str) -> Question:
    permissions.require(permissions.can_ask_question(user, project))
    assert user is not None  # the permission refuses anonymous visitors
    question = Question(
        project=project,
        author=user,
        organisation_id=user.organisation_id,
        body=_text(body, limits.QUESTION_BODY, NO_QUESTION),
    )
    db.session.add(question)
    db.session.flush()
    events.record(user, "question.asked", question, project_id=project.id)
    notification_matrix.question_asked(project, user, question_id=question.id)
    db.session.flush()
    return question


def answer(question: Question, user: User | None, body: str) -> Answer:
    permissions.require(permissions.can_answer_question(user, question))
    assert user is not None  # only the pilot's own people may answer
    reply = Answer(
        question=question,
        author=user,
        organisation_id=user.organisation_id,
        body=_text(body, limits.ANSWER_BODY, NO_ANSWER),
    )
    db.session.add(reply)
    db.session.flush()
    events.record(
        user,
        "answer.posted",
        reply,
        project_id=question.project_id,
        question_id=question.id,
        asker_id=question.author_id,
    )
    db.session.flush()
    return reply


def mark_helpful(answer: Answer, user: User | None) -> None:
    """The asker marks the answer that helped; one per question, so another loses the mark."""
    permissions.require(permissions.can_mark_helpful(user, answer))
    if answer.helpful_at is not None:
        return
    for other in answer.question.answers:
        other.helpful_at = None
    answer.helpful_at = utcnow()
    events.record(
        user,
        "answer.marked_helpful",
        answer,
        project_id=answer.question.project_id,
        question_id=answer.question_id,
    )
    db.session.flush()


def _hide(post: Question | Answer, project: Project, user: User | None, reason: str) -> bool:
    permissions.require(permissions.can_hide_post(user, project))
    assert user is not None
    reason = _text_reason(reason)
    if post.is_hidden:
        return False
    post.hidden_at = utcnow()
    post.hidden_reason = reason
    post.hidden_as = "curator" if user.is_curator else "owner"
    return True


def _text_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(NO_REASON, field="reason")
    if len(reason) > limits.HIDDEN_REASON:
        raise Invalid(too_long(limits.HIDDEN_REASON), field="reason")
    return reason


def hide_question(question: Question, user: User | None, reason: str) -> None:
    """Hide an abusive question (and with it its answers) for everyone, saying why."""
    if _hide(question, question.project, user, reason):
        events.record(
            user,
            "question.hidden",
            question,
            project_id=question.project_id,
            reason=question.hidden_reason,
        )
        db.session.flush()


def hide_answer(answer: Answer, user: User | None, reason: str) -> None:
    if _hide(answer, answer.question.project, user, reason):
        events.record(
            user,
            "answer.hidden",
            answer,
            project_id=answer.question.project_id,
            question_id=answer.question_id,
            reason=answer.hidden_reason,
        )
        db.session.flush()
