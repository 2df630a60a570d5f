"""/notifications: a user's messages, newest first, unread ones marked."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_required

from registry.extensions import db
from registry.services import notifications
from registry.web import notification_links
from registry.web.boundary import signed_in_viewer
from registry.web.input_guard import GuardedForm
from registry.web.pagination import paginate

bp = Blueprint("notifications", __name__)


class MarkReadForm(GuardedForm):
    """Only the CSRF token: which notification is in the URL."""


@bp.route("/notifications")
@login_required
def index():
    user = signed_in_viewer()
    page = paginate(notifications.query_for(user))
    return render_template(
        "notifications/index.html",
        page=page,
        unread=notifications.unread_count(user),
        text=notifications.text,
        path=notification_links.path,
        form=MarkReadForm(),
    )


@bp.route("/notifications/read", methods=["POST"])
@bp.route("/notifications/<int:notification_id>/read", methods=["POST"])
@login_required
def mark_read(notification_id: int | None = None):
    if not MarkReadForm().validate_on_submit():
        abort(400)
    changed = notifications.mark_read(signed_in_viewer(), notification_id)
    db.session.commit()
    if notification_id is None and changed:
        flash(_("Alle meldingen zijn als gelezen gemarkeerd."), "success")
    return redirect(url_for(".index"))
