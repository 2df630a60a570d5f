"""What the questions of a pilot look like on a page, as plain data.

The pilot page shows the newest few (`questions_panel`, two statements: the
questions with their people, then their answers); the questions page shows
them all, a page at a time; the page of one question also carries the forms
its viewer may use. A hidden post reaches no template with its text: only
the placeholder saying who hid it and why.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from registry.models import Answer, Organisation, Project, Question, User
from registry.services import permissions, questions
from registry.services.permissions import Decision
from registry.translation import gettext as _
from registry.web.projects.question_forms import AnswerForm, PostHideForm, QuestionForm

# Questions on the pilot page; the rest are one link away.
ON_PILOT_PAGE = 5


@dataclass(frozen=True)
class AnswerView:
    id: int
    who: str
    when: datetime
    body: str  # empty when hidden
    hidden_note: str  # "Verborgen door …: reden" when hidden, else empty
    helpful: bool
    can_mark_helpful: bool
    hide_form: PostHideForm | None = None


@dataclass(frozen=True)
class QuestionView:
    id: int
    who: str
    when: datetime
    body: str  # empty when hidden
    hidden_note: str
    answers: list[AnswerView]
    can_answer: bool
    answer_form: AnswerForm | None = None
    hide_form: PostHideForm | None = None


@dataclass(frozen=True)
class QuestionsPanel:
    slug: str
    questions: list[QuestionView]
    more: bool  # there are older questions than these
    can_ask: Decision
    ask_form: QuestionForm | None
    can_hide: bool


def _who(author: User | None, organisation: Organisation | None, sees_people: bool) -> str:
    name = organisation.name if organisation else None
    if sees_people and author is not None:
        return f"{author.name} ({name})" if name else author.name
    return name or _("Iemand")


def hidden_note(post: Question | Answer) -> str:
    if not post.is_hidden:
        return ""
    if post.hidden_as == "curator":
        return _("Verborgen door een curator: %(reason)s", reason=post.hidden_reason)
    return _("Verborgen door de eigenaar van de pilot: %(reason)s", reason=post.hidden_reason)


def question_view(
    question: Question,
    viewer: User | None,
    *,
    with_forms: bool = False,
    answer_form: AnswerForm | None = None,
    hide_forms: dict[str, PostHideForm] | None = None,
) -> QuestionView:
    """One question as `viewer` sees it; `with_forms` adds the forms they may use."""
    sees_people = permissions.can_see_contact(viewer)
    can_hide = with_forms and bool(permissions.can_hide_post(viewer, question.project))
    hide_forms = hide_forms or {}

    def hide_form(prefix: str, post: Question | Answer) -> PostHideForm | None:
        if not can_hide or post.is_hidden:
            return None
        return hide_forms.get(prefix) or PostHideForm(formdata=None, prefix=prefix)

    answers = []
    if not question.is_hidden:
        for answer in question.answers:
            answers.append(
                AnswerView(
                    id=answer.id,
                    who=_who(answer.author, answer.organisation, sees_people),
                    when=answer.created_at,
                    body="" if answer.is_hidden else answer.body,
                    hidden_note=hidden_note(answer),
                    helpful=answer.helpful_at is not None and not answer.is_hidden,
                    can_mark_helpful=bool(permissions.can_mark_helpful(viewer, answer))
                    and answer.helpful_at is None,
                    hide_form=hide_form(f"answer-{answer.id}", answer),
                )
            )
    can_answer = bool(permissions.can_answer_question(viewer, question))
    return QuestionView(
        id=question.id,
        who=_who(question.author, question.organisation, sees_people),
        when=question.created_at,
        body="" if question.is_hidden else question.body,
        hidden_note=hidden_note(question),
        answers=answers,
        can_answer=can_answer,
        answer_form=(answer_form or AnswerForm(formdata=None))
        if with_forms and can_answer
        else None,
        hide_form=hide_form(f"question-{question.id}", question),
    )


def questions_panel(
    project: Project,
    viewer: User | None,
    found: Iterable[Question] | None = None,
    more: bool = False,
    ask_form: QuestionForm | None = None,
) -> QuestionsPanel:
    """The questions section; without `found`, the newest few are read here."""
    if found is None:
        found, more = questions.latest(project, ON_PILOT_PAGE)
    can_ask = permissions.can_ask_question(viewer, project)
    return QuestionsPanel(
        slug=project.slug,
        questions=[question_view(q, viewer) for q in found],
        more=more,
        can_ask=can_ask,
        ask_form=(ask_form or QuestionForm(formdata=None)) if can_ask else None,
        can_hide=bool(permissions.can_hide_post(viewer, project)),
    )
