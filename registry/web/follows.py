"""Following: the follow and unfollow buttons (POST with CSRF) and the "what I follow" page.

The buttons sit on the pages of what they follow (a pilot, an organisation,
the catalogue, a theme's list of pilots); each carries the target and the
page to return to. Anyone can follow the same things without an account by
Atom feed, linked beside each button.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import login_required
from wtforms import HiddenField, SelectField
from wtforms.fields.choices import SelectChoice

from registry.extensions import db
from registry.models import FollowTarget, Project, User
from registry.models.vocab import THEMES
from registry.services import follows
from registry.services.errors import Invalid
from registry.services.follows import Followed, Target
from registry.translation import gettext as _
from registry.translation import lazy_gettext as _l
from registry.web import labels
from registry.web.auth.redirects import safe_next
from registry.web.boundary import signed_in_viewer, viewer
from registry.web.input_guard import GuardedForm
from registry.web.pagination import paginate

bp = Blueprint("follows", __name__)


class FollowForm(GuardedForm):
    target_type = HiddenField()
    target_key = HiddenField()
    next = HiddenField()


class FollowThemeForm(GuardedForm):
    theme = SelectField(_l("Thema"), choices=[])


@dataclass(frozen=True)
class FollowButton:
    """What a page needs to show a follow or unfollow button for one target."""

    target: Target
    following: bool
    label: str  # what is followed, for the button's accessible name
    feed_url: str | None
    next: str


def button(
    target: Target,
    label: str,
    feed_url: str | None,
    next_url: str,
    user: User | None = None,
) -> FollowButton:
    """For a page's view: one statement for a signed-in member, none for a visitor."""
    user = user if user is not None else viewer()
    return FollowButton(target, follows.is_following(user, target), label, feed_url, next_url)


def project_button(project: Project, user: User | None) -> FollowButton | None:
    """A public pilot's button; None for a draft or a hidden pilot (nobody follows those)."""
    if not project.is_public:
        return None
    return button(
        Target.project(project),
        project.title,
        url_for("feeds.project", slug=project.slug),
        url_for("projects.show", slug=project.slug),
        user,
    )


def _target_from(form: FollowForm) -> Target:
    target_type = form.target_type.data or ""
    if target_type not in FollowTarget.ALL:
        abort(400)
    return Target(target_type, form.target_key.data or "")


def _back(form: FollowForm) -> str:
    return safe_next(form.next.data) or url_for(".index")


@bp.route("/follow", methods=["POST"])
@login_required
def follow():
    form = FollowForm()
    if not form.validate_on_submit():
        abort(400)
    target = _target_from(form)
    try:
        added = follows.follow(signed_in_viewer(), target)
    except Invalid as err:
        db.session.rollback()
        flash(str(err.reason), "error")
        return redirect(_back(form))
    db.session.commit()
    if added:
        flash(_("U volgt dit nu. U krijgt meldingen zoals ingesteld."), "success")
    return redirect(_back(form))


@bp.route("/unfollow", methods=["POST"])
@login_required
def unfollow():
    form = FollowForm()
    if not form.validate_on_submit():
        abort(400)
    removed = follows.unfollow(signed_in_viewer(), _target_from(form))
    db.session.commit()
    if removed:
        flash(_("U volgt dit niet meer."), "success")
    return redirect(_back(form))


@dataclass(frozen=True)
class FollowedLine:
    item: Followed
    title: str
    url: str | None
    feed_url: str | None


def line(item: Followed) -> FollowedLine:
    target = item.target
    if target.type == FollowTarget.PROJECT:
        if not item.slug:
            return FollowedLine(item, _("Een pilot die niet meer zichtbaar is"), None, None)
        return FollowedLine(
            item,
            _("Pilot: %(title)s", title=item.name),
            url_for("projects.show", slug=item.slug),
            url_for("feeds.project", slug=item.slug),
        )
    if target.type == FollowTarget.THEME:
        name = str(labels.label(labels.THEMES, target.key))
        return FollowedLine(
            item,
            _("Thema: %(name)s", name=name),
            url_for("projects.index", theme=target.key),
            url_for("feeds.theme", theme=target.key),
        )
    if target.type == FollowTarget.ORGANISATION:
        if not item.slug:
            return FollowedLine(item, _("Een organisatie die niet meer bestaat"), None, None)
        return FollowedLine(
            item,
            _("Organisatie: %(name)s", name=item.name),
            url_for("organisations.show", code=item.slug),
            url_for("feeds.organisation", code=item.slug),
        )
    return FollowedLine(
        item, _("De catalogus"), url_for("catalogue.index"), url_for("feeds.catalogue")
    )


def theme_choices() -> list[SelectChoice]:
    return [SelectChoice(code, str(labels.THEMES[code])) for code in THEMES]


@bp.route("/following")
@login_required
def index():
    user = signed_in_viewer()
    page = paginate(follows.query_for(user))
    lines = [line(item) for item in follows.describe(page.items)]
    theme_form = FollowThemeForm()
    theme_form.theme.choices = theme_choices()
    return render_template(
        "follows/index.html",
        page=page,
        lines=lines,
        form=FollowForm(),
        theme_form=theme_form,
        catalogue=button(
            Target.catalogue(),
            _("de catalogus"),
            url_for("feeds.catalogue"),
            url_for(".index"),
        ),
    )


@bp.route("/following/theme", methods=["POST"])
@login_required
def follow_theme():
    """The theme picker on the "what I follow" page."""
    form = FollowThemeForm()
    form.theme.choices = theme_choices()
    if not form.validate_on_submit():
        flash(_("Kies een thema uit de lijst."), "error")
        return redirect(url_for(".index"))
    if follows.follow(signed_in_viewer(), Target.theme(form.theme.data)):
        flash(_("U volgt dit nu. U krijgt meldingen zoals ingesteld."), "success")
    db.session.commit()
    return redirect(url_for(".index"))
