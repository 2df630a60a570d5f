"""A pilot's questions and answers: the list, one question, and asking, answering and hiding.

Every address here answers 404 for a pilot that is not public (a draft, or
hidden by a curator), whoever asks: `questions.public_project` decides.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import login_required

from registry.extensions import db, limiter
from registry.models import Project, Question
from registry.services import permissions, questions
from registry.services.errors import Invalid
from registry.translation import gettext as _
from registry.translation import lazy_gettext as _l
from registry.web.boundary import show_error_at_field, signed_in_viewer, viewer
from registry.web.pagination import paginate
from registry.web.projects import bp
from registry.web.projects.question_forms import AnswerForm, PostHideForm, QuestionForm
from registry.web.projects.question_panel import question_view, questions_panel

# Public posts: enough for a real conversation, too few to flood a pilot's page.
POST_LIMIT = "10/minute"


def _too_many() -> str:
    return str(_l("U heeft dit te vaak geprobeerd. Wacht een minuut en probeer het opnieuw."))


def _render_list(project: Project, ask_form: QuestionForm | None = None) -> str:
    page = paginate(questions.listing_query(project))
    panel = questions_panel(project, viewer(), page.items, page.has_next, ask_form)
    return render_template("projects/questions.html", project=project, panel=panel, page=page)


@bp.route("/projects/<slug>/questions")
def questions_page(slug: str):
    return _render_list(questions.public_project(slug))


@bp.route("/projects/<slug>/questions", methods=["POST"])
@login_required
@limiter.limit(POST_LIMIT, error_message=_too_many)
def ask(slug: str):
    project = questions.public_project(slug)
    user = signed_in_viewer()
    permissions.require(permissions.can_ask_question(user, project))
    form = QuestionForm()
    if form.validate_on_submit():
        try:
            question = questions.ask(project, user, form.body.data or "")
        except Invalid as err:
            db.session.rollback()
            show_error_at_field(form, err)
        else:
            db.session.commit()
            flash(
                _("Uw vraag is geplaatst. De eigenaar en de partners kunnen hem nu beantwoorden."),
                "success",
            )
            return redirect(url_for(".question", slug=slug, question_id=question.id))
    return _render_list(project, form)


def _render_question(
    project: Project,
    question: Question,
    answer_form: AnswerForm | None = None,
    hide_forms: dict[str, PostHideForm] | None = None,
) -> str:
    view = question_view(
        question, viewer(), with_forms=True, answer_form=answer_form, hide_forms=hide_forms
    )
    return render_template("projects/question.html", project=project, question=view)


def _question(slug: str, question_id: int) -> tuple[Project, Question]:
    project = questions.public_project(slug)
    return project, questions.get(project, question_id)


@bp.route("/projects/<slug>/questions/<int:question_id>")
def question(slug: str, question_id: int):
    return _render_question(*_question(slug, question_id))


@bp.route("/projects/<slug>/questions/<int:question_id>/answers", methods=["POST"])
@login_required
@limiter.limit(POST_LIMIT, error_message=_too_many)
def answer(slug: str, question_id: int):
    project, question = _question(slug, question_id)
    user = signed_in_viewer()
    permissions.require(permissions.can_answer_question(user, question))
    form = AnswerForm()
    if form.validate_on_submit():
        try:
            reply = questions.answer(question, user, form.body.data or "")
        except Invalid as err:
            db.session.rollback()
            show_error_at_field(form, err)
        else:
            db.session.commit()
            flash(_("Uw antwoord is geplaatst."), "success")
            return redirect(
                url_for(
                    ".question", slug=slug, question_id=question_id, _anchor=f"answer-{reply.id}"
                )
            )
    return _render_question(project, question, answer_form=form)


@bp.route(
    "/projects/<slug>/questions/<int:question_id>/answers/<int:answer_id>/helpful",
    methods=["POST"],
)
@login_required
def mark_helpful(slug: str, question_id: int, answer_id: int):
    _project, question = _question(slug, question_id)
    questions.mark_helpful(questions.answer_of(question, answer_id), signed_in_viewer())
    db.session.commit()
    flash(_("Bedankt: dit antwoord staat nu als het antwoord dat hielp."), "success")
    return redirect(url_for(".question", slug=slug, question_id=question_id))


def _hide(project: Project, question: Question, prefix: str, hide) -> object:
    user = signed_in_viewer()
    permissions.require(permissions.can_hide_post(user, project))
    form = PostHideForm(prefix=prefix)
    if form.validate_on_submit():
        try:
            hide(user, form.reason.data or "")
        except Invalid as err:
            db.session.rollback()
            show_error_at_field(form, err)
        else:
            db.session.commit()
            flash(
                _("Het bericht is verborgen. De reden staat op de plaats van het bericht."),
                "success",
            )
            return redirect(url_for(".question", slug=project.slug, question_id=question.id))
    return _render_question(project, question, hide_forms={prefix: form})


@bp.route("/projects/<slug>/questions/<int:question_id>/hide", methods=["POST"])
@login_required
def hide_question(slug: str, question_id: int):
    project, question = _question(slug, question_id)
    return _hide(
        project,
        question,
        f"question-{question.id}",
        lambda user, reason: questions.hide_question(question, user, reason),
    )


@bp.route(
    "/projects/<slug>/questions/<int:question_id>/answers/<int:answer_id>/hide", methods=["POST"]
)
@login_required
def hide_answer(slug: str, question_id: int, answer_id: int):
    project, question = _question(slug, question_id)
    reply = questions.answer_of(question, answer_id)
    return _hide(
        project,
        question,
        f"answer-{reply.id}",
        lambda user, reason: questions.hide_answer(reply, user, reason),
    )
