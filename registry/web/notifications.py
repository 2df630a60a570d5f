"""/notifications: a user's messages, newest first, unread ones marked; one-click unsubscribe."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from registry.extensions import csrf, db
from registry.models import User
from registry.services import notifications
from registry.web import notification_links, unsubscribe_tokens
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


# --- One-click unsubscribe (RFC 8058) -----------------------------------------------------


@bp.route("/notifications/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt
def unsubscribe(token: str):
    """GET asks (mail scanners follow links); POST, from a mail client or the button, does it.

    No CSRF token: a mail client's one-click POST cannot carry one. The signed
    token is the authority, and all it can do is turn one kind of mail off
    for the person it was made for. A forged or damaged token changes nothing.
    """
    wanted = unsubscribe_tokens.read(token)
    if wanted is None or wanted.kind not in notifications.MESSAGES:
        current_app.logger.info("Rejected unsubscribe link")
        return render_template("notifications/unsubscribe.html", outcome="forged"), 400
    user = db.session.get(User, wanted.user_id)
    if user is None:
        return render_template("notifications/unsubscribe.html", outcome="forged"), 400
    if request.method == "GET":
        return render_template("notifications/unsubscribe.html", outcome="ask")
    changed = notifications.turn_mail_off(user, wanted.kind)
    db.session.commit()
    return render_template(
        "notifications/unsubscribe.html", outcome="done" if changed else "already"
    )
