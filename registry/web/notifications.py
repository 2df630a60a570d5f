"""/notifications: a user's messages, newest first, filtered by kind; their settings per kind;
one-click unsubscribe."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import login_required
from wtforms import RadioField
from wtforms.fields.choices import SelectChoice

from registry.extensions import csrf, db
from registry.models import MailChannel, User
from registry.services import notifications
from registry.services.notification_kinds import BY_CODE, GROUP_LABELS, Group, Kind, listed
from registry.translation import gettext as _
from registry.translation import lazy_gettext as _l
from registry.web import notification_links, notification_texts, unsubscribe_tokens
from registry.web.boundary import signed_in_viewer
from registry.web.input_guard import GuardedForm
from registry.web.pagination import paginate

bp = Blueprint("notifications", __name__)

CHANNEL_LABELS = {
    MailChannel.IMMEDIATE: _l("Direct per e-mail"),
    MailChannel.DAILY: _l("Dagelijks overzicht"),
    MailChannel.WEEKLY: _l("Wekelijks overzicht"),
    MailChannel.NEVER: _l("Alleen op de site"),
    MailChannel.OFF: _l("Nooit"),
}


class MarkReadForm(GuardedForm):
    """Only the CSRF token: which notification is in the URL."""


@dataclass(frozen=True)
class KindFilter:
    """The kinds the page can be narrowed to, and the one chosen (None: all)."""

    choices: list[tuple[str, str]]
    chosen: str | None


def kind_filter() -> KindFilter:
    wanted = request.args.get("kind") or None
    if wanted not in BY_CODE:
        wanted = None  # an unknown kind in the address shows everything, never an error
    choices = [(kind.code, str(kind.label)) for kind in listed()]
    return KindFilter(choices, wanted)


@bp.route("/notifications")
@login_required
def index():
    user = signed_in_viewer()
    chosen = kind_filter()
    page = paginate(notifications.query_for(user, [chosen.chosen] if chosen.chosen else None))
    return render_template(
        "notifications/index.html",
        page=page,
        unread=notifications.unread_count(user),
        text=notification_texts.text,
        path=notification_links.path,
        form=MarkReadForm(),
        kinds=chosen,
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
    elif changed:
        flash(_("De melding is als gelezen gemarkeerd."), "success")
    kind = request.args.get("kind")
    return redirect(url_for(".index", kind=kind if kind in BY_CODE else None))


# --- Settings per kind ------------------------------------------------------------------


def settings_form(current: dict[str, str], formdata: Any = None) -> GuardedForm:
    """A radio group per listed kind, named after the kind, with the person's channel chosen."""

    class SettingsForm(GuardedForm):
        pass

    choices = [SelectChoice(channel, CHANNEL_LABELS[channel]) for channel in MailChannel.ALL]
    for kind in listed():
        setattr(
            SettingsForm,
            kind.code,
            RadioField(
                str(kind.label),
                choices=choices,
                default=current[kind.code],
                validate_choice=True,
            ),
        )
    return SettingsForm(formdata=formdata)


@dataclass(frozen=True)
class SettingsGroup:
    label: str
    kinds: list[Kind]


def settings_groups() -> list[SettingsGroup]:
    kinds = listed()
    return [
        SettingsGroup(str(GROUP_LABELS[group]), [k for k in kinds if k.group == group])
        for group in Group.ALL
        if any(k.group == group for k in kinds)
    ]


@bp.route("/notifications/settings", methods=["GET", "POST"])
@login_required
def settings():
    user = signed_in_viewer()
    current = notifications.preferences(user)
    form = settings_form(current, request.form if request.method == "POST" else None)
    if form.validate_on_submit():
        wanted = {kind.code: form[kind.code].data for kind in listed()}
        changed = notifications.set_channels(user, wanted)
        db.session.commit()
        if changed:
            flash(_("Uw instellingen voor meldingen zijn opgeslagen."), "success")
        else:
            flash(_("Er is niets gewijzigd."), "info")
        return redirect(url_for(".settings"))
    return render_template(
        "notifications/settings.html",
        form=form,
        groups=settings_groups(),
        channels=[(channel, CHANNEL_LABELS[channel]) for channel in MailChannel.ALL],
    ), (400 if form.errors else 200)


# --- One-click unsubscribe (RFC 8058) -----------------------------------------------------


@bp.route("/notifications/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt
def unsubscribe(token: str):
    """GET asks (mail scanners follow links); POST, from a mail client or the button, does it.

    No CSRF token: a mail client's one-click POST cannot carry one. The signed
    token is the authority, and all it can do is turn one kind of mail (or one
    digest) off for the person it was made for. A forged or damaged token
    changes nothing.
    """
    wanted = unsubscribe_tokens.read(token)
    if wanted is None or not notifications.can_unsubscribe_from(wanted.kind):
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
